"""Asking before editing (``permissions.rights``): each answer is what the core then does,
and a refusal is told in the very sentence the edit would be refused with."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hoshin.model.errors import PermissionDeniedError
from hoshin.operations import (
    AddFunction,
    AddPerson,
    AddUnit,
    Operation,
    RemoveUnit,
    SetAccess,
    UpdatePerson,
    UpdateUnit,
)
from hoshin.plan import Plan
from hoshin.rules import permissions
from hoshin.rules.permissions import Answer, Rights

UNITS = ("CO", "OPS", "PLT", "T-AS", "COM")
PEOPLE = ("Helen Ward", "Kenji Watanabe", "Aisha Bello", "Mark Hughes", "Pete Walsh", None)


@pytest.fixture
def roles(demo_plan: Plan) -> Plan:
    """Helen runs the company, Kenji manages Operations, Aisha is a member of Assembly,
    Mark a viewer of it; Pete holds no role. Under each sampled unit an empty one, E-…"""
    demo_plan.actor = "Helen Ward"
    demo_plan.execute(SetAccess("Helen Ward", "CO", "executive"))
    demo_plan.execute(SetAccess("Kenji Watanabe", "OPS", "manager"))
    demo_plan.execute(SetAccess("Aisha Bello", "T-AS", "member"))
    demo_plan.execute(SetAccess("Mark Hughes", "T-AS", "viewer"))
    for code in UNITS:
        demo_plan.execute(AddUnit(f"Empty {code}", code, code=f"E-{code}"))
    return demo_plan


def _rights(plan: Plan) -> Rights:
    with plan.session() as s:
        return permissions.rights(
            s, plan.graph, plan.roles, plan.actor, administrator=plan.administrator
        )


def _unit_id(plan: Plan, code: str) -> int:
    rights = _rights(plan)
    return next(uid for uid, c in rights.codes.items() if c == code)


#: (what is asked, the edit that is then tried) for one unit code.
CASES: list[tuple[str, Callable[[Rights, int, int], Answer], Callable[[str], Operation]]] = [
    ("add below", lambda r, u, _e: r.can_add_unit_below(u), lambda c: AddUnit("New", c)),
    ("change", lambda r, u, _e: r.can_change_unit(u), lambda c: UpdateUnit(c, level="Zone")),
    ("remove", lambda r, _u, e: r.can_remove_unit(e), lambda c: RemoveUnit(f"E-{c}")),
    ("people", lambda r, u, _e: r.can_change_people(u, "add"), lambda c: AddPerson("Zed", c)),
    ("roles", lambda r, u, _e: r.can_give_roles(u), lambda c: SetAccess("Pete Walsh", c, "viewer")),
    ("functions", lambda r, _u, _e: r.can_change_functions(), lambda _c: AddFunction("Legal")),
]


def _tried(plan: Plan, op: Operation) -> Answer:
    try:
        applied = plan.execute(op)
    except PermissionDeniedError as exc:
        return Answer(False, str(exc))
    actor, plan.administrator = plan.actor, True
    plan.execute(applied.inverse)
    plan.administrator = False
    plan.actor = actor
    return Answer(True)


def test_every_answer_is_what_the_core_then_does(roles: Plan) -> None:
    disagreements = []
    asked = 0
    for person in PEOPLE:
        roles.actor = person
        rights = _rights(roles)
        for code in UNITS:
            unit, empty = _unit_id(roles, code), _unit_id(roles, f"E-{code}")
            for name, ask, make in CASES:
                answer, tried = ask(rights, unit, empty), _tried(roles, make(code))
                asked += 1
                if answer != tried:
                    disagreements.append(f"{person} {name} {code}: {answer} but {tried}")
    assert asked == len(PEOPLE) * len(UNITS) * len(CASES)
    assert disagreements == []


def test_a_manager_may_staff_his_units_but_not_rename_them(roles: Plan) -> None:
    roles.actor = "Kenji Watanabe"
    rights = _rights(roles)
    ops, plant = _unit_id(roles, "OPS"), _unit_id(roles, "PLT")
    assert rights.can_change_people(plant) and rights.can_rename_person(plant, "Gareth Evans")
    refused = rights.can_change_unit(ops)
    assert not refused
    assert refused.reason == (
        "Kenji Watanabe may not change units: that needs the executive role on OPS or a unit "
        "above it (Kenji Watanabe has manager there)."
    )
    # A file plan lets a manager rename his people; the core agrees.
    roles.execute(UpdatePerson("Gareth Evans", name="Gareth Evans-Lee"))


def test_nobody_chosen_may_change_nothing_and_is_told_to_choose(roles: Plan) -> None:
    roles.actor = None
    answer = _rights(roles).can_change_functions()
    assert (bool(answer), answer.reason) == (False, permissions.NO_PERSON)
    roles.actor = "Nobody Here"
    assert _rights(roles).can_change_functions().reason == "No person Nobody Here in this plan."


def test_a_plan_without_roles_allows_everything_even_to_nobody(demo_plan: Plan) -> None:
    demo_plan.actor = None
    rights = _rights(demo_plan)
    top = _unit_id(demo_plan, "CO")
    assert all(
        (
            rights.can_change_unit(top),
            rights.can_give_roles(top),
            rights.can_change_functions(),
            rights.can_rename_person(top, "Helen Ward"),
        )
    )
    assert rights.can_remove_unit(top).reason == "CO is the top unit; a plan keeps it."
