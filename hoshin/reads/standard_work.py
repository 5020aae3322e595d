"""Leader Standard Work as a person and a huddle board read it (DESIGN §6b).

"My standard work": what is overdue (unanswered occurrences of the last 14 days, oldest
first), what is due today, and the rest of this week. "Due in a unit": the routines due on a
day for the people of a unit and the routines held in it, with their answers. Occurrences
are computed (hoshin.rules.cadence); answers are read in one range query, so a person's
screen is two queries whatever the number of routines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from hoshin.model import entities as e
from hoshin.rules.cadence import Schedule, describe, occurrences
from hoshin.store.chunks import chunks

#: How far back an unanswered occurrence still shows as overdue.
OVERDUE_DAYS = 14


@dataclass(frozen=True)
class RoutineInfo:
    """A routine with the names a screen shows."""

    id: int
    title: str
    person_id: int
    person: str
    person_key: str
    unit_id: int
    unit_code: str
    unit: str
    node_id: int | None
    node_code: str | None
    schedule: Schedule

    @property
    def cadence_words(self) -> str:
        return describe(self.schedule)

    def as_dict(self) -> dict[str, Any]:
        s = self.schedule
        return {
            "id": self.id,
            "title": self.title,
            "person": self.person_key,
            "person_name": self.person,
            "unit": self.unit_code,
            "node": self.node_code,
            "cadence": s.cadence,
            "every": s.every,
            "weekday": s.weekday,
            "day": s.day,
            "nth": s.nth,
            "when": self.cadence_words,
            "start": s.start_date.isoformat(),
            "end": s.end_date.isoformat() if s.end_date else None,
        }


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of a routine, with its answer (state None: not answered yet)."""

    routine: RoutineInfo
    day: dt.date
    state: str | None = None
    reason: str = ""
    note: str = ""
    answer_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "routine": self.routine.id,
            "title": self.routine.title,
            "person": self.routine.person_key,
            "unit": self.routine.unit_code,
            "node": self.routine.node_code,
            "date": self.day.isoformat(),
            "state": self.state,
            "reason": self.reason,
            "note": self.note,
            "answer": self.answer_id,
        }


@dataclass(frozen=True)
class StandardWork:
    """A person's standard work as of a day."""

    person_id: int
    today: dt.date
    overdue: list[Occurrence] = field(default_factory=list)
    due_today: list[Occurrence] = field(default_factory=list)
    this_week: list[Occurrence] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "overdue": [o.as_dict() for o in self.overdue],
            "due_today": [o.as_dict() for o in self.due_today],
            "this_week": [o.as_dict() for o in self.this_week],
        }


def _routine_rows(session: Session, *where: Any) -> list[RoutineInfo]:
    r, p, u, n = e.Routine, e.Person, e.Unit, e.Node
    stmt = (
        select(
            r.id,
            r.title,
            r.person_id,
            p.name,
            p.key,
            r.unit_id,
            u.code,
            u.name,
            r.node_id,
            n.code,
            r.cadence,
            r.every,
            r.weekday,
            r.day,
            r.nth,
            r.start_date,
            r.end_date,
        )
        .join(p, p.id == r.person_id)
        .join(u, u.id == r.unit_id)
        .outerjoin(n, n.id == r.node_id)
        .where(*where)
        .order_by(r.title, r.id)
    )
    return [_info(row) for row in session.execute(stmt)]


def _info(row: Any) -> RoutineInfo:
    (rid, title, pid, person, key, uid, ucode, uname, nid, ncode, *cad) = row
    cadence, every, weekday, day, nth, start, end = cad
    sched = Schedule(cadence, start, every or 1, weekday, day, nth, end)
    return RoutineInfo(rid, title, pid, person, key, uid, ucode, uname, nid, ncode, sched)


def routines(
    session: Session, *, person_id: int | None = None, unit_id: int | None = None
) -> list[RoutineInfo]:
    """Routines (of a person, held in a unit, or all), by title."""
    r = e.Routine
    where = []
    if person_id is not None:
        where.append(r.person_id == person_id)
    if unit_id is not None:
        where.append(r.unit_id == unit_id)
    return _routine_rows(session, *where)


def routine(session: Session, routine_id: int) -> RoutineInfo | None:
    found = _routine_rows(session, e.Routine.id == routine_id)
    return found[0] if found else None


def _answers(
    session: Session, routine_ids: list[int], start: dt.date, end: dt.date
) -> dict[tuple[int, dt.date], tuple[str, str, str, int]]:
    if not routine_ids:
        return {}
    a = e.RoutineAnswer
    out = {}
    for ids in chunks(routine_ids):
        rows = session.execute(
            select(a.routine_id, a.day, a.state, a.reason, a.note, a.id).where(
                a.routine_id.in_(ids), a.day >= start, a.day <= end
            )
        )
        out.update({(rid, d): (st, reason, note, aid) for rid, d, st, reason, note, aid in rows})
    return out


def _occurrences(
    infos: list[RoutineInfo], answers: dict[tuple[int, dt.date], Any], start: dt.date, end: dt.date
) -> list[Occurrence]:
    out = []
    for info in infos:
        for day in occurrences(info.schedule, start, end):
            found = answers.get((info.id, day))
            if found is None:
                out.append(Occurrence(info, day))
            else:
                out.append(Occurrence(info, day, found[0], found[1], found[2], found[3]))
    out.sort(key=lambda o: (o.day, o.routine.title, o.routine.id))
    return out


def my_standard_work(session: Session, person_id: int, today: dt.date) -> StandardWork:
    """The person's overdue occurrences (unanswered, last 14 days, oldest first), those due
    today and those of the rest of this week (to Sunday), each with its answer."""
    infos = routines(session, person_id=person_id)
    start = today - dt.timedelta(days=OVERDUE_DAYS)
    sunday = today + dt.timedelta(days=6 - today.weekday())
    answers = _answers(session, [i.id for i in infos], start, sunday)
    every = _occurrences(infos, answers, start, sunday)
    return StandardWork(
        person_id,
        today,
        overdue=[o for o in every if o.day < today and o.state is None],
        due_today=[o for o in every if o.day == today],
        this_week=[o for o in every if o.day > today],
    )


def due_in_unit(session: Session, unit_id: int, day: dt.date) -> list[Occurrence]:
    """The routines due on ``day`` for the people of the unit and the routines held in the
    unit, each with its answer (state None: not answered), by person then title."""
    r = e.Routine
    people = select(e.Person.id).where(e.Person.unit_id == unit_id).scalar_subquery()
    infos = _routine_rows(session, or_(r.unit_id == unit_id, r.person_id.in_(people)))
    answers = _answers(session, [i.id for i in infos], day, day)
    out = _occurrences(infos, answers, day, day)
    out.sort(key=lambda o: (o.routine.person, o.routine.title, o.routine.id))
    return out
