"""The heading line of a tab that shows one unit (Health, Bowling chart)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def tab_heading(parent: QWidget) -> QLabel:
    """A bold, larger line of plain text naming what the tab shows."""
    heading = QLabel(parent)
    heading.setTextFormat(Qt.TextFormat.PlainText)
    # A long unit name wraps instead of widening the tab past the window.
    heading.setWordWrap(True)
    heading.setMinimumWidth(120)
    font = heading.font()
    font.setPointSizeF(font.pointSizeF() * 1.25)
    font.setBold(True)
    heading.setFont(font)
    return heading
