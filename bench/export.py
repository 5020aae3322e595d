"""The workbook export against a raw openpyxl write-only workbook of as many cells."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from bench.figures import Figure
from hoshin.excel.write.baseline import raw_workbook
from hoshin.excel.write.export import export_workbook
from hoshin.plan import Plan


def figures(path: Path, repeat: int) -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp, Plan.open(path) as plan:
        plan.graph  # noqa: B018 - the export, not the graph's first load, is measured
        # Export and baseline in turn, so that both are timed at the machine's same speed;
        # the baseline writes as many cells as the export before it did.
        exported: list[float] = []
        raw: list[float] = []
        for i in range(repeat):
            start = time.perf_counter()
            summary = export_workbook(plan, Path(tmp) / f"plan{i}.xlsx")
            exported.append((time.perf_counter() - start) * 1000)
            raw.append(raw_workbook(Path(tmp) / f"raw{i}.xlsx", summary.cells) * 1000)
    return [
        Figure(
            "full workbook export",
            statistics.median(exported),
            "ms",
            target=1.5,
            baseline=statistics.median(raw),
            note=f"{summary.cells:,} cells in {len(summary.sheets)} sheets",
        )
    ]
