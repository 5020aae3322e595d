"""The item models of the Organisation dialog: the unit tree, the people and the roles of
one unit, and the plan's functions.

Each holds plain rows from :mod:`hoshin.reads.organisation` and is refilled by one model
reset when the document says that what it shows changed. The people's names are edited in
place: ``setData`` hands the rename to the dialog's edit (an undoable operation), it never
changes a row behind the undo stack.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)

from hoshin.reads.organisation import FunctionRow, PersonRow, RoleRow, UnitRow
from hoshin.rules.permissions import YES, Answer
from hoshin.text.wording import count
from views.models import RowsTableModel

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
DISPLAY = Qt.ItemDataRole.DisplayRole
EDIT = Qt.ItemDataRole.EditRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
#: The id of the unit, person or function of a row.
IdRole = Qt.ItemDataRole.UserRole + 1
#: The code of a unit, the key of a person.
CodeRole = Qt.ItemDataRole.UserRole + 2


class UnitTreeModel(QAbstractItemModel):
    """Units as a tree: name, code, level, function and how many people work there."""

    HEADERS = ("Unit", "Code", "Level", "Function", "People")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._units: dict[int, UnitRow] = {}
        self._children: dict[int | None, list[int]] = {None: []}
        self._row: dict[int, int] = {}

    def set_units(self, units: Sequence[UnitRow]) -> None:
        """Show ``units`` (each after its parent, as the read gives them)."""
        self.beginResetModel()
        self._units = {u.id: u for u in units}
        self._children = {None: []}
        self._row = {}
        for unit in units:
            parent = unit.parent_id if unit.parent_id in self._units else None
            siblings = self._children.setdefault(parent, [])
            self._row[unit.id] = len(siblings)
            siblings.append(unit.id)
        self.endResetModel()

    def unit(self, index: Index) -> UnitRow | None:
        return self._units.get(index.internalId()) if index.isValid() else None

    def unit_by_id(self, unit_id: int) -> UnitRow | None:
        return self._units.get(unit_id)

    def units(self) -> list[UnitRow]:
        return list(self._units.values())

    def index_of(self, unit_id: int, column: int = 0) -> QModelIndex:
        if unit_id not in self._units:
            return QModelIndex()
        return self.createIndex(self._row[unit_id], column, unit_id)

    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        owner = self.unit(parent)
        ids = self._children.get(owner.id if owner is not None else None, [])
        return self.createIndex(row, column, ids[row])

    def parent(self, index: Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        unit = self.unit(index)
        above = unit.parent_id if unit is not None else None
        return self.index_of(above) if above is not None else QModelIndex()

    def rowCount(self, parent: Index = _ROOT) -> int:
        if parent.column() > 0:
            return 0
        owner = self.unit(parent)
        return len(self._children.get(owner.id if owner is not None else None, []))

    def columnCount(self, parent: Index = _ROOT) -> int:
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        unit = self.unit(index)
        if unit is None:
            return None
        if role == DISPLAY:
            return (
                unit.name,
                unit.code,
                unit.level,
                unit.function or "–",
                unit.people or "",
            )[index.column()]
        if role == TOOLTIP:
            function = f", {unit.function}" if unit.function else ", no function"
            people = count(unit.people, "person", "people")
            return f"{unit.name} — {unit.code}, {unit.level}{function}; {people}"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == IdRole:
            return unit.id
        if role == CodeRole:
            return unit.code
        return None


class PeopleModel(QAbstractTableModel):
    """The people of one unit; a name is edited in place when the person may be renamed.

    ``may_rename`` answers, per person, whether the one using the app may rename them, and
    ``rename`` makes the edit (True when it was made), just after ``setData`` returns. The
    e-mail address (where reminders reach them) is edited in place the same way, through
    ``may_change`` and ``set_email``.
    """

    HEADERS = ("Name", "Key", "Function", "Owns", "E-mail")
    EMAIL = 4

    def __init__(
        self,
        rename: Callable[[PersonRow, str], bool],
        may_rename: Callable[[PersonRow], Answer] = lambda _row: YES,
        parent: QObject | None = None,
        *,
        set_email: Callable[[PersonRow, str], bool] = lambda _row, _text: False,
        may_change: Callable[[PersonRow], Answer] = lambda _row: YES,
    ) -> None:
        super().__init__(parent)
        self._rows: list[PersonRow] = []
        self._rename = rename
        self.may_rename = may_rename
        self._set_email = set_email
        self.may_change = may_change

    def set_people(self, rows: Sequence[PersonRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def person(self, index: Index) -> PersonRow | None:
        valid = index.isValid() and 0 <= index.row() < len(self._rows)
        return self._rows[index.row()] if valid else None

    def row_of(self, key: str) -> int:
        return next((i for i, p in enumerate(self._rows) if p.key == key), -1)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY:
            return self.HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        person = self.person(index)
        if person is not None and index.column() == 0 and self.may_rename(person):
            flags |= Qt.ItemFlag.ItemIsEditable
        if person is not None and index.column() == self.EMAIL and self.may_change(person):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        person = self.person(index)
        if person is None:
            return None
        column = index.column()
        if role in (DISPLAY, EDIT):
            owns = count(person.owns, "priority or target", "priorities or targets")
            return (
                person.name,
                person.key,
                person.function or "–",
                owns if person.owns else "",
                person.email or "",
            )[column]
        if role == TOOLTIP and column == 0:
            answer = self.may_rename(person)
            return "Double-click or F2 to rename." if answer else answer.reason
        if role == TOOLTIP and column == self.EMAIL:
            answer = self.may_change(person)
            if not answer:
                return answer.reason
            return "Where reminders reach them (hoshin remind). Double-click to change."
        if role == TOOLTIP and column == 2:
            return "A person works in the function of their unit."
        if role == IdRole:
            return person.id
        if role == CodeRole:
            return person.key
        return None

    def setData(self, index: Index, value: Any, role: int = EDIT) -> bool:
        person = self.person(index)
        if person is not None and role == EDIT and index.column() == self.EMAIL:
            text = str(value).strip()
            if text == (person.email or ""):
                return False
            QTimer.singleShot(0, self, lambda: self._set_email(person, text))
            return True
        if person is None or role != EDIT or index.column() != 0:
            return False
        name = str(value).strip()
        if name == person.name:
            return False  # nothing to record
        # Made on the next turn of the event loop: the edit refreshes this model, which must
        # not happen while the view is still committing its editor.
        QTimer.singleShot(0, self, lambda: self._rename(person, name))
        return True


class RolesModel(RowsTableModel[RoleRow]):
    """The roles held on one unit: who, and which role."""

    HEADERS = ("Person", "Key", "Role")

    def set_roles(self, rows: Sequence[RoleRow]) -> None:
        self.set_rows(rows)

    def role_row(self, index: Index) -> RoleRow | None:
        return self.row_at(index)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        row = self.role_row(index)
        if row is None:
            return None
        if role == DISPLAY:
            return (row.person_name, row.person_key, row.role.value)[index.column()]
        if role == IdRole:
            return row.person_id
        if role == CodeRole:
            return row.person_key
        return None


class FunctionsModel(QAbstractListModel):
    """The plan's functions, each with how many units and kaizens have it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[FunctionRow] = []

    def set_functions(self, rows: Sequence[FunctionRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def names(self) -> list[str]:
        return [f.name for f in self._rows]

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == DISPLAY:
            return f"{row.name} — {count(row.units, 'unit')}, {count(row.kaizens, 'kaizen')}"
        if role == EDIT:
            return row.name
        if role == TOOLTIP and not row.kaizens:
            return f"No kaizen serves {row.name} yet: the health view flags it."
        if role == IdRole:
            return row.id
        return None
