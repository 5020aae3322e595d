"""Bar charts of the health tab: one chart view per measure, rebuilt in place.

Readability rules learnt from the screenshots: categories (unit names) run down the left
of horizontal bars, where long names have room; the first category is at the top, as in a
table; counts are printed on the bars so no one reads values off an axis; fonts are set
explicitly because QtCharts' defaults are a size smaller than the rest of the window.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QHorizontalPercentBarSeries,
    QHorizontalStackedBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QFont, QPainter
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

#: Colours of the three origins and of the three kinds of debt; each set also has a name
#: in the legend, so no colour carries meaning alone.
TOP_DOWN = QColor("#8a94a6")
JOINT = QColor("#e0a33a")
BOTTOM_UP = QColor("#2f8f5b")
OPEN_ITEMS = QColor("#5b8bd6")
OVERDUE = QColor("#e0a33a")
SLIPPED = QColor("#c2443a")
PLAIN = QColor("#4f7cac")

#: Height per category of a horizontal chart, and the least a chart gets.
ROW_HEIGHT = 28
MIN_HEIGHT = 250
#: Characters of a category label in a chart of about 500 pixels: QtCharts cuts labels
#: wider than about a third of the chart (and drops the second line of a wrapped one), so
#: names are shortened before it has to.
LABEL_CHARS = 25


def category_label(name: str, extra: str = "", limit: int = LABEL_CHARS) -> str:
    """A one-line category label as QtCharts rich text: the name, shortened, then ``extra``.

    The text is escaped: unit and function names are typed by people.
    """
    room = max(limit - (len(extra) + 2 if extra else 0), 8)
    shown = name
    if len(name) > room:
        # Cut in the middle: sibling units often differ only at the end ("… accounts 1").
        tail = (room - 1) // 2
        shown = name[: room - 1 - tail].rstrip() + "…" + name[-tail:].lstrip()
    return html.escape(f"{shown}  {extra}" if extra else shown)


def _unique(labels: Sequence[str]) -> list[str]:
    """Labels made distinct with zero-width spaces: QtCharts merges equal categories."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        n = seen.get(label, 0)
        seen[label] = n + 1
        out.append(label + "\u200b" * n)
    return out


@dataclass(frozen=True)
class Bars:
    """One bar set: its legend name, a value per category, and its colour."""

    name: str
    values: Sequence[float]
    color: QColor


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


class BarChart(QChartView):
    """A titled bar chart whose bars can be clicked.

    Args:
        title: the chart's title.
        kind: ``"stacked"``, ``"percent"`` or ``"plain"`` (side by side).
        horizontal: categories down the left (True) or along the bottom.
        parent: the owning widget.

    Signals:
        categoryClicked(int): a bar of the category with this index (in the order given to
            :meth:`set_data`) was clicked.
    """

    categoryClicked = Signal(int)

    def __init__(
        self,
        title: str,
        kind: str = "stacked",
        horizontal: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self.horizontal = horizontal
        self.categories: list[str] = []
        self.tips: list[str] = []
        #: How many characters a category label may have (wider charts take longer ones).
        self.label_chars = LABEL_CHARS
        self.series: QAbstractBarSeries | None = None
        self._cat_axis = QBarCategoryAxis()
        self._value_axis = QValueAxis()
        self._set_names: list[str] = []
        chart = QChart()
        chart.setTitle(title)
        chart.setTitleFont(_font(10.5, bold=True))
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setMargins(QMargins(4, 4, 8, 4))
        chart.setBackgroundRoundness(4)
        chart.legend().setFont(_font(9))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.setChart(chart)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(MIN_HEIGHT)

    def set_title(self, title: str) -> None:
        self.chart().setTitle(title)

    def set_data(
        self,
        categories: Sequence[str],
        sets: Sequence[Bars],
        *,
        tips: Sequence[str] = (),
        value_format: str = "%d",
        show_labels: bool = True,
    ) -> None:
        """Replace the chart's bars; ``tips`` are per-category hover texts."""
        categories = _unique(categories)
        # Horizontal bar charts draw the first category at the bottom; a reader expects the
        # top, as in the tree beside the chart.
        order = (
            list(reversed(range(len(categories))))
            if self.horizontal
            else list(range(len(categories)))
        )
        self.tips = list(tips)
        if self._same_shape(categories, sets):
            self._update(categories, sets, order)
            return
        self.categories = list(categories)
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
            axis.deleteLater()
        series = self._new_series()
        for bars in sets:
            bar_set = QBarSet(bars.name)
            bar_set.append([float(bars.values[i]) for i in order])
            bar_set.setColor(bars.color)
            bar_set.setBorderColor(bars.color.darker(115))
            bar_set.setLabelColor(_label_colour(bars.color, inside=self.kind != "plain"))
            bar_set.setLabelFont(_font(8.5))
            series.append(bar_set)
        series.setBarWidth(0.7)
        if show_labels:
            series.setLabelsVisible(True)
            series.setLabelsFormat("@value %" if self.kind == "percent" else "@value")
            series.setLabelsPosition(
                QAbstractBarSeries.LabelsPosition.LabelsInsideEnd
                if self.kind == "plain"
                else QAbstractBarSeries.LabelsPosition.LabelsCenter
            )
        chart.addSeries(series)
        cat_axis = QBarCategoryAxis()
        cat_axis.append([categories[i] for i in order])
        cat_axis.setLabelsFont(_font(9))
        # Horizontal labels are wrapped to fit (see category_label); cutting them is the
        # last resort. Along the bottom, cutting "Aug" to "A…" helps no one: short month
        # names fit when shown whole.
        cat_axis.setTruncateLabels(self.horizontal)
        value_axis = QValueAxis()
        value_axis.setLabelsFont(_font(8.5))
        value_axis.setLabelFormat(value_format)
        value_axis.setGridLineColor(QColor("#e3e7ec"))
        if self.kind == "percent":
            value_axis.setRange(0, 100)
            value_axis.setTickCount(6)
        else:
            top, interval = _nice_axis(_stack_max(sets) if self.kind == "stacked" else _max(sets))
            value_axis.setRange(0, top)
            value_axis.setTickType(QValueAxis.TickType.TicksDynamic)
            value_axis.setTickAnchor(0)
            value_axis.setTickInterval(interval)
        cat_side, value_side = (
            (Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignBottom)
            if self.horizontal
            else (Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignLeft)
        )
        chart.addAxis(cat_axis, cat_side)
        chart.addAxis(value_axis, value_side)
        series.attachAxis(cat_axis)
        series.attachAxis(value_axis)
        self._cat_axis, self._value_axis = cat_axis, value_axis
        self._set_names = [b.name for b in sets]
        chart.legend().setVisible(len(sets) > 1)
        series.clicked.connect(lambda index, _set: self._clicked(index, order))
        series.hovered.connect(lambda status, index, _set: self._hovered(status, index, order))
        self.series = series
        if self.horizontal:
            legend = 40 if len(sets) > 1 else 0
            self.setMinimumHeight(max(MIN_HEIGHT, 70 + legend + ROW_HEIGHT * len(categories)))

    def _same_shape(self, categories: Sequence[str], sets: Sequence[Bars]) -> bool:
        return (
            self.series is not None
            and len(categories) == len(self.categories)
            and [b.name for b in sets] == self._set_names
        )

    def _update(self, categories: list[str], sets: Sequence[Bars], order: list[int]) -> None:
        """New figures in the bars already drawn: a tenth of the cost of new bars."""
        assert self.series is not None
        for bar_set, bars in zip(self.series.barSets(), sets, strict=True):
            for position, i in enumerate(order):
                value = float(bars.values[i])
                if bar_set.at(position) != value:
                    bar_set.replace(position, value)
        if categories != self.categories:
            self.categories = list(categories)
            self._cat_axis.setCategories([categories[i] for i in order])
        if self.kind != "percent":
            top, interval = _nice_axis(_stack_max(sets) if self.kind == "stacked" else _max(sets))
            axis = self._value_axis
            if interval >= axis.tickInterval():
                # Widen the ticks before the range and narrow them after: in between, a
                # range of 20,000 with ticks every 5 took QtCharts a fifth of a second.
                axis.setTickInterval(interval)
                axis.setRange(0, top)
            else:
                axis.setRange(0, top)
                axis.setTickInterval(interval)

    def _new_series(self) -> QAbstractBarSeries:
        if self.horizontal:
            return {
                "stacked": QHorizontalStackedBarSeries,
                "percent": QHorizontalPercentBarSeries,
                "plain": QHorizontalBarSeries,
            }[self.kind]()
        return QStackedBarSeries()

    def _clicked(self, index: int, order: list[int]) -> None:
        if 0 <= index < len(order):
            self.categoryClicked.emit(order[index])

    def _hovered(self, status: bool, index: int, order: list[int]) -> None:
        if status and 0 <= index < len(order) and order[index] < len(self.tips):
            QToolTip.showText(QCursor.pos(), self.tips[order[index]], self)
        else:
            QToolTip.hideText()

    def values(self) -> dict[str, list[float]]:
        """The shown values per set name, in category order (what a reader sees)."""
        if self.series is None:
            return {}
        out = {}
        for bar_set in self.series.barSets():
            shown = [bar_set.at(i) for i in range(bar_set.count())]
            out[bar_set.label()] = list(reversed(shown)) if self.horizontal else shown
        return out


def _label_colour(color: QColor, *, inside: bool) -> QColor:
    if not inside:
        return QColor("#1d2733")
    return QColor("#1d2733") if color.lightnessF() > 0.62 else QColor("white")


def _max(sets: Sequence[Bars]) -> float:
    return max((v for s in sets for v in s.values), default=0.0)


def _stack_max(sets: Sequence[Bars]) -> float:
    if not sets:
        return 0.0
    return max((sum(s.values[i] for s in sets) for i in range(len(sets[0].values))), default=0.0)


def _nice_axis(value: float) -> tuple[float, float]:
    """A round axis end a little above ``value``, and a round tick interval (3–6 ticks)."""
    target = max(value * 1.1, 4.0)  # room for the longest bar's label
    magnitude = 1.0
    while magnitude * 10 <= target:
        magnitude *= 10
    for step in (0.1, 0.2, 0.5, 1, 2, 5):
        interval = max(1.0, step * magnitude)
        if target / interval <= 6:
            break
    top = interval * -(-target // interval)
    return top, interval
