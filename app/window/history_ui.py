"""The Node history dock: who changed the selected node, beside the node editor.

:func:`install` is called once by the main window. The dock is a tab of the right-hand
dock group (Node, Catchball, …): it is about the same selected node.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from app.window.docks import make_dock, menu_named
from views.node.history import NodeHistory

if TYPE_CHECKING:
    from app.window.main_window import MainWindow

RIGHT = Qt.DockWidgetArea.RightDockWidgetArea


def install(window: MainWindow) -> QDockWidget:
    """Add the Node history dock, tabbed with the node editor, and its View menu entry."""
    history = NodeHistory(window.document)
    dock = make_dock(window, "Node history", "nodeHistoryDock", history)
    window.addDockWidget(RIGHT, dock)
    window.tabifyDockWidget(window.docks.node, dock)
    window.docks.node.raise_()
    # A dock tabbed behind another still counts as visible: its tab says if it is seen.
    dock.visibilityChanged.connect(history.set_active)
    history.exported.connect(
        lambda path: window.statusBar().showMessage(f"Exported the history to {path}.", 8000)
    )
    menu = menu_named(window, "View")
    if menu is not None:
        reset = next((a for a in menu.actions() if a.text() == "Reset layout"), None)
        menu.insertAction(reset, dock.toggleViewAction())  # type: ignore[arg-type]
    return dock
