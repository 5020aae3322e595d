"""The X-matrices of all units read at once equal the ones read unit by unit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from hoshin.enterprise import Shape, generate_enterprise
from hoshin.model import entities as e
from hoshin.model.errors import NotFoundError
from hoshin.model.kinds import NodeKind, OwnerRole, Strength
from hoshin.operations import AddNode, Assign, Link, SetRationale, SetStrength
from hoshin.plan import Plan
from hoshin.reads.xmatrix import XMatrix, XMatrixBatch, build_xmatrix

#: The tiny enterprise plan of test_enterprise: 2 divisions × 2 departments × 2 teams.
TINY = Shape(divisions=2, departments_per_division=2, teams_per_department=2, kaizens_per_team=25)
AS_OF = dt.date(2026, 6, 15)


def unit_ids(plan: Plan) -> list[int]:
    with plan.session() as session:
        return list(session.execute(select(e.Unit.id).order_by(e.Unit.id)).scalars())


def build_xmatrices(plan: Plan, unit_ids: Iterable[int]) -> dict[int, XMatrix]:
    """The matrices of ``unit_ids`` from one batch, as the workbook export reads them."""
    with plan.session() as session:
        batch = XMatrixBatch(plan, session)
    return {unit_id: batch.build(unit_id) for unit_id in unit_ids}


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
    for unit_id in ids:
        assert_same(build_xmatrix(plan, unit_id), bulk[unit_id])
    return sum(1 for xm in bulk.values() if xm.items)


@pytest.fixture(scope="module")
def tiny_enterprise(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Plan]:
    path = tmp_path_factory.mktemp("enterprise") / "tiny.hoshin"
    plan = generate_enterprise(path, seed=1, shape=TINY, as_of=AS_OF)
    yield plan
    plan.close()


def test_every_unit_of_the_sample_plan(demo_plan: Plan) -> None:
    assert assert_every_unit_the_same(demo_plan) > 1


def test_every_unit_of_a_tiny_enterprise_plan(tiny_enterprise: Plan) -> None:
    matrices = assert_every_unit_the_same(tiny_enterprise)
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
    with demo_plan.session() as session:
        co = session.execute(select(e.Unit.id).where(e.Unit.code == "CO")).scalar_one()
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
