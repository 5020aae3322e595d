"""Health, bowling chart and review in the main window: tabs, menus, the Sustainment dock."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from app.window.main_window import MainWindow
from views.bowling import BowlingView
from views.health import HealthView
from views.review import ReviewView

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


def _labels(window: MainWindow) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def test_the_three_tabs_follow_the_window_views(window: MainWindow) -> None:
    labels = _labels(window)
    assert labels[-4:] == ["Health", "Bowling chart", "Review", "Reflection"]
    assert isinstance(window.health.health, HealthView)
    assert isinstance(window.health.bowling, BowlingView)
    assert isinstance(window.health.review, ReviewView)


def test_the_view_menu_brings_each_tab_forward(window: MainWindow) -> None:
    view_menu = next(
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "View"
    )
    actions = {a.text(): a for a in view_menu.actions()}
    actions["Bowling chart"].trigger()
    assert window.current_view() is window.health.bowling
    assert actions["Bowling chart"].shortcut().toString() == "Ctrl+5"
    assert "Sustainment" in actions


def test_the_sustainment_dock_follows_the_selected_kaizen(window: MainWindow) -> None:
    plan = window.document.plan
    assert plan is not None
    panel = window.health.sustainment
    window.document.select_node(plan.graph.id_of("KZ-104"))
    assert panel.title.text().startswith("Sustainment of KZ-104")
    assert panel.model.rowCount() > 0
    window.document.select_node(plan.graph.id_of("IP-1"))
    assert panel.model.rowCount() == 0 and "Select a kaizen" in panel.title.text()


def test_file_export_writes_the_monthly_review(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "may"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(target), ""))
    )
    window.health.export_review.trigger()
    assert window.current_view() is window.health.review
    written = target.with_suffix(".pdf")
    assert written.read_bytes().startswith(b"%PDF")
    assert "Wrote" in window.statusBar().currentMessage()


def test_a_refused_paste_shows_in_the_notice_bar(qtbot: QtBot, window: MainWindow) -> None:
    window.show()
    bowling = window.health.show("Bowling chart")
    assert isinstance(bowling, BowlingView)
    qtbot.wait_until(lambda: bowling.model.rowCount() > 0)
    bowling.select_cell("KPI-1", "2026-06")
    assert not bowling.paste("oops")
    assert "Nothing was pasted" in window.notice.message()


def test_a_check_added_in_the_sustainment_dock_is_undone_by_ctrl_z(window: MainWindow) -> None:
    from PySide6.QtWidgets import QDialog

    plan = window.document.plan
    assert plan is not None
    panel = window.health.sustainment
    window.document.select_node(plan.graph.id_of("KZ-104"))
    rows = panel.model.rowCount()

    def fill(dialog: QDialog) -> int:
        dialog.note.setText("look at the press")  # type: ignore[attr-defined]
        dialog.accept()
        return int(dialog.result())

    panel.run_dialog = fill
    panel.add_check_button.click()
    assert panel.model.rowCount() == rows + 1
    assert "look at the press" in {i.text for i in panel.model.items}
    # The window's Undo (Ctrl+Z; offscreen windows get no key focus, so it is triggered).
    undo = window.commands.undo
    assert undo.shortcut().toString() == "Ctrl+Z"
    assert undo.text().replace("&", "").startswith("Undo Plan a sustainment check of KZ-104")
    undo.trigger()
    assert panel.model.rowCount() == rows
    assert "look at the press" not in {i.text for i in panel.model.items}
