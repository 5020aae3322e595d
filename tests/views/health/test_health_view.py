"""The Health tab on the sample plan: its figures agree with ``hoshin check``, its lists
select nodes, and its drill-down closes items undoably."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.model.kinds import NodeKind
from hoshin.operations import AddNode
from hoshin.reads.checkup import check_report
from hoshin.reads.sustainment import ACTION, CHECK
from tests.conftest import AS_OF, unit_id
from views.document import PlanDocument
from views.health import HealthView


@pytest.fixture
def view(qtbot: QtBot, document: PlanDocument) -> Iterator[HealthView]:
    widget = HealthView(document, today=lambda: AS_OF)
    qtbot.add_widget(widget)
    widget.resize(1200, 900)
    widget.show()
    qtbot.wait_until(lambda: widget.figures is not None)
    yield widget


def show_unit(qtbot: QtBot, view: HealthView, document: PlanDocument, code: str) -> None:
    with qtbot.wait_signal(view.refreshed):
        document.select_unit(unit_id(document.plan, code))


@pytest.mark.parametrize("code", ["CO", "COM", "OPS"])
def test_the_demand_figures_are_those_of_check_report(
    qtbot: QtBot, view: HealthView, document: PlanDocument, code: str
) -> None:
    if code != "CO":
        show_unit(qtbot, view, document, code)
    assert document.plan is not None
    report = check_report(document.plan, as_of=AS_OF, window=90)["health"]
    demand = report["demand"]["units"]
    f = view.figures
    assert f is not None and f.unit.code == code
    rows = [r.code for r in f.rows]
    assert rows and all(r in demand for r in rows)
    # What the chart draws, bar by bar, in the order of its units.
    drawn = view.demand_chart.values()
    assert drawn["Top-down"] == [demand[r]["top_down"] for r in rows]
    assert drawn["Joint"] == [demand[r]["joint"] for r in rows]
    assert drawn["Bottom-up"] == [demand[r]["bottom_up"] for r in rows]
    # The headline tile says the unit's own ratio.
    ratio = demand[code]["ratio"]  # None where nothing started in the window
    shown = "–" if ratio is None else f"{ratio:.0%}".replace("%", " %")
    assert view.tiles["demand"].value.text() == shown
    assert f"of {demand[code]['started']} started" in view.tiles["demand"].detail.text()
    assert view.thirty_chart.values()["Bottom-up kaizens started"] == [
        report["thirty_day_test"]["units"][r] for r in rows
    ]
    debt = report["sustainment_debt"]["units"]
    assert view.debt_chart.values()["Slipped checks"] == [debt[r]["slipped_checks"] for r in rows]
    assert view.tiles["debt"].value.text() == str(debt[code]["total"])


def test_function_coverage_flags_a_function_with_no_active_kaizen(view: HealthView) -> None:
    f = view.figures
    assert f is not None
    counts = dict(f.functions)
    assert sum(counts.values()) > 0 and not f.uncovered
    assert "Every function" in view.uncovered_label.text()


def test_the_month_chart_counts_every_kaizen_started_in_its_months(
    view: HealthView, document: PlanDocument
) -> None:
    f = view.figures
    assert f is not None and len(f.months) == 12
    first = min(f.months)
    assert document.plan is not None
    with document.plan.session() as s:
        n = e.Node
        started = s.execute(  # ideas and dropped kaizens are not started (DESIGN §5)
            select(n.start_date).where(
                n.kind == "kaizen",
                n.start_date <= AS_OF,
                n.status.not_in(["idea", "dropped"]),
            )
        ).scalars()
        expected = sum(1 for d in started if f"{d:%Y-%m}" >= first)
    drawn = view.months_chart.values()
    assert sum(map(sum, drawn.values())) == expected


def test_clicking_an_orphan_kaizen_selects_it(
    qtbot: QtBot, view: HealthView, document: PlanDocument
) -> None:
    orphans = view.orphans
    assert orphans.model.rowCount() == 3  # the sample plan's three orphans
    index = orphans.model.index(1, 0)
    ref = orphans.model.refs[1]
    rect = orphans.view.visualRect(index)
    with qtbot.wait_signal(document.nodeSelected) as selected:
        qtbot.mouseClick(orphans.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert selected.args == [ref.id]
    assert document.node_id == ref.id
    assert document.plan is not None and document.plan.graph.code(ref.id) == ref.code


def test_the_unserved_priority_is_listed_and_selects(
    view: HealthView, document: PlanDocument
) -> None:
    assert [r.code for r in view.unserved.model.refs] == ["IP-6"]
    view.unserved.view.clicked.emit(view.unserved.model.index(0, 0))
    assert document.plan is not None and document.node_id == document.plan.graph.id_of("IP-6")


def test_closing_an_action_item_from_the_drill_down_reduces_the_debt_and_undo_restores(
    qtbot: QtBot, view: HealthView, document: PlanDocument
) -> None:
    show_unit(qtbot, view, document, "OPS")
    before = view.figures.debt["OPS"]  # type: ignore[union-attr]
    # Clicking the first unit's bar lists its items.
    series = view.debt_chart.series
    assert series is not None
    first = view.figures.rows[0]  # type: ignore[union-attr]
    top = len(view.figures.rows) - 1  # type: ignore[union-attr]
    series.clicked.emit(top, series.barSets()[0])  # the top bar is the first unit
    assert view.drill.title.text().startswith(f"{first.name} ({first.code})")
    drill = view.drill
    row = next(i for i, item in enumerate(drill.model.items) if item.kind == ACTION)
    item = drill.model.items[row]
    drill.view.selectRow(row)
    assert drill.close_button.isEnabled()
    with qtbot.wait_signal(view.refreshed):
        drill.close_button.click()
    after = view.figures.debt["OPS"]  # type: ignore[union-attr]
    assert after["open_action_items"] == before["open_action_items"] - 1
    assert after["total"] == before["total"] - 1
    assert view.tiles["debt"].value.text() == str(after["total"])
    assert item.id not in {i.id for i in drill.model.items if i.kind == ACTION}

    with qtbot.wait_signal(view.refreshed):
        document.undo_stack.undo()
    assert view.figures.debt["OPS"] == before  # type: ignore[union-attr]
    assert item.id in {i.id for i in drill.model.items if i.kind == ACTION}


def test_recording_a_check_from_the_drill_down_is_one_undo_step(
    qtbot: QtBot, view: HealthView, document: PlanDocument
) -> None:
    drill = view.drill
    checks = [i for i, item in enumerate(drill.model.items) if item.kind == CHECK]
    assert len(checks) >= 2
    for row in checks[:2]:
        drill.view.selectionModel().select(
            drill.model.index(row, 0),
            drill.view.selectionModel().SelectionFlag.Select
            | drill.view.selectionModel().SelectionFlag.Rows,
        )
    total = view.figures.debt["CO"]["total"]  # type: ignore[union-attr]
    count = document.undo_stack.count()
    with qtbot.wait_signal(view.refreshed):
        drill.held_button.click()
    assert document.undo_stack.count() == count + 1
    assert view.figures.debt["CO"]["total"] <= total - 1  # type: ignore[union-attr]
    with qtbot.wait_signal(view.refreshed):
        document.undo_stack.undo()
    assert view.figures.debt["CO"]["total"] == total  # type: ignore[union-attr]


def test_an_edit_elsewhere_does_not_redraw_the_unit(
    qtbot: QtBot, view: HealthView, document: PlanDocument
) -> None:
    show_unit(qtbot, view, document, "OPS")
    with qtbot.assert_not_emitted(view.refreshed, wait=50):
        document.execute(
            AddNode(NodeKind.KAIZEN, "T-SN", "Call-back script", {"origin": "bottom-up"})
        )
    started = view.figures.demand["OPS"]["started"]  # type: ignore[union-attr]
    fields = {"origin": "bottom-up", "start_date": AS_OF, "status": "in progress"}
    with qtbot.wait_signal(view.refreshed):
        document.execute(AddNode(NodeKind.KAIZEN, "T-AS", "Kanban for screws", fields))
    assert view.figures.demand["OPS"]["started"] == started + 1  # type: ignore[union-attr]


def test_a_new_window_measures_again(qtbot: QtBot, view: HealthView) -> None:
    with qtbot.wait_signal(view.refreshed):
        view.set_period(AS_OF, 30)
    f = view.figures
    assert f is not None and f.window_days == 30
    assert "last 30 days" in view.demand_chart.chart().title()


def test_ten_child_units_fit_the_charts(qtbot: QtBot, document: PlanDocument) -> None:
    """A department of ten teams: every unit gets its bar and a readable row."""
    from hoshin.operations import AddUnit

    for i in range(8):
        document.execute(AddUnit(f"Extra team number {i} with a long name", "COM"))
    widget = HealthView(document, today=lambda: AS_OF)
    qtbot.add_widget(widget)
    widget.resize(900, 900)
    widget.show()
    with qtbot.wait_signal(widget.refreshed):
        document.select_unit(unit_id(document.plan, "COM"))
    assert len(widget.figures.rows) == 11  # type: ignore[union-attr]
    assert len(widget.demand_chart.categories) == 11
    assert widget.demand_chart.minimumHeight() >= 11 * 26


def test_the_catchball_card_counts_the_units_own_threads(
    qtbot: QtBot, view: HealthView, document: PlanDocument
) -> None:
    """The plan has three threads; Operations is a party to two of them (one from above,
    one to its plant): its card says so, not "of 3"."""
    from hoshin.catchball.operations import Reply, Throw

    plan = document.plan
    assert plan is not None
    fields = {"unit_of_measure": "%", "direction": "down", "baseline": 0, "goal": -20}
    for unit in ("CO", "CO", "OPS"):
        document.execute(AddNode(NodeKind.TARGET, unit, "Lead time", fields))
    document.execute(Throw("KPI-12", "COM", "Helen Ward", -20))
    document.execute(Throw("KPI-13", "OPS", "Helen Ward", -20))
    document.execute(Throw("KPI-14", "PLT", "Kenji Watanabe", -10))
    document.execute(Reply(3, "agree", "Gareth Evans"))
    show_unit(qtbot, view, document, "OPS")
    tile = view.tiles["catchball"]
    assert (tile.value.text(), tile.detail.text()) == (
        "1 open",
        "of 2 threads here · 1 unit not agreed",
    )
    assert "<b>1</b> open of <b>2</b> threads this unit or a unit below it takes part in" in (
        view.catchball_label.text()
    )
    show_unit(qtbot, view, document, "CO")
    assert tile.detail.text() == "of 3 threads here · 2 units not agreed"
