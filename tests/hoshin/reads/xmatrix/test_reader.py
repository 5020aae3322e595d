"""The X-matrix of one unit, read from the sample plan with bulk queries only."""

from __future__ import annotations

import pytest

from hoshin.model.errors import NotFoundError
from hoshin.model.kinds import NodeKind, OwnerRole, Strength
from hoshin.operations import AddNode, AddUnit, Batch, MoveKaizen, SetRationale, SetStrength
from hoshin.plan import Plan
from hoshin.reads.xmatrix.model import XMatrix
from hoshin.reads.xmatrix.reader import build_xmatrix
from tests.hoshin.reads.xmatrix.units import codes, unit_id
from tests.statements import counting_queries


def test_company_bands_hold_the_unit_items_in_code_order(company: XMatrix) -> None:
    assert (company.unit_code, company.unit_name, company.unit_level) == (
        "CO",
        "Northwind Instruments",
        "Company",
    )
    assert company.year == 2026  # the sample's figures are for the test's AS_OF year
    assert codes(company.south) == ["BT-1", "BT-2", "BT-3"]
    assert codes(company.west) == ["AO-1", "AO-2", "AO-3", "AO-4", "AO-5"]
    assert codes(company.north) == [f"IP-{n}" for n in range(1, 7)]
    assert codes(company.east) == [f"KPI-{n}" for n in range(1, 8)]
    kpi1 = company.east[0]
    assert (kpi1.title, kpi1.unit_of_measure, kpi1.measure) == (
        "Lead conversion rate",
        "%",
        "18 → 24 %",
    )
    assert company.south[0].parent_code is None  # the company's own "why"


def test_corner_cells_carry_the_strength_of_each_link(company: XMatrix) -> None:
    assert company.sw[("BT-3", "AO-1")] is Strength.STRONG
    assert company.sw[("BT-1", "AO-1")] is Strength.MEDIUM
    assert company.nw[("IP-4", "AO-1")] is Strength.WEAK
    assert company.ne[("IP-4", "KPI-3")] is Strength.MEDIUM
    assert company.se[("BT-3", "KPI-1")] is Strength.MEDIUM
    # Every link of the sample's company matrix, and nothing else, lands in a corner.
    assert (len(company.nw), len(company.sw), len(company.ne), len(company.se)) == (7, 10, 7, 3)
    assert ("AO-1", "BT-3") not in company.sw  # keyed (row, column), not (source, target)


def test_owners_are_the_unit_people_and_whoever_owns_its_items(
    demo_plan: Plan, company: XMatrix
) -> None:
    assert [o.name for o in company.owners] == ["Helen Ward", "David Kim", "Maria Lopez"]
    maria = company.owners[2].key
    assert company.owner_cells[("KPI-1", maria)] is OwnerRole.SECONDARY
    helen = company.owners[0].key
    assert company.owner_cells[("IP-1", helen)] is OwnerRole.PRIMARY
    assert not any(code == "KPI-7" for code, _key in company.owner_cells)


def test_a_deployed_breakthrough_shows_the_parent_priority(demo_plan: Plan) -> None:
    com = build_xmatrix(demo_plan, unit_id(demo_plan, "COM"))
    assert [(i.code, i.parent_code) for i in com.south] == [("BT-4", "IP-1"), ("BT-5", "IP-4")]
    assert com.east[0].parent_code == "KPI-1"
    assert com.sw == {("BT-4", "AO-6"): Strength.STRONG, ("BT-5", "AO-6"): Strength.STRONG}
    assert [o.name for o in com.owners] == ["Maria Lopez"]


def test_edits_show_after_a_rebuild(demo_plan: Plan) -> None:
    co = unit_id(demo_plan, "CO")
    demo_plan.execute(SetStrength("KPI-1", "BT-1", Strength.WEAK))
    demo_plan.execute(SetRationale("KPI-1", "BT-1", "Conversion follows preference"))
    demo_plan.execute(SetStrength("AO-1", "BT-3", None))
    xm = build_xmatrix(demo_plan, co)
    assert xm.se[("BT-1", "KPI-1")] is Strength.WEAK
    assert xm.rationale[("BT-1", "KPI-1")] == "Conversion follows preference"
    assert ("BT-3", "AO-1") not in xm.sw


def test_a_team_without_items_shows_what_its_kaizens_serve_from_above(demo_plan: Plan) -> None:
    """Sales North has no priority of its own, but its kaizens serve Commercial's IP-7,
    which KPI-8 measures: both stand on its matrix as deployed-in rows, read only."""
    team = build_xmatrix(demo_plan, unit_id(demo_plan, "T-SN"))
    assert team.own_north == () and team.own_east == () and team.south == team.west == ()
    assert [(i.code, i.deployed_in) for i in team.items] == [("IP-7", "COM"), ("KPI-8", "COM")]
    assert team.ne == {("IP-7", "KPI-8"): Strength.STRONG}  # Commercial's own link
    assert team.read_only("IP-7") and not team.read_only("KZ-101")
    assert [o.name for o in team.owners] == ["Jonas Berg", "Eva Novak"]
    assert team.owner_cells == {}  # their owners are Commercial's, not shown here
    assert team.findings == {}  # another unit's items are reviewed on that unit's matrix
    # A new team's kaizen brings IP-7 in; dropped, it serves nothing and the row goes.
    demo_plan.execute(AddUnit("Team East", "SAL", code="T-SE2"))
    code = demo_plan.execute(AddNode(NodeKind.KAIZEN, "T-SE2", "Call lists", links=["IP-7"]))
    new = unit_id(demo_plan, "T-SE2")
    assert [i.code for i in build_xmatrix(demo_plan, new).items] == ["IP-7", "KPI-8"]
    demo_plan.execute(MoveKaizen(str(code.result), "dropped"))
    assert build_xmatrix(demo_plan, new).items == ()


def test_an_empty_unit_has_empty_bands(demo_plan: Plan) -> None:
    demo_plan.execute(AddUnit("Team East", "SAL", code="T-SE2"))
    team = build_xmatrix(demo_plan, unit_id(demo_plan, "T-SE2"))
    assert team.items == () and team.owners == ()
    assert team.findings == {}


def test_an_unknown_unit_is_refused(demo_plan: Plan) -> None:
    with pytest.raises(NotFoundError):
        build_xmatrix(demo_plan, 999_999)


def test_building_costs_the_same_queries_however_many_kaizens(demo_plan: Plan) -> None:
    co = unit_id(demo_plan, "CO")
    demo_plan.graph, demo_plan.settings  # noqa: B018 - loaded once per plan, shared
    with counting_queries(demo_plan) as before:
        build_xmatrix(demo_plan, co)
    demo_plan.execute(
        Batch(
            "Many kaizens",
            [AddNode(NodeKind.KAIZEN, "T-SN", f"Kaizen {n}", links=["IP-7"]) for n in range(300)],
        )
    )
    with counting_queries(demo_plan) as after:
        build_xmatrix(demo_plan, co)
    assert len(after) == len(before) <= 12
    assert not any("FROM nodes" in s and "WHERE" not in s for s in after)
