"""My work: the sample plan on Monday 6 July 2026 (June's actuals are due Tuesday 7th, the
5th working day of July), as Helen Ward (P-1, the company's first person)."""

from __future__ import annotations

import datetime as dt

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from hoshin.reads.obligations import Obligation
from views.document import PlanDocument
from views.my_work import MyWorkView


def _view(qtbot: QtBot, document: PlanDocument, person: str | None) -> MyWorkView:
    assert document.plan is not None
    document.plan.clock = lambda: dt.datetime(2026, 7, 6, 9, 0)
    document.current_person = person
    view = MyWorkView(document)
    qtbot.add_widget(view)
    view.show()
    qtbot.wait_until(lambda: not view.stale)
    return view


def _titles(view: MyWorkView, section: str) -> list[str]:
    model = view.model
    for row in range(model.rowCount()):
        head = model.item(row, 0)
        if head.text().startswith(section + " ("):
            return [head.child(r, 0).text() for r in range(head.rowCount())]
    return []


def test_the_sections_of_an_executive(
    qtbot: QtBot, document: PlanDocument, qtmodeltester: ModelTester
) -> None:
    view = _view(qtbot, document, "P-1")
    qtmodeltester.check(view.model)
    sections = list(view.model.sections)
    assert sections[:2] == ["Overdue", "Today"] and "This week" in sections
    # June's actuals of her three company targets are due tomorrow, Tuesday 7 July; her
    # fortnightly walk (Wednesdays from the week of 11 May: 8 July) and her monthly one
    # (the 2nd Thursday: 9 July) follow.
    assert _titles(view, "This week") == [
        *(f"Record the actual of June 2026 for {code}" for code in ("KPI-2", "KPI-4", "KPI-6")),
        "Gemba walk at Plant Leeds",
        "Gemba walk at the Support desk",
    ]
    assert _titles(view, "Today") == ["Tier-3 review of the company board"]  # Mondays
    # Her people's late work shows with whose it is.
    people = _titles(view, "My people, overdue")
    assert people and all(": " in t for t in people)
    assert "Helen Ward" in view.title.text() and view.nobody.isHidden()


def test_a_row_asks_to_be_done(qtbot: QtBot, document: PlanDocument) -> None:
    view = _view(qtbot, document, "P-1")
    head = view.model.index(0, 0)  # Overdue
    first = view.model.index(0, 0, head)
    assert not view.do_button.isEnabled()
    view.view.setCurrentIndex(first)
    assert view.do_button.isEnabled()
    with qtbot.wait_signal(view.doRequested) as asked:
        view.view.doubleClicked.emit(first)
    ob = asked.args[0]
    assert isinstance(ob, Obligation) and ob.kind == "countermeasure" and ob.owner == "Helen Ward"


def test_nobody_chosen_is_asked_who_they_are(qtbot: QtBot, document: PlanDocument) -> None:
    view = _view(qtbot, document, None)
    assert not view.nobody.isHidden() and view.view.isHidden()
    assert view.model.rowCount() == 0


def test_an_answered_routine_leaves_the_page_at_once(qtbot: QtBot, document: PlanDocument) -> None:
    """Recorded done (in My standard work, or here by another window), Monday's board
    review is no longer owed: the page reads again instead of listing it still."""
    from hoshin.operations.routines import AnswerOccurrence

    view = _view(qtbot, document, "P-1")
    [monday] = [
        ob
        for section in range(view.model.rowCount())
        for row in range(view.model.item(section, 0).rowCount())
        if (ob := view.model.obligation(row, section)) is not None
        and ob.kind == "routine"
        and ob.due == dt.date(2026, 7, 6)
    ]
    assert document.execute(AnswerOccurrence(int(monday.key.split(":")[1]), "done", "2026-07-06"))
    qtbot.wait_until(lambda: not view.stale)
    assert _titles(view, "Today") == []
