"""Roles per unit, enforced by the core on a file plan (the database enforces them too on a
shared plan: tests/hoshin/shared/test_shared_plan.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hoshin.catchball.operations import Lock, Reply, Throw
from hoshin.model import entities as e
from hoshin.model.errors import PermissionDeniedError, ValidationError
from hoshin.model.kinds import NodeKind
from hoshin.operations import AddNode, AddUnit, DeleteNode, SetAccess, SetMeasurement, UpdateNode
from hoshin.plan import Plan


def _as(plan: Plan, who: str | None) -> Plan:
    plan.actor = who
    return plan


@pytest.fixture
def roles(demo_plan: Plan) -> Plan:
    """Helen runs the company; Kenji manages Operations; Aisha is a member of Assembly;
    Mark only looks at Assembly."""
    _as(demo_plan, "Helen Ward").execute(SetAccess("Helen Ward", "CO", "executive"))
    demo_plan.execute(SetAccess("Kenji Watanabe", "OPS", "manager"))
    demo_plan.execute(SetAccess("Aisha Bello", "T-AS", "member"))
    demo_plan.execute(SetAccess("Mark Hughes", "T-AS", "viewer"))
    return demo_plan


def _goal(plan: Plan, code: str) -> float | None:
    with plan.session() as s:
        return s.execute(select(e.Node.goal).where(e.Node.code == code)).scalar()


def test_a_plan_without_roles_is_open_to_everyone(demo_plan: Plan) -> None:
    _as(demo_plan, None).execute(UpdateNode("KPI-1", {"goal": -21}))
    assert _goal(demo_plan, "KPI-1") == -21


def test_roles_start_with_an_executive_of_the_top_unit(demo_plan: Plan) -> None:
    with pytest.raises(ValidationError, match="executive of the top unit first"):
        demo_plan.execute(SetAccess("Kenji Watanabe", "OPS", "manager"))


def test_a_member_runs_kaizens_of_the_team_but_not_its_targets(roles: Plan) -> None:
    aisha = _as(roles, "Aisha Bello")
    code = aisha.execute(AddNode(NodeKind.KAIZEN, "T-AS", "Shadow board")).result
    aisha.execute(UpdateNode(code, {"title": "Shadow board for tools"}))
    with pytest.raises(PermissionDeniedError) as refused:
        aisha.execute(UpdateNode("KPI-9", {"goal": 1}))
    assert str(refused.value) == (
        "Aisha Bello may not change target KPI-9: that needs the manager role on OPS or a "
        "unit above it (Aisha Bello has no role there)."
    )
    with pytest.raises(PermissionDeniedError, match="the member role on T-MC"):
        aisha.execute(UpdateNode("KZ-119", {"title": "Not my team's"}))


def test_a_viewer_changes_nothing(roles: Plan) -> None:
    mark = _as(roles, "Mark Hughes")
    with pytest.raises(PermissionDeniedError, match="Mark Hughes has viewer there"):
        mark.execute(AddNode(NodeKind.KAIZEN, "T-AS", "Shadow board"))
    with pytest.raises(PermissionDeniedError):
        mark.execute(DeleteNode("KZ-117"))


def test_a_manager_edits_the_unit_and_everything_below_but_not_above(roles: Plan) -> None:
    kenji = _as(roles, "Kenji Watanabe")
    kenji.execute(UpdateNode("KPI-9", {"goal": 4}))
    kenji.execute(UpdateNode("KZ-117", {"title": "Reviewed by the division"}))  # T-AS
    kenji.execute(SetMeasurement("KPI-9", "2026-05", actual=3.5))
    with pytest.raises(PermissionDeniedError, match="the manager role on CO"):
        kenji.execute(UpdateNode("KPI-1", {"goal": 0}))
    with pytest.raises(PermissionDeniedError, match="the executive role on OPS"):
        kenji.execute(UpdateNode("AO-7", {"title": "Only executives word objectives"}))
    with pytest.raises(PermissionDeniedError, match="executive"):
        kenji.execute(AddUnit("Paint shop", "OPS"))
    assert _goal(roles, "KPI-9") == 4


def test_an_edit_needs_a_named_person_once_the_plan_has_roles(roles: Plan) -> None:
    with pytest.raises(PermissionDeniedError, match="say who you are"):
        _as(roles, None).execute(UpdateNode("KZ-117", {"title": "Anonymous"}))


def test_only_a_manager_of_a_side_offers_agrees_or_locks(roles: Plan) -> None:
    helen = _as(roles, "Helen Ward")
    thread = helen.execute(Throw("KPI-2", "OPS", "Helen Ward", 22, "Lead time 22 days")).result
    # Gareth is in Plant Leeds, below OPS, with no role: he may comment, not counter.
    roles.execute(SetAccess("Gareth Evans", "PLT", "member"))
    gareth = _as(roles, "Gareth Evans")
    gareth.execute(Reply(thread, "comment", "Gareth Evans", text="Leeds can help"))
    kenji = _as(roles, "Kenji Watanabe")
    with pytest.raises(PermissionDeniedError, match="cannot write catchball messages as Helen"):
        kenji.execute(Reply(thread, "comment", "Helen Ward", text="Impersonating"))
    kenji.execute(Reply(thread, "agree", "Kenji Watanabe"))
    # David sits in the company unit, the side above, as a member only: he may not lock.
    _as(roles, "Helen Ward").execute(SetAccess("David Kim", "CO", "member"))
    with pytest.raises(PermissionDeniedError, match="may not lock catchball thread"):
        _as(roles, "David Kim").execute(Lock(thread, "David Kim"))
    _as(roles, "Helen Ward").execute(Lock(thread, "Helen Ward"))
    assert _goal(roles, "KPI-9") == 22  # OPS's counterpart took the agreed value


def test_roles_are_given_by_executives_and_undo_like_any_edit(roles: Plan) -> None:
    kenji = _as(roles, "Kenji Watanabe")
    with pytest.raises(PermissionDeniedError, match="the executive role on T-AS"):
        kenji.execute(SetAccess("Mark Hughes", "T-AS", "manager"))
    helen = _as(roles, "Helen Ward")
    applied = helen.execute(SetAccess("Mark Hughes", "T-AS", "member"))
    _as(roles, "Mark Hughes").execute(AddNode(NodeKind.KAIZEN, "T-AS", "Shadow board"))
    helen = _as(roles, "Helen Ward")
    helen.execute(applied.inverse)
    with pytest.raises(PermissionDeniedError, match="viewer"):
        _as(roles, "Mark Hughes").execute(AddNode(NodeKind.KAIZEN, "T-AS", "Tool wall"))
