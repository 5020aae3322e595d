"""The status bar says what the tab in front says, not what a tab left behind said."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.window.main_window import MainWindow
from tests.conftest import unit_id

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


def test_the_bowling_count_leaves_with_its_tab_and_its_unit(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.resize(1600, 1000)
    window.show()
    bar = window.statusBar()
    bowling = window.health.show("Bowling chart")
    qtbot.wait_until(lambda: "red month" in bar.currentMessage())
    window.show_view(window.strategy)
    qtbot.wait_until(lambda: bar.currentMessage() == "")
    # Back on the chart it says so again; another unit's count replaces the company's.
    window.show_view(bowling)
    qtbot.wait_until(lambda: bar.currentMessage().startswith("11 targets"))
    window.document.select_unit(unit_id(window.document.plan, "COM"))
    qtbot.wait_until(lambda: bar.currentMessage().startswith("1 target;"))
    assert "11 targets" not in bar.currentMessage()


def test_another_parts_message_stays_when_the_chart_goes(qtbot: QtBot, window: MainWindow) -> None:
    window.show()
    bar = window.statusBar()
    window.health.show("Bowling chart")
    qtbot.wait_until(lambda: "red month" in bar.currentMessage())
    bar.showMessage("Wrote review.pdf")
    window.show_view(window.strategy)
    assert bar.currentMessage() == "Wrote review.pdf"
