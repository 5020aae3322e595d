"""The measures of Leader Standard Work (DESIGN §6), written once for the check, the Health
tab, the review pack and the workbook (docs/daily-management.md defines them).

- **LSW adherence** = done ÷ (due − skipped with a reason), per person, rolled up per unit
  (by each person's own unit) over the window (30 days by default). Every occurrence the
  cadence makes in the window is due; one not answered counts as due and not done (except
  today's: the day is not over). A skip without a reason is not a skip: due, not done.
- **Leadership presence** = units visited in the last 30 days by a person whose own unit is
  above them ÷ every unit that has a unit above it. A visit is a done occurrence of a
  routine held in the unit, or a finding written in it.
- **Findings per walk**: findings written in the window ÷ done visits in the window (done
  occurrences of routines held outside the person's own unit), and how many of those
  findings became kaizens.

Occurrences are counted, never stored (hoshin.rules.cadence.count); answers are read in one
range query, routines and people in one each: the cost follows the number of routines.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import Session

from hoshin.model import entities as e
from hoshin.model.kinds import AnswerState, Cadence
from hoshin.reads.units import UnitTree
from hoshin.rules.cadence import count, is_occurrence

#: The window of adherence and presence, in days, unless told otherwise.
WINDOW_DAYS = 30

DONE, MISSED, SKIPPED = AnswerState.DONE.value, AnswerState.MISSED.value, AnswerState.SKIPPED.value
#: A skip without a reason (written by plain SQL or an old import): due, and not done.
_UNREASONED = "skipped without a reason"


@dataclass(frozen=True)
class Tally:
    """Occurrences of a person's (or a unit's) routines in a window."""

    occurrences: int = 0  # every occurrence the cadences made
    done: int = 0
    missed: int = 0  # answered missed
    skipped: int = 0  # skipped with a reason: not due

    @property
    def due(self) -> int:
        return self.occurrences - self.skipped

    @property
    def unanswered(self) -> int:
        return self.due - self.done - self.missed

    @property
    def adherence(self) -> float | None:
        return self.done / self.due if self.due else None

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.occurrences + other.occurrences,
            self.done + other.done,
            self.missed + other.missed,
            self.skipped + other.skipped,
        )

    def as_dict(self) -> dict[str, Any]:
        share = self.adherence
        return {
            "due": self.due,
            "done": self.done,
            "missed": self.missed,
            "unanswered": self.unanswered,
            "skipped": self.skipped,
            "adherence": None if share is None else round(share, 4),
        }


class _Sched(NamedTuple):
    """A routine's cadence as hoshin.rules.cadence reads it: a tuple, made 25,000 times a
    check (a frozen dataclass costs three times as much to make)."""

    cadence: str
    start_date: dt.date
    every: int
    weekday: int | None
    day: int | None
    nth: int | None
    end_date: dt.date | None


class _Routine(NamedTuple):
    id: int
    person_id: int
    unit_id: int
    schedule: _Sched


def _routine_query(person_ids: list[int] | None, start: dt.date | None) -> Any:
    r = e.Routine.__table__.c
    stmt = select(
        r.id,
        r.person_id,
        r.unit_id,
        r.cadence,
        _text(r.start_date),
        r.every,
        r.weekday,
        r.day,
        r.nth,
        _text(r.end_date),
    )
    if person_ids is not None:
        stmt = stmt.where(r.person_id.in_(person_ids))
    if start is not None:  # only routines that may fall due in the window
        stmt = stmt.where(or_(r.end_date.is_(None), r.end_date >= start))
    return stmt


def _routine(row: Any) -> _Routine:
    rid, pid, uid, cad, begin, every, wd, day, nth, end = row
    return _Routine(rid, pid, uid, _Sched(cad, _day(begin), every or 1, wd, day, nth, _day(end)))


class _Routines:
    """The routines' rows, each made a :class:`_Routine` (its schedule) only when it is
    asked for: most of 25,000 are only counted, by a key shared with others."""

    def __init__(self, rows: Sequence[Any]) -> None:
        self._by_id = {row[0]: row for row in rows}
        self._made: dict[int, _Routine] = {}

    def __call__(self, row: Sequence[Any]) -> _Routine:
        found = self._made.get(row[0])
        if found is None:
            found = self._made[row[0]] = _routine(row)
        return found

    def kept(self, answers: Iterable[Any]) -> Iterator[Any]:
        """The answers (routine id, day, …) of days their routine's cadence still makes:
        one of a day it no longer makes (the routine was edited) is left out."""
        for answer in answers:
            row = self._by_id.get(answer[0])
            if row is not None and is_occurrence(self(row).schedule, answer[1]):
                yield answer


def _text(column: Any) -> Any:
    """A date column read as its ISO text: SQLAlchemy's SQLite date parsing (a regular
    expression per value) costs twice the query at 25,000 routines; ``fromisoformat`` is C."""
    return cast(column, String)


def _day(text: Any) -> Any:
    if text is None or isinstance(text, dt.date):
        return text
    return dt.date.fromisoformat(text[:10])


def _answer_rows(
    session: Session, start: dt.date, end: dt.date, person_ids: list[int] | None = None
) -> list[tuple[int, dt.date, str, bool]]:
    """(routine, day, state, with a reason) of the answers in the window: the window's
    few days are parsed once each, not once per answer."""
    a = e.RoutineAnswer.__table__.c
    stmt = select(a.routine_id, _text(a.day), a.state, func.length(a.reason) > 0).where(
        a.day >= start, a.day <= end
    )
    if person_ids is not None:
        stmt = stmt.where(a.person_id.in_(person_ids))
    days: dict[Any, dt.date] = {}
    out = []
    for r, d, state, why in session.execute(stmt).all():
        day = days.get(d)
        if day is None:
            day = days[d] = _day(d)
        out.append((r, day, state, bool(why)))
    return out


def tallies(
    session: Session,
    as_of: dt.date,
    window_days: int = WINDOW_DAYS,
    person_ids: list[int] | None = None,
) -> dict[int, Tally]:
    """Each person's tally over the window ending with ``as_of`` (people with routines).

    25,000 routines a check: their rows stay the database's tuples, and a routine's
    schedule is made only when it is asked (an answer to check, a count no other routine
    of the same cadence made already): most share a few hundred counts."""
    start = as_of - dt.timedelta(days=window_days - 1)
    rows = session.execute(_routine_query(person_ids, start)).all()
    routine = _Routines(rows)

    answered: dict[int, Counter[str]] = defaultdict(Counter)
    today: set[int] = set()  # routines answered today
    for rid, day, state, why in routine.kept(_answer_rows(session, start, as_of, person_ids)):
        answered[rid][state if state != SKIPPED or why else _UNREASONED] += 1
        if day == as_of:
            today.add(rid)
    # Plain lists while counting: a Tally is made once per person.
    sums: dict[int, list[int]] = {}
    yesterday = as_of - dt.timedelta(days=1)
    first = start.isoformat()
    counted: dict[tuple[Any, ...], int] = {}
    for row in rows:
        rid, pid = row[0], row[1]
        # Today's occurrence is due once answered (an answer is of an occurrence, checked
        # above); unanswered, not until the day is over.
        key = _count_key(row, routine, start, first)
        n = counted.get(key) if key is not None else None
        if n is None:
            n = count(routine(row).schedule, start, yesterday)
            if key is not None:
                counted[key] = n
        n += rid in today
        got = answered.get(rid)
        mine = sums.get(pid)
        if mine is None:
            mine = sums[pid] = [0, 0, 0, 0]
        mine[0] += n
        if got:
            mine[1] += got[DONE]
            mine[2] += got[MISSED]
            mine[3] += got[SKIPPED]
    return {pid: Tally(*v) for pid, v in sums.items()}


def _iso(text: Any) -> str:
    """A date column's value as ISO text (the query reads them as text; other drivers may
    give a date)."""
    return text.isoformat() if isinstance(text, dt.date) else str(text)[:10]


def _count_key(
    row: Sequence[Any], routine: Callable[[Sequence[Any]], Any], start: dt.date, first: str
) -> tuple[Any, ...] | None:
    """What routines with the same occurrences in the window share (None: counted alone).
    Only one started before the window may share: its start cuts no occurrence."""
    _rid, _pid, _uid, cad, begin, every, wd, day, nth, end = row
    if _iso(begin) > first:
        return None
    if cad == Cadence.WEEKLY and (every or 1) > 1:
        return _window_key(routine(row).schedule, start)
    return _shared_key(cad, every or 1, wd, day, nth, end)


def _shared_key(
    cad: str, every: int, wd: int | None, day: int | None, nth: int | None, end: Any
) -> tuple[Any, ...] | None:
    """:func:`_window_key` of a routine started before the window, read off its row (but
    for weekly rhythms of N weeks, whose phase needs the start date)."""
    if wd is None and cad in (Cadence.WEEKLY, Cadence.MONTHLY_NTH):
        return None
    if day is None and cad == Cadence.MONTHLY_DAY:
        return None
    return (cad, every, wd, day, nth, end, 0)  # the end date as read: equal text, equal day


def _window_key(sched: _Sched, start: dt.date) -> tuple[Any, ...] | None:
    """What the count of a routine started before the window depends on: its cadence, not
    its start date (but for the week of a rhythm of N weeks). Routines of a company share a
    few hundred such keys, so 25,000 counts become a few hundred (None: started within)."""
    if sched.start_date > start:
        return None
    if sched.weekday is None and sched.cadence in (Cadence.WEEKLY, Cadence.MONTHLY_NTH):
        return None  # the start date's weekday is the routine's: no key shared
    if sched.day is None and sched.cadence == Cadence.MONTHLY_DAY:
        return None
    phase = 0
    if sched.cadence == Cadence.WEEKLY and sched.every > 1:
        weeks = (start - sched.start_date).days + sched.start_date.weekday() - start.weekday()
        phase = (weeks // 7) % sched.every
    return (sched.cadence, sched.every, sched.weekday, sched.day, sched.nth, sched.end_date, phase)


def adherence(
    session: Session, tree: UnitTree, as_of: dt.date, window_days: int = WINDOW_DAYS
) -> dict[str, Any]:
    """LSW adherence per person (key), per unit (code, rolled up its subtree by the
    people's own units) and for the plan."""
    per_person = tallies(session, as_of, window_days)
    p = e.Person.__table__.c
    people = {
        pid: (key, name, unit)
        for pid, key, name, unit in session.execute(select(p.id, p.key, p.name, p.unit_id))
    }
    # Summed per person's own unit first, then rolled up once per unit, not per person.
    own: dict[int, list[int]] = {}
    for pid, t in per_person.items():
        sums = own.setdefault(people[pid][2], [0, 0, 0, 0])
        sums[0] += t.occurrences
        sums[1] += t.done
        sums[2] += t.missed
        sums[3] += t.skipped
    rolled: dict[int, list[int]] = {}
    for unit, sums in own.items():
        for above in tree.chain(unit):
            into = rolled.setdefault(above, [0, 0, 0, 0])
            for i in range(4):
                into[i] += sums[i]
    per_unit = {unit: Tally(*sums) for unit, sums in rolled.items()}
    plan = per_unit.get(tree.root(), Tally())
    return {
        "window_days": window_days,
        "plan": plan.as_dict(),
        "units": {tree.code(u): per_unit[u].as_dict() for u in sorted(per_unit, key=tree.code)},
        "people": {
            people[pid][0]: {
                "name": people[pid][1],
                "unit": tree.code(people[pid][2]),
                **t.as_dict(),
            }
            for pid, t in sorted(per_person.items(), key=lambda item: people[item[0]][0])
        },
    }


def _home_units(session: Session) -> dict[int, int]:
    p = e.Person
    return {int(pid): int(unit) for pid, unit in session.execute(select(p.id, p.unit_id))}


class _Read(NamedTuple):
    """What presence and findings both read, read once by :func:`measure`."""

    home: dict[int, int]
    visits: list[tuple[int, int, int]]


def _done_visits(session: Session, start: dt.date, as_of: dt.date) -> list[tuple[int, int, int]]:
    """(person, unit the routine is held in, done occurrences) of the window."""
    r, a = e.Routine, e.RoutineAnswer
    return [
        (int(person), int(unit), int(n))
        for person, unit, n in session.execute(
            select(a.person_id, r.unit_id, func.count())
            .join(r, r.id == a.routine_id)
            .where(a.day >= start, a.day <= as_of, a.state == DONE)
            .group_by(a.person_id, r.unit_id)
        ).all()
    ]


def presence(
    session: Session,
    tree: UnitTree,
    as_of: dt.date,
    window_days: int = WINDOW_DAYS,
    _read: _Read | None = None,
) -> dict[str, Any]:
    """Units visited by a leader from above in the window ÷ units with a unit above them;
    per unit over its subtree; the units nobody visited, by code."""
    start = as_of - dt.timedelta(days=window_days - 1)
    if _read is None:
        _read = _Read(_home_units(session), _done_visits(session, start, as_of))
    home = _read.home
    visits = [(person, unit) for person, unit, _n in _read.visits]
    a, f = e.RoutineAnswer, e.Finding
    seen = session.execute(
        select(a.person_id, f.unit_id)
        .join(a, a.id == f.answer_id)
        .where(a.day >= start, a.day <= as_of)
        .distinct()
    ).all()
    visited: set[int] = set()
    for person, unit in (*visits, *seen):
        mine = home.get(person)
        if mine is not None and unit != mine and mine in tree.ancestors(unit):
            visited.add(unit)
    root = tree.root()
    units = [u for u in tree.units if u != root]
    per_unit: dict[str, dict[str, Any]] = {}
    for uid in tree.units:
        below = [u for u in tree.subtree(uid) if u != root]
        n = sum(1 for u in below if u in visited)
        per_unit[tree.code(uid)] = {
            "units": len(below),
            "visited": n,
            "share": round(n / len(below), 4) if below else None,
        }
    n = sum(1 for u in units if u in visited)
    return {
        "window_days": window_days,
        "units": len(units),
        "visited": n,
        "share": round(n / len(units), 4) if units else None,
        "not_visited": sorted(tree.code(u) for u in units if u not in visited),
        "per_unit": dict(sorted(per_unit.items())),
    }


def findings(
    session: Session, as_of: dt.date, window_days: int = WINDOW_DAYS, _read: _Read | None = None
) -> dict[str, Any]:
    """Findings of the window per done visit, and what they became."""
    start = as_of - dt.timedelta(days=window_days - 1)
    if _read is None:
        _read = _Read(_home_units(session), _done_visits(session, start, as_of))
    a, f = e.RoutineAnswer, e.Finding
    walks = sum(n for person, unit, n in _read.visits if _read.home.get(person) != unit)
    outcomes: Counter[str] = Counter()
    for outcome, n in session.execute(
        select(f.outcome, func.count())
        .join(a, a.id == f.answer_id)
        .where(a.day >= start, a.day <= as_of)
        .group_by(f.outcome)
    ):
        outcomes[outcome or ""] += n
    total = sum(outcomes.values())
    return {
        "window_days": window_days,
        "walks": walks,
        "findings": total,
        "per_walk": round(total / walks, 2) if walks else None,
        "kaizens": outcomes.get("kaizen", 0),
        "problems": outcomes.get("problem", 0),
        "actions": outcomes.get("action", 0),
        "open": outcomes.get("", 0),
    }


def measure(
    session: Session, tree: UnitTree, as_of: dt.date, window_days: int = WINDOW_DAYS
) -> dict[str, Any]:
    """The three measures, as ``hoshin check --json`` gives them under ``health``."""
    start = as_of - dt.timedelta(days=window_days - 1)
    read = _Read(_home_units(session), _done_visits(session, start, as_of))
    return {
        "lsw_adherence": adherence(session, tree, as_of, window_days),
        "leadership_presence": presence(session, tree, as_of, window_days, read),
        "findings": findings(session, as_of, window_days, read),
    }


def weekly(
    session: Session, as_of: dt.date, weeks: int = 12
) -> tuple[list[dt.date], dict[int, dict[dt.date, Tally]]]:
    """Each person's tally per week (Monday to Sunday) for the ``weeks`` weeks ending with
    the week of ``as_of``: the workbook's "LSW adherence" sheet. Returns the Mondays and,
    per person id, the tally of each week (a week in which none of the person's routines
    fell due has none; a person without any has no entry).

    Counted as :func:`tallies` counts: occurrences by :func:`~hoshin.rules.cadence.count`
    per week, shared by the routines of one cadence started before the window (25,000
    routines make a few hundred such counts), answers added per week. Today's occurrence
    is due once answered, as there."""
    monday = as_of - dt.timedelta(days=as_of.weekday())
    mondays = [monday - dt.timedelta(weeks=weeks - 1 - i) for i in range(weeks)]
    start = mondays[0]
    yesterday = as_of - dt.timedelta(days=1)
    # The last day counted of each week: its Sunday, or yesterday for the current week.
    ends = [min(m + dt.timedelta(days=6), yesterday) for m in mondays]
    rows = session.execute(_routine_query(None, None)).all()
    routine = _Routines(rows)

    # Per routine and week: [done, missed, skipped with a reason, answered today].
    answered: dict[int, dict[int, list[int]]] = defaultdict(dict)
    for rid, day, state, why in routine.kept(_answer_rows(session, start, as_of)):
        week = (day - start).days // 7
        got = answered[rid].setdefault(week, [0, 0, 0, 0])
        if state == DONE:
            got[0] += 1
        elif state == MISSED:
            got[1] += 1
        elif state == SKIPPED and why:
            got[2] += 1
        if day == as_of:
            got[3] += 1
    first = start.isoformat()
    counted: dict[tuple[Any, ...], list[int]] = {}
    sums: dict[int, dict[int, list[int]]] = {}
    for row in rows:
        rid, pid = row[0], row[1]
        key = _count_key(row, routine, start, first)
        counts = counted.get(key) if key is not None else None
        if counts is None:
            sched = routine(row).schedule
            counts = [count(sched, m, last) for m, last in zip(mondays, ends, strict=True)]
            if key is not None:
                counted[key] = counts
        mine_answered = answered.get(rid, {})
        mine = None
        for week, n in enumerate(counts):
            answers = mine_answered.get(week)
            if answers is not None:
                n += answers[3]
            if not n:
                continue
            if mine is None:
                mine = sums.setdefault(pid, {})
            into = mine.get(week)
            if into is None:
                into = mine[week] = [0, 0, 0, 0]
            into[0] += n
            if answers is not None:
                into[1] += answers[0]
                into[2] += answers[1]
                into[3] += answers[2]
    out = {
        pid: {mondays[week]: Tally(*v) for week, v in sorted(per_week.items())}
        for pid, per_week in sums.items()
    }
    return mondays, out
