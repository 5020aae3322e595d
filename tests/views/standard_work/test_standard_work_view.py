"""The "My standard work" tab: the current person's occurrences, overdue first; one click
records done, missed or skipped (with its reason), findings become kaizens; undo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.operations import AddRoutine
from hoshin.reads.standard_work import person_work
from tests.hoshin.routines import clear_routines
from views.document import PlanDocument
from views.standard_work import StandardWorkView
from views.standard_work.view import NOBODY

TODAY = dt.date(2026, 6, 15)  # a Monday, the sample plan's as-of day


@pytest.fixture
def view(qtbot: QtBot, document: PlanDocument) -> Iterator[StandardWorkView]:
    plan = document.plan
    assert plan is not None
    plan.clock = lambda: dt.datetime(2026, 6, 15, 9, 0)
    clear_routines(plan)
    plan.execute(AddRoutine("Gareth Evans", "T-MC", "Gemba walk", "weekly", weekday=3,
                            start="2026-06-01"))  # fmt: skip
    plan.execute(AddRoutine("Gareth Evans", "PLT", "Tier-2 huddle", "weekdays",
                            start="2026-06-15"))  # fmt: skip
    document.current_person = person_work(plan, "Gareth Evans", TODAY).key
    widget = StandardWorkView(document, today=lambda: TODAY)
    qtbot.add_widget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.wait_until(lambda: widget.model.rowCount() > 0)
    yield widget


def rows(view: StandardWorkView) -> list[tuple[str, str, str, str]]:
    m = view.model
    return [
        tuple(str(m.index(r, c).data()) for c in (0, 1, 2, 5))  # type: ignore[misc]
        for r in range(m.rowCount())
    ]


def test_the_model_passes_the_model_tester(view: StandardWorkView, qtmodeltester) -> None:
    qtmodeltester.check(view.model)


def test_overdue_first_then_today_then_the_week(view: StandardWorkView) -> None:
    assert rows(view) == [
        ("Overdue", "Thu 2026-06-04", "Gemba walk", "open"),
        ("Overdue", "Thu 2026-06-11", "Gemba walk", "open"),
        ("Today", "Mon 2026-06-15", "Tier-2 huddle", "open"),
        ("This week", "Tue 2026-06-16", "Tier-2 huddle", "open"),
        ("This week", "Wed 2026-06-17", "Tier-2 huddle", "open"),
        ("This week", "Thu 2026-06-18", "Gemba walk", "open"),
        ("This week", "Thu 2026-06-18", "Tier-2 huddle", "open"),
        ("This week", "Fri 2026-06-19", "Tier-2 huddle", "open"),
    ]
    assert view.heading.text() == "My standard work — Gareth Evans, Monday 2026-06-15"
    assert view.summary.text().startswith("2 overdue occurrences")


def test_one_click_records_done_with_a_note_and_undo_takes_it_back(
    view: StandardWorkView, document: PlanDocument, qtbot: QtBot
) -> None:
    view.table.selectRow(0)
    view.note.setText("Chips everywhere at machine 4")
    view.done_button.click()
    qtbot.wait_until(lambda: rows(view)[0][1] == "Thu 2026-06-11")
    assert ("Answered", "Thu 2026-06-04", "Gemba walk", "done") in rows(view)
    assert view.note.text() == ""
    view.undo_button.click()
    qtbot.wait_until(lambda: rows(view)[0][1] == "Thu 2026-06-04")


def test_a_skip_without_a_reason_is_refused_next_to_the_buttons(
    view: StandardWorkView, document: PlanDocument, qtbot: QtBot
) -> None:
    view.table.selectRow(2)  # today's huddle
    assert not view.answer("skipped")
    assert view.message.text() == "A skip needs a reason (then the occurrence is not due)."
    view.reason.setText("Plant audit")
    view.skip_button.click()
    qtbot.wait_until(lambda: rows(view)[2][3] == "skipped (Plant audit)")


def test_a_finding_of_a_done_walk_becomes_a_kaizen_of_the_team_visited(
    view: StandardWorkView, document: PlanDocument, qtbot: QtBot
) -> None:
    view.table.selectRow(1)  # the walk of 06-11
    assert not view.findings_box.isEnabled()  # nothing seen before it is done
    view.done_button.click()
    qtbot.wait_until(lambda: ("Answered", "Thu 2026-06-11", "Gemba walk", "done") in rows(view))
    view.select(view.model.occurrence(next(
        r for r in range(view.model.rowCount()) if rows(view)[r][0] == "Answered"
    )).routine.id, dt.date(2026, 6, 11))  # type: ignore[union-attr]  # fmt: skip
    assert view.findings_box.isEnabled()
    view.finding_text.setText("Coolant leak under machine 4")
    view.add_finding_button.click()
    qtbot.wait_until(lambda: view.findings.count() == 1)
    view.origin.setCurrentIndex(2)  # joint
    view.kaizen_button.click()
    qtbot.wait_until(lambda: "→ kaizen KZ-" in view.findings.item(0).text())
    plan = document.plan
    assert plan is not None
    with plan.session() as s:
        unit, origin = s.execute(
            select(e.Unit.code, e.Node.origin)
            .join(e.Node, e.Node.unit_id == e.Unit.id)
            .where(e.Node.title == "Coolant leak under machine 4")
        ).one()
    assert (unit, origin) == ("T-MC", "joint")


def test_nobody_chosen_says_how_to_choose(view: StandardWorkView, qtbot: QtBot) -> None:
    view.document.current_person = None
    qtbot.wait_until(lambda: view.model.rowCount() == 0)
    assert view.summary.text() == NOBODY


def test_a_finding_of_a_done_walk_becomes_a_problem_on_the_visited_huddle(
    view: StandardWorkView, document: PlanDocument, qtbot: QtBot
) -> None:
    view.table.selectRow(1)  # the walk of 06-11
    view.done_button.click()
    qtbot.wait_until(lambda: ("Answered", "Thu 2026-06-11", "Gemba walk", "done") in rows(view))
    view.select(view.model.occurrence(next(
        r for r in range(view.model.rowCount()) if rows(view)[r][0] == "Answered"
    )).routine.id, dt.date(2026, 6, 11))  # type: ignore[union-attr]  # fmt: skip
    view.finding_text.setText("Chips in the coolant tray")
    view.add_finding_button.click()
    qtbot.wait_until(lambda: view.findings.count() == 1)
    view.findings.setCurrentRow(0)
    view.owner.setText("Gareth Evans")
    view.due.setDate(QDate(2026, 6, 26))
    view.problem_button.click()
    qtbot.wait_until(lambda: "problem" in view.findings.item(0).text())
    plan = document.plan
    assert plan is not None
    with plan.session() as s:
        unit, due = s.execute(
            select(e.Unit.code, e.Problem.due)
            .join(e.Problem, e.Problem.unit_id == e.Unit.id)
            .where(e.Problem.title == "Chips in the coolant tray")
        ).one()
    assert (unit, due) == ("T-MC", dt.date(2026, 6, 26))
