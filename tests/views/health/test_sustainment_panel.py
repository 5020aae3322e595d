"""A team leader records sustainment in the app: a check added and held through the node
editor's Sustainment section, the kaizen moved to sustained, and all of it undone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.model.kinds import NodeKind
from hoshin.operations import AddCheck, AddNode, AddPerson, AddUnit
from hoshin.plan import Plan
from hoshin.reads.sustainment import ACTION, CHECK
from views.document import PlanDocument
from views.health.sustainment import SustainmentPanel
from views.health.sustainment_dialogs import CheckDialog, ItemDialog, RecordDialog
from views.node.editor import NodeEditor

TODAY = dt.date(2026, 6, 10)


@pytest.fixture
def document(qapp: object, tmp_path: Path) -> Iterator[PlanDocument]:
    plan = Plan.create(tmp_path / "s.hoshin", "Acme")
    plan.clock = lambda: dt.datetime.combine(TODAY, dt.time(9))
    plan.execute(AddUnit("Press shop", "CO", code="PRS"))
    plan.execute(AddPerson("Ana Costa", "PRS"))
    fields = {"status": "in progress", "origin": "bottom-up"}
    plan.execute(AddNode(NodeKind.KAIZEN, "PRS", "Faster changeover", fields))
    doc = PlanDocument()
    doc.set_plan(plan)
    yield doc
    doc.undo_stack.clear()
    doc.plan = None
    plan.close()


@pytest.fixture
def editor(qtbot: QtBot, document: PlanDocument) -> NodeEditor:
    widget = NodeEditor(document)
    widget.sustainment.today = lambda: TODAY
    qtbot.add_widget(widget)
    widget.resize(420, 900)
    widget.show()
    assert document.plan is not None
    document.select_node(document.plan.graph.id_of("KZ-1"))
    return widget


def filling(fill: Callable[[QDialog], None]) -> Callable[[QDialog], int]:
    """What a person does in the dialog: fill it in and press OK."""

    def run(dialog: QDialog) -> int:
        fill(dialog)
        dialog.accept()
        return int(dialog.result())

    return run


def status(document: PlanDocument) -> str:
    assert document.plan is not None
    with document.plan.session() as s:
        return str(s.execute(select(e.Node.status).where(e.Node.code == "KZ-1")).scalar_one())


def choose_status(editor: NodeEditor, value: str) -> None:
    index = editor.status.findData(value)
    assert index >= 0, f"{value} is not offered"
    editor.status.setCurrentIndex(index)
    editor.status.activated.emit(index)


def test_add_a_check_record_it_held_move_to_sustained_and_undo(
    qtbot: QtBot, editor: NodeEditor, document: PlanDocument
) -> None:
    panel = editor.sustainment
    assert panel.isVisible() and panel.model.rowCount() == 0
    assert panel.add_check_button.isEnabled() and not panel.edit_button.isEnabled()

    # Add a check: the dialog proposes a due date 30 days on; Ana checks it.
    seen: list[dt.date] = []

    def fill_check(dialog: QDialog) -> None:
        assert isinstance(dialog, CheckDialog)
        seen.append(dialog.due.date().toPython())  # type: ignore[arg-type]
        dialog.due.setDate(QDate(2026, 7, 1))
        dialog.owner.setCurrentIndex(dialog.owner.findData("P-1"))
        dialog.note.setText("changeover under 20 min")

    panel.run_dialog = filling(fill_check)
    panel.add_check_button.click()
    assert seen == [TODAY + dt.timedelta(days=30)]
    assert [(i.kind, i.due, i.owner, i.text, i.state) for i in panel.model.items] == [
        (CHECK, dt.date(2026, 7, 1), "Ana Costa", "changeover under 20 min", "planned")
    ]

    # Done: a check is open already, so none is proposed.
    choose_status(editor, "done")
    assert status(document) == "done" and panel.model.rowCount() == 1

    # Sustained before the check held: refused, shown next to the status.
    choose_status(editor, "sustained")
    assert status(document) == "done"
    assert "cannot be sustained" in editor.errors["status"].text()

    # Record the check held, with what was seen.
    panel.view.selectRow(0)
    assert panel.held_button.isEnabled()

    def fill_record(dialog: QDialog) -> None:
        assert isinstance(dialog, RecordDialog)
        assert dialog.outcome.currentData() == "held"
        assert dialog.on.date().toPython() == TODAY
        dialog.note.setText("18 min on the night shift")

    panel.run_dialog = filling(fill_record)
    panel.held_button.click()
    assert [(i.state, i.on, i.text) for i in panel.model.items] == [
        ("held", TODAY, "18 min on the night shift")
    ]
    choose_status(editor, "sustained")
    assert status(document) == "sustained"

    # Ctrl+Z, three times: the move, the record, the move to done; then the check.
    stack = document.undo_stack
    stack.undo()
    assert status(document) == "done"
    stack.undo()
    assert [i.state for i in panel.model.items] == ["planned"]
    stack.undo()
    stack.undo()
    assert status(document) == "in progress" and panel.model.rowCount() == 0


def test_the_model_is_a_sound_item_model(qtmodeltester: ModelTester, editor: NodeEditor) -> None:
    panel = editor.sustainment
    panel.run_dialog = filling(lambda d: None)  # the defaults as they are
    panel.add_check_button.click()
    panel.run_dialog = filling(lambda d: d.text.setText("Train the second shift"))  # type: ignore[attr-defined]
    panel.add_item_button.click()
    assert [i.kind for i in panel.model.items] == [CHECK, ACTION]  # by due; none last
    qtmodeltester.check(panel.model)


def test_a_refused_dialog_stays_open_with_the_reason(editor: NodeEditor) -> None:
    panel = editor.sustainment
    reasons: list[str] = []

    def run(dialog: QDialog) -> int:
        assert isinstance(dialog, ItemDialog)
        dialog.accept()  # no title: refused
        reasons.append(dialog.error.text())
        assert dialog.isVisible() or dialog.result() != QDialog.DialogCode.Accepted
        dialog.text.setText("Train the second shift")
        dialog.owner.setEditText("Nobody Known")
        dialog.accept()  # an unknown owner: refused
        reasons.append(dialog.error.text())
        dialog.owner.setCurrentIndex(dialog.owner.findData("P-1"))
        dialog.accept()
        return int(dialog.result())

    panel.run_dialog = run
    assert panel.add_item() is True
    assert "cannot be empty" in reasons[0] and "No person Nobody Known" in reasons[1]
    assert [(i.kind, i.text, i.owner, i.state) for i in panel.model.items] == [
        (ACTION, "Train the second shift", "Ana Costa", "planned")
    ]


def test_edit_and_remove_a_row(editor: NodeEditor, document: PlanDocument) -> None:
    panel = editor.sustainment
    panel.run_dialog = filling(lambda d: d.text.setText("Train the second shift"))  # type: ignore[attr-defined]
    panel.add_item()
    panel.view.selectRow(0)
    panel.run_dialog = filling(lambda d: d.due.set_value(dt.date(2026, 7, 3)))  # type: ignore[attr-defined]
    assert panel.edit_selected()
    assert [(i.text, i.due) for i in panel.model.items] == [
        ("Train the second shift", dt.date(2026, 7, 3))
    ]
    panel.view.selectRow(0)
    panel.remove_button.click()
    assert panel.model.rowCount() == 0
    document.undo_stack.undo()
    assert panel.model.rowCount() == 1


def test_the_section_shows_for_kaizens_only(
    qtbot: QtBot, editor: NodeEditor, document: PlanDocument
) -> None:
    assert document.plan is not None
    applied = document.execute(AddNode(NodeKind.BREAKTHROUGH, "CO", "Win"))
    assert applied is not None
    document.select_node(document.plan.graph.id_of("BT-1"))
    assert not editor.sustainment.isVisible()


def test_the_dock_panel_adds_to_the_selected_rows_kaizen(
    qtbot: QtBot, document: PlanDocument
) -> None:
    plan = document.plan
    assert plan is not None
    document.execute(AddCheck("KZ-1", TODAY - dt.timedelta(days=2)))  # overdue: in debt
    panel = SustainmentPanel(document, today=lambda: TODAY)
    qtbot.add_widget(panel)
    with plan.session() as s:
        units = list(s.execute(select(e.Unit.id)).scalars())
    panel.show_debt("Acme", units, TODAY)
    assert [(i.kaizen_code, i.state) for i in panel.model.items] == [("KZ-1", "overdue")]
    assert not panel.add_check_button.isEnabled()  # which kaizen? no row is chosen
    assert "select a row" in panel.add_check_button.toolTip()
    panel.view.selectRow(0)
    assert panel.add_check_button.isEnabled()
    panel.run_dialog = filling(lambda d: None)
    panel.add_check_button.click()
    with plan.session() as s:
        c = e.SustainmentCheck
        dues = sorted(s.execute(select(c.due)).scalars())
    assert dues == [TODAY - dt.timedelta(days=2), TODAY + dt.timedelta(days=30)]
