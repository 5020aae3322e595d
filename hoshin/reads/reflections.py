"""The year-end reflections of a year: per node, how it went and the decision for next
year (``hoshin reflect list``; later the reflection view and report)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from hoshin.model import entities as e


@dataclass(frozen=True)
class ReflectionRow:
    code: str
    kind: str
    unit: str
    title: str
    decision: str | None
    result: str | None
    new_title: str | None
    new_goal: float | None
    helped: str
    hindered: str
    lesson: str
    author: str | None

    def describe(self) -> str:
        """One line: "KPI-4 (target, CO): modify → goal 30; result partly"."""
        said = [self.decision or "no decision"]
        if self.new_title:
            said.append(f"title {self.new_title!r}")
        if self.new_goal is not None:
            said.append(f"goal {self.new_goal:g}")
        text = f"{self.code} ({self.kind}, {self.unit}): " + ", ".join(said)
        if self.result:
            text += f"; result {self.result}"
        if self.lesson:
            text += f"; lesson: {self.lesson}"
        return text


def _select() -> Select[*tuple[Any, ...]]:
    """A reflection with its node, unit and author, as :class:`ReflectionRow` reads it."""
    n, r, u, p = e.Node, e.Reflection, e.Unit, e.Person
    return (
        select(
            n.code,
            n.kind,
            u.code,
            n.title,
            r.decision,
            r.result,
            r.new_title,
            r.new_goal,
            r.helped,
            r.hindered,
            r.lesson,
            p.key,
        )
        .join(n, n.id == r.node_id)
        .join(u, u.id == n.unit_id)
        .outerjoin(p, p.id == r.author_id)
    )


def reflections(session: Session, year: int) -> list[ReflectionRow]:
    """Every reflection on a node of ``year``, in unit and code order."""
    n, u = e.Node, e.Unit
    rows = session.execute(_select().where(n.year == year).order_by(u.code, n.kind, n.seq))
    return [ReflectionRow(*cast(tuple[Any, ...], row)) for row in rows]


def reflection(session: Session, node_id: int) -> ReflectionRow | None:
    """The reflection on one node, or None."""
    row = session.execute(_select().where(e.Reflection.node_id == node_id)).first()
    return ReflectionRow(*cast(tuple[Any, ...], row)) if row is not None else None
