"""The reflection read: a unit's objectives with the targets' figures filled in from the
plan, the suggested result, the reflection recorded, and a closed year read-only (known
answers on the sample plan, whose figures run January to May 2026)."""

from __future__ import annotations

import pytest

from hoshin.operations import UpdateNode
from hoshin.operations.years import Reflect, SetYearState
from hoshin.plan import Plan
from hoshin.reads.reflection import read_reflection


def test_a_units_objectives_come_with_their_figures_and_a_suggested_result(
    demo_plan: Plan,
) -> None:
    year = read_reflection(demo_plan)
    assert year.year == 2026 and not year.closed
    assert [u.code for u in year.units][:3] == ["CO", "COM", "OPS"]
    co = year.units[0]
    kinds = [line.kind for line in co.lines]
    assert kinds.index("breakthrough") < kinds.index("annual") < kinds.index("target")
    kpi1 = next(line for line in co.lines if line.code == "KPI-1")
    assert (kpi1.goal, kpi1.baseline, kpi1.direction) == (24.0, 18.0, "up")
    assert (kpi1.last_month, kpi1.last_actual) == ("2026-05", 20.33)
    assert kpi1.ytd_actual == pytest.approx(18.648)  # the average of January to May
    assert kpi1.suggested == "partly"  # above the baseline 18, short of the goal 24
    bt1 = next(line for line in co.lines if line.code == "BT-1")
    assert bt1.goal is None and not bt1.recorded
    # A breakthrough's suggestion is its targets' (all partly here): 7 targets down its tree.
    assert (bt1.suggested, bt1.suggested_from) == ("partly", 7)


def test_the_reflection_recorded_is_read_back_and_a_closed_year_is_read_only(
    demo_plan: Plan,
) -> None:
    demo_plan.execute(
        Reflect("KPI-1", decision="modify", new_goal=22, result="partly", lesson="Start early")
    )
    kpi1 = next(line for line in read_reflection(demo_plan).units[0].lines if line.code == "KPI-1")
    assert (kpi1.decision, kpi1.new_goal, kpi1.result, kpi1.lesson) == (
        "modify",
        22.0,
        "partly",
        "Start early",
    )
    assert kpi1.refusal is None
    demo_plan.execute(SetYearState(2026, "closed"))
    closed = read_reflection(demo_plan)
    assert closed.closed
    assert all(line.refusal and "2026 is closed" in line.refusal for line in closed.units[0].lines)


def test_only_the_units_asked_for_are_read(demo_plan: Plan) -> None:
    co = read_reflection(demo_plan).units[0]
    only = read_reflection(demo_plan, [co.unit_id])
    assert [u.code for u in only.units] == ["CO"]
    assert [line.code for line in only.units[0].lines] == [line.code for line in co.lines]


def test_an_objective_is_suggested_what_its_targets_suggest_together(demo_plan: Plan) -> None:
    """IP-4 is measured by KPI-3 and KPI-4, and supports AO-4; IP-1 by KPI-1 alone; IP-3
    (AO-3's one priority) by KPI-5 (docs/measures.md)."""
    demo_plan.execute(UpdateNode("KPI-3", {"goal": 38}))  # the baseline: achieved
    demo_plan.execute(UpdateNode("KPI-4", {"goal": 60}))  # 70.2: achieved
    demo_plan.execute(UpdateNode("KPI-1", {"baseline": 23}))  # 18.6 < 23 < 24: missed
    lines = {line.code: line for line in read_reflection(demo_plan).units[0].lines}
    assert [lines[c].suggested for c in ("KPI-3", "KPI-4", "KPI-1")] == [
        "achieved",
        "achieved",
        "missed",
    ]
    assert (lines["IP-4"].suggested, lines["IP-4"].suggested_from) == ("achieved", 2)
    assert lines["AO-4"].suggested == "achieved"  # its one priority, IP-4
    assert (lines["IP-1"].suggested, lines["IP-1"].suggested_from) == ("missed", 1)
    assert lines["IP-5"].suggested == "partly"  # KPI-6 and KPI-7, both partly
    assert lines["IP-6"].suggested is None  # no target measures it
