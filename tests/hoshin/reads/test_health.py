"""Health measures on small hand-built plans whose answers are known."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hoshin.model.kinds import NodeKind
from hoshin.operations import AddActionItem, AddCheck, AddNode, AddUnit, Batch, MoveKaizen
from hoshin.plan import Plan
from hoshin.reads.checkup import check_report

AS_OF = dt.date(2026, 6, 30)


@pytest.fixture
def plan(tmp_path: Path) -> Plan:
    plan = Plan.create(tmp_path / "h.hoshin", "Acme")
    plan.execute(AddUnit("Sales", "CO", function="Sales", code="SAL"))
    plan.execute(AddUnit("Team A", "SAL", function="Sales", code="TA"))
    plan.execute(AddUnit("Plant", "CO", function="Operations", code="PLT"))
    plan.execute(AddNode(NodeKind.BREAKTHROUGH, "CO", "Grow"))
    plan.execute(AddNode(NodeKind.ANNUAL, "CO", "Grow 10 %", links=["BT-1"]))
    plan.execute(AddNode(NodeKind.PRIORITY, "CO", "Funnel", links=["AO-1"]))
    plan.execute(AddNode(NodeKind.PRIORITY, "CO", "Nobody serves me", links=["AO-1"]))
    return plan


def _kaizen(
    unit: str,
    origin: str,
    days_ago: int,
    links: tuple[str, ...] = ("IP-1",),
    status: str = "in progress",  # started: an idea is not (DESIGN §5)
) -> AddNode:
    start = AS_OF - dt.timedelta(days=days_ago)
    return AddNode(
        NodeKind.KAIZEN,
        unit,
        f"{origin} {days_ago}",
        {"origin": origin, "start_date": start, "status": status},
        links=list(links),
    )


def test_demand_ratio_counts_pulled_kaizens_in_the_window(plan: Plan) -> None:
    ops = [_kaizen("TA", "bottom-up", d) for d in (5, 40, 80)]
    ops += [_kaizen("TA", "joint", 10)]
    ops += [_kaizen("PLT", "top-down", d) for d in (3, 20, 50, 89)]
    ops += [_kaizen("PLT", "bottom-up", 120)]  # outside the 90-day window
    plan.execute(Batch("kaizens", ops))
    demand = check_report(plan, as_of=AS_OF, window=90)["health"]["demand"]
    assert demand["plan"] == {"started": 8, "top_down": 4, "bottom_up": 3, "joint": 1, "ratio": 0.5}
    assert demand["units"]["TA"]["ratio"] == 1.0
    assert demand["units"]["SAL"]["started"] == 4  # rolled up from the team
    assert demand["units"]["PLT"]["ratio"] == 0.0


def test_thirty_day_test_counts_recent_bottom_up_kaizens(plan: Plan) -> None:
    plan.execute(Batch("k", [_kaizen("TA", "bottom-up", d) for d in (1, 29, 31)]))
    plan.execute(_kaizen("TA", "joint", 2))
    health = check_report(plan, as_of=AS_OF)["health"]
    assert health["thirty_day_test"]["units"]["TA"] == 2
    assert health["thirty_day_test"]["units"]["PLT"] == 0


def test_sustainment_debt_counts_items_overdue_and_slipped_checks(plan: Plan) -> None:
    plan.execute(_kaizen("TA", "bottom-up", 60, status="idea"))  # KZ-1
    for status in ("approved", "in progress", "done"):
        plan.execute(MoveKaizen("KZ-1", status))
    plan.execute(AddActionItem("KZ-1", "Update the standard"))
    plan.execute(AddActionItem("KZ-1", "Already done", done_on=AS_OF))
    plan.execute(AddCheck("KZ-1", AS_OF - dt.timedelta(days=3)))  # overdue
    plan.execute(AddCheck("KZ-1", AS_OF - dt.timedelta(days=20), "slipped"))
    plan.execute(AddCheck("KZ-1", AS_OF + dt.timedelta(days=20)))  # not due yet
    debt = check_report(plan, as_of=AS_OF)["health"]["sustainment_debt"]
    assert debt["units"]["TA"] == {
        "open_action_items": 1,
        "overdue_checks": 1,
        "slipped_checks": 1,
        "total": 3,
    }
    assert debt["kaizens"] == ["KZ-1"]
    plan.execute(AddCheck("KZ-1", AS_OF - dt.timedelta(days=1), "held"))  # re-held
    debt = check_report(plan, as_of=AS_OF)["health"]["sustainment_debt"]
    assert debt["units"]["TA"]["slipped_checks"] == 0


def test_function_coverage_flags_functions_with_no_active_kaizen(plan: Plan) -> None:
    plan.execute(_kaizen("TA", "bottom-up", 5, status="idea"))
    plan.execute(MoveKaizen("KZ-1", "approved"))
    plan.execute(_kaizen("PLT", "bottom-up", 5, status="idea"))  # an idea is not active yet
    coverage = check_report(plan, as_of=AS_OF)["health"]["function_coverage"]
    assert coverage["functions"]["Sales"] == 1
    assert coverage["functions"]["Operations"] == 0
    assert "Operations" in coverage["uncovered"] and "Sales" not in coverage["uncovered"]


def test_alignment_finds_orphans_and_unserved_priorities(plan: Plan) -> None:
    plan.execute(_kaizen("TA", "bottom-up", 5))
    plan.execute(_kaizen("TA", "bottom-up", 6, links=()))
    alignment = check_report(plan, as_of=AS_OF)["health"]["alignment"]
    assert alignment["orphan_kaizens"] == ["KZ-2"]
    assert alignment["share"] == 0.5
    assert alignment["priorities_without_kaizen"] == ["IP-2"]
    assert alignment["breakthroughs_unsupported"] == []


def test_review_findings_on_the_sample_plan(demo_plan: Plan) -> None:
    review = check_report(demo_plan)["review"]
    found = {(f["check"], f["code"]) for f in review["findings"]}
    assert ("priority-supports-nothing", "IP-6") in found
    assert ("owner-not-one-primary", "KPI-7") in found
    assert review["counts"]["breakthrough-unsupported"] == 0


def test_thresholds_are_plan_settings(plan: Plan) -> None:
    from hoshin.operations import SetSetting

    plan.execute(AddNode(NodeKind.BREAKTHROUGH, "CO", "Second"))
    assert check_report(plan)["review"]["counts"]["too-many-breakthroughs"] == 0
    plan.execute(SetSetting("max_breakthroughs", 1))
    findings = check_report(plan)["review"]["findings"]
    assert any(f["check"] == "too-many-breakthroughs" and f["unit"] == "CO" for f in findings)
