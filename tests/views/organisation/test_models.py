"""The Organisation dialog's item models pass Qt's model checks, and show what a person
reads: the tree in its order, names, keys, roles and functions with their counts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from hoshin.operations import SetAccess
from hoshin.plan import Plan
from hoshin.reads import organisation as org
from hoshin.reads.organisation import PersonRow
from hoshin.rules.permissions import Answer
from views.organisation.models import (
    CodeRole,
    FunctionsModel,
    PeopleModel,
    RolesModel,
    UnitTreeModel,
)


def _unit_id(plan: Plan, code: str) -> int:
    with plan.session() as s:
        return next(u.id for u in org.units(s) if u.code == code)


def test_the_unit_tree_follows_the_organisation(qtmodeltester: Any, demo_plan: Plan) -> None:
    model = UnitTreeModel()
    with demo_plan.session() as s:
        model.set_units(org.units(s))
    qtmodeltester.check(model)
    top = model.index(0, 0)
    assert model.rowCount() == 1 and top.data() == "Northwind Instruments"
    assert [model.index(r, 0, top).data(CodeRole) for r in range(model.rowCount(top))] == [
        "COM", "OPS", "PD", "CS"
    ]  # fmt: skip
    plant = model.index_of(_unit_id(demo_plan, "PLT"))
    row = [model.index(plant.row(), c, plant.parent()).data() for c in range(5)]
    assert row == ["Plant Leeds", "PLT", "Department", "Operations", 1]
    assert model.parent(plant).data(CodeRole) == "OPS"
    assert plant.data(Qt.ItemDataRole.ToolTipRole) == (
        "Plant Leeds — PLT, Department, Operations; 1 person"
    )


def test_people_are_renamed_through_the_edit_they_hand_to(
    qtmodeltester: Any, qtbot: QtBot, demo_plan: Plan
) -> None:
    asked: list[tuple[str, str]] = []

    def rename(person: PersonRow, name: str) -> bool:
        asked.append((person.key, name))
        return True

    model = PeopleModel(rename, lambda p: Answer(p.key != "P-24", "Not Mark."))
    with demo_plan.session() as s:
        model.set_people(org.people(s, _unit_id(demo_plan, "T-AS")))
    qtmodeltester.check(model)
    assert [[model.index(r, c).data() for c in range(4)] for r in range(2)] == [
        ["Aisha Bello", "P-25", "Operations", ""],
        ["Mark Hughes", "P-24", "Operations", ""],
    ]
    aisha, mark = model.index(0, 0), model.index(1, 0)
    assert aisha.flags() & Qt.ItemFlag.ItemIsEditable
    assert not mark.flags() & Qt.ItemFlag.ItemIsEditable
    assert mark.data(Qt.ItemDataRole.ToolTipRole) == "Not Mark."
    assert model.setData(aisha, "  Aisha Bello  ") is False  # the same name: nothing to do
    assert model.setData(aisha, "Aisha Bello-Ngozi") is True
    qtbot.wait_until(lambda: asked == [("P-25", "Aisha Bello-Ngozi")])


def test_roles_and_functions_read_as_lists(qtmodeltester: Any, demo_plan: Plan) -> None:
    demo_plan.actor = "Helen Ward"
    demo_plan.execute(SetAccess("Helen Ward", "CO", "executive"))
    roles, functions = RolesModel(), FunctionsModel()
    with demo_plan.session() as s:
        roles.set_roles(org.roles(s, _unit_id(demo_plan, "CO")))
        functions.set_functions(org.functions(s))
    qtmodeltester.check(roles)
    qtmodeltester.check(functions)
    assert [roles.index(0, c).data() for c in range(3)] == ["Helen Ward", "P-1", "executive"]
    assert functions.index(0, 0).data() == "Sales — 4 units, 7 kaizens"
    assert functions.rowCount(QModelIndex()) == 10
