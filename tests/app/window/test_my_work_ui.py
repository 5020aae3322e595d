"""My work in the window: the start page once a person is chosen, "do it" opens where the
work is done, and File ▸ Export ▸ Calendar writes the person's .ics."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.window.main_window import MainWindow
from hoshin.reads.obligations import Obligation, for_person
from views.bowling.countermeasure import CountermeasureDialog
from views.my_work import MyWorkView

HELEN = "P-1"


def _as_helen(qtbot: QtBot, window: MainWindow) -> MyWorkView:
    return _as(qtbot, window, HELEN)


def _as(qtbot: QtBot, window: MainWindow, person: str) -> MyWorkView:
    """My work of ``person`` in the window, read on Monday 6 July 2026 (June's actuals are
    due on Tuesday)."""
    plan = window.document.plan
    assert plan is not None
    plan.clock = lambda: dt.datetime(2026, 7, 6, 9, 0)
    window.show()
    qtbot.wait_exposed(window)
    window.document.current_person = person
    view = window.tab_view("My work")
    assert isinstance(view, MyWorkView)
    qtbot.wait_until(lambda: not view.stale)
    return view


def test_choosing_a_person_opens_their_work(qtbot: QtBot, window: MainWindow) -> None:
    assert window.current_view() is not window.lazy_tabs.built("My work")
    view = _as_helen(qtbot, window)
    assert window.current_view() is view
    assert "My work — Helen Ward" in view.title.text()


def test_an_actual_opens_its_bowling_cell(qtbot: QtBot, window: MainWindow) -> None:
    view = _as_helen(qtbot, window)
    plan = window.document.plan
    assert plan is not None
    with plan.session() as s:
        owed = for_person(s, dt.date(2026, 7, 6), 1).own
    [june] = [
        o
        for o in owed
        if o.kind == "actual" and o.key.endswith(":2026-06") and o.node_code == "KPI-2"
    ]
    view.doRequested.emit(june)
    bowling = window.health.view("Bowling chart")
    assert window.current_view() is bowling
    index = bowling.table.currentIndex()  # type: ignore[attr-defined]
    cell = bowling.model.cell(index.row(), index.column())  # type: ignore[attr-defined]
    assert (cell.code, cell.month) == ("KPI-2", "2026-06")


def test_a_red_month_opens_its_countermeasure(qtbot: QtBot, window: MainWindow) -> None:
    view = _as_helen(qtbot, window)
    late = view.model.obligation(0, 0)  # the first overdue: a countermeasure of Helen's
    assert late is not None and late.kind == "countermeasure"
    view.doRequested.emit(late)
    bowling = window.health.view("Bowling chart")
    assert window.current_view() is bowling
    [dialog] = [w for w in bowling.findChildren(CountermeasureDialog) if w.isVisible()]
    assert late.node_code in dialog.windowTitle() + dialog.findChild(QLabel).text()


def test_the_calendar_is_exported_for_the_person(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    _as_helen(qtbot, window)
    out = tmp_path / "helen"
    assert window.my_work.calendar_action.isEnabled()
    assert window.my_work.export_calendar(str(out))
    cal = Calendar.from_ical((tmp_path / "helen.ics").read_bytes())
    summaries = [str(ev["summary"]) for ev in cal.walk("VEVENT")]
    assert "Record the actual of June 2026 for KPI-2" in summaries
    assert str(cal["x-wr-calname"]) == "Hoshin: Helen Ward"


def test_an_action_item_is_selected_in_its_kaizen_editor(qtbot: QtBot, window: MainWindow) -> None:
    plan = window.document.plan
    assert plan is not None
    view = _as(qtbot, window, "P-17")  # Jonas Berg, who owes an action item of KZ-101
    owed = view.model.obligation(0, 0)
    assert owed is not None and owed.kind == "action" and owed.node_code == "KZ-101"
    view.doRequested.emit(owed)
    assert plan.graph.code(window.document.node_id) == "KZ-101"
    panel = window.docks.editor.sustainment
    [chosen] = panel.selected()
    assert (chosen.kind, chosen.id) == ("action item", int(owed.key.split(":")[1]))
    assert panel.close_button.isEnabled()  # closing it is one click


@pytest.mark.qt_log_ignore(r"This plugin does not support raise")  # offscreen: no stacking
def test_a_decisions_action_item_opens_its_meeting_and_done_closes_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    from hoshin.operations.meetings import NewMeeting, RecordDecision
    from hoshin.reads.meetings import meeting
    from views.meeting.dialog import MeetingDialog

    plan = window.document.plan
    assert plan is not None
    plan.clock = lambda: dt.datetime(2026, 7, 6, 9, 0)
    ops = plan.execute(NewMeeting("OPS", "2026-06-29")).result
    decided = plan.execute(
        RecordDecision(ops, "Retrain the night shift", owner="P-17", due="2026-07-03")
    ).result
    view = _as(qtbot, window, "P-17")  # Jonas Berg, whose action item it is
    [owed] = [ob for ob in _listed(view) if ob.kind == "decision"]
    assert owed.days_overdue == 1  # due Friday 3 July, read on Monday the 6th
    view.doRequested.emit(owed)
    [dialog] = [w for w in window.findChildren(MeetingDialog) if w.isVisible()]
    assert dialog.meeting is not None and dialog.meeting.id == ops
    chosen = dialog.decisions.decision(dialog.decisions_table.currentIndex())
    assert chosen is not None and (chosen.id, chosen.text) == (decided, "Retrain the night shift")
    dialog.done_button.click()
    with plan.session() as s:
        [row] = meeting(s, ops).decisions
    assert row.done
    dialog.close()
    window.my_work.show()  # back to the page: read again, the item gone
    qtbot.wait_until(lambda: not view.stale)
    assert [ob for ob in _listed(view) if ob.kind == "decision"] == []  # done: off the list


def _listed(view: MyWorkView) -> list[Obligation]:
    """Every obligation the page lists, section by section."""
    out = []
    for section in range(view.model.rowCount()):
        head = view.model.item(section, 0)
        for row in range(head.rowCount() if head is not None else 0):
            if (ob := view.model.obligation(row, section)) is not None:
                out.append(ob)
    return out


def test_ones_own_routine_opens_in_my_standard_work_chosen(
    qtbot: QtBot, window: MainWindow
) -> None:
    view = _as_helen(qtbot, window)
    [today] = [ob for ob in _listed(view) if ob.kind == "routine" and ob.due == dt.date(2026, 7, 6)]
    view.doRequested.emit(today)
    work = window.tab_view("My standard work")
    assert window.current_view() is work
    chosen = work.selected()  # type: ignore[attr-defined]
    assert (chosen.routine.id, chosen.day) == (int(today.key.split(":")[1]), dt.date(2026, 7, 6))
    assert chosen.routine.title == "Tier-3 review of the company board"


def test_a_problem_opens_the_huddle_board_of_its_unit(qtbot: QtBot, window: MainWindow) -> None:
    view = _as(qtbot, window, "P-24")  # Mark Hughes, who owes three problems' answers
    problem = next(ob for ob in _listed(view) if ob.kind == "problem")
    view.doRequested.emit(problem)
    assert window.current_view() is window.tab_view("Huddle")
    assert window.document.unit_id == problem.unit_id  # the board of the unit that holds it
