"""The catchball panel: the selected node's threads, one conversation, and the composer.

A node's threads are those where it was thrown (to each unit below) and the one where it
is the deployed counterpart (from the unit above). Everything is read with a few bulk
queries when the node, the plan or a thread changes; while the panel is hidden (a tab
behind the node editor) it only notes that it is out of date and reads when shown.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from hoshin.catchball.queries import ThreadSummary
from hoshin.catchball.rules import OPEN_STATES, State
from hoshin.changes import Changes
from hoshin.model.errors import NotFoundError
from hoshin.reads.catchball import node_threads, thread_view
from views.catchball import text
from views.catchball.bubbles import BubbleDelegate
from views.catchball.composer import Composer, ThreadFacts
from views.catchball.context import CatchballContext
from views.catchball.conversation import ConversationModel, Message, history
from views.catchball.threads_model import NODE_COLUMNS, ThreadTableModel
from views.catchball.throw_dialog import THROWABLE, send_to_catchball, why_cannot_throw
from views.document import PlanDocument
from views.following import FollowsDocument, change_filter
from views.models import THREAD_ID_ROLE

MOST_ROWS = 4  # thread rows shown before the list scrolls


class CatchballPanel(FollowsDocument, QWidget):
    """Catchball of the document's selected node.

    Signals:
        settingsRequested(): the user asked to choose who they are.
    """

    settingsRequested = Signal()

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.context = CatchballContext.of(document)
        self.node_id = 0
        self.node_code: str | None = None
        self.thread_id = 0
        self._wanted = 0  # a thread asked for before its node's list was read
        self._build()
        self.context.threadRequested.connect(self.show_thread)
        self.follow(document, node=True, person=True, when_seen=True)

    def _build(self) -> None:
        self.heading = QLabel(self)
        self.heading.setObjectName("editorHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.placeholder = QLabel(self)
        self.placeholder.setObjectName("editorPlaceholder")
        self.placeholder.setWordWrap(True)
        self.throw_button = QPushButton("Throw…", self)
        self.throw_button.clicked.connect(self._throw)

        self.threads = ThreadTableModel(NODE_COLUMNS, self)
        self.thread_list = QTreeView(self)
        self.thread_list.setObjectName("catchballThreads")
        self.thread_list.setModel(self.threads)
        self.thread_list.setRootIsDecorated(False)
        self.thread_list.setUniformRowHeights(True)
        self.thread_list.setAllColumnsShowFocus(True)
        self.thread_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.thread_list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.thread_list.selectionModel().selectionChanged.connect(self._on_thread_picked)

        self.thread_heading = QLabel(self)
        self.thread_heading.setWordWrap(True)
        self.thread_heading.setTextFormat(Qt.TextFormat.RichText)
        self.conversation = ConversationModel(self)
        self.messages = QListView(self)
        self.messages.setObjectName("catchballConversation")
        self.messages.setModel(self.conversation)
        self.messages.setItemDelegate(BubbleDelegate(self.messages))
        self.messages.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.messages.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.messages.setResizeMode(QListView.ResizeMode.Adjust)
        self.messages.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.messages.setStyleSheet("QListView#catchballConversation { background: white; }")
        # Like a chat: a conversation read to its end stays at its end as messages come in.
        self._at_end = True
        bar = self.messages.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._on_range_changed)
        self.composer = Composer(self.document, self)
        self.composer.settingsRequested.connect(self.settingsRequested)
        self.composer.sent.connect(lambda _thread: self._scroll_to_end())

        lower = QWidget(self)
        column = QVBoxLayout(lower)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.thread_heading)
        column.addWidget(self.messages, 1)
        self.split = QSplitter(Qt.Orientation.Vertical, self)
        self.split.addWidget(lower)
        self.split.addWidget(self.composer)
        self.split.setStretchFactor(0, 1)
        self.split.setChildrenCollapsible(False)

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.throw_button, 0, Qt.AlignmentFlag.AlignTop)
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 6, 6, 6)
        box.addLayout(top)
        box.addWidget(self.placeholder)
        box.addWidget(self.thread_list)
        box.addWidget(self.split, 1)
        box.addStretch(0)  # the heading and placeholder at the top while the split is hidden

    # -- following the document ----------------------------------------------------------

    def set_node(self, node_id: int) -> None:
        if node_id != self.node_id:
            self.thread_id = self._wanted = 0
        super().set_node(node_id)

    def plan_reset(self) -> None:
        self.thread_id = self._wanted = 0
        self.mark_stale()

    @change_filter("threads", "nodes", "people")
    def on_changes(self, changes: Changes) -> None:
        if changes.threads or (self.node_id and self.node_id in changes.nodes) or changes.people:
            self.mark_stale()

    def show_thread(self, thread_id: int) -> None:
        """Select ``thread_id`` in the list (once its node is the one shown)."""
        self._wanted = thread_id
        row = self.threads.row_of(thread_id)
        if row >= 0:
            self._select_row(row)
        else:
            self.mark_stale()

    # -- reading -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the node's threads and the chosen conversation again."""
        self.lazy.stale = False
        plan, node_id = self.document.plan, self.node_id
        node = None
        if plan is not None and node_id and plan.graph.has_node(node_id):
            node = plan.graph.node(node_id)
        if node is None or plan is None:
            self._show_empty("Select a priority or a target to see its catchball.")
            return
        title, found = node_threads(plan, node_id, node.unit_id)
        mine = [t for t in found if node.code in (t.code, t.child_code)]
        self.node_code = node.code
        self.heading.setText(f"<b>{node.code}</b> {title}")
        me = self.context.me()
        self.threads.set_threads(
            mine, self.context.now(), me.unit_code if me else None, node.code,
            self.context.unit_names(),
        )  # fmt: skip
        can_throw = node.kind in THROWABLE
        reason = why_cannot_throw(self.document, node_id) if can_throw else None
        self.throw_button.setVisible(can_throw)
        self.throw_button.setEnabled(reason is None)
        self.throw_button.setToolTip(reason or "Send to catchball: negotiate it with a unit below")
        if not mine:
            self.placeholder.setText(
                f"No catchball about {node.code} yet."
                if can_throw
                else f"Catchball is about priorities and targets; {node.code} is a "
                f"{node.kind.value}."
            )
            self.placeholder.show()
            self._show_threads(False)
            return
        self.placeholder.hide()
        self._show_threads(True)
        self._fit_thread_list()
        row = -1
        for candidate in (self._wanted, self.thread_id, self._default_thread(mine)):
            row = self.threads.row_of(candidate) if candidate else -1
            if row >= 0:
                break
        self._select_row(max(row, 0))

    def _default_thread(self, threads: list[ThreadSummary]) -> int:
        me = self.context.me()
        if me is not None:
            for t in threads:
                if t.waiting_unit == me.unit_code:
                    return t.id
        open_ = [t for t in threads if t.state in OPEN_STATES]
        return (open_ or threads)[-1].id

    def _select_row(self, row: int) -> None:
        index = self.threads.index(row, 0)
        selection = self.thread_list.selectionModel()
        if index.isValid() and index in selection.selectedRows():
            self._load_thread(int(index.data(THREAD_ID_ROLE)))  # same row: read it again
            return
        selection.setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def _on_thread_picked(self) -> None:
        rows = self.thread_list.selectionModel().selectedRows()
        if rows:
            self._load_thread(int(rows[0].data(THREAD_ID_ROLE)))

    def _load_thread(self, thread_id: int) -> None:
        plan = self.document.plan
        if plan is None:
            return
        if self._wanted == thread_id:
            self._wanted = 0
        changed_thread = thread_id != self.thread_id
        self.thread_id = thread_id
        try:
            found = thread_view(plan, thread_id)
        except NotFoundError:
            self.mark_stale()
            return
        summary = found.summary
        messages = [Message.from_row(r, found.unit_of_measure) for r in found.messages]
        names = self.context.unit_names()
        upper, lower = (
            names.get(summary.upper, summary.upper),
            names.get(summary.lower, summary.lower),
        )
        facts = ThreadFacts(
            summary, history(messages, summary.upper, summary.lower), upper, lower,
            found.is_target, found.lower_people,
        )  # fmt: skip
        self._show_thread_heading(summary, upper, lower)
        self.conversation.set_messages(messages)
        self.composer.set_thread(facts, self.context.me())
        if changed_thread:
            self._scroll_to_end()

    def _show_thread_heading(self, t: ThreadSummary, upper: str, lower: str) -> None:
        colour = text.STATE_COLOUR.get(t.state)
        state = text.state_label(t.state)
        if colour is not None:
            state = f"<span style='color:{colour.name()}'><b>{state}</b></span>"
        me = self.context.me()
        waiting = "nobody has to answer"
        if t.waiting_unit and me is not None and me.unit_code == t.waiting_unit:
            waiting = "<b>your turn</b>"
        elif t.waiting_unit:
            waiting = f"waiting for {upper if t.waiting_unit == t.upper else lower}"
        child = f" ({t.child_code})" if t.child_code else ""
        n = text.days_open(t, self.context.now())
        if t.state in (State.AGREED, State.LOCKED):
            opened = "agreed the same day" if n == 0 else f"agreed after {text.days(n)}"
        else:
            opened = f"open {text.days(n)}" if n else "opened today"
        self.thread_heading.setText(
            f"{t.code} <b>{upper}</b> ↓ <b>{lower}</b>{child}<br>"
            f"{state} · round {t.round} · {waiting} · {opened}"
        )

    # -- showing -------------------------------------------------------------------------

    def _show_empty(self, message: str) -> None:
        self.node_code = None
        self.heading.setText("")
        self.placeholder.setText(message)
        self.placeholder.show()
        self.throw_button.hide()
        self.threads.set_threads([], self.context.now())
        self._show_threads(False)

    def _show_threads(self, shown: bool) -> None:
        self.thread_list.setVisible(shown)
        self.split.setVisible(shown)
        if not shown:
            self.thread_id = 0
            self.conversation.clear()
            self.composer.set_thread(None, self.context.me())

    def _fit_thread_list(self) -> None:
        rows = max(1, min(self.threads.rowCount(), MOST_ROWS))
        per_row = self.thread_list.sizeHintForRow(0) or self.fontMetrics().height() + 6
        header = self.thread_list.header().sizeHint().height()
        self.thread_list.setFixedHeight(
            header + rows * per_row + 2 * self.thread_list.frameWidth() + 2
        )

    def _on_scrolled(self, value: int) -> None:
        self._at_end = value >= self.messages.verticalScrollBar().maximum()

    def _on_range_changed(self, _low: int, high: int) -> None:
        if self._at_end:
            self.messages.verticalScrollBar().setValue(high)

    def _scroll_to_end(self) -> None:
        self._at_end = True  # the range grows as the view lays out the rows: follow it
        self.messages.scrollToBottom()

    def _throw(self) -> None:
        if self.node_id:
            send_to_catchball(self.document, self.node_id, self)
