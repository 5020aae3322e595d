"""The Organisation dialog: every fact of the organisation is recorded in it as one
undoable edit; a refusal is said in the dialog, which stays usable; what the person may not
do is disabled, saying why."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from hoshin.model.kinds import NodeKind
from hoshin.operations import AddNode, AddUnit, Assign, SetAccess
from hoshin.reads import organisation as org
from views.document import PlanDocument
from views.organisation import OrganisationDialog
from views.organisation.models import CodeRole

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


class Questions:
    """The confirmations the dialog asked, answered with ``answer``."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.answer = QMessageBox.StandardButton.Yes


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> Questions:
    found = Questions()

    def ask(_parent: object, _title: str, text: str, *_args: object) -> object:
        found.asked.append(text)
        return found.answer

    monkeypatch.setattr(QMessageBox, "question", staticmethod(ask))
    return found


def unit_id(document: PlanDocument, code: str) -> int:
    assert document.plan is not None
    with document.plan.session() as s:
        return next(u.id for u in org.units(s) if u.code == code)


@pytest.fixture
def dialog(qtbot: QtBot, document: PlanDocument) -> Iterator[OrganisationDialog]:
    document.select_unit(unit_id(document, "PLT"))
    shown = OrganisationDialog(document)
    qtbot.add_widget(shown)
    shown.show()
    qtbot.wait_exposed(shown)
    yield shown
    shown.close()


def codes_below(dialog: OrganisationDialog, code: str) -> list[str]:
    model = dialog.units.model
    parent = model.index_of(unit_id(dialog.document, code))
    return [model.index(r, 0, parent).data(CodeRole) for r in range(model.rowCount(parent))]


def test_it_opens_on_the_unit_chosen_in_the_window_without_blocking_it(
    dialog: OrganisationDialog,
) -> None:
    assert not dialog.isModal()
    assert dialog.current_unit() is not None and dialog.current_unit().code == "PLT"
    assert dialog.form.name.text() == "Plant Leeds"
    assert dialog.form.function.currentText() == "Operations"
    assert dialog.people.title() == "People of PLT"
    assert dialog.people.model.rowCount() == 1
    assert dialog.summary.text().startswith("This plan has no roles yet")


def test_a_unit_is_added_below_in_its_parents_function_and_undone(
    dialog: OrganisationDialog, qtbot: QtBot
) -> None:
    qtbot.keyClicks(dialog.units.new_name, "Paint shop")
    qtbot.keyClick(dialog.units.new_name, Qt.Key.Key_Return)
    added = dialog.current_unit()
    assert added is not None
    assert (added.code, added.name, added.level, added.function) == (
        "U-1", "Paint shop", "Team", "Operations"
    )  # fmt: skip
    assert codes_below(dialog, "PLT") == ["T-AS", "T-MC", "U-1"]
    assert dialog.units.new_name.text() == ""
    assert dialog.message.text() == "Done: Add unit Paint shop. Undo (Ctrl+Z) takes it back."
    dialog.undo.trigger()
    assert codes_below(dialog, "PLT") == ["T-AS", "T-MC"]
    assert dialog.message.text() == ""  # no longer true


def test_the_form_renames_a_unit_and_sets_level_and_function_in_one_edit(
    dialog: OrganisationDialog, document: PlanDocument
) -> None:
    assert not dialog.form.save.isEnabled()
    assert dialog.form.save.toolTip() == "Change the name, level or function first."
    dialog.form.name.setText("Plant Leeds works")
    dialog.form.name.textEdited.emit("Plant Leeds works")
    dialog.form.level.setCurrentText("Site")
    dialog.form.function.setCurrentIndex(dialog.form.function.findData("Quality"))
    assert dialog.form.save.isEnabled()
    dialog.form.save.trigger()
    plant = dialog.current_unit()
    assert plant is not None
    assert (plant.name, plant.level, plant.function) == ("Plant Leeds works", "Site", "Quality")
    assert document.undo_stack.count() == 1
    dialog.undo.trigger()
    plant = dialog.current_unit()
    assert plant is not None
    assert (plant.name, plant.level, plant.function) == ("Plant Leeds", "Department", "Operations")
    assert dialog.form.name.text() == "Plant Leeds"


def test_a_unit_goes_after_a_question_naming_the_roles_on_it(
    dialog: OrganisationDialog, document: PlanDocument, questions: Questions
) -> None:
    assert document.plan is not None
    document.plan.actor = "Helen Ward"
    dialog.units.new_name.setText("Paint shop")
    dialog.units.add.trigger()
    document.execute(SetAccess("Helen Ward", "CO", "executive"))
    document.execute(SetAccess("Pete Walsh", "U-1", "manager"))
    dialog.show_unit(unit_id(document, "U-1"))
    questions.answer = QMessageBox.StandardButton.Cancel
    assert not dialog.remove_current_unit()
    assert questions.asked == [
        "Remove U-1 “Paint shop”?\n\nAlso gone: 1 role on it: Pete Walsh as manager.\n"
        "Undo (Ctrl+Z) brings it all back."
    ]
    questions.answer = QMessageBox.StandardButton.Yes
    assert dialog.remove_current_unit()
    assert codes_below(dialog, "PLT") == ["T-AS", "T-MC"]
    assert dialog.current_unit() is not None and dialog.current_unit().code == "PLT"
    dialog.undo.trigger()
    dialog.show_unit(unit_id(document, "U-1"))
    roles = dialog.roles.model
    assert [roles.index(r, 0).data() for r in range(roles.rowCount())] == ["Pete Walsh"]


def test_a_unit_the_plan_keeps_is_refused_in_the_dialog_without_a_question(
    dialog: OrganisationDialog, questions: Questions
) -> None:
    assert not dialog.remove_current_unit()
    assert questions.asked == []
    assert dialog.message.text() == "⚠ PLT still has units below it; move or delete them first."
    assert dialog.isVisible() and dialog.units.add.isEnabled()  # still usable


def test_people_are_added_renamed_in_place_and_removed(
    dialog: OrganisationDialog, document: PlanDocument, questions: Questions, qtbot: QtBot
) -> None:
    qtbot.keyClicks(dialog.people.new_name, "Tara Singh")
    dialog.people.add.trigger()
    tara = dialog.current_person()
    assert tara is not None and (tara.key, tara.name, tara.unit_code) == (
        "P-35",
        "Tara Singh",
        "PLT",
    )
    model = dialog.people.model
    dialog.people.rename.trigger()  # the name's cell opens for typing, as F2 does
    editor = dialog.people.table.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "Tara Singh"
    editor.setText("Tara Singh-Roy")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    names = ["Gareth Evans", "Tara Singh-Roy"]
    qtbot.wait_until(lambda: [model.index(r, 0).data() for r in range(model.rowCount())] == names)
    assert document.undo_stack.undoText() == "Rename P-35"
    document.execute(Assign("KPI-9", "P-35", "secondary"))
    dialog.people.table.setCurrentIndex(model.index(model.row_of("P-35"), 0))
    assert dialog.remove_current_person()
    assert questions.asked == [
        "Remove Tara Singh-Roy (P-35) from the plan?\n\nAlso gone: ownership of KPI-9.\n"
        "Undo (Ctrl+Z) brings it all back."
    ]
    assert model.row_of("P-35") == -1
    dialog.undo.trigger()
    assert model.row_of("P-35") >= 0


def test_a_person_the_record_keeps_is_refused_with_the_reason(
    dialog: OrganisationDialog, document: PlanDocument, questions: Questions
) -> None:
    assert document.plan is not None
    document.plan.actor = "Gareth Evans"
    document.execute(Assign("KPI-9", "Gareth Evans", "secondary"))  # history in his name
    model = dialog.people.model
    dialog.people.table.setCurrentIndex(model.index(model.row_of("P-10"), 0))
    assert not dialog.remove_current_person()
    assert questions.asked == []
    assert dialog.message.text() == (
        "⚠ Gareth Evans made edits that the history keeps under their name, so they cannot "
        "be removed."
    )


def test_roles_are_given_and_taken_as_role_set_does(
    dialog: OrganisationDialog, document: PlanDocument
) -> None:
    assert document.plan is not None
    document.plan.actor = "Helen Ward"
    dialog.roles.choose("P-10", "manager")
    dialog.roles.give.trigger()
    assert dialog.message.text() == (
        "⚠ Roles start with an executive of the top unit: once a plan has a role, only "
        "executives may give roles, so make someone executive of the top unit first."
    )
    dialog.show_unit(unit_id(document, "CO"))
    dialog.roles.choose("P-1", "executive")
    dialog.roles.give.trigger()
    dialog.show_unit(unit_id(document, "PLT"))
    dialog.roles.choose("P-10", "manager")
    dialog.roles.give.trigger()
    rows = dialog.roles.model
    assert [[rows.index(0, c).data() for c in range(3)]] == [["Gareth Evans", "P-10", "manager"]]
    assert dialog.summary.text() == (
        "You: Helen Ward — executive of CO. What your roles do not allow is greyed."
    )
    dialog.roles.table.setCurrentIndex(rows.index(0, 0))
    dialog.roles.take.trigger()
    assert rows.rowCount() == 0


def test_functions_are_added_and_a_twin_refused(dialog: OrganisationDialog) -> None:
    dialog.functions.new_name.setText("Legal")
    dialog.functions.add.trigger()
    assert dialog.functions.model.names()[-1] == "Legal"
    assert dialog.form.function.findData("Legal") > 0  # offered to the units at once
    dialog.functions.new_name.setText("legal")
    dialog.functions.add.trigger()
    assert dialog.message.text() == "⚠ The function legal exists already."
    assert dialog.functions.new_name.text() == "legal"  # kept, to correct


def test_a_manager_sees_what_he_may_not_do_and_why(
    dialog: OrganisationDialog, document: PlanDocument
) -> None:
    plan = document.plan
    assert plan is not None
    plan.actor = "Helen Ward"
    document.execute(SetAccess("Helen Ward", "CO", "executive"))
    document.execute(SetAccess("Kenji Watanabe", "OPS", "manager"))
    document.current_person = "P-4"  # Kenji: the dialog follows who uses the app
    assert dialog.summary.text() == (
        "You: Kenji Watanabe — manager of OPS. What your roles do not allow is greyed."
    )
    assert dialog.people.add.isEnabled()  # his plant's people
    for action in (dialog.units.add, dialog.units.rename, dialog.units.remove, dialog.roles.give):
        assert not action.isEnabled()
    assert dialog.units.rename.toolTip() == (
        "Kenji Watanabe may not change units: that needs the executive role on PLT or a unit "
        "above it (Kenji Watanabe has manager there)."
    )
    assert not dialog.form.name.isEnabled()
    assert not dialog.functions.add.isEnabled()
    dialog.show_unit(unit_id(document, "CO"))
    assert not dialog.people.add.isEnabled()
    assert dialog.people.add.toolTip() == (
        "Kenji Watanabe may not add people: that needs the manager role on CO or a unit "
        "above it (Kenji Watanabe has no role there)."
    )
    document.current_person = None
    assert not dialog.people.add.isEnabled()
    assert dialog.people.add.toolTip().startswith("This plan gives people roles: say who you are")


def test_a_hidden_dialog_reads_nothing_until_shown(
    dialog: OrganisationDialog, document: PlanDocument, qtbot: QtBot
) -> None:
    dialog.hide()
    document.execute(AddUnit("Paint shop", "PLT"))
    assert codes_below(dialog, "PLT") == ["T-AS", "T-MC"]
    dialog.show()
    qtbot.wait_exposed(dialog)
    assert codes_below(dialog, "PLT") == ["T-AS", "T-MC", "U-1"]


def test_a_kaizen_added_elsewhere_counts_in_its_function_at_once(
    dialog: OrganisationDialog, document: PlanDocument
) -> None:
    functions = dialog.functions.model
    row = functions.names().index("Quality")
    assert functions.index(row, 0).data() == "Quality — 2 units, 3 kaizens"
    fields = {"function": "Quality"}
    document.execute(AddNode(NodeKind.KAIZEN, "T-AS", "Torque audit", fields))
    assert functions.index(row, 0).data() == "Quality — 2 units, 4 kaizens"


def test_an_email_address_is_typed_in_place_checked_and_undone(
    dialog: OrganisationDialog, document: PlanDocument, qtbot: QtBot
) -> None:
    model = dialog.people.model
    cell = model.index(model.row_of("P-10"), model.EMAIL)  # Gareth Evans, of PLT
    assert cell.flags() & Qt.ItemFlag.ItemIsEditable
    assert model.setData(cell, "gareth@acme")
    qtbot.wait_until(lambda: "is not an e-mail address" in dialog.message.text())
    assert model.setData(cell, "gareth.evans@acme.example")
    qtbot.wait_until(
        lambda: model.index(model.row_of("P-10"), model.EMAIL).data() == "gareth.evans@acme.example"
    )
    assert document.undo_stack.undoText() == "Set the e-mail address of P-10"
    dialog.undo.trigger()
    qtbot.wait_until(lambda: model.index(model.row_of("P-10"), model.EMAIL).data() == "")
