"""Counts in words agree with their number."""

from __future__ import annotations

import pytest

from hoshin.wording import count, plural


@pytest.mark.parametrize(
    ("n", "word", "expected"),
    [
        (1, "red month", "1 red month"),
        (2, "red month", "2 red months"),
        (0, "kaizen", "0 kaizens"),
        (1, "kaizen", "1 kaizen"),
        (1200, "kaizen", "1,200 kaizens"),
        (3, "open action item", "3 open action items"),
        (2, "priority", "2 priorities"),
        (2, "day", "2 days"),
        (2, "person", "2 people"),
        (2, "slipped check", "2 slipped checks"),
    ],
)
def test_a_count_agrees_with_its_number(n: int, word: str, expected: str) -> None:
    assert count(n, word) == expected


def test_an_irregular_plural_can_be_given() -> None:
    assert count(2, "analysis", "analyses") == "2 analyses"
    assert count(1, "analysis", "analyses") == "1 analysis"
    assert plural("box") == "boxes"
