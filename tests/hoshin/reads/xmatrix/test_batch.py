"""The X-matrices of all units read at once equal the ones read unit by unit."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.model.errors import NotFoundError
from hoshin.model.kinds import NodeKind, OwnerRole, Strength
from hoshin.operations import AddNode, Assign, Link, SetRationale, SetStrength
from hoshin.plan import Plan
from hoshin.reads.xmatrix.model import XMatrix
from hoshin.reads.xmatrix.reader import XMatrixBatch, build_xmatrix
from hoshin.store.dbcopy import copy_plan
from tests import pg
from tests.conftest import unit_id


def unit_ids(plan: Plan) -> list[int]:
    with plan.session() as session:
        return list(session.execute(select(e.Unit.id).order_by(e.Unit.id)).scalars())


def build_xmatrices(plan: Plan, unit_ids: Iterable[int]) -> dict[int, XMatrix]:
    """The matrices of ``unit_ids`` from one batch, as the workbook export reads them."""
    with plan.session() as session:
        batch = XMatrixBatch(plan, session)
    return {unit: batch.build(unit) for unit in unit_ids}


def assert_same(one: XMatrix, bulk: XMatrix) -> None:
    assert bulk == one
    # Equal dataclasses, and the same order wherever the order is shown.
    assert [i.code for i in bulk.items] == [i.code for i in one.items]
    assert [o.key for o in bulk.owners] == [o.key for o in one.owners]
    assert list(bulk.findings.items()) == list(one.findings.items())
    assert list(bulk.checks.items()) == list(one.checks.items())


def assert_every_unit_the_same(plan: Plan) -> int:
    ids = unit_ids(plan)
    bulk = build_xmatrices(plan, ids)
    assert list(bulk) == ids
    for unit in ids:
        assert_same(build_xmatrix(plan, unit), bulk[unit])
    return sum(1 for xm in bulk.values() if xm.items)


def test_every_unit_of_the_sample_plan(demo_plan: Plan) -> None:
    assert assert_every_unit_the_same(demo_plan) > 1


def test_every_unit_of_a_tiny_enterprise_plan(enterprise_plan: Plan) -> None:
    matrices = assert_every_unit_the_same(enterprise_plan)
    assert matrices == 1 + 2 + 4 + 8  # every unit, down to the teams, has a matrix


def test_after_edits_the_bulk_read_still_agrees(demo_plan: Plan) -> None:
    # An unrated link with a rationale, a new item without links, an owner from elsewhere.
    demo_plan.execute(SetStrength("AO-1", "BT-3", None))  # unlinked...
    demo_plan.execute(Link("AO-1", "BT-3"))  # ...and linked again, without a strength
    demo_plan.execute(SetRationale("AO-1", "BT-3", "Not rated yet, still linked"))
    demo_plan.execute(SetStrength("KPI-1", "BT-1", Strength.WEAK))
    demo_plan.execute(AddNode(NodeKind.TARGET, "CO", "Share of repeat orders"))
    demo_plan.execute(Assign("IP-9", "Maria Lopez", OwnerRole.SECONDARY))
    assert assert_every_unit_the_same(demo_plan) > 1
    co = unit_id(demo_plan, "CO")
    xm = build_xmatrices(demo_plan, [co])[co]
    assert ("BT-3", "AO-1") in xm.unrated
    assert xm.rationale[("BT-3", "AO-1")] == "Not rated yet, still linked"


def test_an_unknown_unit_is_refused(demo_plan: Plan) -> None:
    with demo_plan.session() as session:
        batch = XMatrixBatch(demo_plan, session)
    with pytest.raises(NotFoundError):
        batch.build(999_999)


def test_an_empty_plan_has_empty_matrices(tmp_path: Path) -> None:
    plan = Plan.create(tmp_path / "empty.hoshin", "Acme")
    try:
        assert_every_unit_the_same(plan)
    finally:
        plan.close()


def test_a_read_for_one_unit_holds_that_unit_only(demo_plan: Plan) -> None:
    ids = unit_ids(demo_plan)
    with demo_plan.session() as session:
        one = XMatrixBatch(demo_plan, session, unit_id=ids[1])
    assert_same(build_xmatrices(demo_plan, [ids[1]])[ids[1]], one.build(ids[1]))
    with pytest.raises(ValueError, match="only"):
        one.build(ids[0])


def test_postgresql_reads_the_same_matrices(demo_plan: Plan, pg_server: str) -> None:
    url = pg.new_database(pg_server)
    copy_plan(demo_plan.location, url)
    with Plan.open(url) as shared:
        assert assert_every_unit_the_same(shared) > 1
        for unit_id in unit_ids(demo_plan):
            assert_same(build_xmatrix(demo_plan, unit_id), build_xmatrix(shared, unit_id))
