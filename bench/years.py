"""Figures of the years: next year's plan made from the enterprise plan, and opening a
plan that holds two years against opening it with one."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from bench.figures import Figure, median_time
from hoshin.operations.rollover import Rollover
from hoshin.plan import Plan


def figures(path: Path, repeat: int) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="hoshin-bench-years-") as folder:
        one, two = Path(folder) / "one.hoshin", Path(folder) / "two.hoshin"
        shutil.copy2(path, one)
        Plan.open(one).close()  # an older file is upgraded here, not in the timings
        shutil.copy2(one, two)
        with Plan.open(two) as plan:
            year = plan.year
            _ = plan.graph
            started = time.perf_counter()
            done = plan.execute(Rollover(year + 1)).result
            took = time.perf_counter() - started
        one_ms = median_time(lambda: _open(one), repeat)
        two_ms = median_time(lambda: _open(two), repeat)
    return [
        Figure(
            "rollover to next year (one edit)",
            took,
            "s",
            target=30.0,
            note=f"{done.total:,} nodes and {done.links:,} links carried",
        ),
        Figure(
            "open a plan holding two years, to the graph",
            two_ms,
            "ms",
            target=1.5,
            baseline=one_ms,
            note="against the same plan with one year",
        ),
    ]


def _open(path: Path) -> None:
    plan = Plan.open(path)
    _ = plan.graph
    plan.close()
