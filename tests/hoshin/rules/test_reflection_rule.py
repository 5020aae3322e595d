"""Known answers of the suggested result of a reflection (docs/measures.md)."""

from __future__ import annotations

import pytest

from hoshin.rules.reflection import combined_result, suggested_result


@pytest.mark.parametrize(
    ("direction", "goal", "baseline", "actual", "expected"),
    [
        ("up", 30, 20, 30, "achieved"),  # the goal met exactly
        ("up", 30, 20, 35, "achieved"),
        ("up", 30, 20, 25, "partly"),  # better than the baseline, short of the goal
        ("up", 30, 20, 20, "missed"),  # no better than the baseline
        ("up", 30, 20, 15, "missed"),
        ("up", 30, None, 29, "missed"),  # no baseline: short of the goal is missed
        ("down", 5, 10, 4, "achieved"),  # lower is better
        ("down", 5, 10, 7, "partly"),
        ("down", 5, 10, 12, "missed"),
        ("up", None, 20, 25, None),  # no goal: nothing to suggest
        ("up", 30, 20, None, None),  # no actual yet
    ],
)
def test_suggested_result(
    direction: str,
    goal: float | None,
    baseline: float | None,
    actual: float | None,
    expected: str | None,
) -> None:
    assert suggested_result(direction, goal, baseline, actual) == expected


@pytest.mark.parametrize(
    ("results", "expected"),
    [
        (["achieved", "achieved"], "achieved"),
        (["achieved", None], "achieved"),  # a target without figures is left out
        (["achieved", "missed"], "partly"),
        (["partly"], "partly"),
        (["missed", "missed"], "missed"),
        (["missed", "partly"], "partly"),
        ([None], None),
        ([], None),
    ],
)
def test_combined_result(results: list[str | None], expected: str | None) -> None:
    assert combined_result(results) == expected
