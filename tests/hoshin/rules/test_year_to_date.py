"""Year to date follows each target's aggregation: one rule for bowling, review, workbook."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from hoshin.catchball.operations import Throw
from hoshin.excel import export_workbook
from hoshin.excel.read.importer import import_workbook
from hoshin.model import entities as e
from hoshin.model.errors import ValidationError
from hoshin.model.kinds import NodeKind
from hoshin.operations import AddNode, AddPerson, AddUnit, SetMeasurement, UpdateNode
from hoshin.plan import Plan
from hoshin.reads.monthly_review import build_review, to_html
from hoshin.rules.bowling import load_targets, year_to_date
from tests.conftest import AS_OF

MONTHS = ["2026-01", "2026-02", "2026-03", "2026-04"]
ACTUAL = {"2026-01": 10.0, "2026-02": 20.0, "2026-03": 30.0, "2026-04": None}
PLAN = {"2026-01": 12.0, "2026-02": 18.0, "2026-03": 24.0, "2026-04": 40.0}


@pytest.mark.parametrize(
    ("aggregation", "plan", "actual"),
    [
        ("sum", 54, 60),  # April has no actual: skipped in both rows
        ("average", 18, 20),
        ("last", 24, 30),
        ("min", 12, 10),
        ("max", 24, 30),
        (None, 18, 20),  # a target from before aggregations: the average it always showed
    ],
)
def test_the_rule(aggregation: str | None, plan: float, actual: float) -> None:
    assert year_to_date(aggregation, PLAN, ACTUAL, MONTHS) == (plan, actual)


def test_no_actual_yet_is_no_year_to_date() -> None:
    assert year_to_date("sum", PLAN, {}, MONTHS) == (None, None)


@pytest.fixture
def plan(tmp_path: Path) -> Plan:
    plan = Plan.create(tmp_path / "ytd.hoshin", "Acme")
    plan.execute(
        AddNode(
            NodeKind.TARGET, "CO", "Revenue",
            {"unit_of_measure": "k€", "direction": "up", "goal": 100, "aggregation": "sum"},
        )
    )  # fmt: skip
    plan.execute(AddNode(NodeKind.TARGET, "CO", "Satisfaction", {"goal": 8}))
    for month in MONTHS:
        plan.execute(SetMeasurement("KPI-1", month, PLAN[month], ACTUAL[month]))
    return plan


def _aggregation(plan: Plan, code: str) -> str | None:
    with plan.session() as s:
        node = s.get(e.Node, plan.graph.id_of(code))
        assert node is not None
        return node.aggregation


def test_a_target_chooses_its_aggregation(plan: Plan) -> None:
    assert _aggregation(plan, "KPI-1") == "sum"
    assert _aggregation(plan, "KPI-2") == "average"  # the default of a new target
    applied = plan.execute(UpdateNode("KPI-2", {"aggregation": "last"}))
    assert _aggregation(plan, "KPI-2") == "last"
    plan.execute(applied.inverse)
    assert _aggregation(plan, "KPI-2") == "average"
    with pytest.raises(ValidationError, match="average"):
        plan.execute(UpdateNode("KPI-2", {"aggregation": "median"}))
    plan.execute(AddNode(NodeKind.PRIORITY, "CO", "Grow"))
    with pytest.raises(ValidationError, match="A priority has no aggregation"):
        plan.execute(UpdateNode("IP-1", {"aggregation": "sum"}))


def test_the_bowling_rows_and_the_review_use_it(plan: Plan) -> None:
    with plan.session() as s:
        [revenue, _sat] = load_targets(s, 2026)
    assert revenue.aggregation == "sum"
    assert revenue.year_to_date(MONTHS) == (54, 60)
    review = build_review(plan, "CO", "2026-02")
    row = next(t for t in review.targets if t.code == "KPI-1")
    assert review.year_to_date(row) == (30, 30)  # January and February only
    page = to_html(build_review(plan, "CO", "2026-04"))
    assert "60 <span class='none'>(sum; plan 54)</span>" in page


def test_the_workbook_shows_it_and_reads_it_back(plan: Plan, tmp_path: Path) -> None:
    book = tmp_path / "ytd.xlsx"
    export_workbook(plan, book, as_of=AS_OF)
    ws = load_workbook(book)["Bowling"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "KPI-1")
    heads = [ws.cell(4, c).value for c in range(1, ws.max_column + 1)]
    ytd, how = heads.index("Year to date") + 1, heads.index("Aggregation") + 1
    assert (ws.cell(row, ytd).value, ws.cell(row + 1, ytd).value) == (54, 60)
    assert ws.cell(row, how).value == "sum"
    back = import_workbook(book, tmp_path / "back.hoshin")
    assert back is not None
    again = Plan.open(tmp_path / "back.hoshin")
    try:
        assert _aggregation(again, "KPI-1") == "sum"
        assert _aggregation(again, "KPI-2") == "average"
    finally:
        again.close()


def test_a_deployed_target_keeps_its_parents_aggregation(plan: Plan) -> None:
    plan.execute(AddUnit("Plant", "CO", code="PLT"))
    plan.execute(AddPerson("Helen Ward", "CO"))
    plan.execute(Throw("KPI-1", "PLT", "Helen Ward", 40))
    assert _aggregation(plan, "KPI-3") == "sum"
