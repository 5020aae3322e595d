"""Paints a catchball message as a bubble: no widget per message.

Layout of one bubble::

    ↓ Helen Ward · CO                 [Counter-proposal]
    −19 % · by 31 Mar 2026 · asks for capital
    Can you reach −19 %? (wrapped, every line)
    round 2 · now countered                5 Jan 2026 09:00

Messages from the unit above (↓) lean left, from the unit below (↑) lean right, like the two
sides of a table; a comment from outside spans the middle; Hoshin's own "reopened" message
spans the whole width on amber with a dashed frame, so it cannot be taken for a person's.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from views.catchball import text
from views.catchball.conversation import Message
from views.models import ITEM_ROLE, Index

MARGIN = 6  # around a bubble
INDENT = 36  # how far a bubble leans away from the other side
PAD_X, PAD_Y = 10, 7
GAP = 3  # between a bubble's lines
PILL_PAD = 6
WRAP = int(Qt.TextFlag.TextWordWrap)


@dataclass(frozen=True)
class _Fonts:
    base: QFont
    bold: QFont
    small: QFont
    italic: QFont

    @classmethod
    def of(cls, font: QFont) -> _Fonts:
        bold, small, italic = QFont(font), QFont(font), QFont(font)
        bold.setBold(True)
        small.setPointSizeF(max(7.0, font.pointSizeF() - 1))
        italic.setItalic(True)
        return cls(QFont(font), bold, small, italic)


def _look(m: Message) -> tuple[QColor, QColor, Qt.PenStyle]:
    """Background, border and border style of a bubble."""
    if m.is_system:
        return text.REOPEN_BG, text.REOPEN_BORDER, Qt.PenStyle.DashLine
    if m.direction == "down":
        return text.DOWN_BG, text.DOWN_BORDER, Qt.PenStyle.SolidLine
    if m.direction == "up":
        return text.UP_BG, text.UP_BORDER, Qt.PenStyle.SolidLine
    return text.OUTSIDE_BG, text.OUTSIDE_BORDER, Qt.PenStyle.SolidLine


class BubbleDelegate(QStyledItemDelegate):
    """Draws the :class:`~views.catchball.conversation.Message` of each row.

    Heights depend on the wrapped text, so they are measured once per message and width.

    Signals:
        none of its own.
    """

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view
        self._fonts: dict[str, _Fonts] = {}
        # (message, width, font): keyed by the whole message, not its id, because an undone
        # message's id is given to the next one.
        self._heights: dict[tuple[Message, int, str], int] = {}

    def _fonts_for(self, font: QFont) -> _Fonts:
        key = font.key()
        if key not in self._fonts:
            self._fonts[key] = _Fonts.of(font)
        return self._fonts[key]

    def _box(self, m: Message, width: int) -> tuple[int, int]:
        """Left offset and width of the bubble in a row ``width`` wide."""
        inner = max(120, width - 2 * MARGIN)
        if m.is_system:
            return MARGIN, inner
        if m.direction == "down":
            return MARGIN, inner - INDENT
        if m.direction == "up":
            return MARGIN + INDENT, inner - INDENT
        return MARGIN + INDENT // 2, inner - INDENT

    def _lines(self, m: Message, f: _Fonts) -> list[tuple[QFont, str]]:
        """The wrapped blocks below the first line, each with its font."""
        out: list[tuple[QFont, str]] = []
        terms = m.terms()
        if terms:
            out.append((f.bold, " · ".join(terms)))
        if m.text:
            out.append((f.italic if m.is_system else f.base, m.text))
        return out

    def _height(self, m: Message, f: _Fonts, width: int) -> int:
        key = (m, width, f.base.key())
        found = self._heights.get(key)
        if found is not None:
            return found
        _x, box_w = self._box(m, width)
        text_w = box_w - 2 * PAD_X
        h = 2 * PAD_Y + self._first_line_height(f)
        for font, block in self._lines(m, f):
            h += GAP + QFontMetrics(font).boundingRect(QRect(0, 0, text_w, 100_000), WRAP,
                                                       block).height()  # fmt: skip
        h += GAP + QFontMetrics(f.small).height()
        if len(self._heights) > 4096:
            self._heights.clear()
        self._heights[key] = h + 2 * MARGIN // 2
        return self._heights[key]

    @staticmethod
    def _first_line_height(f: _Fonts) -> int:
        return max(QFontMetrics(f.bold).height(), QFontMetrics(f.small).height() + 4)

    def _width(self) -> int:
        return max(160, self._view.viewport().width())

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        m = index.data(ITEM_ROLE)
        if not isinstance(m, Message):
            return super().sizeHint(option, index)
        width = self._width()
        return QSize(width, self._height(m, self._fonts_for(option.font), width))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> None:
        m = index.data(ITEM_ROLE)
        if not isinstance(m, Message):
            super().paint(painter, option, index)
            return
        f = self._fonts_for(option.font)
        rect = option.rect
        left, box_w = self._box(m, rect.width())
        box = QRectF(rect.left() + left, rect.top() + MARGIN // 2, box_w,
                     rect.height() - 2 * (MARGIN // 2))  # fmt: skip
        bg, border, pen_style = _look(m)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(option.palette.color(option.palette.ColorRole.Highlight) if selected else border)
        pen.setWidthF(2 if selected else 1)
        pen.setStyle(pen_style if not selected else Qt.PenStyle.SolidLine)
        painter.setPen(pen)
        painter.setBrush(bg)
        painter.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 7, 7)

        ink = QColor("#1f2933")
        x = int(box.left()) + PAD_X
        y = int(box.top()) + PAD_Y
        text_w = int(box.width()) - 2 * PAD_X
        first_h = self._first_line_height(f)
        pill_w = self._pill(painter, f, m, int(box.right()) - PAD_X, y, first_h)
        painter.setFont(f.bold)
        painter.setPen(_arrow_colour(m))
        arrow_w = QFontMetrics(f.bold).horizontalAdvance(m.arrow + " ")
        middle = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(QRect(x, y, arrow_w, first_h), middle, m.arrow)
        painter.setPen(ink)
        who_w = text_w - arrow_w - pill_w - 8
        who = QFontMetrics(f.bold).elidedText(m.who, Qt.TextElideMode.ElideRight, who_w)
        painter.drawText(QRect(x + arrow_w, y, who_w, first_h), middle, who)
        y += first_h

        for font, block in self._lines(m, f):
            y += GAP
            painter.setFont(font)
            painter.setPen(ink)
            h = QFontMetrics(font).boundingRect(QRect(0, 0, text_w, 100_000), WRAP, block).height()
            painter.drawText(QRect(x, y, text_w, h), WRAP, block)
            y += h

        y += GAP
        painter.setFont(f.small)
        painter.setPen(text.MUTED)
        small_h = QFontMetrics(f.small).height()
        painter.drawText(QRect(x, y, text_w, small_h), Qt.AlignmentFlag.AlignLeft, m.footer())
        painter.drawText(
            QRect(x, y, text_w, small_h), Qt.AlignmentFlag.AlignRight, text.when(m.created_at)
        )
        painter.restore()

    def _pill(self, painter: QPainter, f: _Fonts, m: Message, right: int, y: int, h: int) -> int:
        """The kind's label at the right of the first line; returns its width."""
        label = text.KIND_LABEL.get(m.kind, m.kind)
        fg, bg = text.KIND_COLOURS.get(m.kind, text.NEUTRAL_KIND)
        fm = QFontMetrics(f.small)
        w = fm.horizontalAdvance(label) + 2 * PILL_PAD
        ph = fm.height() + 2
        pill = QRectF(right - w, y + (h - ph) / 2, w, ph)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(bg)
        painter.drawRoundedRect(pill, ph / 2, ph / 2)
        painter.setFont(f.small)
        painter.setPen(fg)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, label)
        return w


def _arrow_colour(m: Message) -> QColor:
    if m.is_system:
        return text.KIND_COLOURS["reopen"][0]
    return {"down": QColor("#1d4f91"), "up": QColor("#1c6b33")}.get(m.direction or "", text.MUTED)
