"""Health of the deployment (DESIGN §6): what spreadsheets hide.

Every measure is computed as of a date over a window, so a result can be reproduced, per
unit (rolled up its subtree) and for the plan. Each reads its rows with one bulk query.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hoshin import entities as e
from hoshin.graph import StrategyGraph
from hoshin.kinds import (
    ACTIVE_STATUSES,
    FINISHED_STATUSES,
    CheckResult,
    EdgeKind,
    KaizenStatus,
    NodeKind,
    Origin,
)

#: (id, code, unit id, origin, status, start date, function id) of one kaizen.
KaizenRow = tuple[int, str, int, str | None, str | None, dt.date | None, int | None]


@dataclass(frozen=True)
class UnitTree:
    code: dict[int, str]
    parent: dict[int, int | None]

    @classmethod
    def load(cls, session: Session) -> UnitTree:
        rows = session.execute(select(e.Unit.id, e.Unit.code, e.Unit.parent_id)).all()
        return cls({u: c for u, c, _p in rows}, {u: p for u, _c, p in rows})

    def chain(self, unit_id: int) -> list[int]:
        """The unit and every unit above it: where a count rolls up to."""
        out = [unit_id]
        parent = self.parent.get(unit_id)
        while parent is not None:
            out.append(parent)
            parent = self.parent.get(parent)
        return out


def _rolled(tree: UnitTree, per_unit: dict[int, Counter[str]]) -> dict[str, dict[str, int]]:
    total: dict[int, Counter[str]] = defaultdict(Counter)
    for unit_id, counts in per_unit.items():
        for above in tree.chain(unit_id):
            total[above].update(counts)
    ordered = sorted(tree.code.items(), key=lambda item: item[1])
    return {code: dict(total.get(u, Counter())) for u, code in ordered}


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
    """Every health measure that exists so far; keys are documented in docs/check-json.md."""
    tree = UnitTree.load(session)
    n = e.Node
    kaizens = session.execute(
        select(n.id, n.code, n.unit_id, n.origin, n.status, n.start_date, n.function_id).where(
            n.kind == NodeKind.KAIZEN.value
        )
    ).all()
    return {
        "demand": _demand(tree, kaizens, as_of, window_days),
        "thirty_day_test": _thirty_day(tree, kaizens, as_of),
        "sustainment_debt": _sustainment(session, tree, as_of),
        "function_coverage": _coverage(session, kaizens),
        "alignment": _alignment(graph, kaizens),
    }


def _demand(
    tree: UnitTree, kaizens: Sequence[KaizenRow], as_of: dt.date, window: int
) -> dict[str, Any]:
    since = as_of - dt.timedelta(days=window)
    per_unit: dict[int, Counter[str]] = defaultdict(Counter)
    for _id, _code, unit_id, origin, _status, start, _fn in kaizens:
        if start is not None and since < start <= as_of:
            per_unit[unit_id].update({"started": 1, origin or Origin.TOP_DOWN.value: 1})
    units = _rolled(tree, per_unit)
    plan = units[tree.code[_root(tree)]] if tree.code else {}

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


def _root(tree: UnitTree) -> int:
    return next(u for u, p in tree.parent.items() if p is None)


def _thirty_day(tree: UnitTree, kaizens: Sequence[KaizenRow], as_of: dt.date) -> dict[str, Any]:
    since = as_of - dt.timedelta(days=30)
    per_unit: dict[int, Counter[str]] = defaultdict(Counter)
    for _id, _code, unit_id, origin, _status, start, _fn in kaizens:
        if origin == Origin.BOTTOM_UP.value and start is not None and since < start <= as_of:
            per_unit[unit_id]["n"] += 1
    units = _rolled(tree, per_unit)
    return {
        "plan": units[tree.code[_root(tree)]].get("n", 0),
        "units": {code: c.get("n", 0) for code, c in units.items()},
    }


def _sustainment(session: Session, tree: UnitTree, as_of: dt.date) -> dict[str, Any]:
    n, a, c = e.Node, e.ActionItem, e.SustainmentCheck
    finished = [s.value for s in FINISHED_STATUSES]
    per_unit: dict[int, Counter[str]] = defaultdict(Counter)
    items = session.execute(
        select(n.unit_id, n.code)
        .join(a, a.kaizen_id == n.id)
        .where(n.status.in_(finished), a.done.is_(False))
    )
    in_debt: set[str] = set()
    for unit_id, code in items:
        per_unit[unit_id]["open_action_items"] += 1
        in_debt.add(code)
    checks = session.execute(
        select(n.unit_id, n.code, c.due, c.result, c.checked_on)
        .join(c, c.kaizen_id == n.id)
        .where(n.status != KaizenStatus.DROPPED.value)
        .order_by(c.kaizen_id, c.due, c.id)
    )
    last_slip: dict[str, tuple[int, bool]] = {}
    for unit_id, code, due, result, _on in checks:
        if result is None and due < as_of:
            per_unit[unit_id]["overdue_checks"] += 1
            in_debt.add(code)
        if result == CheckResult.SLIPPED.value:
            last_slip[code] = (unit_id, True)
        elif result == CheckResult.HELD.value and code in last_slip:
            last_slip[code] = (unit_id, False)  # re-held after the slip
    for code, (unit_id, open_slip) in last_slip.items():
        if open_slip:
            per_unit[unit_id]["slipped_checks"] += 1
            in_debt.add(code)
    for counts in per_unit.values():
        counts["total"] = sum(
            counts[k] for k in ("open_action_items", "overdue_checks", "slipped_checks")
        )
    units = _rolled(tree, per_unit)
    keys = ("open_action_items", "overdue_checks", "slipped_checks", "total")

    def shape(c: dict[str, int]) -> dict[str, int]:
        return {k: c.get(k, 0) for k in keys}

    return {
        "plan": shape(units[tree.code[_root(tree)]]),
        "units": {code: shape(cnt) for code, cnt in units.items()},
        "kaizens": sorted(in_debt, key=_code_key),
    }


def _coverage(session: Session, kaizens: Sequence[KaizenRow]) -> dict[str, Any]:
    names = dict(session.execute(select(e.Function.id, e.Function.name)).all())
    active = {s.value for s in ACTIVE_STATUSES}
    counts: Counter[str] = Counter({name: 0 for name in names.values()})
    for _id, _code, _unit, _origin, status, _start, function_id in kaizens:
        if status in active and function_id in names:
            counts[names[function_id]] += 1
    return {
        "functions": dict(sorted(counts.items())),
        "uncovered": sorted(name for name, c in counts.items() if c == 0),
    }


def _alignment(graph: StrategyGraph, kaizens: Sequence[KaizenRow]) -> dict[str, Any]:
    sighted = graph.with_line_of_sight()
    live = [(i, code) for i, code, _u, _o, status, _s, _f in kaizens if status != "dropped"]
    orphans = sorted((code for i, code in live if i not in sighted), key=_code_key)
    # A priority is served when a kaizen reaches it, directly or through a deployment.
    served = graph.reached_from(i for i, _code in live)
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


def _code_key(code: str) -> tuple[str, int, str]:
    prefix, _, digits = code.rpartition("-")
    return (prefix, int(digits), "") if digits.isdigit() else (code, 0, code)
