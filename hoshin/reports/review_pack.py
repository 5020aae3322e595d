"""The review pack: the monthly review as a few landscape pages a board can read.

The figures of :mod:`hoshin.reads.monthly_review` plus what a board asks next: how each target
trended over the year, how the unit's health moved since last month, which catchball is
still open, how the deployed goals are covered below, and which kaizens count as
progress. Everything is read here, Qt-free, in bulk queries; ``views.review.pdf`` lays it
out. Number formats are decided here too, once per target, so a target's plan, actual
and goal always share their decimals.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from hoshin.catchball.rules import OPEN_STATES, Side
from hoshin.graph import StrategyGraph
from hoshin.model import entities as e
from hoshin.model.errors import HoshinError
from hoshin.model.kinds import (
    ACTIVE_STATUSES,
    Aggregation,
    Direction,
    EdgeKind,
    KaizenStatus,
    NodeKind,
)
from hoshin.model.lookups import find_person
from hoshin.plan import Plan
from hoshin.reads import health
from hoshin.reads.daily_management import daily_management
from hoshin.reads.monthly_review import MonthlyReview, build_review
from hoshin.reads.units import UnitTree
from hoshin.reports import review_pack_kaizens as kaizens
from hoshin.reports.review_pack_kaizens import KaizenItem
from hoshin.rules import standard_work
from hoshin.rules.bowling import Status, TargetRow, month_status, months_of
from hoshin.rules.deployment import gap_of
from hoshin.rules.finer_months import with_derived
from hoshin.text import formats
from hoshin.text.formats import grouped

#: Status marks of the pack. ● ○ △ are the X-matrix's correlation strengths, so "within
#: 5 %" is ≈ here, as in the workbook.
MARKS: dict[Status, str] = {Status.GREEN: "✔", Status.YELLOW: "≈", Status.RED: "✖"}
MAX_DECIMALS = 2
DEMAND_WINDOW_DAYS = 90
#: The window of the daily-management figures: a month of huddles.
DAILY_WINDOW_DAYS = 30


def decimals_of(values: list[float | None]) -> int:
    """The fewest decimals (up to two) that show every one of ``values`` as stored."""
    places = 0
    for value in values:
        if value is None or not math.isfinite(value):
            continue
        while places < MAX_DECIMALS and round(value, places) != round(value, MAX_DECIMALS):
            places += 1
    return places


@dataclass(frozen=True)
class HealthMeasure:
    """One health figure of the unit at the end of the month and of the month before."""

    label: str
    now: float | None
    before: float | None
    percent: bool  # a share (0–1) shown as a percentage; else a count
    higher_is_better: bool
    decimals: int = 0  # of a figure that is not a share (findings per walk: 2)

    def text(self, value: float | None) -> str:
        if self.percent:
            return formats.percent(value)
        return formats.grouped(value, self.decimals)

    @property
    def trend(self) -> str:
        """'better', 'worse' or 'same' since the month before ('' when either is missing)."""
        if self.now is None or self.before is None:
            return ""
        if self.now == self.before:
            return "same"
        return "better" if (self.now > self.before) == self.higher_is_better else "worse"


@dataclass(frozen=True)
class OpenThread:
    code: str
    title: str
    upper: str
    lower: str
    state: str
    round: int
    days_open: int
    waiting: str


@dataclass(frozen=True)
class CountermeasureLine:
    what: str
    owner: str
    due: dt.date | None
    state: str  # done | open | overdue


@dataclass(frozen=True)
class Commitment:
    unit: str
    code: str
    title: str
    commitment: float | None
    latest_month: str
    latest_actual: float | None
    status: Status | None
    negotiating: str = ""  # the state of a catchball still open on it: not yet agreed


@dataclass(frozen=True)
class Deployment:
    code: str
    title: str
    unit: str
    unit_of_measure: str
    direction: str
    goal: float | None
    aggregation: str
    children: list[Commitment]
    decimals: int

    @property
    def covered(self) -> float | None:
        """The children's commitments added up the way the target adds up."""
        values = [c.commitment for c in self.children if c.commitment is not None]
        if not values:
            return None
        if self.aggregation == Aggregation.SUM:
            return sum(values)
        if self.aggregation == Aggregation.MIN:
            return min(values)
        if self.aggregation == Aggregation.MAX:
            return max(values)
        return sum(values) / len(values)

    @property
    def gap(self) -> float | None:
        """How far the commitments fall short of the goal (0 when they cover it)."""
        if self.goal is None or self.covered is None:
            return None
        return gap_of(self.direction, self.goal, self.covered)  # the one direction rule


@dataclass
class ReviewPack:
    review: MonthlyReview
    author: str
    made_on: dt.date
    #: The targets the pack shows: the unit's own and those of the units right below it.
    #: Deeper levels have their own reviews; a board reads one level down, not five.
    targets: list[TargetRow] = field(default_factory=list)
    deeper: dict[Status | None, int] = field(default_factory=dict)  # counted, not shown
    unit_id: int = 0
    unit_names: dict[int, str] = field(default_factory=dict)
    unit_codes: dict[int, str] = field(default_factory=dict)
    decimals: dict[str, int] = field(default_factory=dict)
    measures: list[HealthMeasure] = field(default_factory=list)
    threads: list[OpenThread] = field(default_factory=list)
    countermeasures: dict[str, list[CountermeasureLine]] = field(default_factory=dict)
    deployments: list[Deployment] = field(default_factory=list)
    done: list[KaizenItem] = field(default_factory=list)
    wins: list[KaizenItem] = field(default_factory=list)
    checks_due: list[KaizenItem] = field(default_factory=list)
    checks_slipped: list[KaizenItem] = field(default_factory=list)
    dropped: int = 0  # kaizens dropped this month: named, never counted as progress

    @property
    def month(self) -> str:
        return self.review.month

    @property
    def months(self) -> list[str]:
        return months_of(int(self.month[:4]))

    @property
    def own(self) -> list[TargetRow]:
        """The unit's own targets (its trends and its table); all shown when it has none."""
        return [t for t in self.targets if t.unit_id == self.unit_id] or self.targets

    def below(self) -> list[tuple[str, dict[Status | None, int]]]:
        """Status counts of the targets of each unit right below, by unit code."""
        out: dict[str, dict[Status | None, int]] = {}
        for t in self.targets:
            if t.unit_id != self.unit_id:
                name = self.unit_names.get(t.unit_id, "")
                counts = out.setdefault(f"{name} ({self.unit_of(t)})", {})
                status = t.status(self.month)
                counts[status] = counts.get(status, 0) + 1
        return list(out.items())

    def unit_of(self, target: TargetRow) -> str:
        return self.unit_codes.get(target.unit_id, "")

    def fmt(self, target: TargetRow, value: float | None) -> str:
        return grouped(value, self.decimals.get(target.code, 0))

    def counts(self) -> dict[Status | None, int]:
        out: dict[Status | None, int] = {Status.RED: 0, Status.YELLOW: 0, Status.GREEN: 0}
        out[None] = 0
        for t in self.own:
            out[t.status(self.month)] += 1
        return out

    @property
    def red(self) -> list[TargetRow]:
        return [t for t in self.targets if t.status(self.month) is Status.RED]


def build_pack(
    plan: Plan,
    unit_code: str,
    month: str,
    author: str = "",
    today: dt.date | None = None,
    author_key: str | None = None,
) -> ReviewPack:
    """The pack of ``unit_code`` (and every unit below it) for ``month`` (``YYYY-MM``).

    Args:
        plan: the open plan.
        unit_code: the unit reviewed, with every unit below it.
        month: ``YYYY-MM``.
        author: who prepared it, for the cover.
        today: the day it is made (countermeasures past their due date are overdue).
        author_key: a person's key or name (``plan.actor``), whose name is the author
            when ``author`` is empty.
    """
    review = build_review(plan, unit_code, month)
    made_on = today or dt.date.today()
    if not author and author_key:
        with plan.session() as s:
            try:  # the one lookup every edit uses: a key, or a name in any case
                author = str(find_person(s, author_key)["name"])
            except HoshinError:  # nobody of that name: print what was given
                author = author_key.strip()
    pack = ReviewPack(review, author, made_on)
    first = dt.date(int(review.month[:4]), int(review.month[5:]), 1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    graph = plan.graph
    with plan.session() as s:
        tree = UnitTree.load(s)
        root = next(u.id for u in tree.units.values() if u.code == review.unit_code)
        units = [u for u in tree.units if root in tree.chain(u)]
        shown_ids = [u for u in units if u == root or tree.units[u].parent_id == root]
        pack.unit_codes = {u.id: u.code for u in tree.units.values()}
        pack.unit_id = root
        pack.unit_names = {
            i: name
            for i, name in s.execute(select(e.Unit.id, e.Unit.name).where(e.Unit.id.in_(shown_ids)))
        }
        shown = set(shown_ids)
        pack.targets = [t for t in review.targets if t.unit_id in shown]
        for t in review.targets:
            if t.unit_id not in shown:
                status = t.status(review.month)
                pack.deeper[status] = pack.deeper.get(status, 0) + 1
        for t in pack.targets:
            pack.decimals[t.code] = decimals_of(
                [t.baseline, t.goal, *t.plan.values(), *t.actual.values()]
            )
        pack.measures = _measures(s, review.unit_code, units, first, last, graph)
        pack.threads = _threads(s, units, made_on)
        pack.countermeasures = _countermeasures(s, pack.red, review.month, made_on)
        pack.deployments = _deployments(s, [root], review.month)
        pack.done, pack.dropped = kaizens.done_in(s, units, first, last)
        pack.checks_due, pack.checks_slipped = kaizens.checks_in(s, units, first, last)
        pack.wins = kaizens.wins_in(s, units, first, last)
    pack.deployments = [
        replace(
            d,
            decimals=max(
                d.decimals,
                pack.decimals.get(d.code, 0),
                *(pack.decimals.get(c.code, 0) for c in d.children),
            ),
        )
        for d in pack.deployments
    ]
    return pack


# -- reads ---------------------------------------------------------------------------------


def _measures(
    s: Session,
    unit_code: str,
    units: list[int],
    first: dt.date,
    last: dt.date,
    graph: StrategyGraph,
) -> list[HealthMeasure]:
    before = first - dt.timedelta(days=1)
    sighted = graph.with_line_of_sight()
    tree = UnitTree.load(s)
    out: dict[str, list[float | None]] = defaultdict(list)
    for as_of in (last, before):
        demand = health.demand_by_unit(s, as_of, DEMAND_WINDOW_DAYS).get(unit_code, {})
        out["demand"].append(demand.get("ratio"))
        out["thirty"].append(float(health.thirty_day_by_unit(s, as_of).get(unit_code, 0)))
        debt = health.sustainment_by_unit(s, as_of).get(unit_code, {})
        out["debt"].append(float(debt.get("total", 0)))
        coverage, sight = _coverage_and_sight(s, units, as_of, sighted)
        out["coverage"].append(coverage)
        out["sight"].append(sight)
        lsw = standard_work.measure(s, tree, as_of)  # Leader Standard Work, last 30 days
        out["lsw"].append((lsw["lsw_adherence"]["units"].get(unit_code) or {}).get("adherence"))
        out["presence"].append(lsw["leadership_presence"]["per_unit"][unit_code]["share"])
        out["walks"].append(lsw["findings"]["per_walk"])
        daily = daily_management(s, tree, as_of, DAILY_WINDOW_DAYS)["units"].get(unit_code, {})
        out["tier1"].append(daily.get("share_solved_at_tier_1"))
        out["late"].append(float(daily.get("open_past_due", 0)))
    labels = (
        ("demand", f"Demand (kaizens pulled, last {DEMAND_WINDOW_DAYS} days)", True, True),
        ("thirty", "30-day test (bottom-up starts, last 30 days)", False, True),
        ("debt", "Sustainment debt (open items)", False, False),
        ("coverage", "Function coverage (functions with live kaizens)", True, True),
        ("sight", "Line of sight (kaizens that trace to a breakthrough)", True, True),
        ("lsw", "LSW adherence (routines done ÷ due, last 30 days)", True, True),
        ("presence", "Leadership presence (units visited from above, last 30 days)", True, True),
        ("walks", "Findings per walk (the plan, last 30 days)", False, True),
        ("tier1", f"Problems solved at tier 1 (last {DAILY_WINDOW_DAYS} days)", True, True),
        ("late", "Problems open past due (at the huddles)", False, False),
    )
    return [
        HealthMeasure(label, out[key][0], out[key][1], percent, up, 2 if key == "walks" else 0)
        for key, label, percent, up in labels
    ]


def _coverage_and_sight(
    s: Session, units: list[int], as_of: dt.date, sighted: frozenset[int]
) -> tuple[float | None, float | None]:
    """Shares at ``as_of`` among the kaizens begun by then (statuses are today's)."""
    n = e.Node.__table__.c
    functions = s.execute(select(e.Function.id)).scalars().all()
    rows = s.execute(
        select(n.id, n.function_id, n.status, n.end_date).where(
            n.kind == NodeKind.KAIZEN.value,
            n.unit_id.in_(units),
            n.status != KaizenStatus.DROPPED.value,
            n.start_date <= as_of,
        )
    ).all()
    active = {st.value for st in ACTIVE_STATUSES}
    live = {
        f for _i, f, status, end in rows if status in active or (end is not None and end > as_of)
    }
    coverage = len(live & set(functions)) / len(functions) if functions else None
    sight = sum(1 for i, *_r in rows if i in sighted) / len(rows) if rows else None
    return coverage, sight


def _threads(s: Session, units: list[int], today: dt.date) -> list[OpenThread]:
    t, n = e.CatchballThread.__table__.c, e.Node.__table__.c
    upper, lower = aliased(e.Unit), aliased(e.Unit)
    rows = s.execute(
        select(n.code, n.title, upper.code, lower.code, t.state, t.round, t.opened_at, t.waiting)
        .join(e.Node.__table__, n.id == t.node_id)
        .join(upper, upper.id == t.upper_unit_id)
        .join(lower, lower.id == t.lower_unit_id)
        .where(
            t.state.in_([st.value for st in OPEN_STATES]),
            (t.upper_unit_id.in_(units)) | (t.lower_unit_id.in_(units)),
        )
        .order_by(t.opened_at)
    ).all()
    # Who holds the ball: the unit's code reads better than "upper" or "lower".
    return [
        OpenThread(
            code,
            title,
            up,
            low,
            state,
            rnd,
            max((today - opened.date()).days, 0),
            {Side.UPPER.value: up, Side.LOWER.value: low}.get(wait or "", ""),
        )
        for code, title, up, low, state, rnd, opened, wait in rows
    ]


def _countermeasures(
    s: Session, targets: list[TargetRow], month: str, today: dt.date
) -> dict[str, list[CountermeasureLine]]:
    c, n, p = e.Countermeasure.__table__.c, e.Node.__table__.c, e.Person.__table__.c
    red = [t.id for t in targets]
    out: dict[str, list[CountermeasureLine]] = {}
    if not red:
        return out
    rows = s.execute(
        select(n.code, c.what, p.name, c.due, c.done)
        .join(e.Node.__table__, n.id == c.node_id)
        .outerjoin(e.Person.__table__, p.id == c.owner_id)
        .where(c.node_id.in_(red), c.month == month)
        .order_by(c.id)
    )
    for code, what, owner, due, done in rows:
        state = "done" if done else ("overdue" if due is not None and due < today else "open")
        out.setdefault(code, []).append(CountermeasureLine(what, owner or "", due, state))
    return out


def _deployments(s: Session, units: list[int], month: str) -> list[Deployment]:
    n, d = e.Node.__table__.c, e.Edge.__table__.c
    child = aliased(e.Node.__table__)
    cu = aliased(e.Unit.__table__)
    pu = aliased(e.Unit.__table__)
    rows = s.execute(
        select(
            n.id,
            n.code,
            n.title,
            pu.c.code,
            n.unit_of_measure,
            n.direction,
            n.goal,
            n.aggregation,
            child.c.id,
            child.c.code,
            child.c.title,
            cu.c.code,
            child.c.committed_goal,
            child.c.goal,
        )
        .join(e.Edge.__table__, d.source_id == n.id)
        .join(child, child.c.id == d.target_id)
        .join(pu, pu.c.id == n.unit_id)
        .join(cu, cu.c.id == child.c.unit_id)
        .where(
            d.kind == EdgeKind.DEPLOYS.value,
            n.kind == NodeKind.TARGET.value,
            n.unit_id.in_(units),
        )
        .order_by(n.unit_id, n.seq, child.c.unit_id, child.c.seq)
    ).all()
    if not rows:
        return []
    m = e.Measurement.__table__.c
    latest: dict[int, tuple[str, float | None, float | None]] = {}
    child_ids = [r[8] for r in rows]
    year_start = f"{month[:4]}-01"
    typed: dict[int, dict[str, tuple[float | None, float | None]]] = {i: {} for i in child_ids}
    for node_id, mon, planned, actual in s.execute(
        select(m.node_id, m.month, m.plan, m.actual).where(
            m.node_id.in_(child_ids), m.month >= year_start, m.month <= month
        )
    ):
        typed[int(node_id)][str(mon)] = (planned, actual)
    # A month made of daily or weekly values counts by its derived actual.
    for node_id, months in with_derived(s, typed).items():
        for mon in sorted(months):
            planned, actual = months[mon]
            if year_start <= mon <= month and actual is not None:
                latest[node_id] = (mon, planned, actual)
    t = e.CatchballThread.__table__.c
    talks = dict(
        s.execute(
            select(t.child_node_id, t.state).where(
                t.child_node_id.in_(child_ids), t.state.in_([st.value for st in OPEN_STATES])
            )
        ).all()
    )
    grouped: dict[int, list[Any]] = defaultdict(list)
    for r in rows:
        grouped[r[0]].append(r)
    out = []
    for group in grouped.values():
        head = group[0]
        direction = str(head[5] or Direction.UP.value)
        children = []
        for r in group:
            committed = r[12] if r[12] is not None else r[13]
            mon, planned, actual = latest.get(int(str(r[8])), ("", None, None))
            children.append(
                Commitment(
                    str(r[11]),
                    str(r[9]),
                    str(r[10]),
                    _float(committed),
                    mon,
                    actual,
                    month_status(direction, planned, actual),
                    talks.get(int(r[8]), ""),
                )
            )
        values = [head[6], *(c.commitment for c in children), *(c.latest_actual for c in children)]
        out.append(
            Deployment(
                str(head[1]),
                str(head[2]),
                str(head[3]),
                str(head[4] or ""),
                direction,
                _float(head[6]),
                str(head[7] or Aggregation.AVERAGE.value),
                children,
                decimals_of([_float(v) for v in values]),
            )
        )
    return out


def _float(value: object) -> float | None:
    return None if value is None else float(str(value))
