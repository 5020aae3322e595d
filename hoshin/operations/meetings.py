"""Review meetings: made with their agenda, decisions recorded against its items, held.

A meeting belongs to a unit; a manager of the unit (or above) makes it, records its
decisions and marks it held (:mod:`hoshin.rules.permissions`, and the database's policies on
a shared plan). A decision with an owner and a due date is an action item: it joins the
owner's obligations until it is marked done. Each step is one reversible edit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import RowMapping

from hoshin.model import entities as e
from hoshin.model.agenda import AgendaKind
from hoshin.model.errors import NotFoundError, ValidationError
from hoshin.model.kinds import Access
from hoshin.operations.base import UNSET, Operation, Tx
from hoshin.reads.meeting_agenda import assemble
from hoshin.rules import validate

#: A meeting's title when none is given.
DEFAULT_TITLE = "Monthly review"


def meeting_row(tx: Tx, meeting_id: int) -> RowMapping:
    m = e.Meeting.__table__
    row = tx.session.execute(select(m).where(m.c.id == meeting_id)).mappings().first()
    if row is None:
        raise NotFoundError(f"No meeting {meeting_id} in this plan.")
    return row


def _require_manager(tx: Tx, meeting: RowMapping, doing: str) -> None:
    tx.require(meeting["unit_id"], Access.MANAGER, doing)


def _decision_row(tx: Tx, decision_id: int) -> RowMapping:
    d = e.MeetingDecision.__table__
    row = tx.session.execute(select(d).where(d.c.id == decision_id)).mappings().first()
    if row is None:
        raise NotFoundError(f"No decision {decision_id} in this plan.")
    return row


@dataclass(frozen=True)
class NewMeeting(Operation):
    """A review meeting of a unit on a day, with its agenda assembled from the plan
    (:func:`hoshin.reads.meeting_agenda.assemble`). Returns the meeting's id."""

    unit: str
    day: dt.date | str
    title: str | None = None
    chair: str | None = None

    @property
    def label(self) -> str:
        return f"New review meeting of {self.unit.strip().upper()}"

    def apply(self, tx: Tx) -> int:
        unit = tx.unit(self.unit)
        day = validate.date(self.day, "meeting date")
        if day is None:
            raise ValidationError("Give the meeting's date.")
        title = validate.title(self.title or DEFAULT_TITLE, "meeting title")
        chair = tx.person(self.chair)["id"] if self.chair else None
        tx.require(unit["id"], Access.MANAGER, f"hold review meetings of {unit['code']}")
        meeting_id = tx.rec.insert_one(
            e.Meeting,
            {
                "unit_id": unit["id"],
                "day": day,
                "title": title,
                "chair_id": chair,
                "held": False,
                "notes": "",
            },
        )
        entries = assemble(tx.session, unit["id"], day)
        tx.rec.insert_new(
            e.MeetingItem,
            [
                {
                    "meeting_id": meeting_id,
                    "position": i,
                    "kind": x.kind.value,
                    "title": x.title[: validate.MAX_TITLE],
                    "item": x.item,
                    "node_id": x.node_id,
                }
                for i, x in enumerate(entries, start=1)
            ],
        )
        return meeting_id


@dataclass(frozen=True)
class AddAgendaPoint(Operation):
    """A point of its own on a meeting's agenda, after the others. Returns its number."""

    meeting_id: int
    title: str

    @property
    def label(self) -> str:
        return f"Add a point to meeting {self.meeting_id}"

    def apply(self, tx: Tx) -> int:
        meeting = meeting_row(tx, self.meeting_id)
        title = validate.title(self.title, "agenda point")
        _require_manager(tx, meeting, "change review meetings")
        i = e.MeetingItem
        last = tx.session.execute(
            select(func.max(i.position)).where(i.meeting_id == self.meeting_id)
        ).scalar()
        position = int(last or 0) + 1
        tx.rec.insert_one(
            e.MeetingItem,
            {
                "meeting_id": self.meeting_id,
                "position": position,
                "kind": AgendaKind.POINT.value,
                "title": title,
                "item": None,
                "node_id": None,
            },
        )
        return position


@dataclass(frozen=True)
class RecordDecision(Operation):
    """A decision of a meeting, against agenda item number ``item`` (or the meeting as a
    whole); with an owner and a due date it is an action item. Returns its id."""

    meeting_id: int
    text: str
    item: int | None = None
    owner: str | None = None
    due: dt.date | str | None = None

    @property
    def label(self) -> str:
        return f"Record a decision of meeting {self.meeting_id}"

    def apply(self, tx: Tx) -> int:
        meeting = meeting_row(tx, self.meeting_id)
        text = validate.title(self.text, "decision")
        owner = tx.person(self.owner)["id"] if self.owner else None
        due = validate.date(self.due, "due date")
        if due is not None and owner is None:
            raise ValidationError("An action item with a due date needs an owner: give one.")
        item_id = None
        if self.item is not None:
            i = e.MeetingItem
            item_id = tx.session.execute(
                select(i.id).where(i.meeting_id == self.meeting_id, i.position == self.item)
            ).scalar()
            if item_id is None:
                raise NotFoundError(
                    f"Meeting {self.meeting_id} has no agenda item {self.item}; "
                    f"'hoshin meeting show' lists them."
                )
        _require_manager(tx, meeting, "record decisions")
        return tx.rec.insert_one(
            e.MeetingDecision,
            {
                "meeting_id": self.meeting_id,
                "item_id": item_id,
                "text": text,
                "owner_id": owner,
                "due": due,
                "done": False,
                "done_on": None,
            },
        )


@dataclass(frozen=True)
class UpdateDecision(Operation):
    """Change a decision's words, owner or due date (None clears owner and due)."""

    decision_id: int
    text: Any = UNSET
    owner: Any = UNSET
    due: Any = UNSET

    @property
    def label(self) -> str:
        return f"Edit decision {self.decision_id}"

    def apply(self, tx: Tx) -> None:
        if (self.text, self.owner, self.due) == (UNSET, UNSET, UNSET):
            raise ValidationError("Give the decision's words, an owner or a due date to change.")
        row = _decision_row(tx, self.decision_id)
        values: dict[str, Any] = {}
        if self.text is not UNSET:
            values["text"] = validate.title(self.text, "decision")
        if self.owner is not UNSET:
            values["owner_id"] = tx.person(self.owner)["id"] if self.owner else None
        if self.due is not UNSET:
            values["due"] = validate.date(self.due, "due date")
        _require_manager(tx, meeting_row(tx, row["meeting_id"]), "record decisions")
        d = e.MeetingDecision
        tx.rec.update_where(e.MeetingDecision, values, d.id == self.decision_id)


@dataclass(frozen=True)
class SetDecisionDone(Operation):
    """Mark a decision's action item done on a day (today by default), or open again.
    Its owner may do so, as may a manager of the meeting's unit."""

    decision_id: int
    done: bool = True
    on: dt.date | str | None = None

    @property
    def label(self) -> str:
        return f"{'Close' if self.done else 'Reopen'} decision {self.decision_id}"

    def apply(self, tx: Tx) -> None:
        row = _decision_row(tx, self.decision_id)
        if row["owner_id"] is None and self.done:
            # A decision for the record ("Next review on 11 January") is no one's work:
            # marked done, nothing anywhere would show it (the minutes list owned ones).
            raise ValidationError(
                f"Decision {self.decision_id} is no action item (it has no owner): there is "
                "nothing to mark done."
            )
        if bool(row["done"]) == self.done:
            state = "done" if self.done else "open"
            raise ValidationError(f"Decision {self.decision_id} is {state} already.")
        on = (validate.date(self.on, "date done") or tx.now().date()) if self.done else None
        if tx.guard is None or row["owner_id"] != tx.guard.person_id:
            # Its owner closes their own action item; anybody else, a manager of the unit.
            _require_manager(tx, meeting_row(tx, row["meeting_id"]), "close action items")
        d = e.MeetingDecision
        tx.rec.update_where(
            e.MeetingDecision, {"done": self.done, "done_on": on}, d.id == self.decision_id
        )


@dataclass(frozen=True)
class RemoveDecision(Operation):
    decision_id: int

    @property
    def label(self) -> str:
        return f"Remove decision {self.decision_id}"

    def apply(self, tx: Tx) -> None:
        row = _decision_row(tx, self.decision_id)
        _require_manager(tx, meeting_row(tx, row["meeting_id"]), "record decisions")
        d = e.MeetingDecision
        tx.rec.delete_where(e.MeetingDecision, d.id == self.decision_id)


@dataclass(frozen=True)
class SetMeetingHeld(Operation):
    """Mark a meeting held (or not yet), with its notes if given."""

    meeting_id: int
    held: bool = True
    notes: str | None = None

    @property
    def label(self) -> str:
        verb = "Mark" if self.held else "Unmark"
        return f"{verb} meeting {self.meeting_id} held"

    def apply(self, tx: Tx) -> None:
        meeting = meeting_row(tx, self.meeting_id)
        values: dict[str, Any] = {"held": self.held}
        if self.notes is not None:
            notes = self.notes.strip()
            if len(notes) > 20_000:
                raise ValidationError(f"The notes are {len(notes)} characters; at most 20000.")
            values["notes"] = notes
        if bool(meeting["held"]) == self.held and "notes" not in values:
            state = "held" if self.held else "not held"
            raise ValidationError(f"Meeting {self.meeting_id} is {state} already.")
        _require_manager(tx, meeting, "hold review meetings")
        m = e.Meeting
        tx.rec.update_where(e.Meeting, values, m.id == self.meeting_id)


@dataclass(frozen=True)
class RemoveMeeting(Operation):
    """Remove a meeting with its agenda and decisions (undo brings them all back)."""

    meeting_id: int

    @property
    def label(self) -> str:
        return f"Remove meeting {self.meeting_id}"

    def apply(self, tx: Tx) -> None:
        meeting = meeting_row(tx, self.meeting_id)
        _require_manager(tx, meeting, "remove review meetings")
        # Recorded, not left to the database's cascade, which undo cannot see.
        tx.rec.delete_where(e.MeetingDecision, e.MeetingDecision.meeting_id == self.meeting_id)
        tx.rec.delete_where(e.MeetingItem, e.MeetingItem.meeting_id == self.meeting_id)
        tx.rec.delete_where(e.Meeting, e.Meeting.id == self.meeting_id)
