"""The main window: centre tabs, docks, menus, status bar and remembered layout.

The window composes; the work is elsewhere: :mod:`app.plans.files` opens and copies plans,
:mod:`app.window.actions` builds the menus, :mod:`app.window.docks` the docks,
:mod:`app.plans.watcher` notices outside changes. Every edit is committed when it is
made, so the title has no "modified" mark and closing never asks to save.
"""

from __future__ import annotations

import importlib.resources
from functools import partial
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.plans import locations
from app.plans.files import PlanFiles
from app.plans.live_feed import LiveFeed
from app.plans.watcher import ExternalChangeWatcher
from app.settings import AppSettings
from app.window import catchball_ui, health_ui, history_ui, my_work_ui, standard_work_ui, years_ui
from app.window.actions import WindowActions
from app.window.docks import build_docks, default_sizes
from app.window.tabs import LazyTabs, add_tab_list, build_view, view_class
from app.window.welcome import WelcomePage
from hoshin.changes import Changes
from hoshin.reads.people import current_person
from views.document import PlanDocument
from views.following import FollowsDocument, change_filter
from views.messages import NoticeBar

RESOURCES = Path(str(importlib.resources.files("resources")))

#: The centre tabs: (label, module, class). Each is built as ``Cls(document, parent)``.
CENTRE_VIEWS = (
    ("X-matrix", "views.xmatrix", "XMatrixView"),
    ("Strategy", "views.strategy_tree", "StrategyView"),
    ("Kaizen board", "views.kaizen_board", "KaizenBoard"),
    ("Huddle", "views.huddle", "HuddleView"),
    ("My work", "views.my_work", "MyWorkView"),  # the start page once a person is chosen
)


def app_icon() -> QIcon:
    return QIcon(str(RESOURCES / "icons" / "hoshin.svg"))


def style_sheet() -> str:
    """The app's few style rules; none when the file is missing (an odd install)."""
    try:
        return (RESOURCES / "hoshin.qss").read_text(encoding="utf-8")
    except OSError:
        return ""


def _centre_view(document: PlanDocument, module: str, name: str) -> QWidget:
    """Build one centre view; a view that fails to load shows why instead of the app failing.

    The views are written alongside the shell; a broken one should cost its tab, not the
    user's whole window.
    """
    return build_view(lambda: view_class(module, name)(document), name, f"{name}Tab")


class MainWindow(FollowsDocument, QMainWindow):
    """One plan on screen: X-matrix, strategy and kaizen board around the selection."""

    def __init__(
        self, document: PlanDocument | None = None, settings: AppSettings | None = None
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowIcon(app_icon())
        self.setStyleSheet(style_sheet())
        self.document = document if document is not None else PlanDocument(self)
        self.settings = settings if settings is not None else AppSettings()
        self.files = PlanFiles(self)
        self.watcher = ExternalChangeWatcher(self.document, self)
        self.live = LiveFeed(self.document, self)

        self.notice = NoticeBar(self)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.all_tabs = add_tab_list(self.tabs)
        # Each view is built when its tab is first shown (the first one at once).
        self.lazy_tabs = LazyTabs(self.tabs)
        for label, module, name in CENTRE_VIEWS:
            build = partial(self._build_centre_view, module, name)
            self.lazy_tabs.add(label, build, scrolling=True)
        self.welcome = WelcomePage(self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.tabs)
        centre = QWidget(self)
        column = QVBoxLayout(centre)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.notice)
        column.addWidget(self.pages, 1)
        self.setCentralWidget(centre)

        self.docks = build_docks(self, self.document)
        self.commands = WindowActions(self)
        self.catchball = catchball_ui.install(self)
        standard_work_ui.install(self)
        self.health = health_ui.install(self)
        self.node_history = history_ui.install(self)
        self.my_work = my_work_ui.install(self)
        self.person_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.person_label)
        self.new_year_action: QAction | None = None
        self.year_selector = years_ui.install(self)
        self._default_state = self.saveState()

        self.document.errorRaised.connect(self.show_error)
        self.document.errorShown.connect(self.note_error)
        self.document.staleEdit.connect(self.offer_reload)
        self.watcher.reloaded.connect(
            lambda: self.statusBar().showMessage(
                "The plan was changed elsewhere; the views show it.", 8000
            )
        )
        self.resize(1400, 900)
        self.restore_layout()
        self.follow(self.document, person=True)

    # -- parts ---------------------------------------------------------------------------

    def _build_centre_view(self, module: str, name: str) -> QWidget:
        if name == "MyWorkView":  # with the catchball inbox under it: built by its part
            return build_view(self.my_work.build, name, f"{name}Tab")
        view = _centre_view(self.document, module, name)
        if name == "KaizenBoard" and hasattr(view, "set_folding"):
            # The columns the user folded or opened stay so in the next session.
            view.set_folding(self.settings.get("board/folding"))
            view.foldingChanged.connect(lambda choices: self.settings.set("board/folding", choices))
        return view

    def tab_views(self) -> list[tuple[str, QWidget]]:
        """The window's own tabs as (label, page); a page holds its view once it is built."""
        return self.lazy_tabs.pages()[: len(CENTRE_VIEWS)]

    def tab_view(self, label: str) -> QWidget:
        """The view of the tab ``label``, built now if it was not yet."""
        return self.lazy_tabs.view(label)

    def show_view(self, view: QWidget) -> None:
        """Bring the tab holding ``view`` to the front."""
        page = self.lazy_tabs.page_of(view)
        if page is not None:
            self.tabs.setCurrentWidget(page)

    def current_view(self) -> QWidget | None:
        return self.lazy_tabs.view_of_page(self.tabs.currentWidget())

    @property
    def xmatrix(self) -> QWidget:
        return self.tab_view(CENTRE_VIEWS[0][0])

    @property
    def strategy(self) -> QWidget:
        return self.tab_view(CENTRE_VIEWS[1][0])

    @property
    def board(self) -> QWidget:
        return self.tab_view(CENTRE_VIEWS[2][0])

    @property
    def huddle(self) -> QWidget:
        return self.tab_view(CENTRE_VIEWS[3][0])

    # -- following the document ----------------------------------------------------------

    def plan_reset(self) -> None:
        self.pages.setCurrentWidget(self.tabs if self.document.plan is not None else self.welcome)
        self.update_title()
        self.update_person()

    def person_changed(self) -> None:
        self.update_person()

    @change_filter("people", "roles", settings=["org_name"])
    def on_changes(self, changes: Changes) -> None:
        if "org_name" in changes.settings:
            self.update_title()
        if changes.people or changes.roles:
            self.update_person()

    def update_title(self) -> None:
        plan = self.document.plan
        if plan is None:
            self.setWindowTitle("Hoshin")
            return
        where = locations.describe(plan.location)  # never the password of a URL
        self.setWindowTitle(f"{plan.name} — {where} — Hoshin")

    def update_person(self) -> None:
        plan, key = self.document.plan, self.document.current_person
        name, roles = None, ""
        you = current_person(plan, key) if plan is not None and key else None
        if you is not None:
            name, roles = you.name, you.roles
        text = f"You: {name}" if name else "You: nobody chosen (Settings…)"
        self.person_label.setText(f"{text} · {roles}" if name and roles else text)

    def show_error(self, message: str) -> None:
        """A refused edit that no widget shows: in the status bar, and as a notice."""
        self.note_error(message)
        self.notice.show_message(message)

    def note_error(self, message: str) -> None:
        """A refused edit that the widget that asked shows (the editor, under the field):
        only in the status bar."""
        self.statusBar().showMessage(message, 15000)

    def offer_reload(self, message: str) -> None:
        """Someone else changed what the user edited: say who, and offer their version."""
        self.notice.show_message(message, action=("Reload", self.document.reload))

    # -- layout --------------------------------------------------------------------------

    def restore_layout(self) -> None:
        geometry = self.settings.get("window/geometry")
        state = self.settings.get("window/state")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        restored = isinstance(state, QByteArray) and not state.isEmpty()
        if restored:
            self.restoreState(state)
        self._size_docks_on_show = not restored

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._size_docks_on_show:
            # Dock sizes only hold once the window has its real size.
            self._size_docks_on_show = False
            default_sizes(self, self.docks)

    def save_layout(self) -> None:
        self.settings.set("window/geometry", self.saveGeometry())
        self.settings.set("window/state", self.saveState())
        self.settings.sync()

    def reset_layout(self) -> None:
        self.restoreState(self._default_state)
        for dock in self.docks.all():
            dock.show()
        default_sizes(self, self.docks)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        self.watcher.stop()
        self.live.stop()
        super().closeEvent(event)
