"""The item models of the Meeting dialog: the agenda and the decisions of one meeting."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt

from hoshin.reads.meetings import AgendaItemRow, DecisionRow, MeetingView
from views.models import ITEM_ROLE, Index, RowsTableModel

DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole


class AgendaModel(RowsTableModel[AgendaItemRow]):
    """The agenda items in order: number, section, what, how many decisions."""

    HEADERS = ("#", "Section", "Item", "Decisions")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view: MeetingView | None = None

    def set_meeting(self, view: MeetingView | None) -> None:
        self._view = view
        self.set_rows(view.items if view is not None else [])

    def item(self, index: Index) -> AgendaItemRow | None:
        return self.row_at(index)

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


class DecisionsModel(RowsTableModel[DecisionRow]):
    """The decisions recorded, in order: on which item, what, who, by when, done."""

    HEADERS = ("Item", "Decision", "Owner", "Due", "Done")

    def set_meeting(self, view: MeetingView | None) -> None:
        self.set_rows(view.decisions if view is not None else [])

    def decision(self, index: Index) -> DecisionRow | None:
        return self.row_at(index)

    def row_of(self, decision_id: int) -> int:
        return next((i for i, d in enumerate(self._rows) if d.id == decision_id), -1)

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
