"""The messages of one thread as a list model; :mod:`views.catchball.bubbles` paints them.

A thread holds tens of messages, read with one query (:func:`hoshin.catchball.queries.thread`);
the model keeps them as small frozen records so painting never touches the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, Qt

from hoshin.catchball.rules import Kind, Said, Side
from views.catchball import text
from views.models import ITEM_ROLE, ROOT, Index


@dataclass(frozen=True)
class Message:
    """One message as the conversation shows it."""

    id: int
    kind: str
    author: str | None  # None: written by Hoshin itself (a reopen)
    author_unit: str | None
    direction: str | None  # "down", "up", or None (outside the two units, or Hoshin)
    round: int
    state: str  # the thread's state after the message
    value: float | None
    due: dt.date | None
    owner: str | None
    resources: str
    text: str
    created_at: dt.datetime
    unit_of_measure: str | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any], unit_of_measure: str | None) -> Message:
        return cls(
            id=row["id"], kind=row["kind"], author=row["author"], author_unit=row["author_unit"],
            direction=row["direction"], round=row["round"], state=row["state"],
            value=row["value"], due=row["due"], owner=row["owner"],
            resources=row["resources"] or "", text=row["text"] or "",
            created_at=row["created_at"], unit_of_measure=unit_of_measure,
        )  # fmt: skip

    @property
    def is_system(self) -> bool:
        return self.author is None

    @property
    def arrow(self) -> str:
        if self.is_system:
            return text.REOPEN_MARK
        return text.ARROW.get(self.direction or "", "•")

    @property
    def who(self) -> str:
        if self.is_system:
            return "Hoshin"
        return f"{self.author} · {self.author_unit}" if self.author_unit else str(self.author)

    def terms(self) -> list[str]:
        """What an offer puts on the table: value, date, owner, resources."""
        out = []
        if self.value is not None:
            out.append(text.number(self.value, self.unit_of_measure))
        if self.due is not None:
            out.append(f"by {self.due:%d %b %Y}")
        if self.owner:
            out.append(f"owner {self.owner}")
        if self.resources:
            out.append(f"asks for {self.resources}")
        return out

    def footer(self) -> str:
        return f"round {self.round} · now {self.state}"

    def plain(self) -> str:
        """The whole message as one line of text (the display role, and copying)."""
        head = f"{self.arrow} {self.who} — {text.KIND_LABEL.get(self.kind, self.kind)}"
        parts = [head, *self.terms()]
        if self.text:
            parts.append(f"“{self.text}”")
        parts.append(f"{self.footer()} · {text.when(self.created_at)}")
        return " · ".join(parts)


def history(messages: Iterable[Message], upper: str, lower: str) -> list[Said]:
    """The rules' view of a conversation; sides from the authors' units, as the core does."""
    out = []
    for m in messages:
        if m.is_system:
            side = None
        elif m.author_unit == upper:
            side = Side.UPPER
        elif m.author_unit == lower:
            side = Side.LOWER
        else:
            side = Side.OUTSIDE
        out.append(Said(Kind(m.kind), side))
    return out


class ConversationModel(QAbstractListModel):
    """The messages of one thread, oldest first.

    Signals:
        none of its own; rows change through the usual model signals.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.messages: list[Message] = []

    def set_messages(self, messages: Iterable[Message]) -> None:
        new = list(messages)
        old = self.messages
        if new[: len(old)] == old and len(new) > len(old):
            # A reply appends: insert only the new rows, so the view keeps its scroll.
            self.beginInsertRows(QModelIndex(), len(old), len(new) - 1)
            self.messages = new
            self.endInsertRows()
            return
        if new == old:
            return
        self.beginResetModel()
        self.messages = new
        self.endResetModel()

    def clear(self) -> None:
        self.set_messages([])

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.messages)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.messages):
            return None
        m = self.messages[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return m.plain()
        if role == ITEM_ROLE:  # the Message
            return m
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{text.KIND_LABEL.get(m.kind, m.kind)} · {text.when(m.created_at)}"
        return None
