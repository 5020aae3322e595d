"""The sustainment of a finished kaizen: its checks (held or slipped) and its action items.

A check's result feeds the kaizen's lifecycle (:mod:`hoshin.rules.lifecycle`): a slip regresses
a done or sustained kaizen in the same edit, so the undo of the record undoes the move.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import RowMapping

from hoshin.model import entities as e
from hoshin.model.errors import NotFoundError, ValidationError
from hoshin.model.kinds import CheckResult, NodeKind
from hoshin.operations.base import UNSET, Operation, Tx
from hoshin.rules import lifecycle, validate

#: "Leave as it is" for an edit's optional fields (``None`` clears a field).


def _kaizen(tx: Tx, code: str) -> RowMapping:
    node = tx.node(code)
    if node["kind"] != NodeKind.KAIZEN:
        kind = NodeKind(node["kind"]).label.lower()
        raise ValidationError(f"Sustainment is kept for kaizens; {node['code']} is a {kind}.")
    return node


def _result(value: CheckResult | str | None) -> CheckResult | None:
    return None if value is None else validate.choice(CheckResult, value, "result")


def _owner(tx: Tx, who: str | None) -> int | None:
    return int(tx.person(who)["id"]) if who and who.strip() else None


def _note(text: str | None) -> str:
    note = (text or "").strip()
    if len(note) > 2000:
        raise ValidationError(f"The note is {len(note)} characters; at most 2000.")
    return note


def _check(tx: Tx, check_id: int) -> RowMapping:
    t = e.SustainmentCheck.__table__
    row = tx.session.execute(select(t).where(t.c.id == check_id)).mappings().first()
    if row is None:
        raise NotFoundError(f"No sustainment check {check_id} in this plan.")
    return row


def _item(tx: Tx, item_id: int) -> RowMapping:
    t = e.ActionItem.__table__
    row = tx.session.execute(select(t).where(t.c.id == item_id)).mappings().first()
    if row is None:
        raise NotFoundError(f"No action item {item_id} in this plan.")
    return row


def _code_of(tx: Tx, kaizen_id: int) -> str:
    return tx.graph.code(kaizen_id)


@dataclass(frozen=True)
class AddCheck(Operation):
    """Plan a sustainment check of a kaizen, or record one that took place."""

    code: str
    due: dt.date | str
    result: CheckResult | str | None = None
    on: dt.date | str | None = None
    owner: str | None = None
    note: str = ""

    @property
    def label(self) -> str:
        return f"Plan a sustainment check of {self.code.strip().upper()}"

    def apply(self, tx: Tx) -> int:
        kaizen = _kaizen(tx, self.code)
        due = validate.date(self.due, "check's due date")
        if due is None:
            raise ValidationError("A sustainment check needs a due date.")
        result = _result(self.result)
        check_id = tx.rec.insert_one(
            e.SustainmentCheck,
            {
                "kaizen_id": kaizen["id"],
                "due": due,
                "result": result.value if result else None,
                "checked_on": (validate.date(self.on, "check date") or due) if result else None,
                "note": _note(self.note),
                "owner_id": _owner(tx, self.owner),
            },
        )
        if result is not None:
            lifecycle.after_check(tx, kaizen["id"])
        return check_id


@dataclass(frozen=True)
class EditCheck(Operation):
    """Change a check's due date, owner or note (``UNSET`` leaves one as it is)."""

    check_id: int
    due: Any = UNSET
    owner: Any = UNSET  # a key or name; None or "" clears the owner
    note: Any = UNSET

    @property
    def label(self) -> str:
        return f"Change sustainment check {self.check_id}"

    def apply(self, tx: Tx) -> None:
        row = _check(tx, self.check_id)
        values: dict[str, Any] = {}
        if self.due is not UNSET:
            due = validate.date(self.due, "check's due date")
            if due is None:
                raise ValidationError("A sustainment check needs a due date.")
            values["due"] = due
        if self.owner is not UNSET:
            values["owner_id"] = _owner(tx, self.owner)
        if self.note is not UNSET:
            values["note"] = _note(self.note)
        if not values:
            raise ValidationError("Nothing to change: give a due date, an owner or a note.")
        tx.rec.update_where(e.SustainmentCheck, values, e.SustainmentCheck.id == self.check_id)
        if "due" in values and row["result"] is not None:
            lifecycle.after_check(tx, row["kaizen_id"])  # its order among the checks moved


@dataclass(frozen=True)
class RemoveCheck(Operation):
    check_id: int

    @property
    def label(self) -> str:
        return f"Remove sustainment check {self.check_id}"

    def apply(self, tx: Tx) -> str:
        row = _check(tx, self.check_id)
        tx.rec.delete_where(e.SustainmentCheck, e.SustainmentCheck.id == self.check_id)
        if row["result"] is not None:
            lifecycle.after_check(tx, row["kaizen_id"])
        return _code_of(tx, row["kaizen_id"])


@dataclass(frozen=True)
class RecordCheck(Operation):
    """Record whether the gain held; a slip sends a finished kaizen to ``regressed``.

    ``result=None`` clears a record (the check is planned again).
    """

    check_id: int
    result: CheckResult | str | None
    on: dt.date | str | None = None
    note: str | None = ""  # None leaves the note as it is

    @property
    def label(self) -> str:
        result = _label_result(self.result)
        return f"Record sustainment check {self.check_id} {result}".rstrip()

    def apply(self, tx: Tx) -> None:
        row = _check(tx, self.check_id)
        result = _result(self.result)
        on = validate.date(self.on, "check date") if result else None
        values: dict[str, Any] = {"result": result.value if result else None, "checked_on": on}
        if self.note is not None:
            values["note"] = _note(self.note)
        tx.rec.update_where(e.SustainmentCheck, values, e.SustainmentCheck.id == self.check_id)
        lifecycle.after_check(tx, row["kaizen_id"])


def _label_result(value: CheckResult | str | None) -> str:
    try:
        result = _result(value)
    except ValidationError:
        return ""
    return result.value if result else "as not checked"


@dataclass(frozen=True)
class AddActionItem(Operation):
    code: str
    title: str
    owner: str | None = None
    due: dt.date | str | None = None
    done_on: dt.date | str | None = None  # an item closed already (sample plans, imports)

    @property
    def label(self) -> str:
        return f"Add an action item to {self.code.strip().upper()}"

    def apply(self, tx: Tx) -> int:
        kaizen = _kaizen(tx, self.code)
        return tx.rec.insert_one(
            e.ActionItem,
            {
                "kaizen_id": kaizen["id"],
                "title": validate.title(self.title, "action item"),
                "owner_id": _owner(tx, self.owner),
                "due": validate.date(self.due, "due date"),
                "done": self.done_on is not None,
                "done_on": validate.date(self.done_on, "date done"),
            },
        )


@dataclass(frozen=True)
class EditActionItem(Operation):
    """Change an action item's title, owner or due date (``UNSET`` leaves one as it is)."""

    item_id: int
    title: Any = UNSET
    owner: Any = UNSET
    due: Any = UNSET

    @property
    def label(self) -> str:
        return f"Change action item {self.item_id}"

    def apply(self, tx: Tx) -> None:
        _item(tx, self.item_id)
        values: dict[str, Any] = {}
        if self.title is not UNSET:
            values["title"] = validate.title(self.title, "action item")
        if self.owner is not UNSET:
            values["owner_id"] = _owner(tx, self.owner)
        if self.due is not UNSET:
            values["due"] = validate.date(self.due, "due date")
        if not values:
            raise ValidationError("Nothing to change: give a title, an owner or a due date.")
        tx.rec.update_where(e.ActionItem, values, e.ActionItem.id == self.item_id)


@dataclass(frozen=True)
class RemoveActionItem(Operation):
    item_id: int

    @property
    def label(self) -> str:
        return f"Remove action item {self.item_id}"

    def apply(self, tx: Tx) -> str:
        row = _item(tx, self.item_id)
        tx.rec.delete_where(e.ActionItem, e.ActionItem.id == self.item_id)
        return _code_of(tx, row["kaizen_id"])


@dataclass(frozen=True)
class SetActionItemDone(Operation):
    """Close an action item (on a date, or none known) or reopen it."""

    item_id: int
    done: bool = True
    on: dt.date | str | None = None

    @property
    def label(self) -> str:
        return f"{'Close' if self.done else 'Reopen'} action item {self.item_id}"

    def apply(self, tx: Tx) -> None:
        row = _item(tx, self.item_id)
        if bool(row["done"]) == self.done:
            state = "done" if self.done else "open"
            raise ValidationError(f"Action item {self.item_id} is {state} already.")
        on = validate.date(self.on, "date") if self.done else None
        tx.rec.update_where(
            e.ActionItem, {"done": self.done, "done_on": on}, e.ActionItem.id == self.item_id
        )
