"""Paints the first column of the strategy tree: a deployed node carries its unit's name,
a node in catchball its open-thread badge."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from views.catchball.badge import badge_size, paint_badge
from views.strategy_tree.model import CatchballRole, DeployedToRole

PILL_FG, PILL_BG, PILL_BORDER = QColor("#0f5a5a"), QColor("#dff3f1"), QColor("#9fd3cd")
PILL_PAD_X, PILL_GAP = 6, 8


class StrategyDelegate(QStyledItemDelegate):
    """Draws rows as usual; a row deployed to a child unit gets a "⤵ unit" badge, and a
    node with open catchball threads the catchball badge after it."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        deployed = index.data(DeployedToRole)
        threads = index.data(CatchballRole) or 0
        if not deployed and not threads:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        small = QFont(opt.font)
        small.setBold(False)
        small.setItalic(False)
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1))
        label = f"⤵ deployed to {deployed}" if deployed else ""
        pill_w = QFontMetrics(small).horizontalAdvance(label) + 2 * PILL_PAD_X if label else 0
        ball = badge_size(small, threads) if threads else None
        extra = (pill_w + PILL_GAP if label else 0) + (ball.width() + PILL_GAP if ball else 0)
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        metrics = QFontMetrics(opt.font)
        room = max(0, area.width() - int(extra))
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(opt.palette.color(role))
        text_rect = QRect(area.left(), area.top(), room, area.height())
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown
        )
        left = area.left() + min(room, metrics.horizontalAdvance(shown)) + PILL_GAP
        if label:
            height = QFontMetrics(small).height() + 2
            pill = QRectF(left + 0.5, area.center().y() - height / 2 + 0.5, pill_w - 1, height - 1)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(PILL_BORDER, 1))
            painter.setBrush(PILL_BG)
            painter.drawRoundedRect(pill, height / 2, height / 2)
            painter.setFont(small)
            painter.setPen(PILL_FG)
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, label)
            left += pill_w + PILL_GAP
        if ball is not None:
            top = area.center().y() - ball.height() / 2 + 0.5
            paint_badge(painter, QPointF(left, top), small, threads)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), QFontMetrics(option.font).height() + 8))
