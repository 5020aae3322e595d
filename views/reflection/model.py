"""The reflection table of one unit: its objectives with their figures, the result the
figures suggest, and the reflection to record (result, decision, new title or goal, what
helped and hindered, the lesson).

An edit never changes a row behind the undo stack: ``setData`` hands a ``Reflect`` to the
document, and the row shows the new value when the view reads the plan again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from hoshin.operations.base import Operation
from hoshin.operations.years import DECISIONS, RESULTS, CommentReflection, Reflect
from hoshin.reads.reflection import ReflectionLine
from hoshin.text import formats
from views.models import CODE_ROLE, ITEM_ROLE, KIND_ROLE, NODE_ID_ROLE, ROOT, Index

#: The columns: (heading, the field of Reflect it edits, or None when it is read-only).
COLUMNS: tuple[tuple[str, str | None], ...] = (
    ("Code", None),
    ("Objective", None),
    ("Goal", None),
    ("Last actual", None),
    ("Year to date", None),
    ("Suggested", None),
    ("Result", "result"),
    ("Decision", "decision"),
    ("New title", "new_title"),
    ("New goal", "new_goal"),
    ("What helped", "helped"),
    ("What hindered", "hindered"),
    ("Lesson", "lesson"),
)
LAST_ACTUAL_COLUMN = 3
RESULT_COLUMN = 6
DECISION_COLUMN = 7
NEW_GOAL_COLUMN = 9
#: The columns of prose, written in the panel under the table rather than in a cell.
PROSE = ("helped", "hindered", "lesson")
#: The words a combo offers, per column edited by one ("" clears).
CHOICES: dict[int, tuple[str, ...]] = {
    RESULT_COLUMN: ("", *RESULTS),
    DECISION_COLUMN: ("", *DECISIONS),
}
#: The suggested result's colour: the bowling chart's green, amber and red.
RESULT_COLOURS = {"achieved": "#1e7b34", "partly": "#9a6700", "missed": "#b42318"}
_MUTED = QColor("#6b7280")

Execute = Callable[[Operation], bool]


class ReflectionModel(QAbstractTableModel):
    """The objectives of one unit (:class:`~hoshin.reads.reflection.ReflectionLine`).

    Args:
        execute: runs a ``Reflect`` through the document; True when it was applied.
    """

    def __init__(self, execute: Execute, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.execute = execute
        self.lines: list[ReflectionLine] = []
        self.unit_codes: dict[int, str] = {}  # each line's unit, when several are shown

    def set_lines(
        self, lines: list[ReflectionLine], unit_codes: dict[int, str] | None = None
    ) -> None:
        """Show ``lines``; ``unit_codes`` when they are of several units (each code then
        says its unit under it)."""
        self.beginResetModel()
        self.lines = list(lines)
        self.unit_codes = dict(unit_codes or {})
        self.endResetModel()

    def line(self, row: int) -> ReflectionLine:
        return self.lines[row]

    # -- Qt ------------------------------------------------------------------------------

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section][0]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._editable(self.lines[index.row()], index.column()):
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def _editable(self, line: ReflectionLine, column: int) -> bool:
        if COLUMNS[column][1] is None or line.refusal is not None:
            return False
        return column != NEW_GOAL_COLUMN or line.is_target  # only a target has a goal

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.lines):
            return None
        line, column = self.lines[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(line, column, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(line, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 5 and line.suggested:
                return QBrush(QColor(RESULT_COLOURS[line.suggested]))
            if column == RESULT_COLUMN and line.result:
                return QBrush(QColor(RESULT_COLOURS[line.result]))
            if line.refusal is not None and COLUMNS[column][1] is not None:
                return QBrush(_MUTED)
            return None
        if role == Qt.ItemDataRole.FontRole and column == 0 and line.comments:
            bold = QFont()
            bold.setBold(True)  # commented on: the unit above has said something
            return bold
        if role == Qt.ItemDataRole.TextAlignmentRole and 2 <= column <= 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == NODE_ID_ROLE:
            return line.node_id
        if role == CODE_ROLE:
            return line.code
        if role == KIND_ROLE:
            return line.kind
        if role == ITEM_ROLE:
            return line
        return None

    def _text(self, line: ReflectionLine, column: int, editing: bool) -> str:
        unit = f" {line.unit_of_measure}" if line.unit_of_measure and not editing else ""
        missing = "" if not line.is_target else formats.MISSING
        if column == 0:
            unit = self.unit_codes.get(line.unit_id)
            return f"{line.code}\n{unit}" if unit and not editing else line.code
        if column == 1:
            return line.title
        if column == 2:
            return formats.number(line.goal, missing=missing) + (
                unit if line.goal is not None else ""
            )
        if column == 3:
            return formats.number(line.last_actual, missing=missing)
        if column == 4:
            return formats.number(_rounded(line.ytd_actual), missing=missing)
        if column == 5:
            return line.suggested or ""
        if column == RESULT_COLUMN:
            return line.result or ""
        if column == DECISION_COLUMN:
            return line.decision or ""
        if column == 8:
            return line.new_title or ""
        if column == NEW_GOAL_COLUMN:
            if editing:
                return formats.editable(line.new_goal)
            return formats.number(line.new_goal, missing="")
        return str(getattr(line, COLUMNS[column][1] or "", "") or "")

    def _tooltip(self, line: ReflectionLine, column: int) -> str | None:
        if line.refusal is not None and COLUMNS[column][1] is not None:
            return line.refusal
        if column == 3 and line.last_month:
            return f"{formats.month_label(line.last_month)}: {formats.number(line.last_actual)}"
        if column == 4 and line.ytd_actual is not None:
            said = f"Plan to date {formats.number(_rounded(line.ytd_plan))}"
            if line.last_month:  # the Last actual column is hidden in the tab
                month = formats.month_label(line.last_month)
                said += f"; last actual {formats.number(line.last_actual)} ({month})"
            return said
        if column == 5 and line.suggested and not line.is_target:
            return f"By the {line.suggested_from} target(s) that measure it or what serves it"
        if column == 5 and line.suggested:
            return (
                f"Year to date {formats.number(_rounded(line.ytd_actual))} against the goal "
                f"{formats.number(line.goal)} (baseline {formats.number(line.baseline)}, "
                f"{line.direction or 'up'} is better)"
            )
        if column == 0 and line.comments:
            return f"{len(line.comments)} comment(s): select the row to read them"
        if column == 1 or column >= 8:
            return self._text(line, column, False) or None
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        line, column = self.lines[index.row()], index.column()
        field = COLUMNS[column][1]
        if field is None or not self._editable(line, column):
            return False
        text = "" if value is None else str(value)
        if text == self._text(line, column, True):
            return False  # nothing to change: no edit on the undo stack
        # A word or a new title or goal left empty clears it; the prose is kept as typed.
        given = text if field in ("helped", "hindered", "lesson") else text.strip() or None
        return self.execute(Reflect(line.code, **{field: given}))

    def comment(self, row: int, text: str) -> bool:
        """Comment on the reflection of ``row`` (one edit); False: nothing to say, or
        refused (the reason is shown by whoever executes)."""
        line = self.lines[row]
        if not text.strip() or line.comment_refusal is not None:
            return False
        return self.execute(CommentReflection(line.code, text))

    def record(self, row: int, **words: str) -> bool:
        """Record what helped, what hindered and the lesson of ``row`` as one edit (one
        undo); only the words that differ from those shown are sent. False: nothing was
        recorded (nothing changed, read-only, or refused)."""
        line = self.lines[row]
        changed = {k: v for k, v in words.items() if v.strip() != getattr(line, k).strip()}
        if not changed or line.refusal is not None:
            return False
        return self.execute(Reflect(line.code, **changed))


def _rounded(value: float | None) -> float | None:
    """A year to date as a person reads it: at most two decimal places."""
    return None if value is None else round(value, 2)


def column_of(field: str) -> int:
    return next(i for i, (_h, f) in enumerate(COLUMNS) if f == field)


def node_index(model: ReflectionModel, code: str, column: int = 0) -> QModelIndex:
    """The index of the row of ``code`` (an invalid index when it is not shown)."""
    for row, line in enumerate(model.lines):
        if line.code == code:
            return model.index(row, column)
    return QModelIndex()
