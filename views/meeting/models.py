"""The item models of the Meeting dialog: the agenda and the decisions of one meeting."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QObject, Qt

from hoshin.reads.meetings import AgendaItemRow, DecisionRow, MeetingView
from views.models import ITEM_ROLE, ROOT, Index

DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole


class AgendaModel(QAbstractTableModel):
    """The agenda items in order: number, section, what, how many decisions."""

    HEADERS = ("#", "Section", "Item", "Decisions")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view: MeetingView | None = None
        self._rows: list[AgendaItemRow] = []

    def set_meeting(self, view: MeetingView | None) -> None:
        self.beginResetModel()
        self._view = view
        self._rows = list(view.items) if view is not None else []
        self.endResetModel()

    def item(self, index: Index) -> AgendaItemRow | None:
        valid = index.isValid() and 0 <= index.row() < len(self._rows)
        return self._rows[index.row()] if valid else None

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        row = self.item(index)
        if row is None:
            return None
        if role == DISPLAY:
            taken = len(self._view.decisions_on(row.number)) if self._view else 0
            return (row.number, row.kind.heading, row.title, taken or "")[index.column()]
        if role == TOOLTIP and index.column() == 2:
            return row.title + (f"\n{row.item}" if row.item else "")
        if role == ITEM_ROLE:
            return row
        return None


class DecisionsModel(QAbstractTableModel):
    """The decisions recorded, in order: on which item, what, who, by when, done."""

    HEADERS = ("Item", "Decision", "Owner", "Due", "Done")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DecisionRow] = []

    def set_meeting(self, view: MeetingView | None) -> None:
        self.beginResetModel()
        self._rows = list(view.decisions) if view is not None else []
        self.endResetModel()

    def decision(self, index: Index) -> DecisionRow | None:
        valid = index.isValid() and 0 <= index.row() < len(self._rows)
        return self._rows[index.row()] if valid else None

    def row_of(self, decision_id: int) -> int:
        return next((i for i, d in enumerate(self._rows) if d.id == decision_id), -1)

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        d = self.decision(index)
        if d is None:
            return None
        if role == DISPLAY:
            done = (d.done_on.isoformat() if d.done_on else "yes") if d.done else ""
            return (
                d.item if d.item is not None else "–",
                d.text,
                d.owner or "",
                d.due.isoformat() if d.due else "",
                done,
            )[index.column()]
        if role == ITEM_ROLE:
            return d
        return None
