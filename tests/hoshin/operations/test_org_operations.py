"""The organisation's edits undo exactly, roles and owners included (what the database
would have cascaded is recorded instead), and a plan keeps its top unit."""

from __future__ import annotations

import pytest

from hoshin.model.errors import PermissionDeniedError, ValidationError
from hoshin.operations import (
    AddCheck,
    AddUnit,
    Operation,
    RemovePerson,
    RemoveUnit,
    SetAccess,
    UpdatePerson,
)
from hoshin.plan import Plan
from tests.hoshin.dump import dump


def _undoes_exactly(plan: Plan, op: Operation) -> None:
    before = dump(plan)
    applied = plan.execute(op)
    assert dump(plan) != before
    redo = plan.execute(applied.inverse)
    assert dump(plan) == before, f"undo of {op.label} did not restore the plan"
    plan.execute(redo.inverse)


@pytest.fixture
def staffed(demo_plan: Plan) -> Plan:
    """Helen is executive of the company; Pete Walsh manages Machining, where he owns a
    sustainment check; an empty unit E-1 under it has a viewer role."""
    demo_plan.actor = "Helen Ward"
    demo_plan.execute(SetAccess("Helen Ward", "CO", "executive"))
    demo_plan.execute(SetAccess("Pete Walsh", "T-MC", "manager"))
    demo_plan.execute(AddCheck("KZ-119", "2026-09-01", owner="Pete Walsh"))
    demo_plan.execute(AddUnit("Empty", "T-MC", code="E-1"))
    demo_plan.execute(SetAccess("Pete Walsh", "E-1", "viewer"))
    return demo_plan


def test_removing_a_person_undoes_with_their_roles_and_checks(staffed: Plan) -> None:
    _undoes_exactly(staffed, RemovePerson("Pete Walsh"))


def test_removing_a_unit_undoes_with_the_roles_on_it(staffed: Plan) -> None:
    _undoes_exactly(staffed, RemoveUnit("E-1"))


def test_renaming_and_moving_a_person_undoes_exactly(staffed: Plan) -> None:
    _undoes_exactly(staffed, UpdatePerson("Pete Walsh", name="Peter Walsh", unit="T-AS"))


def test_the_top_unit_stays(demo_plan: Plan) -> None:
    with pytest.raises(ValidationError, match=r"CO is the top unit; a plan keeps it\."):
        demo_plan.execute(RemoveUnit("CO"))


def test_moving_a_person_needs_a_manager_of_both_units(staffed: Plan) -> None:
    staffed.actor = "Pete Walsh"
    with pytest.raises(PermissionDeniedError) as refused:
        staffed.execute(UpdatePerson("Pete Walsh", unit="T-AS"))
    assert str(refused.value) == (
        "Pete Walsh may not move people into T-AS: that needs the manager role on T-AS or a "
        "unit above it (Pete Walsh has no role there)."
    )
    with pytest.raises(PermissionDeniedError, match=r"may not change people: .* on T-QL"):
        staffed.execute(UpdatePerson("Yuki Tanaka", unit="T-MC"))
    staffed.execute(UpdatePerson("Pete Walsh", unit="E-1"))  # below his own unit


def test_an_email_address_is_set_checked_and_undone(staffed: Plan) -> None:
    _undoes_exactly(staffed, UpdatePerson("Pete Walsh", email="pete.walsh@example.com"))
    with pytest.raises(
        ValidationError, match=r"^pete at example is not an e-mail address \(like name@"
    ):
        staffed.execute(UpdatePerson("Pete Walsh", email="pete at example"))
    staffed.actor = "Pete Walsh"  # manager of Machining only
    with pytest.raises(PermissionDeniedError, match=r"may not change people: .* on T-QL"):
        staffed.execute(UpdatePerson("Yuki Tanaka", email="yuki@example.com"))
    staffed.execute(UpdatePerson("Pete Walsh", email="pete@example.com"))
    staffed.execute(UpdatePerson("Pete Walsh", email=""))  # cleared again
