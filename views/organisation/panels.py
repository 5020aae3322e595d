"""The parts of the Organisation dialog: the unit tree, the unit's form, its people, the
roles held on it, and the plan's functions.

Each part holds its widgets, its item model and its actions; the dialog
(:mod:`.dialog`) fills them, decides what is enabled and makes the edits. An action is
shown as a button that follows it: its enabled state and its tooltip (why not) included.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QTableView,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from hoshin.model.kinds import Access
from hoshin.reads.organisation import UnitRow
from views.organisation.models import FunctionsModel, PeopleModel, RolesModel, UnitTreeModel

NO_FUNCTION = "(no function)"
#: Up to this many units the tree opens whole; a larger one opens its top two levels.
OPEN_WHOLE = 200
#: The roles offered, strongest first (the order a person reads the list in).
ROLES = tuple(reversed(Access))


def button(action: QAction, parent: QWidget) -> QToolButton:
    """A push-button look for ``action``: its text, enabled state and tooltip follow it."""
    action.setIconText(action.text())  # keep the "…" that says a question follows
    shown = QToolButton(parent)
    shown.setDefaultAction(action)
    shown.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return shown


def action(text: str, parent: QWidget, shortcut: str | None = None) -> QAction:
    made = QAction(text, parent)
    if shortcut:
        made.setShortcut(QKeySequence(shortcut))
        made.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    return made


def row(*widgets: QWidget, grow: int | None = None) -> QHBoxLayout:
    """Widgets side by side; ``grow`` (an index) takes the spare width, else a stretch."""
    line = QHBoxLayout()
    line.setContentsMargins(0, 0, 0, 0)
    for i, widget in enumerate(widgets):
        line.addWidget(widget, 1 if i == grow else 0)
    if grow is None:
        line.addStretch(1)
    return line


def _table(parent: QWidget, model: QAbstractItemModel) -> QTableView:
    table = QTableView(parent)
    table.setModel(model)  # first: a new model gives the header new sections
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table


class UnitsPanel(QGroupBox):
    """The unit tree, a field for a new unit's name, and the unit actions."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Units", parent)
        self.model = UnitTreeModel(self)
        tree = self.tree = QTreeView(self)
        tree.setModel(self.model)
        tree.setUniformRowHeights(True)
        tree.setAlternatingRowColors(True)
        tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = tree.header()
        header.setStretchLastSection(False)
        # Widths from the rows' texts (fit_columns), not ResizeToContents: that asks every
        # row at each change (0.3 s at a thousand teams).
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.expanded: set[int] | None = None  # unit ids opened: kept across a reset
        tree.expanded.connect(lambda index: self._opened(index, True))
        tree.collapsed.connect(lambda index: self._opened(index, False))
        self.new_name = QLineEdit(self)
        self.new_name.setPlaceholderText("New unit's name")
        self.add = action("Add unit below", self)
        self.new_name.returnPressed.connect(self.add.trigger)
        self.rename = action("Rename", self, "F2")
        self.remove = action("Remove unit…", self)
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        tree.addActions([self.add, self.rename, self.remove])
        layout = QVBoxLayout(self)
        layout.addWidget(tree, 1)
        layout.addLayout(row(self.new_name, button(self.add, self), grow=0))
        layout.addLayout(row(button(self.rename, self), button(self.remove, self)))

    def _opened(self, index: QModelIndex, opened: bool) -> None:
        if self.expanded is not None:
            (self.expanded.add if opened else self.expanded.discard)(index.internalId())

    def set_units(self, units: list[UnitRow], chosen: int) -> None:
        """Show ``units``, opened as before (at first: whole, or its top two levels when
        large), and the way down to ``chosen``."""
        self.model.set_units(units)
        if self.expanded is None:
            whole = len(units) <= OPEN_WHOLE
            self.expanded = {u.id for u in units if whole or u.depth <= 1}
        above = self.model.unit_by_id(chosen)
        while above is not None and above.parent_id is not None:
            self.expanded.add(above.parent_id)
            above = self.model.unit_by_id(above.parent_id)
        for unit_id in list(self.expanded):
            self.tree.expand(self.model.index_of(unit_id))
        self._fit_columns(units)

    def _fit_columns(self, units: list[UnitRow]) -> None:
        metrics = self.tree.fontMetrics()
        header = self.tree.header()
        columns = (
            {u.code for u in units},
            {u.level for u in units},
            {u.function or "–" for u in units},
            {str(u.people) for u in units},
        )
        for column, texts in enumerate(columns, start=1):
            texts.add(str(self.model.HEADERS[column]))
            widest = max(metrics.horizontalAdvance(text) for text in texts)
            header.resizeSection(column, widest + 16)


class UnitForm(QGroupBox):
    """The chosen unit's code, name, level and function, saved as one edit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Unit", parent)
        self.code = QLabel(self)
        self.name = QLineEdit(self)
        self.level = QComboBox(self)
        self.level.setEditable(True)
        self.level.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.function = QComboBox(self)
        self.save = action("Save changes", self)
        self.name.returnPressed.connect(self.save.trigger)
        form = QFormLayout(self)
        form.addRow("Code:", self.code)
        form.addRow("Name:", self.name)
        form.addRow("Level:", self.level)
        form.addRow("Function:", row(self.function, button(self.save, self), grow=0))

    def fields(self) -> tuple[QWidget, ...]:
        return (self.name, self.level, self.function)

    def set_functions(self, names: list[str]) -> None:
        """Offer ``names``, after "(no function)"; the item data is the name ("": none)."""
        chosen = self.function.currentData()
        self.function.blockSignals(True)
        self.function.clear()
        self.function.addItem(NO_FUNCTION, "")
        for name in names:
            self.function.addItem(name, name)
        self.function.setCurrentIndex(max(self.function.findData(chosen), 0))
        self.function.blockSignals(False)

    def show_values(self, name: str, level: str, levels: list[str], function: str | None) -> None:
        for field in self.fields():
            field.blockSignals(True)
        self.name.setText(name)
        self.level.clear()
        self.level.addItems(levels)
        self.level.setCurrentText(level)
        self.function.setCurrentIndex(max(self.function.findData(function or ""), 0))
        for field in self.fields():
            field.blockSignals(False)


class PeoplePanel(QGroupBox):
    """The people of the chosen unit (names edited in place), and a field for a new one."""

    def __init__(self, model: PeopleModel, parent: QWidget | None = None) -> None:
        super().__init__("People", parent)
        self.model = model
        table = self.table = _table(self, model)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.new_name = QLineEdit(self)
        self.new_name.setPlaceholderText("New person's name")
        self.add = action("Add person", self)
        self.new_name.returnPressed.connect(self.add.trigger)
        self.rename = action("Rename", self)
        self.remove = action("Remove…", self)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        table.addActions([self.rename, self.remove])
        layout = QVBoxLayout(self)
        layout.addWidget(table, 1)
        layout.addLayout(
            row(
                self.new_name,
                button(self.add, self),
                button(self.rename, self),
                button(self.remove, self),
                grow=0,
            )
        )


class RolesPanel(QGroupBox):
    """The roles held on the chosen unit; a person and a role to give, or one to take."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Roles", parent)
        self.model = RolesModel(self)
        table = self.table = _table(self, self.model)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.person = QComboBox(self)
        self.person.setEditable(True)  # typed to find one among many: "Gar…"
        self.person.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.person.setMinimumContentsLength(18)
        self.person.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        completer = self.person.completer()
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.role = QComboBox(self)
        for access in ROLES:
            self.role.addItem(access.value, access.value)
        self.role.setCurrentIndex(self.role.findData(Access.MEMBER.value))  # the usual one
        self.give = action("Give role", self)
        self.take = action("Take away", self)
        note = QLabel("A role holds on this unit and on every unit below it.", self)
        note.setEnabled(False)  # a hint, drawn quieter
        layout = QVBoxLayout(self)
        layout.addWidget(table, 1)
        layout.addLayout(
            row(
                self.person,
                self.role,
                button(self.give, self),
                button(self.take, self),
                grow=0,
            )
        )
        layout.addWidget(note)

    def set_people(self, people: list[tuple[str, str]]) -> None:
        """Offer ``people`` (text, key), keeping the chosen one."""
        chosen = self.person.currentData()
        self.person.clear()
        for text, key in people:
            self.person.addItem(text, key)
        self.person.setCurrentIndex(max(self.person.findData(chosen), 0))

    def choose(self, key: str, role: str | None = None) -> None:
        self.person.setCurrentIndex(max(self.person.findData(key), 0))
        if role is not None:
            self.role.setCurrentIndex(max(self.role.findData(role), 0))


class FunctionsPanel(QGroupBox):
    """The plan's functions, with their units and kaizens, and a field for a new one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Functions", parent)
        self.model = FunctionsModel(self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.new_name = QLineEdit(self)
        self.new_name.setPlaceholderText("New function (Legal, Procurement, …)")
        self.add = action("Add function", self)
        self.new_name.returnPressed.connect(self.add.trigger)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(row(self.new_name, button(self.add, self), grow=0))
