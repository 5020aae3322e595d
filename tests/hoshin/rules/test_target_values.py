"""Finer tracking: the monthly actual derived from daily or weekly values (known answers
worked by hand), each value judged like a month, and the edits that record them."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.model.errors import HoshinError
from hoshin.operations import SetMeasurement
from hoshin.operations.target_values import SetTargetValue, SetTargetValues, SetTracking
from hoshin.plan import Plan
from hoshin.reads.target_strip import unit_strip
from hoshin.rules.bowling import Status, load_targets
from hoshin.rules.target_values import derive, period_plan, value_status
from tests.hoshin.dump import dump

D = dt.date


def _row(plan: Plan, code: str):  # type: ignore[no-untyped-def]
    with plan.session() as s:
        return next(r for r in load_targets(s, 2026) if r.code == code)


def _daily(plan: Plan, code: str, aggregation: str, values: dict[int, float]) -> None:
    """``code`` tracked daily by ``aggregation``, with values on days of March 2026."""
    plan.execute(SetTracking(code, "daily", aggregation))
    for day, value in values.items():
        plan.execute(SetTargetValue(code, D(2026, 3, day), value))


def test_derive_adds_days_up_by_the_aggregation() -> None:
    days = [(D(2026, 3, 3), 30.0), (D(2026, 3, 1), 10.0), (D(2026, 3, 2), 20.0)]
    assert derive("sum", "daily", days)["2026-03"].value == 60.0
    assert derive("average", "daily", days)["2026-03"].value == 20.0
    assert derive("last", "daily", days)["2026-03"].value == 30.0  # 3 March, not the last given
    assert derive("min", "daily", days)["2026-03"].value == 10.0
    assert derive("max", "daily", days)["2026-03"].value == 30.0
    assert derive("sum", "daily", days)["2026-03"].note == "derived from 3 daily values"
    assert derive("sum", "monthly", days) == {}  # a monthly target's actual is typed


@pytest.mark.parametrize(
    ("aggregation", "expected"), [("sum", 60.0), ("average", 20.0), ("last", 30.0)]
)
def test_a_month_with_daily_values_shows_them_added_up(
    demo_plan: Plan, aggregation: str, expected: float
) -> None:
    typed_april = _row(demo_plan, "KPI-1").actual["2026-04"]
    _daily(demo_plan, "KPI-1", aggregation, {4: 30.0, 2: 10.0, 3: 20.0})
    row = _row(demo_plan, "KPI-1")
    assert row.actual["2026-03"] == expected
    assert row.derived_note("2026-03") == "derived from 3 daily values"
    # April has no daily values: its typed actual stands, and says nothing.
    assert row.actual["2026-04"] == typed_april is not None
    assert row.derived_note("2026-04") == ""


def test_tracking_monthly_again_shows_the_typed_actual(demo_plan: Plan) -> None:
    typed = _row(demo_plan, "KPI-1").actual["2026-03"]
    _daily(demo_plan, "KPI-1", "sum", {2: 10.0})
    demo_plan.execute(SetTracking("KPI-1", "monthly"))
    assert _row(demo_plan, "KPI-1").actual["2026-03"] == typed


def test_a_weekly_value_is_dated_on_its_monday(demo_plan: Plan) -> None:
    demo_plan.execute(SetTracking("KPI-2", "weekly"))
    assert demo_plan.execute(SetTargetValue("KPI-2", "2026-03-05", 7)).result == D(2026, 3, 2)
    demo_plan.execute(SetTargetValue("KPI-2", "2026-03-06", 8))  # the same week: changed
    with demo_plan.session() as s:
        rows = s.execute(select(e.TargetValue.day, e.TargetValue.value)).all()
    assert rows == [(D(2026, 3, 2), 8.0)]


def test_a_value_is_judged_against_the_months_plan_pro_rated_for_a_sum() -> None:
    # March has 31 days: a day's share of a sum plan of 310 is 10, a week's is 70.
    assert period_plan("sum", "daily", 310.0, D(2026, 3, 9)) == 10.0
    assert period_plan("sum", "weekly", 310.0, D(2026, 3, 9)) == 70.0
    assert period_plan("average", "daily", 310.0, D(2026, 3, 9)) == 310.0
    assert value_status("up", "sum", "daily", 310.0, D(2026, 3, 9), 10.0) is Status.GREEN
    assert value_status("up", "sum", "daily", 310.0, D(2026, 3, 9), 9.6) is Status.YELLOW
    assert value_status("up", "sum", "daily", 310.0, D(2026, 3, 9), 9.0) is Status.RED
    assert value_status("down", "average", "daily", 5.0, D(2026, 3, 9), 4.0) is Status.GREEN
    assert value_status("up", "sum", "daily", None, D(2026, 3, 9), 4.0) is None


def test_recording_changing_and_clearing_undo_exactly(demo_plan: Plan) -> None:
    before = dump(demo_plan)
    done = [
        demo_plan.execute(op)
        for op in (
            SetTracking("KPI-1", "daily", "sum"),
            SetTargetValue("KPI-1", "2026-03-02", 5),
            SetTargetValue("KPI-1", "2026-03-02", 6),
            SetTargetValue("KPI-1", "2026-03-02", None),
        )
    ]
    for applied in reversed(done):
        demo_plan.execute(applied.inverse)
    assert dump(demo_plan) == before


@pytest.mark.parametrize(
    ("op", "words"),
    [
        (SetTargetValue("KPI-3", "2026-03-02", 5), "tracked monthly"),
        (SetTargetValue("IP-1", "2026-03-02", 5), "Only targets"),
        (SetTracking("KPI-1", "hourly"), "Tracking must be one of"),
        (SetTracking("KPI-1", "daily", "median"), "Aggregation must be one of"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    demo_plan: Plan, op: SetTargetValue, words: str
) -> None:
    before = dump(demo_plan)
    with pytest.raises(HoshinError, match=words):
        demo_plan.execute(op)
    assert dump(demo_plan) == before


def test_values_outside_the_targets_year_and_clearing_nothing_are_refused(
    demo_plan: Plan,
) -> None:
    demo_plan.execute(SetTracking("KPI-1", "daily"))
    before = dump(demo_plan)
    with pytest.raises(HoshinError, match="dated in 2026"):
        demo_plan.execute(SetTargetValue("KPI-1", "2027-01-04", 5))
    with pytest.raises(HoshinError, match="no value on 2026-03-02"):
        demo_plan.execute(SetTargetValue("KPI-1", "2026-03-02", None))
    with pytest.raises(HoshinError, match=r"Line 2: .*given on line 1"):
        demo_plan.execute(
            SetTargetValues([(1, "KPI-1", "2026-03-02", 1), (2, "kpi-1", "2026-03-02", 2)])
        )
    assert dump(demo_plan) == before


def test_many_values_are_one_edit(demo_plan: Plan) -> None:
    demo_plan.execute(SetTracking("KPI-1", "daily", "sum"))
    rows = [(i, "KPI-1", D(2026, 3, i), float(i)) for i in range(1, 32)]
    applied = demo_plan.execute(SetTargetValues(rows))
    assert applied.result == 31
    assert _row(demo_plan, "KPI-1").actual["2026-03"] == sum(range(1, 32))  # 496
    demo_plan.execute(applied.inverse)
    assert _row(demo_plan, "KPI-1").derived == {}


def test_the_strip_shows_a_units_finer_targets_by_day_and_week(demo_plan: Plan) -> None:
    # KPI-1 (up, average) daily, KPI-2 (down) weekly; both of the company (unit 1).
    demo_plan.execute(SetMeasurement("KPI-1", "2026-03", plan=20.0))
    _daily(demo_plan, "KPI-1", "average", {16: 25.0, 17: 10.0})
    demo_plan.execute(SetTracking("KPI-2", "weekly"))
    demo_plan.execute(SetTargetValue("KPI-2", "2026-03-11", 1.0))
    with demo_plan.session() as s:
        strip = unit_strip(s, 1, D(2026, 3, 18), weeks=2)
    assert (strip.start, strip.end) == (D(2026, 3, 9), D(2026, 3, 18))
    daily, weekly = strip.targets
    assert (daily.code, daily.tracking, len(daily.cells)) == ("KPI-1", "daily", 10)
    cells = {c.day: (c.value, c.status) for c in daily.cells}
    assert cells[D(2026, 3, 16)] == (25.0, Status.GREEN)
    assert cells[D(2026, 3, 17)] == (10.0, Status.RED)
    assert cells[D(2026, 3, 18)] == (None, None)
    assert [c.day for c in weekly.cells] == [D(2026, 3, 9), D(2026, 3, 16)]
    assert weekly.cells[0].value == 1.0
    with demo_plan.session() as s:
        assert unit_strip(s, 3, D(2026, 3, 18)).targets == []  # OPS tracks nothing finer
