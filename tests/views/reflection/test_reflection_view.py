"""The Reflection tab on the sample plan: a unit's objectives with the year's figures and
the suggested result; the result, decision and words recorded as undoable edits; refusals
next to the table; read-only rows for a person whose role may not change them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hoshin.operations import SetAccess
from tests.conftest import unit_id
from views.document import PlanDocument
from views.reflection import ReflectionView
from views.reflection.model import column_of, node_index


@pytest.fixture
def view(qtbot: QtBot, document: PlanDocument) -> Iterator[ReflectionView]:
    widget = ReflectionView(document)
    qtbot.add_widget(widget)
    widget.resize(1400, 700)
    widget.show()
    qtbot.wait_until(lambda: widget.model.rowCount() > 0)
    yield widget


def text(view: ReflectionView, code: str, heading: str) -> str:
    column = next(
        c
        for c in range(view.model.columnCount())
        if view.model.headerData(c, Qt.Orientation.Horizontal) == heading
    )
    return str(node_index(view.model, code, column).data())


def test_the_model_passes_the_model_tester(view: ReflectionView, qtmodeltester) -> None:
    qtmodeltester.check(view.model)


def test_the_top_units_objectives_show_their_figures_and_suggested_result(
    view: ReflectionView,
) -> None:
    codes = [view.model.line(r).code for r in range(view.model.rowCount())]
    assert codes[0] == "BT-1" and "AO-1" in codes and codes[-1] == "KPI-7"
    assert view.heading.text() == "Reflection on 2026: CO Northwind Instruments"
    assert text(view, "KPI-1", "Goal") == "24 %"
    assert text(view, "KPI-1", "Last actual") == "20.33"
    assert text(view, "KPI-1", "Year to date") == "18.65"
    assert text(view, "KPI-1", "Suggested") == "partly"
    # A breakthrough: what its targets suggest together (all partly), said in the tooltip.
    assert text(view, "BT-1", "Suggested") == "partly"
    tip = node_index(view.model, "BT-1", 5).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "By the 7 target(s) that measure it or what serves it"
    assert text(view, "IP-6", "Suggested") == ""  # no target measures it
    assert view.summary.text().startswith("0 of 21 objectives decided")


def test_choosing_another_unit_shows_its_objectives(
    view: ReflectionView, document: PlanDocument, qtbot: QtBot
) -> None:
    document.select_unit(unit_id(document.plan, "OPS"))
    qtbot.wait_until(lambda: view.model.rowCount() > 0 and view.model.line(0).code == "BT-6")
    assert "Operations" in view.heading.text()


def test_a_decision_and_a_lesson_are_recorded_and_undone(
    view: ReflectionView, document: PlanDocument, qtbot: QtBot
) -> None:
    lesson = node_index(view.model, "KPI-1", column_of("lesson"))
    assert view.model.setData(lesson, "Start the campaign in Q1")
    qtbot.wait_until(lambda: text(view, "KPI-1", "Lesson") == "Start the campaign in Q1")
    decision = node_index(view.model, "KPI-1", column_of("decision"))
    assert view.model.setData(decision, "carry")
    qtbot.wait_until(lambda: text(view, "KPI-1", "Decision") == "carry")
    assert view.summary.text().startswith("1 of 21 objectives decided")
    document.undo_stack.undo()
    qtbot.wait_until(lambda: text(view, "KPI-1", "Decision") == "")
    assert text(view, "KPI-1", "Lesson") == "Start the campaign in Q1"


def test_modify_without_a_new_goal_is_refused_beside_the_table(
    view: ReflectionView, qtbot: QtBot
) -> None:
    decision = node_index(view.model, "KPI-1", column_of("decision"))
    assert not view.model.setData(decision, "modify")
    assert view.message.text() == (
        "Modifying KPI-1 needs its new wording (--title) or goal (--goal)."
    )
    goal = node_index(view.model, "KPI-1", column_of("new_goal"))
    assert view.model.setData(goal, "22")
    qtbot.wait_until(lambda: text(view, "KPI-1", "New goal") == "22")
    assert view.model.setData(node_index(view.model, "KPI-1", column_of("decision")), "modify")
    assert view.message.text() == ""
    # An objective has no goal: its new-goal cell is not editable.
    bt1 = node_index(view.model, "BT-1", column_of("new_goal"))
    assert not view.model.flags(bt1) & Qt.ItemFlag.ItemIsEditable


def test_rows_a_person_may_not_change_are_read_only_with_the_reason(
    view: ReflectionView, document: PlanDocument, qtbot: QtBot
) -> None:
    document.current_person = "P-1"
    assert document.execute(SetAccess("Helen Ward", "CO", "executive"))
    assert document.execute(SetAccess("Aisha Bello", "T-AS", "member"))
    document.current_person = "P-25"  # Aisha, a member of Assembly
    document.select_unit(unit_id(document.plan, "OPS"))
    qtbot.wait_until(lambda: view.model.rowCount() > 0 and view.model.line(0).code == "BT-6")
    kpi9 = node_index(view.model, "KPI-9", column_of("lesson"))
    assert not view.model.flags(kpi9) & Qt.ItemFlag.ItemIsEditable
    assert kpi9.data(Qt.ItemDataRole.ToolTipRole) == (
        "Aisha Bello may not change target KPI-9: that needs the manager role on "
        "OPS or a unit above it (Aisha Bello has no role there)."
    )
    assert "Read-only" in view.summary.text()
    view.table.setCurrentIndex(node_index(view.model, "KPI-9"))
    assert view.details.edits["lesson"].isReadOnly()
    assert not view.details.record_button.isEnabled()
    document.current_person = "P-1"  # the executive may
    qtbot.wait_until(
        lambda: bool(
            view.model.flags(node_index(view.model, "KPI-9", column_of("lesson")))
            & Qt.ItemFlag.ItemIsEditable
        )
    )


def test_the_words_written_under_the_table_are_recorded_as_one_edit(
    view: ReflectionView, document: PlanDocument, qtbot: QtBot
) -> None:
    view.table.setCurrentIndex(node_index(view.model, "KPI-2"))
    assert view.details.title.text().startswith("KPI-2")
    view.details.edits["helped"].setPlainText("Supplier scorecards")
    view.details.edits["lesson"].setPlainText("Review lead times monthly")
    qtbot.mouseClick(view.details.record_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: view.model.line(view.details.row).helped == "Supplier scorecards")
    assert view.details.title.text().startswith("KPI-2")  # still the one selected
    assert view.details.edits["lesson"].toPlainText() == "Review lead times monthly"
    document.undo_stack.undo()  # one undo takes both back
    qtbot.wait_until(lambda: view.details.edits["helped"].toPlainText() == "")
    assert view.details.edits["lesson"].toPlainText() == ""
    assert not view.details.record()  # nothing typed: nothing to record


def test_every_column_is_in_view_as_wide_as_the_tab_is_at_1600_px(
    view: ReflectionView, qtbot: QtBot
) -> None:
    """The window at 1600 px with its docks open leaves the tab about 810 px: New title and
    New goal are seen without scrolling sideways (docs/screenshots/reflection.png)."""
    view.resize(810, 700)
    qtbot.wait_until(lambda: view.table.horizontalScrollBar().maximum() == 0)
    header = view.table.horizontalHeader()
    shown = [c for c in range(view.model.columnCount()) if not view.table.isColumnHidden(c)]
    assert header.sectionSize(1) >= 150  # the objective keeps room for its words
    assert sum(header.sectionSize(c) for c in shown) <= view.table.viewport().width()
    # The last actual, its column hidden, is said in the year to date's tooltip.
    tip = node_index(view.model, "KPI-1", 4).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith("last actual 20.33 (May 2026)")


def test_the_unit_above_reads_its_units_reflections_and_comments(
    view: ReflectionView, document: PlanDocument, qtbot: QtBot
) -> None:
    """Kenji manages OPS: with the units below, he walks OPS's and its units' objectives,
    and comments on KPI-9's reflection (one undo); Aisha, a member of Assembly below OPS,
    may not comment on OPS's, and sees why."""
    document.current_person = "P-1"
    assert document.execute(SetAccess("Helen Ward", "CO", "executive"))
    assert document.execute(SetAccess("Kenji Watanabe", "OPS", "manager"))
    assert document.execute(SetAccess("Aisha Bello", "T-AS", "member"))
    document.current_person = "Kenji Watanabe"
    document.select_unit(unit_id(document.plan, "CO"))
    view.below.setChecked(True)
    qtbot.wait_until(lambda: "units below" in view.heading.text())
    codes = [view.model.line(r).code for r in range(view.model.rowCount())]
    assert codes[0] == "BT-1" and "KPI-9" in codes and "KPI-10" in codes  # CO, OPS, PD
    assert text(view, "KPI-9", "Code") == "KPI-9\nOPS"
    view.table.setCurrentIndex(node_index(view.model, "KPI-9"))
    assert view.details.comment_button.isEnabled()
    view.details.new_comment.setText("Good: keep the weekly review")
    assert view.details.comment()
    qtbot.wait_until(lambda: "keep the weekly review" in view.details.comments.toPlainText())
    assert view.details.comments.toPlainText().startswith("Kenji Watanabe, ")
    assert node_index(view.model, "KPI-9").data(Qt.ItemDataRole.FontRole).bold()
    document.undo_stack.undo()
    qtbot.wait_until(lambda: view.details.comments.toPlainText() == "No comment yet.")
    document.current_person = "Aisha Bello"
    qtbot.wait_until(lambda: not view.details.comment_button.isEnabled())
    assert view.details.comment_button.toolTip() == (
        "Aisha Bello may not comment on the reflection on KPI-9: that needs the member role "
        "on OPS or a unit above it (Aisha Bello has no role there)."
    )
