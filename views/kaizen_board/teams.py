"""The choices of the board's team filter: "All teams", then the teams below the unit.

A company has a thousand teams and the list changes with every unit shown: one model
reset replaces it, where a thousand ``QComboBox.addItem`` calls took 4 ms.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QObject, Qt

from views.models import ROOT, Index

ALL_TEAMS = "All teams"


class TeamListModel(QAbstractListModel):
    """Team names to show, with their unit ids as ``Qt.UserRole`` (a combo's item data).

    Signals:
        none of its own; a new list of teams is a model reset.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, int | None]] = [(ALL_TEAMS, None)]

    def set_teams(self, teams: Sequence[tuple[str, int]]) -> None:
        """Offer ``teams`` (name, unit id) after "All teams"."""
        self.beginResetModel()
        self._rows = [(ALL_TEAMS, None), *teams]
        self.endResetModel()

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        name, unit_id = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return name
        if role == Qt.ItemDataRole.UserRole:
            return unit_id
        return None
