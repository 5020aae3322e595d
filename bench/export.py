"""The workbook export against a raw openpyxl write-only workbook of as many cells."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from bench.figures import Figure
from hoshin.excel.baseline import raw_workbook
from hoshin.excel.export import export_workbook
from hoshin.plan import Plan


def figures(path: Path, repeat: int) -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp, Plan.open(path) as plan:
        plan.graph  # noqa: B018 - the export, not the graph's first load, is measured
        times, cells, sheets = [], 0, 0
        for i in range(repeat):
            start = time.perf_counter()
            summary = export_workbook(plan, Path(tmp) / f"plan{i}.xlsx")
            times.append((time.perf_counter() - start) * 1000)
            cells, sheets = summary.cells, len(summary.sheets)
        raw = [raw_workbook(Path(tmp) / f"raw{i}.xlsx", cells) * 1000 for i in range(repeat)]
    return [
        Figure(
            "full workbook export",
            statistics.median(times),
            "ms",
            target=1.5,
            baseline=statistics.median(raw),
            note=f"{cells:,} cells in {sheets} sheets",
        )
    ]
