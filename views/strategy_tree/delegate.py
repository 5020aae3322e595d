"""Paints the strategy tree's cells that carry more than text: the title with a node's
open-thread badge, and the unit a node was deployed to as a "⤵ unit" pill in the Unit column.

Each sits in its own cell and never paints past it: a pill after the title once covered
the Kind column and squeezed the title (and its code) away in a narrow tab. A cell whose
text is cut gives its whole text in its tooltip.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import (
    QEvent,
    QObject,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
)

from views.catchball.badge import badge_size, paint_badge
from views.models import CATCHBALL_ROLE, DEPLOYED_TO_ROLE, Index
from views.strategy_tree.model import UNIT_COLUMN

PILL_FG, PILL_BG, PILL_BORDER = QColor("#0f5a5a"), QColor("#dff3f1"), QColor("#9fd3cd")
PILL_PAD_X, PILL_GAP = 6, 8
#: Pictures kept per row font: a few screens of distinct badges (a pill names one of a
#: thousand teams; at 2× a picture is up to ~50 KB, so a few MB per font at most).
MOST_PICTURES = 128
TEXT_ALIGN = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True, slots=True)
class Badges:
    """What follows a row's text, drawn once into ``picture``.

    ``reserve`` is the room it needs after the text; ``middle`` is how far below the
    picture's top edge the text's centre line runs.
    """

    picture: QPixmap
    reserve: float
    middle: int


class RowFont:
    """A row font's metrics, and its badges (in a smaller plain font) as pictures.

    Antialiased pills and balls, and the fonts and metrics to lay them out, were most of
    the time spent painting a row with badges; a view shows a few row fonts (plain, bold,
    italic) and a few dozen distinct badges.
    """

    def __init__(self, font: QFont) -> None:
        self.metrics = QFontMetrics(font)
        self.small = QFont(font)
        self.small.setBold(False)
        self.small.setItalic(False)
        self.small.setPointSizeF(max(7.0, self.small.pointSizeF() - 1))
        self._pictures: dict[tuple[str, int, float], Badges] = {}

    def badges(self, label: str, threads: int, ratio: float) -> Badges:
        """The deployment pill ``label`` (if any) and the catchball badge (if ``threads``)."""
        threads = min(threads, 100)  # every count from 100 up shows as "99+": one picture
        key = (label, threads, ratio)
        badges = self._pictures.get(key)
        if badges is None:
            if len(self._pictures) >= MOST_PICTURES:
                self._pictures.clear()
            badges = self._pictures[key] = self._draw(label, threads, ratio)
        return badges

    def _draw(self, label: str, threads: int, ratio: float) -> Badges:
        small_metrics = QFontMetrics(self.small)
        pill_w = small_metrics.horizontalAdvance(label) + 2 * PILL_PAD_X if label else 0
        pill_h = small_metrics.height() + 2
        ball = badge_size(self.small, threads) if threads else None
        reserve = (pill_w + PILL_GAP if label else 0) + (ball.width() + PILL_GAP if ball else 0)
        # Whole pixels above the centre line: the picture lands on whole pixels, and its
        # antialiasing is that of drawing in place.
        middle = math.ceil(max(pill_h, ball.height() if ball else 0) / 2) + 1
        picture = QPixmap(math.ceil((reserve + 1) * ratio), math.ceil((2 * middle + 1) * ratio))
        picture.setDevicePixelRatio(ratio)
        picture.fill(Qt.GlobalColor.transparent)
        painter = QPainter(picture)
        if label:
            pill = QRectF(0.5, middle - pill_h / 2 + 0.5, pill_w - 1, pill_h - 1)
            _paint_pill(painter, pill, self.small, label)
        if ball is not None:
            top_left = QPointF(pill_w + PILL_GAP if label else 0, middle - ball.height() / 2 + 0.5)
            paint_badge(painter, top_left, self.small, threads)
        painter.end()
        return Badges(picture, reserve, middle)


def _paint_pill(painter: QPainter, pill: QRectF, font: QFont, label: str) -> None:
    radius = (pill.height() + 1) / 2
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(PILL_BORDER, 1))
    painter.setBrush(PILL_BG)
    painter.drawRoundedRect(pill, radius, radius)
    painter.setFont(font)
    painter.setPen(PILL_FG)
    painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, label)


class TipDelegate(QStyledItemDelegate):
    """Qt's painting; a cell whose text does not fit shows its whole text as its tooltip
    (followed by the row's own tooltip)."""

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> bool:
        if event.type() != QEvent.Type.ToolTip or not index.isValid():
            return super().helpEvent(event, view, option, index)
        text = str(index.data() or "")
        row_tip = str(index.data(Qt.ItemDataRole.ToolTipRole) or "")
        tip = row_tip
        if text and self.is_cut(option, index) and not row_tip.startswith(text):
            tip = f"{text}\n{row_tip}" if row_tip else text
        if not tip:
            return super().helpEvent(event, view, option, index)
        QToolTip.showText(event.globalPos(), tip, view, option.rect)
        return True

    def is_cut(self, option: QStyleOptionViewItem, index: Index) -> bool:
        """Whether the cell shows less than its whole text."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        return self.needed_width(opt, index) > area.width()

    def needed_width(self, opt: QStyleOptionViewItem, index: Index) -> int:
        # Qt's item text has a margin each side (QCommonStyle: focus frame margin + 1).
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        return QFontMetrics(opt.font).horizontalAdvance(opt.text) + 2 * margin


class StrategyDelegate(TipDelegate):
    """Draws the Objective column (a node with open catchball threads gets the catchball
    badge after its title) and the Unit column (a row deployed to a child unit gets a
    "⤵ unit" pill in place of the unit's name)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fonts: list[tuple[QFont, RowFont]] = []

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> None:
        deployed = index.data(DEPLOYED_TO_ROLE) if index.column() == UNIT_COLUMN else None
        threads = (index.data(CATCHBALL_ROLE) or 0) if index.column() == 0 else 0
        if not deployed and not threads:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        row_font = self._row_font(opt.font)
        ratio = painter.device().devicePixelRatioF()
        painter.save()
        painter.setClipRect(option.rect)  # nothing of a cell reaches its neighbour
        if deployed:
            label = _fitted_label(row_font, f"⤵ {deployed}", area.width())
            badges = row_font.badges(label, 0, ratio)
            painter.drawPixmap(QPoint(area.left(), area.center().y() - badges.middle),
                               badges.picture)  # fmt: skip
        else:
            badges = row_font.badges("", threads, ratio)
            end = _paint_text(painter, opt, row_font.metrics, area, text, int(badges.reserve))
            at = QPoint(end + PILL_GAP, area.center().y() - badges.middle)
            painter.drawPixmap(at, badges.picture)
        painter.restore()

    def needed_width(self, opt: QStyleOptionViewItem, index: Index) -> int:
        row_font = self._row_font(opt.font)
        if index.column() == UNIT_COLUMN and index.data(DEPLOYED_TO_ROLE):
            small = QFontMetrics(row_font.small)
            return small.horizontalAdvance(f"⤵ {index.data(DEPLOYED_TO_ROLE)}") + 2 * PILL_PAD_X
        threads = (index.data(CATCHBALL_ROLE) or 0) if index.column() == 0 else 0
        if threads:
            reserve = row_font.badges("", threads, 1.0).reserve
            return int(row_font.metrics.horizontalAdvance(opt.text) + reserve)
        return super().needed_width(opt, index)

    def _row_font(self, font: QFont) -> RowFont:
        # Compared, not keyed: QFont.key() builds a string, as slow as the rest of a row.
        for known, row_font in self._fonts:
            if known == font:
                return row_font
        row_font = RowFont(font)
        self._fonts.append((QFont(font), row_font))
        return row_font

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), QFontMetrics(option.font).height() + 8))


def _fitted_label(row_font: RowFont, label: str, width: int) -> str:
    """``label`` as the pill shows it in ``width`` pixels: elided when it does not fit."""
    small = QFontMetrics(row_font.small)
    room = max(0, width - 2 * PILL_PAD_X - 1)
    return small.elidedText(label, Qt.TextElideMode.ElideRight, room)


def _paint_text(
    painter: QPainter,
    opt: QStyleOptionViewItem,
    metrics: QFontMetrics,
    area: QRect,
    text: str,
    reserve: int,
) -> int:
    """Paint ``text`` in ``area``, elided to leave ``reserve`` pixels; returns its right end."""
    room = max(0, area.width() - reserve)
    shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
    selected = bool(opt.state & QStyle.StateFlag.State_Selected)
    role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
    painter.setFont(opt.font)
    painter.setPen(opt.palette.color(role))
    painter.drawText(QRect(area.left(), area.top(), room, area.height()), TEXT_ALIGN, shown)
    return area.left() + min(room, metrics.horizontalAdvance(shown))
