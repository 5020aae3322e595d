"""The review meeting: its agenda assembled from the plan (known answers of the sample
plan on 15 June 2026, reviewing May), decisions and action items recorded against
its items, held; every step undone exactly; only a manager of the unit may do them."""

from __future__ import annotations

import datetime as dt

import pytest

from hoshin.catchball.operations import Throw
from hoshin.model.agenda import AgendaKind
from hoshin.model.errors import NotFoundError, PermissionDeniedError, ValidationError
from hoshin.model.lookups import find_person
from hoshin.operations import AddCountermeasure, Operation, RemovePerson, SetAccess
from hoshin.operations.meetings import (
    AddAgendaPoint,
    NewMeeting,
    RecordDecision,
    RemoveDecision,
    RemoveMeeting,
    SetDecisionDone,
    SetMeetingHeld,
    UpdateDecision,
)
from hoshin.operations.problems import EscalateProblem, RaiseProblem
from hoshin.plan import Plan
from hoshin.reads.meetings import MeetingView, meeting
from hoshin.reads.obligations import for_person
from tests.hoshin.dump import dump

DAY = "2026-06-15"
#: Targets green in May 2026, then kaizens finished in May, of the company and below.
WINS = ("KPI-2", "KPI-5", "KPI-6", "KPI-8", "KPI-9", "KPI-10", "KZ-130", "KZ-131")


def _view(plan: Plan, meeting_id: int) -> MeetingView:
    with plan.session() as s:
        return meeting(s, meeting_id)


def _undoes_exactly(plan: Plan, op: Operation) -> object:
    before = dump(plan)
    applied = plan.execute(op)
    assert dump(plan) != before
    redo = plan.execute(applied.inverse)
    assert dump(plan) == before, f"undo of {op.label} did not restore the plan"
    plan.execute(redo.inverse)  # redone: the same ids again
    return applied.result


def test_the_agenda_holds_red_targets_without_countermeasures_catchball_and_wins(
    demo_plan: Plan,
) -> None:
    # KPI-3, red in May, gets a countermeasure: it leaves the agenda.
    demo_plan.execute(AddCountermeasure("KPI-3", "2026-05", "Call the detractors"))
    thread = demo_plan.execute(Throw("KPI-2", "OPS", "Helen Ward", 22, "Lead time 22 days"))
    meeting_id = demo_plan.execute(NewMeeting("CO", DAY)).result
    view = _view(demo_plan, meeting_id)
    assert [(i.kind, i.item) for i in view.items if i.kind is not AgendaKind.OVERDUE] == [
        (AgendaKind.RED, "KPI-11"),
        (AgendaKind.CATCHBALL, f"catchball:{thread.result}"),
        *((AgendaKind.WIN, code) for code in WINS),
    ]
    assert view.items[0].title == (
        "KPI-11 Kaizens completed per team per month, Corporate: red in May 2026, no "
        "countermeasure (owner Tom Becker)"
    )
    late = {i.item: i.title for i in view.items if i.kind is AgendaKind.OVERDUE}
    # Due Friday 15 May: 10 working days of May and 11 of June to the 15th.
    assert late["action:19"] == (
        "Update the standard work sheet — Olivia Grant, due 2026-05-15, 21 working days late"
    )
    # KPI-11's May countermeasure is the red item itself; KPI-3's May has one now.
    assert "countermeasure:40:2026-05" not in late and "countermeasure:17:2026-05" not in late
    assert "countermeasure:40:2026-03" in late  # an older red month, still unanswered
    catchball = next(i for i in view.items if i.kind is AgendaKind.CATCHBALL)
    assert catchball.title == (
        "KPI-2 Order-to-delivery lead time: catchball CO → OPS proposed, waiting for OPS"
    )
    # Operations sees its own: its people's overdue items, its catchball, its wins.
    ops = _view(demo_plan, demo_plan.execute(NewMeeting("OPS", DAY)).result)
    # (The sample's standard work and problems add overdue routines, problems and an
    # escalated problem too.)
    listed = [(i.kind.value, i.item) for i in ops.items]
    assert [x for x in listed if x[0] in ("catchball", "win")] == [
        ("catchball", f"catchball:{thread.result}"),
        ("win", "KPI-9"),
    ]
    overdue = [item for kind, item in listed if kind == "overdue"]
    assert {f"action:{n}" for n in (10, 11, 12, 15, 16, 17)} <= set(overdue)
    assert listed[: len(overdue)] == [("overdue", item) for item in overdue]  # first


def test_decisions_are_recorded_against_items_and_every_step_undoes(demo_plan: Plan) -> None:
    meeting_id = int(str(_undoes_exactly(demo_plan, NewMeeting("CO", DAY, chair="Helen Ward"))))
    assert _undoes_exactly(demo_plan, AddAgendaPoint(meeting_id, "Budget for Q1")) == len(
        _view(demo_plan, meeting_id).items
    )  # the last
    decided = _undoes_exactly(
        demo_plan,
        RecordDecision(meeting_id, "Run a kaizen blitz", 1, "Pete Walsh", "2026-12-20"),
    )
    general = demo_plan.execute(RecordDecision(meeting_id, "Next review on 11 January")).result
    _undoes_exactly(demo_plan, UpdateDecision(int(str(decided)), due="2026-12-22"))
    _undoes_exactly(demo_plan, SetDecisionDone(int(str(decided)), on="2026-12-21"))
    _undoes_exactly(demo_plan, SetMeetingHeld(meeting_id, notes="All present."))
    view = _view(demo_plan, meeting_id)
    assert [(d.item, d.text, d.owner, str(d.due), d.done) for d in view.decisions] == [
        (1, "Run a kaizen blitz", "Pete Walsh", "2026-12-22", True),
        (None, "Next review on 11 January", None, "None", False),
    ]
    assert view.chair == "Helen Ward" and view.items[-1].title == "Budget for Q1"
    _undoes_exactly(demo_plan, RemoveDecision(int(general)))
    _undoes_exactly(demo_plan, RemoveMeeting(meeting_id))


def test_bad_decisions_are_refused_in_words(demo_plan: Plan) -> None:
    meeting_id = demo_plan.execute(NewMeeting("CO", DAY)).result
    with pytest.raises(NotFoundError, match=r"^Meeting 1 has no agenda item 99;"):
        demo_plan.execute(RecordDecision(meeting_id, "X", 99))
    with pytest.raises(ValidationError, match=r"^An action item with a due date needs an owner"):
        demo_plan.execute(RecordDecision(meeting_id, "X", due="2026-12-20"))
    with pytest.raises(NotFoundError, match=r"^No meeting 42 in this plan\.$"):
        demo_plan.execute(RecordDecision(42, "X"))
    with pytest.raises(ValidationError, match=r"^The decision cannot be empty\.$"):
        demo_plan.execute(RecordDecision(meeting_id, "  "))


def test_only_a_manager_of_the_unit_runs_its_meeting(demo_plan: Plan) -> None:
    demo_plan.actor = "Helen Ward"
    demo_plan.execute(SetAccess("Helen Ward", "CO", "executive"))
    demo_plan.execute(SetAccess("Kenji Watanabe", "OPS", "manager"))
    demo_plan.execute(SetAccess("Pete Walsh", "T-MC", "member"))
    company = demo_plan.execute(NewMeeting("CO", DAY)).result
    demo_plan.actor = "Kenji Watanabe"
    ops = demo_plan.execute(NewMeeting("OPS", DAY)).result
    pete = demo_plan.execute(
        RecordDecision(ops, "Second shift", owner="Pete Walsh", due="2026-12-20")
    ).result
    kenjis = demo_plan.execute(
        RecordDecision(ops, "Order the fixture", owner="Kenji Watanabe", due="2026-12-20")
    ).result
    with pytest.raises(PermissionDeniedError) as refused:
        demo_plan.execute(RecordDecision(company, "Not mine"))
    assert str(refused.value).startswith("Kenji Watanabe may not record decisions: that needs")
    demo_plan.actor = "Pete Walsh"
    with pytest.raises(PermissionDeniedError, match=r"may not hold review meetings of T-MC"):
        demo_plan.execute(NewMeeting("T-MC", DAY))
    with pytest.raises(PermissionDeniedError, match=r"may not hold review meetings"):
        demo_plan.execute(SetMeetingHeld(ops))
    # A member closes the action item decided for him (and opens it again), not another's.
    demo_plan.execute(SetDecisionDone(pete, on="2026-12-18"))
    demo_plan.execute(SetDecisionDone(pete, done=False))
    with pytest.raises(PermissionDeniedError, match=r"Pete Walsh may not close action items"):
        demo_plan.execute(SetDecisionDone(kenjis))


def test_problems_escalated_to_the_unit_are_on_its_agenda(demo_plan: Plan) -> None:
    raised = demo_plan.execute(
        RaiseProblem("Coolant pump leaks", "T-MC", "Pete Walsh", due="2026-06-12", on="2026-06-10")
    ).result
    demo_plan.execute(EscalateProblem(int(raised), by="Pete Walsh"))
    kept = demo_plan.execute(RaiseProblem("Labels smudge", "PLT", "Gareth Evans", on="2026-06-10"))
    view = _view(demo_plan, demo_plan.execute(NewMeeting("PLT", DAY)).result)
    escalated = [(i.item, i.title) for i in view.items if i.kind is AgendaKind.ESCALATION]
    assert (
        f"problem:{raised}",
        f"Problem {raised} Coolant pump leaks: escalated from T-MC, due 2026-06-12, overdue",
    ) in escalated  # with those the sample escalated to the plant itself
    assert f"problem:{kept.result}" not in [item for item, _ in escalated]  # not its own
    assert kept.result != raised


def test_a_decisions_action_item_joins_its_owners_obligations_until_done(
    demo_plan: Plan,
) -> None:
    meeting_id = demo_plan.execute(NewMeeting("QA", DAY)).result
    decided = demo_plan.execute(
        RecordDecision(meeting_id, "Recalibrate the gauges", 1, "Yuki Tanaka", "2026-06-10")
    ).result
    as_of = dt.date(2026, 6, 15)

    def owed() -> list[tuple[str, str, int]]:
        with demo_plan.session() as s:
            yuki = int(find_person(s, "Yuki Tanaka")["id"])
            agenda = for_person(s, as_of, yuki)
        return [(o.title, str(o.due), o.days_overdue) for o in agenda.own if o.kind == "decision"]

    # Due Wednesday 10 June: the 11th, 12th and 15th are working days past it.
    assert owed() == [("Recalibrate the gauges", "2026-06-10", 3)]
    demo_plan.execute(SetDecisionDone(int(decided), on="2026-06-15"))
    assert owed() == []


def test_removing_the_owner_of_an_action_item_and_the_chair_undoes_exactly(
    demo_plan: Plan,
) -> None:
    meeting_id = demo_plan.execute(NewMeeting("QA", DAY, chair="Ivan Petrov")).result
    demo_plan.execute(RecordDecision(meeting_id, "Recalibrate", 1, "Ivan Petrov", "2026-06-30"))
    _undoes_exactly(demo_plan, RemovePerson("Ivan Petrov"))  # and redone: he is gone
    view = _view(demo_plan, meeting_id)
    assert view.chair is None and view.decisions[0].owner is None
