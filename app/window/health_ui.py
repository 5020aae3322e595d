"""Health, bowling chart, monthly review and the year-end reflection in the main window:
tabs, a dock, menu items.

:func:`install` is called once by the main window; everything the review rhythm adds to
the shell is here. A tab that fails to build shows why instead of costing the window, as
the window's own centre views do.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from app.window.docks import make_dock, menu_named
from app.window.tabs import BrokenView, build_view, view_class
from hoshin.model.kinds import NodeKind
from views.following import FollowsDocument
from views.health.sustainment import SustainmentPanel

if TYPE_CHECKING:
    from app.window.main_window import MainWindow


LEFT = Qt.DockWidgetArea.LeftDockWidgetArea
#: The tabs this module adds: (label, module, class, object name, shortcut). Each view is
#: imported and built when its tab is first shown (see :mod:`app.window.tabs`).
TABS = (
    ("Health", "views.health", "HealthView", "HealthViewTab", "Ctrl+4"),
    ("Bowling chart", "views.bowling", "BowlingView", "BowlingViewTab", "Ctrl+5"),
    ("Review", "views.review", "ReviewView", "ReviewViewTab", "Ctrl+6"),
    ("Reflection", "views.reflection", "ReflectionView", "ReflectionViewTab", "Ctrl+7"),
)
NO_KAIZEN = "Select a kaizen to plan and record its sustainment checks and action items."


class HealthUi(FollowsDocument, QObject):
    """The health, bowling and review parts of one main window.

    Signals:
        none of its own; the parts talk through the document.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.document = window.document
        self._bowling_message = ""
        for label, module, cls, name, _key in TABS:
            build = partial(self._build, module, cls, name)
            window.lazy_tabs.add(label, build, scrolling=False)
        self.sustainment = SustainmentPanel(self.document)
        self.sustainment.clear(NO_KAIZEN)
        self.dock = make_dock(window, "Sustainment", "sustainmentDock", self.sustainment)
        window.addDockWidget(LEFT, self.dock)
        # Under the organisation, beside the history: it follows the selected kaizen.
        window.tabifyDockWidget(window.docks.history, self.dock)
        window.docks.history.raise_()
        self._add_menus()

        self.follow(self.document, node=True, changes=False)

    def _build(self, module: str, cls: str, name: str) -> QWidget:
        view = build_view(lambda: view_class(module, cls)(self.document), cls, name)
        if cls == "BowlingView" and not isinstance(view, BrokenView):
            view.messageChanged.connect(self._show_bowling_message)  # type: ignore[attr-defined]
        self.update_enabled()
        return view

    def _show_bowling_message(self, text: str) -> None:
        """The chart's line in the status bar while it is on screen; gone with it.

        An empty text takes back only the chart's own line, not another part's message.
        """
        bar = self.window.statusBar()
        if text:
            self._bowling_message = text
            bar.showMessage(text, 8000)
        elif bar.currentMessage() and bar.currentMessage() == self._bowling_message:
            bar.clearMessage()

    def view(self, label: str) -> QWidget:
        """The view of tab ``label``, built now if it was not yet."""
        return self.window.tab_view(label)

    def _works(self, label: str) -> bool:
        """Whether tab ``label``'s view can be used: not built yet, or built without error."""
        return not isinstance(self.window.lazy_tabs.built(label), BrokenView)

    @property
    def health(self) -> QWidget:
        return self.view("Health")

    @property
    def bowling(self) -> QWidget:
        return self.view("Bowling chart")

    @property
    def review(self) -> QWidget:
        return self.view("Review")

    @property
    def reflection(self) -> QWidget:
        return self.view("Reflection")

    def _action(self, text: str, slot: object, shortcut: str | None = None) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return action

    def _add_menus(self) -> None:
        w = self.window
        view_menu = menu_named(w, "View")
        if view_menu is not None:
            # After the window's own tab entries, before the first separator.
            actions = view_menu.actions()
            first_gap = next((a for a in actions if a.isSeparator()), None)
            for label, _module, _cls, _name, key in TABS:
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
        edit = menu_named(w, "Edit")
        if edit is not None:
            find = getattr(w.commands, "find", None)
            actions = edit.actions()
            before = actions[actions.index(find) - 1] if find in actions else None
            edit.insertAction(before, self.add_countermeasure)  # type: ignore[arg-type]

    def show(self, label: str) -> QWidget:
        view = self.view(label)
        self.window.show_view(view)
        return view

    def update_enabled(self) -> None:
        has_plan = self.document.plan is not None
        self.export_review.setEnabled(has_plan and self._works("Review"))
        self.add_countermeasure.setEnabled(has_plan and self._works("Bowling chart"))

    def export_review_pdf(self) -> None:
        from views.review import ReviewView

        review = self.show("Review")
        if isinstance(review, ReviewView):
            written = review.export_pdf()
            if written is not None:
                self.window.statusBar().showMessage(f"Wrote {written}.", 8000)

    def countermeasure_for_current(self) -> None:
        from views.bowling import BowlingView

        bowling = self.show("Bowling chart")
        if isinstance(bowling, BowlingView) and bowling.ask_for_current() is None:
            self.window.statusBar().showMessage(
                "Choose the month of a target in the bowling chart first.", 8000
            )

    def plan_reset(self) -> None:
        self.update_enabled()

    def set_node(self, node_id: int) -> None:
        """The Sustainment dock shows the selected kaizen's checks and action items."""
        self.node_id = node_id
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
