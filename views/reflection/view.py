"""The Reflection tab: the year-end reflection (hansei) of the selected unit.

The executive walks the units one by one in the organisation tree; each shows its
breakthroughs, annual objectives, priorities and targets with the year's figures, the
result those suggest, and what was recorded: the result, what helped and hindered, the
lesson, and the decision for next year (carry, modify, drop, complete). Each edit is a
``Reflect`` through the document, so Edit ▸ Undo takes it back; a person whose role may
not change an objective (or a closed year) sees it read-only, and why.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hoshin.changes import Changes
from hoshin.operations.base import Operation
from hoshin.plan import Plan
from hoshin.reads.reflection import UnitReflection, read_reflection
from hoshin.reads.units import UnitTree, unit_info
from hoshin.text.wording import count
from views.document import PlanDocument
from views.following import FollowsDocument, change_filter
from views.heading import tab_heading
from views.reflection.details import ReflectionDetails
from views.reflection.model import (
    CHOICES,
    LAST_ACTUAL_COLUMN,
    PROSE,
    ReflectionModel,
    column_of,
)

LEGEND = (
    "Suggested: a target's year to date against its goal, by its direction (achieved: "
    "goal met; partly: better than the baseline; missed); an objective's, what its targets "
    "suggest together. Record your own result and the "
    "decision for next year: carry, modify (with a new title or goal), drop or complete."
)

Index = QModelIndex | QPersistentModelIndex


class ChoiceDelegate(QStyledItemDelegate):
    """A combo of the words a result or decision may be ("" clears it)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        words = CHOICES.get(index.column())
        if words is None:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        combo.addItems(list(words))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


class ReflectionView(FollowsDocument, QWidget):
    """The reflection of the selected unit for the year the plan shows.

    Args:
        document: the open plan; edits go through ``document.execute``.
        parent: the owning widget.
    """

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.shown: UnitReflection | None = None
        self.model = ReflectionModel(self._execute, self)
        self.heading = tab_heading(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        # The unit above walks its units' answers: the unit chosen and those below it.
        self.below = QCheckBox("With the units below", self)
        self.below.setObjectName("reflectionBelow")
        self.below.setToolTip("Show the reflections of the units below this one too")
        self.below.toggled.connect(lambda _on: self.refresh())
        self.table = QTableView(self)
        self.table.setObjectName("reflectionTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(ChoiceDelegate(self.table))
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Every column in view at 1600 px (the docks open): the objective takes what is
        # left, the figures and words are as wide as their longest usual value, and the
        # last actual is said in the year to date's tooltip.
        for column, width in enumerate((56, 0, 80, 0, 76, 72, 70, 72, 124, 68)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        self.table.setColumnHidden(LAST_ACTUAL_COLUMN, True)
        for field in PROSE:  # written at length in the panel under the table
            self.table.setColumnHidden(column_of(field), True)
        header.setStretchLastSection(False)
        self.details = ReflectionDetails(self.model, self)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.details.show_row(current.row())
        )
        self.table.doubleClicked.connect(self._select_node)
        self.legend = QLabel(LEGEND, self)
        self.legend.setWordWrap(True)
        self.legend.setStyleSheet("color: #4a5563;")
        self.message = QLabel(self)
        self.message.setObjectName("reflectionMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b42318;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.heading)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.below)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.legend)
        layout.addWidget(self.message)
        self.follow(document, unit=True, person=True, when_seen=True, deferred=True)

    # -- following the document ----------------------------------------------------------

    @change_filter("nodes", "measurements", "units", "roles", "years")
    def on_changes(self, changes: Changes) -> None:
        self.mark_stale()

    def refresh(self) -> None:
        plan = self.document.plan
        if plan is None or not self.unit_id:
            self.shown = None
            self.model.set_lines([])
            self.heading.setText("Reflection")
            self.summary.setText("")
            return
        units = UnitTree.of(plan).subtree(self.unit_id) if self.below.isChecked() else []
        year = read_reflection(plan, units or [self.unit_id])
        self.shown = year.unit(self.unit_id)
        lines = [line for unit in year.units for line in unit.lines]
        code = self.details.current_code()
        several = {u.unit_id: u.code for u in year.units} if len(year.units) > 1 else None
        self.model.set_lines(lines, several)
        self.table.resizeRowsToContents()
        self._reselect(code)
        name = self._unit_name(plan, self.unit_id)
        self.heading.setText(f"Reflection on {year.year}: {name}")
        if len(year.units) > 1:
            name += f" and {count(len(year.units) - 1, 'unit')} below"
            self.heading.setText(f"Reflection on {year.year}: {name}")
        if not lines:
            self.summary.setText(f"{name} has no objectives in {year.year} to reflect on.")
            return
        decided = sum(1 for line in lines if line.decision)
        said = f"{decided} of {count(len(lines), 'objective')} decided for next year."
        refused = next((line.refusal for line in lines if line.refusal), None)
        if refused is not None and all(line.refusal for line in lines):
            said += f"  Read-only: {refused}"
        elif refused is not None:
            said += "  Some rows are read-only: your role may not change them (see their tips)."
        self.summary.setText(said)

    @staticmethod
    def _unit_name(plan: Plan, unit_id: int) -> str:
        info = unit_info(plan, unit_id)
        return f"{info.code} {info.name}" if info is not None else "this unit"

    def _reselect(self, code: str | None) -> None:
        """Keep the objective selected across a read (an edit reads the unit again)."""
        row = next((r for r, line in enumerate(self.model.lines) if line.code == code), -1)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))
        self.details.show_row(row)

    # -- editing -------------------------------------------------------------------------

    def _execute(self, op: Operation) -> bool:
        self.message.setText("")
        return self.document.execute(op, on_error=self.message.setText) is not None

    def _select_node(self, index: QModelIndex) -> None:
        if index.column() <= 1 and index.isValid():
            self.document.select_node(self.model.line(index.row()).node_id)
