"""Paints a kaizen card: no widget per card, so a column of thousands stays light.

Layout, top to bottom::

    KZ-104                  ▲ bottom-up
    Title wrapped on two lines, the last
    one elided when it does not fit…
    Team name
    [→ IP-7]  [⚑ 2 open]
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPen,
    QPixmap,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from hoshin.queries.board import Card
from views.catchball.badge import badge_size, paint_badge
from views.kaizen_board.model import CardRole, CatchballRole
from views.kaizen_board.style import (
    CARD_BG,
    CARD_BORDER,
    CARD_HOVER_BORDER,
    DEBT_BG,
    DEBT_BORDER,
    DEBT_FG,
    MUTED_TEXT,
    ORIGIN_BADGE,
    ORPHAN_BADGE,
    PRIORITY_BG,
    PRIORITY_BORDER,
    PRIORITY_FG,
    Badge,
    blend,
)

MARGIN = 6  # around a card, inside the column
PAD = 9  # inside a card
GAP = 5  # between rows
TITLE_LINES = 2
BADGE_PAD_X, BADGE_PAD_Y = 6, 2
#: Width kept free for the column's (slim) scroll bar whether it shows or not, so a card's
#: wrapping does not change when the bar appears (stale heights would make cards overlap).
SCROLLBAR_W = 8


@lru_cache(maxsize=8192)  # sizeHint and paint ask for the same lines again and again
def title_lines(text: str, font: QFont, width: int, most: int = TITLE_LINES) -> tuple[str, ...]:
    """``text`` wrapped to ``width`` pixels, at most ``most`` lines, the last one elided."""
    if width <= 0:
        return (text,)
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    starts: list[tuple[int, int]] = []
    while len(starts) < most:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        starts.append((line.textStart(), line.textLength()))
    more = layout.createLine().isValid()
    layout.endLayout()
    lines = [text[s : s + n].rstrip() for s, n in starts]
    if more and lines:
        rest = text[starts[-1][0] :].strip()
        lines[-1] = QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return tuple(lines) or ("",)


@dataclass(frozen=True)
class _Metrics:
    """Fonts and row heights of a card, derived once per view font."""

    base: QFont
    code: QFont
    small: QFont
    first: int  # code and origin badge
    line: int  # one title line
    team: int
    badge: int
    code_fm: QFontMetrics
    small_fm: QFontMetrics
    widths: dict[str, int] = field(default_factory=dict)  # badge texts repeat: measure once

    def badge_width(self, text: str) -> int:
        width = self.widths.get(text)
        if width is None:
            width = self.widths[text] = self.small_fm.horizontalAdvance(text) + 2 * BADGE_PAD_X
        return width

    @classmethod
    def of(cls, font: QFont) -> _Metrics:
        base = QFont(font)
        code = QFont(base)
        code.setBold(True)
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() - 1))
        badge = QFontMetrics(small).height() + 2 * BADGE_PAD_Y
        return cls(
            base,
            code,
            small,
            first=max(QFontMetrics(code).height(), badge),
            line=QFontMetrics(base).lineSpacing(),
            team=QFontMetrics(small).height(),
            badge=badge,
            code_fm=QFontMetrics(code),
            small_fm=QFontMetrics(small),
        )

    @property
    def card_height(self) -> int:
        """Every card is this tall, so the view lays out thousands without asking each."""
        title = TITLE_LINES * self.line
        return 2 * PAD + self.first + GAP + title + GAP + self.team + GAP + self.badge


class CardDelegate(QStyledItemDelegate):
    """Draws the :class:`~hoshin.queries.board.Card` of each row of a board column.

    Cards have one height (the column view uses uniform item sizes): a long title is
    elided on its last line, and the whole title is in the tooltip.
    """

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view
        self._metrics: dict[str, _Metrics] = {}
        self._pixmaps: dict[tuple[object, ...], QPixmap] = {}

    def _metrics_for(self, font: QFont) -> _Metrics:
        key = font.key()
        if key not in self._metrics:
            self._metrics[key] = _Metrics.of(font)
        return self._metrics[key]

    def _pixmap(
        self,
        painter: QPainter,
        key: tuple[object, ...],
        size: QSize,
        draw: Callable[[QPainter, QRectF], None],
    ) -> QPixmap:
        """A picture drawn once per look and size: antialiased rounded shapes and badge
        text cost a raster painter ~30 µs each, a cached pixmap a few."""
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        full = (*key, ratio)
        pixmap = self._pixmaps.get(full)
        if pixmap is None:
            pixmap = QPixmap(math.ceil(size.width() * ratio), math.ceil(size.height() * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            p = QPainter(pixmap)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            draw(p, QRectF(0, 0, size.width(), size.height()))
            p.end()
            if len(self._pixmaps) > 1024:
                self._pixmaps.clear()
            self._pixmaps[full] = pixmap
        return pixmap

    def _card_width(self) -> int:
        return max(80, self._view.width() - SCROLLBAR_W - 2 * MARGIN)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        m = self._metrics_for(option.font)
        return QSize(self._card_width() + 2 * MARGIN, m.card_height + 2 * (MARGIN // 2))

    # -- painting ------------------------------------------------------------------------

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        card = index.data(CardRole)
        if not isinstance(card, Card):
            super().paint(painter, option, index)
            return
        m = self._metrics_for(option.font)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hover = bool(option.state & QStyle.StateFlag.State_MouseOver)
        highlight = option.palette.color(option.palette.ColorRole.Highlight)

        painter.save()
        rect = option.rect
        fill = QColor(CARD_BG)
        if selected:
            tint = QColor(highlight)
            tint.setAlpha(28)
            fill = blend(CARD_BG, tint)
        border = highlight if selected else (CARD_HOVER_BORDER if hover else CARD_BORDER)
        pen_width = 2 if selected else 1

        # Drawn, not cached: blending a card-sized pixmap costs more than the rounded rect.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(border, pen_width))
        painter.setBrush(fill)
        box = QRectF(rect.left() + MARGIN, rect.top() + MARGIN // 2, self._card_width(),
                     m.card_height)  # fmt: skip
        painter.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)

        x, y = rect.left() + MARGIN + PAD, rect.top() + MARGIN // 2 + PAD
        width = self._card_width() - 2 * PAD

        origin = ORIGIN_BADGE[card.origin]
        if m.code_fm.horizontalAdvance(card.code) + GAP + m.badge_width(origin.text) > width:
            # The code comes first; a narrow card keeps the badge's symbol (▼ ▲ ◆ differ in
            # shape as well as colour) and says the word in its tooltip.
            origin = replace(origin, text=origin.text.split()[0])
        origin_w = m.badge_width(origin.text)
        _draw_badge(self, painter, m, origin, x + width - origin_w, y + (m.first - m.badge) // 2)
        painter.setFont(m.code)
        painter.setPen(option.palette.color(option.palette.ColorRole.Text))
        code_rect = QRect(x, y, width - origin_w - GAP, m.first)
        code = m.code_fm.elidedText(card.code, Qt.TextElideMode.ElideRight, code_rect.width())
        left_middle = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(code_rect, left_middle, code)
        y += m.first + GAP

        painter.setFont(m.base)
        for line in title_lines(card.title, m.base, width):
            painter.drawText(QRect(x, y, width, m.line), Qt.AlignmentFlag.AlignLeft, line)
            y += m.line
        y = rect.top() + MARGIN // 2 + PAD + m.first + GAP + TITLE_LINES * m.line + GAP

        painter.setFont(m.small)
        painter.setPen(MUTED_TEXT)
        team = m.small_fm.elidedText(card.team, Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRect(x, y, width, m.team), Qt.AlignmentFlag.AlignLeft, team)
        y += m.team + GAP

        if card.priorities:
            more = f" +{len(card.priorities) - 1}" if len(card.priorities) > 1 else ""
            supports = Badge(f"→ {card.priorities[0]}{more}", PRIORITY_FG, PRIORITY_BG,
                             PRIORITY_BORDER)  # fmt: skip
        else:
            supports = ORPHAN_BADGE
        x += _draw_badge(self, painter, m, supports, x, y) + GAP
        if card.debt:
            debt = Badge(f"⚑ {card.debt} open", DEBT_FG, DEBT_BG, DEBT_BORDER)
            x += _draw_badge(self, painter, m, debt, x, y) + GAP
        threads, _about = index.data(CatchballRole) or (0, "")
        if threads:
            # Right-aligned, and only where it fits: the tooltip says it on a narrow card.
            size = badge_size(m.small, threads)
            right = rect.left() + MARGIN + self._card_width() - PAD
            if right - size.width() >= x:
                top = y + (m.badge - size.height()) / 2
                paint_badge(painter, QPointF(right - size.width(), top), m.small, threads)
        painter.restore()


def _draw_badge(
    delegate: CardDelegate, painter: QPainter, m: _Metrics, badge: Badge, x: int, y: int
) -> int:
    """Draw a badge with its top-left at (x, y); return its width."""
    width = m.badge_width(badge.text)

    def draw(p: QPainter, area: QRectF) -> None:
        rect = area.adjusted(0.5, 0.5, -0.5, -0.5)
        p.setFont(m.small)
        p.setPen(QPen(badge.border, 1))
        p.setBrush(badge.bg)
        p.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        p.setPen(badge.fg)
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, badge.text)

    key = (
        "badge",
        badge.text,
        badge.fg.rgba(),
        badge.bg.rgba(),
        badge.border.rgba(),
        m.small.key(),
    )
    painter.drawPixmap(x, y, delegate._pixmap(painter, key, QSize(width, m.badge), draw))
    return width
