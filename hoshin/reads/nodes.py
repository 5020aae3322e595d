"""Nodes by id, for the screens that show a few of them by name: titles, in bulk.

The graph holds every node's code and kind in memory, not its title (titles are long and
change often), so a screen that names nodes asks here, once for all the ids it shows.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.plan import Plan
from hoshin.store.chunks import chunks


def titles(plan: Plan, ids: Collection[int]) -> dict[int, str]:
    """The titles of the nodes ``ids`` that exist: one query per chunk of ids."""
    n = e.Node.__table__.c
    out: dict[int, str] = {}
    with plan.session() as session:
        for batch in chunks(sorted(set(ids))):
            rows = session.execute(select(n.id, n.title).where(n.id.in_(batch)))
            out.update((int(i), str(t)) for i, t in rows)
    return out


def title(plan: Plan, node_id: int) -> str:
    """The node's title; "" when there is no such node."""
    return titles(plan, [node_id]).get(node_id, "")
