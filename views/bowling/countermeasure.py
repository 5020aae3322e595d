"""The small dialog a red month asks with: what will be done, by whom, by when."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
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
from sqlalchemy import case, select

from hoshin import entities as e
from hoshin.operations import AddCountermeasure
from hoshin.plan import Plan

#: A countermeasure is due this many days after it is written, unless the user says else.
DEFAULT_DAYS = 14


def people_for(plan: Plan, unit_id: int) -> list[tuple[str, str]]:
    """(key, name) of the plan's people, those of ``unit_id`` first, then by name."""
    p = e.Person
    with plan.session() as s:
        rows = s.execute(
            select(p.key, p.name).order_by(case((p.unit_id == unit_id, 0), else_=1), p.name)
        ).all()
    return [(key, name) for key, name in rows]


class CountermeasureDialog(QDialog):
    """Asks for a countermeasure to one target's month.

    Args:
        code: the target's code.
        month: the month (``YYYY-MM``) it answers.
        people: (key, name) pairs to choose the owner from.
        owner: the name to choose first (the target's primary owner).
        headline: why it is asked (e.g. "March 2026 is red: 17.2 against a plan of 21").
        parent: the owning widget.
        today: the first day a due date may take.

    Signals:
        the usual ``accepted``/``rejected``; read :meth:`operation` after ``accepted``.
    """

    def __init__(
        self,
        code: str,
        month: str,
        people: list[tuple[str, str]],
        owner: str = "",
        headline: str = "",
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.code, self.month = code, month
        day = dt.date(int(month[:4]), int(month[5:]), 1)
        self.setWindowTitle(f"Countermeasure for {code}, {day:%B %Y}")
        self.headline = QLabel(headline or f"{code}, {day:%B %Y}", self)
        self.headline.setWordWrap(True)
        self.what = QLineEdit(self)
        self.what.setPlaceholderText("What will be done to get back on plan")
        self.owner = QComboBox(self)
        self.owner.addItem("Nobody yet", None)
        for key, name in people:
            self.owner.addItem(f"{name} ({key})", key)
        chosen = next((i + 1 for i, (_k, n) in enumerate(people) if n == owner), 0)
        self.owner.setCurrentIndex(chosen)
        self.due = QDateEdit(self)
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.due.setDate(QDate((today or dt.date.today()) + dt.timedelta(days=DEFAULT_DAYS)))
        self.error = QLabel(self)
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow("What", self.what)
        form.addRow("Owner", self.owner)
        form.addRow("Due", self.due)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add countermeasure")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def operation(self) -> AddCountermeasure:
        return AddCountermeasure(
            self.code,
            self.month,
            self.what.text().strip(),
            owner=self.owner.currentData(),
            due=self.due.date().toPython(),
        )

    def accept(self) -> None:
        if not self.what.text().strip():
            self.show_error("Say what will be done.")
            return
        super().accept()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
