"""Finer tracking at scale: the bowling chart, the monthly review and the huddle strip on a
plan whose targets are tracked daily (the enterprise plan: 2,000 targets × 90 days), each
against the same read with every target tracked monthly again (a copy), the existing
budgets as targets: a unit's chart as a tab switch (100 ms), the company's chart as the
full check (1 s), a department's strip as the Huddle tab (100 ms); the company's review,
which has no budget, against itself with every target monthly."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.figures import Figure, median_time
from hoshin.model.kinds import NodeKind
from hoshin.plan import Plan
from hoshin.reads.monthly_review import build_review
from hoshin.reads.target_strip import unit_strip
from hoshin.rules.bowling import last_complete_month, load_targets


def _department(plan: Plan) -> int:
    """The deepest unit with targets (a department at enterprise scale), the most first."""
    counts: dict[int, int] = {}
    for node in plan.graph.nodes():
        if node.kind is NodeKind.TARGET:
            counts[node.unit_id] = counts.get(node.unit_id, 0) + 1
    return min(counts, key=lambda u: (-len(plan.graph.unit_ancestors(u)), -counts[u]))


def _reads(plan: Plan) -> dict[str, Callable[[], object]]:
    import datetime as dt

    today = dt.date.today()
    year, month = plan.year, last_complete_month(today)
    unit_id = _department(plan)

    def company_chart() -> object:
        with plan.session() as s:
            return load_targets(s, year)

    def unit_chart() -> object:
        with plan.session() as s:
            return load_targets(s, year, [unit_id])

    def strip() -> object:
        with plan.session() as s:
            return unit_strip(s, unit_id, today)

    return {
        "bowling chart of a unit": unit_chart,
        "bowling chart of the whole company": company_chart,
        "monthly review of the company": lambda: build_review(plan, "CO", month),
        "huddle strip of a unit (6 weeks)": strip,
    }


TARGETS = {
    "bowling chart of a unit": 100.0,
    "bowling chart of the whole company": 1000.0,
    "huddle strip of a unit (6 weeks)": 100.0,
}
#: The company's review has no budget of its own (its reads took seconds before finer
#: tracking): the derived months may add at most a quarter to it.
RATIOS = {"monthly review of the company": 1.25}


def figures(path: Path, repeat: int) -> list[Figure]:
    with sqlite3.connect(path) as conn:
        values = conn.execute("SELECT count(*) FROM target_values").fetchone()[0]
    timed: dict[str, float] = {}
    with Plan.open(path) as plan:
        plan.graph  # noqa: B018 - the reads, not the graph's first load, are measured
        for name, work in _reads(plan).items():
            work()
            timed[name] = median_time(work, repeat)
    with tempfile.TemporaryDirectory() as tmp:
        monthly = Path(tmp) / "monthly.hoshin"
        shutil.copy2(path, monthly)
        with sqlite3.connect(monthly) as conn:
            conn.execute("UPDATE nodes SET tracking = NULL")
        before: dict[str, float] = {}
        with Plan.open(monthly) as plan:
            plan.graph  # noqa: B018
            for name, work in _reads(plan).items():
                work()
                before[name] = median_time(work, repeat)
    note = f"{values:,} daily values"
    return [
        Figure(
            f"{name}, derived months",
            timed[name],
            "ms",
            target=TARGETS[name],
            note=f"{note}; {before[name]:.1f} ms with every target monthly",
        )
        for name in TARGETS
    ] + [
        Figure(
            f"{name}, derived months",
            timed[name],
            "ms",
            target=ratio,
            baseline=before[name],
            note=f"{note}; baseline: the same plan with every target monthly",
        )
        for name, ratio in RATIOS.items()
    ]
