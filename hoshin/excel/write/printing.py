"""How each sheet prints: paper, orientation, scale, repeated headings, header and footer.

The rules a person applies at the print dialog, in one place:

- the narrowest page that holds the table's width while its text stays at 8 pt or more:
  A4 portrait at full size, else A4 landscape fitted to the width, else A3 landscape;
- a table too wide even for A3 is printed in column groups at a fixed scale, its key
  columns (those frozen on screen: the code, mostly) repeated on every page, the pages of
  a row band read left to right before the next band;
- the heading row of a table repeats on every page (``print_title_rows``, set by the
  sheets), a sheet of units starts each unit on a new page (:func:`page_break`);
- every page has a header (plan, sheet title, as-of day) and a footer (page n of m).

A write-only sheet writes its ``sheetPr`` (where "fit to page" lives) with its first row,
so :func:`set_up` runs before the first row; the header, footer and breaks are written
when the sheet is closed and may be set at any time before the workbook is saved.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

PAPER_A4, PAPER_A3 = 9, 8  # the paper size codes of the file format
#: Portrait width and height of each paper, in points.
PAPER_PT = {PAPER_A4: (595.3, 841.9), PAPER_A3: (841.9, 1190.6)}
SIDE_IN, TOP_IN, HEADER_IN = 0.4, 0.75, 0.3  # margins, inches
MIN_PT = 8.0  # no printed text smaller than this
SPLIT_SCALE = 0.9  # a table printed in column groups needs no squeezing: 90 % or more
SMALLEST_PT = 9.0  # the smallest font the table sheets use (the notes)
#: Column widths count the digits of the workbook's default font (Calibri 11: 7 pixels).
#: An application without that font draws the columns wider (LibreOffice with DejaVu Sans:
#: 1.3 times, measured); the layout is chosen for the wider columns, so that text printed
#: by either stays at or above MIN_PT.
WIDTH_SLACK = 1.35
DEFAULT_ROW_PT = 16.0  # a row of 10-point text without a set height, as printed
HEADER_PT = 10  # header and footer text, scaled with the page in some applications
#: What each sheet is called at the top of its pages (the sheet's name otherwise).
TITLES = {
    "Kaizens": "Kaizen register",
    "Catchball": "Catchball log",
    "Bowling": "Bowling chart",
    "Health": "Health of the deployment",
    "Review": "Monthly review",
    "About": "About this workbook",
}


@dataclass(frozen=True)
class Layout:
    """A print set-up: ``scale`` is None when the page is fitted to the table's width."""

    paper: int
    landscape: bool
    scale: int | None

    @property
    def split(self) -> bool:
        return self.scale is not None


def content_points(widths: Iterable[float]) -> float:
    """The printed width of columns ``widths`` (in characters), in points, with slack."""
    return sum((w * 7 + 5) * 0.75 for w in widths) * WIDTH_SLACK


def printable_points(paper: int, landscape: bool) -> float:
    short, long_ = PAPER_PT[paper]
    return (long_ if landscape else short) - 2 * SIDE_IN * 72


def choose(width_pt: float, smallest_pt: float = SMALLEST_PT) -> Layout:
    """The layout of a table ``width_pt`` wide whose smallest text is ``smallest_pt``."""
    floor = MIN_PT / smallest_pt  # the smallest scale that keeps all text at MIN_PT
    if width_pt <= printable_points(PAPER_A4, False):
        return Layout(PAPER_A4, False, None)
    for paper in (PAPER_A4, PAPER_A3):
        if printable_points(paper, True) / width_pt >= floor:
            return Layout(paper, True, None)
    # Column groups on A3 at the smallest readable scale (90 % at least), up to 5 %.
    return Layout(PAPER_A3, True, math.ceil(max(floor, SPLIT_SCALE) * 20) * 5)


def set_up(
    ws: Any,
    widths: Iterable[float],
    *,
    key_cols: int = 0,
    gridlines: bool = True,
    smallest_pt: float = SMALLEST_PT,
) -> Layout:
    """Give a sheet the layout its width calls for; before its first row."""
    layout = choose(content_points(widths), smallest_pt)
    ps = ws.page_setup
    ps.orientation = "landscape" if layout.landscape else "portrait"
    ps.paperSize = layout.paper
    if layout.split:
        ps.scale = layout.scale
        ps.pageOrder = "overThenDown"  # a row band's pages follow each other
        if key_cols:
            ws.print_title_cols = f"A:{get_column_letter(key_cols)}"
    else:
        ps.fitToWidth = 1
        ps.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = gridlines
    _margins(ws)
    return layout


def one_page(ws: Any, *, gridlines: bool = False) -> None:
    """A3 landscape, the whole sheet on one page (an X-matrix is read as one picture)."""
    ps = ws.page_setup
    ps.orientation = "landscape"
    ps.paperSize = PAPER_A3
    ps.fitToWidth = 1
    ps.fitToHeight = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = gridlines
    _margins(ws)


def page_break(ws: Any, after_row: int) -> None:
    """Start a new page after ``after_row`` (a unit's block starts on a page of its own)."""
    if after_row > 0:
        ws.row_breaks.append(Break(id=after_row))


class Pager:
    """Keeps a report's section with its first rows: a page break before a heading that
    would print at the foot of a page, its table on the next.

    Page height is estimated from the sheet's rows (their set heights, else a default row)
    and the scale its width is printed at: an estimate, erring towards an early break.
    """

    def __init__(
        self, ws: Any, widths: Iterable[float], layout: Layout | None, repeated_pt: float = 0.0
    ) -> None:
        self.ws = ws
        if layout is None:  # the sheet prints on one page
            layout = Layout(PAPER_A3, True, 1)
        # The largest scale the page may print at (the columns at their narrowest), so
        # that the page holds no more rows than estimated.
        scale = layout.scale / 100 if layout.scale else 1.0
        if not layout.split:
            narrowest = content_points(widths) / WIDTH_SLACK
            scale = min(1.0, printable_points(layout.paper, layout.landscape) / narrowest)
        short, long_ = PAPER_PT[layout.paper]
        tall = short if layout.landscape else long_
        # Less the heading rows repeated at the top of every page (``repeated_pt``).
        self.page_pt = (tall - 2 * TOP_IN * 72) / scale - repeated_pt
        self._counted = 0  # the last row whose height is in ``_used``
        self._used = 0.0

    def keep(self, row: int, needed_pt: float) -> None:
        """Before writing after ``row``: start a new page unless ``needed_pt`` fit below.

        A block taller than a page starts on a new page (and goes on over the next).
        """
        get = self.ws.row_dimensions.get  # get: the sheet's dict makes no row on a miss
        used = self._used
        for r in range(self._counted + 1, row + 1):
            dim = get(r)
            used += (dim.ht or DEFAULT_ROW_PT) if dim is not None else DEFAULT_ROW_PT
        self._used, self._counted = used, row
        if self._used and self._used + min(needed_pt, self.page_pt) > self.page_pt:
            self.new_page(row)

    def new_page(self, after_row: int) -> None:
        page_break(self.ws, after_row)
        self._counted = after_row
        self._used = 0.0


def label_pages(worksheets: Iterable[Any], plan_name: str, as_of: dt.date) -> None:
    """Every sheet's header (plan, title, as-of day) and footer (sheet, page n of m)."""
    plan = _escape(plan_name)
    day = f"as of {as_of.isoformat()}"
    for ws in worksheets:
        title = _escape(TITLES.get(ws.title, ws.title))
        for part, text in (
            (ws.oddHeader.left, plan),
            (ws.oddHeader.center, title),
            (ws.oddHeader.right, day),
            (ws.oddFooter.left, _escape(ws.title)),
            (ws.oddFooter.center, "Page &P of &N"),
            (ws.oddFooter.right, "Hoshin"),
        ):
            part.text = text
            part.size = HEADER_PT
        ws.oddHeader.center.font = "-,Bold"


def _margins(ws: Any) -> None:
    m = ws.page_margins
    m.left = m.right = SIDE_IN
    m.top = m.bottom = TOP_IN
    m.header = m.footer = HEADER_IN


def _escape(text: str) -> str:
    """``text`` as header text: an ampersand starts a code there."""
    return text.replace("&", "&&")
