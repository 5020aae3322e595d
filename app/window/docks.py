"""The docks around the centre tabs: organisation, node editor with line of sight, history.

Each dock has a stable object name, so ``saveState``/``restoreState`` put it back where the
user left it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QSplitter, QUndoView, QWidget

from views.document import PlanDocument
from views.node.editor import NodeEditor
from views.node.line_of_sight import LineOfSight
from views.org_tree import OrgTree

LEFT = Qt.DockWidgetArea.LeftDockWidgetArea
RIGHT = Qt.DockWidgetArea.RightDockWidgetArea


@dataclass
class Docks:
    org: QDockWidget
    org_tree: OrgTree
    node: QDockWidget
    editor: NodeEditor
    line_of_sight: LineOfSight
    history: QDockWidget
    undo_view: QUndoView

    def all(self) -> list[QDockWidget]:
        return [self.org, self.node, self.history]


def make_dock(window: QMainWindow, title: str, name: str, widget: QWidget) -> QDockWidget:
    """A dock whose object name lets ``saveState``/``restoreState`` put it back."""
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    dock.setWidget(widget)
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetClosable
        | QDockWidget.DockWidgetFeature.DockWidgetMovable
        | QDockWidget.DockWidgetFeature.DockWidgetFloatable
    )
    return dock


def menu_named(window: QMainWindow, title: str) -> QMenu | None:
    """The window's menu called ``title`` ("View"), wherever the menu bar has it."""
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and menu.title().replace("&", "") == title:
            return menu
    return None


def build_docks(window: QMainWindow, document: PlanDocument) -> Docks:
    org_tree = OrgTree(document)
    org_tree.setMinimumWidth(220)
    org = make_dock(window, "Organisation", "organisationDock", org_tree)
    window.addDockWidget(LEFT, org)

    editor = NodeEditor(document)
    sight = LineOfSight(document)
    split = QSplitter(Qt.Orientation.Vertical)
    split.setObjectName("nodeSplitter")
    split.addWidget(editor)
    split.addWidget(sight)
    split.setStretchFactor(0, 3)
    split.setStretchFactor(1, 1)
    split.setSizes([600, 360])
    split.setChildrenCollapsible(False)
    split.setMinimumWidth(360)
    node = make_dock(window, "Node", "nodeDock", split)
    window.addDockWidget(RIGHT, node)

    undo_view = QUndoView(document.undo_stack)
    undo_view.setEmptyLabel("<plan as opened>")
    history = make_dock(window, "History", "historyDock", undo_view)
    window.addDockWidget(LEFT, history)
    window.splitDockWidget(org, history, Qt.Orientation.Vertical)
    docks = Docks(org, org_tree, node, editor, sight, history, undo_view)
    default_sizes(window, docks)
    return docks


def default_sizes(window: QMainWindow, docks: Docks) -> None:
    """Docks wide enough to read, the rest to the centre tabs."""
    window.resizeDocks([docks.org, docks.history], [700, 200], Qt.Orientation.Vertical)
    window.resizeDocks([docks.org, docks.node], [290, 410], Qt.Orientation.Horizontal)
