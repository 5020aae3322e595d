"""What each person owes, and when (DESIGN §6b "Obligation"): the read behind "My work",
``hoshin agenda``, the calendar and the reminders.

Every kind of obligation is read with one query for all people at once (never a query per
person or per node), dated by :mod:`hoshin.rules.due_dates` and escalated up the unit tree
to the nearest managers. Asked for a few people (``person_ids``), only the units those
people could hear about are read: a department manager's "My work" reads a department.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import NamedTuple

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from hoshin.model import entities as e
from hoshin.model.kinds import Access
from hoshin.model.plan_settings import PlanSettings
from hoshin.reads import obligation_sources as sources
from hoshin.reads.obligation_sources import Owed, Reader
from hoshin.rules.due_dates import DueRules
from hoshin.rules.years import shown_year
from hoshin.store.collector import collector_paused
from hoshin.store.storage import WRITES

#: The groups of "My work", in the order a person reads them.
GROUPS = ("overdue", "today", "this week", "later")
#: The order the loop of :func:`_obligations` reads obligations in: by due date, then key.
_ORDER = attrgetter("due", "key", "owner_id")
#: Roles whose holder is "the manager of the unit" (and of every unit below it).
MANAGING = (Access.MANAGER.value, Access.EXECUTIVE.value)


class Obligation(NamedTuple):
    """One thing one person owes, dated by the plan's rule (a tuple: a company head's page
    makes thousands, five times faster than a frozen dataclass)."""

    key: str  # stable across reads: actual:<node id>:2026-10, check:<id>, …
    kind: str  # actual | countermeasure | countermeasure-action | catchball | check | action …
    title: str
    node_id: int | None
    node_code: str
    node_title: str
    unit_id: int
    owner_id: int
    owner: str
    due: dt.date
    days_overdue: int  # working days past due (0: not overdue)
    step: int  # escalation: 0 the owner, 1 also the unit's manager, 2 also the one above
    state: str  # what else identifies the state told (a catchball's round …)
    fingerprint: str  # changes when the due date, the escalation step or the state changes

    def group(self, as_of: dt.date) -> str:
        if self.due < as_of:
            return "overdue"
        if self.due == as_of:
            return "today"
        if self.due <= as_of + dt.timedelta(days=6 - as_of.weekday()):
            return "this week"
        return "later"


@dataclass
class Agenda:
    """One person's obligations: their own, the late ones escalated to them, and (for a
    manager) what their people owe that is overdue."""

    person_id: int
    name: str
    as_of: dt.date
    own: list[Obligation] = field(default_factory=list)
    escalated: list[Obligation] = field(default_factory=list)
    people_overdue: list[Obligation] = field(default_factory=list)

    def escalated_from_below(self) -> list[Obligation]:
        """The escalations that are not already among my people's overdue items (those of
        the people of the managers below me)."""
        mine = {ob.key for ob in self.people_overdue}
        return [ob for ob in self.escalated if ob.key not in mine]

    def groups(self) -> dict[str, list[Obligation]]:
        out: dict[str, list[Obligation]] = {g: [] for g in GROUPS}
        for ob in self.own:
            out[ob.group(self.as_of)].append(ob)
        return out


def fingerprint(due: dt.date, step: int, state: str) -> str:
    """What a reminder remembers of an obligation it told: readable, and different as soon
    as the due date, the escalation step or the state differs (the key is kept apart)."""
    return f"{due.isoformat()}|{step}|{state}"[:64]


class _Managers:
    """The managers of every unit: those holding a managing role on it or a unit above,
    the nearest first (in a plan without roles, the first person of each unit)."""

    def __init__(self, session: Reader) -> None:
        u = e.Unit.__table__.c
        self.parent: dict[int, int | None] = dict(session.execute(select(u.id, u.parent_id)).all())
        r = e.UnitRole.__table__.c
        self.on: dict[int, set[int]] = defaultdict(set)
        for person_id, unit_id in session.execute(
            select(r.person_id, r.unit_id).where(r.role.in_(MANAGING))
        ):
            self.on[unit_id].add(person_id)
        if not self.on:
            # A plan without roles (a personal file) names no manager: the first person of
            # each unit heads it, as the sample and the generated plans are written.
            p = e.Person.__table__.c
            for unit_id, head in session.execute(
                select(p.unit_id, func.min(p.id)).group_by(p.unit_id)
            ):
                self.on[unit_id].add(head)
        self._levels: dict[int, list[frozenset[int]]] = {}

    def levels(self, unit_id: int) -> list[frozenset[int]]:
        """The managers of a unit level by level, going up (levels without one skipped)."""
        found = self._levels.get(unit_id)
        if found is None:
            found = []
            seen: set[int] = set()
            cursor: int | None = unit_id
            while cursor is not None and cursor not in seen:
                seen.add(cursor)
                if self.on.get(cursor):
                    found.append(frozenset(self.on[cursor]))
                cursor = self.parent.get(cursor)
            self._levels[unit_id] = found
        return found

    def chain(self, unit_id: int, owner_id: int) -> list[frozenset[int]]:
        """Who hears of a late obligation: step 1 the nearest managers other than its
        owner, step 2 the managers of the level above them."""
        out = []
        for level in self.levels(unit_id):
            others = level - {owner_id}
            if others:
                out.append(others)
                if len(out) == 2:
                    break
        return out

    def scope(self, person_ids: Iterable[int]) -> tuple[set[int], set[int]]:
        """Where obligations may reach these people as managers: the units where they are
        among the two nearest managing levels (any owner's late work reaches them), and
        the owners whose own late work skips a level to reach them further up (a manager
        is not told of their own work: those of the two nearest levels of a unit where
        these people are the third or fourth)."""
        wanted = set(person_ids)
        near: set[int] = set()
        owners: set[int] = set()
        for unit_id in self.parent:
            levels = self.levels(unit_id)[:4]
            if any(level & wanted for level in levels[:2]):
                near.add(unit_id)
            elif any(level & wanted for level in levels[2:]):
                # Only the managers whose own late work here does reach these people (a
                # root manager is the fourth level of a thousand teams, and reached from
                # none of their heads): fewer owners read wherever their work is.
                owners.update(
                    pid
                    for pid in frozenset().union(*levels[:2])
                    if any(level & wanted for level in self.chain(unit_id, pid))
                )
        return near, owners


def obligations(
    session: Session, as_of: dt.date, person_ids: Sequence[int] | None = None
) -> dict[int, Agenda]:
    """Every person's :class:`Agenda` on ``as_of`` (or only those of ``person_ids``).

    Args:
        session: an open session of the plan.
        as_of: the day to date against (today).
        person_ids: the people wanted; None for everyone who owes or hears of anything.

    Returns:
        Agendas by person id, their lists ordered by due date then key.
    """
    year = shown_year(session)
    rules = DueRules.from_settings(PlanSettings.load(session))
    bind = session.get_bind()
    # Inside an edit (a new meeting's agenda) the session holds SQLite's write lock: a
    # connection of its own would begin IMMEDIATE too and wait on this very edit until
    # "database is locked". The edit's own session reads, and sees what the edit wrote.
    with collector_paused():
        if isinstance(bind, Engine) and not bind.get_execution_options().get(WRITES):
            # A connection of its own: the session's year scope rewrites every statement
            # on its connection (4 ms each, measured, half of a manager's read); the year
            # is named in each join to the nodes below instead.
            with bind.connect() as conn:
                return _obligations(conn, year, rules, as_of, person_ids)
        return _obligations(session, year, rules, as_of, person_ids)


def _obligations(
    session: Reader,
    year: int,
    rules: DueRules,
    as_of: dt.date,
    person_ids: Sequence[int] | None,
) -> dict[int, Agenda]:
    managers = _Managers(session)
    wanted = set(person_ids) if person_ids is not None else None
    p = e.Person.__table__.c
    people_rows = session.execute(select(p.id, p.name, p.unit_id)).all()
    names = {pid: name for pid, name, _ in people_rows}
    # What is read: the units in scope, and the work of these owners wherever it is (the
    # wanted people's own, and the managers' whose late work skips up to them).
    units: set[int] | None = None
    owners: set[int] | None = None
    if wanted is not None:
        units, far = managers.scope(wanted)
        units |= {unit for pid, _, unit in people_rows if pid in wanted}
        owners = wanted | far
        if len(units) == len(managers.parent):
            units = owners = None  # everything is in scope: no filter at all

    reach = _Reach(managers, rules, as_of, wanted).latest_due if wanted is not None else None
    owed: list[Owed] = []
    owed += sources.targets(session, year, rules, as_of, units, owners, reach)
    owed += sources.catchball(session, year, rules, units, people_rows, owners)
    owed += sources.dated(session, year, units, owners)
    owed += sources.extra(session, year, as_of, units, owners, people_rows, reach)

    agendas: dict[int, Agenda] = {}

    def agenda(person_id: int) -> Agenda:
        found = agendas.get(person_id)
        if found is None:
            found = agendas[person_id] = Agenda(person_id, names.get(person_id, ""), as_of)
        return found

    for pid in wanted or ():
        agenda(pid)
    # Few distinct due dates, (unit, owner) pairs and states: each is worked out once, who
    # hears of an obligation once per pair and escalation step. The loop runs for each of
    # everyone's 127,000 obligations (reminders): it looks up rather than works out.
    lateness: dict[dt.date, tuple[int, int]] = {}
    hearing: dict[tuple[int, int, int], tuple[int, list[int], list[int]]] = {}
    prints: dict[tuple[dt.date, int, str], str] = {}
    for o in sorted(owed, key=_ORDER):
        due = o.due
        dated = lateness.get(due)
        if dated is None:
            days = rules.days_overdue(due, as_of)
            # -1: not late (no chain at all), else the step its lateness calls for.
            dated = lateness[due] = (days, rules.escalation_step(days) if days else -1)
        late, wants = dated
        heard = hearing.get((o.unit_id, o.owner_id, wants))
        if heard is None:
            chain = managers.chain(o.unit_id, o.owner_id) if wants >= 0 else []
            at = min(max(wants, 0), len(chain))
            # The nearest managers see every overdue item of their people; past the
            # thresholds the item is escalated to them, then to the level above.
            heard = hearing[o.unit_id, o.owner_id, wants] = (
                at,
                [pid for pid in chain[0] if wanted is None or pid in wanted] if chain else [],
                [pid for level in chain[:at] for pid in level if wanted is None or pid in wanted],
            )
        step, watchers, told = heard
        mine = wanted is None or o.owner_id in wanted
        if not (mine or watchers or told):
            continue  # read for the scope, but nobody asked for hears of it
        told_as = prints.get((due, step, o.state))
        if told_as is None:
            told_as = prints[due, step, o.state] = fingerprint(due, step, o.state)
        ob = Obligation(
            o.key, o.kind, o.title, o.node_id, o.node_code, o.node_title, o.unit_id,
            o.owner_id, names.get(o.owner_id, ""), due, late, step, o.state, told_as,
        )  # fmt: skip
        if mine:
            (agendas.get(o.owner_id) or agenda(o.owner_id)).own.append(ob)
        # An obligation several people of a unit owe (a catchball answer) is told once; the
        # rows come sorted by key within a day, so a repeat is always the last one added.
        for pid in watchers:
            items = (agendas.get(pid) or agenda(pid)).people_overdue
            if not items or items[-1].key != ob.key:
                items.append(ob)
        for pid in told:
            items = (agendas.get(pid) or agenda(pid)).escalated
            if not items or items[-1].key != ob.key:
                items.append(ob)
    return agendas


class _Reach:
    """Which of a person's obligations can reach the people asked for, by due date: the
    loop of :func:`_obligations` tells a wanted person of another's obligation only when it
    is late enough for the escalation step of the level they are at in its chain."""

    def __init__(
        self, managers: _Managers, rules: DueRules, as_of: dt.date, wanted: set[int]
    ) -> None:
        self.managers, self.rules, self.as_of, self.wanted = managers, rules, as_of, wanted
        self._by_step: dict[int, dt.date | None] = {}

    def latest_due(self, unit_id: int, owner_id: int) -> dt.date | None:
        if owner_id in self.wanted:
            return dt.date.max
        chain = self.managers.chain(unit_id, owner_id)
        for i, level in enumerate(chain):
            if level & self.wanted:
                # Level i hears from step i + 1 (the nearest managers watch every late item).
                return self._latest(i + 1)
        return None

    def _latest(self, step: int) -> dt.date | None:
        """The latest due date late enough, on ``as_of``, for escalation step ``step``."""
        if step not in self._by_step:
            found: dt.date | None = None
            due = self.as_of - dt.timedelta(days=1)
            for _ in range(3660):  # days_overdue grows as the due date goes back
                late = self.rules.days_overdue(due, self.as_of)
                if late and (step == 1 or self.rules.escalation_step(late) >= step):
                    found = due
                    break
                due -= dt.timedelta(days=1)
            self._by_step[step] = found
        return self._by_step[step]


def for_person(session: Session, as_of: dt.date, person_id: int) -> Agenda:
    """One person's agenda (an empty one when they owe nothing)."""
    return obligations(session, as_of, [person_id]).get(person_id, Agenda(person_id, "", as_of))


@dataclass(frozen=True)
class Me:
    """The person "My work" is for."""

    id: int
    key: str
    name: str
    unit: str


def my_work(session: Session, person_key: str, as_of: dt.date) -> tuple[Me, Agenda] | None:
    """The screen's read: the person of ``person_key`` and their agenda (None: no such
    person in the plan, as when a remembered person was removed)."""
    p, u = e.Person.__table__.c, e.Unit.__table__.c
    row = session.execute(
        select(p.id, p.key, p.name, u.name)
        .join(e.Unit.__table__, u.id == p.unit_id)
        .where(p.key == person_key)
    ).first()
    if row is None:
        return None
    me = Me(*row)
    return me, for_person(session, as_of, me.id)
