"""The Node history dock in the main window: beside the node editor, following the selection."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMenu
from pytestqt.qtbot import QtBot

from app.window.main_window import MainWindow
from hoshin.operations import UpdateNode
from views.node.history import CHANGE, NodeHistory

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


def _view_menu(window: MainWindow) -> QMenu:
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and menu.title().replace("&", "") == "View":
            return menu
    raise AssertionError("no View menu")


def test_the_dock_is_a_tab_beside_the_node_editor(window: MainWindow) -> None:
    dock = window.node_history
    assert dock.windowTitle() == "Node history"
    assert window.docks.node in window.tabifiedDockWidgets(dock)
    toggles = [a.text() for a in _view_menu(window).actions()]
    assert "Node history" in toggles


def test_an_edit_of_the_selected_node_shows_in_the_dock(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.show()
    document = window.document
    assert document.plan is not None
    document.select_node(document.plan.graph.id_of("BT-1"))
    window.node_history.raise_()
    view = window.node_history.widget()
    assert isinstance(view, NodeHistory)
    document.execute(UpdateNode("BT-1", {"title": "Be the first choice"}))
    model = view.model
    qtbot.waitUntil(
        lambda: (
            model.data(model.index(0, CHANGE)) is not None
            and model.data(model.index(0, CHANGE)).endswith("→ Be the first choice")
        )
    )
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a: (str(tmp_path / "h.csv"), ""))
    )
    view.export_button.click()
    assert "Exported the history" in window.statusBar().currentMessage()
    assert (tmp_path / "h.csv").exists()
