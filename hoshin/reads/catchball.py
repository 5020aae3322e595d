"""What the catchball screens read: the panel, the inbox, the health strip, the throw dialog.

Each function opens a session of its own and answers plain rows, built on the thread
queries of :mod:`hoshin.catchball.queries`; the views (``views.catchball``) never read the
plan themselves. A function is a few bulk SELECTs, whatever the number of threads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from hoshin.catchball import queries
from hoshin.catchball.queries import ThreadSummary
from hoshin.catchball.rules import State
from hoshin.model import entities as e
from hoshin.model.kinds import NodeKind
from hoshin.plan import Plan

#: A person as a choice in a list: (key, name).
Person = tuple[str, str]


@dataclass(frozen=True)
class Me:
    """The current person, as catchball needs them."""

    id: int
    key: str
    name: str
    unit_id: int
    unit_code: str
    unit_name: str


def me(plan: Plan, key: str) -> Me | None:
    """The person of ``key`` with their unit, or None when there is no such person."""
    p, u = e.Person, e.Unit
    with plan.session() as s:
        row = s.execute(
            select(p.id, p.key, p.name, u.id, u.code, u.name)
            .join(u, u.id == p.unit_id)
            .where(p.key == key)
        ).first()
    return None if row is None else Me(*row)


def open_thread_counts(plan: Plan) -> dict[int, int]:
    """Open threads per node id (thrown or counterpart): the badges on rows and cards."""
    with plan.session() as s:
        return queries.open_thread_counts(s)


def unit_names(plan: Plan) -> dict[str, str]:
    """Unit code -> name, for every unit (a thousand rows at most)."""
    with plan.session() as s:
        return {code: name for code, name in s.execute(select(e.Unit.code, e.Unit.name))}


def waiting_for(plan: Plan, person_id: int) -> list[ThreadSummary]:
    """The threads waiting for the unit of a person (by id) to answer: their inbox."""
    with plan.session() as s:
        return queries.list_threads(s, waiting_for=person_id)


# -- the health strip ------------------------------------------------------------------------


@dataclass(frozen=True)
class Strip:
    """Catchball health of the plan, and the people of one unit who may be waited for."""

    figures: dict[str, Any]  # :func:`hoshin.catchball.queries.health` of the whole plan
    people: list[Person]  # of the unit, by name
    unit_name: str | None


def health_strip(plan: Plan, unit_id: int, now: dt.datetime) -> Strip:
    """The strip's figures: plan-wide health and the unit's people (one thread scan)."""
    p = e.Person
    with plan.session() as s:
        figures = queries.health(s, now)
        people = s.execute(select(p.key, p.name).where(p.unit_id == unit_id).order_by(p.name))
        in_unit = [(key, name) for key, name in people]
        unit = s.execute(select(e.Unit.name).where(e.Unit.id == unit_id)).scalar()
    return Strip(figures, in_unit, unit)


# -- the panel -------------------------------------------------------------------------------


def node_threads(plan: Plan, node_id: int, unit_id: int) -> tuple[str, list[ThreadSummary]]:
    """The node's title and the threads of its unit (either side): two queries.

    The node's unit is on one side of every thread about it; the caller keeps the threads
    whose node or counterpart is the one shown.
    """
    with plan.session() as s:
        title = s.execute(select(e.Node.title).where(e.Node.id == node_id)).scalar()
        return title or "", queries.list_threads(s, unit_id=unit_id)


@dataclass(frozen=True)
class ThreadView:
    """One conversation as the panel shows it."""

    summary: ThreadSummary
    messages: list[dict[str, Any]]  # oldest first (:func:`hoshin.catchball.queries.thread`)
    is_target: bool  # the thrown node is a target: proposals carry a value
    unit_of_measure: str | None
    lower_people: list[Person]  # who may answer for the unit below, by name


def thread_view(plan: Plan, thread_id: int) -> ThreadView:
    """One thread, its messages, its node's kind and unit, the people below.

    Raises:
        NotFoundError: no such thread (it was removed, e.g. by an undo).
    """
    p, u = e.Person, e.Unit
    with plan.session() as s:
        summary, rows = queries.thread(s, thread_id)
        kind, uom = s.execute(
            select(e.Node.kind, e.Node.unit_of_measure).where(e.Node.code == summary.code)
        ).one()
        people = s.execute(
            select(p.key, p.name)
            .join(u, u.id == p.unit_id)
            .where(u.code == summary.lower)
            .order_by(p.name)
        ).all()
    return ThreadView(
        summary, rows, NodeKind(kind) is NodeKind.TARGET, uom, [(k, n) for k, n in people]
    )


# -- throwing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThrowScope:
    """Whether a unit can throw at all: its name, and whether a unit is below it."""

    unit_name: str
    has_units_below: bool


def throw_scope(plan: Plan, unit_id: int) -> ThrowScope:
    """Two small queries: a context menu asks it to grey "Send to catchball…" or not."""
    u = e.Unit
    with plan.session() as s:
        name = s.execute(select(u.name).where(u.id == unit_id)).scalar_one()
        below = s.execute(select(u.id).where(u.parent_id == unit_id).limit(1)).first()
    return ThrowScope(name, below is not None)


@dataclass(frozen=True)
class ThrowChoices:
    """What the throw dialog offers for one node."""

    title: str
    goal: float | None
    unit_of_measure: str | None
    units: list[tuple[int, str, str]]  # (id, code, name) of the units below, by name
    busy: dict[int, str]  # unit id -> state of its open thread about the node


def throw_choices(plan: Plan, node_id: int, unit_id: int) -> ThrowChoices:
    """The node's title and goal, the units below ``unit_id``, those negotiating it already."""
    t, u = e.CatchballThread, e.Unit
    closed = [State.WITHDRAWN.value, State.LOCKED.value]
    with plan.session() as s:
        title, goal, uom = s.execute(
            select(e.Node.title, e.Node.goal, e.Node.unit_of_measure).where(e.Node.id == node_id)
        ).one()
        units = s.execute(
            select(u.id, u.code, u.name).where(u.parent_id == unit_id).order_by(u.name)
        ).all()
        busy = s.execute(
            select(t.lower_unit_id, t.state).where(t.node_id == node_id, t.state.notin_(closed))
        ).all()
    return ThrowChoices(
        title,
        goal,
        uom,
        [(i, code, name) for i, code, name in units],
        {unit: state for unit, state in busy},
    )
