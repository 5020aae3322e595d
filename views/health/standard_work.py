"""The Leader Standard Work panel of the health tab: adherence and presence of the unit, its
people from the least adherent (drill-down to people), and the units nobody visited from
above, each a click away (drill-down to units)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hoshin.reads.health_tab import UnitFigures
from hoshin.text import formats
from views.models import ITEM_ROLE, ROOT, Index

HEADINGS = ("Person", "Unit", "Done", "Due", "Missed", "Open", "Adherence")


class PeopleModel(QAbstractTableModel):
    """People of a unit's subtree with their LSW tally; ``ITEM_ROLE``: the person key."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, dict[str, Any]]] = []

    def set_people(self, people: dict[str, dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = list(people.items())
        self.endResetModel()

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
        key, p = self.rows[index.row()]
        if role == ITEM_ROLE:
            return key
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (
            p["name"],
            p["unit"],
            p["done"],
            p["due"],
            p["missed"],
            p["unanswered"],
            formats.percent(p["adherence"], missing="n/a"),
        )
        return str(values[index.column()])


class StandardWorkPanel(QGroupBox):
    """Leader Standard Work of the unit shown.

    Signals:
        unitClicked(str): the code of a unit nobody visited, clicked.
    """

    unitClicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Leader Standard Work", parent)
        self.setObjectName("healthStandardWork")
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.model = PeopleModel(self)
        self.people = QTableView(self)
        self.people.setModel(self.model)
        self.people.verticalHeader().setVisible(False)
        self.people.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.people.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.people.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.people.setMinimumHeight(150)
        self.not_visited_label = QLabel("Units nobody visited from above (click to go):", self)
        self.not_visited = QListWidget(self)
        self.not_visited.setMaximumHeight(110)
        self.not_visited.itemClicked.connect(
            lambda item: self.unitClicked.emit(item.text().split()[0])
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.people, 1)
        layout.addWidget(self.not_visited_label)
        layout.addWidget(self.not_visited)

    def show_figures(self, f: UnitFigures, names: dict[str, str]) -> None:
        lsw = f.lsw
        if not lsw:
            self.summary.setText("")
            return
        a = lsw["adherence"] or {}
        p = lsw["presence"] or {}
        w = lsw["findings"]
        per_walk = "n/a" if w["per_walk"] is None else str(w["per_walk"])
        self.summary.setText(
            f"Last {lsw['window_days']} days. Adherence: "
            f"{formats.percent(a.get('adherence'), missing='n/a')} "
            f"({a.get('done', 0)} done of {a.get('due', 0)} due; {a.get('missed', 0)} missed, "
            f"{a.get('unanswered', 0)} not answered, {a.get('skipped', 0)} skipped with a "
            f"reason). Leadership presence: {formats.percent(p.get('share'), missing='n/a')} "
            f"({p.get('visited', 0)} of {p.get('units', 0)} units below visited from above). "
            f"Findings per walk (the plan): {per_walk}, {w['kaizens']} of {w['findings']} "
            "became kaizens."
        )
        self.model.set_people(lsw["people"])
        self.not_visited.clear()
        for code in lsw["not_visited"]:
            self.not_visited.addItem(f"{code}  {names.get(code, '')}")

    def first_index(self) -> QModelIndex:
        return self.model.index(0, 0)
