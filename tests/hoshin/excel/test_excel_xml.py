"""The export's rows are written as text (hoshin.excel.write.cells._write_row): the sheets
must be the XML openpyxl itself writes for the same cells, byte for byte."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet._writer import WorksheetWriter

from hoshin.excel import export_workbook
from hoshin.excel.write import cells
from hoshin.excel.write import styles as st
from hoshin.excel.write.cells import Put, SheetWriter
from hoshin.plan import Plan
from tests.conftest import AS_OF

TEXTS = [
    "plain",
    " leading space",
    "trailing space ",
    "   ",
    "",
    "a & b < c > d \"quoted\" 'single'",
    "two\nlines",
    "tab\there",
    "cr\rhere",
    "=1+1",
    "+1-555",
    "control\x01char",
    "ünïcödé — “quotes” ✔ 漢字",
    "x" * 40000,
]
NUMBERS = [0, 1, -1, 0.1, 2.5, -0.0, 1e20, 1.0000000000000002, 10**17 + 1, 1 / 3, 123456789.125]


def _openpyxl_row(writer: Any, xf: Any, row: Sequence[Any], row_idx: int) -> None:
    WorksheetWriter.write_row(writer, xf, cells.placed(writer.ws, row, row_idx), row_idx)


class _NoFile:
    """An XML writer without et_xmlfile's ``_file`` (as lxml's is): the rows fall back to
    openpyxl's own writing."""

    def __init__(self, xf: Any) -> None:
        self.element, self.write = xf.element, xf.write


def _fallback_row(writer: Any, xf: Any, row: Sequence[Any], row_idx: int) -> None:
    _fast_row(writer, _NoFile(xf), row, row_idx)


_fast_row = cells._write_row


def _sheets(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {
            n: z.read(n)
            for n in z.namelist()
            if n.startswith("xl/worksheets/") or n.startswith("xl/comments")
        }


def _edge_cases(path: Path) -> None:
    wb = Workbook(write_only=True)
    st.register_styles(wb)
    w = SheetWriter(wb, "Edges")
    w.set_widths([20, 12, 12, 12])
    for text in TEXTS:
        w.row(
            [text, text, text, Put(text, st.LINE, "a note & <more>")],
            [st.TEXT, None, st.LINE, None],
        )
    for number in NUMBERS:
        w.row([number, number, str(number), None], [st.NUMBER, None, st.CODE, st.FIGURE], height=30)
    w.row(
        [dt.date(2026, 6, 15), dt.datetime(2026, 6, 15, 9, 30), True, None],
        [st.DATE, st.DATETIME, st.LINE, None],
    )
    w.row([float("nan"), float("inf"), None, None], st.NUMBER, blanks=True)
    w.blank()
    w.row(["after a blank", None, 7, None], [st.TEXT, st.TEXT, None, st.FIGURE], start=2, height=30)
    wb.save(path)


@pytest.mark.parametrize("other", [_openpyxl_row, _fallback_row])
def test_the_rows_written_as_text_are_openpyxls_own_xml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, other: Any
) -> None:
    _edge_cases(tmp_path / "fast.xlsx")
    with monkeypatch.context() as m:
        m.setattr(cells, "_write_row", other)
        _edge_cases(tmp_path / "openpyxl.xlsx")
    fast, slow = _sheets(tmp_path / "fast.xlsx"), _sheets(tmp_path / "openpyxl.xlsx")
    assert fast.keys() == slow.keys() and any("comments" in n for n in fast)
    for name in fast:
        assert fast[name] == slow[name], name
    # And what a person reads back: the texts as texts, never formulas.
    ws = load_workbook(tmp_path / "fast.xlsx")["Edges"]
    assert [ws.cell(row=i + 1, column=1).value for i in range(4)] == TEXTS[:4]
    assert ws["A10"].value == "=1+1" and ws["A10"].data_type == "s"
    assert ws["A15"].value == 0 and ws[f"A{len(TEXTS) + 4}"].value == 0.1


def test_the_sample_workbook_is_openpyxls_own_xml(
    demo_plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export_workbook(demo_plan, tmp_path / "fast.xlsx", as_of=AS_OF)
    with monkeypatch.context() as m:
        m.setattr(cells, "_write_row", _openpyxl_row)
        export_workbook(demo_plan, tmp_path / "openpyxl.xlsx", as_of=AS_OF)
    fast, slow = _sheets(tmp_path / "fast.xlsx"), _sheets(tmp_path / "openpyxl.xlsx")
    assert fast.keys() == slow.keys() and len(fast) > 20
    for name in fast:
        assert fast[name] == slow[name], name
