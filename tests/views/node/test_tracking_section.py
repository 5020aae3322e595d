"""The node editor's Tracking section: a target's frequency and its daily or weekly values,
each entered, changed and cleared as one undoable edit; the bowling chart marks the month."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hoshin.model.kinds import NodeKind
from hoshin.rules.bowling import DERIVED_MARK
from views.bowling.model import FIRST_MONTH, BowlingModel
from views.document import PlanDocument
from views.node.editor import NodeEditor


@pytest.fixture
def editor(qtbot: QtBot, document: PlanDocument) -> NodeEditor:
    widget = NodeEditor(document)
    qtbot.add_widget(widget)
    return widget


def _show(document: PlanDocument, code: str) -> None:
    assert document.plan is not None
    document.select_node(document.plan.graph.id_of(code))


def _rows(editor: NodeEditor) -> list[tuple[str, str]]:
    table = editor.tracking.table
    return [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]


def test_a_sample_target_tracked_daily_shows_its_values_newest_first(
    editor: NodeEditor, document: PlanDocument
) -> None:
    _show(document, "KPI-9")  # the sample tracks Operations' lead time daily
    section = editor.tracking
    assert section.isVisibleTo(editor)
    assert section.tracking.currentData() == "daily"
    rows = _rows(editor)
    assert rows[0][0] == "2026-06-14" and len(rows) == 42  # six weeks up to yesterday
    assert "takes their average as its actual" in section.hint.text()
    _show(document, "KZ-101")
    assert not section.isVisibleTo(editor)  # a kaizen is not tracked


def test_tracking_a_target_daily_entering_and_clearing_values_undo(
    editor: NodeEditor, document: PlanDocument
) -> None:
    _show(document, "KPI-1")
    section = editor.tracking
    assert section.tracking.currentData() == "monthly" and not section.table.isVisibleTo(editor)
    section.tracking.setCurrentIndex(section.tracking.findData("daily"))
    section.tracking.activated.emit(section.tracking.currentIndex())
    assert section.table.isVisibleTo(editor)
    section.day.set_value(dt.date(2026, 3, 2))
    section.value.setText("12,5")
    section.record.click()
    assert _rows(editor) == [("2026-03-02", "12.5")]
    section.table.item(0, 1).setText("14")  # an edit in the table
    assert _rows(editor) == [("2026-03-02", "14")]
    section.table.selectRow(0)
    section.clear.click()
    assert _rows(editor) == []
    for _ in range(2):  # the clearing, the edit
        document.undo_stack.undo()
    assert _rows(editor) == [("2026-03-02", "12.5")]
    for _ in range(2):  # the value, the tracking
        document.undo_stack.undo()
    assert section.tracking.currentData() == "monthly"


def test_a_bad_value_is_refused_and_nothing_is_written(
    editor: NodeEditor, document: PlanDocument, qtbot: QtBot
) -> None:
    _show(document, "KPI-9")
    before = _rows(editor)
    errors: list[str] = []
    document.errorRaised.connect(errors.append)
    editor.tracking.value.setText("lots")
    editor.tracking.record.click()
    assert _rows(editor) == before
    assert errors and "must be a number" in errors[-1]


def test_the_bowling_chart_marks_a_derived_month_and_says_so(document: PlanDocument) -> None:
    plan = document.plan
    assert plan is not None
    model = BowlingModel(document)
    ops = plan.graph.node(plan.graph.id_of("KPI-9")).unit_id
    from hoshin.rules.bowling import read_targets

    model.set_targets(2026, read_targets(plan, 2026, [ops]))
    row = model.row_of("KPI-9")
    may = model.index(row, FIRST_MONTH + 4)
    assert str(model.data(may)).endswith(DERIVED_MARK)
    tip = str(model.data(may, Qt.ItemDataRole.ToolTipRole))
    assert "Derived from 28 daily values (average)" in tip
    assert not model.flags(may) & Qt.ItemFlag.ItemIsEditable  # changed through its days
    april = model.index(row, FIRST_MONTH + 3)
    assert not str(model.data(april)).endswith(DERIVED_MARK)
    assert model.flags(april) & Qt.ItemFlag.ItemIsEditable
    assert plan.graph.node(plan.graph.id_of("KPI-9")).kind is NodeKind.TARGET
