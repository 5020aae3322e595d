"""What deleting a node takes with it, counted before it is deleted (``node delete``).

A handful of counts over indexed columns, whatever the size of the plan: the command
shows them, and asks for a confirmation when a node does not go alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from hoshin.graph import StrategyGraph
from hoshin.model import entities as e


@dataclass
class Removal:
    """Everything that goes with a node, or loses its reference to it."""

    code: str
    title: str
    links: list[str] = field(default_factory=list)  # "supports IP-1", "BT-2 deploys to it"
    owners: list[str] = field(default_factory=list)  # names
    figures: int = 0  # monthly plan/actual rows
    countermeasures: int = 0
    checks: int = 0
    action_items: int = 0
    threads: int = 0
    messages: int = 0
    effect_of: list[str] = field(default_factory=list)  # kaizens that name it as their target
    a3: bool = False  # its A3 goes with it
    a3_links: int = 0  # other A3s' links to it (a kaizen) or to its countermeasures

    @property
    def alone(self) -> bool:
        """Nothing but the node itself goes (or changes)."""
        return not (
            self.links or self.owners or self.figures or self.countermeasures or self.checks
            or self.action_items or self.threads or self.effect_of or self.a3 or self.a3_links
        )  # fmt: skip

    def parts(self) -> list[str]:
        """What goes with it, in words, biggest things first."""
        out: list[str] = []
        if self.links:
            out.append(_n(len(self.links), "link") + f" ({', '.join(self.links)})")
        if self.owners:
            out.append(_n(len(self.owners), "owner") + f" ({', '.join(self.owners)})")
        for count, what in (
            (self.figures, "monthly figure"),
            (self.countermeasures, "countermeasure"),
            (self.checks, "sustainment check"),
            (self.action_items, "action item"),
        ):
            if count:
                out.append(_n(count, what))
        if self.threads:
            out.append(_n(self.threads, "catchball thread") + f" ({_n(self.messages, 'message')})")
        if self.effect_of:
            out.append(f"the target named by {', '.join(self.effect_of)}")
        if self.a3:
            out.append("its A3")
        if self.a3_links:
            out.append(_n(self.a3_links, "link") + " from other A3s")
        return out


def _n(count: int, what: str) -> str:
    return f"{count} {what}{'' if count == 1 else 's'}"


def removal(session: Session, graph: StrategyGraph, node_id: int) -> Removal:
    """What :class:`~hoshin.operations.DeleteNode` of ``node_id`` would remove."""
    title = session.execute(select(e.Node.title).where(e.Node.id == node_id)).scalar_one()
    found = Removal(graph.code(node_id), str(title))
    code = graph.code
    for edge in session.execute(
        select(e.Edge.kind, e.Edge.source_id, e.Edge.target_id)
        .where(or_(e.Edge.source_id == node_id, e.Edge.target_id == node_id))
        .order_by(e.Edge.id)
    ):
        kind, source, target = edge
        verb = {"supports": "supports", "measures": "measures", "deploys": "deploys to"}[kind]
        if source == node_id:
            found.links.append(f"{verb} {code(target)}")
        else:
            found.links.append(f"{code(source)} {verb} it")
    found.owners = list(
        session.scalars(
            select(e.Person.name)
            .join(e.Responsibility, e.Responsibility.person_id == e.Person.id)
            .where(e.Responsibility.node_id == node_id)
            .order_by(e.Person.key)
        )
    )

    def count(column: InstrumentedAttribute[int]) -> int:
        return int(session.execute(select(func.count()).where(column == node_id)).scalar() or 0)

    found.figures = count(e.Measurement.node_id)
    found.countermeasures = count(e.Countermeasure.node_id)
    found.checks = count(e.SustainmentCheck.kaizen_id)
    found.action_items = count(e.ActionItem.kaizen_id)
    found.threads = count(e.CatchballThread.node_id)
    found.a3 = count(e.A3.node_id) > 0
    link, cm = e.A3Link, e.Countermeasure
    found.a3_links = int(
        session.execute(
            select(func.count()).where(
                link.node_id != node_id,
                or_(
                    link.kaizen_id == node_id,
                    link.countermeasure_id.in_(select(cm.id).where(cm.node_id == node_id)),
                ),
            )
        ).scalar()
        or 0
    )
    if found.threads:
        t, m = e.CatchballThread, e.CatchballMessage
        found.messages = int(
            session.execute(
                select(func.count()).where(
                    m.thread_id.in_(select(t.id).where(t.node_id == node_id))
                )
            ).scalar()
            or 0
        )
    found.effect_of = list(
        session.scalars(
            select(e.Node.code).where(e.Node.effect_target_id == node_id).order_by(e.Node.seq)
        )
    )
    return found
