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
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, Select, case, false, func, or_, select
from sqlalchemy.orm import Session

from hoshin.catchball.rules import OPEN_STATES
from hoshin.model import entities as e
from hoshin.model.kinds import Access, NodeKind, OwnerRole, ProblemStatus, Tracking
from hoshin.model.plan_settings import PlanSettings
from hoshin.reads.standard_work import OVERDUE_DAYS
from hoshin.rules.bowling import Status, month_status
from hoshin.rules.cadence import Schedule, occurrences
from hoshin.rules.due_dates import DueRules
from hoshin.rules.years import shown_year
from hoshin.text.formats import month_label

#: What the reads run on: the plan's session, or a connection of its own.
Reader = Session | Connection
#: The groups of "My work", in the order a person reads them.
GROUPS = ("overdue", "today", "this week", "later")
#: Roles whose holder is "the manager of the unit" (and of every unit below it).
MANAGING = (Access.MANAGER.value, Access.EXECUTIVE.value)


@dataclass(frozen=True)
class Obligation:
    """One thing one person owes, dated by the plan's rule."""

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


@dataclass(frozen=True)
class _Owed:
    """An obligation before it is dated against today and escalated."""

    key: str
    kind: str
    title: str
    node_id: int | None
    unit_id: int
    owner_id: int
    due: dt.date
    state: str = "open"
    node_code: str = ""
    node_title: str = ""


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
                owners.update(*levels[:2])
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
    if isinstance(bind, Engine):
        # A connection of its own: the session's year scope rewrites every statement on
        # its connection (4 ms each, measured, half of a manager's read); the year is
        # named in each join to the nodes below instead.
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

    owed: list[_Owed] = []
    owed += _targets(session, year, rules, as_of, units, owners)
    owed += _catchball(session, year, rules, units, people_rows, owners)
    owed += _dated(session, year, units, owners)
    owed += _extra(session, year, as_of, units, owners, people_rows)

    agendas: dict[int, Agenda] = {}

    def agenda(person_id: int) -> Agenda:
        found = agendas.get(person_id)
        if found is None:
            found = agendas[person_id] = Agenda(person_id, names.get(person_id, ""), as_of)
        return found

    for pid in wanted or ():
        agenda(pid)
    # Few distinct due dates and (unit, owner) pairs: each is worked out once.
    lateness: dict[dt.date, int] = {}
    chains: dict[tuple[int, int], list[frozenset[int]]] = {}
    for o in sorted(owed, key=lambda o: (o.due, o.key, o.owner_id)):
        late = lateness.get(o.due)
        if late is None:
            late = lateness[o.due] = rules.days_overdue(o.due, as_of)
        chain: list[frozenset[int]] = []
        if late:
            found = chains.get((o.unit_id, o.owner_id))
            if found is None:
                found = chains[o.unit_id, o.owner_id] = managers.chain(o.unit_id, o.owner_id)
            chain = found
        step = min(rules.escalation_step(late), len(chain))
        mine = wanted is None or o.owner_id in wanted
        # The nearest managers see every overdue item of their people; past the thresholds
        # the item is escalated to them, then to the level above.
        watchers = [pid for pid in chain[0] if wanted is None or pid in wanted] if chain else []
        told = [pid for level in chain[:step] for pid in level if wanted is None or pid in wanted]
        if not (mine or watchers or told):
            continue  # read for the scope, but nobody asked for hears of it
        ob = Obligation(
            o.key, o.kind, o.title, o.node_id, o.node_code, o.node_title, o.unit_id,
            o.owner_id, names.get(o.owner_id, ""), o.due, late, step, o.state,
            fingerprint(o.due, step, o.state),
        )  # fmt: skip
        if mine:
            agenda(o.owner_id).own.append(ob)
        for pid in watchers:
            _add_once(agenda(pid).people_overdue, ob)
        for pid in told:
            _add_once(agenda(pid).escalated, ob)
    return agendas


def _add_once(items: list[Obligation], ob: Obligation) -> None:
    # An obligation several people of a unit owe (a catchball answer) is told once; the
    # owed rows come sorted by key within a day, so a repeat is always the last one added.
    if not items or items[-1].key != ob.key:
        items.append(ob)


def _in_scope(
    unit_col: ColumnElement[int],
    owner_col: ColumnElement[int] | None,
    units: set[int] | None,
    wanted: set[int] | None,
) -> ColumnElement[bool]:
    """The rows a restricted read needs: in the units in scope, or owed by a wanted person."""
    if units is None:
        return unit_col.is_not(None)
    clauses: list[ColumnElement[bool]] = [unit_col.in_(sorted(units))] if units else []
    if owner_col is not None and wanted:
        clauses.append(owner_col.in_(sorted(wanted)))
    return or_(*clauses) if clauses else false()


def _scoped(
    session: Reader,
    stmt: Select[Any],
    unit_col: ColumnElement[int],
    owner_col: ColumnElement[int],
    units: set[int] | None,
    wanted: set[int] | None,
) -> list[Any]:
    """The rows of ``stmt`` in the units in scope, and those owed by the wanted people.

    Two queries rather than one with OR: each then runs on its own index (a unit's nodes,
    the owner's rows) instead of a scan of every row joined to its node; the first column
    is the row's id, which drops a row both queries find."""
    if units is None:
        return list(session.execute(stmt).all())
    in_units: ColumnElement[bool] = unit_col.in_(sorted(units))
    found = list(session.execute(stmt.where(in_units)).all()) if units else []
    if wanted:
        seen = {row[0] for row in found}
        found += [
            row
            for row in session.execute(stmt.where(owner_col.in_(sorted(wanted)))).all()
            if row[0] not in seen
        ]
    return found


def _open_years(session: Reader, year: int) -> list[int]:
    """The year read, if it is open (a closed year owes nothing more)."""
    y = e.Year.__table__.c
    return list(session.scalars(select(y.year).where(y.state == "open", y.year == year)))


def _targets(
    session: Reader,
    year: int,
    rules: DueRules,
    as_of: dt.date,
    units: set[int] | None,
    wanted: set[int] | None,
) -> list[_Owed]:
    """Monthly actuals not yet recorded, red months without a countermeasure, and open
    countermeasures: three queries. A target tracked finer than monthly derives its actual
    from its values, so only monthly targets owe one; a month is owed when it has a plan."""
    years = _open_years(session, year)
    if not years:
        return []
    n, r = e.Node.__table__.c, e.Responsibility.__table__.c
    this_month = as_of.strftime("%Y-%m")
    stmt = (
        select(n.id, n.code, n.unit_id, n.direction, r.person_id, n.title)
        .join(e.Responsibility.__table__, r.node_id == n.id)
        .where(
            n.kind == NodeKind.TARGET.value,
            n.year.in_(years),
            or_(n.tracking.is_(None), n.tracking == Tracking.MONTHLY.value),
            r.role == OwnerRole.PRIMARY.value,
            _in_scope(n.unit_id, r.person_id, units, wanted),
        )
    )
    targets = {row[0]: row for row in session.execute(stmt).all()}
    out: list[_Owed] = []
    if targets:
        ids = stmt.with_only_columns(n.id).scalar_subquery()
        c, m = e.Countermeasure.__table__.c, e.Measurement.__table__.c
        # Only the months that may owe something come back: no actual yet, or an actual on
        # the wrong side of the plan with no countermeasure (month_status decides "red").
        answered = select(c.id).where(c.node_id == m.node_id, c.month == m.month).exists()
        wrong_side = or_(
            (n.direction == "down") & (m.actual > m.plan),
            (func.coalesce(n.direction, "up") != "down") & (m.actual < m.plan),
        )
        first = f"{min(years):04d}-01"
        per_month: dict[str, tuple[str, dt.date, dt.date]] = {}
        for node_id, month, plan, actual in session.execute(
            select(m.node_id, m.month, m.plan, m.actual)
            .join(e.Node.__table__, (n.id == m.node_id) & (n.year == year))
            .where(
                m.node_id.in_(ids),
                m.month >= first,
                m.month <= this_month,
                m.plan.is_not(None),
                or_(m.actual.is_(None), wrong_side & (m.month < this_month) & ~answered),
            )
        ).all():
            _, code, unit_id, direction, owner, title = targets[node_id]
            dates = per_month.get(month)
            if dates is None:
                dates = per_month[month] = (
                    month_label(month),
                    rules.actual_due(month),
                    rules.countermeasure_due(month),
                )
            label, actual_due, countermeasure_due = dates
            if actual is None:
                out.append(
                    _Owed(
                        f"actual:{node_id}:{month}", "actual",
                        f"Record the actual of {label} for {code}", node_id, unit_id, owner,
                        actual_due, "open", code, title,
                    )
                )  # fmt: skip
            elif month_status(direction, plan, actual) is Status.RED:
                out.append(
                    _Owed(
                        f"countermeasure:{node_id}:{month}", "countermeasure",
                        f"Write a countermeasure for {code}'s red {label}", node_id, unit_id,
                        owner, countermeasure_due, "open", code, title,
                    )
                )  # fmt: skip
    c = e.Countermeasure.__table__.c
    for cm_id, node_id, unit_id, what, owner, due, code, title in _scoped(
        session,
        select(c.id, c.node_id, n.unit_id, c.what, c.owner_id, c.due, n.code, n.title)
        .join(e.Node.__table__, (n.id == c.node_id) & (n.year == year))
        .where(
            c.done.is_(False),
            c.owner_id.is_not(None),
            c.due.is_not(None),
            n.year.in_(years),
        ),
        n.unit_id,
        c.owner_id,
        units,
        wanted,
    ):
        out.append(
            _Owed(
                f"countermeasure-action:{cm_id}", "countermeasure-action",
                f"Carry out: {_short(what)}", node_id, unit_id, owner, due, "open", code, title,
            )
        )  # fmt: skip
    return out


def _catchball(
    session: Reader,
    year: int,
    rules: DueRules,
    units: set[int] | None,
    people_rows: Sequence[tuple[int, str, int]],
    wanted: set[int] | None,
) -> list[_Owed]:
    """An open thread is owed by the people of the side that must answer (as "Waiting for
    me" shows it), due N working days after its last message."""
    t, msg = e.CatchballThread.__table__.c, e.CatchballMessage.__table__.c
    waiting = t.state.in_([s.value for s in OPEN_STATES]) & t.waiting.is_not(None)
    # The units read: those in scope, and those of the owners read wherever they are.
    owner_units = {unit for pid, _, unit in people_rows if wanted and pid in wanted}
    if units is not None:
        in_scope = sorted(units | owner_units)
        waiting &= or_(t.upper_unit_id.in_(in_scope), t.lower_unit_id.in_(in_scope))
    # The last message of the open threads only: by the thread index, not all 200,000.
    last = (
        select(msg.thread_id, func.max(msg.created_at).label("at"))
        .where(msg.thread_id.in_(select(t.id).where(waiting)))
        .group_by(msg.thread_id)
        .subquery()
    )
    n = e.Node.__table__.c
    node = func.coalesce(
        case((t.waiting == "lower", t.child_node_id), else_=None), t.node_id
    ).label("node")
    stmt = (
        select(t.id, node, t.upper_unit_id, t.lower_unit_id, t.waiting, t.state, t.round,
               last.c.at, n.code, n.title)
        .join(last, last.c.thread_id == t.id)
        .join(e.Node.__table__, (n.id == node) & (n.year == year))
        .where(waiting)
    )  # fmt: skip
    by_unit: dict[int, list[int]] = defaultdict(list)
    for pid, _, unit_id in people_rows:
        by_unit[unit_id].append(pid)
    out: list[_Owed] = []
    dues: dict[dt.date, dt.date] = {}
    for thread_id, node_id, upper, lower, side, state, round_, at, code, title in session.execute(
        stmt
    ).all():
        unit_id = upper if side == "upper" else lower
        if units is not None and unit_id not in units and unit_id not in owner_units:
            continue
        offered = at.date() if isinstance(at, dt.datetime) else at
        due = dues.get(offered)
        if due is None:
            due = dues[offered] = rules.catchball_due(offered)
        everyone = units is None or unit_id in units
        for pid in by_unit.get(unit_id, ()):
            if not everyone and (wanted is None or pid not in wanted):
                continue
            out.append(
                _Owed(
                    f"catchball:{thread_id}", "catchball", f"Answer the catchball on {code}",
                    node_id, unit_id, pid, due, f"{state}:{round_}", code, title,
                )
            )  # fmt: skip
    return out


def _dated(
    session: Reader, year: int, units: set[int] | None, wanted: set[int] | None
) -> list[_Owed]:
    """Obligations that carry their own date: sustainment checks and action items of
    kaizens, action items of findings, decisions of meetings."""
    n = e.Node.__table__.c
    out: list[_Owed] = []
    s = e.SustainmentCheck.__table__.c
    for check_id, kaizen_id, unit_id, owner, due, code, title in _scoped(
        session,
        select(s.id, s.kaizen_id, n.unit_id, s.owner_id, s.due, n.code, n.title)
        .join(e.Node.__table__, (n.id == s.kaizen_id) & (n.year == year))
        .where(
            s.result.is_(None),
            s.owner_id.is_not(None),
        ),
        n.unit_id,
        s.owner_id,
        units,
        wanted,
    ):
        out.append(
            _Owed(f"check:{check_id}", "check", f"Record the sustainment check of {code}",
                  kaizen_id, unit_id, owner, due, "open", code, title)
        )  # fmt: skip
    a = e.ActionItem.__table__.c
    for item_id, kaizen_id, unit_id, what, owner, due, code, title in _scoped(
        session,
        select(a.id, a.kaizen_id, n.unit_id, a.title, a.owner_id, a.due, n.code, n.title)
        .join(e.Node.__table__, (n.id == a.kaizen_id) & (n.year == year))
        .where(
            a.done.is_(False),
            a.owner_id.is_not(None),
            a.due.is_not(None),
        ),
        n.unit_id,
        a.owner_id,
        units,
        wanted,
    ):
        out.append(
            _Owed(
                f"action:{item_id}",
                "action",
                _short(what),
                kaizen_id,
                unit_id,
                owner,
                due,
                "open",
                code,
                title,
            )
        )
    f = e.Finding.__table__.c
    for finding_id, unit_id, text, owner, due in _scoped(
        session,
        select(f.id, f.unit_id, f.text, f.owner_id, f.due).where(
            f.outcome == "action",
            f.done.is_(False),
            f.owner_id.is_not(None),
            f.due.is_not(None),
        ),
        f.unit_id,
        f.owner_id,
        units,
        wanted,
    ):
        out.append(
            _Owed(f"finding:{finding_id}", "finding", _short(text), None, unit_id, owner, due)
        )
    d, mt, it = (
        e.MeetingDecision.__table__.c,
        e.Meeting.__table__.c,
        e.MeetingItem.__table__.c,
    )
    for decision_id, unit_id, text, owner, due, node_id, code, title in _scoped(
        session,
        select(d.id, mt.unit_id, d.text, d.owner_id, d.due, it.node_id, n.code, n.title)
        .join(e.Meeting.__table__, mt.id == d.meeting_id)
        .outerjoin(e.MeetingItem.__table__, it.id == d.item_id)
        .outerjoin(e.Node.__table__, (n.id == it.node_id) & (n.year == year))
        .where(
            d.done.is_(False),
            d.owner_id.is_not(None),
            d.due.is_not(None),
        ),
        mt.unit_id,
        d.owner_id,
        units,
        wanted,
    ):
        out.append(
            _Owed(
                f"decision:{decision_id}",
                "decision",
                _short(text),
                node_id,
                unit_id,
                owner,
                due,
                "open",
                code or "",
                title or "",
            )
        )
    return out


def _extra(
    session: Reader,
    year: int,
    as_of: dt.date,
    units: set[int] | None,
    wanted: set[int] | None,
    people_rows: Sequence[tuple[int, str, int]],
) -> list[_Owed]:
    """Daily management: routine occurrences not answered (those of the last two weeks to
    the end of this week, as standard work shows them; older ones count as missed in the
    adherence measure, not as work owed), and open problems with a due date."""
    out: list[_Owed] = []
    unit_of = {pid: unit for pid, _, unit in people_rows}
    r, a, n = e.Routine.__table__.c, e.RoutineAnswer.__table__.c, e.Node.__table__.c
    start = as_of - dt.timedelta(days=OVERDUE_DAYS)
    end = as_of + dt.timedelta(days=6 - as_of.weekday())
    stmt = (
        select(r.id, r.person_id, r.title, r.cadence, r.every, r.weekday, r.day, r.nth,
               r.start_date, r.end_date, r.node_id, n.code, n.title)
        .outerjoin(e.Node.__table__, (n.id == r.node_id) & (n.year == year))
        .where(r.start_date <= end, or_(r.end_date.is_(None), r.end_date >= start))
    )  # fmt: skip
    if units is not None:
        # A routine is owed by its person, escalated in the person's own unit.
        in_scope = [pid for pid, unit in unit_of.items() if unit in units]
        stmt = stmt.where(r.person_id.in_(sorted(set(in_scope) | (wanted or set()))))
    rows = session.execute(stmt).all()
    if rows:
        answered = set(
            session.execute(
                select(a.routine_id, a.day).where(
                    a.routine_id.in_(stmt.with_only_columns(r.id).scalar_subquery()),
                    a.day >= start,
                    a.day <= end,
                )
            ).all()
        )
        for (
            rid,
            pid,
            title,
            cadence,
            every,
            weekday,
            day,
            nth,
            first,
            last,
            node,
            code,
            ntitle,
        ) in rows:
            schedule = Schedule(cadence, first, every or 1, weekday, day, nth, last)
            for when in occurrences(schedule, start, end):
                if (rid, when) not in answered:
                    out.append(
                        _Owed(
                            f"routine:{rid}:{when.isoformat()}", "routine", _short(title),
                            node, unit_of.get(pid, 0), pid, when, "open", code or "",
                            ntitle or "",
                        )
                    )  # fmt: skip
    p = e.Problem.__table__.c
    for problem_id, unit_id, title, owner, due, status, tier, node, code, ntitle in _scoped(
        session,

        select(p.id, p.unit_id, p.title, p.owner_id, p.due, p.status, p.tier, p.node_id,
               n.code, n.title)
        .outerjoin(e.Node.__table__, (n.id == p.node_id) & (n.year == year))
        .where(
            p.status != ProblemStatus.SOLVED.value,
            p.owner_id.is_not(None),
            p.due.is_not(None),
        )
        ,p.unit_id, p.owner_id, units, wanted
    ):  # fmt: skip
        out.append(
            _Owed(
                f"problem:{problem_id}", "problem", _short(title), node, unit_id, owner, due,
                f"{status}:{tier}", code or "", ntitle or "",
            )
        )  # fmt: skip
    return out


def _short(text: str, width: int = 120) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


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
