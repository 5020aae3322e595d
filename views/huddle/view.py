"""The Huddle tab: a unit's daily board on a day — its targets as a red/green strip at their
finer frequency, its problems as cards (held here, and marked, those it escalated up), the
routines due that day for its people, and a date navigator. Every action (raise, start,
escalate, send back, solve, reopen) is one undoable edit through the document.

**Wall mode** shows the same board full screen in large type and without buttons, to be
read at a glance on a screen by the team's board; Escape leaves it.

The board is one read (:func:`hoshin.reads.huddle.huddle_board`); the tab reads only while
it is seen, and again after an edit of problems, figures or the organisation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from hoshin.changes import Changes
from hoshin.model.kinds import NodeKind
from hoshin.operations.base import Operation
from hoshin.operations.problems import (
    EscalateProblem,
    RaiseProblem,
    ReopenProblem,
    ReturnProblem,
    SolveProblem,
    StartProblem,
)
from hoshin.reads.huddle import HuddleBoard, huddle_board, unit_people
from hoshin.reads.problems import ProblemCard, problem_path
from views.document import PlanDocument
from views.following import FollowsDocument, change_filter
from views.heading import tab_heading
from views.huddle.cards import ProblemCardWidget
from views.huddle.dialogs import ProblemPathDialog, RaiseProblemDialog
from views.huddle.strip import TargetStripWidget

#: Cards shown at most (overdue and soonest due first); a huddle reads a handful.
MAX_CARDS = 60
#: Cards side by side (one more on the wall).
COLUMNS = 2
#: How much larger everything is on the wall.
WALL_SCALE = 1.8

#: Asks for one line of text (a note, an answer): (title, label) → text, or None.
Ask = Callable[[QWidget, str, str], "str | None"]


def _ask(parent: QWidget, title: str, label: str) -> str | None:
    text, ok = QInputDialog.getText(parent, title, label)
    return text if ok else None


def _section(title: str, parent: QWidget, scale: float) -> QLabel:
    label = QLabel(title, parent)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1 * scale)
    label.setFont(font)
    return label


class HuddleView(FollowsDocument, QWidget):
    """The huddle board of the selected unit.

    Args:
        document: the open plan; edits go through it (undoable).
        parent: the owning widget.
        today: the day the board opens on (tests fix it).
        wall: the wall-screen mode (full screen, large type, no buttons).

    Signals:
        refreshed(): the board on screen was read again.
    """

    refreshed = Signal()

    def __init__(
        self,
        document: PlanDocument,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
        *,
        wall: bool = False,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.today = today
        self.wall = wall
        self.scale = WALL_SCALE if wall else 1.0
        self.board: HuddleBoard | None = None
        self.cards: list[ProblemCardWidget] = []
        self.ask: Ask = _ask
        self.wall_window: HuddleView | None = None

        self.heading = tab_heading(self)
        if wall:
            font = self.heading.font()
            font.setPointSizeF(font.pointSizeF() * self.scale)
            self.heading.setFont(font)
        self.day_edit = QDateEdit(self)
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("yyyy-MM-dd")
        self.day_edit.setDate(QDate(today()))
        self.day_edit.dateChanged.connect(lambda _d: self.mark_stale())
        self.back = QToolButton(self)
        self.back.setText("◀")
        self.back.setToolTip("The day before")
        self.back.clicked.connect(lambda: self.move_day(-1))
        self.forward = QToolButton(self)
        self.forward.setText("▶")
        self.forward.setToolTip("The day after")
        self.forward.clicked.connect(lambda: self.move_day(1))
        self.today_button = QPushButton("Today", self)
        self.today_button.clicked.connect(lambda: self.day_edit.setDate(QDate(self.today())))
        self.raise_button = QPushButton("Raise a problem…", self)
        self.raise_button.clicked.connect(self._raise_dialog)
        self.wall_button = QPushButton("Wall mode", self)
        self.wall_button.setToolTip("Full screen, large type: the board for a wall screen")
        self.wall_button.clicked.connect(self.open_wall)
        bar = QHBoxLayout()
        bar.addWidget(self.heading, 1)
        for w in (self.back, self.day_edit, self.forward, self.today_button):
            bar.addWidget(w)
        bar.addSpacing(12)
        bar.addWidget(self.raise_button)
        bar.addWidget(self.wall_button)
        if wall:
            for w in (self.today_button, self.raise_button, self.wall_button):
                w.hide()

        self.strip = TargetStripWidget(self, self.scale)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        if wall:
            font = self.summary.font()
            font.setPointSizeF(font.pointSizeF() * self.scale)
            self.summary.setFont(font)
        self.grid_host = QWidget(self)
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(int(8 * self.scale))
        self.columns = COLUMNS + 1 if wall else COLUMNS
        for col in range(self.columns):
            self.grid.setColumnStretch(col, 1)
        self.routines = QLabel(self)
        self.routines.setTextFormat(Qt.TextFormat.PlainText)
        self.routines.setWordWrap(True)
        if wall:
            font = self.routines.font()
            font.setPointSizeF(font.pointSizeF() * self.scale)
            self.routines.setFont(font)

        body = QWidget(self)
        column = QVBoxLayout(body)
        column.addWidget(_section("Targets", body, self.scale))
        column.addWidget(self.strip)
        column.addWidget(_section("Problems", body, self.scale))
        column.addWidget(self.summary)
        column.addWidget(self.grid_host)
        column.addWidget(_section("Routines due today", body, self.scale))
        column.addWidget(self.routines)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.addLayout(bar)
        outer.addWidget(scroll, 1)
        self.follow(document, unit=True, when_seen=True, deferred=True)

    # -- the day -----------------------------------------------------------------------------

    @property
    def day(self) -> dt.date:
        d = self.day_edit.date()
        return dt.date(d.year(), d.month(), d.day())

    def set_day(self, day: dt.date) -> None:
        self.day_edit.setDate(QDate(day))

    def move_day(self, days: int) -> None:
        self.set_day(self.day + dt.timedelta(days=days))

    # -- following ---------------------------------------------------------------------------

    @change_filter("problems", "measurements", "units", "people", "nodes")
    def on_changes(self, changes: Changes) -> None:
        self.mark_stale()

    def refresh(self) -> None:
        plan = self.document.plan
        if plan is None or not self.unit_id:
            self.board = None
            self.heading.setText("Huddle")
            self._show_cards([])
            return
        with plan.session() as session:
            self.board = huddle_board(session, self.unit_id, self.day, today=self.today())
        board = self.board
        self.heading.setText(f"Huddle · {board.name} ({board.code}) · {board.day:%a %d %b %Y}")
        self.strip.set_strip(board.strip)
        here = board.open_here
        up = [p for p in board.problems if p.escalated_up]
        self.summary.setText(
            f"{len(here)} open here, {board.overdue} overdue, {len(up)} escalated up"
            + (f" to {board.above}" if board.above and up else "")
        )
        self._show_cards(board.problems)
        lines = [
            f"{o.routine.person}: {o.routine.title} — {o.state or 'not answered yet'}"
            for o in board.routines
        ]
        self.routines.setText("\n".join(lines) if lines else "No routine is due today.")
        self.refreshed.emit()

    def _show_cards(self, problems: list[ProblemCard]) -> None:
        for card in self.cards:
            self.grid.removeWidget(card)
            card.deleteLater()
        self.cards = []
        columns = self.columns
        can_escalate = bool(self.board and self.board.above)
        for index, problem in enumerate(problems[:MAX_CARDS]):
            card = ProblemCardWidget(
                problem, can_escalate=can_escalate, wall=self.wall, parent=self.grid_host
            )
            card.actionRequested.connect(self.act)
            self.grid.addWidget(card, index // columns, index % columns, Qt.AlignmentFlag.AlignTop)
            self.cards.append(card)
        if len(problems) > MAX_CARDS:
            self.summary.setText(
                self.summary.text() + f" (the first {MAX_CARDS} of {len(problems)} shown)"
            )

    # -- actions -----------------------------------------------------------------------------

    def _by(self) -> str | None:
        return self.document.current_person

    def act(self, action: str, problem_id: int) -> bool:
        """Run one card action; prompts for what it needs (a note, an answer)."""
        if action == "path":
            self.show_path(problem_id)
            return True
        op: Operation | None = None
        by = self._by()
        if action == "start":
            op = StartProblem(problem_id, by=by)
        elif action == "escalate":
            note = self.ask(self, "Escalate", "Why does it go up? (optional)")
            if note is not None:
                op = EscalateProblem(problem_id, note, by=by)
        elif action == "return":
            answer = self.ask(self, "Send back", "The answer for the unit below:")
            if answer is not None:
                op = ReturnProblem(problem_id, answer, by=by)
        elif action == "solve":
            answer = self.ask(self, "Solve", "How was it solved?")
            if answer is not None:
                op = SolveProblem(problem_id, answer, self.day, by=by)
        elif action == "reopen":
            note = self.ask(self, "Reopen", "Why is it back? (optional)")
            if note is not None:
                op = ReopenProblem(problem_id, note, by=by)
        return op is not None and self.document.execute(op) is not None

    def raise_problem(
        self,
        title: str,
        owner: str | None = None,
        due: dt.date | None = None,
        node: str | None = None,
    ) -> int | None:
        """Raise a problem at the unit shown, on the day shown; its id, or None if refused."""
        if self.board is None:
            return None
        op = RaiseProblem(
            title, self.board.code, raised_by=self._by(), owner=owner, due=due, node=node,
            on=self.day,
        )  # fmt: skip
        applied = self.document.execute(op)
        return int(applied.result) if applied is not None else None

    def _raise_dialog(self) -> None:
        plan, board = self.document.plan, self.board
        if plan is None or board is None:
            return
        with plan.session() as s:
            people = unit_people(s, board.unit_id)
        targets = [
            n.code
            for n in plan.graph.nodes()
            if n.unit_id == board.unit_id and n.kind in (NodeKind.TARGET, NodeKind.PRIORITY)
        ]
        dialog = RaiseProblemDialog(board.code, people, sorted(targets), self.day, self)
        if dialog.exec():
            self.raise_problem(*dialog.values())

    def show_path(self, problem_id: int) -> ProblemPathDialog | None:
        plan = self.document.plan
        if plan is None:
            return None
        with plan.session() as s:
            path = problem_path(s, problem_id)
        now = dt.datetime.combine(self.day, dt.time(23, 59))
        dialog = ProblemPathDialog(path, now, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    # -- the wall ----------------------------------------------------------------------------

    def open_wall(self) -> HuddleView:
        """The same board, full screen in large type; Escape closes it."""
        wall = HuddleView(self.document, today=lambda: self.day, wall=True)
        wall.setWindowTitle(f"Huddle — {self.board.name if self.board else ''}")
        wall.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wall.set_unit(self.unit_id)
        self.wall_window = wall
        wall.showFullScreen()
        return wall

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.wall and event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)
