"""The yardstick of the export's speed: a raw write-only workbook with as many cells.

``python -m hoshin.excel.write.baseline PLAN OUT_DIR [AS_OF]`` exports the plan, then times two
plain openpyxl write-only workbooks with the same number of cells: one of the export's own
values, sheet by sheet, unstyled (read back first, outside the timing), and one of typical
strings and numbers, 20 to a row. The export is held to about 1.5 times the raw workbook.
"""

from __future__ import annotations

import datetime as dt
import resource
import sys
import time
from pathlib import Path

from openpyxl import Workbook, load_workbook

from hoshin.excel.write.export import export_workbook
from hoshin.plan import Plan

ROW = 20


def raw_workbook(path: Path, cells: int) -> float:
    """Write ``cells`` plain values to ``path``; returns the seconds it took."""
    started = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Raw")
    rows, rest = divmod(cells, ROW)
    for n in range(rows):
        ws.append(
            [f"KZ-{n}", f"A kaizen title of ordinary length, number {n}", "T-SN", n * 0.5,
             "in progress", "bottom-up", 3, 0, f"IP-{n % 500}", "Some line of sight text",
             *(f"value {n}-{i}" if i % 3 else n + i for i in range(ROW - 10))]
        )  # fmt: skip
    if rest:
        ws.append([f"cell {i}" for i in range(rest)])
    wb.save(path)
    return time.perf_counter() - started


def raw_copy(source: Path, path: Path) -> float:
    """Write the values of ``source`` unstyled to ``path``; the seconds the writing took."""
    book = load_workbook(source, read_only=True)
    sheets = [(ws.title, [list(row) for row in ws.iter_rows(values_only=True)]) for ws in book]
    book.close()
    started = time.perf_counter()
    wb = Workbook(write_only=True)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return time.perf_counter() - started


def main(argv: list[str]) -> int:
    plan_path, out_dir = Path(argv[0]), Path(argv[1])
    as_of = dt.date.fromisoformat(argv[2]) if len(argv) > 2 else None
    with Plan.open(plan_path) as plan:
        started = time.perf_counter()
        summary = export_workbook(plan, out_dir / "export.xlsx", as_of=as_of)
        export_s = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"export: {export_s:.1f} s, {summary.cells:,} cells, {len(summary.sheets)} sheets, "
        f"peak memory {peak:.0f} MB",
        flush=True,
    )
    same = raw_copy(out_dir / "export.xlsx", out_dir / "raw-same.xlsx")
    print(f"raw write-only, the export's values: {same:.1f} s (ratio {export_s / same:.2f})")
    typical = raw_workbook(out_dir / "raw.xlsx", summary.cells)
    print(f"raw write-only, typical values: {typical:.1f} s (ratio {export_s / typical:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
