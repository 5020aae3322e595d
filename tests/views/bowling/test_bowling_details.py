"""Details of the bowling chart a user reads: counts in words, titles that are not cut."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from hoshin.operations import SetMeasurement
from hoshin.operations.rollover import Rollover
from tests.conftest import AS_OF, unit_id
from views.bowling import BowlingView
from views.bowling.model import COL_TARGET, COL_YTD, full_text
from views.document import PlanDocument

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


@pytest.fixture
def view(qtbot: QtBot, document: PlanDocument) -> Iterator[BowlingView]:
    widget = BowlingView(document, today=lambda: AS_OF)
    qtbot.add_widget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.wait_until(lambda: widget.model.rowCount() > 0)
    yield widget


def test_one_red_month_is_said_in_the_singular(
    qtbot: QtBot, view: BowlingView, document: PlanDocument
) -> None:
    # Commercial has one target, KPI-8; of its months only January (17.14 against a plan
    # of 18.5, 7 % short of an up target) is red, and it has no countermeasure.
    document.select_unit(unit_id(document.plan, "COM"))
    qtbot.wait_until(lambda: "Commercial" in view.heading.text())
    assert view.message.text() == "1 target; 1 red month has no countermeasure yet (◥)."
    # The company: eleven targets, 14 red months without a countermeasure.
    document.select_unit(unit_id(document.plan, "CO"))
    qtbot.wait_until(lambda: "Northwind" in view.heading.text())
    assert view.message.text().startswith("11 targets; ")
    assert "red months have no countermeasure" in view.message.text()


def _text_bands(view: BowlingView, code: str) -> int:
    """How many lines of dark text the title cell of ``code`` shows."""
    index = view.model.index(view.model.row_of(code, "plan"), COL_TARGET)
    view.table.scrollTo(index)
    rect = view.table.visualRect(index)
    image = view.table.viewport().grab(rect).toImage()
    inked = [
        any(QColor(image.pixel(x, y)).lightness() < 110 for x in range(image.width() // 2))
        for y in range(image.height())
    ]
    return sum(1 for y, on in enumerate(inked) if on and (y == 0 or not inked[y - 1]))


def test_a_long_title_wraps_onto_a_second_line_and_keeps_its_tooltip(view: BowlingView) -> None:
    title = "Kaizens completed per team per month, Corporate"
    row = view.model.row_of("KPI-11", "plan")
    fm = view.table.fontMetrics()
    width = view.table.columnWidth(COL_TARGET)
    assert fm.horizontalAdvance(f"KPI-11  {title}") > width  # one line cannot hold it
    assert view.table.rowHeight(row) >= 2 * fm.lineSpacing()
    assert _text_bands(view, "KPI-11") == 2
    tip = view.model.index(row, COL_TARGET).data(3)  # ToolTipRole
    assert title in tip


def test_a_carried_targets_year_to_date_tip_has_last_years_beside(
    view: BowlingView, document: PlanDocument
) -> None:
    def ytd_tip(code: str) -> str:
        return str(view.model.index(view.model.row_of(code, "actual"), COL_YTD).data(3))

    # Not carried yet: the tip says how the year to date is made, and nothing of last year.
    assert "Last year" not in ytd_tip("KPI-1")
    last_plan, last_actual = view.model.targets[view.model.row_of("KPI-1") // 2].year_to_date(
        view.model.months
    )
    assert last_actual is not None  # the sample plan's year has actuals
    nxt = AS_OF.year + 1
    document.execute(Rollover(nxt))
    document.execute(SetMeasurement("KPI-1", f"{nxt}-01", plan=40, actual=41))
    view.year_spin.setValue(nxt)
    view.refresh()
    tip = ytd_tip("KPI-1").splitlines()
    assert tip[1] == f"{nxt} to date: plan 40, actual 41"
    assert tip[2] == (
        f"Last year, {AS_OF.year}, to date: plan {full_text(last_plan)}, "
        f"actual {full_text(last_actual)}"
    )
