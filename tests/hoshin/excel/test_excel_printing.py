"""The print set-up rules of hoshin.excel.write.printing, on widths whose answers are worked out
by hand: a column of width w prints (7w + 5) * 0.75 points wide, times the 1.35 slack."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook

from hoshin.excel.write import printing
from hoshin.excel.write.printing import PAPER_A3, PAPER_A4, Layout, choose, content_points


def test_the_narrowest_paper_that_keeps_text_at_8_points() -> None:
    # One column of 20 is 145 px = 108.75 pt, 146.8 pt with slack.
    assert round(content_points([20.0]), 1) == 146.8
    # 3 columns: 440 pt, within A4 portrait's 537.7 pt at full size.
    assert choose(content_points([20.0] * 3)) == Layout(PAPER_A4, False, None)
    # 6 columns: 880.9 pt; A4 landscape holds 784.4 pt: 89 % keeps 9-point notes at 8.0 pt.
    assert choose(content_points([20.0] * 6)) == Layout(PAPER_A4, True, None)
    # 7 columns: 1,027.7 pt; on A4 at 76 % a note would be 6.9 pt, so A3 (1,133 pt) it is.
    assert choose(content_points([20.0] * 7)) == Layout(PAPER_A3, True, None)
    # 7 columns of 10-point text only: 76 % of 10 pt is 7.6 pt, still too small for A4.
    assert choose(content_points([20.0] * 7), smallest_pt=10.0).paper == PAPER_A3
    # 10 columns: 1,468 pt; fitted to A3 the notes would be 6.9 pt: column groups at 90 %.
    assert choose(content_points([20.0] * 10)) == Layout(PAPER_A3, True, 90)


def test_a_split_table_repeats_its_key_columns_and_a_fitted_one_fits_to_width() -> None:
    wb = Workbook()
    wide, narrow = wb.active, wb.create_sheet("Narrow")
    printing.set_up(wide, [20.0] * 10, key_cols=2)
    assert wide.print_title_cols == "$A:$B"
    assert (wide.page_setup.scale, wide.page_setup.pageOrder) == (90, "overThenDown")
    assert not wide.sheet_properties.pageSetUpPr.fitToPage
    printing.set_up(narrow, [20.0] * 6, key_cols=2)
    assert narrow.print_title_cols is None  # one page wide: nothing to repeat
    assert narrow.sheet_properties.pageSetUpPr.fitToPage
    assert (narrow.page_setup.fitToWidth, narrow.page_setup.fitToHeight) == (1, 0)


def test_every_sheet_is_labelled_and_an_ampersand_stays_text() -> None:
    wb = Workbook()
    wb.active.title = "Kaizens"
    printing.label_pages(wb.worksheets, "R&D plan", dt.date(2026, 6, 15))
    ws = wb.active
    assert ws.oddHeader.left.text == "R&&D plan"  # "&D" alone would print the date
    assert ws.oddHeader.center.text == "Kaizen register"
    assert ws.oddFooter.center.text == "Page &P of &N"


def test_a_block_that_does_not_fit_below_starts_a_new_page() -> None:
    wb = Workbook()
    ws = wb.active
    layout = Layout(PAPER_A4, True, 100)  # 595.3 - 108 = 487.3 pt of rows per page
    pager = printing.Pager(ws, [10.0], layout)
    assert round(pager.page_pt, 1) == 487.3
    for r in range(1, 21):
        ws.row_dimensions[r].height = 20.0
    pager.keep(20, 80.0)  # 400 pt used, 80 more fit
    assert not ws.row_breaks.brk
    pager.keep(20, 90.0)  # 490 pt would not
    assert [b.id for b in ws.row_breaks.brk] == [20]
