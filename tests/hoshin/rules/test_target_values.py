"""Finer tracking: the monthly actual derived from daily or weekly values (known answers
worked by hand), each value judged like a month, and the edits that record them."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.model.errors import HoshinError
from hoshin.operations import SetMeasurement
from hoshin.operations.target_values import SetTargetValue, SetTargetValues, SetTracking
from hoshin.plan import Plan
from hoshin.reads.target_strip import unit_strip
from hoshin.rules.bowling import Status, load_targets
from hoshin.rules.finer_months import derived_months
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
    kpi2 = demo_plan.graph.id_of("KPI-2")
    with demo_plan.session() as s:
        rows = s.execute(
            select(e.TargetValue.day, e.TargetValue.value).where(e.TargetValue.node_id == kpi2)
        ).all()
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
        assert unit_strip(s, 6, D(2026, 3, 18)).targets == []  # Sales tracks nothing finer


def test_the_review_and_the_review_pack_say_a_month_is_derived(demo_plan: Plan) -> None:
    from hoshin.reads.monthly_review import build_review, to_html
    from hoshin.reports.review_pack import build_pack
    from hoshin.reports.review_pack_html import pack_html

    # KPI-1's May, the month reviewed, made of two days; June 2026 is not reviewed.
    demo_plan.execute(SetTracking("KPI-1", "daily", "average"))
    demo_plan.execute(SetTargetValue("KPI-1", "2026-05-04", 1.0))
    demo_plan.execute(SetTargetValue("KPI-1", "2026-05-05", 3.0))
    review = to_html(build_review(demo_plan, "CO", "2026-05"))
    assert "✖ 2<br><span class='none'>derived from 2 daily values</span>" in review
    pack = pack_html(build_pack(demo_plan, "CO", "2026-05", today=D(2026, 6, 15)))
    assert "Actual derived from daily or weekly values by the target's aggregation: KPI-1 " in (
        pack
    )
    assert "from 2 daily values." in pack


def test_a_countermeasure_answers_a_month_red_by_its_derived_actual(demo_plan: Plan) -> None:
    from hoshin.operations.countermeasures import AddCountermeasure

    # KPI-1 (up): March's plan 20, its typed actual 40 (green); its days average 5 (red).
    demo_plan.execute(SetMeasurement("KPI-1", "2026-03", plan=20.0, actual=40.0))
    with pytest.raises(HoshinError, match="green in 2026-03"):
        demo_plan.execute(AddCountermeasure("KPI-1", "2026-03", "Call back"))
    _daily(demo_plan, "KPI-1", "average", {2: 5.0})
    demo_plan.execute(AddCountermeasure("KPI-1", "2026-03", "Call back"))


def test_a_targets_standing_and_its_carried_start_follow_its_derived_months(
    demo_plan: Plan,
) -> None:
    from hoshin.operations.rollover import _last_actuals
    from hoshin.reads.line_of_sight import latest_standing

    # KPI-1 (up) has typed actuals up to May; June has a plan and, now, days averaging 1.
    _daily(demo_plan, "KPI-1", "average", {})
    demo_plan.execute(SetTargetValue("KPI-1", "2026-06-01", 1.0))
    node_id = demo_plan.graph.id_of("KPI-1")
    with demo_plan.session() as s:
        assert latest_standing(s, [node_id]) == {node_id: ("2026-06", Status.RED)}

        edit = SimpleNamespace(session=s)  # what _last_actuals reads of an edit
        assert _last_actuals(edit, [node_id]) == {node_id: 1.0}  # type: ignore[arg-type]


def test_the_sample_plan_shows_operations_a_strip_of_six_weeks(demo_plan: Plan) -> None:
    with demo_plan.session() as s:
        strip = unit_strip(s, demo_plan.graph.node(demo_plan.graph.id_of("KPI-9")).unit_id,
                           D(2026, 6, 14))  # fmt: skip
    (lead_time,) = strip.targets
    assert (lead_time.code, lead_time.tracking) == ("KPI-9", "daily")
    assert len(lead_time.cells) == 42  # Monday 4 May to Sunday 14 June: 28 + 14 days
    assert all(c.value is not None and c.status is not None for c in lead_time.cells)


def test_derived_months_of_chosen_months_are_those_of_the_year(demo_plan: Plan) -> None:
    """Asked for a few months (as "My work" asks for the months that may owe an answer),
    the derived months are the year's, those months only, whatever the aggregation."""
    _daily(demo_plan, "KPI-1", "sum", {2: 10.0, 3: 20.0, 31: 5.0})
    _daily(demo_plan, "KPI-2", "last", {4: 30.0, 2: 10.0})
    demo_plan.execute(SetTargetValue("KPI-1", D(2026, 4, 1), 7.0))
    with demo_plan.session() as s:
        ids = {
            code: s.scalar(select(e.Node.id).where(e.Node.code == code))
            for code in ("KPI-1", "KPI-2")
        }
        whole = derived_months(s, list(ids.values()), 2026)
        some = derived_months(s, list(ids.values()), None, ["2026-03"])
        with s.get_bind().connect() as conn:  # a connection of its own reads the same
            april = derived_months(conn, [ids["KPI-1"]], None, ["2026-04", "2026-05"])
        none = derived_months(s, [ids["KPI-1"]], None, [])
    assert {n: list(m) for n, m in whole.items()} == {
        ids["KPI-1"]: ["2026-03", "2026-04"],
        ids["KPI-2"]: ["2026-03"],
    }
    assert some[ids["KPI-1"]]["2026-03"].value == 35.0
    assert some[ids["KPI-1"]]["2026-03"].count == 3
    assert some[ids["KPI-2"]]["2026-03"].value == 30.0  # the value of 4 March, the last day
    assert some == {n: {"2026-03": m["2026-03"]} for n, m in whole.items()}
    assert april == {ids["KPI-1"]: {"2026-04": whole[ids["KPI-1"]]["2026-04"]}}
    assert none == {}
