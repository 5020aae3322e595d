"""Leader Standard Work in the enterprise plan: 3–6 routines a person, answers only on days
the cadences make, leaders' walks in the units below them, findings of done walks."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from hoshin.enterprise.routines import ANSWERS_PER_PERSON
from hoshin.model import entities as e
from hoshin.plan import Plan
from hoshin.reads.units import UnitTree
from hoshin.rules import standard_work
from hoshin.rules.cadence import Schedule, is_occurrence, validate
from tests.conftest import AS_OF


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory, enterprise_template: Path) -> Iterator[Plan]:
    path = tmp_path_factory.mktemp("enterprise-lsw") / "globex.hoshin"
    shutil.copy2(enterprise_template, path)
    with Plan.open(path) as opened:
        yield opened


def test_every_person_holds_3_to_6_valid_routines(plan: Plan) -> None:
    with plan.session() as s:
        people = set(s.execute(select(e.Person.id)).scalars())
        rows = s.execute(select(e.Routine.__table__)).mappings().all()
    held = Counter(r["person_id"] for r in rows)
    assert set(held) == people
    assert min(held.values()) >= 3 and max(held.values()) <= 6
    for r in rows:
        sched = Schedule(r["cadence"], r["start_date"], r["every"], r["weekday"], r["day"],
                         r["nth"], r["end_date"])  # fmt: skip
        validate(sched)
        assert AS_OF - dt.timedelta(days=365) <= r["start_date"] <= AS_OF


def test_answers_fall_on_occurrences_before_the_day_and_skips_have_reasons(plan: Plan) -> None:
    with plan.session() as s:
        routines = {r["id"]: r for r in s.execute(select(e.Routine.__table__)).mappings()}
        answers = s.execute(select(e.RoutineAnswer.__table__)).mappings().all()
        people = len(set(s.execute(select(e.Person.id)).scalars()))
    assert abs(len(answers) - ANSWERS_PER_PERSON * people) < 0.2 * ANSWERS_PER_PERSON * people
    for a in answers:
        r = routines[a["routine_id"]]
        sched = Schedule(r["cadence"], r["start_date"], r["every"], r["weekday"], r["day"],
                         r["nth"], r["end_date"])  # fmt: skip
        assert is_occurrence(sched, a["day"]) and a["day"] < AS_OF
        assert a["person_id"] == r["person_id"]
        assert (a["state"] == "skipped") == bool(a["reason"])


def test_leaders_walk_units_below_them_and_the_measures_run(plan: Plan) -> None:
    with plan.session() as s:
        tree = UnitTree.load(s)
        homes = {p: u for p, u in s.execute(select(e.Person.id, e.Person.unit_id))}
        walks = s.execute(
            select(e.Routine.person_id, e.Routine.unit_id).where(
                e.Routine.title.like("Gemba walk at %")
            )
        ).all()
        measured = standard_work.measure(s, tree, AS_OF)
    assert walks
    for person, unit in walks:
        assert homes[person] in tree.ancestors(unit)
    presence = measured["leadership_presence"]
    assert 0 < presence["visited"] < presence["units"]
    adherence = measured["lsw_adherence"]["plan"]["adherence"]
    assert adherence is not None and 0 < adherence < 1
    assert measured["findings"]["findings"] > 0
