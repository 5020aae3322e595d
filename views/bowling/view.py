"""The Bowling chart tab: the selected unit's targets, plan against actual, month by month.

Actuals (and plans) are typed in the table or pasted from a spreadsheet with Ctrl+V; a
paste is one ``Batch`` of ``SetMeasurement``, so one undo takes it all back, and one bad
number refuses it all. A red month with no countermeasure carries a flag, and the month a
user has just made red asks for its countermeasure.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPoint, Signal
from PySide6.QtGui import QAction, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hoshin.changes import Changes
from hoshin.model.kinds import NodeKind
from hoshin.operations import SetMeasurement
from hoshin.reads.carried_figures import last_years
from hoshin.reads.countermeasures import owner_choices
from hoshin.rules.bowling import Status, read_targets
from hoshin.text.wording import count
from views.bowling.countermeasure import CountermeasureDialog
from views.bowling.model import BowlingModel
from views.bowling.table import BowlingTable
from views.document import PlanDocument
from views.following import FollowsDocument, change_filter
from views.heading import tab_heading
from views.units import UnitTreeCache

LEGEND = (
    "Each target: plan above (grey), actual below.   ✔ on or better than plan   "
    "≈ within 5 % of plan   ✖ behind plan   ◥ red with no countermeasure yet   "
    "† derived from daily or weekly values (its tooltip says how)"
)


class BowlingView(FollowsDocument, QWidget):
    """Targets of the selected unit (and, by default, the units below) × twelve months.

    Args:
        document: the open plan; edits go through ``document.execute``.
        parent: the owning widget.
        today: the default year and the countermeasures' first due day (tests fix it).

    Signals:
        countermeasureAsked(str, str): a countermeasure was asked for (code, month).
        messageChanged(str): an information line for the user (empty: none).
    """

    countermeasureAsked = Signal(str, str)
    messageChanged = Signal(str)

    def __init__(
        self,
        document: PlanDocument,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.today = today
        self.unit_ids: list[int] = []
        self.unit_tree = UnitTreeCache(document)
        self.dialog: CountermeasureDialog | None = None
        self.model = BowlingModel(document, self)
        self.model.year = today().year

        self.heading = tab_heading(self)
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(today().year)
        self.below_check = QCheckBox("Units below too", self)
        self.below_check.setChecked(True)
        self.countermeasure_button = QPushButton("Add a countermeasure…", self)
        self.countermeasure_button.setToolTip("For the selected month of a target")
        self.legend = QLabel(LEGEND, self)
        self.legend.setWordWrap(True)  # never wider than the tab
        self.legend.setStyleSheet("color: #4a5563;")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #4a5563;")

        self.table = BowlingTable(self.model, self)
        self._build_layout()

        self.table.edited.connect(self._after_block)
        self.table.nothingChanged.connect(
            lambda: self.show_message("Nothing to change: the figures are already these.")
        )
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().currentChanged.connect(lambda *_a: self._update_button())
        self.countermeasure_button.clicked.connect(self.ask_for_current)
        self.year_spin.valueChanged.connect(lambda _y: self.mark_stale())
        self.below_check.toggled.connect(lambda _on: self.mark_stale())
        self.model.measurementEdited.connect(self._after_edit)
        # Read only while the tab is in front, once per burst of edits.
        self.follow(document, unit=True, when_seen=True, deferred=True)

    def _build_layout(self) -> None:
        # The heading has a row of its own: beside the controls a long one wrapped into a
        # second line the row had no height for, and was cut ("…and the units below").
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self.below_check)
        bar.addSpacing(8)
        bar.addWidget(QLabel("Year", self))
        bar.addWidget(self.year_spin)
        bar.addSpacing(8)
        bar.addWidget(self.countermeasure_button)
        foot = QHBoxLayout()
        foot.addWidget(self.legend, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.heading)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(foot)
        layout.addWidget(self.message)

    # -- following the document ----------------------------------------------------------

    def plan_reset(self) -> None:
        self.unit_tree.forget()
        self.mark_stale()

    def set_unit(self, unit_id: int) -> None:
        if unit_id != self.unit_id:
            self.show_message("")  # the last unit's count is not this one's
        super().set_unit(unit_id)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.message.text() and not self.lazy.stale:
            self.messageChanged.emit(self.message.text())

    def hideEvent(self, event: QHideEvent) -> None:
        # The window's status bar repeats the message: not over another tab.
        super().hideEvent(event)
        self.messageChanged.emit("")

    def refresh(self) -> None:
        """Read the unit's targets and their year of figures (four bulk queries)."""
        self.lazy.stale = False
        plan = self.document.plan
        year = self.year_spin.value()
        if plan is None or not self.unit_id:
            self.unit_ids = []
            self.model.set_targets(year, [])
            self.heading.setText("No plan open" if plan is None else "")
            return
        units = self.unit_tree.get()
        if self.unit_id not in units.units:
            self.unit_id = self.document.unit_id
        info = units.units[self.unit_id]
        below = self.below_check.isChecked()
        self.unit_ids = units.subtree(self.unit_id) if below else [self.unit_id]
        targets = read_targets(plan, year, self.unit_ids)
        scope = "and the units below" if below else "only"
        self.heading.setText(f"Bowling chart {year}: {info.name} ({info.code}) {scope}")
        self.model.set_targets(year, targets, last_years(plan, [t.id for t in targets]))
        self._show_counts()
        self._update_button()

    def _show_counts(self) -> None:
        """How many targets, and red months still without a countermeasure."""
        targets = self.model.targets
        red = sum(len(t.red_without_countermeasure(self.model.months)) for t in targets)
        have = "has" if red == 1 else "have"
        self.show_message(
            f"{count(len(targets), 'target')}; {count(red, 'red month')} {have} no "
            "countermeasure yet (◥)."
            if red
            else f"{count(len(targets), 'target')}; every red month has a countermeasure."
        )

    @change_filter("units", "nodes", "measurements", "owners")
    def on_changes(self, changes: Changes) -> None:
        if changes.units:
            self.unit_tree.forget()
            self.mark_stale()
            return
        shown = self.model.target_ids()
        plan = self.document.plan
        if plan is None:
            return
        graph = plan.graph
        scope = set(self.unit_ids)
        for node_id in changes.nodes:
            known = graph.has_node(node_id)
            node = graph.node(node_id) if known else None
            if node_id in shown or (
                node is not None and node.kind is NodeKind.TARGET and node.unit_id in scope
            ):
                self.mark_stale()  # a target came, went or was renamed: read the list again
                return
        touched = (changes.measurements | changes.owners) & shown
        if touched and not self.lazy.stale:
            self._refresh_targets(touched)

    def _refresh_targets(self, ids: set[int]) -> None:
        plan = self.document.plan
        assert plan is not None
        by_unit: dict[int, set[int]] = defaultdict(set)
        for t in self.model.targets:
            if t.id in ids:
                by_unit[t.unit_id].add(t.id)
        fresh = read_targets(plan, self.model.year, list(by_unit))
        self.model.replace_targets([t for t in fresh if t.id in ids])
        # A figure or countermeasure changes the count of red months the message gives.
        self._show_counts()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.messageChanged.emit(text)

    # -- editing -------------------------------------------------------------------------

    def paste(self, text: str | None = None) -> bool:
        """Paste tab-separated figures at the selection (the clipboard's when no text)."""
        return self.table.paste(text)

    def copy(self) -> str:
        return self.table.copy()

    def clear_selected(self) -> bool:
        return self.table.clear_selected()

    def select_cell(self, code: str, month: str, kind: str = "actual") -> QModelIndex:
        """Make one month of a target the current cell (for the keyboard and tests)."""
        return self.table.select_cell(code, month, kind)

    def _after_block(self, ops: list[SetMeasurement]) -> None:
        """After a paste: one month made red asks for its countermeasure; several are told."""
        red = [
            (o.code, o.month)
            for o in ops
            if isinstance(o.actual, float | int) and self._needs(o.code, o.month)
        ]
        if len(red) == 1:
            self.ask_countermeasure(*red[0])
        elif red:
            self.show_message(
                f"{count(len(red), 'pasted month')} are red with no countermeasure (◥): "
                "right-click one to add its countermeasure."
            )

    def _needs(self, code: str, month: str) -> bool:
        try:
            row = self.model.row_of(code, "actual")
        except KeyError:
            return False
        return self.model.needs_countermeasure(row, self.model.month_column(month))

    def _after_edit(self, code: str, month: str, field: str) -> None:
        if field == "actual" and self._needs(code, month):
            self.ask_countermeasure(code, month)

    # -- countermeasures -----------------------------------------------------------------

    def _update_button(self) -> None:
        current = self.table.currentIndex()
        cell = self.model.cell(current.row(), current.column()) if current.isValid() else None
        target = self.model.target(current.row()) if cell else None
        judged = target is not None and cell is not None and target.status(cell.month)
        self.countermeasure_button.setEnabled(bool(judged) and judged is not Status.GREEN)

    def ask_for_current(self) -> CountermeasureDialog | None:
        current = self.table.currentIndex()
        cell = self.model.cell(current.row(), current.column())
        if cell is None:
            return None
        return self.ask_countermeasure(cell.code, cell.month)

    def ask_countermeasure(self, code: str, month: str) -> CountermeasureDialog | None:
        """Open the countermeasure dialog for one month of a target (not modal)."""
        plan = self.document.plan
        if plan is None:
            return None
        row = self.model.row_of(code, "actual")
        target = self.model.targets[row // 2]
        plan_value, actual = target.plan.get(month), target.actual.get(month)
        day = dt.date(int(month[:4]), int(month[5:]), 1)
        status = target.status(month)
        headline = (
            f"{code} {target.title}: {day:%B %Y} is {status.value if status else 'open'} "
            f"({actual:g} against a plan of {plan_value:g}). What will be done about it?"
            if actual is not None and plan_value is not None
            else f"{code} {target.title}, {day:%B %Y}."
        )
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        self.dialog = CountermeasureDialog(
            code,
            month,
            owner_choices(plan, target.unit_id),
            owner=target.owner,
            headline=headline,
            parent=self,
            today=self.today(),
            document=self.document,
        )
        dialog = self.dialog
        dialog.open()
        self.countermeasureAsked.emit(code, month)
        return dialog

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        menu = QMenu(self)
        add = QAction("Add a countermeasure…", menu)
        cell = self.model.cell(index.row(), index.column()) if index.isValid() else None
        add.setEnabled(cell is not None)
        if cell is not None:
            add.triggered.connect(lambda: self.ask_countermeasure(cell.code, cell.month))
        menu.addAction(add)
        menu.addSeparator()
        for text, slot in (
            ("Copy", self.copy),
            ("Paste", self.paste),
            ("Clear", self.clear_selected),
        ):
            action = QAction(text, menu)
            action.triggered.connect(lambda _c=False, s=slot: s())
            menu.addAction(action)
        menu.popup(self.table.viewport().mapToGlobal(pos))
