"""The figures of the review pack, read without Qt (issue 17)."""

from __future__ import annotations

import pytest

from hoshin.plan import Plan
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


def test_the_pack_says_how_the_huddles_did_this_month_and_the_month_before(
    demo_plan: Plan,
) -> None:
    """The sample's month of problems ends on 15 June: May's review (as of 31 May) shows
    Plant Leeds' share solved at tier 1 and its problems past due, as the measure gives
    them for that day; the month before (30 April) had no problems yet."""
    import datetime as dt

    from hoshin.reads.daily_management import daily_management
    from hoshin.reads.units import UnitTree
    from hoshin.reports.review_pack import build_pack

    pack = build_pack(demo_plan, "PLT", "2026-05")
    by_label = {m.label: m for m in pack.measures}
    tier1 = by_label["Problems solved at tier 1 (last 30 days)"]
    late = by_label["Problems open past due (at the huddles)"]
    with demo_plan.session() as s:
        may = daily_management(s, UnitTree.load(s), dt.date(2026, 5, 31), 30)["units"]["PLT"]
    assert (tier1.now, late.now) == (may["share_solved_at_tier_1"], may["open_past_due"])
    assert (tier1.before, late.before) == (None, 0)
