"""Line of sight of one node: every path from it up to a top breakthrough objective,
with titles, units and the links between (``hoshin trace``).

The walk is the graph's own (in memory); titles and unit codes of the nodes on the way
are read in one query per chunk of nodes. Paths share their lower steps, so they are kept as
a tree: the node at the root, what it serves above it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hoshin.graph import StrategyGraph
from hoshin.model import entities as e
from hoshin.model.kinds import EdgeKind
from hoshin.store.chunks import chunks

#: A node can reach the top by many paths (a DAG opened into a tree); beyond this many
#: paths (or steps) the answer says how many branches it left out instead.
MAX_PATHS = 50
MAX_STEPS = 500


@dataclass
class Step:
    """A node on the way up, and how the node below reaches it."""

    node_id: int
    code: str
    kind: str
    title: str = ""
    unit: str = ""
    link: str = ""  # "supports", "measures", "deployed from" ('' at the root)
    strength: str | None = None
    top: bool = False  # a breakthrough objective that serves nothing: the end of the line
    above: list[Step] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "kind": self.kind,
            "title": self.title,
            "unit": self.unit,
            "link": self.link or None,
            "strength": self.strength,
        }


@dataclass
class Trace:
    root: Step
    sighted: bool  # some path reaches a top breakthrough
    paths: list[list[Step]]  # root first, top last; at most MAX_PATHS
    left_out: int  # branches not followed beyond MAX_PATHS or MAX_STEPS

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.root.as_dict(),
            "line_of_sight": self.sighted,
            "serves": [s.code for s in self.root.above],
            "paths": [[s.as_dict() for s in path] for path in self.paths],
            "left_out": self.left_out,
        }


def trace(session: Session, graph: StrategyGraph, node_id: int) -> Trace:
    """Every path up from ``node_id`` to a top breakthrough; when none reaches it, the
    whole of what it serves (to show where the line breaks)."""
    sighted_nodes = graph.with_line_of_sight()
    sighted = node_id in sighted_nodes
    made: list[Step] = []

    def step(nid: int, link: str, strength: str | None) -> Step:
        node = graph.node(nid)
        s = Step(nid, node.code, node.kind.value, link=link, strength=strength)
        s.top = graph.is_top(nid)
        made.append(s)
        return s

    paths: list[list[Step]] = []
    more = 0
    root = step(node_id, "", None)
    # Depth first, strongest link first (the graph's own order): the tree and the paths.
    stack: list[tuple[Step, list[Step]]] = [(root, [root])]
    while stack:
        current, path = stack.pop()
        if current.top:
            paths.append(path)
            continue
        children = []
        for above in graph.above(current.node_id):
            if sighted and above not in sighted_nodes:
                continue  # a branch that leads nowhere: not part of any line of sight
            if any(s.node_id == above for s in path):
                continue
            if len(paths) >= MAX_PATHS or len(made) >= MAX_STEPS:
                more += 1
                continue
            edge = graph.edge_between(current.node_id, above) or graph.edge_between(
                above, current.node_id
            )
            assert edge is not None
            link = "deployed from" if edge.kind is EdgeKind.DEPLOYS else edge.kind.value
            child = step(above, link, edge.strength.value if edge.strength else None)
            children.append(child)
        current.above = children
        for child in reversed(children):
            stack.append((child, [*path, child]))
    _name(session, made)
    return Trace(root, sighted, paths, more)


def _name(session: Session, steps: list[Step]) -> None:
    ids = sorted({s.node_id for s in steps})
    found: dict[int, tuple[str, str]] = {}
    for batch in chunks(ids):
        rows = session.execute(
            select(e.Node.id, e.Node.title, e.Unit.code)
            .join(e.Unit, e.Unit.id == e.Node.unit_id)
            .where(e.Node.id.in_(batch))
        )
        found.update((int(i), (str(t), str(u))) for i, t, u in rows)
    for s in steps:
        s.title, s.unit = found.get(s.node_id, ("", ""))
