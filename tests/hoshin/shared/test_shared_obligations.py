"""What people owe, read from a shared plan on PostgreSQL: the read of one login agrees with
the read of everyone, and roles name the managers who hear of late work."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.plan import Plan
from hoshin.reads.obligations import obligations
from tests.hoshin.shared.test_shared_plan_attacks import _as_login, shared

__all__ = ["shared"]  # the fixture, shared with the attacks

DAY = dt.date(2026, 6, 15)


def test_a_managers_work_on_postgresql(shared: str) -> None:
    with Plan.open(shared) as plan, plan.session() as s:
        everyone = obligations(s, DAY)
        kenji = s.execute(select(e.Person.id).where(e.Person.name == "Kenji Watanabe")).scalar()
        aisha = s.execute(select(e.Person.id).where(e.Person.name == "Aisha Bello")).scalar()
    assert kenji is not None and aisha is not None
    with Plan.open(_as_login(shared, "kenji")) as plan, plan.session() as s:
        mine = obligations(s, DAY, [kenji])[kenji]
    # Kenji manages Operations (a role): the late work of the people below him is his to see.
    assert mine.people_overdue, "Operations has late work in the sample plan"
    assert {o.unit_id for o in mine.people_overdue} <= _units_below(shared, "OPS")
    for part in ("own", "escalated", "people_overdue"):
        assert [o.key for o in getattr(mine, part)] == [
            o.key for o in getattr(everyone[kenji], part)
        ]
    # Aisha, a member with no one below her, hears of nobody's work.
    with Plan.open(_as_login(shared, "aisha")) as plan, plan.session() as s:
        hers = obligations(s, DAY, [aisha])[aisha]
    assert hers.people_overdue == [] and hers.escalated == []


def _units_below(url: str, code: str) -> set[int]:
    with Plan.open(url) as plan, plan.session() as s:
        rows = s.execute(select(e.Unit.id, e.Unit.code, e.Unit.parent_id)).all()
    top = next(i for i, c, _ in rows if c == code)
    found, grew = {top}, True
    while grew:
        more = {i for i, _, parent in rows if parent in found} - found
        grew = bool(more)
        found |= more
    return found
