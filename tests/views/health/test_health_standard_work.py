"""The Health tab's Leader Standard Work panel: the figures of ``hoshin check`` for the unit
shown, its people least adherent first, and the units nobody visited a click away."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from hoshin.reads.checkup import check_report
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


def test_the_people_model_passes_the_model_tester(view: HealthView, qtmodeltester) -> None:
    qtmodeltester.check(view.standard_work.model)


def test_the_panel_shows_the_units_adherence_and_its_people_as_check_does(
    qtbot: QtBot, view: HealthView, document: PlanDocument
) -> None:
    with qtbot.wait_signal(view.refreshed):
        document.select_unit(unit_id(document.plan, "OPS"))
    assert document.plan is not None
    h = check_report(document.plan, as_of=AS_OF)["health"]
    ops = h["lsw_adherence"]["units"]["OPS"]
    panel = view.standard_work
    assert f"({ops['done']} done of {ops['due']} due;" in panel.summary.text()
    m = panel.model
    names = [m.index(r, 0).data() for r in range(m.rowCount())]
    people = {p["name"] for p in h["lsw_adherence"]["people"].values()}
    # Operations' people with routines: Kenji, Gareth, Mark, Pete, Ivan; none from elsewhere.
    assert set(names) == {"Kenji Watanabe", "Gareth Evans", "Mark Hughes", "Pete Walsh",
                          "Ivan Petrov"} <= people  # fmt: skip
    shares = [h["lsw_adherence"]["people"][m.rows[r][0]]["adherence"] for r in range(len(names))]
    assert shares == sorted(shares)  # least adherent first
    presence = h["leadership_presence"]
    below = [c for c in presence["not_visited"] if c in {"OPS", "PLT", "SCM", "QA", "T-AS", "T-MC",
                                                          "T-LG", "T-QL"}]  # fmt: skip
    shown = [panel.not_visited.item(i).text().split()[0] for i in range(panel.not_visited.count())]
    assert shown == below


def test_a_unit_nobody_visited_is_one_click_away(
    qtbot: QtBot, view: HealthView, document: PlanDocument
) -> None:
    panel = view.standard_work
    assert panel.not_visited.count() > 0
    item = panel.not_visited.item(0)
    code = item.text().split()[0]
    with qtbot.wait_signal(view.refreshed):
        panel.not_visited.itemClicked.emit(item)
    assert view.figures is not None and view.figures.unit.code == code
