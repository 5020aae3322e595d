"""Reading numbers typed or pasted into the bowling chart, Qt-free.

A block copied from a spreadsheet arrives as tab-separated lines. Every cell is read
before anything is written: one bad number refuses the whole paste, and the refusal names
the cell, so the user can fix the sheet and paste again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from hoshin.model.errors import ValidationError
from hoshin.operations import Operation, SetMeasurement
from hoshin.rules import validate

#: Marks the chart itself shows before a number; a value copied from it reads back.
_MARKS = "✔≈●✖⚑!"  # ● as marks were shown before ≈
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


class PasteError(ValueError):
    """A paste (or a typed value) that cannot be taken; the text names the cell."""


def parse_number(text: str) -> float | None:
    """A number as people type or copy it; None for an empty cell.

    Accepts ``1,234.5``, ``1 234,5``, ``12,5``, ``18 %``, a Unicode minus and the chart's
    own marks (``✔ 23.5``). Raises ValueError for anything else.
    """
    cleaned = text.strip().lstrip(_MARKS).strip()
    for space in ("\u00a0", "\u202f", "\u2009", " "):
        cleaned = cleaned.replace(space, "")
    cleaned = cleaned.removesuffix("%").replace("\u2212", "-")
    if cleaned in ("", "–", "-"):
        return None
    if _THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(",", "")
    elif "," in cleaned and "." in cleaned:
        # Both separators: the last one is the decimal point ("1.234,5").
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    try:
        return validate.number(cleaned, "value")
    except ValidationError as exc:
        raise ValueError(str(exc)) from None


def parse_block(text: str) -> list[list[str]]:
    """Rows of cells from tab-separated text; the line break after the last row is dropped."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return [line.split("\t") for line in lines]


@dataclass(frozen=True)
class CellTarget:
    """Where a pasted value goes: a target's plan or actual of one month."""

    code: str
    month: str  # YYYY-MM
    field: str  # "plan" or "actual"
    current: float | None

    @property
    def name(self) -> str:
        day = dt.date(int(self.month[:4]), int(self.month[5:]), 1)
        return f"{self.code} {self.field}, {day:%B %Y}"


def measurement_op(cell: CellTarget, value: float | None) -> SetMeasurement:
    if cell.field == "plan":
        return SetMeasurement(cell.code, cell.month, plan=value)
    return SetMeasurement(cell.code, cell.month, actual=value)


def paste_operations(
    block: list[list[str]],
    row: int,
    column: int,
    cell_at: Callable[[int, int], CellTarget | None],
) -> list[Operation]:
    """The edits that put ``block`` at (row, column); raises PasteError, writing nothing.

    Args:
        block: the pasted rows of cells.
        row: the table row of the block's top-left cell.
        column: its table column.
        cell_at: what a table cell holds, None for a cell that takes no number.

    Returns:
        One ``SetMeasurement`` per cell whose value changes (an unchanged cell is left
        alone, so pasting the chart onto itself is no edit at all).
    """
    ops: list[Operation] = []
    for i, cells in enumerate(block):
        for j, text in enumerate(cells):
            target = cell_at(row + i, column + j)
            where = f"row {i + 1}, column {j + 1} of the pasted block"
            if target is None:
                raise PasteError(
                    f"Nothing was pasted: the block is {len(block)} × {max(map(len, block))} "
                    f"and its cell at {where} falls outside the months of a target."
                )
            try:
                value = parse_number(text)
            except ValueError:
                raise PasteError(
                    f"Nothing was pasted: “{text.strip()}” ({where}) is not a number, "
                    f"for {target.name}."
                ) from None
            if value != target.current:
                ops.append(measurement_op(target, value))
    return ops
