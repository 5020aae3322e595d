"""Figures of the Qt-free core: opening a plan, line of sight, the full check."""

from __future__ import annotations

import sqlite3
import statistics
import time
from pathlib import Path

from bench.figures import Figure, median_time, paired_times
from hoshin.model.kinds import NodeKind
from hoshin.plan import Plan
from hoshin.reads.checkup import check_report


def open_plan(path: Path, repeat: int) -> Figure:
    """Open the plan until its graph is ready, against reading the same rows raw."""

    def hoshin() -> None:
        plan = Plan.open(path)
        _ = plan.graph
        plan.close()

    def raw() -> None:
        conn = sqlite3.connect(path)
        conn.execute("SELECT id, parent_id FROM units").fetchall()
        # The columns the graph reads, its rows' versions included.
        conn.execute("SELECT id, code, kind, unit_id, version FROM nodes").fetchall()
        conn.execute(
            "SELECT id, kind, source_id, target_id, strength, version FROM edges"
        ).fetchall()
        conn.close()

    opened, baseline = paired_times(hoshin, raw, repeat)
    return Figure("open plan until the graph is ready", opened, "ms", target=3.0, baseline=baseline)


def line_of_sight(plan: Plan) -> Figure:
    """Median time of one kaizen's line of sight, over every kaizen of the plan."""
    g = plan.graph
    kaizens = [n.id for n in g.nodes() if n.kind is NodeKind.KAIZEN]
    times = []
    for node_id in kaizens:
        start = time.perf_counter()
        g.line_of_sight(node_id)
        times.append((time.perf_counter() - start) * 1000)
    return Figure(
        "line of sight of one kaizen (median over all)",
        statistics.median(times),
        "ms",
        target=0.2,
        note=f"{len(kaizens):,} kaizens; slowest {max(times):.2f} ms",
    )


def full_check(plan: Plan, repeat: int) -> Figure:
    return Figure(
        "full check (all health measures)",
        median_time(lambda: check_report(plan), repeat),
        "ms",
        target=1000,
    )
