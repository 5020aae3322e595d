"""The rows of the strategy tree, and which rows start a unit's tree.

Qt-free: the tree's shape is a function of the strategy graph and the ids of the nodes
the unit shows; the model only adapts it to Qt.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from hoshin.graph import GraphNode, StrategyGraph
from hoshin.model.kinds import EdgeKind, NodeKind
from hoshin.reads.tree import NodeSummary
from views.strategy_tree.sight import known_node

KIND_ORDER = {kind: i for i, kind in enumerate(NodeKind)}


def order_key(node: GraphNode) -> tuple[int, str, int, str]:
    """Rows in X-matrix order (breakthroughs first), then by the number in the code."""
    prefix, _, digits = node.code.rpartition("-")
    return (KIND_ORDER[node.kind], prefix, int(digits) if digits.isdigit() else 0, node.code)


class Row:
    """A row: a node reached along one path from a root. ``pending`` are child ids not
    fetched yet (None until the children were first asked for)."""

    __slots__ = (
        "children",
        "leaf",
        "node_id",
        "only",
        "parent",
        "pending",
        "row",
        "texts",
        "via",
    )

    def __init__(self, node_id: int, parent: Row | None, row: int, via: EdgeKind | None) -> None:
        self.node_id = node_id
        self.parent = parent
        self.row = row
        self.via = via  # how this node serves its parent row
        self.children: list[Row] = []
        self.pending: list[int] | None = None
        self.only: frozenset[int] | None = None  # a context row shows only these below
        self.leaf = False  # a kaizen: nothing can serve it
        # What the row's cells show, worked out when first painted: a view asks again for
        # every row on screen at each paint.
        self.texts: tuple[str, str, str, str] | None = None


@dataclass(frozen=True)
class Roots:
    """The top rows of a unit's tree.

    ``ids`` are in display order. A node of ``context`` belongs to a unit above; it heads
    the unit's own nodes that serve it (and only those), so that a team sees what its
    kaizens serve rather than a flat list.
    """

    ids: list[int] = field(default_factory=list)
    context: dict[int, frozenset[int]] = field(default_factory=dict)


def find_roots(
    graph: StrategyGraph, shown: Iterable[int], order: Callable[[Iterable[int]], list[int]]
) -> Roots:
    """The roots for a unit showing ``shown`` (node ids), sorted by ``order``.

    A shown node that serves another shown node is not a root (it appears under it). A top
    breakthrough, or a node serving nothing at all, is a root. Any other top node serves
    something above the unit: it goes under that node, which becomes a context root.
    """
    scope = set(shown)
    plain: list[int] = []
    context: dict[int, set[int]] = defaultdict(set)
    for node_id in scope:
        above = graph.serves(node_id)
        if any(a in scope for a in above):
            continue
        if not above or graph.node(node_id).kind is NodeKind.BREAKTHROUGH:
            plain.append(node_id)
        else:
            for a in above:
                context[a].add(node_id)
    # Context first: what the unit serves reads before what serves nothing (orphans).
    ids = order(context) + order(plain)
    return Roots(ids, {a: frozenset(below) for a, below in context.items()})


def cell_texts(
    graph: StrategyGraph | None, summary: NodeSummary | None, node_id: int
) -> tuple[str, str, str, str]:
    """What a row shows in its columns: code and title, kind, unit, owners or status."""
    if graph is None or not known_node(graph, node_id):  # deleted; a rebuild is on its way
        return (summary.title if summary else "", "", "", "")
    node = graph.node(node_id)
    heading = f"{node.code}  {summary.title if summary else ''}"
    if summary is None:
        return (heading, node.kind.label, "", "")
    return (heading, node.kind.label, summary.unit_name, _owners_or_status(node, summary))


def _owners_or_status(node: GraphNode, summary: NodeSummary) -> str:
    if node.kind is NodeKind.KAIZEN:
        return summary.status or ""
    if node.kind in (NodeKind.PRIORITY, NodeKind.TARGET):
        return ", ".join(summary.owners) or "no primary owner"
    return ""
