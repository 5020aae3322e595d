"""Health, bowling chart and monthly review in the main window: tabs, a dock, menu items.

:func:`install` is called once by the main window; everything the review rhythm adds to
the shell is here. A tab that fails to build shows why instead of costing the window, as
the window's own centre views do.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel, QMenu, QWidget

from hoshin.kinds import NodeKind
from views.bowling import BowlingView
from views.health import HealthView
from views.health.sustainment import SustainmentPanel
from views.review import ReviewView

if TYPE_CHECKING:
    from app.main_window import MainWindow

log = logging.getLogger(__name__)

LEFT = Qt.DockWidgetArea.LeftDockWidgetArea
#: The tabs this module adds: (label, class, object name, shortcut).
TABS = (
    ("Health", HealthView, "HealthViewTab", "Ctrl+4"),
    ("Bowling chart", BowlingView, "BowlingViewTab", "Ctrl+5"),
    ("Review", ReviewView, "ReviewViewTab", "Ctrl+6"),
)
NO_KAIZEN = "Select a kaizen to record its sustainment checks and close its action items."


def _build(window: MainWindow, cls: type[QWidget], name: str) -> QWidget:
    try:
        view = cls(window.document)  # type: ignore[call-arg]
    except Exception as exc:
        log.exception("the %s view could not be built", cls.__name__)
        view = QLabel(f"This view could not be shown:\n{type(exc).__name__}: {exc}")
        view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        view.setWordWrap(True)
    view.setObjectName(name)
    return view


def _menu(window: MainWindow, title: str) -> QMenu | None:
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and menu.title().replace("&", "") == title:
            return menu
    return None


class HealthUi(QObject):
    """The health, bowling and review parts of one main window.

    Signals:
        none of its own; the parts talk through the document.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.document = window.document
        self.views: dict[str, QWidget] = {}
        for label, cls, name, _key in TABS:
            view = _build(window, cls, name)
            self.views[label] = view
            window.tabs.addTab(view, label)
        self.sustainment = SustainmentPanel(self.document)
        self.sustainment.clear(NO_KAIZEN)
        self.dock = QDockWidget("Sustainment", window)
        self.dock.setObjectName("sustainmentDock")
        self.dock.setWidget(self.sustainment)
        window.addDockWidget(LEFT, self.dock)
        # Under the organisation, beside the history: it follows the selected kaizen.
        window.tabifyDockWidget(window.docks.history, self.dock)
        window.docks.history.raise_()
        self._add_menus()

        bowling = self.bowling
        if isinstance(bowling, BowlingView):
            bowling.messageChanged.connect(
                lambda text: window.statusBar().showMessage(text, 8000) if text else None
            )
        self.document.nodeSelected.connect(self._follow_node)
        self.document.planReset.connect(self.update_enabled)
        self.update_enabled()

    @property
    def health(self) -> QWidget:
        return self.views["Health"]

    @property
    def bowling(self) -> QWidget:
        return self.views["Bowling chart"]

    @property
    def review(self) -> QWidget:
        return self.views["Review"]

    def _action(self, text: str, slot: object, shortcut: str | None = None) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return action

    def _add_menus(self) -> None:
        w = self.window
        view_menu = _menu(w, "View")
        if view_menu is not None:
            # After the window's own tab entries, before the first separator.
            actions = view_menu.actions()
            first_gap = next((a for a in actions if a.isSeparator()), None)
            for label, _cls, _name, key in TABS:
                action = self._action(label, partial(self.show, label), key)
                view_menu.insertAction(first_gap, action)  # type: ignore[arg-type]
            reset = next((a for a in view_menu.actions() if a.text() == "Reset layout"), None)
            view_menu.insertAction(reset, self.dock.toggleViewAction())  # type: ignore[arg-type]
        self.export_review = self._action("Monthly review as P&DF…", self.export_review_pdf)
        export_menu = getattr(w.commands, "export_menu", None)
        if isinstance(export_menu, QMenu):
            export_menu.addAction(self.export_review)
        self.add_countermeasure = self._action(
            "Add a &countermeasure…", self.countermeasure_for_current
        )
        edit = _menu(w, "Edit")
        if edit is not None:
            find = getattr(w.commands, "find", None)
            actions = edit.actions()
            before = actions[actions.index(find) - 1] if find in actions else None
            edit.insertAction(before, self.add_countermeasure)  # type: ignore[arg-type]

    def show(self, label: str) -> QWidget:
        view = self.views[label]
        self.window.show_view(view)
        return view

    def update_enabled(self) -> None:
        has_plan = self.document.plan is not None
        self.export_review.setEnabled(has_plan and isinstance(self.review, ReviewView))
        self.add_countermeasure.setEnabled(has_plan and isinstance(self.bowling, BowlingView))

    def export_review_pdf(self) -> None:
        review = self.show("Review")
        if isinstance(review, ReviewView):
            written = review.export_pdf()
            if written is not None:
                self.window.statusBar().showMessage(f"Wrote {written}.", 8000)

    def countermeasure_for_current(self) -> None:
        bowling = self.show("Bowling chart")
        if isinstance(bowling, BowlingView) and bowling.ask_for_current() is None:
            self.window.statusBar().showMessage(
                "Choose the month of a target in the bowling chart first.", 8000
            )

    def _follow_node(self, node_id: int) -> None:
        plan = self.document.plan
        if plan is None or not node_id or not plan.graph.has_node(node_id):
            self.sustainment.clear(NO_KAIZEN)
            return
        if plan.graph.node(node_id).kind is NodeKind.KAIZEN:
            self.sustainment.show_kaizen(node_id)
        else:
            self.sustainment.clear(NO_KAIZEN)


def install(window: MainWindow) -> HealthUi:
    """Add the Health, Bowling chart and Review tabs, the Sustainment dock and their menus."""
    return HealthUi(window)
