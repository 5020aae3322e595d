"""A table of catchball threads: the panel's threads of one node, and the inbox.

The rows come from one bulk query (:func:`hoshin.catchball.queries.list_threads`); the
model hands them to the view a page at a time (``fetchMore``), so an inbox of thousands
opens as fast as one of three.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QFont

from hoshin.catchball.queries import ThreadSummary
from views.catchball import text
from views.models import ITEM_ROLE, ROOT, THREAD_ID_ROLE, Index, PagedRows

PAGE = 200


@dataclass(frozen=True)
class Column:
    """A column: its header and what a row shows in it."""

    header: str
    cell: Callable[[ThreadSummary, ThreadTableModel], str]
    align_right: bool = False


def _waiting(t: ThreadSummary, m: ThreadTableModel) -> str:
    if t.waiting_unit is None:
        return "nobody"
    return "you" if t.waiting_unit == m.my_unit else t.waiting_unit


def _with(t: ThreadSummary, m: ThreadTableModel) -> str:
    """The unit across the table from the node shown in the panel (or from my unit), with
    the way the ball goes to it: ↓ to the unit below, ↑ to the unit above."""
    above = t.child_code == m.node_code if m.node_code is not None else m.my_unit == t.lower
    return f"↑ {t.upper}" if above else f"↓ {t.lower}"


INBOX_COLUMNS: tuple[Column, ...] = (
    Column("Node", lambda t, _m: f"{t.code}  {t.title}"),
    Column("With", _with),
    Column("State", lambda t, _m: t.state),
    Column("Rd", lambda t, _m: str(t.round), align_right=True),
    Column("Open", lambda t, m: f"{text.days_open(t, m.now)} d", align_right=True),
)
NODE_COLUMNS: tuple[Column, ...] = (
    Column("With", _with),
    Column("State", lambda t, _m: t.state),
    Column("Round", lambda t, _m: str(t.round), align_right=True),
    Column("Waiting for", _waiting),
)


class ThreadTableModel(PagedRows[ThreadSummary], QAbstractTableModel):
    """Thread summaries in rows; read-only (replies go through the composer).

    Every summary is held (one bulk query read them); rows are handed to the view a page
    at a time.

    Args:
        columns: what to show (:data:`INBOX_COLUMNS` or :data:`NODE_COLUMNS`).
        mark_mine: rows waiting for the current person's unit are bold (pointless in an
            inbox, where every row is).

    Signals:
        none of its own; rows change through the usual model signals.
    """

    def __init__(
        self, columns: Sequence[Column], parent: QObject | None = None, *, mark_mine: bool = True
    ) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self.mark_mine = mark_mine
        self.rows: list[ThreadSummary] = []
        self._all: list[ThreadSummary] = []
        self.now: dt.datetime = dt.datetime(2000, 1, 1)
        self.my_unit: str | None = None  # unit code of the current person
        self.node_code: str | None = None  # the node the panel shows
        self.unit_names: Mapping[str, str] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    def set_threads(
        self,
        threads: Sequence[ThreadSummary],
        now: dt.datetime,
        my_unit: str | None = None,
        node_code: str | None = None,
        unit_names: Mapping[str, str] | None = None,
    ) -> None:
        self.beginResetModel()
        self._all = list(threads)
        self.set_rows(self._all[:PAGE])
        self.now, self.my_unit, self.node_code = now, my_unit, node_code
        self.unit_names = unit_names or {}
        self.endResetModel()

    def next_page(self) -> list[ThreadSummary]:
        shown = len(self.rows)
        return self._all[shown : shown + PAGE]

    def more_to_fetch(self) -> bool:
        return len(self.rows) < len(self._all)

    def summary(self, row: int) -> ThreadSummary | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def thread_ids(self) -> list[int]:
        """Every thread id the model holds, fetched into rows or not."""
        return [t.id for t in self._all]

    def row_of(self, thread_id: int) -> int:
        """The row of ``thread_id``, fetching as far as needed; -1 when not held."""
        for i, t in enumerate(self._all):
            if t.id == thread_id:
                shown = len(self.rows)
                if i >= shown:
                    self.beginInsertRows(QModelIndex(), shown, i)
                    self.rows.extend(self._all[shown : i + 1])
                    self.endInsertRows()
                return i
        return -1

    # -- Qt ------------------------------------------------------------------------------

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        t = self.summary(index.row())
        if t is None or not 0 <= index.column() < len(self.columns):
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.cell(t, self)
        if role == THREAD_ID_ROLE:
            return t.id
        if role == ITEM_ROLE:  # the ThreadSummary
            return t
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignRight if column.align_right else Qt.AlignmentFlag.AlignLeft
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column.header == "State":
            return text.STATE_COLOUR.get(t.state)
        mine = self.mark_mine and t.waiting_unit is not None and t.waiting_unit == self.my_unit
        if role == Qt.ItemDataRole.FontRole and mine:
            return self._bold  # waiting for me: it reads first
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(t)
        return None

    def _tooltip(self, t: ThreadSummary) -> str:
        upper = self.unit_names.get(t.upper, t.upper)
        lower = self.unit_names.get(t.lower, t.lower)
        lines = [f"{t.code} {t.title}", f"{upper} ({t.upper}) → {lower} ({t.lower})"]
        if t.child_code:
            lines.append(f"Deployed as {t.child_code}")
        waiting = "nobody" if t.waiting_unit is None else self.unit_names.get(t.waiting_unit)
        opened = text.days(text.days_open(t, self.now))
        lines.append(
            f"{text.state_label(t.state)}, round {t.round}, {t.messages} messages, "
            f"open {opened}; waiting for {waiting or t.waiting_unit}"
        )
        return "\n".join(lines)
