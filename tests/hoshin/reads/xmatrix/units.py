"""Looking up the sample plan's units by code, for the X-matrix tests."""

from __future__ import annotations

from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.plan import Plan


def unit_id(plan: Plan, code: str) -> int:
    with plan.session() as session:
        return int(session.execute(select(e.Unit.id).where(e.Unit.code == code)).scalar_one())


def codes(items: tuple) -> list[str]:
    return [i.code for i in items]
