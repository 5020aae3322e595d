"""The small dialog a red month asks with: what will be done, by whom, by when.

It also lists the month's countermeasures already written, to edit, close, reopen or
remove them; each is an undoable edit of the document.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hoshin.operations import (
    AddCountermeasure,
    Operation,
    RemoveCountermeasure,
    SetCountermeasureDone,
    UpdateCountermeasure,
)
from hoshin.reads.countermeasures import CountermeasureRow, of_month
from views.document import PlanDocument
from views.following import FollowsDocument

#: A countermeasure is due this many days after it is written, unless the user says else.
DEFAULT_DAYS = 14


class CountermeasureDialog(FollowsDocument, QDialog):
    """Asks for a countermeasure to one target's month.

    Args:
        code: the target's code.
        month: the month (``YYYY-MM``) it answers.
        people: (key, name) pairs to choose the owner from.
        owner: the name to choose first (the target's primary owner).
        headline: why it is asked (e.g. "March 2026 is red: 17.2 against a plan of 21").
        parent: the owning widget.
        today: the first day a due date may take.
        document: the open plan; given, the dialog lists the month's countermeasures and
            runs its edits itself (a refusal is shown in the dialog, which stays open).

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
        document: PlanDocument | None = None,
    ) -> None:
        super().__init__(parent)
        self.code, self.month = code, month
        self.document = document
        self.editing: int | None = None  # the countermeasure the fields edit; None: a new one
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
        self.default_due = (today or dt.date.today()) + dt.timedelta(days=DEFAULT_DAYS)
        self.due.setDate(QDate(self.default_due))
        self.no_due = QCheckBox("No due date", self)
        self.no_due.toggled.connect(lambda on: self.due.setEnabled(not on))
        self.written = QListWidget(self)
        self.written.setObjectName("countermeasureList")
        self.written.setWordWrap(True)
        self.written.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.written.setMaximumHeight(self.fontMetrics().lineSpacing() * 6 + 8)  # a few rows
        self.written.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.written.itemDoubleClicked.connect(lambda _i: self.edit_selected())
        self.edit_button = QPushButton("Edit", self)
        self.edit_button.clicked.connect(self.edit_selected)
        self.done_button = QPushButton("Mark done", self)
        self.done_button.clicked.connect(self.toggle_done)
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.new_button = QPushButton("New", self)
        self.new_button.clicked.connect(self.start_new)
        self.error = QLabel(self)
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow("What", self.what)
        form.addRow("Owner", self.owner)
        due = QHBoxLayout()
        due.addWidget(self.due, 1)
        due.addWidget(self.no_due)
        form.addRow("Due", due)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Add countermeasure")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        self.written_label = QLabel("Written for this month:", self)
        actions = QHBoxLayout()
        for button in (self.edit_button, self.done_button, self.remove_button, self.new_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addWidget(self.written_label)
        layout.addWidget(self.written)
        layout.addLayout(actions)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.rows: list[CountermeasureRow] = []
        if document is not None:
            self.follow(document)  # any edit (an undo elsewhere): read the month again
        else:
            self.refresh()

    # -- the month's countermeasures -----------------------------------------------------

    def refresh(self) -> None:
        """Read the month's countermeasures again (after an edit, or an undo elsewhere)."""
        plan = self.document.plan if self.document is not None else None
        self.rows = []
        if plan is not None and self.code in plan.graph:
            self.rows = of_month(plan, plan.graph.id_of(self.code), self.month)
        chosen = self.selected()
        self.written.clear()
        for row in self.rows:
            mark = "✔" if row.done else "○"
            owner = row.owner or "no owner"
            due = f", due {row.due.isoformat()}" if row.due else ""
            done = f", done {row.done_on.isoformat()}" if row.done_on else ""
            text = f"{mark} {row.what} ({owner}{due}{done})"
            item = QListWidgetItem(text, self.written)
            item.setToolTip(text)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            if chosen is not None and row.id == chosen.id:
                self.written.setCurrentItem(item)
        for widget in (self.written_label, self.written, self.edit_button, self.done_button,
                       self.remove_button, self.new_button):  # fmt: skip
            widget.setVisible(bool(self.rows))
        if self.editing is not None and all(r.id != self.editing for r in self.rows):
            self.start_new()  # the one being edited was removed (or undone)
        self._update_buttons()

    def selected(self) -> CountermeasureRow | None:
        item = self.written.currentItem()
        wanted = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return next((r for r in self.rows if r.id == wanted), None)

    def select(self, countermeasure_id: int) -> None:
        for i in range(self.written.count()):
            if self.written.item(i).data(Qt.ItemDataRole.UserRole) == countermeasure_id:
                self.written.setCurrentRow(i)

    def _update_buttons(self) -> None:
        row = self.selected()
        for button in (self.edit_button, self.done_button, self.remove_button):
            button.setEnabled(row is not None)
        self.done_button.setText("Reopen" if row is not None and row.done else "Mark done")

    def edit_selected(self) -> None:
        """Load the selected countermeasure into the fields; OK saves the changes."""
        row = self.selected()
        if row is None:
            return
        self.editing = row.id
        self.what.setText(row.what)
        index = self.owner.findData(row.owner_key) if row.owner_key else 0
        self.owner.setCurrentIndex(max(index, 0))
        self.no_due.setChecked(row.due is None)
        self.due.setDate(QDate(row.due or self.default_due))
        self.ok_button.setText("Save changes")
        self.what.setFocus()

    def start_new(self) -> None:
        self.editing = None
        self.what.clear()
        self.no_due.setChecked(False)
        self.due.setDate(QDate(self.default_due))
        self.ok_button.setText("Add countermeasure")

    def toggle_done(self) -> None:
        row = self.selected()
        if row is not None:
            self._run(SetCountermeasureDone(row.id, not row.done))

    def remove_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self._run(RemoveCountermeasure(row.id))  # the fields let go of it on refresh

    def _run(self, op: Operation) -> bool:
        """Run ``op`` through the document's undo stack; a refusal is shown here."""
        if self.document is None:
            return False
        refused: list[str] = []
        applied = self.document.execute(op, on_error=refused.append)
        if applied is None:
            self.show_error(refused[0] if refused else "The edit was refused.")
            return False
        self.error.hide()
        self.refresh()
        return True

    # -- the fields ------------------------------------------------------------------------

    def operation(self) -> AddCountermeasure | UpdateCountermeasure:
        due = None if self.no_due.isChecked() else self.due.date().toPython()
        what, owner = self.what.text().strip(), self.owner.currentData()
        if self.editing is not None:
            return UpdateCountermeasure(self.editing, what=what, owner=owner, due=due)
        return AddCountermeasure(self.code, self.month, what, owner=owner, due=due)

    def accept(self) -> None:
        if not self.what.text().strip():
            self.show_error("Say what will be done.")
            return
        if self.document is not None and not self._run(self.operation()):
            return  # refused: the reason is shown, the dialog stays
        super().accept()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
