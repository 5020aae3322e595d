"""Paints a kaizen card: no widget per card, so a column of thousands stays light.

Layout, top to bottom::

    KZ-104                  ▲ bottom-up
    Title wrapped on two lines, the last
    one elided when it does not fit…
    Team name
    [→ IP-7]  [⚑ 2 open]

A card is painted once per look into a picture that repaints copy (a hover, a scroll, a
unit shown again): a raster painter takes ~30 µs to shape a line of text and ~90 µs to
antialias a rounded card, and a few to copy a picture. A card painted anew takes its texts
laid out from its :class:`CardFace`, and its rounded shapes from pictures of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from hoshin.reads.board import Card
from views.catchball.badge import paint_badge
from views.kaizen_board.face import GAP, PAD, TITLE_LINES, CardFace, CardMetrics
from views.kaizen_board.pictures import CardPictures, new_pixmap
from views.kaizen_board.style import (
    CARD_BG,
    CARD_BORDER,
    CARD_HOVER_BORDER,
    MUTED_TEXT,
    Badge,
    blend,
)
from views.models import CATCHBALL_ROLE, ITEM_ROLE, Index

MARGIN = 6  # around a card, inside the column
#: Width kept free for the column's (slim) scroll bar whether it shows or not, so a card's
#: wrapping does not change when the bar appears (stale heights would make cards overlap).
SCROLLBAR_W = 8
#: Faces kept: a few pages of every column.
FACES = 1024
# Tested as numbers: combining Qt's flag enums costs a microsecond a time in Python.
_SELECTED = QStyle.StateFlag.State_Selected.value
_HOVER = QStyle.StateFlag.State_MouseOver.value
_WIDGET = 1  # QPaintDevice.devType() of a widget (QInternal::Widget, not in PySide)


@dataclass(frozen=True, slots=True)
class _Look:
    """What a card's picture shows besides the card: its state and the view's colours."""

    selected: bool
    hover: bool
    ink: int  # the text's colour, as RGBA
    highlight: int  # a selected card's border, as RGBA
    ground: int | None  # the column's colour under an opaque picture; None: clear

    @classmethod
    def of(cls, option: QStyleOptionViewItem, opaque: bool) -> _Look:
        state, palette = option.state.value, option.palette
        selected = bool(state & _SELECTED)
        return cls(
            selected=selected,
            hover=bool(state & _HOVER),
            ink=palette.color(QPalette.ColorRole.Text).rgba(),
            highlight=palette.color(QPalette.ColorRole.Highlight).rgba() if selected else 0,
            # On the column the picture is opaque, its corners the column's colour: copied
            # in a fifth of the time a clear one is blended. A drag's picture stays clear.
            ground=palette.color(QPalette.ColorRole.Base).rgba() if opaque else None,
        )


class CardDelegate(QStyledItemDelegate):
    """Draws the :class:`~hoshin.reads.board.Card` of each row of a board column.

    Cards have one height (the column view uses uniform item sizes): a long title is
    elided on its last line, and the whole title is in the tooltip.
    """

    def __init__(self, view: QAbstractItemView, pictures: CardPictures | None = None) -> None:
        super().__init__(view)
        self._view = view
        self._metrics: CardMetrics | None = None
        self._faces: dict[tuple[Card, int], CardFace] = {}  # oldest use first
        pictures = pictures or CardPictures()
        self._cards, self._parts = pictures.cards, pictures.parts

    def _metrics_for(self, font: QFont) -> CardMetrics:
        # Comparing fonts costs a tenth of QFont.key(), asked for on every paint.
        if self._metrics is None or self._metrics.base != font:
            self._metrics = CardMetrics.of(font)
            self._faces.clear()
            self._cards.clear()
        return self._metrics

    def _face(self, card: Card, m: CardMetrics, width: int) -> CardFace:
        key = (card, width)
        face = self._faces.pop(key, None)
        if face is None:
            face = CardFace.of(card, m, width)
            if len(self._faces) >= FACES:
                del self._faces[next(iter(self._faces))]
        self._faces[key] = face
        return face

    def _pixmap(
        self,
        ratio: float,
        key: tuple[object, ...],
        size: QSize,
        draw: Callable[[QPainter, QRectF], None],
        ground: QColor | None = None,
    ) -> QPixmap:
        """A part's picture, drawn once per look, size and pixel ratio."""
        full = (*key, ratio)
        pixmap = self._parts.get(full)
        if pixmap is None:
            pixmap = new_pixmap(size, ratio, ground)
            p = QPainter(pixmap)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            draw(p, QRectF(0, 0, size.width(), size.height()))
            p.end()
            self._parts.keep(full, pixmap)
        return pixmap

    def _card_width(self) -> int:
        return max(80, self._view.width() - SCROLLBAR_W - 2 * MARGIN)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        m = self._metrics_for(option.font)
        return QSize(self._card_width() + 2 * MARGIN, m.card_height + 2 * (MARGIN // 2))

    # -- painting ------------------------------------------------------------------------

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> None:
        card = index.data(ITEM_ROLE)
        if not isinstance(card, Card):
            super().paint(painter, option, index)
            return
        m = self._metrics_for(option.font)
        device = painter.device()
        look = _Look.of(option, device.devType() == _WIDGET)
        threads, _about = index.data(CATCHBALL_ROLE) or (0, "")
        width, ratio = self._card_width(), device.devicePixelRatioF()
        key = (card, width, threads, look, ratio)
        picture = self._cards.get(key)
        if picture is None:
            picture = self._cards.keep(key, self._picture(card, m, width, threads, look, ratio))
        # The picture has a pixel of room around the box: a 2-pixel pen reaches half a
        # pixel beyond it.
        painter.drawPixmap(
            option.rect.left() + MARGIN - 1, option.rect.top() + MARGIN // 2 - 1, picture
        )

    def _picture(
        self, card: Card, m: CardMetrics, width: int, threads: int, look: _Look, ratio: float
    ) -> QPixmap:
        """``card`` painted ``width`` pixels wide, with a pixel of room around its box."""
        ground = None if look.ground is None else QColor.fromRgba(look.ground)
        picture = new_pixmap(QSize(width + 2, m.card_height + 2), ratio, ground)
        painter = QPainter(picture)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.drawPixmap(0, 0, self._frame(ratio, look, ground, m, width))
        inner = width - 2 * PAD
        face = self._face(card, m, inner)
        x, y = 1 + PAD, 1 + PAD
        origin_w = m.badge_width(face.origin.text)
        origin_y = y + (m.first - m.badge) // 2
        painter.drawPixmap(x + inner - origin_w, origin_y, self._badge(ratio, m, face.origin))
        _draw_texts(painter, QColor.fromRgba(look.ink), m, face, x, y)
        y += m.first + GAP + TITLE_LINES * m.line + GAP + m.team + GAP
        self._draw_badges(painter, ratio, m, face, threads, x, y, right=1 + width - PAD)
        painter.end()
        return picture

    def _draw_badges(
        self,
        painter: QPainter,
        ratio: float,
        m: CardMetrics,
        face: CardFace,
        threads: int,
        x: int,
        y: int,
        right: int,
    ) -> None:
        """The bottom row from (x, y): what the card supports, its debt, its catchball."""
        for badge in (face.supports, face.debt):
            if badge is not None:
                painter.drawPixmap(x, y, self._badge(ratio, m, badge))
                x += m.badge_width(badge.text) + GAP
        if threads:
            # Right-aligned, and only where it fits: the tooltip says it on a narrow card.
            size = m.ball_size(threads)
            if right - size.width() >= x:
                at = QPointF(right - size.width(), y + (m.badge - size.height()) / 2)
                paint_badge(painter, at, m.small, threads)  # once per card picture

    def _frame(
        self, ratio: float, look: _Look, ground: QColor | None, m: CardMetrics, width: int
    ) -> QPixmap:
        """The card's rounded box, with a pixel of room around it."""

        def draw(p: QPainter, area: QRectF) -> None:
            fill, border = CARD_BG, CARD_HOVER_BORDER if look.hover else CARD_BORDER
            if look.selected:
                highlight = QColor.fromRgba(look.highlight)
                tint = QColor(highlight)
                tint.setAlpha(28)
                fill, border = blend(CARD_BG, tint), highlight
            p.setPen(QPen(border, 2 if look.selected else 1))
            p.setBrush(fill)
            p.drawRoundedRect(area.adjusted(1.5, 1.5, -1.5, -1.5), 6, 6)

        key = ("card", width, m.card_height, look.selected, look.hover, look.highlight, look.ground)
        return self._pixmap(ratio, key, QSize(width + 2, m.card_height + 2), draw, ground)

    def _badge(self, ratio: float, m: CardMetrics, badge: Badge) -> QPixmap:
        """A badge's rounded label."""

        def draw(p: QPainter, area: QRectF) -> None:
            rect = area.adjusted(0.5, 0.5, -0.5, -0.5)
            p.setFont(m.small)
            p.setPen(QPen(badge.border, 1))
            p.setBrush(badge.bg)
            p.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
            p.setPen(badge.fg)
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, badge.text)

        key = ("badge", badge.text, badge.fg.rgba(), badge.bg.rgba(), badge.border.rgba(), m.key)
        return self._pixmap(ratio, key, QSize(m.badge_width(badge.text), m.badge), draw)


def _draw_texts(
    painter: QPainter, ink: QColor, m: CardMetrics, face: CardFace, x: int, y: int
) -> None:
    """The code, the title lines and the team, from the card's top-left inside its padding."""
    painter.setFont(m.code)
    painter.setPen(ink)
    painter.drawStaticText(QPointF(x, y + m.code_top), face.code)
    y += m.first + GAP
    painter.setFont(m.base)
    for i, line in enumerate(face.title):
        painter.drawStaticText(x, y + i * m.line, line)
    painter.setFont(m.small)
    painter.setPen(MUTED_TEXT)
    painter.drawStaticText(x, y + TITLE_LINES * m.line + GAP, face.team)
