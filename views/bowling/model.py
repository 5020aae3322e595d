"""The bowling chart as a table model: two rows per target (plan, actual) × twelve months.

Colour and mark of every actual come from :func:`hoshin.rules.bowling.month_status`, the one
rule the workbook and the review use too. The model never writes behind the undo stack:
``setData`` hands a ``SetMeasurement`` to the document, and the cell changes when the
document announces the edit (so undo, redo and other views' edits all land the same way).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, Qt, Signal
from PySide6.QtGui import QColor, QFont

from hoshin.model.kinds import Direction
from hoshin.reads.carried_figures import TargetYear
from hoshin.rules.bowling import (
    AGGREGATION_WORDS,
    DERIVED_MARK,
    Status,
    TargetRow,
    month_status,
    months_of,
)
from hoshin.text import formats
from views.bowling.paste import CellTarget, PasteError, measurement_op, parse_number
from views.document import PlanDocument
from views.models import (
    ITEM_ROLE,
    MONTH_ROLE,
    NEEDS_COUNTERMEASURE_ROLE,
    ROOT,
    ROW_KIND_ROLE,
    STATUS_ROLE,
    TREND_ROLE,
    Index,
)

#: Columns: the target (with its sparkline), twelve months, the year to date. The plan and
#: actual rows are told apart by their look (grey figures above, marked ones below), not a
#: column of their own: beside the docks at 1600 pixels every column counts.
COL_TARGET, FIRST_MONTH = 0, 1
COL_YTD = FIRST_MONTH + 12
COLUMNS = COL_YTD + 1

#: Cell colours by status; the mark (✔ ≈ ✖) says the same without colour.
STATUS_BG = {
    Status.GREEN: QColor("#d8efd9"),
    Status.YELLOW: QColor("#fbefc4"),
    Status.RED: QColor("#f6d2cf"),
}
STATUS_WORD = {Status.GREEN: "on or better than plan", Status.YELLOW: "close to plan",
               Status.RED: "behind plan"}  # fmt: skip
PLAN_FG = QColor("#5b6675")


#: Every other target's two rows are tinted, so a target's plan and actual read as one.
ZEBRA = QColor("#f4f6f9")
_LOOK_ROLES = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.TextAlignmentRole,
        STATUS_ROLE,
        NEEDS_COUNTERMEASURE_ROLE,
    )
)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True, slots=True)
class CellLook:
    """What a cell shows: the one place its text, colours and marks are decided.

    Worked out for a whole row at once and kept until its target changes. Painting reads
    it directly: Qt's default delegate asks ``data()`` for a dozen roles per cell, which
    through Python made a screenful of targets take a quarter of a second.
    """

    text: str
    background: QColor | None
    foreground: QColor | None
    bold: bool
    align: int
    status: Status | None
    flag: bool  # red with no countermeasure


@dataclass(frozen=True)
class Trend:
    """A target's year for the sparkline: plan and actual per month, and each status."""

    plan: list[float | None]
    actual: list[float | None]
    status: list[Status | None]
    direction: str


def number_text(value: float | None) -> str:
    """A figure short enough for a month column; a month without one stays blank."""
    return formats.short(value, missing="")


def full_text(value: float | None) -> str:
    """A figure whole, as the editor and the tooltip give it ("" when there is none)."""
    return formats.editable(value)


class BowlingModel(QAbstractTableModel):
    """Targets × months; plan and actual month cells are editable through the document.

    Args:
        document: the open plan; edits go through ``document.execute``.
        parent: the owning object.

    Signals:
        measurementEdited(str, str, str): a typed figure was written (code, month, and
            ``"plan"`` or ``"actual"``).
    """

    measurementEdited = Signal(str, str, str)

    def __init__(self, document: PlanDocument, parent: Any = None) -> None:
        super().__init__(parent)
        self.document = document
        self.year = dt.date.today().year
        self.months = months_of(self.year)
        self.targets: list[TargetRow] = []
        self.last_years: dict[int, TargetYear] = {}  # carried target id -> its last year
        self._row_of: dict[int, int] = {}  # target id -> index in targets
        self._looks: dict[int, list[CellLook]] = {}  # table row -> its cells' looks
        self._trends: dict[int, Trend] = {}  # target index -> its sparkline
        self._bold = QFont()
        self._bold.setBold(True)

    # -- content -------------------------------------------------------------------------

    def set_targets(
        self, year: int, targets: list[TargetRow], last_years: dict[int, TargetYear] | None = None
    ) -> None:
        """``last_years``: the year each carried target was carried from, for its tooltip."""
        self.beginResetModel()
        self.year = year
        self.months = months_of(year)
        self.targets = list(targets)
        self.last_years = dict(last_years or {})
        self._row_of = {t.id: i for i, t in enumerate(self.targets)}
        self._looks.clear()
        self._trends.clear()
        self.endResetModel()

    def replace_targets(self, fresh: list[TargetRow]) -> None:
        """Put re-read targets in place (same ids) and repaint their rows."""
        for target in fresh:
            i = self._row_of.get(target.id)
            if i is None:
                continue
            self.targets[i] = target
            self._looks.pop(2 * i, None)
            self._looks.pop(2 * i + 1, None)
            self._trends.pop(i, None)
            self.dataChanged.emit(self.index(2 * i, 0), self.index(2 * i + 1, COLUMNS - 1))

    def target_ids(self) -> set[int]:
        return set(self._row_of)

    def target(self, row: int) -> TargetRow | None:
        return self.targets[row // 2] if 0 <= row < 2 * len(self.targets) else None

    def row_of(self, code: str, kind: str = "actual") -> int:
        for i, t in enumerate(self.targets):
            if t.code == code:
                return 2 * i + (kind == "actual")
        raise KeyError(code)

    def month_column(self, month: str) -> int:
        return FIRST_MONTH + self.months.index(month)

    def cell(self, row: int, column: int) -> CellTarget | None:
        """The plan or actual a month cell holds; None for other cells."""
        target = self.target(row)
        if target is None or not FIRST_MONTH <= column < FIRST_MONTH + 12:
            return None
        month = self.months[column - FIRST_MONTH]
        kind = "actual" if row % 2 else "plan"
        values = target.actual if kind == "actual" else target.plan
        return CellTarget(target.code, month, kind, values.get(month))

    def needs_countermeasure(self, row: int, column: int) -> bool:
        cell = self.cell(row, column)
        target = self.target(row)
        if cell is None or target is None or cell.field != "actual":
            return False
        return target.status(cell.month) is Status.RED and not target.countermeasures.get(
            cell.month
        )

    # -- Qt model ------------------------------------------------------------------------

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else 2 * len(self.targets)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMNS:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if FIRST_MONTH <= section < COL_YTD:
                return dt.date(self.year, section - FIRST_MONTH + 1, 1).strftime("%b")
            return {COL_TARGET: "Target: plan, actual below", COL_YTD: "YTD"}[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == COL_YTD:
            return (
                "Year to date, by each target's aggregation (sum, average, last, min or max) "
                "over the months that have an actual"
            )
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and FIRST_MONTH <= index.column() < COL_YTD:
            # An actual derived from daily or weekly values is changed through them (the
            # node editor), not typed over: a typed figure would not show.
            target = self.target(index.row())
            month = self.months[index.column() - FIRST_MONTH]
            if index.row() % 2 and target is not None and target.derived_note(month):
                return base
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def look(self, row: int, column: int) -> CellLook:
        """How one cell looks (worked out for its whole row on first sight)."""
        looks = self._looks.get(row)
        if looks is None:
            looks = self._looks[row] = self._row_looks(row)
        return looks[column]

    def trend(self, row: int) -> Trend | None:
        """The sparkline's figures of the target on ``row`` (cached with the row's look)."""
        target = self.target(row)
        if target is None:
            return None
        cached = self._trends.get(row // 2)
        if cached is None:
            cached = self._trends[row // 2] = self._trend(target)
        return cached

    def _row_looks(self, row: int) -> list[CellLook]:
        t = self.targets[row // 2]
        actual = row % 2 == 1
        zebra = ZEBRA if (row // 2) % 2 else None
        fg = PLAN_FG if not actual else None

        def figure(value: float | None, status: Status | None, flag: bool, bold: bool) -> CellLook:
            text = number_text(value)
            return CellLook(
                # A thin space: the mark and the figure must fit a narrow month column.
                f"{status.mark}\u2009{text}" if status is not None else text,
                STATUS_BG[status] if status is not None else zebra,
                fg,
                bold,
                _RIGHT,
                status,
                flag,
            )

        if actual:
            arrow = "↓" if t.direction == Direction.DOWN else "↑"
            label = f"{t.owner or 'no primary owner'} · {t.unit_of_measure or 'no unit'} · {arrow}"
            looks = [CellLook(label, zebra, PLAN_FG, False, _LEFT, None, False)]
            for month in self.months:
                status = t.status(month)
                flag = status is Status.RED and not t.countermeasures.get(month)
                look = figure(t.actual.get(month), status, flag, False)
                if t.derived_note(month):  # made of daily or weekly values: marked, see tooltip
                    look = replace(look, text=f"{look.text}{DERIVED_MARK}")
                looks.append(look)
            plan_ytd, actual_ytd = t.year_to_date(self.months)
            looks.append(
                figure(actual_ytd, month_status(t.direction, plan_ytd, actual_ytd), False, True)
            )
        else:
            looks = [CellLook(f"{t.code}  {t.title}", zebra, None, True, _LEFT, None, False)]
            looks += [figure(t.plan.get(m), None, False, False) for m in self.months]
            looks.append(figure(t.year_to_date(self.months)[0], None, False, True))
        return looks

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row, column = index.row(), index.column()
        target = self.target(row)
        if target is None or not 0 <= column < COLUMNS:
            return None
        if role in _LOOK_ROLES:
            look = self.look(row, column)
            if role == Qt.ItemDataRole.DisplayRole:
                return look.text
            if role == Qt.ItemDataRole.BackgroundRole:
                return look.background
            if role == Qt.ItemDataRole.ForegroundRole:
                return look.foreground
            if role == Qt.ItemDataRole.FontRole:
                return self._bold if look.bold else None
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return look.align
            if role == STATUS_ROLE:
                return look.status
            return look.flag
        kind = "actual" if row % 2 else "plan"
        if role == ITEM_ROLE:  # the row's TargetRow
            return target
        if role == ROW_KIND_ROLE:
            return kind
        if role == TREND_ROLE:
            return self.trend(row)
        month = self.months[column - FIRST_MONTH] if FIRST_MONTH <= column < COL_YTD else None
        if role == MONTH_ROLE:
            return month
        values = target.actual if kind == "actual" else target.plan
        if role == Qt.ItemDataRole.EditRole and month is not None:
            return full_text(values.get(month))
        if role == Qt.ItemDataRole.ToolTipRole:
            if month is not None:
                status = target.status(month) if kind == "actual" else None
                return self._month_tip(target, kind, month, values.get(month), status)
            if column == COL_TARGET:
                return self._target_tip(target)
            if column == COL_YTD:
                how = AGGREGATION_WORDS.get(target.aggregation, target.aggregation)
                tip = f"Year to date ({kind}, {target.aggregation}): {how}"
                return tip + self._last_year_tip(target)
        return None

    def _last_year_tip(self, t: TargetRow) -> str:
        """A carried target's year to date of the year it was carried from, beside this one's."""
        last = self.last_years.get(t.id)
        if last is None or last.year >= self.year:
            return ""
        plan, actual = last.year_to_date()
        now_plan, now_actual = t.year_to_date(self.months)
        return (
            f"\n{self.year} to date: plan {full_text(now_plan) or formats.MISSING}, "
            f"actual {full_text(now_actual) or formats.MISSING}"
            f"\nLast year, {last.year}, to date: plan {full_text(plan) or formats.MISSING}, "
            f"actual {full_text(actual) or formats.MISSING}"
        )

    def _target_tip(self, t: TargetRow) -> str:
        arrow = "↓ lower is better" if t.direction == Direction.DOWN else "↑ higher is better"
        goal = full_text(t.goal) or formats.MISSING
        return (
            f"{t.code} {t.title}\nOwner: {t.owner or 'none'}\n"
            f"Unit of measure: {t.unit_of_measure or '–'}; {arrow}; goal {goal}\n"
            f"Year to date: {t.aggregation}"
        )

    def _month_tip(
        self, t: TargetRow, kind: str, month: str, value: float | None, status: Status | None
    ) -> str:
        day = dt.date(int(month[:4]), int(month[5:]), 1)
        head = f"{t.code} {kind}, {day:%B %Y}: {full_text(value) or formats.MISSING}"
        note = t.derived_note(month) if kind == "actual" else ""
        if note:
            typed = t.typed.get(month)
            typed_text = "none typed" if typed is None else f"typed {full_text(typed)}, not used"
            head += (
                f"\n{DERIVED_MARK} {note.capitalize()} ({t.aggregation}); {typed_text}; "
                "change them in the node editor"
            )
        if status is None:
            return head
        plan = full_text(t.plan.get(month))
        lines = [head, f"{status.mark} {STATUS_WORD[status]} (plan {plan})"]
        count = t.countermeasures.get(month, 0)
        if count:
            lines.append(f"Countermeasures recorded: {count}")
        elif status is Status.RED:
            lines.append("⚑ No countermeasure yet: right-click ▸ Add a countermeasure…")
        return "\n".join(lines)

    def _trend(self, t: TargetRow) -> Trend:
        return Trend(
            [t.plan.get(m) for m in self.months],
            [t.actual.get(m) for m in self.months],
            [t.status(m) for m in self.months],
            t.direction,
        )

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A typed figure becomes a ``SetMeasurement``; a bad number is refused, unwritten."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        cell = self.cell(index.row(), index.column())
        if cell is None:
            return False
        try:
            number = value if isinstance(value, float | int) else parse_number(str(value))
        except ValueError:
            self.document.errorRaised.emit(
                str(PasteError(f"“{value}” is not a number, for {cell.name}; nothing written."))
            )
            return False
        if number == cell.current:
            return False
        if self.document.execute(measurement_op(cell, number)) is None:
            return False
        self.measurementEdited.emit(cell.code, cell.month, cell.field)
        return True
