"""The A3 editor: opened from the node editor, every edit undoable, refusals shown in the
dialog, read only for a person whose role does not let them change the node."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hoshin.operations import SetAccess
from hoshin.reads.a3 import a3_of_node
from views.a3.editor import A3Editor
from views.document import PlanDocument
from views.node.editor import NodeEditor


def _open(qtbot: QtBot, document: PlanDocument, code: str) -> tuple[NodeEditor, A3Editor]:
    editor = NodeEditor(document)
    qtbot.add_widget(editor)
    assert document.plan is not None
    document.select_node(document.plan.graph.id_of(code))
    assert editor.a3_button.isVisibleTo(editor) and editor.a3_button.text() == "A3…"
    dialog = editor.open_a3()
    assert dialog is not None
    qtbot.add_widget(dialog)
    return editor, dialog


def _a3(document: PlanDocument, code: str, year: int = 2026):  # type: ignore[no-untyped-def]
    assert document.plan is not None
    return a3_of_node(document.plan, document.plan.graph.id_of(code), year)


def test_an_a3_started_and_written_from_the_node_editor_undoes(
    qtbot: QtBot, document: PlanDocument
) -> None:
    _editor, dialog = _open(qtbot, document, "KPI-3")
    assert dialog.start.isVisibleTo(dialog) and not dialog.page.isVisibleTo(dialog)
    dialog.start_button.click()
    assert _a3(document, "KPI-3") is not None and dialog.page.isVisibleTo(dialog)
    assert list(dialog.sections) == ["background", "current", "goal", "analysis", "follow-up"]
    # A section is written when one leaves it.
    goal = dialog.sections["goal"]
    goal.setPlainText("NPS 45 by March")
    QApplication.sendEvent(goal, QFocusEvent(QEvent.Type.FocusOut))
    assert _a3(document, "KPI-3").section("goal") == "NPS 45 by March"
    dialog.why_text.setText("Calls wait on Monday mornings")
    dialog.add_buttons[0].click()
    assert [dialog.whys.item(i).text() for i in range(dialog.whys.count())] == [
        "Why 1? Calls wait on Monday mornings"
    ]
    dialog.cause_m.setCurrentIndex(dialog.cause_m.findData("method"))
    dialog.cause_text.setText("Rota from weekly averages")
    dialog.add_buttons[1].click()
    assert dialog.causes.item(0).text() == "Method: Rota from weekly averages"
    dialog.link_text.setText("KZ-114")
    dialog.add_buttons[3].click()
    assert dialog.links.item(0).text().startswith("KZ-114 (sustained): ")
    assert dialog.figures.text().startswith("KPI-3 Net promoter score, plan / actual by month in")
    # Each was one edit: undo takes them back one by one, and the dialog follows.
    document.undo_stack.undo()
    assert dialog.links.count() == 0
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert dialog.whys.count() == 0 and dialog.causes.count() == 0
    document.undo_stack.undo()
    assert _a3(document, "KPI-3").section("goal") == ""
    assert dialog.sections["goal"].toPlainText() == ""
    document.undo_stack.undo()
    assert _a3(document, "KPI-3") is None and dialog.start.isVisibleTo(dialog)


def test_a_refused_edit_is_shown_in_the_dialog(qtbot: QtBot, document: PlanDocument) -> None:
    _editor, dialog = _open(qtbot, document, "KPI-3")
    dialog.start_button.click()
    dialog.why_text.setText("   ")
    dialog.add_buttons[0].click()
    assert dialog.error.isVisibleTo(dialog)
    assert dialog.error.text() == "The why cannot be empty."
    dialog.link_text.setText("IP-1")
    dialog.add_buttons[3].click()
    assert dialog.error.text() == "IP-1 is not a kaizen; an A3 links kaizens."
    assert dialog.whys.count() == 0 and dialog.links.count() == 0


def test_a_strategy_a3_on_an_objective_offers_its_sections(
    qtbot: QtBot, document: PlanDocument
) -> None:
    _editor, dialog = _open(qtbot, document, "BT-1")
    assert dialog.kind.currentData() == "strategy"
    dialog.start_button.click()
    assert list(dialog.sections) == ["why", "current", "goal", "plan", "owners", "risks"]
    assert dialog.figures.text() == "No target's figures to follow on this A3."


def test_the_a3_is_read_only_for_whom_the_node_is(qtbot: QtBot, document: PlanDocument) -> None:
    document.current_person = "P-1"
    assert document.execute(SetAccess("Helen Ward", "CO", "executive"))
    assert document.execute(SetAccess("Aisha Bello", "T-AS", "member"))
    _editor, dialog = _open(qtbot, document, "KPI-3")
    dialog.start_button.click()  # Helen, the executive, starts it
    document.current_person = "P-25"  # Aisha, a member of Assembly
    assert dialog.read_only.isVisibleTo(dialog)
    assert dialog.read_only.text().startswith(
        "Read only: Aisha Bello may not change target KPI-3: that needs the manager role"
    )
    assert not any(b.isEnabled() for b in dialog.add_buttons + dialog.remove_buttons)
    assert dialog.title.isReadOnly() and dialog.sections["goal"].isReadOnly()
    document.current_person = "P-1"
    assert not dialog.read_only.isVisibleTo(dialog) and dialog.add_buttons[0].isEnabled()


def test_the_strategy_trees_menu_opens_a_nodes_a3(qtbot: QtBot, document: PlanDocument) -> None:
    from views.strategy_tree.view import StrategyView

    view = StrategyView(document)
    qtbot.add_widget(view)
    assert document.plan is not None
    bt1 = document.plan.graph.id_of("BT-1")
    index = view.reveal(bt1)
    menu = view.context_menu(index)
    assert menu is not None and [a.text() for a in menu.actions()] == ["A3…"]
    menu.actions()[0].trigger()
    dialog = view.findChild(A3Editor)
    assert dialog is not None and dialog.windowTitle() == "A3 of BT-1"
    dialog.close()
