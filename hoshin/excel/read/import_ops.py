"""Operations the import needs beyond a person's edits, each as reversible as any other.

A workbook carries records a person never types in one go: a person's key, a check with its
note, a closed action item without a date, a catchball history with its own times. These
operations restore them through the same recorder as every edit; everything else the
import does goes through the ordinary operations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from hoshin.excel.errors import ImportFailed
from hoshin.model import entities as e
from hoshin.model.errors import HoshinError, ValidationError
from hoshin.model.kinds import KaizenStatus
from hoshin.operations import AddActionItem, AddCheck, Operation, RecordCheck, SetActionItemDone
from hoshin.operations.a3 import LinkA3
from hoshin.operations.base import Tx
from hoshin.operations.countermeasures import AddCountermeasure, SetCountermeasureDone
from hoshin.rules import lifecycle, validate

CHUNK = 2000


@dataclass(frozen=True)
class At(Operation):
    """Runs ``op``; an error names the cell it came from (``Kaizens!B7: …``).

    ``done`` is called after the operation, for the import's progress.
    """

    op: Operation
    where: str
    done: Callable[[], None] | None = None

    @property
    def label(self) -> str:
        return self.op.label

    def apply(self, tx: Tx) -> Any:
        try:
            result = tx.run(self.op)
        except HoshinError as exc:
            if isinstance(exc, ImportFailed):
                raise
            raise ImportFailed(f"{self.where}: {exc}") from exc
        if self.done is not None:
            self.done()
        return result


@dataclass(frozen=True)
class ImportPerson(Operation):
    """A person with the key the workbook gives (``P-17``), so references keep pointing."""

    key: str
    name: str
    unit: str
    email: str | None = None  # where reminders reach them (UpdatePerson's check)

    @property
    def label(self) -> str:
        return f"Add person {self.name}"

    def apply(self, tx: Tx) -> str:
        key = self.key.strip().upper()
        if not key:
            raise ValidationError("A person needs a key.")
        p = e.Person
        if tx.session.execute(select(p.id).where(p.key == key)).first() is not None:
            raise ValidationError(f"The key {key} is given to two people.")
        tx.rec.insert_one(
            e.Person,
            {
                "key": key,
                "name": validate.title(self.name, "name"),
                "unit_id": tx.unit(self.unit)["id"],
                "email": validate.email(self.email),
            },
        )
        return key


@dataclass(frozen=True)
class ImportCheck(Operation):
    """A sustainment check as recorded: due, result, date and note."""

    code: str
    due: dt.date | str
    result: str | None
    on: dt.date | str | None
    note: str = ""
    owner: str | None = None

    @property
    def label(self) -> str:
        return f"Add a sustainment check of {self.code}"

    def apply(self, tx: Tx) -> int:
        check_id = int(tx.run(AddCheck(self.code, self.due, owner=self.owner)))
        if self.result is not None or self.note:
            tx.run(RecordCheck(check_id, self.result, self.on, self.note))
        return check_id


@dataclass(frozen=True)
class RestoreStatus(Operation):
    """A finished kaizen enters the status the workbook gives, after its checks came in.

    The lifecycle rule holds as for any move, except that no check is proposed: the
    workbook's checks are the kaizen's history, and a round trip adds nothing to it.
    """

    code: str
    status: KaizenStatus

    @property
    def label(self) -> str:
        return f"Restore the status of {self.code}"

    def apply(self, tx: Tx) -> None:
        row = tx.node(self.code)
        old = KaizenStatus(row["status"])
        values = lifecycle.before(tx, row["code"], row["id"], self.status, dict(row))
        tx.rec.update_where(e.Node, {**values, "status": self.status.value}, e.Node.id == row["id"])
        lifecycle.after(tx, row["code"], row["id"], old, self.status, propose=False)


@dataclass(frozen=True)
class ImportActionItem(Operation):
    code: str
    title: str
    owner: str | None
    due: dt.date | str | None
    done: bool
    done_on: dt.date | str | None

    @property
    def label(self) -> str:
        return f"Add an action item to {self.code}"

    def apply(self, tx: Tx) -> int:
        item = int(tx.run(AddActionItem(self.code, self.title, self.owner, self.due, self.done_on)))
        if self.done and self.done_on is None:
            tx.run(SetActionItemDone(item, True, None))
        return item


@dataclass(frozen=True)
class ImportCountermeasure(Operation):
    """A countermeasure as recorded, closed or not."""

    code: str
    month: str
    what: str
    owner: str | None
    due: dt.date | str | None
    done: bool
    done_on: dt.date | str | None = None

    @property
    def label(self) -> str:
        return f"Add a countermeasure to {self.code} for {self.month}"

    def apply(self, tx: Tx) -> int:
        found = int(
            tx.run(
                AddCountermeasure(
                    self.code, self.month, self.what, self.owner, self.due, recorded=True
                )
            )
        )
        if self.done:
            tx.run(SetCountermeasureDone(found, True, self.done_on))
        return found


@dataclass(frozen=True)
class ImportA3Link(Operation):
    """An A3's link to a countermeasure, named as the A3s sheet names it: the target and
    month (``KPI-3 2026-05``) and the countermeasure's words."""

    code: str
    link: str
    what: str

    @property
    def label(self) -> str:
        return f"Link a countermeasure to the A3 of {self.code}"

    def apply(self, tx: Tx) -> None:
        target, _, month = self.link.strip().partition(" ")
        c = e.Countermeasure
        found = tx.session.execute(
            select(c.id)
            .where(
                c.node_id == tx.node(target)["id"],
                c.month == month.strip(),
                c.what == self.what,
            )
            .order_by(c.id)
        ).scalar()
        if found is None:
            raise ValidationError(
                f"No countermeasure of {target} for {month.strip() or '?'} says “{self.what}”."
            )
        tx.run(LinkA3(self.code, countermeasure=int(found)))


@dataclass(frozen=True)
class SetCommittedGoal(Operation):
    """The goal a locked catchball agreement froze (what ``Lock`` wrote)."""

    code: str
    value: float

    @property
    def label(self) -> str:
        return f"Restore the committed goal of {self.code}"

    def apply(self, tx: Tx) -> None:
        node = tx.node(self.code)
        tx.rec.update_where(e.Node, {"committed_goal": self.value}, e.Node.id == node["id"])


@dataclass(frozen=True)
class Message:
    at: dt.datetime
    direction: str | None
    author: str | None  # a person's key; None for Hoshin's own messages
    kind: str
    value: float | None
    due: dt.date | None
    owner: str | None
    resources: str
    text: str
    round: int
    state: str


@dataclass(frozen=True)
class Thread:
    id: int
    node: str
    child: str | None
    upper: str  # unit codes
    lower: str
    state: str
    waiting: str | None
    round: int
    opened_at: dt.datetime
    agreed_at: dt.datetime | None
    agreed_value: float | None
    locked: bool
    messages: Sequence[Message] = field(default_factory=tuple)


@dataclass(frozen=True)
class ImportCatchball(Operation):
    """Catchball threads with their messages, as they happened (times, authors, rounds).

    Replaying Throw and Reply would stamp every message with the import's time and redo
    agreements that already changed the goals; the history is written as it stands.
    """

    threads: Sequence[Thread]

    @property
    def label(self) -> str:
        return "Restore the catchball history"

    def apply(self, tx: Tx) -> int:
        people: dict[str, int] = {}
        units: dict[str, int] = {}

        def person(key: str | None) -> int | None:
            if key is None:
                return None
            if key not in people:
                people[key] = int(tx.person(key)["id"])
            return people[key]

        def unit(code: str) -> int:
            if code not in units:
                units[code] = int(tx.unit(code)["id"])
            return units[code]

        thread_rows: list[dict[str, Any]] = []
        message_rows: list[dict[str, Any]] = []
        next_message = tx.rec.next_id(e.CatchballMessage)
        for t in self.threads:
            node_id = tx.graph.id_of(t.node)
            parent_goal = None
            if t.locked:
                parent_goal = tx.session.execute(
                    select(e.Node.goal).where(e.Node.id == node_id)
                ).scalar()
            thread_rows.append(
                {
                    "id": t.id,
                    "node_id": node_id,
                    "child_node_id": tx.graph.id_of(t.child) if t.child else None,
                    "upper_unit_id": unit(t.upper),
                    "lower_unit_id": unit(t.lower),
                    "state": t.state,
                    "waiting": t.waiting,
                    "round": t.round,
                    "opened_at": t.opened_at,
                    "agreed_at": t.agreed_at,
                    "agreed_value": t.agreed_value,
                    "locked_parent_goal": parent_goal,
                }
            )
            for m in t.messages:
                message_rows.append(
                    {
                        "id": next_message,
                        "thread_id": t.id,
                        "kind": m.kind,
                        "author_id": person(m.author),
                        "direction": m.direction,
                        "round": m.round,
                        "state": m.state,
                        "value": m.value,
                        "due": m.due,
                        "owner_id": person(m.owner),
                        "resources": m.resources,
                        "text": m.text,
                        "created_at": m.at,
                    }
                )
                next_message += 1
        for start in range(0, len(thread_rows), CHUNK):
            tx.rec.insert(e.CatchballThread, thread_rows[start : start + CHUNK])
        for start in range(0, len(message_rows), CHUNK):
            tx.rec.insert(e.CatchballMessage, message_rows[start : start + CHUNK])
        return len(message_rows)


@dataclass(frozen=True)
class ImportStatus(Operation):
    """A kaizen of another year takes the status it had (the Years sheet): that year's
    checks are not in the workbook, so the lifecycle's move is not asked again."""

    code: str
    status: KaizenStatus

    @property
    def label(self) -> str:
        return f"Restore the status of {self.code}"

    def apply(self, tx: Tx) -> None:
        row = tx.node(self.code)
        tx.rec.update_where(e.Node, {"status": self.status.value}, e.Node.id == row["id"])


@dataclass(frozen=True)
class ImportCarried(Operation):
    """Link each carried node to the node of the year it was carried from (previous_id),
    by (year, code) pairs: ``(2027, "KPI-1", 2026, "KPI-1")``."""

    pairs: tuple[tuple[int, str, int, str], ...]

    @property
    def label(self) -> str:
        return "Link the carried nodes to last year's"

    def apply(self, tx: Tx) -> None:
        n = e.Node.__table__.c
        wanted = {(y, c) for y, c, _fy, _fc in self.pairs} | {(y, c) for _y, _c, y, c in self.pairs}
        ids = {
            (y, c): i
            for i, y, c in tx.session.execute(
                select(n.id, n.year, n.code).where(n.year.in_({y for y, _c in wanted}))
            )
            if (y, c) in wanted
        }
        for year, code, from_year, from_code in self.pairs:
            node, before = ids.get((year, code)), ids.get((from_year, from_code))
            if node is None or before is None:
                continue  # a node left out of the workbook (a unit's export)
            tx.rec.update_where(e.Node, {"previous_id": before}, e.Node.id == node)
