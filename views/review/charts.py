"""Trend charts of the review pack, drawn with QtCharts offscreen into images.

One small chart per target: the plan as a grey line, the goal dashed, the actuals as
points coloured by the bowling rule (:func:`hoshin.rules.bowling.month_status`). A QChart is a
QGraphicsWidget, so it needs a QApplication; it is drawn through a scene into a QImage
at print resolution and handed to the text document as an image resource.
"""

from __future__ import annotations

import math

from PySide6.QtCharts import QChart, QLineSeries, QScatterSeries, QValueAxis
from PySide6.QtCore import QMargins, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QGraphicsScene

from hoshin.reports.review_pack import decimals_of
from hoshin.rules.bowling import Status, TargetRow

STATUS_COLOURS = {Status.GREEN: "#2e7d32", Status.YELLOW: "#e0a800", Status.RED: "#c62828"}
MONTH_LETTERS = "JFMAMJJASOND"
LETTERS = 12  # pixels under the plot for the month initials


def nice_ticks(low: float, high: float, most: int = 4) -> tuple[float, float, float]:
    """A range around ``low``–``high`` with at most ``most`` round ticks, and their step.

    A small chart has room for three or four labels; QtCharts elides them ("…") when more
    are asked for, and its own nice numbers often ask for five.
    """
    span = high - low or max(abs(high) * 0.1, 1.0)
    magnitude = 10 ** math.floor(math.log10(span / (most - 1)))
    for factor in (1, 2, 2.5, 5, 10, 20):
        step = factor * magnitude
        first, last = math.floor(low / step) * step, math.ceil(high / step) * step
        if last == first:
            last = first + step
        if round((last - first) / step) + 1 <= most:
            return first, last, step
    return low, high, span


def trend_chart(target: TargetRow, month: str, size: QSizeF, scale: float = 3.0) -> QImage:
    """The year of ``target`` up to ``month`` as an image ``scale`` times ``size``."""
    chart = QChart()
    chart.legend().hide()
    chart.setBackgroundRoundness(0)
    chart.setMargins(QMargins(0, 0, 0, 0))
    chart.layout().setContentsMargins(0, 0, 0, 0)
    months = sorted(target.plan.keys() | target.actual.keys())
    year = month[:4]
    plan = QLineSeries()
    plan.setPen(QPen(QColor("#8a94a3"), 1.6))
    goal = QLineSeries()
    pen = QPen(QColor("#3b6ea5"), 1.2)
    pen.setStyle(Qt.PenStyle.DashLine)
    goal.setPen(pen)
    actual = QLineSeries()
    actual.setPen(QPen(QColor("#1d2733"), 1.0))
    points = {s: QScatterSeries() for s in Status}
    for status, series in points.items():
        series.setMarkerShape(QScatterSeries.MarkerShape.MarkerShapeRectangle)
        series.setMarkerSize(6.5)
        series.setColor(QColor(STATUS_COLOURS[status]))
        series.setBorderColor(QColor(STATUS_COLOURS[status]))
    values: list[float] = []
    for m in months:
        if m[:4] != year:
            continue
        x = float(int(m[5:]))
        p = target.plan.get(m)
        if p is not None:
            plan.append(x, p)
            values.append(p)
        a = target.actual.get(m) if m <= month else None
        if a is not None:
            actual.append(x, a)
            values.append(a)
            status = target.status(m)
            if status is not None:
                points[status].append(QPointF(x, a))
    if target.goal is not None:
        goal.append(1, target.goal)
        goal.append(12, target.goal)
        values.append(target.goal)
    for series in (plan, goal, actual, *points.values()):
        chart.addSeries(series)
    x_axis = QValueAxis()
    x_axis.setRange(0.5, 12.5)
    x_axis.setTickCount(2)
    x_axis.setLabelsVisible(False)
    x_axis.setGridLineVisible(False)
    y_axis = QValueAxis()
    low, high, step = nice_ticks(*((min(values), max(values)) if values else (0.0, 1.0)))
    y_axis.setRange(low, high)
    y_axis.setTickCount(round((high - low) / step) + 1)
    # Ticks show the decimals their round values need (22.5, not 22), no more.
    y_axis.setLabelFormat(f"%.{decimals_of([low, step])}f")
    font = QFont("DejaVu Sans")
    font.setPixelSize(10)
    y_axis.setLabelsFont(font)
    y_axis.setGridLinePen(QPen(QColor("#e3e7ec"), 0.8))
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    for series in chart.series():
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)
    chart.setBackgroundBrush(QBrush(QColor("white")))
    return _render(chart, size, scale, font)


def _render(chart: QChart, size: QSizeF, scale: float, font: QFont) -> QImage:
    scene = QGraphicsScene()
    scene.addItem(chart)
    plot_size = QSizeF(size.width(), size.height() - LETTERS)
    chart.resize(plot_size)
    image = QImage(
        int(size.width() * scale), int(size.height() * scale), QImage.Format.Format_RGB32
    )
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.render(
        painter,
        QRectF(0, 0, plot_size.width() * scale, plot_size.height() * scale),
        QRectF(0, 0, plot_size.width(), plot_size.height()),
    )
    # Month initials under the plot area, so the year reads left to right.
    plot = chart.plotArea()
    painter.setFont(font)
    painter.setPen(QColor("#4a5563"))
    painter.scale(scale, scale)
    step = plot.width() / 12
    for i, letter in enumerate(MONTH_LETTERS):
        cell = QRectF(plot.left() + i * step, plot_size.height(), step, LETTERS)
        painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, letter)
    painter.end()
    scene.removeItem(chart)
    return image
