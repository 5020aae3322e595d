"""Folding the kaizen board's columns: every status in view on a narrow board, the
user's folds kept, drops on a folded column, and what does not fit named."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from hoshin.model.kinds import KaizenStatus
from tests.conftest import AS_OF, unit_id
from views.document import PlanDocument
from views.kaizen_board import KaizenBoard
from views.kaizen_board.board import COLUMN_MIN_WIDTH

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")
S = KaizenStatus


@pytest.fixture
def board(qtbot: QtBot, document: PlanDocument) -> Iterator[KaizenBoard]:
    widget = KaizenBoard(document)
    widget.as_of = AS_OF
    qtbot.add_widget(widget)
    document.select_unit(unit_id(document.plan, "SAL"))
    yield widget


def show(board: KaizenBoard, qtbot: QtBot, width: int) -> None:
    board.resize(width, 700)
    board.show()
    qtbot.wait_exposed(board)
    qtbot.wait_until(lambda: board.area.viewport().width() > 0)


def in_view(board: KaizenBoard, status: KaizenStatus) -> bool:
    column = board.columns[status]
    left = board.area.horizontalScrollBar().value()
    geometry = column.geometry()
    return left <= geometry.left() and geometry.right() < left + board.area.viewport().width()


def test_on_a_narrow_board_every_status_is_in_view_open_or_folded(
    board: KaizenBoard, qtbot: QtBot
) -> None:
    # 800 pixels: the board beside the docks of a 1,600-pixel window. Seven open columns
    # need 7 × 156 + 6 × 8 = 1,140; four open and three strips need 4 × 156 + 3 × 30 + 48.
    show(board, qtbot, 800)
    assert board.folded() == {S.DROPPED, S.SUSTAINED, S.REGRESSED}
    assert all(in_view(board, s) for s in S)
    assert board.area.horizontalScrollBar().maximum() == 0
    assert board.out_of_view_statuses() == []
    # A strip still says its title and its count (Sales: one sustained kaizen).
    assert board.counts[S.SUSTAINED] == 1
    assert board.columns[S.SUSTAINED].strip.text() == "Sustained\u00a0\u00a01"
    # Wide, nothing is folded.
    board.resize(1400, 700)
    qtbot.wait_until(lambda: not board.folded())


def test_a_click_folds_or_opens_a_column_and_says_so_to_be_remembered(
    board: KaizenBoard, qtbot: QtBot
) -> None:
    show(board, qtbot, 1400)
    idea = board.columns[S.IDEA]
    with qtbot.wait_signal(board.foldingChanged) as folded:
        qtbot.mouseClick(idea.header, Qt.MouseButton.LeftButton, pos=QPoint(20, 8))
    assert folded.args == [{"idea": True}]
    assert idea.folded and idea.strip.isVisible() and not idea.view.isVisible()
    with qtbot.wait_signal(board.foldingChanged) as opened:
        qtbot.mouseClick(idea.strip, Qt.MouseButton.LeftButton, pos=QPoint(10, 40))
    assert opened.args == [{"idea": False}]
    assert not idea.folded and idea.view.isVisible() and idea.width() >= COLUMN_MIN_WIDTH
    # A choice given back (the next session) holds whatever the width.
    board.set_folding({"dropped": False, "idea": True, "nonsense": True})
    board.resize(800, 700)
    qtbot.wait_until(lambda: S.SUSTAINED in board.folded())
    assert S.IDEA in board.folded() and S.DROPPED not in board.folded()


def test_what_does_not_fit_is_named_with_its_count(board: KaizenBoard, qtbot: QtBot) -> None:
    show(board, qtbot, 800)
    board.set_folding({s.value: False for s in S})  # all opened by hand: too wide
    qtbot.wait_until(board.out_of_view.isVisible)
    hidden = [s for s in S if not in_view(board, s)]
    assert hidden and S.DROPPED in hidden and S.IDEA not in hidden
    title = {S.REGRESSED: "Regressed", S.DROPPED: "Dropped", S.SUSTAINED: "Sustained",
             S.DONE: "Done", S.IN_PROGRESS: "In progress"}  # fmt: skip
    said = " · ".join(f"{title[s]} {board.counts[s]}" for s in hidden)
    qtbot.wait_until(lambda: board.out_of_view.text() == f"Out of view, scroll sideways: {said}")
    bar = board.area.horizontalScrollBar()
    bar.setValue(bar.maximum())  # scrolled to the end: the first columns are out of view
    qtbot.wait_until(lambda: "Idea" in board.out_of_view.text())
    assert "Dropped" not in board.out_of_view.text()


def test_a_card_dropped_on_a_folded_column_moves_there(
    board: KaizenBoard, qtbot: QtBot, document: PlanDocument
) -> None:
    show(board, qtbot, 800)
    board.fold(S.DONE, True)
    strip = board.columns[S.DONE].strip
    assert strip.isVisible()
    source = board.model(S.IN_PROGRESS)
    row = next(
        r for r in range(len(source)) if source.get_item(source.index(r, 0)).code == "KZ-103"
    )
    mime = source.mimeData([source.index(row, 0)])
    event = QDropEvent(
        QPointF(10, 40), Qt.DropAction.MoveAction, mime,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    strip.dropEvent(event)
    assert event.isAccepted()
    done = board.model(S.DONE)
    assert "KZ-103" in {done.get_item(done.index(r, 0)).code for r in range(len(done))}
    assert document.undo_stack.count() == 1
    assert strip.text() == f"Done\u00a0\u00a0{board.counts[S.DONE]}"
