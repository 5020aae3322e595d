"""Queries behind the strategy tree: what its rows show besides the graph's code and kind.

The tree reads the summaries of many rows at once (every row fetched since the last read),
so one statement serves any number of ids; it is built once, and SQLAlchemy compiles it
once, because the tree asks again each time a row is expanded or edited.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, bindparam, select
from sqlalchemy.orm import Session

from hoshin.model import entities as e
from hoshin.model.kinds import OwnerRole
from hoshin.plan import Plan
from hoshin.reads.units import UnitTree
from hoshin.store.chunks import chunks


@dataclass(frozen=True, slots=True)
class NodeSummary:
    """What a row of the strategy tree shows besides the graph's code and kind."""

    id: int
    title: str
    unit_name: str
    status: str | None  # a kaizen's lifecycle status
    owners: tuple[str, ...]  # primary owners' names (priorities and targets)


def _summary_select() -> Any:  # Select's type parameters differ in SA 2.0/2.1
    n, u, r, p = e.Node, e.Unit, e.Responsibility, e.Person
    # One row per primary owner (or one without): a node's owners come sorted by name.
    return (
        select(n.id, n.title, u.name, n.status, p.name)
        .join(u, u.id == n.unit_id)
        .outerjoin(r, and_(r.node_id == n.id, r.role == OwnerRole.PRIMARY.value))
        .outerjoin(p, p.id == r.person_id)
        .where(n.id.in_(bindparam("ids", expanding=True)))
        .order_by(n.id, p.name)
    )


_SUMMARIES = _summary_select()


def node_summaries(session: Session, ids: Collection[int]) -> dict[int, NodeSummary]:
    """Titles, units, statuses and primary owners of ``ids``: one query per chunk of ids."""
    out: dict[int, NodeSummary] = {}
    for batch in chunks(sorted(ids)):
        out.update(_summaries_of(session.execute(_SUMMARIES, {"ids": batch}).all()))
    return out


def _summaries_of(rows: Sequence[Any]) -> dict[int, NodeSummary]:
    owners: dict[int, list[str]] = {}
    first: dict[int, Any] = {}
    for row in rows:
        first.setdefault(row[0], row)
        names = owners.setdefault(row[0], [])
        if row[4] is not None:
            names.append(row[4])
    return {
        node_id: NodeSummary(node_id, title, unit_name, status, tuple(owners[node_id]))
        for node_id, title, unit_name, status, _owner in first.values()
    }


# -- the tree screen -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TreeScope:
    """Where a unit's tree starts: the unit's name, the units whose nodes are its
    candidates for roots, and those nodes' ids."""

    unit_name: str
    units: frozenset[int]
    node_ids: tuple[int, ...]


def tree_scope(plan: Plan, unit_id: int) -> TreeScope:
    """The unit's own nodes; for a unit without any (a division above its teams), the
    nodes of its whole subtree. Two or three queries, whatever the plan's size."""
    n = e.Node.__table__.c
    with plan.session() as session:
        units = UnitTree.load(session)
        scope = frozenset({unit_id})
        own = session.execute(select(n.id).where(n.unit_id == unit_id)).scalars().all()
        if not own:
            scope = frozenset(units.subtree(unit_id))
            own = session.execute(select(n.id).where(n.unit_id.in_(scope))).scalars().all()
    return TreeScope(units.name(unit_id), scope, tuple(int(i) for i in own))


def summaries(plan: Plan, ids: Collection[int]) -> dict[int, NodeSummary]:
    """:func:`node_summaries` on an open plan."""
    with plan.session() as session:
        return node_summaries(session, ids)
