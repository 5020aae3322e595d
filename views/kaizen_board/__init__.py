"""The Kaizen board tab: lifecycle columns of a unit's kaizens, cards painted by a delegate."""

from __future__ import annotations

from views.kaizen_board.board import BoardColumn, KaizenBoard
from views.kaizen_board.model import KaizenColumnModel

__all__ = ["BoardColumn", "KaizenBoard", "KaizenColumnModel"]
