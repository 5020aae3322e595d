"""Countermeasures: what a target's owner does about a month behind plan.

A countermeasure answers one month of one target that is behind plan (red or yellow by the
target's direction). Its life: open → done (on a date), and back (reopened); its words,
owner and due date may be edited and it may be removed. Each step is one reversible edit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import RowMapping

from hoshin.model import entities as e
from hoshin.model.errors import NotFoundError, ValidationError
from hoshin.model.kinds import NodeKind
from hoshin.operations import problem_refs
from hoshin.operations.a3 import forget_links_to
from hoshin.operations.base import UNSET, Operation, Tx
from hoshin.rules import validate
from hoshin.rules.bowling import Status, month_status
from hoshin.rules.finer_months import derived_months
from hoshin.text.formats import number


def _row(tx: Tx, countermeasure_id: int) -> RowMapping:
    c = e.Countermeasure.__table__
    row = tx.session.execute(select(c).where(c.c.id == countermeasure_id)).mappings().first()
    if row is None:
        raise NotFoundError(f"No countermeasure {countermeasure_id} in this plan.")
    return row


def check_month(tx: Tx, node: RowMapping, month: str) -> None:
    """Refuse a countermeasure for a month that is not behind plan, saying why."""
    m = e.Measurement
    figures = tx.session.execute(
        select(m.plan, m.actual).where(m.node_id == node["id"], m.month == month)
    ).first()
    plan, actual = (figures.plan, figures.actual) if figures is not None else (None, None)
    # A month made of daily or weekly values is judged by its derived actual, as charted.
    derived = derived_months(tx.session, [node["id"]], int(month[:4])).get(node["id"], {})
    if month in derived:
        actual = derived[month].value
    code = node["code"]
    if actual is None:
        raise ValidationError(
            f"{code} has no actual for {month}: a countermeasure answers a month behind "
            "plan; record the actual first."
        )
    if plan is None:
        raise ValidationError(
            f"{code} has no plan for {month}: without one the month cannot be behind plan."
        )
    if month_status(node["direction"], plan, actual) is Status.GREEN:
        better = "lower" if node["direction"] == "down" else "higher"
        raise ValidationError(
            f"{code} is green in {month} (actual {number(actual)} against a plan of "
            f"{number(plan)}, {better} is better): a countermeasure answers a month "
            "behind plan."
        )


@dataclass(frozen=True)
class AddCountermeasure(Operation):
    """A countermeasure for a month of a target that is behind plan.

    ``recorded`` takes one as it was written down elsewhere (a workbook read back), even if
    the month's figures have changed since: the record is kept, not judged again.
    """

    code: str
    month: str
    what: str
    owner: str | None = None
    due: dt.date | str | None = None
    recorded: bool = False

    @property
    def label(self) -> str:
        return f"Add a countermeasure to {self.code} for {self.month}"

    def apply(self, tx: Tx) -> int:
        node = tx.node(self.code)
        if node["kind"] != NodeKind.TARGET:
            raise ValidationError(f"Countermeasures are for targets; {node['code']} is not one.")
        month = validate.month(self.month)
        what = validate.title(self.what, "countermeasure")
        owner = tx.person(self.owner)["id"] if self.owner else None
        due = validate.date(self.due, "due date")
        if not self.recorded:
            check_month(tx, node, month)
        return tx.rec.insert_one(
            e.Countermeasure,
            {
                "node_id": node["id"],
                "month": month,
                "what": what,
                "owner_id": owner,
                "due": due,
                "done": False,
            },
        )


@dataclass(frozen=True)
class UpdateCountermeasure(Operation):
    """Change what a countermeasure says, who owns it or when it is due (None clears)."""

    countermeasure_id: int
    what: Any = UNSET
    owner: Any = UNSET
    due: Any = UNSET

    @property
    def label(self) -> str:
        return f"Edit countermeasure {self.countermeasure_id}"

    def apply(self, tx: Tx) -> None:
        if (self.what, self.owner, self.due) == (UNSET, UNSET, UNSET):
            raise ValidationError("Give what, an owner or a due date to change.")
        _row(tx, self.countermeasure_id)
        values: dict[str, Any] = {}
        if self.what is not UNSET:
            values["what"] = validate.title(self.what, "countermeasure")
        if self.owner is not UNSET:
            values["owner_id"] = tx.person(self.owner)["id"] if self.owner else None
        if self.due is not UNSET:
            values["due"] = validate.date(self.due, "due date")
        c = e.Countermeasure
        tx.rec.update_where(e.Countermeasure, values, c.id == self.countermeasure_id)


@dataclass(frozen=True)
class SetCountermeasureDone(Operation):
    """Close a countermeasure on a day (today by default), or reopen it."""

    countermeasure_id: int
    done: bool = True
    on: dt.date | str | None = None

    @property
    def label(self) -> str:
        return f"{'Close' if self.done else 'Reopen'} countermeasure {self.countermeasure_id}"

    def apply(self, tx: Tx) -> None:
        row = _row(tx, self.countermeasure_id)
        if bool(row["done"]) == self.done:
            state = "done" if self.done else "open"
            raise ValidationError(f"Countermeasure {self.countermeasure_id} is {state} already.")
        on = (validate.date(self.on, "date done") or tx.now().date()) if self.done else None
        c = e.Countermeasure
        tx.rec.update_where(
            e.Countermeasure, {"done": self.done, "done_on": on}, c.id == self.countermeasure_id
        )


@dataclass(frozen=True)
class RemoveCountermeasure(Operation):
    """Remove a countermeasure written by mistake (undo brings it back as it was)."""

    countermeasure_id: int

    @property
    def label(self) -> str:
        return f"Remove countermeasure {self.countermeasure_id}"

    def apply(self, tx: Tx) -> None:
        _row(tx, self.countermeasure_id)
        forget_links_to(tx, countermeasure=self.countermeasure_id)
        problem_refs.forget_countermeasure(tx, self.countermeasure_id)
        c = e.Countermeasure
        tx.rec.delete_where(e.Countermeasure, c.id == self.countermeasure_id)
