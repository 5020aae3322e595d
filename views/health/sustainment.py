"""Sustainment items (action items and checks) as a list one can act on.

Used twice: as the health tab's drill-down (the items behind a unit's debt figure) and as
the "Sustainment" panel of the selected kaizen. Closing an item or recording a check is an
operation through the document, so it is undone like any other edit; the list follows the
document's ``changed`` signal rather than editing its own rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hoshin.changes import Changes
from hoshin.kinds import CheckResult
from hoshin.operations import Batch, Operation, RecordCheck, SetActionItemDone
from views.document import PlanDocument
from views.health import queries as q

#: The :class:`~views.health.queries.SustainmentItem` of a row.
ItemRole = Qt.ItemDataRole.UserRole + 1
#: The kaizen's node id (int) of a row.
KaizenIdRole = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex

#: What each state reads as: a mark and a word, so it does not rest on colour.
STATE_TEXT = {
    "slipped": "✖ slipped",
    "overdue": "⚠ overdue",
    "open": "○ open",
    "planned": "· planned",
    "held": "✔ held",
    "done": "✔ done",
    "recovered": "✔ held later",
    "dropped": "– dropped",
}
_STATE_BG = {"slipped": "#f6d2cf", "overdue": "#fbefc4", "open": "#e4ecf8"}


class SustainmentModel(QAbstractTableModel):
    """Rows of sustainment items; read-only (edits go through the panel's buttons)."""

    HEADERS = ("Kaizen", "Item", "Team", "Due", "State")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[q.SustainmentItem] = []

    def set_items(self, items: list[q.SustainmentItem]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def item(self, index: Index) -> q.SustainmentItem | None:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        return self.items[index.row()]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item(index)
        if item is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                item.kaizen_code,
                f"{item.text} ({item.owner})" if item.owner else item.text,
                item.unit_code,
                item.due.isoformat() if item.due else "",
                STATE_TEXT.get(item.state, item.state),
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            done = f"; recorded {item.on.isoformat()}" if item.on else ""
            owner = f"\nOwner: {item.owner}" if item.owner else ""
            return (
                f"{item.kaizen_code} {item.kaizen_title} ({item.unit_code})\n"
                f"{item.kind.capitalize()}: {item.text}{owner}{done}"
            )
        if role == Qt.ItemDataRole.BackgroundRole and column == 4 and item.state in _STATE_BG:
            return QColor(_STATE_BG[item.state])
        if role == ItemRole:
            return item
        if role == KaizenIdRole:
            return item.kaizen_id
        return None


class SustainmentPanel(QWidget):
    """A list of sustainment items with buttons to close items and record checks.

    Args:
        document: the open plan; edits go through ``document.execute``.
        parent: the owning widget.
        today: the date recorded with a closed item or a check (tests fix it).

    Signals:
        none of its own; ``document.changed`` refreshes it.
    """

    EMPTY = "Nothing to show."

    def __init__(
        self,
        document: PlanDocument,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.today = today
        self.as_of = today()
        self._load: Callable[[], list[q.SustainmentItem]] | None = None
        self._title = ""
        self._kaizens: set[int] = set()  # the kaizens whose edits concern this list
        self._units: set[int] = set()
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.model = SustainmentModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 66), (2, 64), (3, 84), (4, 96)):
            self.view.setColumnWidth(column, width)
        self.close_button = QPushButton("Close item", self)
        self.reopen_button = QPushButton("Reopen", self)
        self.held_button = QPushButton("Check held", self)
        self.slipped_button = QPushButton("Check slipped", self)
        self.close_button.setToolTip("Close the selected action items (undoable)")
        self.held_button.setToolTip("Record that the gain held, as of today (undoable)")
        self.slipped_button.setToolTip("Record that the gain slipped: the kaizen regresses")
        self.close_button.clicked.connect(lambda: self.close_items(True))
        self.reopen_button.clicked.connect(lambda: self.close_items(False))
        self.held_button.clicked.connect(lambda: self.record_checks(CheckResult.HELD))
        self.slipped_button.clicked.connect(lambda: self.record_checks(CheckResult.SLIPPED))
        buttons = QHBoxLayout()
        for button in (self.close_button, self.reopen_button, self.held_button):
            buttons.addWidget(button)
        buttons.addWidget(self.slipped_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.view.doubleClicked.connect(self._select_kaizen)
        document.changed.connect(self._on_changed)
        document.planReset.connect(self.clear)
        self.clear()

    # -- what is listed ------------------------------------------------------------------

    def clear(self, text: str = EMPTY) -> None:
        self._load = None
        self._kaizens, self._units = set(), set()
        self.title.setText(text)
        self.model.set_items([])
        self._update_buttons()

    def show_debt(self, title: str, unit_ids: list[int], as_of: dt.date) -> None:
        """List the items counted in the debt of ``unit_ids`` as of a day."""
        plan = self.document.plan
        if plan is None:
            return self.clear()
        self.as_of = as_of
        self._units, self._kaizens = set(unit_ids), set()

        def load() -> list[q.SustainmentItem]:
            with plan.session() as s:
                return q.debt_items(s, unit_ids, as_of)

        self._show(title, load)

    def show_kaizen(self, kaizen_id: int, as_of: dt.date | None = None) -> None:
        """List every action item and check of one kaizen."""
        plan = self.document.plan
        if plan is None:
            return self.clear()
        self.as_of = as_of or self.today()
        self._units, self._kaizens = set(), {kaizen_id}
        day = self.as_of

        def load() -> list[q.SustainmentItem]:
            with plan.session() as s:
                return q.kaizen_items(s, kaizen_id, day)

        code = plan.graph.code(kaizen_id)
        self._show(f"Sustainment of {code}", load)

    def _show(self, title: str, load: Callable[[], list[q.SustainmentItem]]) -> None:
        self._load = load
        self._title = title
        self.reload()

    def reload(self) -> None:
        if self._load is None:
            return
        items = self._load()
        debt = sum(1 for i in items if i.in_debt)
        if self._units:  # a unit's list: the kaizens listed now are the ones to follow
            self._kaizens = {i.kaizen_id for i in items}
        summary = f"{debt} in debt" if items else "nothing open"
        self.title.setText(f"{self._title}: {summary}")
        self.model.set_items(items)
        self._update_buttons()

    def _on_changed(self, changes: Changes) -> None:
        if self._load is None:
            return
        touched = changes.sustainment | changes.nodes
        if touched & self._kaizens or changes.units:
            self.reload()
        elif self._units and touched:
            plan = self.document.plan
            graph = plan.graph if plan is not None else None
            if graph is None or any(
                not graph.has_node(n) or graph.node(n).unit_id in self._units for n in touched
            ):
                self.reload()

    # -- acting on it --------------------------------------------------------------------

    def selected(self) -> list[q.SustainmentItem]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.items[r] for r in rows if r < len(self.model.items)]

    def _update_buttons(self) -> None:
        chosen = self.selected()
        actions = [i for i in chosen if i.kind == q.ACTION]
        checks = [i for i in chosen if i.kind == q.CHECK]
        self.close_button.setEnabled(any(i.state != "done" for i in actions))
        self.reopen_button.setEnabled(any(i.state == "done" for i in actions))
        self.held_button.setEnabled(bool(checks))
        self.slipped_button.setEnabled(bool(checks))

    def close_items(self, done: bool = True) -> bool:
        """Close (or reopen) the selected action items as one undoable edit."""
        today = self.today()
        ops: list[Operation] = [
            SetActionItemDone(i.id, done, on=today if done else None)
            for i in self.selected()
            if i.kind == q.ACTION and (i.state == "done") != done
        ]
        label = "Close" if done else "Reopen"
        return self._run(ops, f"{label} {len(ops)} action items")

    def record_checks(self, result: CheckResult) -> bool:
        """Record the selected checks as held or slipped, as one undoable edit."""
        today = self.today()
        ops: list[Operation] = [
            RecordCheck(i.id, result, on=today) for i in self.selected() if i.kind == q.CHECK
        ]
        return self._run(ops, f"Record {len(ops)} checks as {result.value}")

    def _run(self, ops: list[Operation], label: str) -> bool:
        if not ops:
            return False
        op = ops[0] if len(ops) == 1 else Batch(label, ops)
        return self.document.execute(op) is not None

    def _select_kaizen(self, index: QModelIndex) -> None:
        item = self.model.item(index)
        if item is not None:
            self.document.select_node(item.kaizen_id)
