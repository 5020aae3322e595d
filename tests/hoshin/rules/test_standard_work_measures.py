"""The measures of Leader Standard Work with answers computed by hand (DESIGN §6)."""

from __future__ import annotations

import datetime as dt

import pytest

from hoshin.operations import AddFinding, AddRoutine, AnswerOccurrence, FindingToKaizen
from hoshin.plan import Plan
from hoshin.reads.units import UnitTree
from hoshin.rules import standard_work as lsw
from tests.hoshin.routines import clear_routines

# Eight Tuesdays: 2026-04-21 … 2026-06-09; the sample plan is measured as of 2026-06-15.
TUESDAYS = [dt.date(2026, 4, 21) + dt.timedelta(weeks=i) for i in range(8)]
AS_OF = dt.date(2026, 6, 15)


@pytest.fixture
def plan(demo_plan: Plan) -> Plan:
    demo_plan.clock = lambda: dt.datetime(2026, 6, 15, 9, 0)
    clear_routines(demo_plan)  # the sample's own standard work: these tests count their own
    return demo_plan


def _walk(plan: Plan, who: str, unit: str, title: str = "Gemba walk") -> int:
    op = AddRoutine(who, unit, title, "weekly", weekday=1, start=TUESDAYS[0], end=TUESDAYS[-1])
    return int(plan.execute(op).result)


def test_a_weekly_walk_6_done_1_missed_1_skipped_with_a_reason_adheres_6_of_7(
    plan: Plan,
) -> None:
    walk = _walk(plan, "Gareth Evans", "T-AS")
    for day in TUESDAYS[:6]:
        plan.execute(AnswerOccurrence(walk, "done", day))
    plan.execute(AnswerOccurrence(walk, "missed", TUESDAYS[6]))
    plan.execute(AnswerOccurrence(walk, "skipped", TUESDAYS[7], reason="Plant shutdown"))
    with plan.session() as s:
        tree = UnitTree.load(s)
        measured = lsw.adherence(s, tree, AS_OF, window_days=60)
    gareth = next(p for p in measured["people"].values() if p["name"] == "Gareth Evans")
    assert (gareth["due"], gareth["done"], gareth["missed"], gareth["skipped"]) == (7, 6, 1, 1)
    assert gareth["adherence"] == round(6 / 7, 4)
    # Rolled up by Gareth's own unit (Plant Leeds) to Operations and the company.
    assert measured["units"]["PLT"]["adherence"] == round(6 / 7, 4)
    assert measured["units"]["OPS"]["due"] >= 7
    assert "T-AS" not in measured["units"] or measured["units"]["T-AS"]["due"] == 0


def test_an_unanswered_past_occurrence_is_due_and_not_done_but_today_is_not_yet(
    plan: Plan,
) -> None:
    walk = _walk(plan, "Gareth Evans", "T-AS")
    plan.execute(AnswerOccurrence(walk, "done", TUESDAYS[0]))
    with plan.session() as s:
        [t] = lsw.tallies(s, AS_OF, 60, person_ids=[_pid(plan, "Gareth Evans")]).values()
    assert (t.due, t.done, t.unanswered) == (8, 1, 7)
    daily = plan.execute(
        AddRoutine("Gareth Evans", "PLT", "Look at the board", "daily", start="2026-06-14")
    ).result
    assert daily
    with plan.session() as s:
        [t] = lsw.tallies(s, AS_OF, 60, person_ids=[_pid(plan, "Gareth Evans")]).values()
    assert t.due == 8 + 1  # the 14th is due; the 15th (today) is not yet


def _pid(plan: Plan, name: str) -> int:
    from sqlalchemy import select

    from hoshin.model import entities as e

    with plan.session() as s:
        return int(s.execute(select(e.Person.id).where(e.Person.name == name)).scalar_one())


def test_presence_counts_units_visited_from_above_and_lists_the_others(plan: Plan) -> None:
    # Kenji (Operations) walks Assembly: visited from above. Mark walks his own team: not
    # a visit from above. Gareth (Plant Leeds) writes a finding in Machining on a walk.
    kenji = _walk(plan, "Kenji Watanabe", "T-AS")
    mark = _walk(plan, "Mark Hughes", "T-AS", "Walk my line")
    gareth = _walk(plan, "Gareth Evans", "PLT", "Plant walk")
    plan.execute(AnswerOccurrence(kenji, "done", TUESDAYS[-1]))
    plan.execute(AnswerOccurrence(mark, "done", TUESDAYS[-1]))
    plan.execute(AnswerOccurrence(gareth, "done", TUESDAYS[-1]))
    found = plan.execute(AddFinding(gareth, TUESDAYS[-1], "Coolant leak", unit="T-MC")).result
    plan.execute(AddFinding(kenji, TUESDAYS[-1], "Tools hunted for"))
    plan.execute(FindingToKaizen(found, "top-down"))
    with plan.session() as s:
        tree = UnitTree.load(s)
        seen = lsw.presence(s, tree, AS_OF)
        walks = lsw.findings(s, AS_OF)
    units = len(tree.units) - 1  # every unit below the company
    assert (seen["visited"], seen["units"]) == (2, units)
    assert "T-AS" not in seen["not_visited"] and "T-MC" not in seen["not_visited"]
    assert "PLT" in seen["not_visited"]  # Gareth's own unit: not a visit from above
    assert seen["per_unit"]["PLT"] == {"units": 3, "visited": 2, "share": round(2 / 3, 4)}
    # Walks: Kenji's (T-AS, not his unit) and Gareth's (PLT is his own: not a visit).
    assert (walks["walks"], walks["findings"], walks["kaizens"], walks["open"]) == (1, 2, 1, 1)
    assert walks["per_walk"] == 2.0


def test_the_weekly_sheet_tallies_each_week_by_its_monday(plan: Plan) -> None:
    walk = _walk(plan, "Gareth Evans", "T-AS")
    plan.execute(AnswerOccurrence(walk, "done", TUESDAYS[-1]))
    plan.execute(AnswerOccurrence(walk, "missed", TUESDAYS[-2]))
    with plan.session() as s:
        mondays, per = lsw.weekly(s, AS_OF, weeks=3)
    assert mondays == [dt.date(2026, 6, 1), dt.date(2026, 6, 8), dt.date(2026, 6, 15)]
    mine = per[_pid(plan, "Gareth Evans")]
    assert mine[dt.date(2026, 6, 8)].adherence == 1.0
    assert mine[dt.date(2026, 6, 1)].adherence == 0.0
    assert dt.date(2026, 6, 15) not in mine  # the walk ended on the 9th


def test_routines_sharing_a_window_key_fall_due_as_often() -> None:
    """The measures count each cadence once per window (25,000 routines, a few hundred
    counts): two routines with the same key must have the same count, for any start."""
    import random

    from hoshin.rules.cadence import count

    rng = random.Random(5)
    start, end = dt.date(2026, 5, 17), dt.date(2026, 6, 14)
    by_key: dict[object, int] = {}
    for _ in range(3000):
        cadence = rng.choice(["daily", "weekdays", "weekly", "monthly-day", "monthly-nth"])
        weekly = cadence in ("weekly", "monthly-nth")
        sched = lsw._Sched(
            cadence,
            start - dt.timedelta(days=rng.randint(0, 400)),
            rng.randint(1, 4) if cadence == "weekly" else 1,
            rng.randrange(7) if weekly else None,
            rng.randint(1, 31) if cadence == "monthly-day" else None,
            rng.choice([1, 2, 3, 4, -1]) if cadence == "monthly-nth" else None,
            rng.choice([None, end - dt.timedelta(days=rng.randint(0, 20))]),
        )
        key = lsw._window_key(sched, start)
        n = count(sched, start, end)
        assert by_key.setdefault(key, n) == n, sched
    assert 50 < len(by_key) < 1500


def _tallies_one_occurrence_at_a_time(plan: Plan, as_of: dt.date, days: int) -> dict:
    """The rule of the module's docstring, walked occurrence by occurrence: what the shared
    counts of :func:`lsw.tallies` must add up to."""
    from collections import defaultdict

    from sqlalchemy import select

    from hoshin.model import entities as e
    from hoshin.rules.cadence import Schedule, occurrences

    start = as_of - dt.timedelta(days=days - 1)
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    with plan.session() as s:
        answers = {(a.routine_id, a.day): a for a in s.scalars(select(e.RoutineAnswer))}
        for r in s.scalars(select(e.Routine)):
            when = Schedule(r.cadence, r.start_date, r.every or 1, r.weekday, r.day, r.nth,
                            r.end_date)  # fmt: skip
            if r.end_date is not None and r.end_date < start:
                continue
            mine = sums[r.person_id]
            for day in occurrences(when, start, as_of):
                a = answers.get((r.id, day))
                if a is None and day == as_of:
                    continue  # today is not over
                mine[0] += 1
                state = a.state if a else ""
                if state == "skipped" and not a.reason:
                    state = ""  # a skip without a reason: due, not done
                if state:
                    mine[1 + ["done", "missed", "skipped"].index(state)] += 1
    return {pid: lsw.Tally(*v) for pid, v in sums.items()}


@pytest.mark.parametrize("as_of", [dt.date(2026, 6, 15), dt.date(2026, 5, 31)])
def test_shared_counts_equal_the_walk_of_every_occurrence_on_the_tiny_enterprise(
    enterprise_plan: Plan, as_of: dt.date
) -> None:
    with enterprise_plan.session() as s:
        fast = lsw.tallies(s, as_of, 30)
    slow = _tallies_one_occurrence_at_a_time(enterprise_plan, as_of, 30)
    assert sum(t.done for t in slow.values()) > 0  # the plan does answer its routines
    for pid in set(fast) | set(slow):
        assert fast.get(pid, lsw.Tally()) == slow.get(pid, lsw.Tally()), pid


def test_the_weekly_sheet_counts_a_week_so_far_and_today_once_answered(plan: Plan) -> None:
    """A daily check from Wednesday 10 June, read on Monday 15 June: last week made 5
    occurrences (done 1, missed 1, skipped with a reason 1, two unanswered): due 4, done 1;
    this week only today's, and only because it is answered."""
    pid = _pid(plan, "Gareth Evans")
    op = AddRoutine("Gareth Evans", "T-AS", "Line check", "daily", start=dt.date(2026, 6, 10))
    check = int(plan.execute(op).result)
    plan.execute(AnswerOccurrence(check, "done", dt.date(2026, 6, 10)))
    plan.execute(AnswerOccurrence(check, "missed", dt.date(2026, 6, 11)))
    plan.execute(AnswerOccurrence(check, "skipped", dt.date(2026, 6, 12), reason="Audit"))
    with plan.session() as s:
        _mondays, before = lsw.weekly(s, AS_OF, weeks=2)
    assert before[pid] == {dt.date(2026, 6, 8): lsw.Tally(5, 1, 1, 1)}
    assert before[pid][dt.date(2026, 6, 8)].adherence == 0.25
    plan.execute(AnswerOccurrence(check, "done", AS_OF))
    with plan.session() as s:
        _mondays, after = lsw.weekly(s, AS_OF, weeks=2)
    assert after[pid][dt.date(2026, 6, 15)] == lsw.Tally(1, 1, 0, 0)


def _weekly_one_occurrence_at_a_time(plan: Plan, as_of: dt.date, weeks: int) -> dict:
    """The weekly sheet's rule walked occurrence by occurrence: what the counted weeks of
    :func:`lsw.weekly` must equal (a week is there when something fell due in it)."""
    from collections import defaultdict

    from sqlalchemy import select

    from hoshin.model import entities as e
    from hoshin.rules.cadence import Schedule, occurrences

    start = as_of - dt.timedelta(days=as_of.weekday(), weeks=weeks - 1)
    sums: dict[int, dict[dt.date, list[int]]] = defaultdict(dict)
    with plan.session() as s:
        answers = {(a.routine_id, a.day): a for a in s.scalars(select(e.RoutineAnswer))}
        for r in s.scalars(select(e.Routine)):
            when = Schedule(r.cadence, r.start_date, r.every or 1, r.weekday, r.day, r.nth,
                            r.end_date)  # fmt: skip
            for day in occurrences(when, start, as_of):
                a = answers.get((r.id, day))
                if a is None and day == as_of:
                    continue  # today is not over
                monday = day - dt.timedelta(days=day.weekday())
                mine = sums[r.person_id].setdefault(monday, [0, 0, 0, 0])
                mine[0] += 1
                state = a.state if a else ""
                if state == "skipped" and not a.reason:
                    state = ""
                if state:
                    mine[1 + ["done", "missed", "skipped"].index(state)] += 1
    return {p: {w: lsw.Tally(*v) for w, v in per.items()} for p, per in sums.items()}


@pytest.mark.parametrize(
    "as_of", [dt.date(2026, 6, 15), dt.date(2026, 6, 10), dt.date(2026, 5, 31)]
)
def test_weekly_counts_equal_the_walk_of_every_occurrence_on_the_tiny_enterprise(
    enterprise_plan: Plan, as_of: dt.date
) -> None:
    with enterprise_plan.session() as s:
        _mondays, fast = lsw.weekly(s, as_of, 12)
    slow = _weekly_one_occurrence_at_a_time(enterprise_plan, as_of, 12)
    assert sum(t.done for per in slow.values() for t in per.values()) > 0
    assert fast == slow
