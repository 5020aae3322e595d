"""Reading a table sheet back: find its heading row, then yield rows keyed by heading."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from hoshin.excel.errors import ImportFailed
from hoshin.excel.read.reading import Book, iter_rows, ref

HEADER_SEARCH_ROWS = 12


@dataclass(frozen=True)
class Row:
    """One data row: its number, and its values by heading (None for an empty cell)."""

    sheet: str
    number: int
    values: dict[str, Any]
    columns: dict[str, int]

    def __getitem__(self, heading: str) -> Any:
        return self.values.get(heading)

    def at(self, heading: str) -> str:
        """``Sheet!B7``: where a value of this row stands, for a message."""
        return f"{self.sheet}!{ref(self.number, self.columns.get(heading, 1))}"


def read_table(
    book: Book,
    sheet: str,
    headings: Sequence[str],
    *,
    required: Sequence[str] = (),
    start: int = 1,
) -> Iterator[Row]:
    """Rows of the table in ``sheet`` whose heading row holds ``headings``.

    Args:
        book: the open workbook.
        sheet: the sheet's name.
        headings: the headings to read (others are ignored; missing ones read as None).
        required: headings without which the table cannot be read.
        start: the first column of the table (tables may stand side by side).
    """
    ws = book.sheet(sheet)
    width = start - 1 + len(headings) + 4
    rows = iter_rows(ws, max_col=width)
    columns: dict[str, int] | None = None
    for number, values in rows:
        if number > HEADER_SEARCH_ROWS:
            break
        found = {
            str(v).strip(): i
            for i, v in enumerate(values, start=1)
            if i >= start and isinstance(v, str) and str(v).strip() in headings
        }
        if len(found) * 2 >= len(headings):
            columns = found
            break
    if columns is None:
        raise ImportFailed(f"The sheet {sheet!r} has no heading row with {', '.join(headings)}.")
    missing = [h for h in required if h not in columns]
    if missing:
        raise ImportFailed(f"The sheet {sheet!r} has no column {', '.join(map(repr, missing))}.")
    for number, values in rows:
        picked = {h: values[i - 1] if i - 1 < len(values) else None for h, i in columns.items()}
        cleaned = {h: (v.strip() or None) if isinstance(v, str) else v for h, v in picked.items()}
        if any(v is not None for v in cleaned.values()):
            yield Row(sheet, number, cleaned, columns)
