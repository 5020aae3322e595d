"""The Node history dock: who changed the selected node, beside the node editor.

:func:`install` is called once by the main window. The dock is a tab of the right-hand
dock group (Node, Catchball, …): it is about the same selected node.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMenu

from views.history import NodeHistory

if TYPE_CHECKING:
    from app.main_window import MainWindow

RIGHT = Qt.DockWidgetArea.RightDockWidgetArea


def _view_menu(window: MainWindow) -> QMenu | None:
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and menu.title().replace("&", "") == "View":
            return menu
    return None


def install(window: MainWindow) -> QDockWidget:
    """Add the Node history dock, tabbed with the node editor, and its View menu entry."""
    history = NodeHistory(window.document)
    dock = QDockWidget("Node history", window)
    dock.setObjectName("nodeHistoryDock")
    dock.setWidget(history)
    window.addDockWidget(RIGHT, dock)
    window.tabifyDockWidget(window.docks.node, dock)
    window.docks.node.raise_()
    # A dock tabbed behind another still counts as visible: its tab says if it is seen.
    dock.visibilityChanged.connect(history.set_active)
    history.exported.connect(
        lambda path: window.statusBar().showMessage(f"Exported the history to {path}.", 8000)
    )
    menu = _view_menu(window)
    if menu is not None:
        reset = next((a for a in menu.actions() if a.text() == "Reset layout"), None)
        menu.insertAction(reset, dock.toggleViewAction())  # type: ignore[arg-type]
    return dock
