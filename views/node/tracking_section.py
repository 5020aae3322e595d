"""A target's finer tracking in the node editor: how often it is tracked and a small table
of its daily or weekly values, each entered, changed or cleared as one undoable edit. A
month with values takes their aggregation as its actual (the bowling chart marks it †)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hoshin.changes import Changes
from hoshin.model.kinds import NodeKind, Tracking
from hoshin.operations.target_values import SetTargetValue, SetTracking
from hoshin.reads.target_values import TargetValues, read_target_values
from hoshin.rules.bowling import Status
from hoshin.text import formats
from views.date_field import DateField
from views.document import PlanDocument
from views.following import FollowsDocument, change_filter

#: Newest values first; a year of daily values scrolls within this many rows.
ROWS_SHOWN = 8
_BACKGROUND = {
    Status.GREEN: QColor("#d8efd9"),
    Status.YELLOW: QColor("#fbefc4"),
    Status.RED: QColor("#f6d2cf"),
}
_WORDS = {
    Tracking.MONTHLY.value: "Monthly (typed actuals)",
    Tracking.WEEKLY.value: "Weekly (a value per week, on its Monday)",
    Tracking.DAILY.value: "Daily (a value per day)",
}


class TrackingSection(FollowsDocument, QWidget):
    """How often a target is tracked, and its values when finer than monthly."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.node: dict[str, Any] | None = None
        self.values: TargetValues | None = None
        self._loading = False
        self.tracking = QComboBox(self)
        for tracking in Tracking:
            self.tracking.addItem(_WORDS[tracking.value], tracking.value)
        self.tracking.activated.connect(self._set_tracking)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setObjectName("editorHint")
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(["Date", "Value", "Plan"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.itemChanged.connect(self._edited)
        self.day = DateField(self)
        self.value = QLineEdit(self)
        self.value.setPlaceholderText("Value")
        self.value.returnPressed.connect(self._record)
        self.record = QPushButton("Record", self)
        self.record.clicked.connect(self._record)
        self.clear = QPushButton("Clear selected", self)
        self.clear.clicked.connect(self._clear)
        adding = QHBoxLayout()
        adding.addWidget(self.day, 1)
        adding.addWidget(self.value, 1)
        adding.addWidget(self.record)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 4, 0, 0)
        box.setSpacing(2)
        box.addWidget(QLabel("<b>Tracking</b>", self))
        box.addWidget(self.tracking)
        box.addWidget(self.hint)
        box.addWidget(self.table)
        box.addLayout(adding)
        box.addWidget(self.clear, 0, Qt.AlignmentFlag.AlignRight)
        self.follow(document)

    def plan_reset(self) -> None:
        pass  # the node editor shows the node of the new plan

    @change_filter("measurements", "nodes")
    def on_changes(self, changes: Changes) -> None:
        if self.node is not None and (
            self.node["id"] in changes.measurements or self.node["id"] in changes.nodes
        ):
            self.show_node(self.node)

    def show_node(self, node: dict[str, Any] | None) -> None:
        plan = self.document.plan
        self.node = node
        target = node is not None and node["kind"] == NodeKind.TARGET.value
        self.setVisible(target)
        if not target or plan is None or node is None:
            self.values = None
            return
        self.values = found = read_target_values(plan, int(node["id"]))
        self._loading = True
        try:
            index = self.tracking.findData(found.tracking)
            self.tracking.setCurrentIndex(max(index, 0))
            finer = found.tracking != Tracking.MONTHLY.value
            for part in (self.table, self.day, self.value, self.record, self.clear):
                part.setVisible(finer)
            self.hint.setText(self._hint(found))
            self._fill(found)
            if self.day.value() is None:
                self.day.set_value(dt.date.today())
        finally:
            self._loading = False

    def _hint(self, found: TargetValues) -> str:
        if found.tracking == Tracking.MONTHLY.value:
            return "Its monthly actuals are typed in the bowling chart."
        latest = sorted(found.months.items())[-2:]
        months = "; ".join(f"{m}: {formats.number(d.value)}, {d.note}" for m, d in latest)
        head = (
            f"A month with values takes their {found.aggregation} as its actual (the "
            "Year to date choice above); the bowling chart marks it †."
        )
        return f"{head}\n{months}" if months else head

    def _fill(self, found: TargetValues) -> None:
        rows = list(reversed(found.values))
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            day = QTableWidgetItem(row.day.isoformat())
            day.setFlags(day.flags() & ~Qt.ItemFlag.ItemIsEditable)
            day.setData(Qt.ItemDataRole.UserRole, row.day.isoformat())
            value = QTableWidgetItem(formats.editable(row.value))
            mark = f"{row.status.mark} {row.status.value}" if row.status else "no plan"
            value.setToolTip(mark)
            plan = QTableWidgetItem(formats.number(row.plan) if row.plan is not None else "–")
            plan.setFlags(plan.flags() & ~Qt.ItemFlag.ItemIsEditable)
            if row.status is not None:
                for item in (day, value, plan):
                    item.setBackground(_BACKGROUND[row.status])
            self.table.setItem(i, 0, day)
            self.table.setItem(i, 1, value)
            self.table.setItem(i, 2, plan)
        height = self.table.horizontalHeader().height() + 4
        height += sum(self.table.rowHeight(i) for i in range(min(len(rows), ROWS_SHOWN)))
        self.table.setFixedHeight(max(height, 60))

    # -- writing -------------------------------------------------------------------------

    def _set_tracking(self, _index: int) -> None:
        if self._loading or self.node is None:
            return
        wanted = self.tracking.currentData()
        if self.values is not None and wanted == self.values.tracking:
            return
        if self.document.execute(SetTracking(self.node["code"], wanted)) is None:
            self.show_node(self.node)

    def _record(self) -> None:
        if self.node is None:
            return
        day = self.day.value()
        if day is None:
            self.document.errorRaised.emit("Give the date of the value.")
            return
        op = SetTargetValue(self.node["code"], day, self.value.text())
        if self.document.execute(op) is not None:
            self.value.clear()

    def _edited(self, item: QTableWidgetItem) -> None:
        if self._loading or self.node is None or item.column() != 1:
            return
        day = self.table.item(item.row(), 0).data(Qt.ItemDataRole.UserRole)
        text = item.text().strip()
        op = SetTargetValue(self.node["code"], day, text if text else None)
        if self.document.execute(op) is None:
            self.show_node(self.node)

    def _clear(self) -> None:
        if self.node is None:
            return
        rows = {index.row() for index in self.table.selectedIndexes()}
        days = sorted(self.table.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in rows)
        for day in days:
            self.document.execute(SetTargetValue(self.node["code"], day, None))
