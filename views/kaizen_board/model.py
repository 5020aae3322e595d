"""One column of the kaizen board: a lazily fetched list model of the cards of one status.

The model never writes: a drop hands the dragged codes to the board, which executes
``MoveKaizen`` through the document; the card changes column when the document announces
the change (or stays put, when the move was refused).
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QAbstractListModel, QByteArray, QMimeData, QModelIndex, QObject, Qt

from hoshin.model.kinds import KaizenStatus
from hoshin.reads.board import Card
from views.catchball.badge import tooltip as catchball_tooltip
from views.kaizen_board.style import STATUS_TITLE
from views.models import CATCHBALL_ROLE, CODE_ROLE, ITEM_ROLE, NODE_ID_ROLE, Index, PagedRows

#: A card's item flags, combined once: the view asks for them at every paint.
CARD_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled
    | Qt.ItemFlag.ItemIsSelectable
    | Qt.ItemFlag.ItemIsDragEnabled
    | Qt.ItemFlag.ItemIsDropEnabled
    | Qt.ItemFlag.ItemNeverHasChildren
)

#: Drag payload: a JSON list of ``{"code": ..., "status": ...}``.
MIME_TYPE = "application/x-hoshin-kaizens"

#: (status, cursor or None, how many) -> the next cards of that status.
PageFetcher = Callable[[KaizenStatus, tuple[int, int] | None, int], list[Card]]
#: (codes, new status) -> whether the move was made.
DropHandler = Callable[[list[str], KaizenStatus], bool]
#: card -> (open catchball threads, the code they are about).
ThreadCounter = Callable[[Card], tuple[int, str]]


def no_threads(_card: Card) -> tuple[int, str]:
    return 0, ""


def encode_cards(cards: list[Card]) -> QMimeData:
    mime = QMimeData()
    payload = [{"code": c.code, "status": c.status.value} for c in cards]
    mime.setData(MIME_TYPE, QByteArray(json.dumps(payload).encode()))
    mime.setText("\n".join(c.code for c in cards))
    return mime


def decode_cards(mime: QMimeData) -> list[tuple[str, KaizenStatus]]:
    if not mime.hasFormat(MIME_TYPE):
        return []
    try:
        payload = json.loads(bytes(mime.data(MIME_TYPE).data()).decode())
        return [(str(p["code"]), KaizenStatus(p["status"])) for p in payload]
    except (ValueError, KeyError, TypeError):
        return []


class KaizenColumnModel(PagedRows[Card], QAbstractListModel):
    """The cards of one lifecycle status, sorted by code number, fetched a page at a time.

    Args:
        status: the column's status.
        fetch_page: reads the next cards of a status after a cursor (one bulk query).
        on_drop: makes the move when cards are dropped on this column.
        page_size: cards per fetch.

    Signals:
        none of its own; rows change through the usual model signals.
    """

    def __init__(
        self,
        status: KaizenStatus,
        fetch_page: PageFetcher,
        on_drop: DropHandler,
        page_size: int = 50,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.status = status
        self._fetch_page = fetch_page
        self._on_drop = on_drop
        self._page_size = page_size
        self.rows: list[Card] = []
        self._keys: list[tuple[int, int]] = []  # parallel to rows, for bisect
        self._key_of: dict[int, tuple[int, int]] = {}  # fetched ids: a row in O(log n)
        self.catchball: ThreadCounter = no_threads

    # -- loading -------------------------------------------------------------------------

    @property
    def page_size(self) -> int:
        return self._page_size

    def reload(self, first_page: list[Card] | None = None) -> None:
        """Forget the cards and start again (unit or filter changed).

        Args:
            first_page: the column's first ``page_size`` cards when the caller read every
                column's at once; read here when None.
        """
        self.beginResetModel()
        if first_page is None:
            first_page = self._fetch_page(self.status, None, self._page_size)
        self.set_rows(first_page)
        self._keys = [c.key for c in self.rows]
        self._key_of = {c.id: c.key for c in self.rows}
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self.set_rows([], more=False)
        self._keys, self._key_of = [], {}
        self.endResetModel()

    def next_page(self) -> list[Card]:
        after = self._keys[-1] if self._keys else None
        return self._fetch_page(self.status, after, self._page_size)

    def took(self, page: list[Card]) -> None:
        self._keys.extend(c.key for c in page)
        self._key_of.update((c.id, c.key) for c in page)

    def apply(self, fresh: Mapping[int, Card | None]) -> None:
        """Follow an edit: ``fresh`` maps changed ids to their card now (None: off the board).

        Cards that left this status go, changed ones repaint in place, and cards that came
        to it are inserted in order when they fall inside what was fetched already (beyond
        it, the next fetch brings them).
        """
        for node_id, card in fresh.items():
            row = self.row_of(node_id)
            belongs = card is not None and card.status is self.status
            if row >= 0 and belongs and card is not None and card.key == self._keys[row]:
                self.rows[row] = card
                index = self.index(row, 0)
                self.dataChanged.emit(index, index)
                continue
            if row >= 0:  # left this column (or its place in the order changed)
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.rows[row], self._keys[row], self._key_of[node_id]
                self.endRemoveRows()
            if belongs and card is not None:
                at = bisect.bisect_left(self._keys, card.key)
                if at == len(self._keys) and self.more_to_fetch():
                    continue  # beyond what was fetched: the next page brings it
                self.beginInsertRows(QModelIndex(), at, at)
                self.rows.insert(at, card)
                self._keys.insert(at, card.key)
                self._key_of[card.id] = card.key
                self.endInsertRows()

    def badges_changed(self) -> None:
        """The catchball counts changed: repaint the fetched cards' badges."""
        if self.rows:
            last = self.index(len(self.rows) - 1, 0)
            self.dataChanged.emit(self.index(0, 0), last, [CATCHBALL_ROLE])

    # -- reading -------------------------------------------------------------------------

    def get_item(self, index: Index) -> Card | None:
        if not index.isValid() or index.model() is not self or not 0 <= index.row() < len(self):
            return None
        return self.rows[index.row()]

    def row_of(self, node_id: int) -> int:
        """The row of a kaizen among the fetched cards, or -1."""
        key = self._key_of.get(node_id)
        return -1 if key is None else bisect.bisect_left(self._keys, key)

    def __len__(self) -> int:
        return len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        card = self.get_item(index)
        if card is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{card.code} {card.title}"
        if role == Qt.ItemDataRole.ToolTipRole:
            supports = ", ".join(card.priorities) or "nothing (an orphan)"
            debt = f"\nSustainment: {card.debt} open" if card.debt else ""
            threads, about = self.catchball(card)
            talk = f"\n{about}: {catchball_tooltip(threads)}" if threads else ""
            return (
                f"{card.code} — {card.title}\n{card.team} · {card.origin.value}"
                f"\nSupports {supports}{debt}{talk}"
            )
        if role == CATCHBALL_ROLE:  # (count, the code they are about): the card's own node's,
            # else those of the priorities it supports (what the kaizen serves is still
            # being negotiated)
            return self.catchball(card)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{card.code}, {card.title}, {card.origin.value}, {card.team}"
        if role == ITEM_ROLE:  # the Card
            return card
        if role == NODE_ID_ROLE:
            return card.id
        if role == CODE_ROLE:
            return card.code
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and section == 0:
            return STATUS_TITLE[self.status]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # a drop on the column's empty space
        return CARD_FLAGS

    # -- drag and drop -------------------------------------------------------------------

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        cards = [c for c in (self.get_item(i) for i in indexes) if c is not None]
        return encode_cards(cards)

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: Index,
    ) -> bool:
        # Illegal moves are accepted here on purpose: the refusal's reason is shown.
        moved = decode_cards(data)
        return bool(moved) and any(status is not self.status for _code, status in moved)

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: Index,
    ) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        codes = [code for code, status in decode_cards(data) if status is not self.status]
        if not codes:
            return False
        return self._on_drop(codes, self.status)
