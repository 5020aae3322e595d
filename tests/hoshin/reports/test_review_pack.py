"""The figures of the review pack, read without Qt (issue 17)."""

from __future__ import annotations

import pytest

from hoshin.reports.review_pack import (
    Commitment,
    Deployment,
    HealthMeasure,
    decimals_of,
)
from hoshin.text.formats import grouped


@pytest.mark.parametrize(
    ("values", "decimals"),
    [
        ([23, 24, None], 0),
        ([23, 25.8, 22], 1),  # one value with a decimal gives the whole target one
        ([0.88, 1], 2),
        ([14.666666, 14], 2),  # a third is shown to two places, not sixteen
    ],
)
def test_a_target_shows_the_decimals_its_figures_need(
    values: list[float | None], decimals: int
) -> None:
    assert decimals_of(values) == decimals


def test_a_value_is_written_with_the_targets_decimals() -> None:
    assert [grouped(v, 1) for v in (23, 25.8, None, 1234)] == ["23.0", "25.8", "–", "1,234.0"]


def _deployment(direction: str, goal: float, aggregation: str, *commitments: float) -> Deployment:
    children = [
        Commitment("U", f"KPI-{n}", "", c, "", None, None) for n, c in enumerate(commitments)
    ]
    return Deployment("KPI-1", "", "CO", "", direction, goal, aggregation, children, 0)


def test_the_gap_adds_the_commitments_up_the_way_the_target_does() -> None:
    # Sales of 100 shared by two plants that committed 40 and 45: 15 short.
    sales = _deployment("up", 100, "sum", 40, 45)
    assert (sales.covered, sales.gap) == (85, 15)
    # Lead time 24 days (lower is better), plants at 22 and 28 on average: 1 day short.
    lead = _deployment("down", 24, "average", 22, 28)
    assert (lead.covered, lead.gap) == (25, 1)
    # Commitments better than the goal leave no gap.
    assert _deployment("down", 24, "max", 20, 23).gap == 0


def test_a_health_measure_says_whether_it_got_better() -> None:
    assert HealthMeasure("debt", 27, 26, False, False).trend == "worse"
    assert HealthMeasure("demand", 0.67, 0.6, True, True).trend == "better"
    assert HealthMeasure("demand", 0.67, 0.6, True, True).text(0.667) == "67%"
    assert HealthMeasure("demand", None, 0.6, True, True).trend == ""
