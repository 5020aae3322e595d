"""What every item model of the views shares: its roles, its index type, and paging.

Roles are declared here once, one constant per meaning, so that "the node of a row" is the
same role in the strategy tree, the board, the find list and the health lists (it was
``UserRole + 1``, ``+ 2`` or ``+ 3`` depending on the module). A model answers the roles
that make sense for its rows and ``None`` to the others.

:class:`PagedRows` is the "a page at a time as the view scrolls" of a flat model (napari's
and Anki's lazy tables): ``canFetchMore``/``fetchMore`` and their guard, written once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

#: Any index Qt may hand a model.
Index = QModelIndex | QPersistentModelIndex
#: The invisible root, as a default argument.
ROOT = QModelIndex()

_USER = Qt.ItemDataRole.UserRole

# -- shared roles ----------------------------------------------------------------------------
#: The id (int) of the node a row is about: the node itself, the kaizen a sustainment item
#: belongs to; 0 on a row that names no node (a "none yet" line).
NODE_ID_ROLE = _USER + 1
#: The domain object a row shows (napari's ``get_item``): an audit entry, a board card, a
#: thread summary, a catchball message, a sustainment item, a bowling target, a node ref.
ITEM_ROLE = _USER + 2
#: The node's code (str).
CODE_ROLE = _USER + 3
#: The node's kind (a :class:`~hoshin.model.kinds.NodeKind` value, str).
KIND_ROLE = _USER + 4
#: The id (int) of the unit a row is (the organisation tree) or belongs to (the find list).
UNIT_ID_ROLE = _USER + 5
#: The catchball thread id (int) of a row.
THREAD_ID_ROLE = _USER + 6
#: Open catchball threads about a row's node: a count (the strategy tree), or (count, the
#: code they are about) on a board card, which also counts those of what it supports.
CATCHBALL_ROLE = _USER + 7

# -- roles of one view -----------------------------------------------------------------------
#: Strategy tree: how a row relates to the selected node (``SELECTED``/``SERVES``/
#: ``AFFECTED`` of :mod:`views.strategy_tree.sight`), or None.
HIGHLIGHT_ROLE = _USER + 8
#: Strategy tree: the name of the child unit a row was deployed to, or None.
DEPLOYED_TO_ROLE = _USER + 9
#: Organisation tree: the unit's :class:`~views.org_tree.Health` (None until counted).
HEALTH_ROLE = _USER + 10
#: Organisation tree: the unit's live kaizens, with the units below (None until counted).
KAIZEN_COUNT_ROLE = _USER + 11
#: Bowling chart: the cell's :class:`~hoshin.rules.bowling.Status` (None: no figure, or not
#: a judged cell). Through Qt it arrives as its string ("red"), equal to the member.
STATUS_ROLE = _USER + 12
#: Bowling chart: the cell's month (``YYYY-MM``), None outside the month columns.
MONTH_ROLE = _USER + 13
#: Bowling chart: ``"plan"`` or ``"actual"``, which row of its target a row is.
ROW_KIND_ROLE = _USER + 14
#: Bowling chart: True on an actual that is red and has no countermeasure yet.
NEEDS_COUNTERMEASURE_ROLE = _USER + 15
#: Bowling chart: the target's trend (the sparkline's figures, in the target column).
TREND_ROLE = _USER + 16


# -- paging ----------------------------------------------------------------------------------

M = TypeVar("M")
P = ParamSpec("P")
T = TypeVar("T")


def one_page_at_a_time(
    fetch: Callable[Concatenate[M, P], None],
) -> Callable[Concatenate[M, P], None]:
    """Run a model's fetch unless one is going in already (then do nothing).

    Listeners of ``rowsAboutToBeInserted`` (views, the model tester) may ask for more again
    while a page goes in; without the guard a page would be read twice. ``canFetchMore``
    answers False meanwhile: it reads the model's ``fetching``.
    """

    @functools.wraps(fetch)
    def guarded(model: M, *args: P.args, **kwargs: P.kwargs) -> None:
        if getattr(model, "fetching", False):
            return
        model.fetching = True  # type: ignore[attr-defined]
        try:
            fetch(model, *args, **kwargs)
        finally:
            model.fetching = False  # type: ignore[attr-defined]

    return guarded


class PagedRows(Generic[T]):
    """Mixin for a flat model whose rows come a page at a time as the view scrolls.

    Put it before the Qt model class (``class HistoryModel(PagedRows[Row],
    QAbstractTableModel)``). The model calls :meth:`set_rows` with the first page, and
    implements :meth:`next_page` (the rows after the last one held); a page shorter than
    :attr:`page_size` is the last.

    Attributes:
        rows: the rows fetched so far, in order.
        page_size: rows per page.
        fetching: a page is going in now (see :func:`one_page_at_a_time`).
    """

    rows: list[T]
    page_size: int = 200
    fetching: bool = False
    _more: bool = False

    def set_rows(self, first_page: list[T], *, more: bool | None = None) -> None:
        """Hold ``first_page`` (inside the caller's model reset); ``more`` defaults to
        "the page was full"."""
        self.rows = list(first_page)
        self._more = len(self.rows) >= self.page_size if more is None else more

    def next_page(self) -> list[T]:
        """The rows after :attr:`rows` (at most :attr:`page_size`)."""
        raise NotImplementedError

    def more_to_fetch(self) -> bool:
        """Whether rows beyond those held may exist."""
        return self._more

    def took(self, page: list[T]) -> None:
        """``page`` was appended to :attr:`rows` (a model keeping an index of its rows
        extends it here)."""

    # -- Qt --------------------------------------------------------------------------------

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def canFetchMore(self, parent: Index = ROOT) -> bool:
        return not parent.isValid() and not self.fetching and self.more_to_fetch()

    @one_page_at_a_time
    def fetchMore(self, parent: Index = ROOT) -> None:
        if parent.isValid() or not self.more_to_fetch():
            return
        page = self.next_page()
        self._more = len(page) >= self.page_size
        if not page:
            return
        first = len(self.rows)
        model: Any = self  # the Qt model this mixin is part of
        model.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self.rows.extend(page)
        self.took(page)
        model.endInsertRows()


class RowsTableModel(QAbstractTableModel, Generic[T]):
    """A flat table of read rows under fixed ``HEADERS``: the list, its count, its headers
    and "the row at this index", written once; a subclass says what each column shows."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[T] = []

    def set_rows(self, rows: Any) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, index: Index) -> T | None:
        valid = index.isValid() and 0 <= index.row() < len(self._rows)
        return self._rows[index.row()] if valid else None

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None
