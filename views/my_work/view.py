""" "My work": everything the current person owes, the start page once they are chosen.

Overdue / today / this week / later, each row with the node it serves; a manager also sees
what their people owe that is overdue, and what was escalated to them from further down.
Double-click (or Enter, or "Do it") asks the window to open the place where it is done
(:attr:`MyWorkView.doRequested`): the view knows the work, the window knows its tabs.
Under the list, the catchball threads waiting for the person's unit (the former "Waiting
for me" dock), given by the window.
"""

from __future__ import annotations

import html

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

from hoshin.changes import Changes
from hoshin.reads.obligations import Obligation, my_work
from views.document import PlanDocument
from views.following import FollowsDocument, change_filter
from views.models import ITEM_ROLE
from views.my_work.model import MyWorkModel


class MyWorkView(FollowsDocument, QWidget):
    """The current person's work, read when seen.

    Signals:
        doRequested(object): the user asked to do an obligation (the Obligation).
        settingsRequested(): the user asked to choose who they are.
    """

    doRequested = Signal(object)
    settingsRequested = Signal()

    def __init__(
        self,
        document: PlanDocument,
        parent: QWidget | None = None,
        *,
        inbox: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("myWork")
        self.document = document
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.nobody = QLabel("Choose who you are in this plan to see the work you owe.", self)
        self.nobody.setWordWrap(True)
        self.settings_button = QPushButton("Settings…", self)
        self.settings_button.clicked.connect(self.settingsRequested)
        self.do_button = QPushButton("Do it", self)
        self.do_button.setToolTip("Open the place where the selected item is done")
        self.do_button.clicked.connect(self.do_selected)
        self.model = MyWorkModel(self)
        self.view = QTreeView(self)
        self.view.setObjectName("myWorkList")
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.view.setAllColumnsShowFocus(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # What it serves is context: a fixed share, elided, so the work itself reads whole.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 220)
        self.view.activated.connect(self.open_index)
        self.view.doubleClicked.connect(self.open_index)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._update_button())

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.nobody, 1)
        top.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.do_button, 0, Qt.AlignmentFlag.AlignTop)
        box = QVBoxLayout(self)
        box.setContentsMargins(8, 8, 8, 8)
        box.addLayout(top)
        box.addWidget(self.view, 3)
        self.inbox = inbox
        if inbox is not None:
            box.addWidget(inbox, 2)
            inbox.show()  # shown with this view from now on
        self.follow(document, person=True, when_seen=True, deferred=True)

    @change_filter(
        "nodes", "measurements", "owners", "threads", "people", "roles", "units",
        "sustainment", "problems", "findings", "routines", "meetings", "years",
        settings=["holidays", "actual_due_day", "countermeasure_days", "catchball_days",
                  "escalate_after", "escalate_again"],
    )  # fmt: skip
    def on_changes(self, changes: Changes) -> None:
        self.mark_stale()

    def refresh(self) -> None:
        """Read the current person's work again."""
        if self.lazy is not None:
            self.lazy.stale = False
        plan, key = self.document.plan, self.document.current_person
        found = None
        if plan is not None and key:
            as_of = plan.clock().date()
            with plan.session() as s:
                found = my_work(s, key, as_of)
        chosen = found is not None
        self.nobody.setVisible(plan is not None and not chosen)
        self.settings_button.setVisible(plan is not None and not chosen)
        self.view.setVisible(chosen)
        if found is None:
            self.title.setText("<b>My work</b>")
            self.model.set_agenda(None)
            self._update_button()
            return
        me, agenda = found
        self.model.set_agenda(agenda)
        groups = agenda.groups()
        late = len(groups["overdue"])
        summary = (
            f"{late} overdue, {len(groups['today'])} due today, "
            f"{len(groups['this week'])} more this week"
        )
        people = (
            f"; {len(agenda.people_overdue)} overdue by my people" if agenda.people_overdue else ""
        )
        self.title.setText(
            f"<b>My work — {html.escape(me.name)}</b> ({html.escape(me.unit)}), "
            f"{agenda.as_of.isoformat()}: {summary}{people}"
        )
        for row in range(self.model.rowCount()):  # a section's title spans the row
            self.view.setFirstColumnSpanned(row, self.view.rootIndex(), True)
        self.view.expandAll()
        self._update_button()

    def selected(self) -> Obligation | None:
        index = self.view.currentIndex()
        found = index.siblingAtColumn(0).data(ITEM_ROLE) if index.isValid() else None
        return found if isinstance(found, Obligation) else None

    def _update_button(self) -> None:
        self.do_button.setEnabled(self.selected() is not None)

    def open_index(self, index: QModelIndex) -> None:
        found = index.siblingAtColumn(0).data(ITEM_ROLE)
        if isinstance(found, Obligation):
            self.doRequested.emit(found)

    def do_selected(self) -> None:
        found = self.selected()
        if found is not None:
            self.doRequested.emit(found)
