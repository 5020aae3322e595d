"""A plain table sheet: a header row, frozen, filtered, printed one page wide."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.workbook import Workbook

from hoshin.excel.write import styles as st
from hoshin.excel.write.cells import SheetWriter, area, col, height_for, lines_for


class Table:
    """A sheet that is one table; rows are streamed, their heights fitted to wrapped text.

    Args:
        wb: the write-only workbook.
        title: the sheet's name.
        columns: (heading, width) per column.
        styles: the style of each column's cells.
        wrapped: indexes of columns whose text wraps (the row grows to show it all).
        freeze_cols: columns kept in view when scrolling right (codes, mostly).
        header_height: the heading row's height, when its headings wrap.
        a3: kept for callers; the table's width decides the paper (hoshin.excel.write.printing).
        print_key_cols: columns repeated on every page when the table prints in column
            groups; the frozen columns when None.
    """

    def __init__(
        self,
        wb: Workbook,
        title: str,
        columns: Sequence[tuple[str, float]],
        styles: Sequence[str],
        *,
        wrapped: Sequence[int] = (),
        freeze_cols: int = 1,
        header_height: float | None = None,
        a3: bool = False,
        print_key_cols: int | None = None,
    ) -> None:
        self.writer = SheetWriter(wb, title)
        self.columns = columns
        self.styles = list(styles)
        self.wrapped = [(i, columns[i][1]) for i in wrapped]
        w = self.writer
        w.set_widths([width for _h, width in columns])
        w.freeze(f"{col(freeze_cols + 1)}2")
        w.print_setup(a3=a3, key_cols=print_key_cols, smallest_pt=st.SIZE)  # no notes
        w.ws.print_title_rows = "1:1"
        header_lines = max(lines_for(h, width) for h, width in columns)
        w.row([h for h, _w in columns], st.HEADER, height=header_height or height_for(header_lines))

    def add(self, values: Sequence[object], styles: Sequence[str] | None = None) -> int:
        """Append a data row; its height fits the longest wrapped text."""
        lines = 1
        for i, width in self.wrapped:
            text = values[i]
            if isinstance(text, str) and len(text) > width - 2:
                lines = max(lines, lines_for(text, width))
        height = height_for(lines) if lines > 1 else None
        return self.writer.row(values, styles or self.styles, height=height, blanks=False)

    def finish(self) -> None:
        """Filter buttons on the header, over every row written."""
        last = max(self.writer.row_index, 2)
        self.writer.ws.auto_filter.ref = area(1, 1, last, len(self.columns))
