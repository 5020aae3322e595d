"""Pictures kept by what they show, the least recently used dropped past a budget of bytes.

Copying a picture costs a raster painter a few microseconds; drawing what it shows (text,
antialiased shapes) costs tens to hundreds.
"""

from __future__ import annotations

import math
from collections.abc import Hashable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPixmap


def new_pixmap(size: QSize, ratio: float, ground: QColor | None = None) -> QPixmap:
    """A pixmap ``size`` logical pixels big at pixel ``ratio``, filled with ``ground`` (an
    opaque picture copies faster than a clear one blends) or else clear."""
    pixmap = QPixmap(math.ceil(size.width() * ratio), math.ceil(size.height() * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent if ground is None else ground)
    return pixmap


class Pictures:
    """Pictures by key, at most ``budget`` bytes of them.

    Args:
        budget: bytes of pixels to keep; the least recently used pictures go first.
    """

    def __init__(self, budget: int) -> None:
        self._budget = budget
        self._bytes = 0
        self._kept: dict[Hashable, QPixmap] = {}  # least recently used first

    def get(self, key: Hashable) -> QPixmap | None:
        picture = self._kept.pop(key, None)
        if picture is not None:
            self._kept[key] = picture
        return picture

    def keep(self, key: Hashable, picture: QPixmap) -> QPixmap:
        """Keep ``picture`` under ``key`` (in place of one kept there before); returns it."""
        replaced = self._kept.pop(key, None)
        if replaced is not None:
            self._bytes -= _bytes(replaced)
        self._kept[key] = picture
        self._bytes += _bytes(picture)
        while self._bytes > self._budget and len(self._kept) > 1:
            oldest = next(iter(self._kept))
            self._bytes -= _bytes(self._kept.pop(oldest))
        return picture

    def clear(self) -> None:
        self._kept.clear()
        self._bytes = 0


class CardPictures:
    """The board's pictures, shared by its columns: cards, and their boxes and badges.

    One budget for the board, not one per column: seven columns each keeping their own
    would hold seven times as much, mostly of columns nobody scrolls.
    """

    #: Card pictures: some 200 cards 170 pixels wide at 1x, every card in view and more
    #: (those of the unit shown before, of the rows scrolled past).
    CARD_BYTES = 16 << 20
    #: Pictures of boxes and badges (a few dozen looks).
    PART_BYTES = 4 << 20

    def __init__(self) -> None:
        self.cards = Pictures(self.CARD_BYTES)
        self.parts = Pictures(self.PART_BYTES)


def _bytes(picture: QPixmap) -> int:
    return picture.width() * picture.height() * max(1, picture.depth() // 8)
