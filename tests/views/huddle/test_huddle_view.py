"""The Huddle tab on the sample plan: the Assembly team's problems on the plan's day, its
actions undoable, the path dialog, the wall mode, and problems in the node editor."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.conftest import AS_OF, unit_id
from views.document import PlanDocument
from views.huddle import HuddleView


@pytest.fixture
def view(qtbot: QtBot, document: PlanDocument) -> Iterator[HuddleView]:
    widget = HuddleView(document, today=lambda: AS_OF)
    qtbot.add_widget(widget)
    widget.resize(1400, 900)
    widget.show()
    with qtbot.wait_signal(widget.refreshed):
        document.select_unit(unit_id(document.plan, "T-AS"))
    yield widget


def titles(view: HuddleView) -> list[tuple[str, bool]]:
    return [(c.card.title, c.card.escalated_up) for c in view.cards]


def test_the_team_sees_its_open_problems_overdue_first_and_what_it_escalated(
    view: HuddleView,
) -> None:
    """The sample's Assembly story on the plan's day: the worn fixture is overdue (due 4
    days after it was raised 9 days ago), the label printer is open, and the andon problem
    was escalated to Plant Leeds (the torque wrench was solved at Operations before)."""
    assert titles(view) == [
        ("Test bench fixture worn", False),
        ("Label printer jams on every reel change", False),
        ("Shared drive full: reports cannot be saved", True),
        ("Andon on line 2 ignored on the night shift", True),
    ]
    overdue = view.cards[0]
    assert overdue.details.text().startswith("OVERDUE · in progress · raised here")
    andon = view.cards[3]
    assert "now at PLT, tier 2" in andon.details.text()
    assert set(andon.buttons) == {"path"}  # the plant holds it now
    assert view.summary.text().startswith("2 open here, 1 overdue, 2 escalated up to PLT")


def test_escalate_solve_and_undo_from_the_cards(
    qtbot: QtBot, view: HuddleView, document: PlanDocument
) -> None:
    printer = next(c for c in view.cards if c.card.title.startswith("Label printer"))
    pid = printer.card.id
    view.ask = lambda _parent, _title, _label: "Needs maintenance"
    with qtbot.wait_signal(view.refreshed):
        printer.buttons["escalate"].click()
    moved = next(c for c in view.cards if c.card.id == pid)
    assert moved.card.escalated_up and moved.card.unit == "PLT"
    with qtbot.wait_signal(view.refreshed):
        document.undo_stack.undo()
    back = next(c for c in view.cards if c.card.id == pid)
    assert not back.card.escalated_up and back.card.unit == "T-AS"
    with qtbot.wait_signal(view.refreshed):
        back.buttons["solve"].click()
    solved = next(c for c in view.cards if c.card.id == pid)
    assert solved.card.solved and solved.card.answer == "Needs maintenance"
    assert set(solved.buttons) == {"reopen", "path"}


def test_raise_on_another_day_and_navigate(qtbot: QtBot, view: HuddleView) -> None:
    with qtbot.wait_signal(view.refreshed):
        new = view.raise_problem("Glue gun cold at start of shift", due=AS_OF)
    assert new is not None
    assert any(c.card.id == new for c in view.cards)
    with qtbot.wait_signal(view.refreshed):
        view.move_day(-1)
    assert view.day == AS_OF - dt.timedelta(days=1)
    assert all(c.card.id != new for c in view.cards)  # raised on the day after


def test_the_path_dialog_and_the_wall(qtbot: QtBot, view: HuddleView) -> None:
    andon = view.cards[3]
    dialog = view.show_path(andon.card.id)
    assert dialog is not None
    qtbot.add_widget(dialog)
    text = dialog.text.text()
    assert "Tier 1" in text and "Tier 2" in text and "1 escalation" in text
    wall = view.open_wall()
    qtbot.add_widget(wall)
    qtbot.wait_until(lambda: wall.board is not None)
    assert [c.card.id for c in wall.cards] == [c.card.id for c in view.cards]
    assert all(not c.buttons for c in wall.cards)  # read on the wall, not clicked
    assert wall.heading.font().pointSizeF() > view.heading.font().pointSizeF()


def test_the_health_tab_shows_daily_management_and_drills_into_overdue_problems(
    qtbot: QtBot, document: PlanDocument
) -> None:
    """The figures are those of ``hoshin check``; the list behind "open past due" holds
    exactly that many problems, and a double-click opens the unit that holds one."""
    from hoshin.reads.checkup import check_report
    from views.health import HealthView

    health = HealthView(document, today=lambda: AS_OF)
    qtbot.add_widget(health)
    health.resize(1200, 900)
    health.show()
    with qtbot.wait_signal(health.refreshed):
        document.select_unit(unit_id(document.plan, "OPS"))
    assert document.plan is not None
    dm = check_report(document.plan, as_of=AS_OF)["health"]["daily_management"]["units"]["OPS"]
    panel = health.daily
    assert f"<b>{dm['raised']}</b> problems raised in 90 days" in panel.label.text()
    assert panel.overdue.count() == dm["open_past_due"] > 0
    item = panel.overdue.item(0)
    panel.overdue.itemDoubleClicked.emit(item)
    assert document.unit_id == item.data(Qt.ItemDataRole.UserRole + 1)


def test_a_problem_about_a_target_is_listed_in_its_served_by(
    qtbot: QtBot, document: PlanDocument
) -> None:
    from hoshin.operations.problems import RaiseProblem
    from views.node.editor import NodeEditor

    plan = document.plan
    assert plan is not None
    document.execute(RaiseProblem("Late trucks from the hub", "OPS", node="KPI-2"))
    editor = NodeEditor(document)
    qtbot.add_widget(editor)
    document.select_node(plan.graph.id_of("KPI-2"))
    served = editor.links.served_by.list
    texts = [served.item(i).text() for i in range(served.count())]
    assert any(t.startswith("Problem #") and t.endswith("Late trucks from the hub") for t in texts)
    assert "(open at OPS, tier 1)" in next(t for t in texts if "Late trucks" in t)
