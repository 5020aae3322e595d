"""Problems of daily management: raised at a team's huddle, escalated up the tiers, sent
back, solved, turned into a kaizen or a countermeasure; each step undoable; who may do what."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hoshin.model.errors import PermissionDeniedError, ValidationError
from hoshin.model.kinds import NodeKind
from hoshin.operations import AddNode, AddPerson, AddUnit, SetMeasurement
from hoshin.operations.access import SetAccess
from hoshin.operations.problems import (
    EditProblem,
    EscalateProblem,
    ProblemToCountermeasure,
    ProblemToKaizen,
    RaiseProblem,
    ReopenProblem,
    ReturnProblem,
    SolveProblem,
    StartProblem,
)
from hoshin.plan import Plan
from hoshin.reads.problems import problem_card, problem_path, unit_problems
from tests.hoshin.dump import dump

DAY = dt.date(2026, 11, 2)


class Clock:
    """The time of each edit, moved by the test."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 2, 8, 0)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def plan(tmp_path: Path, clock: Clock) -> Plan:
    """CO ▸ DIV (division) ▸ DEP (department) ▸ TM (team). People: Tom (member of TM),
    Tia (manager of TM), Dan (manager of DEP), Val (manager of DIV), Eve (executive of CO),
    Olga (no role). Lead time KPI-1 in TM, red in October."""
    plan = Plan.create(tmp_path / "daily.hoshin", "Acme")
    plan.execute(AddUnit("Division", "CO", code="DIV"))
    plan.execute(AddUnit("Department", "DIV", code="DEP"))
    plan.execute(AddUnit("Team", "DEP", code="TM"))
    for name, unit in (("Eve", "CO"), ("Val", "DIV"), ("Dan", "DEP"), ("Tia", "TM")):
        plan.execute(AddPerson(name, unit))
    plan.execute(AddPerson("Tom", "TM"))
    plan.execute(AddPerson("Olga", "TM"))
    fields = {"direction": "down", "baseline": 30, "goal": 24}
    plan.execute(AddNode(NodeKind.TARGET, "TM", "Lead time", fields))
    plan.execute(SetMeasurement("KPI-1", "2026-10", plan=28, actual=31))
    plan.clock = clock
    return plan


def roles(plan: Plan) -> None:
    for who, unit, role in (
        ("Eve", "CO", "executive"),
        ("Val", "DIV", "manager"),
        ("Dan", "DEP", "manager"),
        ("Tia", "TM", "manager"),
        ("Tom", "TM", "member"),
    ):
        plan.execute(SetAccess(who, unit, role))
        plan.actor = "Eve"  # once roles exist, someone must be named


def test_escalated_twice_and_solved_at_the_division_shows_its_path_and_times(
    plan: Plan, clock: Clock
) -> None:
    """The known answer: raised at TM on 2 Nov 08:00, escalated to DEP on 3 Nov 08:00 (1
    day at tier 1), to DIV on 5 Nov 08:00 (2 days at tier 2), solved there on 5 Nov 20:00
    (half a day at tier 3): 2 escalations."""
    pid = plan.execute(RaiseProblem("Tote shortage on line 2", "TM", raised_by="Tom")).result
    clock.now = dt.datetime(2026, 11, 3, 8, 0)
    plan.execute(EscalateProblem(pid, "Needs the warehouse", by="Tia"))
    clock.now = dt.datetime(2026, 11, 5, 8, 0)
    plan.execute(EscalateProblem(pid, "Budget for totes", by="Dan"))
    clock.now = dt.datetime(2026, 11, 5, 20, 0)
    plan.execute(SolveProblem(pid, "200 totes ordered", by="Val"))
    with plan.session() as s:
        path = problem_path(s, pid)
    assert path.escalations == 2
    assert [(t.unit, t.tier, t.ended, t.days(clock.now)) for t in path.stays] == [
        ("TM", 1, "escalated", 1.0),
        ("DEP", 2, "escalated", 2.0),
        ("DIV", 3, "solved", 0.5),
    ]
    assert [(st.kind, st.by, st.from_unit, st.to_unit) for st in path.steps] == [
        ("raised", "Tom", "", "TM"),
        ("escalated", "Tia", "TM", "DEP"),
        ("escalated", "Dan", "DEP", "DIV"),
        ("solved", "Val", "", "DIV"),
    ]
    assert path.card.status == "solved" and path.card.solved_on == dt.date(2026, 11, 5)
    assert path.steps[1].note == "Needs the warehouse"


def test_the_huddle_shows_what_it_holds_and_marks_what_it_escalated(plan: Plan) -> None:
    first = plan.execute(RaiseProblem("Scanner down", "TM", due="2026-11-01", on="2026-10-30"))
    second = plan.execute(RaiseProblem("No forklift", "TM")).result
    plan.execute(EscalateProblem(second))
    with plan.session() as s:
        team = unit_problems(s, 3 + 1, DAY)  # TM is the fourth unit
        dep = unit_problems(s, 3, DAY)
    assert [(c.id, c.unit, c.escalated_up, c.overdue) for c in team] == [
        (first.result, "TM", False, True),
        (second, "DEP", True, False),
    ]
    assert [(c.id, c.tier, c.escalated_up) for c in dep] == [(second, 2, False)]


def test_a_past_day_shows_each_problem_where_it_stood_that_day(plan: Plan, clock: Clock) -> None:
    """Raised at TM on 2 Nov, escalated to DEP on 3 Nov, solved there on 5 Nov; a second
    one solved at TM on 4 Nov and reopened on 6 Nov. Looking back (today is later than
    all of it), each day's huddles show them as they stood that evening."""
    pid = plan.execute(RaiseProblem("Tote shortage", "TM")).result
    other = plan.execute(RaiseProblem("Label printer jams", "TM")).result
    clock.now = dt.datetime(2026, 11, 3, 8, 0)
    plan.execute(EscalateProblem(pid))
    clock.now = dt.datetime(2026, 11, 4, 9, 0)
    plan.execute(SolveProblem(other, "New ribbon"))
    clock.now = dt.datetime(2026, 11, 5, 9, 0)
    plan.execute(SolveProblem(pid, "Totes ordered"))
    clock.now = dt.datetime(2026, 11, 6, 9, 0)
    plan.execute(ReopenProblem(other, "Jams again"))

    def huddle(unit: int, day: int) -> list[tuple[int, str, int, str, bool]]:
        with plan.session() as s:
            cards = unit_problems(s, unit, dt.date(2026, 11, day))
        return [(c.id, c.unit, c.tier, c.status, c.escalated_up) for c in cards]

    tm, dep = 4, 3
    assert huddle(tm, 2) == [(pid, "TM", 1, "open", False), (other, "TM", 1, "open", False)]
    assert huddle(dep, 2) == []
    assert huddle(tm, 3) == [(other, "TM", 1, "open", False), (pid, "DEP", 2, "open", True)]
    assert huddle(dep, 3) == [(pid, "DEP", 2, "open", False)]
    # Solved on the 4th: still on that day's board, then gone until it is reopened.
    assert huddle(tm, 4) == [(other, "TM", 1, "solved", False), (pid, "DEP", 2, "open", True)]
    # The team sees, on the day, that what it escalated was solved above.
    assert huddle(tm, 5) == [(pid, "DEP", 2, "solved", True)]
    assert huddle(dep, 5) == [(pid, "DEP", 2, "solved", False)]
    assert huddle(dep, 6) == []
    assert huddle(tm, 6) == [(other, "TM", 1, "open", False)]
    # Before it was raised, nothing.
    assert huddle(tm, 1) == []


def test_sent_back_with_an_answer_is_open_again_below(plan: Plan) -> None:
    pid = plan.execute(RaiseProblem("Overtime rules unclear", "TM")).result
    plan.execute(EscalateProblem(pid))
    plan.execute(ReturnProblem(pid, "Use the site agreement, §4"))
    with plan.session() as s:
        card = problem_card(s, pid)
    assert (card.unit, card.tier, card.status, card.answer) == (
        "TM",
        1,
        "open",
        "Use the site agreement, §4",
    )
    with pytest.raises(ValidationError, match="raised at TM: there is no tier below"):
        plan.execute(ReturnProblem(pid, "again"))


def test_every_step_undoes_to_the_plan_as_it_was(plan: Plan) -> None:
    before = dump(plan)
    raised = plan.execute(RaiseProblem("Label printer jams", "TM", owner="Tom", due="2026-11-09"))
    pid = raised.result
    applied = [
        plan.execute(op)
        for op in (
            StartProblem(pid),
            EditProblem(pid, title="Label printer jams daily", due="2026-11-12"),
            EscalateProblem(pid),
            ReturnProblem(pid, "Call the vendor"),
            SolveProblem(pid, "Vendor replaced the roller"),
            ReopenProblem(pid, "Jammed again"),
            SolveProblem(pid, "New printer"),
            ProblemToKaizen(pid),
        )
    ]
    for done in reversed([raised, *applied]):
        plan.execute(done.inverse)
    assert dump(plan) == before


def test_a_solved_problem_becomes_a_kaizen_or_a_countermeasure_in_one_action(plan: Plan) -> None:
    one = plan.execute(RaiseProblem("Changeover takes 40 min", "TM")).result
    two = plan.execute(RaiseProblem("Late trucks", "TM", node="KPI-1", owner="Tom")).result
    with pytest.raises(ValidationError, match="not solved yet"):
        plan.execute(ProblemToKaizen(one))
    plan.execute(SolveProblem(one, "SMED on press 3"))
    code = plan.execute(ProblemToKaizen(one)).result
    plan.execute(SolveProblem(two, "Second carrier booked"))
    cm = plan.execute(ProblemToCountermeasure(two, "2026-10")).result
    with plan.session() as s:
        kaizen, counter = problem_card(s, one), problem_card(s, two)
        node = plan.graph.node(plan.graph.id_of(code))
    assert kaizen.kaizen == code and node.unit_id == kaizen.unit_id
    assert counter.countermeasure_id == cm
    with pytest.raises(ValidationError, match="became a kaizen or countermeasure already"):
        plan.execute(ProblemToKaizen(two))


def test_the_top_unit_cannot_escalate_and_a_solved_problem_does_not_move(plan: Plan) -> None:
    pid = plan.execute(RaiseProblem("Strategy unclear", "CO")).result
    with pytest.raises(ValidationError, match="the top unit: there is no tier above"):
        plan.execute(EscalateProblem(pid))
    plan.execute(SolveProblem(pid, "Explained"))
    with pytest.raises(ValidationError, match="is solved: reopen it"):
        plan.execute(StartProblem(pid))


def test_members_work_on_problems_and_managers_escalate_and_send_back(plan: Plan) -> None:
    roles(plan)
    plan.actor = "Tom"
    pid = plan.execute(RaiseProblem("Gloves run out", "TM")).result
    plan.execute(StartProblem(pid))
    with pytest.raises(PermissionDeniedError, match="needs the manager role on TM"):
        plan.execute(EscalateProblem(pid))
    with pytest.raises(ValidationError, match="cannot act on problems as Tia"):
        plan.execute(EditProblem(pid, due="2026-11-20", by="Tia"))
    plan.actor = "Olga"
    with pytest.raises(PermissionDeniedError, match="Olga has no role there"):
        plan.execute(RaiseProblem("Olga's", "TM"))
    plan.actor = "Tia"
    escalated = plan.execute(EscalateProblem(pid))
    plan.execute(escalated.inverse)  # one's own escalation is undone by oneself
    plan.execute(EscalateProblem(pid))
    with pytest.raises(PermissionDeniedError, match="needs the member role on DEP"):
        plan.execute(SolveProblem(pid, "bought some"))
    with pytest.raises(PermissionDeniedError, match="needs the manager role on DEP"):
        plan.execute(ReturnProblem(pid, "buy some"))
    plan.actor = "Dan"
    plan.execute(ReturnProblem(pid, "Use the stores budget"))
    plan.actor = "Tom"
    plan.execute(SolveProblem(pid, "Bought from stores"))
    with plan.session() as s:
        path = problem_path(s, pid)
    assert [st.by for st in path.steps] == ["Tom", "Tom", "Tia", "Dan", "Tom"]


def test_the_unit_that_solved_a_problem_makes_it_a_kaizen(plan: Plan) -> None:
    """Escalated from TM and solved at DEP: Tom of TM may not turn it into a kaizen (the
    shared plan's database would refuse him too); Dan of DEP may, and the kaizen is TM's."""
    roles(plan)
    plan.actor = "Tom"
    pid = plan.execute(RaiseProblem("Pallets block the aisle", "TM")).result
    plan.actor = "Tia"
    plan.execute(EscalateProblem(pid))
    plan.actor = "Dan"
    plan.execute(SolveProblem(pid, "Marked a pallet bay"))
    plan.actor = "Tom"
    with pytest.raises(PermissionDeniedError, match="needs the member role on DEP"):
        plan.execute(ProblemToKaizen(pid))
    with pytest.raises(PermissionDeniedError, match="needs the member role on DEP"):
        plan.execute(ProblemToCountermeasure(pid, "2026-10", target="KPI-1"))
    plan.actor = "Dan"
    code = plan.execute(ProblemToKaizen(pid)).result
    assert plan.graph.node(plan.graph.id_of(code)).unit_id == 4  # TM, where it was raised


def test_daily_management_counts_the_escalations_and_times_per_tier(
    plan: Plan, clock: Clock
) -> None:
    """The escalated-twice problem of the first test, one solved at TM in 3 days and one
    still open past its due date at DEP: 3 raised at one team over 4 weeks (0.75 per team
    per week), 1 of the 2 solved at tier 1; escalations 2 (TM→DEP after 1 day, DEP→DIV
    after 2) plus 1 (TM→DEP after 0.5 day): medians 0.75 at tier 1, 2.0 at tier 2."""
    from hoshin.reads.daily_management import daily_management
    from hoshin.reads.units import UnitTree

    pid = plan.execute(RaiseProblem("Tote shortage on line 2", "TM")).result
    quick = plan.execute(RaiseProblem("Tape gun broken", "TM")).result
    late = plan.execute(RaiseProblem("Aisle lights", "TM", due="2026-11-10")).result
    clock.now = dt.datetime(2026, 11, 2, 20, 0)
    plan.execute(EscalateProblem(late))
    clock.now = dt.datetime(2026, 11, 3, 8, 0)
    plan.execute(EscalateProblem(pid))
    clock.now = dt.datetime(2026, 11, 5, 8, 0)
    plan.execute(EscalateProblem(pid))
    plan.execute(SolveProblem(quick, "New tape gun"))
    clock.now = dt.datetime(2026, 11, 5, 20, 0)
    plan.execute(SolveProblem(pid, "200 totes ordered"))
    with plan.session() as s:
        dm = daily_management(s, UnitTree.load(s), dt.date(2026, 11, 20), window_days=28)
    tm, dep, co = dm["units"]["TM"], dm["units"]["DEP"], dm["plan"]
    assert (tm["raised"], tm["teams"], tm["per_team_per_week"]) == (3, 1, 0.75)
    assert (tm["solved"], tm["solved_at_tier_1"], tm["share_solved_at_tier_1"]) == (2, 1, 0.5)
    assert tm["escalations"] == 3
    assert tm["median_days_to_escalate"] == {"1": 0.8, "2": 2.0}  # median of 1 and 0.5: 0.75
    assert tm["median_days_to_solve"] == {"1": 3.0, "3": 0.5}
    assert (tm["open_past_due"], dep["open_past_due"], co["open_past_due"]) == (0, 1, 1)
    assert co["raised"] == 3 and co["escalations"] == 3


def test_a_finding_of_a_gemba_walk_becomes_a_problem_on_the_visited_huddle(
    plan: Plan,
) -> None:
    """A walk by Val (DIV) found something at TM: in one action it is a problem at TM's
    huddle, the finding says so and links it; undo leaves the finding as it was."""
    from sqlalchemy import insert, select

    from hoshin.model import entities as e
    from hoshin.operations.problems import FindingToProblem

    with plan.session() as s, s.begin():
        val = s.execute(select(e.Person.id).where(e.Person.name == "Val")).scalar_one()
        tm = s.execute(select(e.Unit.id).where(e.Unit.code == "TM")).scalar_one()
        s.execute(insert(e.Routine), [{"id": 1, "person_id": val, "unit_id": tm, "version": 1,
                  "title": "Gemba walk", "cadence": "weekly", "every": 1, "weekday": 0,
                  "start_date": DAY}])  # fmt: skip
        s.execute(insert(e.RoutineAnswer), [{"id": 1, "routine_id": 1, "person_id": val,
                  "day": DAY, "state": "done", "version": 1}])  # fmt: skip
        s.execute(insert(e.Finding), [{"id": 1, "answer_id": 1, "unit_id": tm, "version": 1,
                  "text": "Pallets stacked in the walkway"}])  # fmt: skip
    before = dump(plan)
    done = plan.execute(FindingToProblem(1, owner="Tom", due="2026-11-06", by="Val"))
    with plan.session() as s:
        card = problem_card(s, done.result)
        finding = s.execute(select(e.Finding.outcome, e.Finding.problem_id)).one()
    assert (card.title, card.unit, card.raised_by, card.owner) == (
        "Pallets stacked in the walkway", "TM", "Val", "Tom"
    )  # fmt: skip
    assert tuple(finding) == ("problem", done.result)
    with pytest.raises(ValidationError, match="Finding 1 became a problem already"):
        plan.execute(FindingToProblem(1))
    plan.execute(done.inverse)
    assert dump(plan) == before


def test_removing_what_a_problem_points_at_lets_go_of_it_and_undo_restores_it(
    plan: Plan,
) -> None:
    from hoshin.operations import DeleteNode, RemovePerson

    pid = plan.execute(RaiseProblem("Late trucks", "TM", raised_by="Tom", node="KPI-1")).result
    plan.execute(SolveProblem(pid, "Second carrier", by="Tom"))
    code = plan.execute(ProblemToKaizen(pid)).result
    before = dump(plan)
    for op, gone in (
        (DeleteNode(code), "kaizen"),
        (DeleteNode("KPI-1"), "node"),
        (RemovePerson("Tom"), "raised_by"),
    ):
        applied = plan.execute(op)
        with plan.session() as s:
            assert getattr(problem_card(s, pid), gone) == ""
        plan.execute(applied.inverse)
        assert dump(plan) == before, op


def test_a_problem_recorded_days_after_its_huddle_has_been_at_its_tier_since(
    plan: Plan, clock: Clock
) -> None:
    """Raised at Monday's huddle (2 Nov), written down on Wednesday 4 Nov 08:00 with its
    day, escalated on 5 Nov 08:00: three days at tier 1, not one."""
    clock.now = dt.datetime(2026, 11, 4, 8, 0)
    pid = plan.execute(RaiseProblem("Scanner down", "TM", raised_by="Tom", on=DAY)).result
    clock.now = dt.datetime(2026, 11, 5, 8, 0)
    plan.execute(EscalateProblem(pid, "Needs IT", by="Tia"))
    with plan.session() as s:
        path = problem_path(s, pid)
    first = path.stays[0]
    assert (first.unit, first.ended, first.days(clock.now)) == ("TM", "escalated", 3.0)
    assert path.steps[0].at == dt.datetime(2026, 11, 2, 8, 0)
