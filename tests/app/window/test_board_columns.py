"""The kaizen board in a 1,600-pixel window: every status in view, folds remembered."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.settings import AppSettings
from app.window.main_window import MainWindow
from hoshin.model.kinds import KaizenStatus
from tests.conftest import unit_id

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


def _show_board(qtbot: QtBot, window: MainWindow, unit: str = "SAL") -> object:
    window.resize(1600, 1000)
    window.show()
    qtbot.wait_exposed(window)
    window.document.select_unit(unit_id(window.document.plan, unit))
    board = window.board
    window.show_view(board)
    qtbot.wait_until(lambda: board.area.viewport().width() > 0)
    return board


def test_at_1600_pixels_every_status_is_in_view_or_named(qtbot: QtBot, window: MainWindow) -> None:
    board = _show_board(qtbot, window)
    area = board.area  # type: ignore[attr-defined]
    left, right = area.horizontalScrollBar().value(), area.viewport().width()

    def in_view(status: KaizenStatus) -> bool:
        geometry = board.columns[status].geometry()  # type: ignore[attr-defined]
        return left <= geometry.left() and geometry.right() < left + right

    named = board.out_of_view.text() if board.out_of_view.isVisible() else ""  # type: ignore[attr-defined]
    for status in KaizenStatus:
        title = board.columns[status].header._title  # type: ignore[attr-defined]
        assert in_view(status) or title in named, status
    # In fact all seven fit: four open, the end of the lifecycle folded with its count.
    assert all(in_view(s) for s in KaizenStatus)
    assert board.folded() == {  # type: ignore[attr-defined]
        KaizenStatus.SUSTAINED, KaizenStatus.REGRESSED, KaizenStatus.DROPPED
    }  # fmt: skip


def test_a_folded_column_stays_folded_in_the_next_window(
    qtbot: QtBot, window: MainWindow, settings: AppSettings, demo_path: object
) -> None:
    board = _show_board(qtbot, window)
    board.fold(KaizenStatus.IDEA, True)  # type: ignore[attr-defined]
    board.fold(KaizenStatus.DROPPED, False)  # type: ignore[attr-defined]
    assert settings.get("board/folding") == {"idea": True, "dropped": False}
    again = MainWindow(settings=settings)
    qtbot.add_widget(again)
    assert again.files.open_path(str(demo_path))
    try:
        later = _show_board(qtbot, again)
        folded = later.folded()  # type: ignore[attr-defined]
        assert KaizenStatus.IDEA in folded and KaizenStatus.DROPPED not in folded
    finally:
        again.watcher.stop()
        if again.document.plan is not None:
            again.document.plan.close()
