"""Monthly figures of targets and the sustainment of finished kaizens."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select

from hoshin import entities as e
from hoshin import validate
from hoshin.errors import HoshinError, NotFoundError, ValidationError
from hoshin.kinds import CheckResult, KaizenStatus, NodeKind
from hoshin.operations.base import Operation, Tx
from hoshin.steps import chunks

_UNSET = object()


@dataclass(frozen=True)
class SetMeasurement(Operation):
    """Record the plan and/or actual of a target for a month (``None`` clears it)."""

    code: str
    month: str
    plan: object = _UNSET
    actual: object = _UNSET

    @property
    def label(self) -> str:
        return f"Record {self.month} of {self.code}"

    def apply(self, tx: Tx) -> None:
        node = tx.node(self.code)
        if node["kind"] != NodeKind.TARGET:
            raise ValidationError(f"Monthly figures are for targets; {node['code']} is not one.")
        month = validate.month(self.month)
        values = {}
        if self.plan is not _UNSET:
            values["plan"] = validate.number(self.plan, "plan")
        if self.actual is not _UNSET:
            values["actual"] = validate.number(self.actual, "actual")
        if not values:
            raise ValidationError("Give a plan or an actual value.")
        m = e.Measurement
        where = (m.node_id == node["id"], m.month == month)
        if tx.session.execute(select(m.id).where(*where)).first():
            tx.rec.update_where("measurements", values, *where)
        else:
            tx.rec.insert_one("measurements", {"node_id": node["id"], "month": month, **values})


def _kaizen(tx: Tx, code: str) -> dict:
    node = dict(tx.node(code))
    if node["kind"] != NodeKind.KAIZEN:
        raise ValidationError(f"{node['code']} is not a kaizen.")
    return node


def _result(value: CheckResult | str | None) -> CheckResult | None:
    return None if value is None else validate.choice(CheckResult, value, "result")


def _regress_if_slipped(tx: Tx, kaizen_id: int, result: CheckResult | None) -> None:
    if result is CheckResult.SLIPPED:
        tx.rec.update_where(
            "nodes",
            {"status": KaizenStatus.REGRESSED.value},
            e.Node.id == kaizen_id,
            e.Node.status.in_([KaizenStatus.DONE.value, KaizenStatus.SUSTAINED.value]),
        )


@dataclass(frozen=True)
class AddCheck(Operation):
    """Plan a sustainment check of a kaizen, or record one that took place."""

    code: str
    due: dt.date | str
    result: CheckResult | str | None = None
    on: dt.date | str | None = None

    @property
    def label(self) -> str:
        return f"Plan a sustainment check of {self.code}"

    def apply(self, tx: Tx) -> int:
        kaizen = _kaizen(tx, self.code)
        due = validate.date(self.due, "check's due date")
        if due is None:
            raise ValidationError("A sustainment check needs a due date.")
        result = _result(self.result)
        check_id = tx.rec.insert_one(
            "sustainment_checks",
            {
                "kaizen_id": kaizen["id"],
                "due": due,
                "result": result.value if result else None,
                "checked_on": (validate.date(self.on, "check date") or due) if result else None,
            },
        )
        _regress_if_slipped(tx, kaizen["id"], result)
        return check_id


@dataclass(frozen=True)
class RecordCheck(Operation):
    """Record whether the gain held; a slip sends a finished kaizen to ``regressed``."""

    check_id: int
    result: CheckResult | str | None
    on: dt.date | str | None = None
    note: str = ""

    @property
    def label(self) -> str:
        return f"Record sustainment check {self.check_id}"

    def apply(self, tx: Tx) -> None:
        c = e.SustainmentCheck
        row = tx.session.execute(select(c.kaizen_id).where(c.id == self.check_id)).first()
        if row is None:
            raise NotFoundError(f"No sustainment check {self.check_id} in this plan.")
        result = _result(self.result)
        on = validate.date(self.on, "check date") if result else None
        tx.rec.update_where(
            "sustainment_checks",
            {
                "result": result.value if result else None,
                "checked_on": on,
                "note": self.note.strip(),
            },
            c.id == self.check_id,
        )
        _regress_if_slipped(tx, row[0], result)


@dataclass(frozen=True)
class AddActionItem(Operation):
    code: str
    title: str
    owner: str | None = None
    due: dt.date | str | None = None
    done_on: dt.date | str | None = None  # an item closed already (sample plans, imports)

    @property
    def label(self) -> str:
        return f"Add an action item to {self.code}"

    def apply(self, tx: Tx) -> int:
        kaizen = _kaizen(tx, self.code)
        owner_id = tx.person(self.owner)["id"] if self.owner else None
        return tx.rec.insert_one(
            "action_items",
            {
                "kaizen_id": kaizen["id"],
                "title": validate.title(self.title, "action item"),
                "owner_id": owner_id,
                "due": validate.date(self.due, "due date"),
                "done": self.done_on is not None,
                "done_on": validate.date(self.done_on, "date done"),
            },
        )


@dataclass(frozen=True)
class SetActionItemDone(Operation):
    item_id: int
    done: bool = True
    on: dt.date | str | None = None

    @property
    def label(self) -> str:
        return f"{'Close' if self.done else 'Reopen'} action item {self.item_id}"

    def apply(self, tx: Tx) -> None:
        a = e.ActionItem
        if tx.session.execute(select(a.id).where(a.id == self.item_id)).first() is None:
            raise NotFoundError(f"No action item {self.item_id} in this plan.")
        on = validate.date(self.on, "date") if self.done else None
        tx.rec.update_where(
            "action_items", {"done": self.done, "done_on": on}, a.id == self.item_id
        )


class FiguresSet(NamedTuple):
    """What :class:`SetMeasurements` did: figures given, and how many were so already."""

    given: int
    unchanged: int


@dataclass(frozen=True)
class SetMeasurements(Operation):
    """Many months of figures in one edit, all or nothing (``hoshin measure --csv``).

    ``rows`` are (line, code, month, plan, actual); a plan or actual of None is left as
    it is. A refusal names the line. Codes resolve in memory and the existing months are
    read in one query per chunk: a year of 2,000 targets is one edit, not 24,000 lookups.
    """

    rows: Sequence[tuple[int, str, str, object, object]]
    source: str = "a file"

    @property
    def label(self) -> str:
        return f"Record {len(self.rows)} monthly figures from {self.source}"

    def apply(self, tx: Tx) -> FiguresSet:
        wanted: dict[tuple[int, str], tuple[int, dict[str, float | None]]] = {}
        for line, code, month, plan, actual in self.rows:
            try:
                node = tx.graph.node(tx.graph.id_of(code))
                if node.kind is not NodeKind.TARGET:
                    raise ValidationError(
                        f"Monthly figures are for targets; {node.code} is not one."
                    )
                values = {
                    k: validate.number(v, k)
                    for k, v in (("plan", plan), ("actual", actual))
                    if v is not None and str(v).strip() != ""
                }
                if not values:
                    raise ValidationError("Give a plan or an actual value.")
                key = (node.id, validate.month(month))
            except HoshinError as exc:
                raise ValidationError(f"Line {line}: {exc}") from None
            if key in wanted:
                first = wanted[key][0]
                raise ValidationError(
                    f"Line {line}: {code.strip().upper()} {key[1]} was given on line {first} too."
                )
            wanted[key] = (line, values)
        m = e.Measurement
        # What is stored already, in one query per 500 targets: a figure given again with
        # the same value is no write at all (a file recorded twice changes nothing).
        existing: dict[tuple[int, str], tuple[int, dict[str, float | None]]] = {}
        node_ids = sorted({node_id for node_id, _month in wanted})
        for batch in chunks(node_ids):
            for row_id, node_id, month, plan, actual in tx.session.execute(
                select(m.id, m.node_id, m.month, m.plan, m.actual).where(m.node_id.in_(batch))
            ):
                existing[(int(node_id), str(month))] = (
                    int(row_id),
                    {"plan": plan, "actual": actual},
                )
        fresh = [
            {"node_id": node_id, "month": month, **values}
            for (node_id, month), (_line, values) in wanted.items()
            if (node_id, month) not in existing
        ]
        if fresh:
            tx.rec.insert_new("measurements", fresh)
        unchanged = 0
        for key, (_line, values) in wanted.items():
            if key in existing:
                row_id, stored = existing[key]
                if any(stored[k] != v for k, v in values.items()):
                    tx.rec.update_where("measurements", values, m.id == row_id)
                else:
                    unchanged += 1
        return FiguresSet(len(wanted), unchanged)
