"""Reading pasted and typed figures: what a spreadsheet gives, and what is refused."""

from __future__ import annotations

import pytest

from hoshin.operations import SetMeasurement
from views.bowling.paste import CellTarget, PasteError, parse_block, parse_number, paste_operations


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12.0),
        (" 12.5 ", 12.5),
        ("12,5", 12.5),
        ("1,234.5", 1234.5),
        ("1.234,5", 1234.5),
        ("1 234,5", 1234.5),
        ("1\u202f234", 1234.0),
        ("18 %", 18.0),
        ("\u22123.5", -3.5),
        ("✔ 23.5", 23.5),
        ("✖ 17", 17.0),
        ("", None),
        ("–", None),
    ],
)
def test_numbers_as_people_copy_them(text: str, value: float | None) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["abc", "n/a", "1,2,3", "inf", "nan", "12..5", "1e999"])
def test_what_is_not_a_number_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


def test_a_block_drops_the_last_line_break_and_keeps_empty_cells() -> None:
    assert parse_block("1\t2\r\n3\t\n") == [["1", "2"], ["3", ""]]
    assert parse_block("7") == [["7"]]


def _cells(row: int, column: int) -> CellTarget | None:
    if column < 2 or column > 13 or row > 3:
        return None
    month = f"2026-{column - 1:02d}"
    return CellTarget(f"KPI-{row // 2 + 1}", month, "actual" if row % 2 else "plan", 5.0)


def test_a_block_becomes_one_operation_per_changed_cell() -> None:
    ops = paste_operations([["5", "6"], ["7", "5"]], 0, 2, _cells)
    assert ops == [
        SetMeasurement("KPI-1", "2026-02", plan=6.0),
        SetMeasurement("KPI-1", "2026-01", actual=7.0),
    ]


def test_a_bad_cell_names_where_it_is_and_what_it_was_for() -> None:
    with pytest.raises(PasteError) as refused:
        paste_operations([["1", "2"], ["3", "x"]], 0, 2, _cells)
    message = str(refused.value)
    assert "“x”" in message and "row 2, column 2" in message
    assert "KPI-1 actual, February 2026" in message


def test_a_block_past_the_edge_is_refused() -> None:
    with pytest.raises(PasteError, match="outside the months"):
        paste_operations([["1", "2", "3"]], 0, 12, _cells)
