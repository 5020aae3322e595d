"""Which edits a shown X-matrix is rebuilt for."""

from __future__ import annotations

from hoshin.model.kinds import NodeKind, OwnerRole
from hoshin.operations import AddNode, Assign, UpdateNode
from hoshin.plan import Plan
from hoshin.reads.xmatrix.changes import affects
from hoshin.reads.xmatrix.reader import build_xmatrix
from tests.hoshin.reads.xmatrix.units import unit_id


def test_affects_only_changes_to_what_the_matrix_shows(demo_plan: Plan) -> None:
    co = unit_id(demo_plan, "CO")
    xm = build_xmatrix(demo_plan, co)
    kaizen = demo_plan.execute(UpdateNode("KZ-101", {"title": "Inbound lead checklist"}))
    assert not affects(demo_plan, xm, kaizen.changes)
    other_unit = demo_plan.execute(UpdateNode("IP-9", {"title": "Kanban pull everywhere"}))
    assert not affects(demo_plan, xm, other_unit.changes)
    assert affects(demo_plan, xm, demo_plan.execute(UpdateNode("IP-1", {"title": "x"})).changes)
    new = demo_plan.execute(AddNode(NodeKind.ANNUAL, "CO", "Open a service hub in Asia"))
    assert affects(demo_plan, xm, new.changes)
    # Maria Lopez owns a company target; more load elsewhere may overload her here.
    load = demo_plan.execute(Assign("IP-9", "Maria Lopez", OwnerRole.PRIMARY))
    assert affects(demo_plan, xm, load.changes)
