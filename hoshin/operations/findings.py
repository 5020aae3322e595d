"""Findings of a routine (what a leader saw on a gemba walk) and what they become.

A finding is written on a done occurrence, in the unit visited. In one action it becomes a
kaizen idea in that unit (its origin chosen honestly: raised by the team, by the leader, or
jointly; findings.kaizen_id links them) or an action item (the finding itself with an owner
and a due date, later marked done). A kaizen is added under the kaizen's own permission
rule (a member of the visited unit), whoever wrote the finding.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import RowMapping

from hoshin.model import entities as e
from hoshin.model.errors import NotFoundError, ValidationError
from hoshin.model.kinds import AnswerState, FindingOutcome, NodeKind, Origin
from hoshin.operations.base import Operation, Tx
from hoshin.operations.nodes import AddNode
from hoshin.operations.routines import answer_row, occurrence_of
from hoshin.rules import validate


def finding_row(tx: Tx, finding_id: int) -> RowMapping:
    t = e.Finding.__table__
    row = tx.session.execute(select(t).where(t.c.id == finding_id)).mappings().first()
    if row is None:
        raise NotFoundError(f"No finding {finding_id} in this plan.")
    return row


# What a finding became, as the refusal says it ("an action item", not "a action").
BECAME = {"kaizen": "a kaizen", "problem": "a problem", "action": "an action item"}


def _open(row: RowMapping) -> None:
    if row["outcome"] is not None:
        became = BECAME.get(row["outcome"], row["outcome"])
        raise ValidationError(f"Finding {row['id']} became {became} already.")


@dataclass(frozen=True)
class AddFinding(Operation):
    """A finding written during a done occurrence, in the unit visited (the routine's own
    unit when not given)."""

    routine_id: int
    day: dt.date | str | None
    text: str
    unit: str | None = None

    @property
    def label(self) -> str:
        return f"Add a finding to routine {self.routine_id}"

    def apply(self, tx: Tx) -> int:
        routine, when = occurrence_of(tx, self.routine_id, self.day)
        answer = answer_row(tx, routine["id"], when)
        if answer is None or answer["state"] != AnswerState.DONE:
            said = "not answered" if answer is None else answer["state"]
            raise ValidationError(
                f"Routine {routine['id']} on {when.isoformat()} is {said}: findings are "
                "written on a done occurrence; record it done first."
            )
        unit_id = tx.unit(self.unit)["id"] if self.unit else routine["unit_id"]
        return tx.rec.insert_one(
            e.Finding,
            {
                "answer_id": answer["id"],
                "unit_id": unit_id,
                "text": validate.title(self.text, "finding"),
                "done": False,
            },
        )


@dataclass(frozen=True)
class RemoveFinding(Operation):
    """Remove a finding written by mistake (a kaizen it became stays)."""

    finding_id: int

    @property
    def label(self) -> str:
        return f"Remove finding {self.finding_id}"

    def apply(self, tx: Tx) -> None:
        finding_row(tx, self.finding_id)
        tx.rec.delete_where(e.Finding, e.Finding.id == self.finding_id)


@dataclass(frozen=True)
class FindingToKaizen(Operation):
    """Turn a finding into a kaizen idea in the unit visited, linked to it. ``origin``:
    bottom-up (raised by the team), top-down (by the leader) or joint. ``existing``: the
    finding is a kaizen of the visited unit already (its code): the two are linked only."""

    finding_id: int
    origin: str | None
    title: str | None = None  # the finding's text when not given
    existing: str | None = None

    @property
    def label(self) -> str:
        return f"Make finding {self.finding_id} a kaizen"

    def done_label(self, result: Any) -> str:
        return f"Make finding {self.finding_id} kaizen {result}"

    def apply(self, tx: Tx) -> str:
        row = finding_row(tx, self.finding_id)
        _open(row)
        unit = tx.session.execute(select(e.Unit.code).where(e.Unit.id == row["unit_id"])).scalar()
        if self.existing:
            node = tx.node(self.existing)
            if node["kind"] != NodeKind.KAIZEN or node["unit_id"] != row["unit_id"]:
                raise ValidationError(
                    f"{node['code']} is not a kaizen of {unit}, the unit the finding was in."
                )
            code, node_id = str(node["code"]), int(node["id"])
        else:
            if self.origin is None:
                raise ValidationError("Say where the idea came from: bottom-up, top-down, joint.")
            origin = validate.choice(Origin, self.origin, "origin")
            code = tx.run(
                AddNode(NodeKind.KAIZEN, str(unit), self.title or row["text"], {"origin": origin})
            )
            node_id = tx.graph.id_of(code)
        tx.rec.update_where(
            e.Finding,
            {"outcome": FindingOutcome.KAIZEN.value, "kaizen_id": node_id},
            e.Finding.id == row["id"],
        )
        return code


@dataclass(frozen=True)
class FindingToAction(Operation):
    """Turn a finding into an action item: the finding itself with an owner and a due date."""

    finding_id: int
    owner: str
    due: dt.date | str

    @property
    def label(self) -> str:
        return f"Make finding {self.finding_id} an action item"

    def apply(self, tx: Tx) -> None:
        row = finding_row(tx, self.finding_id)
        _open(row)
        owner = tx.person(self.owner)["id"]
        due = validate.date(self.due, "due date")
        if due is None:
            raise ValidationError("An action item needs a due date.")
        tx.rec.update_where(
            e.Finding,
            {"outcome": FindingOutcome.ACTION.value, "owner_id": owner, "due": due},
            e.Finding.id == row["id"],
        )


@dataclass(frozen=True)
class SetFindingDone(Operation):
    """Close a finding's action item on a day (today by default), or reopen it."""

    finding_id: int
    done: bool = True
    on: dt.date | str | None = None

    @property
    def label(self) -> str:
        return f"{'Close' if self.done else 'Reopen'} the action of finding {self.finding_id}"

    def apply(self, tx: Tx) -> None:
        row = finding_row(tx, self.finding_id)
        if row["outcome"] != FindingOutcome.ACTION:
            raise ValidationError(
                f"Finding {row['id']} is not an action item: make it one first (owner, due)."
            )
        if bool(row["done"]) == self.done:
            raise ValidationError(
                f"The action of finding {row['id']} is {'done' if self.done else 'open'} already."
            )
        on = (validate.date(self.on, "date done") or tx.now().date()) if self.done else None
        tx.rec.update_where(
            e.Finding, {"done": self.done, "done_on": on}, e.Finding.id == row["id"]
        )
