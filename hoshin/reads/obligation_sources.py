"""Where obligations come from: one query per kind of obligation for everyone at once (two
for a few people), each row dated by the plan's rules (:mod:`hoshin.rules.due_dates`). The
read that dates them against today and escalates them is :mod:`hoshin.reads.obligations`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Connection, Select, case, func, or_, select
from sqlalchemy.orm import Session

from hoshin.catchball.rules import OPEN_STATES
from hoshin.model import entities as e
from hoshin.model.kinds import NodeKind, OwnerRole, ProblemStatus, Tracking
from hoshin.reads.standard_work import OVERDUE_DAYS
from hoshin.rules.bowling import Status, month_status
from hoshin.rules.cadence import Schedule, occurrences
from hoshin.rules.due_dates import DueRules
from hoshin.rules.finer_months import figure
from hoshin.store.chunks import chunks
from hoshin.text.formats import month_label

#: What the reads run on: the plan's session, or a connection of its own.
Reader = Session | Connection

#: The latest due date of a person's work that can still reach the people asked for (an
#: owner asked for: every date; None: none of it can), given the unit and the owner.
Reach = Callable[[int, int], dt.date | None]


class Owed(NamedTuple):
    """An obligation before it is dated against today and escalated (a tuple: thousands
    are made for a manager's page, five times faster than a frozen dataclass)."""

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
        # The owners' rows by their ids, found first in their own table: joined to the
        # nodes with no index on the owner, SQLite walks the year's 58,000 nodes instead
        # (measured 45 ms a table; mostly there is no such row at all).
        seen = {row[0] for row in found}
        id_col = stmt.selected_columns[0]
        ids = session.execute(select(id_col).where(owner_col.in_(sorted(wanted)))).scalars()
        todo = sorted(set(ids) - seen)
        for batch in chunks(todo):
            found += session.execute(stmt.where(id_col.in_(batch))).all()
    return found


def _open_years(session: Reader, year: int) -> list[int]:
    """The year read, if it is open (a closed year owes nothing more)."""
    y = e.Year.__table__.c
    return list(session.scalars(select(y.year).where(y.state == "open", y.year == year)))


def targets(
    session: Reader,
    year: int,
    rules: DueRules,
    as_of: dt.date,
    units: set[int] | None,
    wanted: set[int] | None,
    reach: Reach | None = None,
) -> list[Owed]:
    """Monthly actuals not yet recorded, red months without a countermeasure, and open
    countermeasures: three queries (four with targets tracked finer). A target tracked finer
    than monthly derives its actual from its values, so only monthly targets owe one; a
    month is owed when it has a plan. A red month owes its countermeasure however its actual
    was made: a derived month is judged by its derived actual. With ``reach``, a finer
    target's months whose answer cannot reach the people asked for are not derived."""
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
            r.role == OwnerRole.PRIMARY.value,
        )
    )
    monthly_kinds = (None, Tracking.MONTHLY.value)

    def in_scope(chosen: Select[Any]) -> list[Any]:
        # For a few people, the units' targets and the owners' apart: each on its own
        # index (the year's nodes of a unit; a person's responsibilities), where one OR
        # walks the year's nodes.
        if units is None:
            return list(session.execute(chosen).all())
        rows: list[Any] = []
        if units:
            rows += session.execute(chosen.where(n.unit_id.in_(sorted(units)))).all()
        if wanted:
            owned = session.execute(
                select(r.node_id).where(
                    r.person_id.in_(sorted(wanted)), r.role == OwnerRole.PRIMARY.value
                )
            ).scalars()
            # Then their nodes by id alone, the kind, the year and the owner checked on the
            # rows: with any of them in the statement SQLite walks the year's nodes
            # instead of looking the ids up (measured 24 ms, then 4.5 ms, against 1 ms).
            plain = select(*chosen.selected_columns, n.kind, n.year).join(
                e.Responsibility.__table__, r.node_id == n.id
            )
            for batch in chunks(sorted(set(owned))):
                for row in session.execute(
                    plain.where(n.id.in_(batch), r.role == OwnerRole.PRIMARY.value)
                ).all():
                    if row[-2] == NodeKind.TARGET.value and row[-1] in years and row[4] in wanted:
                        rows.append(row[:-2])
        return rows

    # One read of the targets in scope, monthly and finer apart after it (the tracking is
    # the last column).
    scoped = in_scope(stmt.add_columns(n.tracking))
    out: list[Owed] = []
    # Targets tracked finer owe no actual (it is derived), only their red months' answers.
    finer = [row for row in scoped if row[6] not in monthly_kinds]
    out += _finer_red_months(session, year, rules, this_month, finer, reach)
    monthly = or_(n.tracking.is_(None), n.tracking == Tracking.MONTHLY.value)
    stmt = stmt.where(monthly)
    found = [row for row in scoped if row[6] in monthly_kinds]
    id_sets: list[Any] = (
        [stmt.with_only_columns(n.id).scalar_subquery()]
        if units is None
        else list(chunks(sorted({row[0] for row in found})))
    )
    targets = {row[0]: row for row in found}
    for ids in id_sets if targets else []:
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
            _, code, unit_id, direction, owner, title, _ = targets[node_id]
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
                    Owed(
                        f"actual:{node_id}:{month}", "actual",
                        f"Record the actual of {label} for {code}", node_id, unit_id, owner,
                        actual_due, "open", code, title,
                    )
                )  # fmt: skip
            elif month_status(direction, plan, actual) is Status.RED:
                out.append(
                    Owed(
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
            Owed(
                f"countermeasure-action:{cm_id}", "countermeasure-action",
                f"Carry out: {_short(what)}", node_id, unit_id, owner, due, "open", code, title,
            )
        )  # fmt: skip
    return out


#: How near the plan a stored figure must be to be read (settled to 9 decimals it may
#: cross the plan): far more than settling moves it, far less than any tolerance.
_SLACK = 1e-6


def _finer_red_months(
    session: Reader,
    year: int,
    rules: DueRules,
    this_month: str,
    targets: Sequence[Any],
    reach: Reach | None = None,
) -> list[Owed]:
    """The red months, without a countermeasure, of the targets tracked weekly or daily
    (``targets``: their rows): their actual is derived from their values (a month without
    any keeps its typed one). With ``reach``, only the months whose answer can reach the
    people asked for."""
    rows = {row[0]: row for row in targets}
    if not rows:
        return []
    c, m = e.Countermeasure.__table__.c, e.Measurement.__table__.c
    n, f = e.Node.__table__.c, e.MonthFigure.__table__.c
    answered = select(c.id).where(c.node_id == m.node_id, c.month == m.month).exists()
    # Each month with its figure, as the database keeps it (a month without values has
    # none, and keeps its typed actual); only those near or past the wrong side of the plan
    # come back (the stored figure is not yet settled: month_status judges the rest).
    made = (f.node_id == m.node_id) & (f.month == m.month)
    shown = func.coalesce(f.value, m.actual)
    near_wrong_side = or_(
        (n.direction == "down") & (shown > m.plan - _SLACK),
        (func.coalesce(n.direction, "up") != "down") & (shown < m.plan + _SLACK),
    )
    months: list[Any] = []
    for batch in chunks(sorted(rows)):
        months += session.execute(
            select(m.node_id, m.month, m.plan, m.actual, f.value, n.aggregation)
            .join(e.Node.__table__, n.id == m.node_id)
            .outerjoin(e.MonthFigure.__table__, made)
            .where(
                m.node_id.in_(batch),
                m.month >= f"{year:04d}-01",
                m.month < this_month,
                m.plan.is_not(None),
                near_wrong_side,
                ~answered,
            )
        ).all()
    dues: dict[str, dt.date] = {}  # a dozen months among thousands of rows
    for month in {row[1] for row in months}:
        dues[month] = rules.countermeasure_due(month)
    # With ``reach``, only the months whose answer is due early enough to reach the people
    # asked for (a company head hears of a team's red month once it is late enough to be
    # escalated twice, not of last month's).
    latest = {node_id: reach(row[2], row[4]) for node_id, row in rows.items()} if reach else {}
    out: list[Owed] = []
    for node_id, month, plan, typed, stored, aggregation in months:
        if reach is not None and ((upto := latest[node_id]) is None or dues[month] > upto):
            continue
        actual = typed if stored is None else figure(stored, aggregation)
        _, code, unit_id, direction, owner, title, _ = rows[node_id]
        if actual is None or month_status(direction, plan, actual) is not Status.RED:
            continue
        out.append(
            Owed(
                f"countermeasure:{node_id}:{month}", "countermeasure",
                f"Write a countermeasure for {code}'s red {month_label(month)}", node_id,
                unit_id, owner, dues[month], "open", code, title,
            )
        )  # fmt: skip
    return out


def catchball(
    session: Reader,
    year: int,
    rules: DueRules,
    units: set[int] | None,
    people_rows: Sequence[tuple[int, str, int]],
    wanted: set[int] | None,
) -> list[Owed]:
    """An open thread is owed by the people of the side that must answer (as "Waiting for
    me" shows it), due N working days after its last message."""
    t, msg = e.CatchballThread.__table__.c, e.CatchballMessage.__table__.c
    waiting = t.state.in_([s.value for s in OPEN_STATES]) & t.waiting.is_not(None)
    # The units read: those in scope, and those of the owners read wherever they are.
    owner_units = {unit for pid, _, unit in people_rows if wanted and pid in wanted}
    if units is not None:
        in_scope = sorted(units | owner_units)
        # The side that must answer in scope (the other side's unit does not owe it).
        waiting &= or_(
            (t.waiting == "upper") & t.upper_unit_id.in_(in_scope),
            (t.waiting == "lower") & t.lower_unit_id.in_(in_scope),
        )
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
    out: list[Owed] = []
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
                Owed(
                    f"catchball:{thread_id}", "catchball", f"Answer the catchball on {code}",
                    node_id, unit_id, pid, due, f"{state}:{round_}", code, title,
                )
            )  # fmt: skip
    return out


def dated(
    session: Reader, year: int, units: set[int] | None, wanted: set[int] | None
) -> list[Owed]:
    """Obligations that carry their own date: sustainment checks and action items of
    kaizens, action items of findings, decisions of meetings."""
    n = e.Node.__table__.c
    out: list[Owed] = []
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
            Owed(f"check:{check_id}", "check", f"Record the sustainment check of {code}",
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
            Owed(
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
            Owed(f"finding:{finding_id}", "finding", _short(text), None, unit_id, owner, due)
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
            Owed(
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


def extra(
    session: Reader,
    year: int,
    as_of: dt.date,
    units: set[int] | None,
    wanted: set[int] | None,
    people_rows: Sequence[tuple[int, str, int]],
    reach: Reach | None = None,
) -> list[Owed]:
    """Daily management: routine occurrences not answered (those of the last two weeks to
    the end of this week, as standard work shows them; older ones count as missed in the
    adherence measure, not as work owed), and open problems with a due date.

    With ``reach``, only the occurrences that can reach the people asked for are made: a
    company's routines make 20,000 occurrences, of which a manager hears of the late few."""
    out: list[Owed] = []
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
    people: set[int] | None = None
    if units is not None:
        # A routine is owed by its person, escalated in the person's own unit.
        people = {pid for pid, unit in unit_of.items() if unit in units} | (wanted or set())
    latest: dict[int, dt.date] = {}
    if reach is not None:
        for pid in unit_of if people is None else people:
            upto = reach(unit_of.get(pid, 0), pid)
            if upto is not None and upto >= start:
                latest[pid] = min(upto, end)
        people = set(latest)
    if people is not None:
        stmt = stmt.where(r.person_id.in_(sorted(people)))
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
            # What every occurrence of the routine shares, made once (a company's routines
            # make 100,000 occurrences for everyone's read).
            what, unit_id = _short(title), unit_of.get(pid, 0)
            code, ntitle = code or "", ntitle or ""
            for when in occurrences(schedule, start, latest.get(pid, end)):
                if (rid, when) not in answered:
                    out.append(
                        Owed(
                            f"routine:{rid}:{when.isoformat()}", "routine", what, node,
                            unit_id, pid, when, "open", code, ntitle,
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
            Owed(
                f"problem:{problem_id}", "problem", _short(title), node, unit_id, owner, due,
                f"{status}:{tier}", code or "", ntitle or "",
            )
        )  # fmt: skip
    return out


def _short(text: str, width: int = 120) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"
