"""The "Send to catchball…" dialog: throw a priority or target to a unit directly below its own.

The dialog runs one ``Throw`` as the current person through the document (undoable). Who
may throw what is checked before the dialog opens (:func:`why_cannot_throw`), so a menu can
grey the action out and say why instead of opening a dialog that can only fail.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from hoshin.catchball.operations import Throw
from hoshin.model.kinds import NodeKind
from hoshin.reads.catchball import throw_choices, throw_scope
from hoshin.text.wording import a
from views.catchball.context import CatchballContext
from views.document import PlanDocument

ACTION_TEXT = "Send to &catchball…"
THROWABLE = (NodeKind.PRIORITY, NodeKind.TARGET)


def why_cannot_throw(document: PlanDocument, node_id: int) -> str | None:
    """None when the current person may throw ``node_id`` now; else a sentence why not."""
    plan = document.plan
    if plan is None or not node_id or not plan.graph.has_node(node_id):
        return "Select a priority or a target first."
    node = plan.graph.node(node_id)
    if node.kind not in THROWABLE:
        return f"Catchball is about priorities and targets; {node.code} is {a(node.kind.value)}."
    me = CatchballContext.of(document).me()
    if me is None:
        return "Choose who you are in this plan first (Edit ▸ Settings…)."
    scope = throw_scope(plan, node.unit_id)
    unit = scope.unit_name
    if me.unit_id != node.unit_id:
        return f"Only people of {unit} throw {node.code}; you are in {me.unit_name}."
    if not scope.has_units_below:
        return f"{unit} has no unit below it to throw {node.code} to."
    return None


def add_send_action(
    menu: QMenu, document: PlanDocument, node_id: int, parent: QWidget | None = None
) -> None:
    """Add "Send to catchball…" for ``node_id`` to a context menu; greyed with a reason."""
    reason = why_cannot_throw(document, node_id)
    action = menu.addAction(ACTION_TEXT.replace("&", ""))
    action.setEnabled(reason is None)
    action.setToolTip(reason or "Negotiate it with a unit below (catchball)")
    menu.setToolTipsVisible(True)
    action.triggered.connect(lambda _checked=False: send_to_catchball(document, node_id, parent))


def send_to_catchball(
    document: PlanDocument, node_id: int, parent: QWidget | None = None
) -> int | None:
    """Ask for the unit, value and message and throw; the new thread's id, or None."""
    dialog = ThrowDialog(document, node_id, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.thread_id is None:
        return None
    return dialog.thread_id


class ThrowDialog(QDialog):
    """Choose a child unit, a value and a message; Throw runs the operation.

    Units that are negotiating the node already are listed but cannot be chosen; the
    tooltip says in what state their thread is.

    Signals:
        none of its own; ``thread_id`` holds the new thread once accepted.
    """

    def __init__(self, document: PlanDocument, node_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.node_id = node_id
        self.thread_id: int | None = None
        plan = document.plan
        assert plan is not None
        node = plan.graph.node(node_id)
        self.code = node.code
        self.is_target = node.kind is NodeKind.TARGET
        self.me = CatchballContext.of(document).me()
        self.setWindowTitle(f"Send {node.code} to catchball")
        self.setMinimumWidth(460)

        choices = throw_choices(plan, node_id, node.unit_id)
        title, goal, uom = choices.title, choices.goal, choices.unit_of_measure
        units, busy = choices.units, choices.busy
        heading = QLabel(f"<b>{node.code}</b> {title}", self)
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.RichText)
        who = QLabel("—" if self.me is None else f"{self.me.name} ({self.me.unit_name})", self)
        self.units = QStandardItemModel(self)
        for unit_id, code, name in units:
            item = QStandardItem(f"{name} ({code})")
            item.setData(code, Qt.ItemDataRole.UserRole)
            if unit_id in busy:
                item.setText(f"{name} ({code}) — in catchball already")
                item.setEnabled(False)
                item.setToolTip(f"{node.code} is {busy[unit_id]} with {name}; answer there.")
            self.units.appendRow(item)
        self.unit = QComboBox(self)
        self.unit.setModel(self.units)
        first = next((r for r in range(self.units.rowCount()) if self.units.item(r).isEnabled()), 0)
        self.unit.setCurrentIndex(first)
        self.value = QLineEdit(self)
        self.value.setText("" if goal is None else f"{goal:g}")
        self.value.setPlaceholderText("the value asked of the unit below")
        self.message = QPlainTextEdit(self)
        self.message.setPlaceholderText("Why this target, what it is for…")
        self.message.setTabChangesFocus(True)
        self.message.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.draft = QCheckBox("Keep as a draft; send it later from the panel", self)
        self.error = QLabel(self)
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Throw")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("From:", who)
        form.addRow("To:", self.unit)
        if self.is_target:
            unit_label = f"Value ({uom}):" if uom else "Value:"
            form.addRow(unit_label, self.value)
        else:
            self.value.hide()
        form.addRow("Message:", self.message)
        form.addRow("", self.draft)
        box = QVBoxLayout(self)
        box.addWidget(heading)
        box.addLayout(form)
        box.addWidget(self.error)
        box.addWidget(self.buttons)
        reason = why_cannot_throw(document, node_id)
        if reason is None and not any(
            self.units.item(r).isEnabled() for r in range(self.units.rowCount())
        ):
            reason = f"Every unit below is negotiating {node.code} already."
        if reason is not None:
            self._show_error(reason)
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)

    def chosen_unit(self) -> str | None:
        return self.unit.currentData(Qt.ItemDataRole.UserRole) or None

    def set_unit(self, code: str) -> None:
        index = self.unit.findData(code, Qt.ItemDataRole.UserRole)
        if index >= 0:
            self.unit.setCurrentIndex(index)

    def accept(self) -> None:
        """Throw; on refusal stay open and say why under the fields."""
        unit = self.chosen_unit()
        if self.me is None or unit is None:
            self._show_error("Choose who you are and a unit below first.")
            return
        op = Throw(
            self.code,
            unit,
            self.me.key,
            value=self.value.text() if self.is_target else None,
            text=self.message.toPlainText(),
            draft=self.draft.isChecked(),
        )
        refused: list[str] = []  # shown under the fields; the dialog stays open
        applied = self.document.execute(op, on_error=refused.append)
        if applied is None:
            self._show_error(refused[0] if refused else "The throw was refused.")
            return
        self.thread_id = int(applied.result)
        CatchballContext.of(self.document).show_thread(self.thread_id)
        super().accept()

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()


__all__ = ["ACTION_TEXT", "ThrowDialog", "add_send_action", "send_to_catchball"]
