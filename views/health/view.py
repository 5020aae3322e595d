"""The Health tab: DESIGN §6 for the selected unit, rolled up over the units below it.

Figures come from :class:`~hoshin.reads.health_tab.HealthData`, which reads each measure
for the whole plan once and keeps it until an edit touches it, so switching unit costs
lookups and a redraw. The tab redraws only while it is on screen and only when an edit
touched the shown unit's subtree; otherwise it remembers to redraw when it is shown next.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hoshin.changes import Changes
from hoshin.reads.health_tab import HealthData, UnitFigures
from views.document import PlanDocument
from views.following import FollowsDocument
from views.heading import tab_heading
from views.health import charts, sections
from views.health.charts import BarChart
from views.health.daily import DailyPanel
from views.health.panels import NodeList, Tile
from views.health.standard_work import StandardWorkPanel
from views.health.sustainment import SustainmentPanel

WINDOWS = (30, 60, 90, 180, 365)
#: From this width (pixels) the panels stand two side by side.
TWO_COLUMNS_FROM = 1040
#: Characters of a unit name in a chart as wide as the tab (one column of panels).
WIDE_LABEL_CHARS = 32
#: Above this many items a unit's drill-down waits for a click instead of opening itself.
AUTO_DRILL_MAX = 400


class HealthView(FollowsDocument, QWidget):
    """The health of the selected unit: demand, 30-day test, debt, coverage, alignment.

    Args:
        document: the open plan; edits (from the drill-down) go through it.
        parent: the owning widget.
        today: the default as-of day (tests fix it).

    Signals:
        refreshed(): the figures on screen were read again.
    """

    refreshed = Signal()

    def __init__(
        self,
        document: PlanDocument,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.data: HealthData | None = None
        self.figures: UnitFigures | None = None
        self._drill_unit = 0  # the unit whose items the drill-down lists
        self._drilled: tuple[int, dt.date] | None = None  # what it lists now, and as of when

        self.heading = tab_heading(self)
        self.as_of_edit = QDateEdit(self)
        self.as_of_edit.setCalendarPopup(True)
        self.as_of_edit.setDisplayFormat("yyyy-MM-dd")
        self.as_of_edit.setDate(QDate(today()))
        self.window_combo = QComboBox(self)
        for days in WINDOWS:
            self.window_combo.addItem(f"{days} days", days)
        self.window_combo.setCurrentIndex(WINDOWS.index(90))

        self.tiles = {
            key: Tile(caption, self)
            for key, caption in (
                ("demand", "Demand ratio"),
                ("thirty", "30-day test"),
                ("debt", "Sustainment debt"),
                ("sight", "Line of sight"),
                ("catchball", "Catchball"),
            )
        }
        self.demand_chart = BarChart("Demand by unit", "percent", parent=self)
        self.months_chart = BarChart("Kaizens started per month", "stacked", False, self)
        self.thirty_chart = BarChart("30-day test", "plain", parent=self)
        self.coverage_chart = BarChart("Active kaizens per function", "plain", parent=self)
        self.uncovered_label = QLabel(self)
        self.uncovered_label.setWordWrap(True)
        self.debt_chart = BarChart("Sustainment debt by unit", "stacked", parent=self)
        self.drill = SustainmentPanel(document, self)
        self.drill.view.setMinimumHeight(160)
        self.orphans = NodeList("Kaizens with no line of sight", "none", self)
        self.unserved = NodeList("Priorities no kaizen serves", "none", self)
        self.unsupported = NodeList("Breakthroughs nothing supports", "none", self)
        self.catchball_label = QLabel(self)
        self.catchball_label.setWordWrap(True)
        self.catchball_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.standard_work = StandardWorkPanel(self)
        self.standard_work.unitClicked.connect(self._select_unit_code)
        self.daily = DailyPanel(document, self)
        self._build_layout()

        self.as_of_edit.dateChanged.connect(lambda _d: self._period_changed())
        self.window_combo.currentIndexChanged.connect(lambda _i: self._period_changed())
        self.debt_chart.categoryClicked.connect(self._drill_row)
        for node_list in (self.orphans, self.unserved, self.unsupported):
            node_list.nodeClicked.connect(document.select_node)
        # Read only while the tab is in front, once per burst of edits.
        self.follow(document, unit=True, when_seen=True, deferred=True)

    def _build_layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.heading, 1)
        bar.addWidget(QLabel("As of", self))
        bar.addWidget(self.as_of_edit)
        bar.addSpacing(12)
        bar.addWidget(QLabel("Window", self))
        bar.addWidget(self.window_combo)

        tiles = QHBoxLayout()
        tiles.setSpacing(8)
        for tile in self.tiles.values():
            tiles.addWidget(tile, 1)

        coverage = QWidget(self)
        column = QVBoxLayout(coverage)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.coverage_chart, 1)
        column.addWidget(self.uncovered_label)

        drill = QGroupBox("Items behind the debt", self)
        QVBoxLayout(drill).addWidget(self.drill)
        alignment = QGroupBox("Alignment: line of sight", self)
        lists = QVBoxLayout(alignment)
        for node_list in (self.orphans, self.unserved, self.unsupported):
            lists.addWidget(node_list)
        lists.addStretch(1)
        catchball = QGroupBox("Catchball", self)
        QVBoxLayout(catchball).addWidget(self.catchball_label)

        # Reading order: the demand pair, the debt pair, then the rest.
        self._cells: list[QWidget] = [
            self.demand_chart,
            self.months_chart,
            self.debt_chart,
            drill,
            self.thirty_chart,
            coverage,
            alignment,
            catchball,
            self.standard_work,
            self.daily,
        ]
        self.grid = QGridLayout()
        self.grid.setSpacing(10)
        self._tiles = tiles
        self.columns = 0
        self._arrange(1)

        page = QWidget(self)
        page.setLayout(self.grid)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        self.scroll = scroll
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 0)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)

    def _arrange(self, columns: int) -> None:
        """Lay the panels out in one or two columns.

        Side by side, a chart needs about 500 pixels for its unit names and twelve month
        labels; with the docks open the centre is narrower than two of those, and a
        chart squeezed into half of it cuts every label. One column then scrolls instead.
        """
        if columns == self.columns:
            return
        self.columns = columns
        grid = self.grid
        grid.removeItem(self._tiles)
        for cell in self._cells:
            grid.removeWidget(cell)
        grid.addLayout(self._tiles, 0, 0, 1, columns)
        for i, cell in enumerate(self._cells):
            grid.addWidget(cell, 1 + i // columns, i % columns)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1 if columns == 2 else 0)
        # A chart the full width of the tab has room for longer unit names.
        for chart in (self.demand_chart, self.thirty_chart, self.coverage_chart, self.debt_chart):
            chart.label_chars = charts.LABEL_CHARS if columns == 2 else WIDE_LABEL_CHARS
        if self.figures is not None:
            self.mark_stale()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(2 if event.size().width() >= TWO_COLUMNS_FROM else 1)

    # -- following the document ----------------------------------------------------------

    @property
    def as_of(self) -> dt.date:
        return self.as_of_edit.date().toPython()  # type: ignore[no-any-return]

    @property
    def window_days(self) -> int:
        return int(self.window_combo.currentData())

    def set_period(self, as_of: dt.date, window_days: int | None = None) -> None:
        """Measure as of another day (and window); redraws once."""
        with _blocked(self.as_of_edit, self.window_combo):
            self.as_of_edit.setDate(QDate(as_of))
            if window_days is not None:
                self._set_window(window_days)
        self._period_changed()

    def _set_window(self, days: int) -> None:
        index = self.window_combo.findData(days)
        if index < 0:
            self.window_combo.addItem(f"{days} days", days)
            index = self.window_combo.count() - 1
        self.window_combo.setCurrentIndex(index)

    def _period_changed(self) -> None:
        if self.data is not None:
            self.data.set_period(self.as_of, self.window_days)
        self._drill_unit, self._drilled = 0, None
        self.mark_stale()

    def plan_reset(self) -> None:
        plan = self.document.plan
        self.data = None
        self._drill_unit, self._drilled = 0, None
        if plan is not None:
            with _blocked(self.window_combo):
                self._set_window(int(plan.settings["window_days"]))
            self.data = HealthData(plan, self.as_of, self.window_days)
        self.mark_stale()

    def set_unit(self, unit_id: int) -> None:
        if unit_id != self.unit_id:
            self._drill_unit, self._drilled = 0, None
        super().set_unit(unit_id)

    def on_changes(self, changes: Changes) -> None:
        # Every kind of change may move a figure the cache holds: HealthData decides.
        if self.data is None:
            return
        self.data.invalidate(changes)
        if changes.units:
            self._drilled = None
        if changes.units or self.data.touches(changes, self.unit_id):
            self.mark_stale()

    # -- drawing -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the shown unit's figures (from the cache where it can) and redraw."""
        self.lazy.stale = False
        data = self.data
        if data is None or self.unit_id not in data.units.units:
            self.figures = None
            self.heading.setText("No plan open" if data is None else "")
            return
        f = self.figures = data.for_unit(self.unit_id)
        self.heading.setText(f"Health of {f.unit.name} ({f.unit.code}) and the units below")
        sections.show_tiles(self.tiles, f)
        sections.show_demand(self.demand_chart, f)
        sections.show_months(self.months_chart, f)
        sections.show_thirty(self.thirty_chart, f)
        sections.show_coverage(self.coverage_chart, self.uncovered_label, f)
        self._show_debt(f)
        self.orphans.set_refs(f.orphans)
        self.unserved.set_refs(f.unserved_priorities)
        self.unsupported.set_refs(f.unsupported_breakthroughs)
        sections.show_catchball(self.catchball_label, f)
        names = {u.code: u.name for u in data.units.units.values()}
        self.standard_work.show_figures(f, names)
        self.daily.show_figures(f, data.units.subtree(self.unit_id))
        self.refreshed.emit()

    def _select_unit_code(self, code: str) -> None:
        """Drill down to a unit nobody visited: select it (every view follows)."""
        if self.data is not None:
            found = self.data.units.by_code(code)
            if found is not None:
                self.document.select_unit(found.id)

    def _show_debt(self, f: UnitFigures) -> None:
        sections.show_debt(self.debt_chart, f)
        drill = self._drill_unit or f.unit.id
        if (drill, self.as_of) == self._drilled:
            return  # the list follows edits itself; reading it again would lose the selection
        if drill == f.unit.id and f.debt[f.unit.code]["total"] > AUTO_DRILL_MAX:
            self.drill.clear(
                f"{f.debt[f.unit.code]['total']} items in {f.unit.name}: "
                "click a unit's bar to list its items."
            )
        else:
            self.drill_into(drill)

    def _drill_row(self, index: int) -> None:
        if self.figures is not None and 0 <= index < len(self.figures.rows):
            self.drill_into(self.figures.rows[index].id)

    def drill_into(self, unit_id: int) -> None:
        """List the items behind the debt of ``unit_id`` (and the units below it)."""
        if self.data is None:
            return
        self._drill_unit = unit_id
        self._drilled = (unit_id, self.as_of)
        unit = self.data.units.units[unit_id]
        self.drill.show_debt(
            f"{unit.name} ({unit.code})", self.data.units.subtree(unit_id), self.as_of
        )


class _blocked:
    """Block the signals of some widgets for a ``with`` block."""

    def __init__(self, *widgets: QWidget) -> None:
        self.widgets = widgets

    def __enter__(self) -> None:
        self.states = [w.blockSignals(True) for w in self.widgets]

    def __exit__(self, *exc: object) -> None:
        for widget, state in zip(self.widgets, self.states, strict=True):
            widget.blockSignals(state)
