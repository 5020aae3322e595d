"""Leader Standard Work: routines, their answered occurrences, and copies of a standard set.

A routine belongs to a person and repeats by its cadence (hoshin.rules.cadence); an
occurrence is a row only once answered: done, missed, or skipped with a reason (then it is
not due, DESIGN §6). Every edit here is one reversible operation. Who may make it is the
permission rule of the rows it writes (hoshin.rules.permissions: one's own routines, or a
manager of the person's unit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import RowMapping

from hoshin.model import entities as e
from hoshin.model.errors import NotFoundError, ValidationError
from hoshin.model.kinds import Access, AnswerState, Cadence
from hoshin.operations.base import UNSET, Operation, Tx
from hoshin.rules import validate
from hoshin.rules.cadence import Schedule, describe, is_occurrence
from hoshin.rules.cadence import validate as validate_cadence
from hoshin.store.chunks import chunks

#: The longest note or reason kept with an answer.
MAX_NOTE = 4000


def routine_row(tx: Tx, routine_id: int) -> RowMapping:
    t = e.Routine.__table__
    row = tx.session.execute(select(t).where(t.c.id == routine_id)).mappings().first()
    if row is None:
        raise NotFoundError(f"No routine {routine_id} in this plan.")
    return row


def _schedule(row: Any) -> Schedule:
    return Schedule(
        row["cadence"],
        row["start_date"],
        row["every"] or 1,
        row["weekday"],
        row["day"],
        row["nth"],
        row["end_date"],
    )


def _note(value: str | None, what: str) -> str:
    text = (value or "").strip()
    if len(text) > MAX_NOTE:
        raise ValidationError(f"The {what} is {len(text)} characters; at most {MAX_NOTE}.")
    return text


def _node_id(tx: Tx, code: str | None) -> int | None:
    return int(tx.node(code)["id"]) if code else None


@dataclass(frozen=True)
class AddRoutine(Operation):
    """A routine of a person: what, where (a unit), how often, from when, and optionally
    the node it serves. ``cadence`` is a kinds.Cadence word; weekday 0 is Monday."""

    person: str
    unit: str | None  # the person's own unit when None
    title: str
    cadence: str
    weekday: int | None = None
    day: int | None = None
    nth: int | None = None
    every: int = 1
    start: dt.date | str | None = None  # today when not given
    end: dt.date | str | None = None
    node: str | None = None

    @property
    def label(self) -> str:
        return f"Add routine {self.title.strip()}"

    def apply(self, tx: Tx) -> int:
        person = tx.person(self.person)
        unit_id = tx.unit(self.unit)["id"] if self.unit else person["unit_id"]
        start = validate.date(self.start, "start date") or tx.now().date()
        sched = Schedule(
            self.cadence,
            start,
            self.every,
            self.weekday,
            self.day,
            self.nth,
            validate.date(self.end, "end date"),
        )
        validate_cadence(sched)
        return tx.rec.insert_one(
            e.Routine,
            {
                "person_id": person["id"],
                "unit_id": unit_id,
                "node_id": _node_id(tx, self.node),
                "title": validate.title(self.title, "routine's title"),
                **_columns(sched),
            },
        )


def _columns(sched: Schedule) -> dict[str, Any]:
    return {
        "cadence": sched.cadence,
        "every": sched.every,
        "weekday": sched.weekday,
        "day": sched.day,
        "nth": sched.nth,
        "start_date": sched.start_date,
        "end_date": sched.end_date,
    }


@dataclass(frozen=True)
class EditRoutine(Operation):
    """Change a routine: its title, place, node, cadence or dates (``None`` clears the node
    or the end date). A new cadence is given whole: cadence with its weekday/day/nth/every."""

    routine_id: int
    title: Any = UNSET
    unit: Any = UNSET
    node: Any = UNSET
    cadence: Any = UNSET
    weekday: Any = UNSET
    day: Any = UNSET
    nth: Any = UNSET
    every: Any = UNSET
    start: Any = UNSET
    end: Any = UNSET

    @property
    def label(self) -> str:
        return f"Edit routine {self.routine_id}"

    def apply(self, tx: Tx) -> None:
        row = routine_row(tx, self.routine_id)
        values: dict[str, Any] = {}
        if self.title is not UNSET:
            values["title"] = validate.title(self.title, "routine's title")
        if self.unit is not UNSET:
            values["unit_id"] = tx.unit(self.unit)["id"]
        if self.node is not UNSET:
            values["node_id"] = _node_id(tx, self.node)
        sched = _schedule(row)
        if self.cadence is not UNSET:  # a new cadence replaces the whole schedule's shape
            sched = Schedule(str(self.cadence), sched.start_date, end_date=sched.end_date)
        given = {
            "weekday": self.weekday,
            "day": self.day,
            "nth": self.nth,
            "every": self.every,
        }
        shape = {k: v for k, v in given.items() if v is not UNSET}
        dates: dict[str, Any] = {}
        if self.start is not UNSET:
            dates["start_date"] = validate.date(self.start, "start date") or sched.start_date
        if self.end is not UNSET:
            dates["end_date"] = validate.date(self.end, "end date")
        if self.cadence is not UNSET or shape or dates:
            merged = {**_columns(sched), **shape, **dates}
            new = Schedule(
                merged["cadence"],
                merged["start_date"],
                merged["every"] if merged["every"] is not None else 1,
                merged["weekday"],
                merged["day"],
                merged["nth"],
                merged["end_date"],
            )
            validate_cadence(new)
            values.update(_columns(new))
        if not values:
            raise ValidationError("Give a title, unit, node, cadence or dates to change.")
        tx.rec.update_where(e.Routine, values, e.Routine.id == row["id"])


def _remove_answers(tx: Tx, *criteria: Any) -> None:
    """Answers (and their findings) matching ``criteria``; findings go first (undo brings
    back answers before findings)."""
    a = e.RoutineAnswer
    ids = list(tx.session.execute(select(a.id).where(*criteria)).scalars())
    for part in chunks(ids):
        tx.rec.delete_where(e.Finding, e.Finding.answer_id.in_(part))
    for part in chunks(ids):
        tx.rec.delete_where(e.RoutineAnswer, a.id.in_(part))


@dataclass(frozen=True)
class RemoveRoutine(Operation):
    """Remove a routine with its answers and findings (undo brings them all back)."""

    routine_id: int

    @property
    def label(self) -> str:
        return f"Remove routine {self.routine_id}"

    def apply(self, tx: Tx) -> None:
        row = routine_row(tx, self.routine_id)
        _remove_answers(tx, e.RoutineAnswer.routine_id == row["id"])
        tx.rec.delete_where(e.Routine, e.Routine.id == row["id"])


@dataclass(frozen=True)
class CopyRoutines(Operation):
    """Copy a standard set of routines to many people at once: the people named, and/or
    every person holding ``role`` on a unit of ``unit``'s subtree. Each copy happens in the
    person's own unit (``keep_unit``: where the original happens). A person who has a
    routine of the same title already is passed over. Returns the new routines' ids."""

    routine_ids: Sequence[int]
    people: Sequence[str] = ()
    unit: str | None = None
    role: str | None = None
    start: dt.date | str | None = None  # the originals' start dates when not given
    keep_unit: bool = False

    @property
    def label(self) -> str:
        return "Copy routines"

    def done_label(self, result: Any) -> str:
        n = len(result or ())
        return f"Copy routines ({n} new)"

    def apply(self, tx: Tx) -> list[int]:
        if not self.routine_ids:
            raise ValidationError("Name the routines to copy.")
        sources = [routine_row(tx, rid) for rid in dict.fromkeys(self.routine_ids)]
        targets: dict[int, int] = {}  # person id → home unit
        for who in self.people:
            p = tx.person(who)
            targets[p["id"]] = p["unit_id"]
        if self.role is not None and self.unit is None:
            raise ValidationError("A role picks people of a unit: give --unit too.")
        if self.unit is not None:
            targets.update(self._holders(tx))
        if not targets:
            raise ValidationError("Nobody to copy to: name people, or a unit (and a role).")
        start = validate.date(self.start, "start date")
        r = e.Routine
        have = set(
            tx.session.execute(
                select(r.person_id, r.title).where(r.person_id.in_(list(targets)))
            ).all()
        )
        rows = []
        for person_id, home in targets.items():
            for src in sources:
                if src["person_id"] == person_id or (person_id, src["title"]) in have:
                    continue
                sched = _schedule(src)
                if start is not None:
                    sched = Schedule(
                        sched.cadence, start, sched.every, sched.weekday, sched.day, sched.nth
                    )
                rows.append(
                    {
                        "person_id": person_id,
                        "unit_id": src["unit_id"] if self.keep_unit else home,
                        "node_id": src["node_id"],
                        "title": src["title"],
                        **_columns(sched),
                    }
                )
        if not rows:
            raise ValidationError("Everyone named has these routines already.")
        return tx.rec.insert_new(e.Routine, rows)

    def _holders(self, tx: Tx) -> dict[int, int]:
        unit = tx.unit(str(self.unit))
        below = {unit["id"]}
        parents = dict(tx.session.execute(select(e.Unit.id, e.Unit.parent_id)).all())
        changed = True
        while changed:  # the subtree, from the whole (small) table of units
            grown = {u for u, parent in parents.items() if parent in below} | below
            changed = grown != below
            below = grown
        p, ur = e.Person, e.UnitRole
        if self.role is None:
            rows = tx.session.execute(select(p.id, p.unit_id).where(p.unit_id.in_(below)))
        else:
            role = validate.choice(Access, self.role, "role")
            rows = tx.session.execute(
                select(p.id, p.unit_id)
                .join(ur, ur.person_id == p.id)
                .where(ur.unit_id.in_(below), ur.role == role.value)
            )
        return {int(pid): int(home) for pid, home in rows}


def answer_row(tx: Tx, routine_id: int, day: dt.date) -> RowMapping | None:
    a = e.RoutineAnswer.__table__
    return (
        tx.session.execute(select(a).where(a.c.routine_id == routine_id, a.c.day == day))
        .mappings()
        .first()
    )


def occurrence_of(tx: Tx, routine_id: int, day: Any) -> tuple[RowMapping, dt.date]:
    row = routine_row(tx, routine_id)
    when = validate.date(day, "date") or tx.now().date()
    sched = _schedule(row)
    if not is_occurrence(sched, when):
        raise ValidationError(
            f"Routine {routine_id} ({row['title']}) is not due on {when.isoformat()} "
            f"({describe(sched)}, from {sched.start_date.isoformat()})."
        )
    return row, when


def _check_state(tx: Tx, state: str, reason: str, when: dt.date) -> AnswerState:
    answer = validate.choice(AnswerState, state, "answer")
    if answer is AnswerState.SKIPPED and not reason:
        raise ValidationError("A skip needs a reason (then the occurrence is not due).")
    if answer is not AnswerState.SKIPPED and when > tx.now().date():
        raise ValidationError(
            f"{when.isoformat()} is still to come: only a skip (with a reason) is recorded ahead."
        )
    return answer


@dataclass(frozen=True)
class AnswerOccurrence(Operation):
    """Record an occurrence of a routine as done, missed or skipped (a skip needs a reason);
    ``day`` must be one the cadence makes (today when not given)."""

    routine_id: int
    state: str
    day: dt.date | str | None = None
    note: str = ""
    reason: str = ""

    @property
    def label(self) -> str:
        return f"Record routine {self.routine_id} {self.state}"

    def apply(self, tx: Tx) -> int:
        row, when = occurrence_of(tx, self.routine_id, self.day)
        reason = _note(self.reason, "reason")
        state = _check_state(tx, self.state, reason, when)
        if answer_row(tx, row["id"], when) is not None:
            raise ValidationError(
                f"Routine {row['id']} on {when.isoformat()} is answered already: change "
                "that answer (or undo it) instead."
            )
        recorder = tx.guard.person_id if tx.guard is not None else None
        return tx.rec.insert_one(
            e.RoutineAnswer,
            {
                "routine_id": row["id"],
                "person_id": row["person_id"],
                "day": when,
                "state": state.value,
                "reason": reason if state is AnswerState.SKIPPED else "",
                "note": _note(self.note, "note"),
                "recorded_by_id": recorder,
            },
        )


@dataclass(frozen=True)
class ChangeAnswer(Operation):
    """Change the answer of an occurrence: its state, note or reason."""

    routine_id: int
    day: dt.date | str
    state: Any = UNSET
    note: Any = UNSET
    reason: Any = UNSET

    @property
    def label(self) -> str:
        return f"Change the answer of routine {self.routine_id}"

    def apply(self, tx: Tx) -> None:
        row, when = occurrence_of(tx, self.routine_id, self.day)
        found = answer_row(tx, row["id"], when)
        if found is None:
            raise ValidationError(
                f"Routine {row['id']} on {when.isoformat()} has no answer to change."
            )
        state = found["state"] if self.state is UNSET else self.state
        reason = found["reason"] if self.reason is UNSET else _note(self.reason, "reason")
        answer = _check_state(tx, state, reason, when)
        values: dict[str, Any] = {
            "state": answer.value,
            "reason": reason if answer is AnswerState.SKIPPED else "",
        }
        if self.note is not UNSET:
            values["note"] = _note(self.note, "note")
        a = e.RoutineAnswer
        tx.rec.update_where(e.RoutineAnswer, values, a.id == found["id"])


@dataclass(frozen=True)
class ClearAnswer(Operation):
    """Take an answer back (the occurrence is unanswered again), with its findings."""

    routine_id: int
    day: dt.date | str

    @property
    def label(self) -> str:
        return f"Clear the answer of routine {self.routine_id}"

    def apply(self, tx: Tx) -> None:
        row, when = occurrence_of(tx, self.routine_id, self.day)
        if answer_row(tx, row["id"], when) is None:
            raise ValidationError(f"Routine {row['id']} on {when.isoformat()} is not answered.")
        a = e.RoutineAnswer
        _remove_answers(tx, a.routine_id == row["id"], a.day == when)


# Cadence words the CLI and screens offer, in the order a person reads them.
CADENCES = tuple(c.value for c in Cadence)


def forget_node(tx: Tx, node_id: int) -> None:
    """Unlink the routines serving a node being deleted and the findings that became it
    (the finding is open again), recorded so that undo links them back. Whoever may delete
    the node may unlink them (hoshin.rules.permissions: UNLINKING)."""
    r, f = e.Routine, e.Finding
    tx.rec.update_where(e.Routine, {"node_id": None}, r.node_id == node_id)
    tx.rec.update_where(e.Finding, {"kaizen_id": None, "outcome": None}, f.kaizen_id == node_id)


def forget_person(tx: Tx, person_id: int) -> None:
    """What goes with a person being removed, recorded (the database's ON DELETE rules would
    take it past undo): their routines with answers and findings; the findings they own as
    action items and the answers of others they recorded keep no name."""
    r, a, f = e.Routine, e.RoutineAnswer, e.Finding
    _remove_answers(tx, a.person_id == person_id)
    tx.rec.delete_where(e.Routine, r.person_id == person_id)
    tx.rec.update_where(e.Finding, {"owner_id": None}, f.owner_id == person_id)
    tx.rec.update_where(e.RoutineAnswer, {"recorded_by_id": None}, a.recorded_by_id == person_id)
