"""The line of sight panel of a 1600 × 1000 window: the whole path to the company's
breakthrough in view, and each target on it with how its latest month stands."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.window.main_window import MainWindow
from hoshin.operations import SetMeasurement

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


@pytest.fixture
def shown(qtbot: QtBot, window: MainWindow) -> MainWindow:
    window.resize(1600, 1000)
    window.show()
    qtbot.wait_exposed(window)
    return window


def test_a_kaizens_whole_path_to_the_top_is_in_view(qtbot: QtBot, shown: MainWindow) -> None:
    plan = shown.document.plan
    assert plan is not None
    graph = plan.graph
    shown.document.select_node(graph.id_of("KZ-101"))
    sight = shown.docks.line_of_sight
    # KZ-101 → IP-7 → AO-6 → BT-4 → IP-1 → AO-1 → BT-3: seven steps, none scrolled away.
    assert [graph.code(i) for i in sight.path] == [
        "KZ-101", "IP-7", "AO-6", "BT-4", "IP-1", "AO-1", "BT-3"
    ]  # fmt: skip
    qtbot.wait_until(lambda: sight.view.viewport().height() > 0)
    document_height = sight.view.document().size().height()
    assert document_height <= sight.view.viewport().height()
    assert not sight.view.verticalScrollBar().isVisible()
    # The summary names the breakthrough itself, whatever the panel's height.
    assert sight.summary.text() == (
        "KZ-101 serves BT-3 Grow recurring service revenue to 40 % of sales in 6 steps."
    )


def _meta(shown: MainWindow, code: str) -> str:
    """The second line of ``code``'s step: kind, unit, standing, link up."""
    lines = shown.docks.line_of_sight.view.toPlainText().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(code + " "))
    return lines[at + 1]


def test_a_target_on_the_path_shows_its_latest_month(qtbot: QtBot, shown: MainWindow) -> None:
    plan = shown.document.plan
    assert plan is not None
    # May 2026 is the latest month with a typed actual (the sample is as of 15 June 2026):
    # KPI-1 20.33 against 20.5, within 5 %: yellow. KPI-8 is tracked weekly: June's two
    # weeks make its June actual (21 against 21, up): green.
    shown.document.select_node(plan.graph.id_of("KPI-8"))
    assert _meta(shown, "KPI-8") == "Target · Commercial · ✔ green in Jun 2026 · measures ↑"
    assert "green" not in _meta(shown, "IP-7")  # a priority has no months
    shown.document.select_node(plan.graph.id_of("KPI-1"))
    assert "≈ yellow in May 2026" in _meta(shown, "KPI-1")
    # June's actual of 15 against a plan of 21 is red, and the panel follows the edit.
    shown.document.execute(SetMeasurement("KPI-1", "2026-06", actual=15))
    assert "✖ red in Jun 2026" in _meta(shown, "KPI-1")


def test_a_kaizens_line_of_sight_is_of_the_year_shown(qtbot: QtBot, shown: MainWindow) -> None:
    """After the rollover, KZ-103 (in progress) is carried into 2027 and says so; KZ-101
    (done) stays in 2026, whose line of sight the year selector shows."""
    from hoshin.operations.rollover import Rollover

    doc = shown.document
    assert doc.plan is not None and doc.execute(Rollover(2027)) is not None
    sight = shown.docks.line_of_sight
    doc.select_node(doc.plan.graph.id_of("KZ-103"))
    assert sight.summary.text().endswith(" in 6 steps. Carried from KZ-103 of 2026.")
    assert "KZ-101" not in doc.plan.graph
    doc.show_year(2026)
    graph = doc.plan.graph
    doc.select_node(graph.id_of("KZ-101"))
    assert [graph.code(i) for i in sight.path] == [
        "KZ-101", "IP-7", "AO-6", "BT-4", "IP-1", "AO-1", "BT-3"
    ]  # fmt: skip
    assert sight.summary.text() == (
        "KZ-101 serves BT-3 Grow recurring service revenue to 40 % of sales in 6 steps."
    )
