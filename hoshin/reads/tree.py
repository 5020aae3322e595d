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
from hoshin.reads.board import CHUNK
from hoshin.store.steps import chunks


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
    """Titles, units, statuses and primary owners of ``ids``: one query per 900 ids."""
    out: dict[int, NodeSummary] = {}
    for batch in chunks(sorted(ids), CHUNK):
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
