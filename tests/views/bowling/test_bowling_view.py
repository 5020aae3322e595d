"""The bowling chart on the sample plan: colours and marks by direction, typing and pasting
figures as undoable edits, and a red month asking for its countermeasure."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.rules.bowling import Status
from tests.conftest import AS_OF, unit_id
from views.bowling import BowlingView
from views.document import PlanDocument
from views.models import NEEDS_COUNTERMEASURE_ROLE, ROW_KIND_ROLE, STATUS_ROLE, TREND_ROLE

JUNE, JULY, AUGUST = "2026-06", "2026-07", "2026-08"


@pytest.fixture
def view(qtbot: QtBot, document: PlanDocument) -> Iterator[BowlingView]:
    widget = BowlingView(document, today=lambda: AS_OF)
    qtbot.add_widget(widget)
    widget.resize(1300, 700)
    widget.show()
    qtbot.wait_until(lambda: widget.model.rowCount() > 0)
    yield widget
    if widget.dialog is not None:
        widget.dialog.close()


def stored(document: PlanDocument, code: str, month: str) -> tuple[float | None, float | None]:
    assert document.plan is not None
    with document.plan.session() as s:
        m, n = e.Measurement, e.Node
        row = s.execute(
            select(m.plan, m.actual)
            .join(n, n.id == m.node_id)
            .where(n.code == code, m.month == month)
        ).first()
    return (row[0], row[1]) if row else (None, None)


def cell(view: BowlingView, code: str, month: str, kind: str = "actual") -> QModelIndex:
    return view.model.index(view.model.row_of(code, kind), view.model.month_column(month))


def test_the_model_passes_the_model_tester(view: BowlingView, qtmodeltester) -> None:
    qtmodeltester.check(view.model)


def test_every_target_of_the_unit_and_below_has_a_plan_and_an_actual_row(
    view: BowlingView, document: PlanDocument
) -> None:
    assert document.plan is not None
    with document.plan.session() as s:
        targets = s.execute(select(e.Node.code).where(e.Node.kind == "target")).scalars().all()
    assert view.model.rowCount() == 2 * len(targets)
    kinds = [view.model.index(r, 0).data(ROW_KIND_ROLE) for r in range(4)]
    assert kinds == ["plan", "actual", "plan", "actual"]
    assert view.model.index(0, 0).data().startswith("KPI-1  ")
    view.below_check.setChecked(False)
    view.refresh()
    assert {t.code for t in view.model.targets} == {f"KPI-{i}" for i in range(1, 8)}


def test_a_lower_is_better_target_beating_plan_is_green_and_marked(
    view: BowlingView, document: PlanDocument
) -> None:
    target = view.model.targets[view.model.row_of("KPI-2") // 2]
    assert target.direction == "down"
    plan = target.plan[JUNE]
    assert plan is not None
    index = cell(view, "KPI-2", JUNE)
    assert view.model.setData(index, f"{plan - 3:g}")
    assert index.data(STATUS_ROLE) == Status.GREEN
    assert index.data().startswith("✔\u2009")  # a mark, not colour alone
    assert index.data(Qt.ItemDataRole.BackgroundRole).name() == "#d8efd9"

    assert view.model.setData(index, f"{plan * 1.3:g}")  # behind: more days than planned
    assert index.data(STATUS_ROLE) == Status.RED
    assert index.data().startswith("✖\u2009")
    assert index.data(Qt.ItemDataRole.BackgroundRole).name() == "#f6d2cf"


def test_typing_an_actual_in_the_table_is_one_edit_that_undo_takes_back(
    qtbot: QtBot, view: BowlingView, document: PlanDocument
) -> None:
    before = stored(document, "KPI-4", JUNE)
    index = cell(view, "KPI-4", JUNE)
    view.table.setCurrentIndex(index)
    view.table.edit(index)
    editor = view.table.findChild(QLineEdit)
    assert editor is not None
    editor.setText("71.5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits on Return through a queued call.
    qtbot.wait_until(lambda: stored(document, "KPI-4", JUNE) == (before[0], 71.5))
    assert index.data().endswith("71.5")
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert stored(document, "KPI-4", JUNE) == before
    assert index.data() == ""


def test_a_bad_typed_number_is_refused_and_says_why(
    qtbot: QtBot, view: BowlingView, document: PlanDocument
) -> None:
    index = cell(view, "KPI-4", JUNE)
    with qtbot.wait_signal(document.errorRaised) as error:
        assert not view.model.setData(index, "seventy")
    assert "KPI-4 actual, June 2026" in error.args[0]
    assert document.undo_stack.count() == 0


def select_block(view: BowlingView, top: int, left: int, bottom: int, right: int) -> None:
    model = view.model
    selection = QItemSelection(model.index(top, left), model.index(bottom, right))
    view.table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def test_pasting_a_two_by_three_block_is_six_figures_in_one_undo_step(
    view: BowlingView, document: PlanDocument
) -> None:
    months = (JUNE, JULY, AUGUST)
    before = {m: stored(document, "KPI-1", m) for m in months}
    row = view.model.row_of("KPI-1", "plan")
    view.table.setCurrentIndex(view.model.index(row, view.model.month_column(JUNE)))
    QGuiApplication.clipboard().setText("21.5\t22\t22.5\n20,25\t21\t23 %\n")
    view.table.setFocus()
    view.paste()
    assert document.undo_stack.count() == 1
    assert [stored(document, "KPI-1", m) for m in months] == [
        (21.5, 20.25),
        (22.0, 21.0),
        (22.5, 23.0),
    ]
    document.undo_stack.undo()
    assert {m: stored(document, "KPI-1", m) for m in months} == before
    assert cell(view, "KPI-1", JULY).data() == ""


def test_ctrl_v_pastes_from_the_clipboard(
    qtbot: QtBot, view: BowlingView, document: PlanDocument
) -> None:
    view.table.setCurrentIndex(cell(view, "KPI-3", JUNE))
    QGuiApplication.clipboard().setText("44\t45.5")
    qtbot.keyClick(view.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert stored(document, "KPI-3", JUNE)[1] == 44 and stored(document, "KPI-3", JULY)[1] == 45.5


def test_a_bad_cell_refuses_the_whole_paste_and_names_the_cell(
    qtbot: QtBot, view: BowlingView, document: PlanDocument
) -> None:
    months = (JUNE, JULY, AUGUST)
    before = {m: stored(document, "KPI-1", m) for m in months}
    view.select_cell("KPI-1", JUNE, "plan")
    with qtbot.wait_signal(document.errorRaised) as error:
        assert not view.paste("21.5\t22\t22.5\n20\tn/a\t23")
    message = error.args[0]
    assert "“n/a”" in message and "KPI-1 actual, July 2026" in message
    assert "row 2, column 2" in message and "Nothing was pasted" in message
    assert {m: stored(document, "KPI-1", m) for m in months} == before
    assert document.undo_stack.count() == 0


def test_a_block_wider_than_the_year_is_refused(
    qtbot: QtBot, view: BowlingView, document: PlanDocument
) -> None:
    view.table.setCurrentIndex(cell(view, "KPI-1", "2026-11"))
    with qtbot.wait_signal(document.errorRaised) as error:
        assert not view.paste("1\t2\t3")
    assert "outside the months" in error.args[0]
    assert document.undo_stack.count() == 0


def test_a_red_month_asks_for_a_countermeasure_which_clears_its_mark(
    qtbot: QtBot, view: BowlingView, document: PlanDocument
) -> None:
    index = cell(view, "KPI-1", JUNE)  # lead conversion: higher is better
    assert not index.data(NEEDS_COUNTERMEASURE_ROLE)
    with qtbot.wait_signal(view.countermeasureAsked) as asked:
        assert view.model.setData(index, "12")
    assert asked.args == ["KPI-1", JUNE]
    assert index.data(STATUS_ROLE) == Status.RED and index.data(NEEDS_COUNTERMEASURE_ROLE)
    dialog = view.dialog
    assert dialog is not None and dialog.isVisible()
    assert "June 2026" in dialog.windowTitle()
    dialog.what.setText("Call back every lost lead within 48 hours")
    dialog.owner.setCurrentIndex(1)
    dialog.accept()
    assert not index.data(NEEDS_COUNTERMEASURE_ROLE)
    assert index.data(STATUS_ROLE) == Status.RED  # still red: answered, not hidden
    assert document.plan is not None
    with document.plan.session() as s:
        what = s.execute(select(e.Countermeasure.what).where(e.Countermeasure.month == JUNE))
        assert what.scalars().all() == ["Call back every lost lead within 48 hours"]
    document.undo_stack.undo()
    assert index.data(NEEDS_COUNTERMEASURE_ROLE)


def test_an_empty_countermeasure_is_not_taken(view: BowlingView) -> None:
    dialog = view.ask_countermeasure("KPI-1", "2026-01")
    assert dialog is not None
    dialog.accept()
    assert dialog.isVisible() and not dialog.error.isHidden()


def test_the_sparkline_has_the_year_of_figures(view: BowlingView) -> None:
    trend = cell(view, "KPI-2", JUNE).data(TREND_ROLE)
    target = view.model.targets[view.model.row_of("KPI-2") // 2]
    assert trend.plan == [target.plan.get(m) for m in view.model.months]
    assert trend.actual[:5] == [target.actual[m] for m in view.model.months[:5]]
    assert trend.status[0] is target.status("2026-01")
    view.table.viewport().grab()  # the delegate paints it without a warning


def test_copy_gives_the_figures_without_their_marks(view: BowlingView) -> None:
    row = view.model.row_of("KPI-1", "actual")
    select_block(view, row, 1, row, 2)
    target = view.model.targets[row // 2]
    assert view.copy() == f"{target.actual['2026-01']:g}\t{target.actual['2026-02']:g}"


def test_switching_unit_reads_that_units_targets(
    qtbot: QtBot, view: BowlingView, document: PlanDocument
) -> None:
    document.select_unit(unit_id(document.plan, "OPS"))
    qtbot.wait_until(lambda: "Operations" in view.heading.text())
    assert {t.code for t in view.model.targets} == {"KPI-9"}


def test_the_dialog_edits_closes_reopens_and_removes_undoably(
    view: BowlingView, document: PlanDocument
) -> None:
    assert document.plan is not None
    view.model.setData(cell(view, "KPI-1", JUNE), "12")  # red: the dialog opens
    dialog = view.dialog
    assert dialog is not None and dialog.written.isHidden()  # nothing written yet
    dialog.what.setText("Call back every lost lead")
    dialog.accept()
    dialog = view.ask_countermeasure("KPI-1", JUNE)
    assert dialog is not None and dialog.written.count() == 1
    assert dialog.written.item(0).text().startswith("○ Call back every lost lead (")
    dialog.written.setCurrentRow(0)
    dialog.edit_selected()
    assert dialog.what.text() == "Call back every lost lead"
    dialog.what.setText("Call back every lost lead within 48 hours")
    dialog.no_due.setChecked(True)
    dialog.accept()
    with document.plan.session() as s:
        found = s.execute(select(e.Countermeasure.what, e.Countermeasure.due)).all()
    assert [tuple(r) for r in found] == [("Call back every lost lead within 48 hours", None)]

    dialog = view.ask_countermeasure("KPI-1", JUNE)
    assert dialog is not None
    dialog.written.setCurrentRow(0)
    dialog.toggle_done()
    assert dialog.written.item(0).text().startswith("✔ ")
    assert dialog.done_button.text() == "Reopen"
    document.undo_stack.undo()  # the close is undone: the open list follows
    assert dialog.written.item(0).text().startswith("○ ")
    dialog.written.setCurrentRow(0)
    dialog.remove_selected()
    assert dialog.written.count() == 0 and dialog.written.isHidden()
    assert cell(view, "KPI-1", JUNE).data(NEEDS_COUNTERMEASURE_ROLE)  # the flag is back
    document.undo_stack.undo()
    assert dialog.written.count() == 1


def test_a_green_month_is_refused_in_the_dialog_which_stays_open(
    view: BowlingView, document: PlanDocument
) -> None:
    dialog = view.ask_countermeasure("KPI-2", JUNE)
    assert dialog is not None
    assert view.model.targets[view.model.row_of("KPI-2", "actual") // 2].status(JUNE) is not (
        Status.RED
    )
    dialog.what.setText("Nothing to fix")
    dialog.accept()
    assert dialog.isVisible() and "a countermeasure answers a month behind plan" in (
        dialog.error.text()
    )
    assert document.undo_stack.count() == 0
