"""The strategy graph: refused links name their codes; line of sight reaches the top."""

from __future__ import annotations

import gc
import weakref

import pytest

from hoshin import graph as graph_module
from hoshin.model import entities as e
from hoshin.model.errors import CycleError, LinkError
from hoshin.model.kinds import EdgeKind, NodeKind
from hoshin.operations import AddNode, AddUnit, Link
from hoshin.plan import Plan


def test_a_self_link_is_refused(demo_plan: Plan) -> None:
    with pytest.raises(LinkError, match="IP-1 cannot be linked to itself"):
        demo_plan.execute(Link("IP-1", "IP-1", kind="supports"))


def test_a_duplicate_link_is_refused(demo_plan: Plan) -> None:
    with pytest.raises(LinkError, match="AO-1 already supports BT-3"):
        demo_plan.execute(Link("AO-1", "BT-3"))


def test_a_kind_pair_design_does_not_allow_is_refused(demo_plan: Plan) -> None:
    with pytest.raises(LinkError, match=r"KZ-101 \(kaizen\) cannot support BT-1 \(breakthrough\)"):
        demo_plan.execute(Link("KZ-101", "BT-1", kind="supports"))
    with pytest.raises(LinkError, match="by any kind of link"):
        demo_plan.execute(Link("BT-1", "KZ-101"))


def test_a_deployment_must_go_to_a_unit_below(demo_plan: Plan) -> None:
    demo_plan.execute(AddNode(NodeKind.BREAKTHROUGH, "CO", "Be carbon neutral by 2030"))
    with pytest.raises(LinkError, match="only be deployed to a unit below"):
        demo_plan.execute(Link("IP-7", "BT-8", kind="deploys"))


def test_a_cycle_is_refused_and_named(empty_plan: Plan) -> None:
    """Two units deploying to each other would close a loop of service."""
    plan = empty_plan
    plan.execute(AddUnit("Plant", "CO", code="PLT"))
    ops = [
        AddNode(NodeKind.PRIORITY, "CO", "Company priority"),  # IP-1
        AddNode(NodeKind.BREAKTHROUGH, "PLT", "Plant breakthrough"),  # BT-1
        AddNode(NodeKind.ANNUAL, "PLT", "Plant annual", links=["BT-1"]),  # AO-1
        AddNode(NodeKind.PRIORITY, "PLT", "Plant priority", links=["AO-1"]),  # IP-2
        AddNode(NodeKind.BREAKTHROUGH, "CO", "Company breakthrough"),  # BT-2
        AddNode(NodeKind.ANNUAL, "CO", "Company annual", links=["BT-2"]),  # AO-2
        Link("IP-1", "AO-2"),
        Link("IP-1", "BT-1", kind="deploys"),
    ]
    for op in ops:
        plan.execute(op)
    # IP-2 (plant) "deploying" to BT-2 (company) would make IP-1 serve itself.
    with pytest.raises(CycleError) as caught:
        plan.execute(Link("IP-2", "BT-2", kind="deploys"))
    assert caught.value.cycle == ["BT-2", "IP-2", "AO-1", "BT-1", "IP-1", "AO-2", "BT-2"]
    assert "BT-2 → IP-2 → AO-1 → BT-1 → IP-1 → AO-2 → BT-2" in str(caught.value)


def test_can_link_answers_without_raising(demo_plan: Plan) -> None:
    g = demo_plan.graph
    assert g.can_link(g.id_of("IP-6"), g.id_of("AO-5"), EdgeKind.SUPPORTS)
    assert not g.can_link(g.id_of("AO-1"), g.id_of("BT-3"), EdgeKind.SUPPORTS)


def test_every_linked_kaizen_sees_a_company_breakthrough(demo_plan: Plan) -> None:
    g = demo_plan.graph
    with demo_plan.session() as s:
        company = s.query(e.Unit.id).filter(e.Unit.parent_id.is_(None)).scalar()
    kaizens = [n for n in g.nodes() if n.kind is NodeKind.KAIZEN]
    linked = [k for k in kaizens if g.serves(k.id)]
    assert len(linked) == 36  # 40 kaizens, 4 orphans on purpose
    for kaizen in linked:
        path = g.line_of_sight(kaizen.id)
        top = g.node(path[-1])
        assert top.kind is NodeKind.BREAKTHROUGH and top.unit_id == company, kaizen.code
        assert [g.node(i).kind for i in path[:4]] == [
            NodeKind.KAIZEN,
            NodeKind.PRIORITY,
            NodeKind.ANNUAL,
            NodeKind.BREAKTHROUGH,
        ]


def test_line_of_sight_follows_the_deployment(demo_plan: Plan) -> None:
    g = demo_plan.graph
    path = [g.code(i) for i in g.line_of_sight(g.id_of("KZ-101"))]
    assert path == ["KZ-101", "IP-7", "AO-6", "BT-4", "IP-1", "AO-1", "BT-3"]


def test_an_orphan_has_no_line_of_sight(demo_plan: Plan) -> None:
    g = demo_plan.graph
    assert g.line_of_sight(g.id_of("KZ-109")) == [g.id_of("KZ-109")]
    assert g.id_of("KZ-109") not in g.with_line_of_sight()


def test_downstream_is_what_a_node_affects_below(demo_plan: Plan) -> None:
    g = demo_plan.graph
    below = {g.code(i) for i in g.downstream(g.id_of("IP-1"))}
    assert {"BT-4", "AO-6", "IP-7", "KZ-101", "KPI-1"} <= below
    assert "BT-1" not in below


def test_the_graph_follows_each_edit_without_a_reload(demo_plan: Plan) -> None:
    g = demo_plan.graph
    demo_plan.execute(Link("KZ-109", "IP-7"))
    assert demo_plan.graph is g
    assert [g.code(i) for i in g.line_of_sight(g.id_of("KZ-109"))][-1] == "BT-3"


def test_a_large_graph_is_freed_when_the_plan_reloads(
    demo_plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large graph is kept out of the collector's scans, yet a reload must not leak it."""
    monkeypatch.setattr(graph_module, "FREEZE_FROM", 0)  # the sample plan counts as large
    try:
        graph = demo_plan.graph
        assert gc.get_freeze_count() > 0
        for node in graph.nodes():  # the walks cache networkx views that refer to the graph
            graph.count_served_by(node.id)
            graph.line_of_sight(node.id)
        digraph = weakref.ref(graph._up)
        del graph, node
        demo_plan.reload()
        assert digraph() is None
    finally:
        gc.unfreeze()
