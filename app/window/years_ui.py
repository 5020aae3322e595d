"""The plan's years in the main window: the year selector in the status bar and
File ▸ New year… (next year's plan from this one, in the same plan).

:func:`install` is called once by the main window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from app.window.docks import menu_named
from hoshin.operations.rollover import Rollover
from hoshin.reads.years import rollover_preview
from views.years import YearSelector

if TYPE_CHECKING:
    from app.window.main_window import MainWindow


def install(window: MainWindow) -> YearSelector:
    selector = YearSelector(window.document, window)
    window.statusBar().addPermanentWidget(selector)
    action = QAction("New &year…", window)
    action.setObjectName("newYearAction")
    action.triggered.connect(lambda _checked=False: new_year(window))
    menu = menu_named(window, "File")
    if menu is not None:
        before = next((a for a in menu.actions() if a.text() == "Save a &copy as…"), None)
        menu.insertAction(before, action)  # type: ignore[arg-type]
    window.document.planReset.connect(lambda: action.setEnabled(window.document.plan is not None))
    action.setEnabled(window.document.plan is not None)
    window.new_year_action = action
    return selector


def new_year(window: MainWindow, *, confirm: bool = True) -> bool:
    """Make next year's plan from the year shown, after saying what it will do."""
    plan = window.document.plan
    if plan is None:
        return False
    preview = rollover_preview(plan)
    if confirm:
        answer = QMessageBox.question(
            window,
            "New year",
            preview.sentence() + "\n\nEdit ▸ Undo takes it back.",
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Ok:
            return False
    applied = window.document.execute(Rollover(preview.to_year))
    if applied is None:
        return False
    window.statusBar().showMessage(" ".join(applied.result.lines()), 15000)
    return True
