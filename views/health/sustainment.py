"""Sustainment items (action items and checks) as a list one can act on.

Used three times: as the health tab's drill-down (the items behind a unit's debt figure),
as the "Sustainment" dock of the selected kaizen and in the node editor of a kaizen. Adding,
changing or removing a check or an item, recording a check held or slipped and closing an
item are operations through the document, so each is undone like any other edit; the list
follows the document's ``changed`` signal rather than editing its own rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hoshin.changes import Changes
from hoshin.model.kinds import CheckResult
from hoshin.operations import (
    AddActionItem,
    AddCheck,
    Batch,
    EditActionItem,
    EditCheck,
    Operation,
    RecordCheck,
    RemoveActionItem,
    RemoveCheck,
    SetActionItemDone,
)
from hoshin.reads import sustainment as core
from hoshin.rules.lifecycle import CHECK_AFTER
from views.document import PlanDocument
from views.following import FollowsDocument, change_filter
from views.health.sustainment_dialogs import CheckDialog, ItemDialog, RecordDialog
from views.models import ITEM_ROLE, NODE_ID_ROLE, ROOT, Index

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
        self.items: list[core.SustainmentItem] = []

    def set_items(self, items: list[core.SustainmentItem]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def item(self, index: Index) -> core.SustainmentItem | None:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        return self.items[index.row()]

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = ROOT) -> int:
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
        if role == ITEM_ROLE:  # the SustainmentItem
            return item
        if role == NODE_ID_ROLE:  # the kaizen the item or check belongs to
            return item.kaizen_id
        return None


class SustainmentPanel(FollowsDocument, QWidget):
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
        self._load: Callable[[], list[core.SustainmentItem]] | None = None
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
        self.add_check_button = self._button(
            "Add check…", "Plan a sustainment check", self.add_check
        )
        self.add_item_button = self._button(
            "Add action…", "Add an action item to the kaizen", self.add_item
        )
        self.edit_button = self._button("Edit…", "Change the selected row", self.edit_selected)
        self.remove_button = self._button(
            "Remove", "Remove the selected checks and items (undoable)", self.remove_selected
        )
        self.held_button = self._button(
            "Held…", "Record that the gain held, with a note (undoable)",
            lambda: self.record_dialog(CheckResult.HELD),
        )  # fmt: skip
        self.slipped_button = self._button(
            "Slipped…", "Record that the gain slipped: the kaizen regresses (undoable)",
            lambda: self.record_dialog(CheckResult.SLIPPED),
        )  # fmt: skip
        self.close_button = self._button(
            "Close item", "Close the selected action items (undoable)",
            lambda: self.close_items(True),
        )  # fmt: skip
        self.reopen_button = self._button(
            "Reopen", "Open the selected action items again", lambda: self.close_items(False)
        )
        buttons = QGridLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for column, button in enumerate(
            (self.add_check_button, self.add_item_button, self.edit_button, self.remove_button)
        ):
            buttons.addWidget(button, 0, column)
        for column, button in enumerate(
            (self.held_button, self.slipped_button, self.close_button, self.reopen_button)
        ):
            buttons.addWidget(button, 1, column)
        #: How a dialog is shown: ``exec`` (tests replace it to fill the dialog in).
        self.run_dialog: Callable[[QDialog], int] = lambda dialog: dialog.exec()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.view.doubleClicked.connect(self._on_double_click)
        self.follow(document)

    # -- what is listed ------------------------------------------------------------------

    def plan_reset(self) -> None:
        self.clear()

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
        self._kaizen_columns(shown=True)

        def load() -> list[core.SustainmentItem]:
            return core.debt_items(plan, unit_ids, as_of)

        self._show(title, load)

    def show_kaizen(self, kaizen_id: int, as_of: dt.date | None = None) -> None:
        """List every action item and check of one kaizen."""
        plan = self.document.plan
        if plan is None:
            return self.clear()
        self.as_of = as_of or self.today()
        self._units, self._kaizens = set(), {kaizen_id}
        self._kaizen_columns(shown=False)  # one kaizen: its code and team go without saying
        day = self.as_of

        def load() -> list[core.SustainmentItem]:
            return core.kaizen_items(plan, kaizen_id, day)

        code = plan.graph.code(kaizen_id)
        self._show(f"Sustainment of {code}", load)

    def _kaizen_columns(self, *, shown: bool) -> None:
        for column in (0, 2):
            self.view.setColumnHidden(column, not shown)

    def _show(self, title: str, load: Callable[[], list[core.SustainmentItem]]) -> None:
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

    @change_filter("sustainment", "nodes", "units")
    def on_changes(self, changes: Changes) -> None:
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

    def selected(self) -> list[core.SustainmentItem]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.items[r] for r in rows if r < len(self.model.items)]

    def _button(self, text: str, tip: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.clicked.connect(lambda: slot())
        return button

    def _update_buttons(self) -> None:
        chosen = self.selected()
        actions = [i for i in chosen if i.kind == core.ACTION]
        checks = [i for i in chosen if i.kind == core.CHECK]
        self.close_button.setEnabled(any(i.state != "done" for i in actions))
        self.reopen_button.setEnabled(any(i.state == "done" for i in actions))
        self.held_button.setEnabled(bool(checks))
        self.slipped_button.setEnabled(bool(checks))
        kaizen = self.kaizen_id() is not None
        hint = "" if kaizen else " (select a row of that kaizen first)"
        self.add_check_button.setEnabled(kaizen)
        self.add_check_button.setToolTip(f"Plan a sustainment check{hint}")
        self.add_item_button.setEnabled(kaizen)
        self.add_item_button.setToolTip(f"Add an action item to the kaizen{hint}")
        self.edit_button.setEnabled(len(chosen) == 1)
        self.remove_button.setEnabled(bool(chosen))

    def select_record(self, kind: str, record_id: int) -> bool:
        """Make one check or action item the selected row (from "My work"), so that
        Held…, Slipped… or Close item is one click; False when it is not listed."""
        if self.lazy is not None:
            self.lazy.now()
        for row, item in enumerate(self.model.items):
            if item.kind == kind and item.id == record_id:
                self.view.selectRow(row)
                self.view.setFocus()
                return True
        return False

    def kaizen_id(self) -> int | None:
        """The kaizen a new check or item goes to: the one shown, else the selected row's."""
        if not self._units and len(self._kaizens) == 1:
            return next(iter(self._kaizens))
        kaizens = {i.kaizen_id for i in self.selected()}
        return kaizens.pop() if len(kaizens) == 1 else None

    # -- dialogs -------------------------------------------------------------------------

    def attempt(self, op: Operation) -> str | None:
        """Run ``op`` through the document; the core's refusal, or None when it was done."""
        refusals: list[str] = []
        done = self.document.execute(op, on_error=refusals.append) is not None
        return None if done else (refusals[-1] if refusals else f"{op.label} was refused.")

    def add_check(self) -> bool:
        """Plan a check of the kaizen, due the plan's ``check_after_days`` from today."""
        plan, kaizen = self.document.plan, self.kaizen_id()
        if plan is None or kaizen is None:
            return False
        code = plan.graph.code(kaizen)
        due = self.today() + dt.timedelta(days=int(plan.settings[CHECK_AFTER]))

        def attempt(v: dict[str, Any]) -> str | None:
            return self.attempt(AddCheck(code, v["due"], owner=v["owner"], note=v["note"]))

        return self._exec(
            CheckDialog(plan, f"Plan a check of {code}", attempt, due=due, parent=self)
        )

    def add_item(self) -> bool:
        plan, kaizen = self.document.plan, self.kaizen_id()
        if plan is None or kaizen is None:
            return False
        code = plan.graph.code(kaizen)

        def attempt(v: dict[str, Any]) -> str | None:
            return self.attempt(AddActionItem(code, v["title"], v["owner"], v["due"]))

        title = f"Add an action item to {code}"
        return self._exec(ItemDialog(plan, title, attempt, parent=self))

    def edit_selected(self) -> bool:
        """Change the selected check (due, owner, note) or action item (title, owner, due)."""
        plan, chosen = self.document.plan, self.selected()
        if plan is None or len(chosen) != 1:
            return False
        item = chosen[0]
        kind = item.kind
        now = core.find_record(plan, kind, item.id, self.as_of)
        dialog: QDialog
        if kind == core.CHECK:

            def check(v: dict[str, Any]) -> str | None:
                return self.attempt(EditCheck(item.id, v["due"], v["owner"], v["note"]))

            title = f"Change check {item.id} of {item.kaizen_code}"
            due = now.due or self.today()
            dialog = CheckDialog(
                plan, title, check, due=due, owner=now.owner_key, note=now.text, parent=self
            )
        else:

            def action(v: dict[str, Any]) -> str | None:
                return self.attempt(EditActionItem(item.id, v["title"], v["owner"], v["due"]))

            title = f"Change action item {item.id} of {item.kaizen_code}"
            dialog = ItemDialog(
                plan, title, action, text=now.text, owner=now.owner_key, due=now.due, parent=self
            )
        return self._exec(dialog)

    def remove_selected(self) -> bool:
        ops: list[Operation] = [
            RemoveCheck(i.id) if i.kind == core.CHECK else RemoveActionItem(i.id)
            for i in self.selected()
        ]
        return self._run(ops, f"Remove {len(ops)} checks and items")

    def record_dialog(self, result: CheckResult) -> bool:
        """Record the selected check held or slipped, on a day, with a note."""
        checks = [i for i in self.selected() if i.kind == core.CHECK]
        if not checks:
            return False
        if len(checks) > 1:  # several at once: today, no note
            return self.record_checks(result)
        check = checks[0]

        def attempt(v: dict[str, Any]) -> str | None:
            return self.attempt(RecordCheck(check.id, v["result"], v["on"], v["note"]))

        title = f"Record check {check.id} of {check.kaizen_code}"
        note = check.text if check.text != core.CHECK_TEXT else ""
        return self._exec(
            RecordDialog(title, attempt, result=result, on=self.today(), note=note, parent=self)
        )

    def _exec(self, dialog: QDialog) -> bool:
        try:
            return self.run_dialog(dialog) == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    def close_items(self, done: bool = True) -> bool:
        """Close (or reopen) the selected action items as one undoable edit."""
        today = self.today()
        ops: list[Operation] = [
            SetActionItemDone(i.id, done, on=today if done else None)
            for i in self.selected()
            if i.kind == core.ACTION and (i.state == "done") != done
        ]
        label = "Close" if done else "Reopen"
        return self._run(ops, f"{label} {len(ops)} action items")

    def record_checks(self, result: CheckResult, note: str | None = None) -> bool:
        """Record the selected checks as held or slipped today, as one undoable edit."""
        today = self.today()
        ops: list[Operation] = [
            RecordCheck(i.id, result, on=today, note=note)
            for i in self.selected()
            if i.kind == core.CHECK
        ]
        return self._run(ops, f"Record {len(ops)} checks as {result.value}")

    def _run(self, ops: list[Operation], label: str) -> bool:
        if not ops:
            return False
        op = ops[0] if len(ops) == 1 else Batch(label, ops)
        return self.document.execute(op) is not None

    def _on_double_click(self, index: QModelIndex) -> None:
        """In a unit's list: go to the kaizen; in a kaizen's own list: change the row."""
        item = self.model.item(index)
        if item is None:
            return
        if self._units:
            self.document.select_node(item.kaizen_id)
        else:
            self.edit_selected()
