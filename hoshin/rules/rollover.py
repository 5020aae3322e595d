"""What next year's plan takes from this year's (docs/years.md): one rule for the
rollover itself and for what the app says it will do before it runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hoshin.model import entities as e
from hoshin.model.kinds import KaizenStatus, NodeKind
from hoshin.store.chunks import chunks

#: Kaizens that are finished (or abandoned): they stay in their year.
FINISHED = frozenset(
    {KaizenStatus.DONE.value, KaizenStatus.SUSTAINED.value, KaizenStatus.DROPPED.value}
)
#: Decisions that leave a node in its year.
STAYS = frozenset({"drop", "complete"})


@dataclass
class Choice:
    """The nodes of a year that are carried into the next, and what stays."""

    carried: list[dict[str, Any]] = field(default_factory=list)  # node rows, by id
    decisions: dict[int, dict[str, Any]] = field(default_factory=dict)  # node id → reflection
    stayed: int = 0  # dropped, completed or finished: left in the old year
    undecided: int = 0  # carried without a decision
    modified: int = 0


def choose(session: Session, year: int) -> Choice:
    """Which nodes of ``year`` a rollover carries: three bulk reads, on the tables (every
    year, whatever year ``session`` shows)."""
    n = e.Node.__table__
    nodes = [
        dict(r)
        for r in session.execute(select(n).where(n.c.year == year).order_by(n.c.id)).mappings()
    ]
    r = e.Reflection.__table__
    out = Choice()
    for part in chunks([row["id"] for row in nodes]):
        for found in session.execute(select(r).where(r.c.node_id.in_(part))).mappings():
            out.decisions[int(found["node_id"])] = dict(found)
    for row in nodes:
        reflection = out.decisions.get(row["id"])
        decision = reflection["decision"] if reflection else None
        finished = row["kind"] == NodeKind.KAIZEN.value and row["status"] in FINISHED
        if decision in STAYS or finished:
            out.stayed += 1
            continue
        if decision is None:
            out.undecided += 1
        elif decision == "modify":
            out.modified += 1
        out.carried.append(row)
    return out
