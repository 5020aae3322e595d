"""Dialogs that add or change a sustainment check or an action item, or record a check.

Each dialog opens with sensible defaults (a check due in the plan's ``check_after_days``,
a record dated today) and hands its values to ``attempt``, which runs the edit through the
document and returns the core's refusal, or None. A refused edit keeps the dialog open with
the reason shown in it: nothing was written, the person corrects the value and tries again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hoshin.model.kinds import CheckResult
from hoshin.plan import Plan
from hoshin.reads.sustainment import owner_choices
from views.date_field import DateField

#: Runs the edit with the dialog's values; returns why it was refused, or None.
Attempt = Callable[[dict[str, Any]], str | None]
NOBODY = "(nobody)"


def people(plan: Plan) -> list[tuple[str, str]]:
    """(label, key) of every person, by name: the owner choices."""
    return [(f"{o.name} ({o.unit_code})", o.key) for o in owner_choices(plan)]


class _Dialog(QDialog):
    def __init__(self, title: str, attempt: Attempt, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(400)  # room for a note and for the reason of a refusal
        self.attempt = attempt
        self.form = QFormLayout()
        self.error = QLabel(self)
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def accept(self) -> None:
        refusal = self.attempt(self.values())
        if refusal:
            self.error.setText(refusal)
            self.error.show()
            return
        super().accept()

    def _owner_combo(self, plan: Plan, key: str | None) -> QComboBox:
        combo = QComboBox(self)
        combo.setEditable(True)  # type a name among thousands of people
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItem(NOBODY, "")
        for label, person in people(plan):
            combo.addItem(label, person)
        index = combo.findData(key or "")
        combo.setCurrentIndex(max(index, 0))
        return combo


def _owner_of(combo: QComboBox) -> str:
    """The key chosen, or what was typed (a name the core looks up), or "" for nobody."""
    index = combo.findText(combo.currentText())
    if index >= 0:
        return str(combo.itemData(index) or "")
    text = combo.currentText().strip()
    return "" if text == NOBODY else text


def _date_edit(parent: QWidget, value: dt.date) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(QDate(value))
    return edit


class CheckDialog(_Dialog):
    """A check's due date, owner and note (new or changed)."""

    def __init__(
        self,
        plan: Plan,
        title: str,
        attempt: Attempt,
        *,
        due: dt.date,
        owner: str | None = None,
        note: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, attempt, parent)
        self.due = _date_edit(self, due)
        self.owner = self._owner_combo(plan, owner)
        self.note = QLineEdit(note, self)
        self.note.setPlaceholderText("What to look at, e.g. changeover time at the press")
        self.form.addRow("Due", self.due)
        self.form.addRow("Owner", self.owner)
        self.form.addRow("Note", self.note)

    def values(self) -> dict[str, Any]:
        due: dt.date = self.due.date().toPython()  # type: ignore[assignment]
        return {"due": due, "owner": _owner_of(self.owner), "note": self.note.text()}


class ItemDialog(_Dialog):
    """An action item's title, owner and due date (new or changed)."""

    def __init__(
        self,
        plan: Plan,
        title: str,
        attempt: Attempt,
        *,
        text: str = "",
        owner: str | None = None,
        due: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, attempt, parent)
        self.text = QLineEdit(text, self)
        self.text.setPlaceholderText("e.g. Train the second shift")
        self.owner = self._owner_combo(plan, owner)
        self.due = DateField(self)
        self.due.set_value(due)
        self.form.addRow("Action", self.text)
        self.form.addRow("Owner", self.owner)
        self.form.addRow("Due", self.due)

    def values(self) -> dict[str, Any]:
        return {"title": self.text.text(), "owner": _owner_of(self.owner), "due": self.due.value()}


class RecordDialog(_Dialog):
    """Record a check held or slipped: on a day (default today), with what was seen."""

    def __init__(
        self,
        title: str,
        attempt: Attempt,
        *,
        result: CheckResult,
        on: dt.date,
        note: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, attempt, parent)
        self.outcome = QComboBox(self)
        self.outcome.addItem("✔ Held: the gain is still there", CheckResult.HELD.value)
        self.outcome.addItem("✖ Slipped: the kaizen regresses", CheckResult.SLIPPED.value)
        self.outcome.setCurrentIndex(self.outcome.findData(result.value))
        self.on = _date_edit(self, on)
        self.note = QLineEdit(note, self)
        self.note.setPlaceholderText("What was seen, e.g. cycle time still 18 min")
        self.form.addRow("Result", self.outcome)
        self.form.addRow("Checked on", self.on)
        self.form.addRow("Note", self.note)

    def values(self) -> dict[str, Any]:
        on: dt.date = self.on.date().toPython()  # type: ignore[assignment]
        return {"result": self.outcome.currentData(), "on": on, "note": self.note.text()}
