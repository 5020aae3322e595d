"""Writing cells: the one text helper, and a streaming sheet writer that reuses its cells.

Every string that reaches a workbook goes through :func:`put_text`, so that a title such as
``=HYPERLINK("http://x","y")`` or ``+1-555`` is stored as text, never as a formula, and
characters the file format refuses are dropped instead of failing the export.

:class:`SheetWriter` streams rows into a write-only sheet. A write-only row is serialised as
soon as it is appended, so one cell object per column and style can be reused for every row:
styled cells then cost about what plain values cost (measured: 1.2x plain values, against
2.4x for a fresh styled cell per value).
"""

from __future__ import annotations

import datetime as dt
import math
import types
import weakref
from collections.abc import Iterator, Sequence
from copy import copy
from typing import Any, NamedTuple
from xml.etree import ElementTree

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell._writer import write_cell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.comments import Comment
from openpyxl.comments.comment_sheet import CommentRecord
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook import Workbook
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.dimensions import RowDimension

from hoshin.excel.write import printing
from hoshin.excel.write import styles as st

#: First characters that make a spreadsheet read text as a formula (or as DDE).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_TEXT = 32767  # characters a cell holds
LINE_PT = 12.75  # height of one line of 10-point text
PAD_PT = 3.0
CHARS_PER_UNIT = 1.25


#: Cells written per workbook, for the export's summary and the performance baseline.
_WRITTEN: weakref.WeakKeyDictionary[Workbook, list[int]] = weakref.WeakKeyDictionary()


#: Per workbook, the style array of each named style: ``cell.style = name`` looks the name
#: up in a list of the names built afresh for every assignment, and a sheet of 1,500 cells
#: (an X-matrix; there are 1,111 of them at the enterprise scale) assigns a few hundred.
_ARRAYS: weakref.WeakKeyDictionary[Workbook, dict[str, StyleArray]] = weakref.WeakKeyDictionary()


def cells_written(wb: Workbook) -> int:
    """How many cells (values or styled blanks) the sheet writers have put in ``wb``."""
    return _WRITTEN.get(wb, [0])[0]


def discard(wb: Workbook) -> None:
    """Close the sheets of an export that will not be saved, and delete their temp files.

    A write-only sheet streams into a temporary file of its own; left open, its writer
    fails when it is garbage-collected after the file is gone.
    """
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        try:
            if not ws.closed:
                ws.close()
        except Exception:  # the sheet is thrown away; a second failure changes nothing
            pass
        finally:
            writer.cleanup()


def clean_text(value: str) -> str:
    """``value`` without the control characters a workbook cannot hold, cut to cell size."""
    # isprintable() is one C loop; the regex runs only on text with a control character.
    text = value if value.isprintable() else ILLEGAL_CHARACTERS_RE.sub("", value)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def put_text(cell: Cell, value: str) -> bool:
    """Store ``value`` in ``cell`` as text, whatever it starts with.

    openpyxl turns any string that starts with ``=`` into a formula (and ``#N/A`` into an
    error); the data type is set back to a string here, and a leading ``= + - @`` (or tab,
    CR) gets Excel's quote prefix so that editing the cell in Excel keeps it text as well.

    Returns:
        True when the cell got the quote prefix (its style changed).
    """
    text = clean_text(value)
    # Set directly: the value setter would search the text again for what clean_text
    # removed, and then mark a leading "=" as a formula, which is undone here anyway.
    cell._value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
        return True
    return False


def needs_quote(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)


class Put(NamedTuple):
    """A value with a style of its own (and maybe a comment), for one cell of a row."""

    value: Any
    style: str | None = None
    comment: str | None = None


def col(index: int) -> str:
    return get_column_letter(index)


def ref(row: int, column: int) -> str:
    return f"{get_column_letter(column)}{row}"


def area(row1: int, col1: int, row2: int, col2: int) -> str:
    return f"{ref(row1, col1)}:{ref(row2, col2)}"


def lines_for(text: str | None, width: float) -> int:
    """Lines that ``text`` wraps to in a column ``width`` characters wide (an estimate).

    Column widths count the default font's digits (7 pixels); 10-point Arial text averages
    under 6 pixels a character, so a unit of width holds about 1.25 characters. Words are
    wrapped greedily, as the applications do.
    """
    if not text:
        return 1
    per_line = max(1, int(width * CHARS_PER_UNIT) - 1)
    if len(text) <= per_line and "\n" not in text:
        return 1
    lines = 0
    for part in text.split("\n"):
        lines += 1
        used = 0
        for word in part.split(" "):
            size = len(word)
            if used and used + 1 + size > per_line:
                lines += 1
                used = 0
            if size > per_line:  # a word longer than the line is broken across lines
                lines += (size - 1) // per_line
                size = size % per_line or per_line
            used += size + (1 if used else 0)
    return lines


def height_for(lines: int) -> float:
    return round(lines * LINE_PT + PAD_PT, 2)


class _PooledCell(Cell):
    """A cell reused for every row of a column: what its style and column give is worked
    out once, at its first row.

    (openpyxl hashes the cell's style array to find its index for every cell it writes,
    tests the array for a style twice, and turns the column number into letters.)
    """

    __slots__ = ("_col", "_letter", "_sid", "_styled")

    def __init__(self, ws: Any) -> None:
        super().__init__(ws, column=1, row=1)
        self._sid: int | None = None
        self._styled: bool | None = None
        self._col = 0
        self._letter = ""

    @property
    def style_id(self) -> int:
        if self._sid is None:
            self._sid = int(super().style_id)
        return self._sid

    @property
    def has_style(self) -> bool:
        if self._styled is None:
            self._styled = bool(super().has_style)
        return self._styled

    @property
    def coordinate(self) -> str:
        if self.column != self._col:  # always the same column, but placed per row
            self._col, self._letter = self.column, get_column_letter(self.column)
        return f"{self._letter}{self.row}"


class _Height(RowDimension):
    """A row height shared by the rows of that height: the attributes it gives a row are
    worked out at its first row (openpyxl asks each field of a dimension, per row)."""

    _pairs: list[tuple[str, str]] | None = None

    def __iter__(self) -> Iterator[tuple[str, str]]:
        if self._pairs is None:
            self._pairs = list(super().__iter__())
        return iter(self._pairs)


class SheetWriter:
    """Streams rows into one write-only sheet, reusing a cell per column and style.

    Set widths, freeze panes and page setup before the first row: a write-only sheet writes
    its header as soon as the first row arrives.
    """

    def __init__(self, wb: Workbook, title: str) -> None:
        self.wb = wb
        self.ws = wb.create_sheet(title)
        # openpyxl hands every appended value to Cell.value first and takes a Cell only
        # when that fails, building an error message with the cell's repr each time: half
        # the cost of a styled row. This sheet's rows are Cells already (see _values_to_row).
        self.ws._values_to_row = types.MethodType(_values_to_row, self.ws)
        # And the row's XML is written here, as text (see _write_row): openpyxl builds an
        # element per cell and serialises it through a namespace-aware writer, two thirds
        # of the export's time.
        self.ws._get_writer = types.MethodType(_get_writer, self.ws)
        self.row_index = 0  # the last row written
        self._pool: dict[tuple[int, str | None], _PooledCell] = {}
        self._heights: dict[float, _Height] = {}
        self.widths: dict[int, float] = {}
        self._serial_dates = not wb.iso_dates  # dates written as numbers, openpyxl's default
        self._arrays = _ARRAYS.setdefault(wb, {})
        self._written = _WRITTEN.setdefault(wb, [0])  # the workbook's count, kept here

    def set_widths(self, widths: Sequence[float], start: int = 1) -> None:
        for offset, width in enumerate(widths):
            self.set_width(start + offset, width)

    def set_width(self, column: int, width: float) -> None:
        self.widths[column] = width
        self.ws.column_dimensions[get_column_letter(column)].width = width

    def freeze(self, cell: str) -> None:
        self.ws.freeze_panes = cell

    def print_setup(
        self,
        *,
        a3: bool = False,
        fit_height: bool = False,
        gridlines: bool = True,
        key_cols: int | None = None,
        smallest_pt: float = printing.SMALLEST_PT,
    ) -> printing.Layout | None:
        """Print set-up by the sheet's width (:mod:`hoshin.excel.write.printing`); the columns
        frozen on screen are the key columns repeated when the table prints in column
        groups. ``fit_height``: the whole sheet on one A3 page (an X-matrix). ``a3`` is
        kept for callers; the width decides the paper. ``smallest_pt``: the smallest font
        the sheet uses (the 9-point notes unless the sheet says otherwise).

        Returns:
            the layout chosen; None for a sheet on one page.
        """
        if fit_height:
            printing.one_page(self.ws, gridlines=gridlines)
            return None
        if key_cols is None:
            frozen = self.ws.freeze_panes
            key_cols = coordinate_to_tuple(frozen)[1] - 1 if frozen else 0
        return printing.set_up(
            self.ws,
            self.widths.values(),
            key_cols=key_cols,
            gridlines=gridlines,
            smallest_pt=smallest_pt,
        )

    landscape = print_setup  # its old name: once landscape always

    def merge(self, row1: int, col1: int, row2: int, col2: int) -> None:
        """Merge a range; added to the set directly, as ``MultiCellRange.add`` scans every
        range already there (quadratic over the 4,000 merges of a large bowling chart)."""
        if (row1, col1) != (row2, col2):
            self.ws.merged_cells.ranges.add(CellRange(area(row1, col1, row2, col2)))

    def blank(self, height: float | None = None) -> None:
        self.row([], height=height)

    def row(
        self,
        values: Sequence[Any],
        styles: Sequence[str | None] | str | None = None,
        *,
        height: float | None = None,
        start: int = 1,
        blanks: bool = True,
    ) -> int:
        """Append one row and return its number.

        Args:
            values: one entry per column from ``start``: a value, ``None`` or a :class:`Put`.
            styles: a style per column, one style for all, or None for unstyled values.
            height: the row's height in points; None leaves it to the application.
            start: the column of the first value (earlier columns stay empty).
            blanks: whether a None with a style is written (as an empty styled cell); a
                table of borderless cells needs none.
        """
        self.row_index += 1
        if height is not None:
            # One RowDimension per height, shared: a row's index is not among what it writes,
            # and building one per row costs as much as writing the row's cells.
            dim = self._heights.get(height)
            if dim is None:
                dim = self._heights[height] = _Height(self.ws, ht=height)
            self.ws.row_dimensions[self.row_index] = dim
        out: list[Any] = [None] * (start - 1)
        cell = self._cell
        if styles is None or isinstance(styles, str):
            for i, value in enumerate(values, start):
                out.append(None if value is None and not blanks else cell(i, value, styles))
        else:
            for i, (value, style) in enumerate(zip(values, styles, strict=True), start):
                out.append(None if value is None and not blanks else cell(i, value, style))
        self.ws.append(out)
        self._written[0] += len(out) - out.count(None)
        return self.row_index

    def _cell(self, column: int, value: Any, style: str | None) -> Any:
        # The common cases first, each type tested once: this runs for millions of cells.
        if value is None and style is not None:  # an empty cell with borders or a fill
            cell = self._pool.get((column, style)) or self._pooled(column, style)
            cell._value = None  # what the value setter stores for None
            cell.data_type = "n"
            return cell
        kind = type(value)
        if style is not None and (kind is str or kind is int or kind is float):
            if kind is str and (value.startswith(FORMULA_STARTS) or not value.isprintable()):
                return self._slow(column, value, style)
            cell = self._pool.get((column, style)) or self._pooled(column, style)
            if kind is str:
                put_text(cell, value)
            elif kind is int or math.isfinite(value):
                cell._value = value  # what the value setter would store, without its checks
                cell.data_type = "n"
            else:
                put_text(cell, str(value))
            return cell
        if (
            (kind is dt.datetime or kind is dt.date)
            and style in st.DATE_STYLES
            and self._serial_dates
            and (kind is dt.date or value.tzinfo is None)
        ):
            # The serial number openpyxl would write for the date (t="n"), without the
            # date-format check its value setter makes per cell: the same cell in the file,
            # a seventh less time for a sheet of 200,000 catchball messages.
            cell = self._pool.get((column, style)) or self._pooled(column, style)
            cell._value = to_excel(value, self.wb.epoch)
            cell.data_type = "n"
            return cell
        return self._slow(column, value, style)

    def _pooled(self, column: int, style: str) -> _PooledCell:
        cell = self._pool[(column, style)] = _PooledCell(self.ws)
        self._style(cell, style)
        return cell

    def _style(self, cell: Cell, style: str) -> None:
        """``cell.style = style``, the named style's array looked up once per workbook."""
        array = self._arrays.get(style)
        if array is None:
            cell.style = style
            self._arrays[style] = copy(cell._style)
        else:
            cell._style = copy(array)

    def _slow(self, column: int, value: Any, style: str | None) -> Any:
        comment = None
        if isinstance(value, Put):
            value, style, comment = value.value, value.style or style, value.comment
        if comment is not None or (isinstance(value, str) and _quoted(value)):
            # Never a pooled cell: openpyxl's style table keeps the style array of the cell
            # that registered it, so changing a pooled cell's style would change that entry.
            return self._fresh(value, style, comment)
        if style is None and not isinstance(value, str | dt.date):
            return value  # a number or None: a plain value is cheapest
        key = (column, style)
        cell = self._pool.get(key)
        if cell is None:
            cell = self._pool[key] = _PooledCell(self.ws)
            if style is not None:
                self._style(cell, style)
        _assign(cell, value, style)
        return cell

    def _fresh(self, value: Any, style: str | None, comment: str | None) -> Cell:
        cell = WriteOnlyCell(self.ws)
        if style is not None:
            self._style(cell, style)
        _assign(cell, value, style)
        if comment:
            note = Comment(clean_text(comment), "Hoshin")
            note.width, note.height = 260, 120
            cell.comment = note
        return cell


def _values_to_row(ws: Any, values: Sequence[Any], row_idx: int) -> Sequence[Any]:
    """What a write-only sheet makes of an appended row: for the sheets of
    :class:`SheetWriter`, the row itself (Cells, None and, rarely, a plain number), which
    :func:`_write_row` places as it writes it.

    Replaces ``WriteOnlyWorksheet._values_to_row``, which makes and places a Cell per value.
    """
    return values


def _get_writer(ws: Any) -> None:
    """``WriteOnlyWorksheet._get_writer``, with the sheet's rows written by :func:`_write_row`."""
    if ws._writer is None:
        writer = ws._writer = WorksheetWriter(ws)
        writer.write_top()
        writer.write_row = types.MethodType(_write_row, writer)
        writer.letters = [""]  # column letters by index, as the rows need them


def placed(ws: Any, values: Sequence[Any], row_idx: int) -> Iterator[Cell]:
    """The row's Cells, placed, as openpyxl's own ``write_row`` takes them (a plain value
    gets a cell of its own)."""
    for col_idx, value in enumerate(values, 1):
        if value is None:
            continue
        cell = value if isinstance(value, Cell) else WriteOnlyCell(ws, value)
        cell.column = col_idx
        cell.row = row_idx
        yield cell


_PRESERVE = '<is><t xml:space="preserve">'
#: The escapes of openpyxl's XML writer (et_xmlfile uses ElementTree's own).
_escape_attrib = ElementTree._escape_attrib  # type: ignore[attr-defined]
_escape_cdata = ElementTree._escape_cdata  # type: ignore[attr-defined]


def _write_row(writer: Any, xf: Any, row: Sequence[Any], row_idx: int) -> None:
    """``WorksheetWriter.write_row`` for the rows of a :class:`SheetWriter`: the same XML,
    byte for byte (tests/hoshin/excel/test_excel_xml.py compares the two), written as text.

    The common cells (text, a number, a styled blank) are formatted here; any other (a
    cell with a comment, a date left to openpyxl) goes through openpyxl's own
    ``write_cell`` into the same stream. ``xf._file`` is that stream's write: et_xmlfile's
    writer escapes any string handed to its public ``write``.
    """
    ws = writer.ws
    out = getattr(xf, "_file", None)
    if out is None:  # lxml's writer (openpyxl's choice when lxml is installed): its own rows
        WorksheetWriter.write_row(writer, xf, placed(ws, row, row_idx), row_idx)
        return
    dim = ws.row_dimensions.get(row_idx)
    if dim is None:
        out(f'<row r="{row_idx}">')
    else:
        attrs = getattr(dim, "_xml", None)
        if attrs is None:
            attrs = "".join(f' {k}="{_escape_attrib(v)}"' for k, v in dim)
            if isinstance(dim, _Height):
                dim._xml = attrs
        out(f'<row r="{row_idx}"{attrs}>')
    letters = writer.letters
    for col_idx, cell in enumerate(row, 1):
        if cell is None:
            continue
        while len(letters) <= col_idx:
            letters.append(get_column_letter(len(letters)))
        kind = cell.data_type if cell.__class__ is _PooledCell else None
        if kind == "s" or kind == "n":
            value = cell._value
            styled = cell.has_style
            if value is None and not styled:
                continue
            ref = f"{letters[col_idx]}{row_idx}"
            t = "inlineStr" if kind == "s" else "n"
            style = f' s="{cell.style_id}"' if styled else ""
            head = f'<c r="{ref}"{style} t="{t}"'
            if value is None or value == "":
                out(f"{head} />")
                continue
            vc = value.__class__
            if kind == "s" and vc is str:
                stripped = value.strip()
                start = _PRESERVE if stripped and stripped != value else "<is><t>"
                out(f"{head}>{start}{_escape_cdata(value)}</t></is></c>")
                continue
            if kind == "n" and (vc is int or vc is float) and math.isfinite(value):
                out(f"{head}><v>{value:.16g}</v></c>")
                continue
        if not isinstance(cell, Cell):
            cell = WriteOnlyCell(ws, cell)
        # Anything else as openpyxl writes it (write_row's own steps for one cell).
        cell.column = col_idx
        cell.row = row_idx
        if cell._comment is not None:
            ws._comments.append(CommentRecord.from_cell(cell))
        if cell._value is None and not cell.has_style and not cell._comment:
            continue
        write_cell(xf, ws, cell, cell.has_style)
    out("</row>")


def _quoted(value: str) -> bool:
    """Whether :func:`put_text` will give ``value`` a quote prefix."""
    if value.startswith(FORMULA_STARTS):
        return True
    return not value.isprintable() and needs_quote(clean_text(value))


def _assign(cell: Cell, value: Any, style: str | None) -> None:
    """Put ``value`` in ``cell``, keeping its style (a date needs a date style)."""
    if isinstance(value, str):
        put_text(cell, value)
    elif isinstance(value, bool):
        put_text(cell, "yes" if value else "no")
    elif isinstance(value, dt.date):
        # A date in a cell without a date format would change the shared style's format.
        if style not in st.DATE_STYLES:
            raise TypeError(f"a date needs a date style, not {style!r}")
        cell.value = value
    elif isinstance(value, float) and not math.isfinite(value):
        put_text(cell, str(value))
    else:
        cell.value = value
