"""The bowling rule, review rhythm, and the monthly review (its PDF: tests/app/test_cli.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hoshin.cli.main import main
from hoshin.model.kinds import NodeKind
from hoshin.operations import AddCountermeasure, AddNode, AddUnit, SetMeasurement
from hoshin.plan import Plan
from hoshin.reads.checkup import check_report
from hoshin.reads.monthly_review import build_review, to_html
from hoshin.rules.bowling import Status, month_status
from tests.conftest import AS_OF


@pytest.mark.parametrize(
    ("direction", "plan", "actual", "status"),
    [
        ("down", 25, 23, Status.GREEN),  # lower is better and it beat the plan
        ("down", 25, 25.5, Status.YELLOW),
        ("down", 25, 30, Status.RED),
        ("up", 80, 85, Status.GREEN),
        ("up", 80, 70, Status.RED),
        ("up", 80, None, None),
    ],
)
def test_a_month_is_judged_by_the_targets_direction(
    direction: str, plan: float, actual: float | None, status: Status | None
) -> None:
    assert month_status(direction, plan, actual) is status


@pytest.fixture
def plan(tmp_path: Path) -> Plan:
    plan = Plan.create(tmp_path / "r.hoshin", "Acme")
    plan.execute(AddUnit("Plant", "CO", code="PLT"))
    fields = {"unit_of_measure": "days", "direction": "down", "baseline": 30, "goal": 24}
    plan.execute(AddNode(NodeKind.TARGET, "PLT", "Lead time", fields))
    plan.execute(AddNode(NodeKind.TARGET, "PLT", "Scrap", {**fields, "unit_of_measure": "%"}))
    for month, actual in (("2026-04", 27), ("2026-05", 31)):
        plan.execute(SetMeasurement("KPI-1", month, plan=28, actual=actual))
    plan.execute(SetMeasurement("KPI-2", "2026-04", plan=5, actual=4))
    return plan


def test_review_rhythm_finds_missing_actuals_and_unanswered_red_months(plan: Plan) -> None:
    rhythm = check_report(plan, as_of=AS_OF)["health"]["review_rhythm"]
    assert rhythm["last_period"] == "2026-05"
    assert rhythm["without_actual"] == ["KPI-2"]
    assert rhythm["red_without_countermeasure"] == {"KPI-1": ["2026-05"]}
    plan.execute(AddCountermeasure("KPI-1", "2026-05", "Second shift on press 3"))
    rhythm = check_report(plan, as_of=AS_OF)["health"]["review_rhythm"]
    assert rhythm["red_without_countermeasure"] == {}


def test_the_review_puts_red_items_first_with_their_countermeasures(plan: Plan) -> None:
    plan.execute(AddCountermeasure("KPI-1", "2026-05", "Second shift on <press 3>"))
    review = build_review(plan, "PLT", "2026-05")
    assert [t.code for t in review.by_status(Status.RED)] == ["KPI-1"]
    document = to_html(review)
    assert document.index("Red targets") < document.index("All targets")
    assert "Second shift on &lt;press 3&gt;" in document  # typed text is escaped


def test_a_review_of_an_unknown_unit_is_refused(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.pdf"
    code = main(["review", str(demo_path), "--unit", "NOPE", "--month", "2026-05", "-o", str(out)])
    assert code == 1 and "No unit NOPE" in capsys.readouterr().err
    assert not out.exists()


def test_a_kaizen_is_listed_once_under_sustained_when_a_check_held_in_the_month(
    demo_plan: Plan,
) -> None:
    """The sample's May lists KZ-130; KZ-101 then held twice in May (listed once), KZ-104
    held in April only (not listed for May)."""
    from hoshin.operations.sustainment import AddCheck

    def sustained() -> list[str]:
        return [k.code for k in build_review(demo_plan, "CO", "2026-05").sustained]

    assert sustained() == ["KZ-130"]
    demo_plan.execute(AddCheck("KZ-101", "2026-05-04", result="held", on="2026-05-04"))
    demo_plan.execute(AddCheck("KZ-101", "2026-05-25", result="held", on="2026-05-25"))
    demo_plan.execute(AddCheck("KZ-104", "2026-04-27", result="held", on="2026-04-27"))
    assert sustained() == ["KZ-101", "KZ-130"]
