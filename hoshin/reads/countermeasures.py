"""Reading countermeasures: the list the CLI prints and the bowling chart's dialog shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from hoshin.model import entities as e

if TYPE_CHECKING:
    from hoshin.plan import Plan


@dataclass(frozen=True)
class CountermeasureRow:
    """One countermeasure, with its target's code and its owner's key and name."""

    id: int
    code: str
    month: str
    what: str
    owner_key: str | None
    owner: str | None
    due: dt.date | None
    done: bool
    done_on: dt.date | None

    @property
    def state(self) -> str:
        return "done" if self.done else "open"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "target": self.code,
            "month": self.month,
            "what": self.what,
            "owner": self.owner,
            "owner_key": self.owner_key,
            "due": self.due.isoformat() if self.due else None,
            "state": self.state,
            "done_on": self.done_on.isoformat() if self.done_on else None,
        }

    def sentence(self) -> str:
        """``3 KPI-4 2026-10 open: Second shift (Kenji Watanabe, due 2026-11-01)``."""
        about = [self.owner or "no owner"]
        if self.due:
            about.append(f"due {self.due.isoformat()}")
        if self.done_on:
            about.append(f"done {self.done_on.isoformat()}")
        return f"{self.id} {self.code} {self.month} {self.state}: {self.what} ({', '.join(about)})"


def countermeasures(
    session: Session,
    *,
    node_id: int | None = None,
    month: str | None = None,
    ids: list[int] | None = None,
) -> list[CountermeasureRow]:
    """Countermeasures (of a target, of a month, or these ids), oldest first."""
    c, n, p = e.Countermeasure, e.Node, e.Person
    stmt = (
        select(c.id, n.code, c.month, c.what, p.key, p.name, c.due, c.done, c.done_on)
        .join(n, n.id == c.node_id)
        .outerjoin(p, p.id == c.owner_id)
        .order_by(n.code, c.month, c.id)
    )
    if node_id is not None:
        stmt = stmt.where(c.node_id == node_id)
    if month is not None:
        stmt = stmt.where(c.month == month)
    if ids is not None:
        stmt = stmt.where(c.id.in_(ids))
    return [
        CountermeasureRow(i, code, m, what, key, name, due, bool(done), done_on)
        for i, code, m, what, key, name, due, done, done_on in session.execute(stmt)
    ]


def of_month(plan: Plan, node_id: int, month: str) -> list[CountermeasureRow]:
    """The countermeasures of one target's month (the bowling chart's dialog lists them)."""
    with plan.session() as s:
        return countermeasures(s, node_id=node_id, month=month)


def owner_choices(plan: Plan, unit_id: int) -> list[tuple[str, str]]:
    """(key, name) of the plan's people, those of ``unit_id`` first, then by name."""
    p = e.Person
    with plan.session() as s:
        rows = s.execute(
            select(p.key, p.name).order_by(case((p.unit_id == unit_id, 0), else_=1), p.name)
        ).all()
    return [(key, name) for key, name in rows]
