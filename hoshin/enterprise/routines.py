"""Leader Standard Work at enterprise scale (issue 20): every person holds 3–6 routines,
about 150,000 occurrences were answered over the year, and leaders' walks found things.

Managers (the first person of the company, a division or a department) hold their unit's
tier huddle, walk a team or department below them on a weekday, coach a kaizen a month and
review the sustainment board; everyone else holds the team's huddle, a board round and a
few of the team's own routines. Routines started through the year (an adoption ramp);
people differ in how faithfully they answer. Written last, with its own draws, so the
stages before it are the same row for row.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from hoshin.enterprise.records import Kaizen, Unit
from hoshin.model.kinds import Cadence, FindingOutcome
from hoshin.rules.cadence import Schedule, occurrences

#: Answered occurrences per person over the year: 150,000 for the 5,666 of DESIGN §8.
ANSWERS_PER_PERSON = 26.5
#: How faithfully people answer (share of people, weight of their answers).
ENGAGEMENT = ((0.3, 0.15), (0.35, 0.6), (0.35, 1.0))
#: The share of their occurrences managers answer.
LEADERS = 0.85
SKIP_REASONS = ("Customer visit", "Public holiday", "Training day", "Sick leave", "Audit")
FINDINGS = (
    "Material waiting at the line side for a whole shift",
    "Visual board not updated since last week",
    "Standard work sheet missing at the station",
    "Andon pulled, nobody came for five minutes",
    "Tools hunted for at the bench",
    "Handover between shifts by word of mouth",
)

W, WD, D, MD, MN = (
    Cadence.WEEKLY.value,
    Cadence.WEEKDAYS.value,
    Cadence.DAILY.value,
    Cadence.MONTHLY_DAY.value,
    Cadence.MONTHLY_NTH.value,
)
#: The routines a team member may hold beyond the huddle: (title, cadence, fields).
MEMBER: tuple[tuple[str, str, dict[str, int]], ...] = (
    ("5S round of the work area", W, {"every": 1}),
    ("Update the team board", W, {"every": 1}),
    ("Check the safety cross", D, {}),
    ("Review a standard work sheet", MN, {"nth": 1}),
    ("Share one improvement at the huddle", W, {"every": 2}),
    ("Audit a kaizen's sustainment", MD, {"day": 20}),
)


def write_routines(gen: Any, units: list[Unit], kaizens: list[Kaizen]) -> None:
    """Routines, answers and findings of everyone in ``units``."""
    rng = random.Random(gen.rng.random())
    as_of = gen.as_of
    year_ago = as_of - dt.timedelta(days=364)
    routine_rows: list[tuple[Any, ...]] = []
    schedules: list[tuple[int, int, int, Schedule, float, bool, bool]] = []
    engagement = {}
    children: dict[int, list[Unit]] = {}
    for unit in units:
        if unit.parent is not None:
            children.setdefault(unit.parent.id, []).append(unit)
    for unit in units:
        for rank, person in enumerate(unit.people):
            engagement[person] = rng.choices(
                [w for _s, w in ENGAGEMENT], [s for s, _w in ENGAGEMENT]
            )[0]
            manager = rank == 0 and unit.depth < 3
            below = _below(unit, children) if manager else []
            for title, where, sched, visit in _routines_of(rng, unit, below, manager, year_ago):
                rid = next(gen.ids["routines"])
                routine_rows.append(
                    (rid, person, where, None, title, sched.cadence, sched.every, sched.weekday,
                     sched.day, sched.nth, sched.start_date, None, 1)
                )  # fmt: skip
                schedules.append((rid, person, where, sched, engagement[person], visit, manager))
    assert gen.columns("routines") == (
        "id", "person_id", "unit_id", "node_id", "title", "cadence", "every", "weekday", "day",
        "nth", "start_date", "end_date", "version",
    )  # fmt: skip
    gen.report("Routines", 0, len(routine_rows))
    gen.insert_values("routines", routine_rows)
    gen.report("Routines", len(routine_rows), len(routine_rows))
    _write_answers(gen, rng, schedules, kaizens)


def _routines_of(
    rng: random.Random, unit: Unit, below: list[Unit], manager: bool, year_ago: dt.date
) -> list[tuple[str, int, Schedule, bool]]:
    """(title, unit where, schedule, is a visit) of one person's 3–6 routines."""

    def start() -> dt.date:  # adoption through the year, most in its first months
        return year_ago + dt.timedelta(days=int(rng.triangular(0, 330, 0)))

    out: list[tuple[str, int, Schedule, bool]] = []
    tier = 4 - unit.depth
    if manager:
        out.append((f"Tier-{tier} huddle of {unit.code}", unit.id,
                    Schedule(W, start(), weekday=rng.randrange(5)), False))  # fmt: skip
        for target in rng.sample(below, min(len(below), rng.randint(1, 2))):
            every = rng.choice((1, 2))
            sched = Schedule(W, start(), every=every, weekday=rng.randrange(5))
            out.append((f"Gemba walk at {target.code}", target.id, sched, True))
        coach = Schedule(MN, start(), weekday=rng.randrange(5), nth=rng.randint(1, 4))
        out.append(("Coach one kaizen", unit.id, coach, False))
        out.append(("Review the sustainment board", unit.id,
                    Schedule(MD, start(), day=rng.randint(1, 28)), False))  # fmt: skip
        return out[:6]
    out.append((f"Tier-{tier} huddle", unit.id, Schedule(W, start(), weekday=rng.randrange(5)),
                False))  # fmt: skip
    for title, cadence, fields in rng.sample(MEMBER, rng.randint(2, 5)):
        weekday = rng.randrange(5) if cadence in (W, MN) else None
        nth = fields.get("nth")
        sched = Schedule(cadence, start(), fields.get("every", 1), weekday, fields.get("day"), nth)
        out.append((title, unit.id, sched, False))
    return out


def _below(unit: Unit, children: dict[int, list[Unit]]) -> list[Unit]:
    """The units a leader of ``unit`` walks: its children and grandchildren."""
    out: list[Unit] = []
    for child in children.get(unit.id, []):
        out.append(child)
        out.extend(children.get(child.id, []))
    return out


def _write_answers(
    gen: Any,
    rng: random.Random,
    schedules: list[tuple[int, int, int, Schedule, float, bool, bool]],
    kaizens: list[Kaizen],
) -> None:
    as_of = gen.as_of
    every = [
        (s, occurrences(s[3], s[3].start_date, as_of - dt.timedelta(days=1))) for s in schedules
    ]
    # Leaders answer their own standard work faithfully (LEADERS); everyone else as engaged
    # as they are, scaled so that the year holds ANSWERS_PER_PERSON answers a person.
    led = sum(LEADERS * len(days) for s, days in every if s[6])
    weight = sum(s[4] * len(days) for s, days in every if not s[6]) or 1.0
    people = len({s[1] for s in schedules})
    scale = max(0.0, ANSWERS_PER_PERSON * people - led) / weight
    team_kaizens: dict[int, list[int]] = {}
    for k in kaizens:
        team_kaizens.setdefault(k.team.id, []).append(k.id)
    answers: list[tuple[Any, ...]] = []
    findings: list[tuple[Any, ...]] = []
    for (rid, person, where, _sched, engaged, visit, leader), days in every:
        p = LEADERS if leader else min(1.0, scale * engaged)
        for day in days:
            if rng.random() >= p:
                continue
            roll = rng.random()
            state, reason = ("done", "") if roll < 0.82 else ("missed", "") if roll < 0.93 else (
                "skipped", rng.choice(SKIP_REASONS))  # fmt: skip
            answer_id = next(gen.ids["routine_answers"])
            answers.append((answer_id, rid, person, day, state, reason, "", person, 1))
            if visit and state == "done" and rng.random() < 0.35:
                findings.append(_finding(gen, rng, answer_id, where, person, day, team_kaizens))
    assert gen.columns("routine_answers") == (
        "id", "routine_id", "person_id", "day", "state", "reason", "note", "recorded_by_id",
        "version",
    )  # fmt: skip
    assert gen.columns("findings") == (
        "id", "answer_id", "unit_id", "text", "outcome", "kaizen_id", "problem_id", "owner_id",
        "due", "done", "done_on", "version",
    )  # fmt: skip
    gen.report("Routine answers", 0, len(answers))
    gen.insert_values("routine_answers", answers)
    gen.report("Routine answers", len(answers), len(answers))
    gen.insert_values("findings", findings)


def _finding(
    gen: Any,
    rng: random.Random,
    answer_id: int,
    unit: int,
    person: int,
    day: dt.date,
    team_kaizens: dict[int, list[int]],
) -> tuple[Any, ...]:
    """One finding of a walk: open, made an action item of the walker, or linked to a kaizen
    of the team visited (as FindingToKaizen with ``existing`` would)."""
    text = rng.choice(FINDINGS)
    roll = rng.random()
    outcome = kaizen = owner = due = None
    done, done_on = False, None
    if roll < 0.3 and team_kaizens.get(unit):
        outcome, kaizen = FindingOutcome.KAIZEN.value, rng.choice(team_kaizens[unit])
    elif roll < 0.7:
        outcome, owner, due = FindingOutcome.ACTION.value, person, day + dt.timedelta(days=14)
        if due < gen.as_of and rng.random() < 0.7:
            done, done_on = True, due - dt.timedelta(days=rng.randint(0, 10))
    return (next(gen.ids["findings"]), answer_id, unit, text, outcome, kaizen, None, owner, due,
            done, done_on, 1)  # fmt: skip
