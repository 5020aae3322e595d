"""The Meeting dialog (from the Review tab): a unit's review meeting run on screen.

Choose or make the unit's meeting of a day (its agenda assembled by the core), record
decisions and action items (owner, due date) against the chosen agenda item, mark them done,
mark the meeting held, and write the agenda or the minutes as PDF. Every edit goes through
``document.execute`` (undoable; the dialog's own Undo reaches it while it has the focus), a
refusal is said in the dialog, and the dialog reads again after any edit of meetings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hoshin.changes import Changes
from hoshin.model.errors import HoshinError
from hoshin.operations import Applied, Operation
from hoshin.operations.meetings import (
    NewMeeting,
    RecordDecision,
    RemoveDecision,
    SetDecisionDone,
    SetMeetingHeld,
)
from hoshin.reads.countermeasures import owner_choices
from hoshin.reads.meetings import MeetingView, read_meeting, read_meetings
from views.document import PlanDocument
from views.meeting.models import AgendaModel, DecisionsModel
from views.meeting.pdf import write_meeting
from views.organisation.panels import button
from views.units import UnitTreeCache


def _table(parent: QWidget, model: AgendaModel | DecisionsModel, stretch: int) -> QTableView:
    table = QTableView(parent)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


class MeetingDialog(QDialog):
    """The review meeting of the unit chosen in the window.

    Args:
        document: the open plan.
        parent: the owning widget.
        today: the day a new meeting is made for by default.
    """

    def __init__(
        self,
        document: PlanDocument,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("meetingDialog")
        self.setWindowTitle("Review meeting")
        self.setModal(False)
        self.document = document
        self.unit_id = 0
        self.meeting: MeetingView | None = None
        self.units = UnitTreeCache(document)

        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-weight: bold; font-size: 13pt;")
        self.meetings = QComboBox(self)
        self.day = QDateEdit(self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        made = today()
        self.day.setDate(QDate(made.year, made.month, made.day))
        self.new_button = QPushButton("New meeting", self)
        self.new_button.setToolTip("Make the unit's meeting of this day, its agenda assembled")
        self.agenda = AgendaModel(self)
        self.agenda_table = _table(self, self.agenda, 2)
        self.decisions = DecisionsModel(self)
        self.decisions_table = _table(self, self.decisions, 1)
        self.text = QLineEdit(self)
        self.text.setPlaceholderText("Decision or action item (on the agenda item chosen above)")
        self.owner = QComboBox(self)
        self.due = QLineEdit(self)
        self.due.setPlaceholderText("Due YYYY-MM-DD")
        self.due.setMaximumWidth(130)
        self.decide_button = QPushButton("Record decision", self)
        self.done_button = QPushButton("Done", self)
        self.remove_button = QPushButton("Remove", self)
        self.held_button = QPushButton("Mark held", self)
        self.agenda_pdf = QPushButton("Agenda PDF…", self)
        self.minutes_pdf = QPushButton("Minutes PDF…", self)
        self.message = QLabel(self)
        self.message.setObjectName("meetingMessage")
        self.message.setWordWrap(True)
        self.undo = document.undo_stack.createUndoAction(self, "&Undo")
        self.undo.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo = document.undo_stack.createRedoAction(self, "&Redo")
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.addActions([self.undo, self.redo])
        self._lay_out()
        self._connect()
        self.resize(1000, 680)

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("Meeting", self))
        top.addWidget(self.meetings, 1)
        top.addSpacing(16)
        top.addWidget(QLabel("Day", self))
        top.addWidget(self.day)
        top.addWidget(self.new_button)
        agenda = QGroupBox("Agenda", self)
        QVBoxLayout(agenda).addWidget(self.agenda_table)
        decided = QGroupBox("Decisions and action items", self)
        column = QVBoxLayout(decided)
        column.addWidget(self.decisions_table, 1)
        form = QHBoxLayout()
        form.addWidget(self.text, 3)
        form.addWidget(self.owner, 1)
        form.addWidget(self.due)
        form.addWidget(self.decide_button)
        column.addLayout(form)
        row = QHBoxLayout()
        row.addWidget(self.done_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        column.addLayout(row)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        for widget in (self.held_button, self.agenda_pdf, self.minutes_pdf):
            bottom.addWidget(widget)
        for shown in (button(self.undo, self), button(self.redo, self)):
            shown.setMaximumWidth(260)
            bottom.addWidget(shown)
        close = QPushButton("Close", self)
        close.setAutoDefault(False)
        close.clicked.connect(self.close)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(agenda, 3)
        layout.addWidget(decided, 2)
        layout.addLayout(bottom)

    def _connect(self) -> None:
        self.meetings.currentIndexChanged.connect(lambda _i: self._show_chosen())
        self.new_button.clicked.connect(self.new_meeting)
        self.decide_button.clicked.connect(self.record_decision)
        self.text.returnPressed.connect(self.record_decision)
        self.done_button.clicked.connect(self.mark_done)
        self.remove_button.clicked.connect(self.remove_decision)
        self.held_button.clicked.connect(self.mark_held)
        self.agenda_pdf.clicked.connect(lambda: self.write_pdf(minutes=False))
        self.minutes_pdf.clicked.connect(lambda: self.write_pdf(minutes=True))
        self.document.changed.connect(self._on_changes)
        self.document.planReset.connect(lambda: self.show_unit(self.document.unit_id))

    # -- what is shown ---------------------------------------------------------------------

    def show_unit(self, unit_id: int, meeting_id: int | None = None) -> None:
        """Show the meetings of ``unit_id``: ``meeting_id``, else the latest."""
        plan = self.document.plan
        self.unit_id = unit_id
        self.meetings.blockSignals(True)
        self.meetings.clear()
        if plan is not None and unit_id:
            for line in read_meetings(plan, unit_id):
                state = "held" if line.held else "to hold"
                self.meetings.addItem(f"{line.day.isoformat()} · {line.title} ({state})", line.id)
            self.owner.clear()
            self.owner.addItem("(no owner)", "")
            for key, name in owner_choices(plan, unit_id):
                self.owner.addItem(f"{name} ({key})", key)
        if meeting_id is not None:
            self.meetings.setCurrentIndex(max(0, self.meetings.findData(meeting_id)))
        self.meetings.blockSignals(False)
        self._show_chosen()

    def _show_chosen(self) -> None:
        plan, meeting_id = self.document.plan, self.meetings.currentData()
        self.meeting = read_meeting(plan, int(meeting_id)) if plan and meeting_id else None
        chosen = self.agenda_table.currentIndex().row()
        self.agenda.set_meeting(self.meeting)
        self.decisions.set_meeting(self.meeting)
        if self.meeting is not None and 0 <= chosen < self.agenda.rowCount():
            self.agenda_table.selectRow(chosen)
        view = self.meeting
        self.heading.setText(
            view.heading + (" — held" if view.held else "")
            if view is not None
            else "No review meeting of this unit yet: choose the day and make one."
        )
        has = view is not None
        for widget in (
            self.decide_button, self.done_button, self.remove_button, self.held_button,
            self.agenda_pdf, self.minutes_pdf, self.text,
        ):  # fmt: skip
            widget.setEnabled(has)
        self.held_button.setText("Not held" if view is not None and view.held else "Mark held")

    def _on_changes(self, changes: Changes) -> None:
        if self.isVisible() and (changes.meetings or changes.people):
            self.show_unit(self.unit_id, self.meetings.currentData())

    # -- edits -----------------------------------------------------------------------------

    def execute(self, op: Operation) -> Applied | None:
        """One undoable edit; its refusal, or what it did, in the message line."""
        refused: list[str] = []
        applied = self.document.execute(op, on_error=refused.append)
        if applied is None:
            self.show_message(refused[0] if refused else f"{op.label} was refused.", error=True)
        else:
            self.show_message(f"Done: {applied.label}. Undo (Ctrl+Z) takes it back.")
        return applied

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b3261e;" if error else "color: #4a5563;")
        self.message.setText(text)

    def new_meeting(self) -> None:
        plan = self.document.plan
        if plan is None or not self.unit_id:
            return
        day = self.day.date().toPython()
        self.units.forget()  # a unit may have been renamed since
        applied = self.execute(NewMeeting(self.units.get().code(self.unit_id), day))
        if applied is not None:
            self.show_unit(self.unit_id, int(applied.result))

    def record_decision(self) -> None:
        if self.meeting is None:
            return
        item = self.agenda.item(self.agenda_table.currentIndex())
        owner = str(self.owner.currentData() or "") or None
        due = self.due.text().strip() or None
        number = item.number if item is not None else None
        op = RecordDecision(self.meeting.id, self.text.text(), number, owner, due)
        if self.execute(op) is not None:
            self.text.clear()
            self.due.clear()

    def _chosen_decision(self) -> int | None:
        d = self.decisions.decision(self.decisions_table.currentIndex())
        if d is None:
            self.show_message("Choose a decision first.", error=True)
            return None
        return d.id

    def mark_done(self) -> None:
        d = self.decisions.decision(self.decisions_table.currentIndex())
        if d is None:
            self.show_message("Choose a decision first.", error=True)
            return
        self.execute(SetDecisionDone(d.id, not d.done))

    def remove_decision(self) -> None:
        chosen = self._chosen_decision()
        if chosen is not None:
            self.execute(RemoveDecision(chosen))

    def mark_held(self) -> None:
        if self.meeting is not None:
            self.execute(SetMeetingHeld(self.meeting.id, not self.meeting.held))

    def write_pdf(self, *, minutes: bool, path: str | Path | None = None) -> Path | None:
        """Write the agenda or the minutes; ``path`` None asks where."""
        if self.meeting is None:
            return None
        if path is None:
            kind = "minutes" if minutes else "agenda"
            name = f"{kind}-{self.meeting.unit_code}-{self.meeting.day.isoformat()}.pdf"
            chosen, _ = QFileDialog.getSaveFileName(self, f"Write the {kind}", name, "PDF (*.pdf)")
            if not chosen:
                return None
            path = chosen
        try:
            write_meeting(self.meeting, Path(path), minutes)
        except (HoshinError, OSError) as exc:
            self.show_message(f"The PDF was not written: {exc}", error=True)
            return None
        self.show_message(f"Wrote {path}")
        return Path(path)
