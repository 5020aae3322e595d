"""Health of the deployment (DESIGN §6): what spreadsheets hide.

Every measure is computed as of a date over a window, so a result can be reproduced, per
unit (rolled up its subtree) and for the plan. Each reads its rows with one bulk query.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Integer, and_, cast, func, select
from sqlalchemy.orm import Session

from hoshin.graph import StrategyGraph
from hoshin.model import entities as e
from hoshin.model.kinds import EdgeKind, NodeKind, Origin
from hoshin.reads.daily_management import daily_management
from hoshin.reads.units import UnitTree
from hoshin.rules import debt
from hoshin.rules.bowling import last_complete_month, load_targets, months_of
from hoshin.store.chunks import chunks


def _rolled(tree: UnitTree, per_unit: dict[int, Counter[str]]) -> dict[str, dict[str, int]]:
    total: dict[int, Counter[str]] = defaultdict(Counter)
    for unit_id, counts in per_unit.items():
        for above in tree.chain(unit_id):
            total[above].update(counts)
    ordered = sorted(tree.units.values(), key=lambda unit: unit.code)
    return {u.code: dict(total.get(u.id, Counter())) for u in ordered}


def _ratio(counts: dict[str, int]) -> float | None:
    started = counts.get("started", 0)
    pulled = counts.get(Origin.BOTTOM_UP.value, 0) + counts.get(Origin.JOINT.value, 0)
    return round(pulled / started, 4) if started else None


def measure(
    session: Session,
    graph: StrategyGraph,
    *,
    as_of: dt.date,
    window_days: int = 90,
) -> dict[str, Any]:
    """Every health measure that exists so far; keys are documented in docs/check-json.md.

    Counting is left to the database (GROUP BY): Python only rolls the per-unit counts up
    the unit tree, so the cost follows the number of units, not of kaizens.
    """
    tree = UnitTree.load(session)
    return {
        "demand": _demand(session, tree, as_of, window_days),
        "thirty_day_test": _thirty_day(session, tree, as_of),
        "sustainment_debt": _sustainment(session, tree, as_of, graph),
        "function_coverage": _coverage(session),
        "alignment": _alignment(session, graph),
        "review_rhythm": _review_rhythm(session, as_of),
        "daily_management": daily_management(session, tree, as_of, window_days),
    }


N = e.Node.__table__.c
KAIZEN = N.kind == NodeKind.KAIZEN.value


def _started(session: Session, since: dt.date, as_of: dt.date, *where: Any) -> Any:
    return session.execute(
        select(N.unit_id, N.origin, func.count())
        .where(KAIZEN, debt.started(N.status), N.start_date > since, N.start_date <= as_of, *where)
        .group_by(N.unit_id, N.origin)
    ).all()


def _demand(session: Session, tree: UnitTree, as_of: dt.date, window: int) -> dict[str, Any]:
    per_unit: dict[int, Counter[str]] = defaultdict(Counter)
    for unit_id, origin, count in _started(session, as_of - dt.timedelta(days=window), as_of):
        per_unit[unit_id].update({"started": count, origin or Origin.TOP_DOWN.value: count})
    units = _rolled(tree, per_unit)
    plan = units[tree.code(tree.root())]

    def shape(c: dict[str, int]) -> dict[str, Any]:
        return {
            "started": c.get("started", 0),
            "top_down": c.get(Origin.TOP_DOWN.value, 0),
            "bottom_up": c.get(Origin.BOTTOM_UP.value, 0),
            "joint": c.get(Origin.JOINT.value, 0),
            "ratio": _ratio(c),
        }

    return {
        "window_days": window,
        "plan": shape(plan),
        "units": {code: shape(c) for code, c in units.items()},
    }


def _thirty_day(session: Session, tree: UnitTree, as_of: dt.date) -> dict[str, Any]:
    per_unit: dict[int, Counter[str]] = defaultdict(Counter)
    since = as_of - dt.timedelta(days=30)
    for unit_id, _origin, count in _started(
        session, since, as_of, N.origin == Origin.BOTTOM_UP.value
    ):
        per_unit[unit_id]["n"] += count
    units = _rolled(tree, per_unit)
    return {
        "plan": units[tree.code(tree.root())].get("n", 0),
        "units": {code: c.get("n", 0) for code, c in units.items()},
    }


def _debt_queries(as_of: dt.date, *columns: Any) -> dict[str, Any]:
    """The kinds of debt (:mod:`hoshin.rules.debt`) as ``SELECT *columns, count(*)``."""
    out: dict[str, Any] = {}
    for kind in debt.KINDS:
        records = debt.table(kind)
        out[kind] = (
            select(*columns, func.count())
            .join(records, records.c.kaizen_id == N.id)
            .where(debt.owed(kind, records.c, N.status, as_of))
        )
    return out


def _plan_debt_queries(as_of: dt.date, *columns: Any) -> dict[str, Any]:
    """:func:`_debt_queries` over the whole plan: ``SELECT *columns, <count>``, same rows.

    Each child table is read once and counted per kaizen before the nodes are joined.
    Joined the other way, SQLite walks every node and looks up its checks: at 50,000
    kaizens with 70,000 checks that took twice as long.
    """
    out: dict[str, Any] = {}
    for kind in debt.KINDS:
        records = debt.table(kind).c
        counted = (
            select(records.kaizen_id.label("kaizen_id"), func.count().label("n"))
            .where(debt.owed_record(kind, records, as_of))
            .group_by(records.kaizen_id)
            .subquery()
        )
        out[kind] = (
            select(*columns, cast(func.sum(counted.c.n), Integer))
            .join(counted, counted.c.kaizen_id == N.id)
            .where(debt.owes(kind, N.status))
        )
    return out


def _debt_shape(cnt: Mapping[str, int]) -> dict[str, int]:
    return {k: cnt.get(k, 0) for k in debt.KEYS}


def _sustainment(
    session: Session, tree: UnitTree, as_of: dt.date, graph: StrategyGraph
) -> dict[str, Any]:
    per_unit: dict[int, Counter[str]] = defaultdict(Counter)
    in_debt: set[str] = set()
    for key, stmt in _plan_debt_queries(as_of, N.id, N.unit_id).items():
        for kaizen_id, unit_id, count in session.execute(stmt.group_by(N.id, N.unit_id)):
            per_unit[unit_id][key] += count
            per_unit[unit_id]["total"] += count
            in_debt.add(graph.code(kaizen_id))
    units = _rolled(tree, per_unit)
    return {
        "plan": _debt_shape(units[tree.code(tree.root())]),
        "units": {code: _debt_shape(cnt) for code, cnt in units.items()},
        "kaizens": sorted(in_debt, key=_code_key),
    }


def _coverage(session: Session) -> dict[str, Any]:
    names, per_unit = coverage_by_unit(session)
    counts: Counter[str] = Counter(dict.fromkeys(names, 0))
    for functions in per_unit.values():
        counts.update(functions)
    return {
        "functions": dict(sorted(counts.items())),
        "uncovered": sorted(name for name, n in counts.items() if n == 0),
    }


def coverage_by_unit(session: Session) -> tuple[list[str], dict[int, Counter[str]]]:
    """The plan's functions in their list order, and active kaizens per unit and function.

    The function coverage of DESIGN §6 per unit: the plan's figure is their sum.
    """
    f = e.Function.__table__.c
    names = dict(session.execute(select(f.id, f.name).order_by(f.position, f.id)).all())
    per_unit: dict[int, Counter[str]] = defaultdict(Counter)
    for unit_id, function_id, count in session.execute(
        select(N.unit_id, N.function_id, func.count())
        .where(KAIZEN, debt.active(N.status))
        .group_by(N.unit_id, N.function_id)
    ):
        if function_id in names:
            per_unit[unit_id][names[function_id]] += count
    return list(names.values()), per_unit


def _live() -> Any:
    """Kaizens that count in the measures (not dropped): the base of the line of sight."""
    return and_(KAIZEN, debt.counted(N.status))


def live_kaizens_by_unit(session: Session) -> dict[int, int]:
    """Kaizens that are not dropped, per unit id (the base of the line-of-sight share)."""
    rows = session.execute(select(N.unit_id, func.count()).where(_live()).group_by(N.unit_id))
    return {int(unit_id): int(n) for unit_id, n in rows}


def _alignment(session: Session, graph: StrategyGraph) -> dict[str, Any]:
    live = session.execute(select(N.id).where(_live())).scalars().all()
    sighted = graph.with_line_of_sight()
    orphans = sorted((graph.code(i) for i in live if i not in sighted), key=_code_key)
    # A priority is served when a kaizen reaches it, directly or through a deployment.
    served = graph.reached_from(live)
    supported = {edge.target for edge in graph.edges() if edge.kind is EdgeKind.SUPPORTS}
    nodes = list(graph.nodes())
    return {
        "kaizens": len(live),
        "with_line_of_sight": len(live) - len(orphans),
        "share": round((len(live) - len(orphans)) / len(live), 4) if live else None,
        "orphan_kaizens": orphans,
        "priorities_without_kaizen": sorted(
            (x.code for x in nodes if x.kind is NodeKind.PRIORITY and x.id not in served),
            key=_code_key,
        ),
        "breakthroughs_unsupported": sorted(
            (x.code for x in nodes if x.kind is NodeKind.BREAKTHROUGH and x.id not in supported),
            key=_code_key,
        ),
    }


def _review_rhythm(session: Session, as_of: dt.date) -> dict[str, Any]:
    """Is the monthly review happening? Missing actuals, and red months left unanswered."""
    last = last_complete_month(as_of)
    year = int(last[:4])
    months = [m for m in months_of(year) if m <= last]
    targets = load_targets(session, year)
    return {
        "last_period": last,
        "targets": len(targets),
        "without_actual": sorted(
            (t.code for t in targets if t.actual.get(last) is None), key=_code_key
        ),
        "red_without_countermeasure": {
            t.code: red for t in targets if (red := t.red_without_countermeasure(months))
        },
    }


# -- one measure at a time ----------------------------------------------------------------
# Views that show one unit keep the plan-wide figures and refresh only the measure an edit
# touched (closing an action item re-reads the debt, not the line of sight of every kaizen).


def demand_by_unit(session: Session, as_of: dt.date, window_days: int) -> dict[str, Any]:
    """``measure(...)["demand"]["units"]``: the demand of every unit, rolled up, by code."""
    units: dict[str, Any] = _demand(session, UnitTree.load(session), as_of, window_days)["units"]
    return units


def thirty_day_by_unit(session: Session, as_of: dt.date) -> dict[str, int]:
    """``measure(...)["thirty_day_test"]["units"]``, by unit code."""
    units: dict[str, int] = _thirty_day(session, UnitTree.load(session), as_of)["units"]
    return units


def sustainment_by_unit(session: Session, as_of: dt.date) -> dict[str, dict[str, int]]:
    """``measure(...)["sustainment_debt"]["units"]``: the debt of every unit, rolled up.

    Counted per unit, not per kaizen, and without the codes of the kaizens in debt: a
    tenth of the rows of :func:`measure` on a plan of 50,000 kaizens.
    """
    return rolled_debt(UnitTree.load(session), sustainment_counts(session, as_of))


def rolled_debt(tree: UnitTree, own: Mapping[int, Mapping[str, int]]) -> dict[str, dict[str, int]]:
    """Each unit's own debt (:func:`sustainment_counts`) added to every unit above it, by code.

    Every unit of ``tree`` is present, with zeros where there is no debt.
    """
    rolled = _rolled(tree, {unit_id: Counter(c) for unit_id, c in own.items()})
    return {code: _debt_shape(cnt) for code, cnt in rolled.items()}


def sustainment_counts(
    session: Session, as_of: dt.date, unit_ids: list[int] | None = None
) -> dict[int, dict[str, int]]:
    """The debt of the kaizens *of* each unit (not rolled up), by unit id.

    Only units with debt are present. With ``unit_ids``, only those units are read: a view
    that keeps the figures can re-read the one team an edit touched.
    """
    per_unit: dict[int, dict[str, int]] = {}
    for chunk in [None] if unit_ids is None else chunks(unit_ids):
        queries = _plan_debt_queries if chunk is None else _debt_queries
        for key, stmt in queries(as_of, N.unit_id).items():
            if chunk is not None:
                stmt = stmt.where(N.unit_id.in_(chunk))
            for unit_id, count in session.execute(stmt.group_by(N.unit_id)):
                row = per_unit.setdefault(unit_id, dict.fromkeys(debt.KEYS, 0))
                row[key] += count
                row["total"] += count
    return per_unit


def alignment(session: Session, graph: StrategyGraph) -> dict[str, Any]:
    """``measure(...)["alignment"]``: line of sight of the plan's kaizens."""
    return _alignment(session, graph)


def starts_by_month(
    session: Session, unit_ids: list[int] | None, first: dt.date, last: dt.date
) -> dict[str, dict[str, int]]:
    """Kaizens started per month (``YYYY-MM``) and origin, in the given units (None: all).

    Every month from ``first`` to ``last`` is present, with zeros, so a chart has no gaps;
    a kaizen without an origin counts as top-down, as in the demand ratio.
    """
    months: dict[str, dict[str, int]] = {}
    cursor = first.replace(day=1)
    while cursor <= last:
        months[f"{cursor.year:04d}-{cursor.month:02d}"] = {o.value: 0 for o in Origin}
        cursor = (cursor + dt.timedelta(days=32)).replace(day=1)
    # With units given, "kind" is written as an expression: as a bare column SQLite would
    # walk every kaizen by the kind index instead of the few of these units.
    kind = KAIZEN if unit_ids is None else func.coalesce(N.kind, "") == NodeKind.KAIZEN.value
    base = (
        select(N.start_date, N.origin, func.count())
        .where(kind, debt.started(N.status), N.start_date >= first, N.start_date <= last)
        .group_by(N.start_date, N.origin)
    )
    for chunk in [None] if unit_ids is None else chunks(unit_ids):
        stmt = base if chunk is None else base.where(N.unit_id.in_(chunk))
        for start, origin, count in session.execute(stmt):
            month = f"{start.year:04d}-{start.month:02d}"
            months[month][origin or Origin.TOP_DOWN.value] += count
    return months


def _code_key(code: str) -> tuple[str, int, str]:
    prefix, _, digits = code.rpartition("-")
    return (prefix, int(digits), "") if digits.isdigit() else (code, 0, code)
