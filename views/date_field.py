"""A date that may be empty: a check box and a date edit, as the editor and catchball use."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QWidget,
)

NONE_DATE = QDate(1900, 1, 1)


class DateField(QWidget):
    """A date that may be "none": a check box says whether there is one.

    Signals:
        edited(): the user set, changed or cleared the date.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = QCheckBox(self)
        self.check.setToolTip("Untick for no date")
        self.edit = QDateEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setMinimumDate(NONE_DATE)
        self.edit.setSpecialValueText("none")  # shown while the date is the minimum
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self.check.clicked.connect(self._on_check)
        self.edit.editingFinished.connect(self.edited)
        self.edit.calendarWidget().clicked.connect(lambda _d: self.edited.emit())

    def value(self) -> dt.date | None:
        if not self.check.isChecked() or self.edit.date() == NONE_DATE:
            return None
        return self.edit.date().toPython()  # type: ignore[no-any-return]

    def set_value(self, value: dt.date | None) -> None:
        self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        self.edit.setDate(QDate(value) if value is not None else NONE_DATE)

    def _on_check(self, checked: bool) -> None:
        self.edit.setEnabled(checked)
        if checked and self.edit.date() == NONE_DATE:
            self.edit.setDate(QDate.currentDate())
        self.edited.emit()
