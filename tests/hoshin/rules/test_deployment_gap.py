"""The deployment gap, owners under negotiation, overload by the person's unit, and what
serves a deployed priority: each with the known answer of a small plan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from hoshin.catchball.operations import Lock, Reply, Throw
from hoshin.excel import export_workbook
from hoshin.model.kinds import NodeKind
from hoshin.operations import AddNode, AddPerson, AddUnit, Assign, Link
from hoshin.plan import Plan
from hoshin.reads import xmatrix_checks as rv
from hoshin.reads.checkup import check_report, render_text
from hoshin.reads.monthly_review import build_review, to_html
from hoshin.reads.xmatrix.findings import unit_findings
from hoshin.reads.xmatrix.reader import XMatrixBatch, build_xmatrix
from hoshin.rules.deployment import deployment_gaps, gap_of
from tests.conftest import AS_OF, unit_id

GAP = (
    "KPI-1 is deployed to DIV as KPI-2, locked at 23 days: 1 day short of the goal of "
    "22 days (lower is better)."
)


@pytest.mark.parametrize(
    ("direction", "goal", "committed", "gap"),
    [
        ("down", 22, 23, 1),  # lead time: the division commits to a longer one
        ("down", 22, 21, 0),  # stronger than asked: no gap
        ("down", 22, 22, 0),
        ("up", 24, 22, 2),  # conversion: the division commits to less
        ("up", 24, 25, 0),
        ("up", None, 22, 0),  # no goal above: nothing to fall short of
    ],
)
def test_the_rule(direction: str, goal: float | None, committed: float, gap: float) -> None:
    assert gap_of(direction, goal, committed) == gap


@pytest.fixture
def plan(tmp_path: Path) -> Plan:
    """Company lead time 22 days (lower is better), thrown to the division, countered at 23."""
    plan = Plan.create(tmp_path / "gap.hoshin", "Acme")
    start = dt.datetime(2026, 3, 2, 9, 0)
    steps = iter(range(1000))
    plan.clock = lambda: start + dt.timedelta(hours=next(steps))
    for op in (
        AddUnit("Division", "CO", code="DIV"),
        AddUnit("Team North", "DIV", code="TN"),
        AddPerson("Helen Ward", "CO"),
        AddPerson("Gareth Evans", "DIV"),
        AddNode(
            NodeKind.TARGET, "CO", "Lead time",
            {"unit_of_measure": "days", "direction": "down", "baseline": 30, "goal": 22},
        ),
        Assign("KPI-1", "Helen Ward"),
    ):  # fmt: skip
        plan.execute(op)
    thread = plan.execute(Throw("KPI-1", "DIV", "Helen Ward", 22)).result
    plan.execute(Reply(thread, "counter", "Gareth Evans", 23, "23 without a second shift"))
    return plan


def _agree_and_lock(plan: Plan) -> None:
    plan.execute(Reply(1, "agree", "Helen Ward"))
    plan.execute(Lock(1, "Helen Ward"))


def _checks(plan: Plan, unit: str, code: str) -> list[str]:
    return build_xmatrix(plan, unit_id(plan, unit)).checks.get(code, [])


def test_an_open_throw_has_no_gap_and_its_target_no_owner_finding(plan: Plan) -> None:
    with plan.session() as s:
        assert deployment_gaps(s) == []
    with plan.session() as s:
        found = {(f.check, f.code) for f in rv.review(s, plan.graph, plan.settings)}
    assert (rv.OWNER_NOT_ONE_PRIMARY, "KPI-2") not in found  # under negotiation
    assert rv.OWNER_NOT_ONE_PRIMARY not in _checks(plan, "DIV", "KPI-2")
    _agree_and_lock(plan)
    with plan.session() as s:
        found = {(f.check, f.code) for f in rv.review(s, plan.graph, plan.settings)}
    assert (rv.OWNER_NOT_ONE_PRIMARY, "KPI-2") in found  # agreed, and still nobody owns it
    assert rv.OWNER_NOT_ONE_PRIMARY in _checks(plan, "DIV", "KPI-2")


def test_an_owner_agreed_in_the_thread_leaves_no_finding(plan: Plan) -> None:
    plan.execute(Reply(1, "proposal", "Helen Ward", 22.5, owner="Gareth Evans"))
    plan.execute(Reply(1, "agree", "Gareth Evans"))
    with plan.session() as s:
        found = {(f.check, f.code) for f in rv.review(s, plan.graph, plan.settings)}
    assert (rv.OWNER_NOT_ONE_PRIMARY, "KPI-2") not in found
    with plan.session() as s:
        [gap] = deployment_gaps(s)
    assert (gap.state, gap.committed, gap.gap) == ("agreed", 22.5, 0.5)


def test_a_locked_weaker_commitment_is_flagged_everywhere(plan: Plan, tmp_path: Path) -> None:
    _agree_and_lock(plan)
    with plan.session() as s:
        [gap] = deployment_gaps(s)
    assert gap.message == GAP
    # The X-matrix of the company: a finding on KPI-1, the same from both readers.
    assert rv.DEPLOYMENT_GAP in _checks(plan, "CO", "KPI-1")
    with plan.session() as s:
        batch = XMatrixBatch(plan, s).build(unit_id(plan, "CO"))
    assert batch.findings["KPI-1"] == build_xmatrix(plan, batch.unit_id).findings["KPI-1"]
    assert GAP in batch.findings["KPI-1"]
    # hoshin check: a review finding and a health figure.
    report = check_report(plan, as_of=AS_OF)
    assert report["review"]["counts"][rv.DEPLOYMENT_GAP] == 1
    assert {"check": rv.DEPLOYMENT_GAP, "unit": "CO", "code": "KPI-1", "message": GAP} in report[
        "review"
    ]["findings"]
    assert report["health"]["deployment_gaps"] == [
        {
            "parent": "KPI-1", "parent_unit": "CO", "child": "KPI-2", "child_unit": "DIV",
            "thread": 1, "state": "locked", "direction": "down", "parent_goal": 22.0,
            "committed": 23.0, "gap": 1.0,
        }
    ]  # fmt: skip
    assert "Deployment gaps: 1 commitment weaker than the parent's goal: KPI-2 (DIV)" in (
        render_text(report)
    )
    # The Deployment sheet: the cell says so, in red.
    book = tmp_path / "gap.xlsx"
    export_workbook(plan, book, as_of=AS_OF)
    ws = load_workbook(book)["Deployment"]
    [cell] = [c for row in ws.iter_rows() for c in row if "catchball:" in str(c.value or "")]
    assert cell.value.startswith("KPI-2 Lead time\ngoal 23 days\ncatchball: locked")
    assert cell.value.endswith("\n⚠ gap: 1 day short of 22 days")
    assert cell.fill.fgColor.rgb.endswith("FFC7CE")
    # The monthly review of the company and of the division.
    for unit in ("CO", "DIV"):
        review = build_review(plan, unit, "2026-05")
        assert [g.child_code for g in review.gaps] == ["KPI-2"]
    page = to_html(build_review(plan, "CO", "2026-05"))
    assert "<h2>Deployment gaps</h2>" in page and "<td class='num'>1 days</td>" in page
    assert build_review(plan, "TN", "2026-05").gaps == []


def test_an_overloaded_owner_is_filed_under_their_own_unit(plan: Plan) -> None:
    """Gareth (DIV) owns six company priorities: the company's matrix shows him, and both the
    matrix and the plan-wide review file the overload under DIV, where he works."""
    for n in range(6):
        plan.execute(AddNode(NodeKind.PRIORITY, "CO", f"Priority {n}"))
        plan.execute(Assign(f"IP-{n + 1}", "Gareth Evans"))
    with plan.session() as s:
        [plan_wide] = [
            f for f in rv.review(s, plan.graph, plan.settings) if f.check == rv.OWNER_OVERLOADED
        ]
    assert (plan_wide.unit, plan_wide.code) == ("DIV", "P-2")
    company = build_xmatrix(plan, unit_id(plan, "CO"))
    assert company.owner("P-2") is not None
    assert rv.OWNER_OVERLOADED in company.checks["P-2"]
    [found] = [f for f in unit_findings(plan, company, []) if f.check == rv.OWNER_OVERLOADED]
    assert found == plan_wide


def test_the_deployment_sheet_names_the_kaizens_that_serve_a_row(
    plan: Plan, tmp_path: Path
) -> None:
    """The company's priority is deployed nowhere, but Team North's kaizens serve it."""
    plan.execute(AddNode(NodeKind.PRIORITY, "CO", "Second shift"))
    plan.execute(AddNode(NodeKind.PRIORITY, "DIV", "Flow"))
    for title, serves in (("Kanban", "IP-1"), ("SMED", "IP-1"), ("5S", "IP-2")):
        code = plan.execute(AddNode(NodeKind.KAIZEN, "TN", title, {"status": "approved"})).result
        plan.execute(Link(code, serves))
    book = tmp_path / "served.xlsx"
    export_workbook(plan, book, as_of=AS_OF)
    ws = load_workbook(book)["Deployment"]
    cells = {
        (ws.cell(c.row, 1).value, c.value)
        for row in ws.iter_rows()
        for c in row
        if "served by" in str(c.value or "")
    }
    assert cells == {
        ("IP-1", "not deployed; served by KZ-1, KZ-2"),  # CO's row, the DIV column
        ("IP-2", "not deployed; served by KZ-3"),  # DIV's row, the TN column
    }
