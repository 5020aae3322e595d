"""What the line-of-sight panel shows for each step of a path: code, kind, title, unit,
and for a target, how its latest month stands (the bowling chart's rule).

A path has a handful of steps (a kaizen's path to the company breakthrough is about six),
read with two queries whatever its length; ``hoshin trace`` (:mod:`hoshin.reads.trace`)
reads every path of a node for the command line.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hoshin.model import entities as e
from hoshin.model.kinds import NodeKind
from hoshin.plan import Plan
from hoshin.rules.bowling import Status, month_status
from hoshin.rules.finer_months import with_derived
from hoshin.store.chunks import chunks


@dataclass(frozen=True, slots=True)
class Step:
    """One node on a path, as the panel names it."""

    id: int
    code: str
    kind: NodeKind
    title: str
    unit_name: str
    #: A target's latest month with a plan and an actual, and how it stood: or None.
    standing: tuple[str, Status] | None = None


def path_steps(plan: Plan, ids: Collection[int]) -> dict[int, Step]:
    """The steps ``ids`` that exist, by id."""
    n, u = e.Node, e.Unit
    with plan.session() as s:
        rows = [
            row
            for batch in chunks(sorted(set(ids)))
            for row in s.execute(
                select(n.id, n.code, n.kind, n.title, u.name)
                .join(u, u.id == n.unit_id)
                .where(n.id.in_(batch))
            )
        ]
        targets = [row[0] for row in rows if row[2] == NodeKind.TARGET.value]
        standing = latest_standing(s, targets)
    return {
        i: Step(i, code, NodeKind(kind), title, unit, standing.get(i))
        for i, code, kind, title, unit in rows
    }


def latest_standing(session: Session, target_ids: list[int]) -> dict[int, tuple[str, Status]]:
    """Each target's latest month with an actual and a plan, and how it stands then.

    One query per chunk of targets; judged by the bowling chart's rule.
    """
    n, m = e.Node, e.Measurement
    standing: dict[int, tuple[str, Status]] = {}
    for batch in chunks(target_ids):
        typed: dict[int, dict[str, tuple[float | None, float | None]]] = {}
        direction_of: dict[int, str | None] = {}
        for node_id, direction in session.execute(select(n.id, n.direction).where(n.id.in_(batch))):
            direction_of[int(node_id)] = direction
            typed[int(node_id)] = {}
        for node_id, month, plan, actual in session.execute(
            select(m.node_id, m.month, m.plan, m.actual).where(m.node_id.in_(batch))
        ):
            typed[int(node_id)][str(month)] = (plan, actual)
        # A month made of daily or weekly values stands by its derived actual.
        for node_id, months in with_derived(session, typed).items():
            for month in sorted(months, reverse=True):
                plan, actual = months[month]
                status = month_status(direction_of.get(node_id), plan, actual)
                if status is not None:
                    standing[node_id] = (month, status)
                    break
    return standing


def carried_from(plan: Plan, node_id: int) -> str | None:
    """ "KZ-103 of 2026" when ``node_id`` was carried from last year's node (a rollover's
    ``previous_id``), else None: a kaizen's line of sight is of its own year, and this
    says where the year before's is (``hoshin trace --year``, the year selector)."""
    n, before = e.Node.__table__.c, e.Node.__table__.alias("before")
    with plan.session(all_years=True) as s:
        row = s.execute(
            select(before.c.code, before.c.year)
            .join_from(e.Node.__table__, before, before.c.id == n.previous_id)
            .where(n.id == node_id)
        ).first()
    return f"{row[0]} of {row[1]}" if row is not None else None
