"""The rows of "My standard work": overdue first, then today, then the rest of the week."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QObject, Qt
from PySide6.QtGui import QBrush, QColor

from hoshin.reads.standard_work import Occurrence, StandardWork
from views.models import ITEM_ROLE, NODE_ID_ROLE, ROOT, Index

HEADINGS = ("When", "Date", "Routine", "Where", "Serves", "Answer", "Note")
OVERDUE, TODAY, WEEK, DONE = "Overdue", "Today", "This week", "Answered"
_RED, _GREEN, _GREY = QColor("#b42318"), QColor("#067647"), QColor("#667085")
STATE_WORDS = {None: "open", "done": "done", "missed": "missed", "skipped": "skipped"}


class StandardWorkModel(QAbstractTableModel):
    """One row per occurrence; ``ITEM_ROLE`` gives the :class:`Occurrence`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, Occurrence]] = []

    def show(self, work: StandardWork | None) -> None:
        self.beginResetModel()
        self.rows = []
        if work is not None:
            self.rows += [(OVERDUE, o) for o in work.overdue]
            self.rows += [(TODAY, o) for o in work.due_today]
            self.rows += [(WEEK, o) for o in work.this_week]
            self.rows += [(DONE, o) for o in work.answered]
        self.endResetModel()

    def occurrence(self, row: int) -> Occurrence | None:
        return self.rows[row][1] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(HEADINGS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADINGS[section] if 0 <= section < len(HEADINGS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        when, o = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(when, o, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 0 and when == OVERDUE:
                return QBrush(_RED)
            if column == 5:
                color = {"done": _GREEN, "missed": _RED}.get(o.state or "", _GREY)
                return QBrush(color)
            return None
        if role == Qt.ItemDataRole.ToolTipRole and column == 5 and o.reason:
            return f"Skipped: {o.reason}"
        if role == ITEM_ROLE:
            return o
        if role == NODE_ID_ROLE:
            return o.routine.node_id or 0
        return None

    @staticmethod
    def _text(when: str, o: Occurrence, column: int) -> str:
        if column == 0:
            return when
        if column == 1:
            return f"{o.day:%a} {o.day.isoformat()}"
        if column == 2:
            return o.routine.title
        if column == 3:
            return o.routine.unit_code
        if column == 4:
            return o.routine.node_code or ""
        if column == 5:
            word = STATE_WORDS.get(o.state, o.state or "")
            return f"{word} ({o.reason})" if o.state == "skipped" and o.reason else word
        return o.note


def is_future(o: Occurrence, today: dt.date) -> bool:
    return o.day > today
