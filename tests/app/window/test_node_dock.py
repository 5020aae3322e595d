"""The node dock: the editor above, the line of sight below, following the selection."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl

from app.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


def test_the_line_of_sight_of_a_kaizen_reaches_a_breakthrough(window: MainWindow) -> None:
    plan = window.document.plan
    assert plan is not None
    kaizen = plan.graph.id_of("KZ-101")
    window.document.select_node(kaizen)
    sight = window.docks.line_of_sight
    assert sight.path == plan.graph.line_of_sight(kaizen)
    assert plan.graph.is_top(sight.path[-1])
    text = sight.view.toPlainText()
    assert text.index("KZ-101") < text.index(plan.graph.code(sight.path[-1]))
    assert "serves" in sight.summary.text()


def test_a_step_of_the_path_selects_its_node_and_keeps_the_path(window: MainWindow) -> None:
    plan = window.document.plan
    assert plan is not None
    window.document.select_node(plan.graph.id_of("KZ-101"))
    sight = window.docks.line_of_sight
    path = list(sight.path)
    step = path[2]
    sight.view.anchorClicked.emit(QUrl(f"node:{step}"))
    assert window.document.node_id == step
    assert sight.path == path  # still the kaizen's path, with the step marked
    assert sight.current == step
    assert window.docks.editor.node is not None
    assert window.docks.editor.node["id"] == step


def test_an_orphan_says_it_has_no_line_of_sight(window: MainWindow) -> None:
    plan = window.document.plan
    assert plan is not None
    window.document.select_node(plan.graph.id_of("IP-6"))
    assert "no line of sight" in window.docks.line_of_sight.summary.text()
