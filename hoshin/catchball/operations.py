"""Catchball edits: throw a node to the unit below, reply, lock (the reopen on a goal
change is :mod:`hoshin.catchball.reopen`).

Each is a reversible operation like any other edit. Messages are only appended; the
thread row carries the state, round and agreement so lists need no message scan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import RowMapping

from hoshin.catchball.reopen import reopen_after_goal_change
from hoshin.catchball.rules import (
    OFFERS,
    OPEN_STATES,
    Kind,
    Said,
    Side,
    State,
    check,
    next_round,
    next_state,
    standing_offer,
    waiting_side,
)
from hoshin.catchball.threads import append_message, history, side_of, thread_row, unit_names
from hoshin.model import entities as e
from hoshin.model.errors import PermissionDeniedError, ValidationError
from hoshin.model.kinds import Access, EdgeKind, NodeKind, OwnerRole
from hoshin.operations.base import Operation, Tx
from hoshin.operations.links import Link
from hoshin.operations.nodes import AddNode, UpdateNode
from hoshin.operations.org import Assign
from hoshin.rules import validate
from hoshin.text.wording import a


def _speaks_for(tx: Tx, person: RowMapping, unit_id: int | None, doing: str) -> None:
    """On a plan with roles the author must be the person editing (nobody agrees in
    someone else's name), and offers, agreements and locks need a manager of the side
    (``unit_id``; None for talk)."""
    if tx.guard is None:
        return
    if person["id"] != tx.guard.person_id:
        raise PermissionDeniedError(
            f"{tx.guard.person_name} cannot write catchball messages as {person['name']}."
        )
    if unit_id is not None:
        tx.require(unit_id, Access.MANAGER, doing)


@dataclass(frozen=True)
class Throw(Operation):
    """The unit above sends a priority or target to a unit directly below it.

    The thrown node gets a deployed counterpart in the lower unit (reused if one exists):
    a target deploys to the child's own target, a priority to the child's breakthrough.
    """

    code: str
    to_unit: str
    author: str
    value: object = None
    text: str = ""
    draft: bool = False

    @property
    def label(self) -> str:
        return f"Throw {self.code} to {self.to_unit}"

    def apply(self, tx: Tx) -> int:
        node = tx.node(self.code)
        kind = NodeKind(node["kind"])
        if kind not in (NodeKind.PRIORITY, NodeKind.TARGET):
            raise ValidationError(
                f"Catchball is about priorities and targets; {node['code']} is {a(kind.value)}."
            )
        lower = tx.unit(self.to_unit)
        if lower["parent_id"] != node["unit_id"]:
            raise ValidationError(
                f"{lower['code']} is not directly below the unit of {node['code']}; catchball "
                "goes between adjacent levels."
            )
        person = tx.person(self.author)
        if person["unit_id"] != node["unit_id"]:
            raise ValidationError(
                f"{person['name']} is not in the unit that owns {node['code']}; only they throw it."
            )
        _speaks_for(tx, person, node["unit_id"], f"throw {node['code']} to {lower['code']}")
        value = validate.number(self.value, "value")
        t = e.CatchballThread
        open_thread = tx.session.execute(
            select(t.id).where(
                t.node_id == node["id"],
                t.lower_unit_id == lower["id"],
                t.state.notin_([State.WITHDRAWN.value, State.LOCKED.value]),
            )
        ).scalar()
        if open_thread is not None:
            raise ValidationError(
                f"{node['code']} is in catchball with {lower['code']} already "
                f"(thread {open_thread})."
            )
        child = self._counterpart(tx, node, lower, kind, value)
        state = State.DRAFT if self.draft else State.PROPOSED
        thread_id = tx.rec.insert_one(
            e.CatchballThread,
            {
                "node_id": node["id"],
                "child_node_id": child,
                "upper_unit_id": node["unit_id"],
                "lower_unit_id": lower["id"],
                "state": state.value,
                "waiting": (Side.UPPER if self.draft else Side.LOWER).value,
                "round": 1,
                "opened_at": tx.now(),
            },
        )
        append_message(
            tx,
            thread_id,
            kind=Kind.THROW.value,
            author_id=person["id"],
            direction="down",
            round=1,
            state=state.value,
            value=value,
            text=self.text.strip(),
        )
        return thread_id

    def _counterpart(
        self, tx: Tx, node: RowMapping, lower: RowMapping, kind: NodeKind, value: float | None
    ) -> int:
        g = tx.graph
        for child in g.deployed_to(node["id"]):
            if g.node(child).unit_id == lower["id"]:
                return child
        child_kind = NodeKind.TARGET if kind is NodeKind.TARGET else NodeKind.BREAKTHROUGH
        fields: dict[str, Any] = {}
        if child_kind is NodeKind.TARGET:
            fields = {
                "unit_of_measure": node["unit_of_measure"],
                "direction": node["direction"],
                "baseline": node["baseline"],
                "goal": value if value is not None else node["goal"],
                "aggregation": node["aggregation"],
            }
        code = tx.run(AddNode(child_kind, lower["code"], node["title"], fields))
        tx.run(Link(node["code"], code, kind=EdgeKind.DEPLOYS))
        return tx.graph.id_of(code)


@dataclass(frozen=True)
class Reply(Operation):
    """A message in a thread: comment, question, proposal, counter, agree, reject, withdraw."""

    thread_id: int
    kind: Kind | str
    author: str
    value: object = None
    text: str = ""
    due: object = None
    owner: str | None = None
    resources: str = ""

    @property
    def label(self) -> str:
        return f"Catchball {self.kind} in thread {self.thread_id}"

    def apply(self, tx: Tx) -> int:
        kind = validate.choice(Kind, self.kind, "message kind")
        if kind in (Kind.THROW, Kind.REOPEN):
            raise ValidationError(
                f"{a(kind.value).capitalize()} is not a reply; use throw to start a thread."
            )
        thread = thread_row(tx, self.thread_id)
        person = tx.person(self.author)
        side = side_of(thread, person["unit_id"], person["id"])
        assert side is not None
        said = history(tx, thread)
        upper, lower = unit_names(tx, thread)
        state = State(thread["state"])
        check(state, kind, side, [s for s, _ in said], upper, lower)
        unit = thread["upper_unit_id"] if side is Side.UPPER else thread["lower_unit_id"]
        talk = kind in (Kind.COMMENT, Kind.QUESTION)  # anyone may talk, in their own name
        _speaks_for(
            tx, person, None if talk else unit, f"send {a(kind.value)} in thread {thread['id']}"
        )
        value = validate.number(self.value, "value")
        due = validate.date(self.due, "date")
        owner = tx.person(self.owner)["id"] if self.owner else None
        says_something = (value, due, owner) != (None, None, None) or bool(
            self.resources.strip() or self.text.strip()
        )
        if kind in (Kind.PROPOSAL, Kind.COUNTER) and not says_something:
            raise ValidationError(
                f"{a(kind.value).capitalize()} needs a value, a date, an owner, resources or words."
            )
        new_state = next_state(state, kind, side)
        round_ = next_round(thread["round"], kind, side, [s for s, _ in said])
        waiting = waiting_side(new_state, [*(s for s, _ in said), Said(kind, side)])
        updates: dict[str, Any] = {
            "state": new_state.value,
            "round": round_,
            "waiting": waiting.value if waiting else None,
        }
        if kind is Kind.AGREE:
            offer = said[standing_offer([s for s, _ in said]) or 0][1]
            updates |= {"agreed_at": tx.now(), "agreed_value": offer["value"]}
            self._apply_agreement(tx, thread, offer)
        tx.rec.update_where(e.CatchballThread, updates, e.CatchballThread.id == thread["id"])
        return append_message(
            tx,
            thread["id"],
            kind=kind.value,
            author_id=person["id"],
            direction=side.direction,
            round=round_,
            state=new_state.value,
            value=value,
            due=due,
            owner_id=owner,
            resources=self.resources.strip(),
            text=self.text.strip(),
        )

    @staticmethod
    def _apply_agreement(tx: Tx, thread: RowMapping, offer: RowMapping) -> None:
        """The agreed value becomes the child's goal; an agreed owner and date come too."""
        child = thread["child_node_id"]
        if child is None:
            return
        code = tx.graph.code(child)
        fields: dict[str, Any] = {}
        if offer["value"] is not None and tx.graph.node(child).kind is NodeKind.TARGET:
            fields["goal"] = offer["value"]
        if offer["due"] is not None:
            fields["due_date"] = offer["due"]
        if fields:
            tx.run(UpdateNode(code, fields))
        if offer["owner_id"] is not None and tx.graph.node(child).kind is NodeKind.TARGET:
            key = tx.session.execute(
                select(e.Person.key).where(e.Person.id == offer["owner_id"])
            ).scalar()
            tx.run(Assign(code, str(key), OwnerRole.PRIMARY))


@dataclass(frozen=True)
class Lock(Operation):
    """The unit above locks an agreement: the child's goal becomes its committed baseline."""

    thread_id: int
    author: str

    @property
    def label(self) -> str:
        return f"Lock catchball thread {self.thread_id}"

    def apply(self, tx: Tx) -> int:
        thread = thread_row(tx, self.thread_id)
        person = tx.person(self.author)
        side = side_of(thread, person["unit_id"], person["id"])
        assert side is not None
        said = [s for s, _ in history(tx, thread)]
        upper, lower = unit_names(tx, thread)
        check(State(thread["state"]), Kind.LOCK, side, said, upper, lower)
        _speaks_for(tx, person, thread["upper_unit_id"], f"lock catchball thread {thread['id']}")
        parent = tx.session.execute(
            select(e.Node.goal).where(e.Node.id == thread["node_id"])
        ).scalar()
        if thread["child_node_id"] is not None:
            goal = tx.session.execute(
                select(e.Node.goal).where(e.Node.id == thread["child_node_id"])
            ).scalar()
            tx.rec.update_where(
                e.Node, {"committed_goal": goal}, e.Node.id == thread["child_node_id"]
            )
        tx.rec.update_where(
            e.CatchballThread,
            {"state": State.LOCKED.value, "locked_parent_goal": parent, "waiting": None},
            e.CatchballThread.id == thread["id"],
        )
        return append_message(
            tx,
            thread["id"],
            kind=Kind.LOCK.value,
            author_id=person["id"],
            direction="down",
            round=thread["round"],
            state=State.LOCKED.value,
        )


__all__ = [
    "OFFERS",
    "OPEN_STATES",
    "Lock",
    "Reply",
    "Throw",
    "history",
    "reopen_after_goal_change",
    "side_of",
    "thread_row",
]
