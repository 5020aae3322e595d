"""Settings…: the plan's options as one undoable edit; the current person per user."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.window.main_window import MainWindow
from app.window.settings_dialog import SettingsDialog
from hoshin.model.kinds import Strength

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


@pytest.fixture
def dialog(qtbot: QtBot, window: MainWindow) -> SettingsDialog:
    widget = SettingsDialog(window.document, window.settings, window)
    qtbot.add_widget(widget)
    return widget


def test_the_dialog_shows_the_plans_values(dialog: SettingsDialog, window: MainWindow) -> None:
    plan = window.document.plan
    assert plan is not None
    assert dialog.symbols[Strength.STRONG].text() == "●"
    assert dialog.thresholds["max_breakthroughs"].value() == 5
    assert [e.text() for e in dialog.levels] == ["Company", "Division", "Department", "Team"]


def test_plan_settings_are_saved_as_one_undoable_edit(
    dialog: SettingsDialog, window: MainWindow
) -> None:
    plan = window.document.plan
    assert plan is not None
    dialog.symbols[Strength.WEAK].setText("▲")
    dialog.thresholds["max_annual"].setValue(6)
    dialog.levels[3].setText("Squad")
    depth = window.document.undo_stack.count()
    dialog.accept()
    assert plan.settings.symbol(Strength.WEAK) == "▲"
    assert plan.settings["max_annual"] == 6
    assert plan.settings.level_name(3) == "Squad"
    assert window.document.undo_stack.count() == depth + 1
    window.document.undo_stack.undo()
    assert plan.settings.symbol(Strength.WEAK) == "△"
    assert plan.settings["max_annual"] == 8


def test_symbols_must_be_given_and_distinct(dialog: SettingsDialog, window: MainWindow) -> None:
    dialog.symbols[Strength.MEDIUM].setText("●")
    depth = window.document.undo_stack.count()
    dialog.accept()
    assert "its own symbol" in dialog.error.text()
    assert window.document.undo_stack.count() == depth
    dialog.symbols[Strength.MEDIUM].setText(" ")
    dialog.accept()
    assert "Give each correlation strength a symbol" in dialog.error.text()


def test_the_current_person_is_the_users_own(dialog: SettingsDialog, window: MainWindow) -> None:
    plan = window.document.plan
    assert plan is not None
    dialog.person.setCurrentIndex(dialog.person.findData("P-2"))
    depth = window.document.undo_stack.count()
    dialog.accept()
    assert window.document.current_person == "P-2"
    assert window.settings.person_for(plan.location) == "P-2"
    assert window.document.undo_stack.count() == depth  # not a plan edit
    window.update_person()
    assert "David Kim" in window.person_label.text()


def test_the_current_person_comes_back_with_the_plan(window: MainWindow, demo_path: object) -> None:
    plan = window.document.plan
    assert plan is not None
    window.settings.set_person_for(plan.location, "P-1")
    assert window.files.open_path(plan.location)
    assert window.document.current_person == "P-1"
    assert "Helen Ward" in window.person_label.text()


def test_holidays_and_due_date_rules_are_plan_settings(
    dialog: SettingsDialog, window: MainWindow
) -> None:
    plan = window.document.plan
    assert plan is not None
    assert dialog.thresholds["actual_due_day"].value() == 5
    dialog.holidays.setText("25/12/2026")
    depth = window.document.undo_stack.count()
    dialog.accept()
    assert dialog.error.text() == "Holidays: '25/12/2026' is not a date (YYYY-MM-DD)."
    assert window.document.undo_stack.count() == depth
    dialog.holidays.setText("2026-12-25, 2026-11-03")
    dialog.thresholds["escalate_after"].setValue(2)
    dialog.accept()
    assert plan.settings["holidays"] == ["2026-11-03", "2026-12-25"]  # sorted
    assert plan.settings["escalate_after"] == 2
    window.document.undo_stack.undo()
    assert plan.settings["holidays"] == [] and plan.settings["escalate_after"] == 3
