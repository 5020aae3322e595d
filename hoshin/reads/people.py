"""People as the screens name them: the people combos, a node's owners, who "you" are.

Every list is one query; the names come with the unit a person belongs to, so that two
people of the same name can be told apart in a combo.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.plan import Plan
from hoshin.rules import permissions


@dataclass(frozen=True, slots=True)
class PersonChoice:
    """A person as a combo offers them: picked by ``key``, shown by name and unit."""

    key: str
    name: str
    unit_name: str


@dataclass(frozen=True, slots=True)
class Owner:
    """One owner of a priority or target: the person and their role (primary, secondary)."""

    key: str
    name: str
    role: str


@dataclass(frozen=True, slots=True)
class CurrentPerson:
    """The person using the app: their name and their roles in words ("" without roles)."""

    name: str
    roles: str


def people(plan: Plan) -> list[PersonChoice]:
    """Everyone in the plan, by name."""
    p, u = e.Person, e.Unit
    with plan.session() as s:
        rows = s.execute(select(p.key, p.name, u.name).join(u, u.id == p.unit_id).order_by(p.name))
        return [PersonChoice(key, name, unit) for key, name, unit in rows]


def owners(plan: Plan, node_id: int) -> list[Owner]:
    """The owners of a node, primaries first, then by name."""
    r, p = e.Responsibility, e.Person
    with plan.session() as s:
        rows = s.execute(
            select(p.key, p.name, r.role)
            .join(p, p.id == r.person_id)
            .where(r.node_id == node_id)
            .order_by(r.role, p.name)
        )
        return [Owner(key, name, role) for key, name, role in rows]


def is_person(plan: Plan, key: str) -> bool:
    """Whether the plan has a person with this key (one remembered may have gone)."""
    with plan.session() as s:
        return s.execute(select(e.Person.id).where(e.Person.key == key)).first() is not None


def current_person(plan: Plan, key: str) -> CurrentPerson | None:
    """The person with ``key`` and their roles; None when the plan has nobody of that key."""
    with plan.session() as s:
        name = s.execute(select(e.Person.name).where(e.Person.key == key)).scalar()
        if name is None:
            return None
        return CurrentPerson(str(name), permissions.describe(s, key))
