"""Catchball in the main window: the panel and inbox docks, menu items, and their wiring.

:func:`install` is called once by the main window; everything catchball adds to the shell
is here, so the window itself only knows that catchball exists. The docks have stable
object names, so the window's saved layout puts them back where the user left them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction

from app.window.docks import make_dock, menu_named
from hoshin.changes import Changes
from views.catchball.context import CatchballContext
from views.catchball.inbox import CatchballInbox
from views.catchball.panel import CatchballPanel
from views.catchball.throw_dialog import ACTION_TEXT, send_to_catchball, why_cannot_throw
from views.following import FollowsDocument, change_filter

if TYPE_CHECKING:
    from app.window.main_window import MainWindow

RIGHT = Qt.DockWidgetArea.RightDockWidgetArea


class CatchballUi(FollowsDocument, QObject):
    """The catchball parts of one main window.

    Signals:
        none of its own; the parts talk through the document and
        :class:`~views.catchball.context.CatchballContext`.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.document = window.document
        self.context = CatchballContext.of(window.document)
        self.panel = CatchballPanel(self.document)
        # The threads waiting for the person's unit: part of "My work" (app.window.my_work_ui),
        # which hosts it once its tab is built.
        self.inbox = CatchballInbox(self.document, window)
        self.inbox.hide()  # until "My work" takes it in
        self.dock = make_dock(window, "Catchball", "catchballDock", self.panel)
        node_dock = window.docks.node
        window.addDockWidget(RIGHT, self.dock)
        # Beside the node editor, as tabs: the panel is about the same selected node.
        window.tabifyDockWidget(node_dock, self.dock)
        node_dock.raise_()

        self.send_action = QAction(ACTION_TEXT, window)
        self.send_action.triggered.connect(lambda _checked=False: self.send_selected())
        self._add_menus()

        # A dock tabbed behind another still counts as visible: its tab says if it is seen.
        self.dock.visibilityChanged.connect(self.panel.lazy.set_active)
        self.panel.settingsRequested.connect(self.show_settings)
        self.inbox.settingsRequested.connect(self.show_settings)
        self.inbox.threadOpened.connect(lambda _thread: self.show_panel())
        self.context.threadRequested.connect(lambda _thread: self.show_panel())
        self.follow(self.document, node=True, person=True)

    def _add_menus(self) -> None:
        w = self.window
        edit = menu_named(w, "Edit")
        if edit is not None:
            actions = edit.actions()
            rename = w.commands.rename
            after = actions.index(rename) + 1 if rename in actions else len(actions)
            before = actions[after] if after < len(actions) else None
            edit.insertAction(before, self.send_action)  # type: ignore[arg-type]
            edit.setToolTipsVisible(True)
        view = menu_named(w, "View")
        if view is not None:
            reset = next((a for a in view.actions() if a.text() == "Reset layout"), None)
            view.insertAction(reset, self.dock.toggleViewAction())  # type: ignore[arg-type]
            self.inbox_action = QAction("Waiting for me (in My work)", w)
            self.inbox_action.triggered.connect(lambda _checked=False: self.show_inbox())
            view.insertAction(reset, self.inbox_action)  # type: ignore[arg-type]

    # -- actions -------------------------------------------------------------------------

    def refresh(self) -> None:
        self.update_enabled()

    def update_enabled(self) -> None:
        reason = why_cannot_throw(self.document, self.document.node_id)
        self.send_action.setEnabled(reason is None)
        self.send_action.setToolTip(reason or "Negotiate the selected node with a unit below")

    @change_filter("units", "nodes", "edges", "people")  # the structure, or who may throw
    def on_changes(self, changes: Changes) -> None:
        self.update_enabled()

    def send_selected(self) -> int | None:
        """Edit ▸ Send to catchball…: throw the selected node; the new thread, or None."""
        node_id = self.document.node_id
        if why_cannot_throw(self.document, node_id) is not None:
            return None
        return send_to_catchball(self.document, node_id, self.window)

    def show_panel(self) -> None:
        self.dock.show()
        self.dock.raise_()

    def show_inbox(self) -> None:
        """Bring "My work" to the front: the inbox is its lower part."""
        self.window.my_work.show()

    def show_settings(self) -> None:
        self.window.commands.show_settings()


def install(window: MainWindow) -> CatchballUi:
    """Add catchball's docks, menu items and actions to ``window``."""
    return CatchballUi(window)
