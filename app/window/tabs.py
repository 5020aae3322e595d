"""The centre tabs, each view built the first time its tab is shown or the view is asked for.

Six views each read the plan when built; the person sees one at a time. Building only the
visible one before the window first paints is what keeps start-up short on a large plan
(the others would cost their module imports, widgets and first queries). A view built later
reads the document's current plan, unit and node in its constructor, as every view does,
so it shows the same thing as if it had been built at start.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QLabel,
    QMenu,
    QScrollArea,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger(__name__)

Builder = Callable[[], QWidget]


class BrokenView(QLabel):
    """What a tab shows when its view could not be built: why, instead of the app failing."""

    def __init__(self, name: str, exc: Exception) -> None:
        super().__init__(f"This view could not be shown:\n{type(exc).__name__}: {exc}")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        log.error("the %s view could not be built", name, exc_info=exc)


def build_view(build: Builder, name: str, object_name: str) -> QWidget:
    """Run ``build``; a view that fails costs its tab, not the user's whole window."""
    try:
        view = build()
    except Exception as exc:
        view = BrokenView(name, exc)
    view.setObjectName(object_name)
    return view


def view_class(module: str, name: str) -> Callable[..., QWidget]:
    """The class ``module.name``, imported only when a view of it is first built."""
    cls: Callable[..., QWidget] = getattr(importlib.import_module(module), name)
    return cls


def _scrolling_page() -> QScrollArea:
    """A tab page that never forces the window wider than the screen.

    A view whose minimum width is larger than the space left by the docks gets scroll
    bars instead of pushing the whole window past the screen's edge.
    """
    page = QScrollArea()
    page.setWidgetResizable(True)
    page.setFrameShape(QScrollArea.Shape.NoFrame)
    return page


def _plain_page() -> QWidget:
    page = QWidget()
    column = QVBoxLayout(page)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(0)
    return page


@dataclass
class _Tab:
    label: str
    page: QWidget
    build: Builder
    view: QWidget | None = None


class LazyTabs(QObject):
    """The tabs of a :class:`QTabWidget` whose views are built on first need.

    Signals:
        none; a view built late connects to the document itself, like one built at start.
    """

    def __init__(self, tabs: QTabWidget) -> None:
        super().__init__(tabs)
        self.tabs = tabs
        self._tabs: list[_Tab] = []
        tabs.currentChanged.connect(self._on_current)

    def add(self, label: str, build: Builder, *, scrolling: bool) -> QWidget:
        """Add a tab whose view ``build`` makes; returns its page (the view comes later).

        The tab first shown (the first one added) is built at once.
        """
        page = _scrolling_page() if scrolling else _plain_page()
        self._tabs.append(_Tab(label, page, build))
        self.tabs.addTab(page, label)
        return page

    def labels(self) -> list[str]:
        return [tab.label for tab in self._tabs]

    def pages(self) -> list[tuple[str, QWidget]]:
        return [(tab.label, tab.page) for tab in self._tabs]

    def view(self, label: str) -> QWidget:
        """The view of tab ``label``, built now if it was not yet."""
        return self._ensure(self._find(label))

    def built(self, label: str) -> QWidget | None:
        """The view of tab ``label`` if it was built, else None (and nothing is built)."""
        return self._find(label).view

    def view_of_page(self, page: QWidget | None) -> QWidget | None:
        for tab in self._tabs:
            if tab.page is page:
                return self._ensure(tab)
        return page

    def page_of(self, view: QWidget) -> QWidget | None:
        for tab in self._tabs:
            if view is tab.page or (tab.view is not None and view is tab.view):
                return tab.page
        return None

    def _find(self, label: str) -> _Tab:
        for tab in self._tabs:
            if tab.label == label:
                return tab
        raise KeyError(label)

    def _on_current(self, index: int) -> None:
        page = self.tabs.widget(index)
        for tab in self._tabs:
            if tab.page is page:
                self._ensure(tab)

    def _ensure(self, tab: _Tab) -> QWidget:
        if tab.view is None:
            view = tab.build()
            tab.view = view
            if isinstance(tab.page, QScrollArea):
                tab.page.setWidget(view)
            else:
                layout = tab.page.layout()
                assert layout is not None
                layout.addWidget(view)
            view.show()  # a widget given to a page already on screen is not shown by it
        return tab.view


def add_tab_list(tabs: QTabWidget) -> QToolButton:
    """A button at the end of the tab bar that lists every tab, ticking the current one.

    Ten tabs do not fit a laptop's width beside the docks: Qt then shows two scroll arrows
    and hides the tabs past the edge. The list reaches each in one click, whatever fits.
    """
    button = QToolButton(tabs)
    button.setObjectName("allTabs")
    button.setText("All tabs")
    button.setToolTip("Every tab of the window (Ctrl+Tab moves to the next)")
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    button.setAutoRaise(True)
    menu = QMenu(button)

    def fill() -> None:
        menu.clear()
        for index in range(tabs.count()):
            action = menu.addAction(tabs.tabText(index))
            action.setCheckable(True)
            action.setChecked(index == tabs.currentIndex())
            action.triggered.connect(lambda _=False, i=index: tabs.setCurrentIndex(i))

    menu.aboutToShow.connect(fill)
    button.setMenu(menu)
    tabs.setCornerWidget(button, Qt.Corner.TopRightCorner)
    return button
