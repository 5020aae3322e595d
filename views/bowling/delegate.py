"""Painting of the bowling chart: cells from their cached look, the countermeasure flag,
the rules between targets, and the trend sparkline (at the right of the target column).

Every cell is painted here from :meth:`BowlingModel.look` rather than by Qt's default
delegate, which asks ``data()`` for a dozen roles per cell: through Python that cost a
quarter of a second per screenful. The sparkline belongs to a target, which has two rows:
each of the two cells paints the whole line in a rectangle as tall as both rows, clipped
to its own cell, so the halves join into one picture without a span.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from hoshin.rules.bowling import Status
from views.bowling.model import COL_TARGET, FIRST_MONTH, BowlingModel, Trend
from views.models import Index

FLAG = QColor("#b3261e")
RULE = QColor("#c9d1db")  # under a target's two rows
HAIRLINE = QColor("#e6eaef")  # between columns
PLAN_LINE = QColor("#8a94a6")
ACTUAL_LINE = QColor("#1d2733")
DOT = {Status.GREEN: QColor("#2f8f5b"), Status.YELLOW: QColor("#d08c00"),
       Status.RED: QColor("#c2443a")}  # fmt: skip
FLAG_SIZE = 9
PAD = 2  # figures are made to fit their column; a wider pad would cut their marks
#: Width of the trend sparkline at the right of the target column.
SPARK_WIDTH = 48


class BowlingDelegate(QStyledItemDelegate):
    """Paints every cell of a :class:`BowlingModel`; editing is Qt's usual line edit.

    Args:
        parent: the table it paints (its font and palette are read once, here).
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        # Reading the option's font and palette copies them, per cell; read them once.
        self._font = QFont(parent.font())
        self._bold = QFont(self._font)
        self._bold.setBold(True)
        palette = parent.palette()
        self._text = palette.color(QPalette.ColorRole.Text)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        self._focus = QPen(highlight, 1)
        self._tint = QColor(highlight)
        self._tint.setAlpha(70)
        self._rule = QPen(RULE, 1)
        self._hairline = QPen(HAIRLINE, 1)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        model = index.model()
        if not isinstance(model, BowlingModel):
            super().paint(painter, option, index)
            return
        row, column = index.row(), index.column()
        rect = option.rect
        state = option.state
        look = model.look(row, column)
        if look.background is not None:
            painter.fillRect(rect, look.background)
        if state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, self._tint)  # a tint: a selected month keeps its colour
        pad = 2 * PAD if column == COL_TARGET else PAD
        area = rect.adjusted(pad, 0, -pad - (2 if look.flag else 0), 0)
        if column == COL_TARGET:
            trend = model.trend(row)
            spark = QRect(rect.right() - SPARK_WIDTH, rect.top(), SPARK_WIDTH, rect.height())
            if trend is not None and area.width() > 2 * SPARK_WIDTH:
                self._paint_trend(painter, spark, row % 2 == 1, trend)
                area.setRight(spark.left() - PAD)
        if look.text:
            painter.setFont(self._bold if look.bold else self._font)
            painter.setPen(look.foreground or self._text)
            if column == COL_TARGET:  # only titles run long; figures are made to fit
                lines = wrapped(look.text, painter.fontMetrics(), area.width(), area.height())
                painter.drawText(area, look.align, "\n".join(lines))
            else:
                painter.drawText(area, look.align, look.text)
        if look.flag:
            # A dog-ear in the corner: the mark says red, the flag says "unanswered".
            right, top = rect.right() + 1, rect.top()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(FLAG)
            painter.drawPolygon(
                QPolygonF(
                    [
                        QPointF(right - FLAG_SIZE, top),
                        QPointF(right, top),
                        QPointF(right, top + FLAG_SIZE),
                    ]
                )
            )
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        if row % 2:
            painter.setPen(self._rule)
            painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        if column >= FIRST_MONTH - 1:  # the target column's edge and every month's
            painter.setPen(self._hairline)
            painter.drawLine(rect.topRight(), rect.bottomRight())
        if state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(self._focus)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(0, 0, -1, -1))

    def _other_height(self, cell: QRect, *, up: bool) -> int:
        """The height of the target's other row, the one above (``up``) or below ``cell``."""
        table = self.parent()
        if isinstance(table, QTableView):
            y = cell.top() - 1 if up else cell.bottom() + 1
            row = table.rowAt(y)
            if row >= 0:
                return table.rowHeight(row)
        return cell.height()

    def _paint_trend(self, painter: QPainter, cell: QRect, actual: bool, trend: Trend) -> None:
        values = [v for v in (*trend.plan, *trend.actual) if v is not None]
        if not values:
            return
        # The picture spans both rows of the target: extend the rectangle over the other
        # (the title row is the taller one).
        whole = QRect(cell)
        if actual:
            whole.setTop(cell.top() - self._other_height(cell, up=True))
        else:
            whole.setBottom(cell.bottom() + self._other_height(cell, up=False))
        area = QRectF(whole).adjusted(6, 6, -6, -6)
        low, high = min(values), max(values)
        span = (high - low) or 1.0

        def point(month: int, value: float) -> QPointF:
            x = area.left() + area.width() * month / 11
            y = area.bottom() - area.height() * (value - low) / span
            return QPointF(x, y)

        painter.save()
        painter.setClipRect(cell)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for series, pen in (
            (trend.plan, QPen(PLAN_LINE, 1.2, Qt.PenStyle.DashLine)),
            (trend.actual, QPen(ACTUAL_LINE, 1.6)),
        ):
            path = QPainterPath()
            started = False
            for month, value in enumerate(series):
                if value is None:
                    started = False  # a gap in the figures is a gap in the line
                    continue
                p = point(month, value)
                if started:
                    path.lineTo(p)
                else:
                    path.moveTo(p)
                    started = True
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        painter.setPen(Qt.PenStyle.NoPen)
        for month, (value, status) in enumerate(zip(trend.actual, trend.status, strict=True)):
            if value is not None and status is not None:
                painter.setBrush(DOT[status])
                painter.drawEllipse(point(month, value), 2.6, 2.6)
        painter.restore()


def wrapped(text: str, metrics: QFontMetrics, width: int, height: int) -> list[str]:
    """``text`` on as many lines as ``height`` holds, broken at words; the last elided."""
    most = max(1, height // max(1, metrics.lineSpacing()))
    words, lines = text.split(), []
    while words and len(lines) < most - 1:
        line = words.pop(0)
        while words and metrics.horizontalAdvance(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        if metrics.horizontalAdvance(line) > width:  # one word wider than the column
            words.insert(0, line)
            break
        lines.append(line)
    if words:
        lines.append(metrics.elidedText(" ".join(words), Qt.TextElideMode.ElideRight, width))
    return lines
