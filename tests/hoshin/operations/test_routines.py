"""Routines of Leader Standard Work: add, answer, find, turn findings into kaizens and
action items, copy a standard set; every step undoes, every refusal leaves the plan as it was."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.model.errors import PermissionDeniedError, ValidationError
from hoshin.operations import (
    AddFinding,
    AddRoutine,
    AnswerOccurrence,
    ChangeAnswer,
    ClearAnswer,
    CopyRoutines,
    EditRoutine,
    FindingToAction,
    FindingToKaizen,
    RemoveRoutine,
    SetAccess,
    SetFindingDone,
)
from hoshin.plan import Plan
from hoshin.reads.standard_work import my_standard_work
from tests.hoshin.dump import dump
from tests.hoshin.routines import clear_routines

TUE = dt.date(2026, 6, 9)  # a Tuesday before the sample plan's as-of day (2026-06-15)


@pytest.fixture
def plan(demo_plan: Plan) -> Plan:
    demo_plan.clock = lambda: dt.datetime(2026, 6, 15, 9, 0)
    clear_routines(demo_plan)  # the sample's own standard work: these tests count their own
    return demo_plan


def _walk(plan: Plan, who: str = "Gareth Evans", unit: str = "T-AS") -> int:
    op = AddRoutine(who, unit, "Gemba walk in Assembly", "weekly", weekday=1, start="2026-05-01")
    return int(plan.execute(op).result)


def _person(plan: Plan, name: str) -> int:
    with plan.session() as s:
        return int(s.execute(select(e.Person.id).where(e.Person.name == name)).scalar_one())


def test_answering_a_walk_shows_on_my_standard_work_and_undoes(plan: Plan) -> None:
    start = dump(plan)
    walk = _walk(plan)
    done = plan.execute(AnswerOccurrence(walk, "done", TUE, note="5S slipping at cell 3"))
    with plan.session() as s:
        work = my_standard_work(s, _person(plan, "Gareth Evans"), dt.date(2026, 6, 15))
    mine = [o for o in work.overdue if o.routine.id == walk]
    # Tuesdays 2026-06-02 and 06-09 fall within 14 days; 06-09 is answered.
    assert [o.day for o in mine] == [dt.date(2026, 6, 2)]
    assert [o.day for o in work.this_week if o.routine.id == walk] == [dt.date(2026, 6, 16)]
    plan.execute(done.inverse)
    assert dump(plan) != start  # the routine is still there
    with plan.session() as s:
        assert s.execute(select(e.RoutineAnswer.id)).first() is None


@pytest.mark.parametrize(
    ("op", "line"),
    [
        (
            lambda r: AnswerOccurrence(r, "done", "2026-06-10"),
            "is not due on 2026-06-10 (weekly on Tuesday, from 2026-05-01)",
        ),
        (lambda r: AnswerOccurrence(r, "skipped", TUE), "A skip needs a reason"),
        (lambda r: AnswerOccurrence(r, "done", "2026-06-23"), "2026-06-23 is still to come"),
        (lambda r: AnswerOccurrence(r, "late", TUE), "late"),
        (lambda r: AddFinding(r, TUE, "Cable on the floor"), "findings are written on a done"),
        (lambda r: EditRoutine(r, weekday=9), "must be 0 (Monday) to 6 (Sunday), not 9"),
    ],
)
def test_a_bad_answer_gets_one_line_and_changes_nothing(plan: Plan, op: object, line: str) -> None:
    walk = _walk(plan)
    before = dump(plan)
    with pytest.raises(ValidationError) as refused:
        plan.execute(op(walk))  # type: ignore[operator]
    assert line in str(refused.value)
    assert dump(plan) == before


def test_an_answer_changes_and_clears_and_a_skip_keeps_its_reason(plan: Plan) -> None:
    walk = _walk(plan)
    plan.execute(AnswerOccurrence(walk, "missed", TUE))
    with pytest.raises(ValidationError, match="answered already"):
        plan.execute(AnswerOccurrence(walk, "done", TUE))
    plan.execute(ChangeAnswer(walk, TUE, state="skipped", reason="Plant shutdown"))
    with plan.session() as s:
        row = s.execute(select(e.RoutineAnswer.state, e.RoutineAnswer.reason)).one()
    assert tuple(row) == ("skipped", "Plant shutdown")
    plan.execute(ClearAnswer(walk, TUE))
    with plan.session() as s:
        assert s.execute(select(e.RoutineAnswer.id)).first() is None


def test_findings_become_a_kaizen_of_the_visited_team_and_an_action(plan: Plan) -> None:
    walk = _walk(plan)
    plan.execute(AnswerOccurrence(walk, "done", TUE))
    first = plan.execute(AddFinding(walk, TUE, "Tools hunted for at cell 3")).result
    second = plan.execute(AddFinding(walk, TUE, "Andon light broken", unit="T-MC")).result
    before = dump(plan)
    made = plan.execute(FindingToKaizen(first, "joint"))
    code = made.result
    with plan.session() as s:
        n = s.execute(
            select(e.Node.unit_id, e.Node.origin, e.Node.title).where(e.Node.code == code)
        ).one()
        f = s.execute(
            select(e.Finding.outcome, e.Finding.kaizen_id).where(e.Finding.id == first)
        ).one()
        assembly = s.execute(select(e.Unit.id).where(e.Unit.code == "T-AS")).scalar()
    assert (n.unit_id, n.origin, n.title) == (assembly, "joint", "Tools hunted for at cell 3")
    assert f.outcome == "kaizen" and f.kaizen_id is not None
    with pytest.raises(ValidationError, match="became a kaizen already"):
        plan.execute(FindingToAction(first, "Pete Walsh", "2026-06-30"))
    plan.execute(made.inverse)
    assert dump(plan) == before
    plan.execute(FindingToAction(second, "Pete Walsh", "2026-06-30"))
    plan.execute(SetFindingDone(second, on="2026-06-14"))
    with plan.session() as s:
        row = s.execute(
            select(e.Finding.done, e.Finding.done_on).where(e.Finding.id == second)
        ).one()
    assert tuple(row) == (True, dt.date(2026, 6, 14))


def test_removing_a_routine_takes_its_answers_and_findings_and_undo_restores_them(
    plan: Plan,
) -> None:
    walk = _walk(plan)
    plan.execute(AnswerOccurrence(walk, "done", TUE))
    plan.execute(AddFinding(walk, TUE, "Tools hunted for"))
    before = dump(plan)
    gone = plan.execute(RemoveRoutine(walk))
    with plan.session() as s:
        assert s.execute(select(e.Finding.id)).first() is None
    plan.execute(gone.inverse)
    assert dump(plan) == before


def test_a_standard_set_is_copied_to_every_member_of_a_subtree_once(plan: Plan) -> None:
    plan.actor = "Helen Ward"
    plan.execute(SetAccess("Helen Ward", "CO", "executive"))
    plan.execute(SetAccess("Mark Hughes", "T-AS", "member"))
    plan.execute(SetAccess("Aisha Bello", "T-AS", "member"))
    plan.execute(SetAccess("Pete Walsh", "T-MC", "member"))
    plan.execute(SetAccess("Carlos Ruiz", "T-LG", "member"))  # Supply chain: not under PLT
    huddle = plan.execute(
        AddRoutine("Helen Ward", "CO", "Tier-1 huddle", "weekdays", start="2026-06-01")
    ).result
    made = plan.execute(CopyRoutines([huddle], unit="PLT", role="member")).result
    with plan.session() as s:
        rows = s.execute(
            select(e.Person.name, e.Unit.code)
            .join(e.Routine, e.Routine.person_id == e.Person.id)
            .join(e.Unit, e.Unit.id == e.Routine.unit_id)
            .where(e.Routine.id.in_(made))
            .order_by(e.Person.name)
        ).all()
    assert [tuple(r) for r in rows] == [
        ("Aisha Bello", "T-AS"),
        ("Mark Hughes", "T-AS"),
        ("Pete Walsh", "T-MC"),
    ]
    with pytest.raises(ValidationError, match="has these routines already"):
        plan.execute(CopyRoutines([huddle], people=["Pete Walsh"]))


def test_a_member_answers_their_own_routine_and_a_manager_their_peoples(plan: Plan) -> None:
    plan.actor = "Helen Ward"
    plan.execute(SetAccess("Helen Ward", "CO", "executive"))
    plan.execute(SetAccess("Gareth Evans", "PLT", "manager"))
    plan.execute(SetAccess("Aisha Bello", "T-AS", "member"))
    plan.execute(SetAccess("Pete Walsh", "T-MC", "member"))
    plan.actor = "Aisha Bello"
    mine = plan.execute(
        AddRoutine("Aisha Bello", "T-AS", "Check the andon", "weekdays", start="2026-06-01")
    ).result
    plan.execute(AnswerOccurrence(mine, "done", "2026-06-12"))
    plan.actor = "Pete Walsh"  # a member of another team
    with pytest.raises(PermissionDeniedError) as refused:
        plan.execute(AnswerOccurrence(mine, "done", "2026-06-11"))
    assert str(refused.value) == (
        "Pete Walsh may not add the routines of Aisha Bello: that needs the manager role on "
        "T-AS or a unit above it (Pete Walsh has no role there)."
    )
    plan.actor = "Gareth Evans"  # manager of the plant, above Assembly
    plan.execute(AnswerOccurrence(mine, "missed", "2026-06-11"))
    plan.execute(EditRoutine(mine, title="Check the andon board"))
