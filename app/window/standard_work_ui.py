"""My standard work in the main window: a tab of its own, and View ▸ My standard work.

The tab's view is imported and built when first shown (see :mod:`app.window.tabs`); it
follows the current person (Settings ▸ Current person, or the login of a shared plan).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from app.window.tabs import build_view, view_class

if TYPE_CHECKING:
    from app.window.main_window import MainWindow

LABEL = "My standard work"


def install(window: MainWindow) -> None:
    """Add the tab (after the views of the strategy, before those of the review rhythm)."""

    def today() -> dt.date:
        # The plan's clock, as My work reads it: both tabs list the same day's work.
        plan = window.document.plan
        return plan.clock().date() if plan is not None else dt.date.today()

    def build() -> QWidget:
        return build_view(
            lambda: view_class("views.standard_work", "StandardWorkView")(
                window.document, today=today
            ),
            "StandardWorkView",
            "StandardWorkViewTab",
        )

    window.lazy_tabs.add(LABEL, build, scrolling=False)
