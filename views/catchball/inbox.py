"""The "Waiting for me" inbox: the threads whose next move belongs to the current person's unit.

One indexed query (:func:`hoshin.catchball.queries.list_threads` with ``waiting_for``);
double-click or Enter selects the node of the person's own unit (the thrown node for the
unit above, the deployed counterpart for the unit below) and opens its thread.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from hoshin.catchball.queries import ThreadSummary
from hoshin.changes import Changes
from hoshin.reads.catchball import waiting_for
from views.catchball.context import CatchballContext
from views.catchball.health import CatchballHealth
from views.catchball.threads_model import INBOX_COLUMNS, ThreadTableModel
from views.document import PlanDocument
from views.following import FollowsDocument, change_filter
from views.models import ITEM_ROLE


class CatchballInbox(FollowsDocument, QWidget):
    """The current person's catchball inbox, under the catchball health strip.

    Signals:
        settingsRequested(): the user asked to choose who they are.
        threadOpened(int): a thread was opened from the list (thread id); its node is
            selected already.
    """

    settingsRequested = Signal()
    threadOpened = Signal(int)

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.context = CatchballContext.of(document)
        self.health = CatchballHealth(document, self)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.nobody = QLabel(
            "Choose who you are in this plan to see the threads waiting for you.", self
        )
        self.nobody.setWordWrap(True)
        self.settings_button = QPushButton("Settings…", self)
        self.settings_button.clicked.connect(self.settingsRequested)
        self.model = ThreadTableModel(INBOX_COLUMNS, self, mark_mine=False)
        self.view = QTreeView(self)
        self.view.setObjectName("catchballInbox")
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAllColumnsShowFocus(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.activated.connect(self.open_index)
        self.view.doubleClicked.connect(self.open_index)
        self.empty = QLabel("Nothing waits for you. ✓", self)
        self.empty.setObjectName("editorPlaceholder")

        ask = QHBoxLayout()
        ask.addWidget(self.nobody, 1)
        ask.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignTop)
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 6, 6, 6)
        box.addWidget(self.health)
        box.addWidget(self.title)
        box.addLayout(ask)
        box.addWidget(self.empty)
        box.addWidget(self.view, 1)
        box.addStretch(0)  # keeps the rest at the top while the list is hidden
        self.follow(document, person=True, when_seen=True)

    @change_filter("threads", "people", "units")
    def on_changes(self, changes: Changes) -> None:
        self.mark_stale()

    def set_active(self, active: bool) -> None:
        """Whether the inbox's dock tab is the one in front (see :mod:`views.lazy`)."""
        super().set_active(active)
        self.health.set_active(active)

    def refresh(self) -> None:
        """Read the threads waiting for the current person again."""
        self.lazy.stale = False
        plan, me = self.document.plan, self.context.me()
        has_person = plan is not None and me is not None
        for widget in (self.nobody, self.settings_button):
            widget.setVisible(plan is not None and me is None)
        self.view.setVisible(has_person)
        if plan is None or me is None:
            self.title.setText("<b>Waiting for me</b>")
            self.empty.hide()
            self.model.set_threads([], self.context.now())
            return
        threads = waiting_for(plan, me.id)
        self.model.set_threads(
            threads, self.context.now(), me.unit_code, None, self.context.unit_names()
        )
        n = len(threads)
        count = "Nothing waits" if n == 0 else ("1 thread waits" if n == 1 else f"{n} threads wait")
        self.title.setText(
            f"<b>Waiting for {me.name}</b> ({me.unit_name}): {count} for your unit's answer."
        )
        self.empty.setVisible(n == 0)
        self.view.setVisible(n > 0)

    def open_index(self, index: QModelIndex) -> None:
        summary = index.data(ITEM_ROLE)
        if isinstance(summary, ThreadSummary):
            self.open_thread(summary)

    def open_thread(self, t: ThreadSummary) -> None:
        """Select the node on this person's side of ``t`` and show the thread."""
        plan, me = self.document.plan, self.context.me()
        if plan is None:
            return
        graph = plan.graph
        mine_below = me is not None and me.unit_code == t.lower and t.child_code
        code = t.child_code if mine_below and t.child_code else t.code
        if code not in graph:
            code = t.code
        node_id = graph.id_of(code)
        self.document.select_unit(graph.node(node_id).unit_id)
        self.document.select_node(node_id)
        self.context.show_thread(t.id)
        self.threadOpened.emit(t.id)
