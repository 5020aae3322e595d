"""The organisation tree explains its marks on screen, and counts in words that agree."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from views.document import PlanDocument
from views.org_tree import Health, OrgTree

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


def _every(model, parent: QModelIndex | None = None):  # type: ignore[no-untyped-def]
    parent = parent or QModelIndex()
    for r in range(model.rowCount(parent)):
        index = model.index(r, 0, parent)
        yield index
        yield from _every(model, index)


def test_a_legend_under_the_tree_says_what_each_mark_means(
    qtbot: QtBot, document: PlanDocument
) -> None:
    tree = OrgTree(document)
    qtbot.add_widget(tree)
    tree.resize(300, 600)
    tree.show()
    qtbot.wait_exposed(tree)
    legend = tree.legend
    assert legend.isVisible()
    assert legend.geometry().top() >= tree.view.geometry().bottom()  # under the tree
    labels = legend.findChildren(QLabel)
    words = [label.text() for label in labels if label.text()]
    marks = [label.pixmap().toImage() for label in labels if not label.pixmap().isNull()]
    assert words == [
        "nothing needs attention",
        "to watch: review findings or open action items",
        "act: sustainment checks overdue or slipped",
    ]
    # ...beside the very marks the tree draws, in the order of the words.
    model = tree.model
    expected = [model.icon_of(level).pixmap(16, 16).toImage() for level in Health]
    assert expected[0] != expected[1] != expected[2] != expected[0]
    assert marks == expected


def test_tooltips_count_without_hedging(qtbot: QtBot, document: PlanDocument) -> None:
    tree = OrgTree(document)
    qtbot.add_widget(tree)
    model = tree.model
    qtbot.wait_until(lambda: not model.figures_pending)
    tips = [str(i.data(Qt.ItemDataRole.ToolTipRole)) for i in _every(model)]
    assert tips and not any("(s)" in tip for tip in tips)
    # A count of one is singular ("1 kaizen", "1 slipped check"), never "1 kaizens".
    wrong = [t for t in tips if re.search(r"\b1 (?:[a-z-]+ )?(kaizens|checks|items|units)\b", t)]
    assert not wrong
    assert any(re.search(r"\b\d+ (sustainment|slipped) checks?\b", t) for t in tips)
