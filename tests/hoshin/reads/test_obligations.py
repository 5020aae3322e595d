"""What each person owes, dated by one rule and escalated to managers (DESIGN §6b).

The plan: CO (Helen, its first person) > OPS (Maria) > T-LN (Jonas, then Eva). Eva owns the
target KPI-1 of her team, with a plan for October and November 2026 and no actuals yet.
October's actual is due on Friday 6 November 2026 (the 5th working day, by hand).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.model.kinds import NodeKind
from hoshin.operations import (
    AddActionItem,
    AddNode,
    AddPerson,
    AddUnit,
    Assign,
    SetAccess,
    SetMeasurement,
    SetSetting,
)
from hoshin.operations.problems import RaiseProblem, SolveProblem
from hoshin.plan import Plan
from hoshin.reads.obligations import Agenda, obligations

D = dt.date


@pytest.fixture
def plan(tmp_path: Path) -> Plan:
    plan = Plan.create(tmp_path / "ob.hoshin", "Acme", year=2026)
    plan.execute(AddUnit("Operations", "CO", code="OPS"))
    plan.execute(AddUnit("Line", "OPS", code="T-LN"))
    for name, unit in (("Helen", "CO"), ("Maria", "OPS"), ("Jonas", "T-LN"), ("Eva", "T-LN")):
        plan.execute(AddPerson(name, unit))
    fields = {"unit_of_measure": "%", "direction": "up", "baseline": 80, "goal": 95}
    plan.execute(AddNode(NodeKind.TARGET, "T-LN", "First pass yield", fields))
    plan.execute(Assign("KPI-1", "Eva"))
    plan.execute(SetMeasurement("KPI-1", "2026-10", plan=90, actual=None))
    plan.execute(SetMeasurement("KPI-1", "2026-11", plan=91, actual=None))
    return plan


def _agendas(plan: Plan, as_of: dt.date, people: list[int] | None = None) -> dict[str, Agenda]:
    with plan.session() as s:
        return {a.name: a for a in obligations(s, as_of, people).values()}


def _ids(plan: Plan) -> dict[str, int]:
    with plan.session() as s:
        return dict(((name, pid) for name, pid in s.execute(select(e.Person.name, e.Person.id))))


def test_octobers_actual_is_due_on_the_sixth_of_november(plan: Plan) -> None:
    eva = _agendas(plan, D(2026, 11, 2))["Eva"]
    [october, november] = eva.own
    assert october.key == f"actual:{october.node_id}:2026-10"
    assert (october.kind, october.node_code, october.node_title) == (
        "actual",
        "KPI-1",
        "First pass yield",
    )
    assert october.due == D(2026, 11, 6) and october.days_overdue == 0 and october.step == 0
    assert november.due == D(2026, 12, 7)  # Tue 1 … Fri 4, Mon 7
    # Monday 2 November: due this Friday; November's is later.
    assert {g: [o.key[-7:] for o in obs] for g, obs in eva.groups().items()} == {
        "overdue": [],
        "today": [],
        "this week": ["2026-10"],
        "later": ["2026-11"],
    }
    assert eva.groups() == _agendas(plan, D(2026, 11, 2), [_ids(plan)["Eva"]])["Eva"].groups()


def test_a_holiday_moves_the_due_date_and_the_fingerprint(plan: Plan) -> None:
    before = _agendas(plan, D(2026, 11, 6))["Eva"].own[0]
    assert before.group(D(2026, 11, 6)) == "today"
    plan.execute(SetSetting("holidays", ["2026-11-03"]))
    after = _agendas(plan, D(2026, 11, 6))["Eva"].own[0]
    assert (after.key, after.due) == (before.key, D(2026, 11, 9))
    assert after.fingerprint != before.fingerprint


def test_past_the_threshold_it_escalates_to_the_manager_then_above(plan: Plan) -> None:
    # Three working days late (Mon 9, Tue 10) is not yet the threshold of 3 …
    on_10th = _agendas(plan, D(2026, 11, 10))
    assert on_10th["Eva"].own[0].days_overdue == 2 and on_10th["Eva"].own[0].step == 0
    # … Jonas heads the team (no roles in the plan: its first person) and sees it late,
    assert [o.owner for o in on_10th["Jonas"].people_overdue] == ["Eva"]
    assert on_10th["Jonas"].escalated == []
    # Wednesday 11th: 3 working days late, escalated to the manager of the unit.
    on_11th = _agendas(plan, D(2026, 11, 11))
    assert on_11th["Eva"].own[0].step == 1
    assert [o.key[-7:] for o in on_11th["Jonas"].escalated] == ["2026-10"]
    assert "Maria" not in on_11th
    # 5 working days more (12, 13, 16, 17, 18): the manager of the unit above hears too.
    on_18th = _agendas(plan, D(2026, 11, 18))
    assert on_18th["Eva"].own[0].days_overdue == 8 and on_18th["Eva"].own[0].step == 2
    assert [o.owner for o in on_18th["Maria"].escalated] == ["Eva"]
    assert on_18th["Maria"].people_overdue == []  # not her own people: told by escalation
    assert "Helen" not in on_18th
    # Asked for Maria alone, the same answer.
    alone = _agendas(plan, D(2026, 11, 18), [_ids(plan)["Maria"]])["Maria"]
    assert [o.key for o in alone.escalated] == [o.key for o in on_18th["Maria"].escalated]


def test_roles_name_the_managers_and_an_owner_is_not_their_own_manager(plan: Plan) -> None:
    plan.execute(SetAccess("Helen", "CO", "executive"))
    plan.actor = "Helen"
    plan.execute(SetAccess("Eva", "T-LN", "manager"))
    plan.execute(SetAccess("Maria", "OPS", "manager"))
    late = _agendas(plan, D(2026, 11, 11))
    # Eva manages her own team: her late actual goes to Maria, the next manager up.
    assert [o.owner for o in late["Maria"].escalated] == ["Eva"]
    assert "Jonas" not in late
    # 8 working days late: Helen, the manager above Maria.
    assert [o.owner for o in _agendas(plan, D(2026, 11, 18))["Helen"].escalated] == ["Eva"]


def test_a_red_month_owes_a_countermeasure_and_action_items_their_date(plan: Plan) -> None:
    plan.execute(SetMeasurement("KPI-1", "2026-10", plan=90, actual=80))  # red, up is better
    plan.execute(AddNode(NodeKind.KAIZEN, "T-LN", "Poka-yoke on the press"))
    plan.execute(AddActionItem("KZ-1", "Train the night shift", "Jonas", "2026-11-20"))
    on = _agendas(plan, D(2026, 11, 16))
    cm = [o for o in on["Eva"].own if o.kind == "countermeasure"]
    # Ten working days after 31 October: 2-6 and 9-13 November.
    assert [(o.key[-7:], o.due, o.days_overdue) for o in cm] == [("2026-10", D(2026, 11, 13), 1)]
    assert "actual" not in {o.kind for o in on["Eva"].own if o.key.endswith("2026-10")}
    [action] = on["Jonas"].own
    assert (action.kind, action.title, action.due, action.node_code) == (
        "action",
        "Train the night shift",
        D(2026, 11, 20),
        "KZ-1",
    )
    assert action.group(D(2026, 11, 16)) == "this week"


def test_unanswered_routines_and_open_problems_are_owed(plan: Plan) -> None:
    ids = _ids(plan)
    with plan.session() as s:  # no routine operation yet: the row as standard work stores it
        unit = s.execute(select(e.Person.unit_id).where(e.Person.id == ids["Jonas"])).scalar()
        s.execute(
            e.Routine.__table__.insert().values(
                id=1, person_id=ids["Jonas"], unit_id=unit, title="Gemba walk",
                cadence="weekly", every=1, weekday=0, start_date=D(2026, 11, 2),
            )
        )  # fmt: skip
        s.execute(
            e.RoutineAnswer.__table__.insert().values(
                routine_id=1, person_id=ids["Jonas"], day=D(2026, 11, 9), state="done"
            )
        )
        s.commit()
    problem = plan.execute(
        RaiseProblem("Press 4 jams", "T-LN", owner="Eva", due="2026-11-18", on="2026-11-10")
    ).result
    # Wednesday 18 November: Monday 2nd is older than the two weeks standard work shows,
    # the 9th was done, the 16th is overdue; the problem is due today.
    on = _agendas(plan, D(2026, 11, 18))
    assert [(o.key, o.due) for o in on["Jonas"].own] == [("routine:1:2026-11-16", D(2026, 11, 16))]
    [owed] = [o for o in on["Eva"].own if o.kind == "problem"]
    assert (owed.key, owed.title, owed.group(D(2026, 11, 18))) == (
        f"problem:{problem}",
        "Press 4 jams",
        "today",
    )
    plan.execute(SolveProblem(problem, "New guide rail", on="2026-11-18"))
    assert "problem" not in {o.kind for o in _agendas(plan, D(2026, 11, 18))["Eva"].own}


def test_one_persons_read_is_their_part_of_everyones(enterprise_plan: Plan) -> None:
    """The narrow read of "My work" finds exactly what the read of everyone (reminders)
    gives each person: on the tiny generated enterprise, for every person."""
    day = D(2026, 6, 15)
    with enterprise_plan.session() as s:
        everyone = obligations(s, day)
        ids = list(s.scalars(select(e.Person.id)))
        assert sum(bool(a.people_overdue) for a in everyone.values()) > 1  # managers hear
        for pid in ids:
            alone = obligations(s, day, [pid])[pid]
            whole = everyone.get(pid, Agenda(pid, "", day))
            for part in ("own", "escalated", "people_overdue"):
                got = [o.fingerprint + o.key for o in getattr(alone, part)]
                assert got == [o.fingerprint + o.key for o in getattr(whole, part)], (pid, part)


def test_a_red_month_made_of_daily_values_owes_a_countermeasure_too(plan: Plan) -> None:
    """KPI-1 tracked daily, averaged: October's values 80 and 84 make an actual of 82
    against a plan of 90 (up is better): red, so its countermeasure is owed by 13 November
    as for a typed actual; November's values 95 make it green: nothing owed, no actual."""
    from hoshin.operations.target_values import SetTargetValue, SetTracking

    plan.execute(SetTracking("KPI-1", "daily", "average"))
    for day, value in (("2026-10-05", 80), ("2026-10-06", 84), ("2026-11-02", 95)):
        plan.execute(SetTargetValue("KPI-1", day, value))
    eva = _agendas(plan, D(2026, 12, 1))["Eva"]
    assert [(o.kind, o.key[-7:], o.due) for o in eva.own] == [
        ("countermeasure", "2026-10", D(2026, 11, 13))
    ]


@pytest.mark.parametrize("day", [D(2026, 6, 15), D(2026, 6, 3)])
def test_a_few_managers_read_together_get_their_part_of_everyones(
    enterprise_plan: Plan, day: dt.date
) -> None:
    """Read for a few people, only the work that can reach them is made (the late enough
    occurrences of routines, the owners their chain reaches): nothing they would see is
    left out, on days with escalations of both steps."""
    with enterprise_plan.session() as s:
        everyone = obligations(s, day)
        managers = sorted(pid for pid, a in everyone.items() if a.people_overdue)
        assert any(a.escalated_from_below() for a in everyone.values())  # step 2 reached
        few = managers[:: max(1, len(managers) // 4)]
        together = obligations(s, day, few)
        for pid in few:
            for part in ("own", "escalated", "people_overdue"):
                got = [o.fingerprint + o.key for o in getattr(together[pid], part)]
                assert got == [o.fingerprint + o.key for o in getattr(everyone[pid], part)]
