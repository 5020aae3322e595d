"""A small sheet laid out in memory, then streamed: for layouts that are not row-by-row.

The X-matrix places cells by geometry (a corner here, a rotated label there), which a
write-only sheet cannot do; it is built here (a few thousand cells at most) and then
written top to bottom through :class:`~hoshin.excel.write.cells.SheetWriter`.
"""

from __future__ import annotations

from typing import Any

from hoshin.excel.write.cells import Put, SheetWriter


class Grid:
    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], Put] = {}
        self.heights: dict[int, float] = {}
        self.merges: list[tuple[int, int, int, int]] = []
        self.max_row = 0
        self.max_col = 0

    def put(
        self, row: int, column: int, value: Any, style: str | None, comment: str | None = None
    ) -> None:
        self.cells[(row, column)] = Put(value, style, comment)
        self.max_row = max(self.max_row, row)
        self.max_col = max(self.max_col, column)

    def box(self, row1: int, col1: int, row2: int, col2: int, value: Any, style: str) -> None:
        """One value over a merged range; every cell of it gets the style, so that borders
        and fills cover the whole range in every application."""
        for r in range(row1, row2 + 1):
            for c in range(col1, col2 + 1):
                self.put(r, c, None, style)
        self.put(row1, col1, value, style)
        if (row1, col1) != (row2, col2):
            self.merges.append((row1, col1, row2, col2))

    def fill(self, row1: int, col1: int, row2: int, col2: int, style: str) -> None:
        """Give empty cells of a range a style (a band's tint, a grid's lines)."""
        for r in range(row1, row2 + 1):
            for c in range(col1, col2 + 1):
                if (r, c) not in self.cells:
                    self.put(r, c, None, style)

    def flush(self, writer: SheetWriter) -> None:
        for r1, c1, r2, c2 in self.merges:
            writer.merge(r1, c1, r2, c2)
        width = self.max_col
        cells, blank = self.cells, Put(None)
        for r in range(1, self.max_row + 1):
            # Values and styles apart, so that the writer takes its fast path for them; only
            # a cell with a comment goes as a Put.
            puts = [cells.get((r, c), blank) for c in range(1, width + 1)]
            values = [p if p.comment is not None else p.value for p in puts]
            writer.row(values, [p.style for p in puts], height=self.heights.get(r))
