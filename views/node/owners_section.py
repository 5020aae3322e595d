"""The owners of a priority or target in the node editor: who answers for it, primary or
secondary; each change one undoable edit."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hoshin.changes import Changes
from hoshin.model.kinds import (
    NodeKind,
    OwnerRole,
)
from hoshin.operations import Assign, Unassign
from hoshin.reads.people import owners, people
from views.document import PlanDocument
from views.following import FollowsDocument, change_filter
from views.node.line_of_sight import compact_list, fit_rows


class OwnersSection(FollowsDocument, QWidget):
    """Who answers for a priority or target: primary and secondary owners."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.node: dict[str, Any] | None = None
        self._people_of: object = None  # the plan the people combo was filled from
        self.list = QListWidget(self)
        compact_list(self.list)
        self.people = QComboBox(self)
        self.people.setEditable(True)  # type a name among thousands of people
        self.people.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.people.lineEdit().setPlaceholderText("Person to add…")
        self.people.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.people.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.role = QComboBox(self)
        for role in OwnerRole:
            self.role.addItem(role.value.capitalize(), role.value)
        self.add = QPushButton("Add owner", self)
        self.toggle = QPushButton("Make secondary", self)
        self.remove = QPushButton("Remove", self)
        self.add.clicked.connect(self._add)
        self.toggle.clicked.connect(self._toggle)
        self.remove.clicked.connect(self._remove)
        self.list.currentItemChanged.connect(self._on_current)
        picked = QHBoxLayout()
        picked.addStretch(1)
        picked.addWidget(self.toggle)
        picked.addWidget(self.remove)
        adding = QHBoxLayout()
        adding.addWidget(self.people, 1)
        adding.addWidget(self.role)
        adding.addWidget(self.add)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 4, 0, 0)
        box.setSpacing(2)
        box.addWidget(QLabel("<b>Owners</b>", self))
        box.addWidget(self.list)
        box.addLayout(picked)
        box.addLayout(adding)
        self.follow(document)

    def plan_reset(self) -> None:
        pass  # the people of another plan are read when one of its nodes is shown

    @change_filter("people")
    def on_changes(self, changes: Changes) -> None:
        self._fill_people(force=True)

    def _fill_people(self, *, force: bool = False) -> None:
        plan = self.document.plan
        if plan is None or (plan is self._people_of and not force):
            return
        self._people_of = plan
        self.people.clear()
        for person in people(plan):
            self.people.addItem(f"{person.name} ({person.unit_name})", person.key)
        self.people.setCurrentIndex(-1)

    def show_node(self, node: dict[str, Any] | None) -> None:
        plan = self.document.plan
        self.node = node
        owned = node is not None and node["kind"] in (NodeKind.PRIORITY, NodeKind.TARGET)
        self.setVisible(owned)
        if not owned or plan is None or node is None:
            return
        self._fill_people()
        rows = owners(plan, node["id"])
        self.list.clear()
        for key, name, role in ((o.key, o.name, o.role) for o in rows):
            item = QListWidgetItem(f"{'●' if role == OwnerRole.PRIMARY else '○'}  {name} — {role}")
            item.setData(Qt.ItemDataRole.UserRole, (key, role))
            self.list.addItem(item)
        if not rows:
            empty = QListWidgetItem("No owner yet: it needs one primary owner.")
            empty.setData(Qt.ItemDataRole.UserRole, "")  # not a person: nothing to pick
            self.list.addItem(empty)
        fit_rows(self.list, 4)
        self._on_current(None, None)

    def _picked(self) -> tuple[str, str] | None:
        item = self.list.currentItem()
        data = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return (str(data[0]), str(data[1])) if isinstance(data, list | tuple) else None

    def _on_current(self, _item: object, _old: object) -> None:
        picked = self._picked()
        self.toggle.setEnabled(picked is not None)
        self.remove.setEnabled(picked is not None)
        primary = picked is not None and picked[1] == OwnerRole.PRIMARY
        self.toggle.setText("Make secondary" if primary else "Make primary")

    def _add(self) -> None:
        if self.node is None:
            return
        index = self.people.findText(self.people.currentText())
        who = self.people.itemData(index) if index >= 0 else self.people.currentText()
        if not str(who or "").strip():
            self.document.errorRaised.emit("Choose the person to add as owner.")
            return
        op = Assign(self.node["code"], str(who), self.role.currentData())
        if self.document.execute(op) is not None:
            self.people.setCurrentIndex(-1)

    def _toggle(self) -> None:
        picked = self._picked()
        if self.node is not None and picked is not None:
            other = OwnerRole.SECONDARY if picked[1] == OwnerRole.PRIMARY else OwnerRole.PRIMARY
            self.document.execute(Assign(self.node["code"], picked[0], other))

    def _remove(self) -> None:
        picked = self._picked()
        if self.node is not None and picked is not None:
            self.document.execute(Unassign(self.node["code"], picked[0]))
