"""What the strategy tree reads for its rows (hoshin.reads.tree), on the sample plan."""

from __future__ import annotations

import pytest

from hoshin.model.kinds import OwnerRole
from hoshin.operations import Assign
from hoshin.plan import Plan
from hoshin.reads.tree import NodeSummary, node_summaries
from hoshin.store import chunks as chunking
from hoshin.store.dbcopy import copy_plan
from tests import pg
from tests.statements import counting_queries, selects


def summaries(plan: Plan, *codes: str) -> dict[str, NodeSummary]:
    ids = {plan.graph.id_of(code): code for code in codes}
    with plan.session() as session:
        found = node_summaries(session, ids)
    return {ids[node_id]: summary for node_id, summary in found.items()}


def test_a_summary_holds_title_unit_status_and_primary_owners(demo_plan: Plan) -> None:
    found = summaries(demo_plan, "KZ-101", "KPI-1", "BT-1")
    assert found["KZ-101"].title == "Qualification checklist for inbound leads"
    assert (found["KZ-101"].unit_name, found["KZ-101"].status) == ("Sales North", "done")
    assert found["KPI-1"].owners == ("David Kim",)
    assert found["BT-1"].owners == () and found["BT-1"].status is None


def test_owners_are_the_primary_ones_by_name(demo_plan: Plan) -> None:
    demo_plan.execute(Assign("IP-1", "Maria Lopez"))
    demo_plan.execute(Assign("IP-1", "Ana Costa", OwnerRole.SECONDARY))
    assert summaries(demo_plan, "IP-1")["IP-1"].owners == ("Helen Ward", "Maria Lopez")


def test_unknown_ids_are_left_out(demo_plan: Plan) -> None:
    with demo_plan.session() as session:
        assert node_summaries(session, [10**9]) == {}
        assert node_summaries(session, []) == {}


def test_many_ids_are_read_a_chunk_per_query(
    demo_plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chunking, "CHUNK", 4)
    ids = [node.id for node in demo_plan.graph.nodes()]
    with counting_queries(demo_plan) as statements, demo_plan.session() as session:
        found = node_summaries(session, ids)
    assert set(found) == set(ids)
    assert selects(statements) == -(-len(ids) // 4)


def test_postgresql_reads_the_same_summaries(demo_plan: Plan, pg_server: str) -> None:
    url = pg.new_database(pg_server)
    demo_plan.execute(Assign("IP-1", "Maria Lopez"))
    copy_plan(demo_plan.location, url)
    ids = [node.id for node in demo_plan.graph.nodes()]
    with Plan.open(url) as shared, shared.session() as session:
        on_postgresql = node_summaries(session, ids)
    with demo_plan.session() as session:
        assert on_postgresql == node_summaries(session, ids)
