"""The "My standard work" tab: the current person's routines, overdue first, then today and
the rest of the week, and the last two weeks' answers.

One click records the selected occurrence done or missed (a skip takes the reason typed
beside it), with the note typed; a finding of a done walk is written under it and turned,
in one click, into a kaizen of the visited team (its origin chosen) or an action item. Every
click is one edit through the document: Edit ▸ Undo (or the Undo button) takes it back, and
a refusal (not due that day, no reason for a skip, someone else's routine) shows in the
line under the buttons.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hoshin.changes import Changes
from hoshin.model.errors import HoshinError
from hoshin.operations import (
    AddFinding,
    AnswerOccurrence,
    ChangeAnswer,
    ClearAnswer,
    FindingToAction,
    FindingToKaizen,
    Operation,
)
from hoshin.operations.problems import FindingToProblem
from hoshin.reads.standard_work import FindingRow, Occurrence, PersonWork, person_work
from hoshin.text.wording import count
from views.document import PlanDocument
from views.following import FollowsDocument, change_filter
from views.heading import tab_heading
from views.standard_work.model import StandardWorkModel

NOBODY = (
    "Choose who you are (Settings ▸ Current person) to see your standard work: the "
    "routines due today and this week, overdue first."
)
ORIGINS = (
    ("bottom-up", "raised by the team (bottom-up)"),
    ("top-down", "raised by me, the leader (top-down)"),
    ("joint", "raised together (joint)"),
)


class StandardWorkView(FollowsDocument, QWidget):
    """My standard work, for the document's current person.

    Args:
        document: the open plan; edits go through ``document.execute``.
        parent: the owning widget.
        today: the day the list is read as of (tests and screenshots fix it).
    """

    def __init__(
        self,
        document: PlanDocument,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.today = today
        self.shown: PersonWork | None = None
        self.heading = tab_heading(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.model = StandardWorkModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("standardWorkTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for column, width in enumerate((78, 110, 260, 64, 64, 150)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_findings()
        )
        self.table.doubleClicked.connect(self._select_node)

        self.note = QLineEdit(self)
        self.note.setPlaceholderText("Note (optional)")
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText("Reason for a skip")
        self.done_button = QPushButton("Done", self)
        self.missed_button = QPushButton("Missed", self)
        self.skip_button = QPushButton("Skip", self)
        self.clear_button = QPushButton("Clear answer", self)
        self.undo_button = QPushButton("Undo", self)
        self.done_button.clicked.connect(lambda: self.answer("done"))
        self.missed_button.clicked.connect(lambda: self.answer("missed"))
        self.skip_button.clicked.connect(lambda: self.answer("skipped"))
        self.clear_button.clicked.connect(self.clear_answer)
        self.undo_button.clicked.connect(self._undo)
        self.message = QLabel(self)
        self.message.setObjectName("standardWorkMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b42318;")

        self.findings_box = QGroupBox("Findings of the selected occurrence", self)
        self.findings = QListWidget(self.findings_box)
        self.finding_text = QLineEdit(self.findings_box)
        self.finding_text.setPlaceholderText("What did you see? (on a done walk)")
        self.add_finding_button = QPushButton("Add finding", self.findings_box)
        self.add_finding_button.clicked.connect(self.add_finding)
        self.origin = QComboBox(self.findings_box)
        for value, words in ORIGINS:
            self.origin.addItem(words, value)
        self.kaizen_button = QPushButton("Make it a kaizen", self.findings_box)
        self.kaizen_button.clicked.connect(self.make_kaizen)
        self.owner = QLineEdit(self.findings_box)
        self.owner.setPlaceholderText("Owner (name or key)")
        self.due = QDateEdit(self.findings_box)
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.action_button = QPushButton("Make it an action item", self.findings_box)
        self.action_button.clicked.connect(self.make_action)
        self.problem_button = QPushButton("Make it a problem", self.findings_box)
        self.problem_button.setToolTip(
            "A problem on the huddle board of the unit visited (owner and due date optional)"
        )
        self.problem_button.clicked.connect(self.make_problem)
        self._build_layout()
        self.follow(document, person=True, when_seen=True)

    def _build_layout(self) -> None:
        answer = QHBoxLayout()
        answer.addWidget(self.note, 2)
        answer.addWidget(self.done_button)
        answer.addWidget(self.missed_button)
        answer.addWidget(self.reason, 1)
        answer.addWidget(self.skip_button)
        answer.addWidget(self.clear_button)
        answer.addWidget(self.undo_button)
        add = QHBoxLayout()
        add.addWidget(self.finding_text, 1)
        add.addWidget(self.add_finding_button)
        turn = QHBoxLayout()
        turn.addWidget(self.origin, 1)
        turn.addWidget(self.kaizen_button)
        turn.addSpacing(12)
        turn.addWidget(self.owner, 1)
        turn.addWidget(self.due)
        turn.addWidget(self.action_button)
        turn.addWidget(self.problem_button)
        box = QVBoxLayout(self.findings_box)
        box.addWidget(self.findings)
        box.addLayout(add)
        box.addLayout(turn)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 3)
        layout.addLayout(answer)
        layout.addWidget(self.message)
        layout.addWidget(self.findings_box, 2)

    # -- following the document ---------------------------------------------------------

    @change_filter("routines", "findings", "nodes", "people", "units")
    def on_changes(self, changes: Changes) -> None:
        self.mark_stale()

    def refresh(self) -> None:
        plan = self.document.plan
        person = self.document.current_person
        kept = self.selected()
        self.shown = None
        if plan is not None and person:
            try:
                self.shown = person_work(plan, person, self.today())
            except HoshinError as exc:
                self.summary.setText(str(exc))
        self.model.show(self.shown.work if self.shown is not None else None)
        self._heading()
        if kept is not None:
            self._reselect(kept.routine.id, kept.day)
        self._show_findings()

    def _heading(self) -> None:
        today = self.today()
        if self.shown is None:
            self.heading.setText("My standard work")
            if self.document.plan is None or not self.document.current_person:
                self.summary.setText(NOBODY)
            return
        work = self.shown.work
        self.heading.setText(f"My standard work — {self.shown.name}, {today:%A} {today}")
        done_today = sum(1 for o in work.due_today if o.state is not None)
        self.summary.setText(
            f"{count(len(work.overdue), 'overdue occurrence')} (the last 14 days, oldest "
            f"first) · {len(work.due_today)} today ({done_today} answered) · "
            f"{len(work.this_week)} more this week. Select one and record it."
        )

    def _reselect(self, routine_id: int, day: dt.date) -> None:
        for row in range(self.model.rowCount()):
            o = self.model.occurrence(row)
            if o is not None and o.routine.id == routine_id and o.day == day:
                self.table.selectRow(row)
                return

    # -- the selection and its findings -------------------------------------------------

    def selected(self) -> Occurrence | None:
        index = self.table.currentIndex()
        return self.model.occurrence(index.row()) if index.isValid() else None

    def select(self, routine_id: int, day: dt.date) -> None:
        """Select the occurrence of ``routine_id`` on ``day`` (tests, a link from elsewhere)."""
        self._reselect(routine_id, day)

    def _finding_rows(self) -> list[FindingRow]:
        o = self.selected()
        if o is None or o.answer_id is None or self.shown is None:
            return []
        return self.shown.findings.get(o.answer_id, [])

    def _show_findings(self) -> None:
        self.findings.clear()
        rows = self._finding_rows()
        for f in rows:
            self.findings.addItem(f.sentence())
        if rows:
            self.findings.setCurrentRow(len(rows) - 1)
        o = self.selected()
        walked = o is not None and o.state == "done"
        self.findings_box.setEnabled(walked)
        self.findings_box.setTitle(
            f"Findings of {o.routine.title} on {o.day.isoformat()}"
            if o is not None
            else "Findings of the selected occurrence"
        )
        due = self.today() + dt.timedelta(days=14)
        self.due.setDate(QDate(due.year, due.month, due.day))

    def _select_node(self) -> None:
        o = self.selected()
        if o is not None and o.routine.node_id:
            self.document.select_node(o.routine.node_id)

    # -- edits ---------------------------------------------------------------------------

    def _run(self, op: Operation) -> bool:
        self.message.clear()
        return self.document.execute(op, on_error=self.message.setText) is not None

    def answer(self, state: str) -> bool:
        """Record the selected occurrence ``state`` (done, missed, skipped) with the note
        (and the reason of a skip) typed."""
        o = self.selected()
        if o is None:
            self.message.setText("Select an occurrence first.")
            return False
        note, reason = self.note.text(), self.reason.text()
        if o.state is not None:  # an answer changed: one edit, one undo
            given = {"note": note} if note.strip() else {}
            ok = self._run(ChangeAnswer(o.routine.id, o.day, state=state, reason=reason, **given))
        else:
            ok = self._run(AnswerOccurrence(o.routine.id, state, o.day, note, reason))
        if ok:
            self.note.clear()
            self.reason.clear()
        return ok

    def clear_answer(self) -> bool:
        o = self.selected()
        if o is None or o.state is None:
            self.message.setText("Select an answered occurrence to clear.")
            return False
        return self._run(ClearAnswer(o.routine.id, o.day))

    def _undo(self) -> None:
        self.message.clear()
        self.document.undo_stack.undo()

    def add_finding(self) -> bool:
        o = self.selected()
        if o is None:
            self.message.setText("Select a done occurrence first.")
            return False
        ok = self._run(AddFinding(o.routine.id, o.day, self.finding_text.text()))
        if ok:
            self.finding_text.clear()
        return ok

    def _current_finding(self) -> FindingRow | None:
        rows = self._finding_rows()
        row = self.findings.currentRow()
        return rows[row] if 0 <= row < len(rows) else None

    def make_kaizen(self) -> bool:
        f = self._current_finding()
        if f is None:
            self.message.setText("Select a finding first.")
            return False
        return self._run(FindingToKaizen(f.id, str(self.origin.currentData())))

    def make_action(self) -> bool:
        f = self._current_finding()
        if f is None:
            self.message.setText("Select a finding first.")
            return False
        owner = self.owner.text().strip()
        if not owner:
            self.message.setText("Name who owns the action (a name or a key).")
            return False
        picked = self.due.date()
        due = dt.date(picked.year(), picked.month(), picked.day())
        return self._run(FindingToAction(f.id, owner, due))

    def make_problem(self) -> bool:
        """The selected finding becomes a problem on the visited unit's huddle, with the
        owner typed (if any) and the due date picked."""
        f = self._current_finding()
        if f is None:
            self.message.setText("Select a finding first.")
            return False
        picked = self.due.date()
        due = dt.date(picked.year(), picked.month(), picked.day())
        owner = self.owner.text().strip() or None
        by = self.document.current_person
        return self._run(FindingToProblem(f.id, owner, due, by=by))
