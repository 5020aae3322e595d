"""The strategy graph: a networkx index of the plan, derived from the database.

Edges are kept *upward*, from the serving node to the served one: ``supports`` and
``measures`` as stored, ``deploys`` reversed (the child points at the parent it came
from). Line of sight is a walk up this graph; "no node serves itself" is its acyclicity.
The graph is never a second source of truth: it is loaded with two bulk queries and kept
current from the :class:`~hoshin.changes.Changes` of each edit.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from hoshin.changes import Changes
from hoshin.model import entities as e
from hoshin.model.errors import CycleError, LinkError, NotFoundError
from hoshin.model.kinds import ALLOWED_LINKS, LINK_RULES, EdgeKind, NodeKind, Strength
from hoshin.store.collector import collector_paused

if TYPE_CHECKING:
    import networkx as nx

#: node → neighbour → the link's data, as networkx lays out a DiGraph's adjacency.
Adjacency = dict[int, dict[int, dict[str, Any]]]

#: From this many nodes and links, a loaded graph is kept out of the cyclic collector's scans.
FREEZE_FROM = 20_000


class GraphNode(NamedTuple):
    # NamedTuples, not frozen dataclasses: 60,000 of each are built at every load, and a
    # frozen dataclass sets each field through object.__setattr__ (3× slower).
    id: int
    code: str
    kind: NodeKind
    unit_id: int
    version: int = 0  # the row's version as loaded: what this client has seen


class GraphEdge(NamedTuple):
    id: int
    kind: EdgeKind
    source: int  # as stored
    target: int
    strength: Strength | None
    version: int = 0

    @property
    def upward(self) -> tuple[int, int]:
        """(serving, served): deploys point from the child back to its parent."""
        if self.kind is EdgeKind.DEPLOYS:
            return self.target, self.source
        return self.source, self.target


class StrategyGraph:
    """Queries on the plan's graph with domain names; wraps (not subclasses) a DiGraph."""

    def __init__(self) -> None:
        # The upward adjacency in networkx's own layout, kept here: loading, edits and the
        # walks use it directly, and networkx answers its questions on the same dicts
        # (see _up), imported only then (0.1–0.2 s of the app's start otherwise).
        self._succ: Adjacency = {}
        self._pred: Adjacency = {}
        self._attrs: dict[int, dict[str, Any]] = {}  # networkx's per-node data: none
        self._digraph: list[nx.DiGraph] = []  # made on first use; a list the finalizer shares
        self._nodes: dict[int, GraphNode] = {}
        self._by_code: dict[str, int] = {}
        self._edges: dict[int, GraphEdge] = {}
        self._unit_parent: dict[int, int | None] = {}
        self._sighted: frozenset[int] | None = None  # with_line_of_sight(), until the next change
        self.year = 0  # the plan's year this graph holds (nodes of other years are left out)

    # -- loading -------------------------------------------------------------------------

    @classmethod
    def load(cls, session: Session, year: int | None = None) -> StrategyGraph:
        """Build the index with three raw queries and bulk inserts into networkx.

        Plain tuples and dict lookups instead of per-row enum calls and per-edge
        ``add_edge``: at 50,000 kaizens this is the difference between 1.4 s and ~0.4 s.
        """
        if year is None:
            from hoshin.rules.years import current_year

            year = current_year(session)
        # The collector would rescan the growing heap again and again (2.5 s instead of 1 s).
        with collector_paused():
            graph = cls._load(session, year)
            if len(graph._nodes) + len(graph._edges) >= FREEZE_FROM:
                # What was just loaded lives as long as the plan is open. Left to the
                # collector, it would be scanned three times over in the next seconds (as
                # it ages through the generations) and again at every full collection:
                # 0.1 s each at 60,000 nodes. Frozen, it is never scanned; it is still freed
                # by reference counting when the plan closes...
                gc.freeze()
                # ...once the views networkx caches on its DiGraph are gone: each refers back
                # to it, a cycle that no collection would free once frozen (a whole plan
                # leaked at every reload).
                weakref.finalize(graph, _forget_views, graph._digraph)
            return graph

    @property
    def _up(self) -> nx.DiGraph:
        """A networkx DiGraph over this graph's own dicts, made when first asked for."""
        if not self._digraph:
            import networkx as nx

            digraph = nx.DiGraph()
            digraph._node, digraph._pred = self._attrs, self._pred
            digraph._adj = digraph._succ = self._succ
            self._digraph.append(digraph)
        return self._digraph[0]

    @classmethod
    def _load(cls, session: Session, year: int) -> StrategyGraph:
        graph = cls()
        graph.year = year
        cursor = session.connection().connection.cursor()  # DBAPI: plain tuples
        try:
            cursor.execute("SELECT id, parent_id FROM units")
            graph._unit_parent = dict(cursor.fetchall())
            # An int, never user text: formatted in, as both drivers take their own marks.
            cursor.execute(
                f"SELECT id, code, kind, unit_id, version FROM nodes WHERE year = {year:d}"
            )
            node_rows = cursor.fetchall()
            # A link never joins two years: the year of its source is the link's.
            cursor.execute(
                "SELECT e.id, e.kind, e.source_id, e.target_id, e.strength, e.version"
                f" FROM edges e JOIN nodes n ON n.id = e.source_id WHERE n.year = {year:d}"
            )
            edge_rows = cursor.fetchall()
        finally:
            cursor.close()
        # The adjacency dicts are filled directly: networkx's add_nodes_from/add_edges_from
        # check and merge item by item, which was a third of the load at 60,000 nodes.
        kinds = _NODE_KINDS
        nodes = graph._nodes = {
            i: GraphNode(i, c, kinds[k], u, ver) for i, c, k, u, ver in node_rows
        }
        graph._by_code = {row[1]: row[0] for row in node_rows}
        graph._attrs = {node_id: {} for node_id in nodes}
        succ = graph._succ = {node_id: {} for node_id in nodes}
        pred = graph._pred = {node_id: {} for node_id in nodes}
        edges = graph._edges
        edge_kinds, strengths, deploys = _EDGE_KINDS, _STRENGTHS, EdgeKind.DEPLOYS.value
        for edge_id, kind, source, target, strength, version in edge_rows:
            edge_kind, power = edge_kinds[kind], strengths.get(strength)
            edges[edge_id] = GraphEdge(edge_id, edge_kind, source, target, power, version)
            u, v = (target, source) if kind == deploys else (source, target)
            data = {"id": edge_id, "kind": edge_kind, "strength": power}
            try:
                succ[u][v] = pred[v][u] = data
            except KeyError:  # an end that is not a node: added bare, as networkx would
                graph._link(u, v, data)
        return graph

    def refresh(self, session: Session, changes: Changes) -> None:
        """Bring the index up to date with what an edit changed (bulk queries, no reload)."""
        if changes.structure:
            self._sighted = None
        if changes.units:
            u = e.Unit.__table__.c
            found = dict(
                session.execute(select(u.id, u.parent_id).where(u.id.in_(changes.units))).all()
            )
            for unit_id in changes.units:
                if unit_id in found:
                    self._unit_parent[unit_id] = found[unit_id]
                else:
                    self._unit_parent.pop(unit_id, None)
        if changes.nodes:
            n = e.Node.__table__.c
            rows = {
                row[0]: row
                for row in session.execute(
                    select(n.id, n.code, n.kind, n.unit_id, n.version).where(
                        n.id.in_(changes.nodes), n.year == self.year
                    )
                )
            }
            for node_id in changes.nodes:
                if node_id in rows:  # a node of another year is not this graph's
                    _, code, kind, unit_id, version = rows[node_id]
                    self._add_node(GraphNode(node_id, code, _NODE_KINDS[kind], unit_id, version))
                else:
                    self._remove_node(node_id)
        if changes.edges:
            c = e.Edge.__table__.c
            rows_e = {
                row[0]: row
                for row in session.execute(
                    select(c.id, c.kind, c.source_id, c.target_id, c.strength, c.version).where(
                        c.id.in_(changes.edges)
                    )
                )
            }
            for edge_id in changes.edges:
                self._remove_edge(edge_id)
                if edge_id in rows_e and rows_e[edge_id][2] in self._nodes:
                    self._add_edge(_edge(*rows_e[edge_id]))

    def _add_node(self, node: GraphNode) -> None:
        old = self._nodes.get(node.id)
        if old is not None and old.code != node.code:
            self._by_code.pop(old.code, None)
        self._nodes[node.id] = node
        self._by_code[node.code] = node.id
        self._vertex(node.id)

    def _remove_node(self, node_id: int) -> None:
        node = self._nodes.pop(node_id, None)
        if node is None:
            return
        self._by_code.pop(node.code, None)
        for above, data in self._succ.pop(node_id, {}).items():
            self._edges.pop(data["id"], None)
            self._pred[above].pop(node_id, None)
        for below, data in self._pred.pop(node_id, {}).items():
            self._edges.pop(data["id"], None)
            self._succ[below].pop(node_id, None)
        self._attrs.pop(node_id, None)
        self._changed()

    def _add_edge(self, edge: GraphEdge) -> None:
        self._edges[edge.id] = edge
        u, v = edge.upward
        self._link(u, v, {"id": edge.id, "kind": edge.kind, "strength": edge.strength})

    def _remove_edge(self, edge_id: int) -> None:
        edge = self._edges.pop(edge_id, None)
        if edge is None:
            return
        u, v = edge.upward
        if self._succ.get(u, {}).pop(v, None) is not None:
            del self._pred[v][u]
            self._changed()

    def _vertex(self, node_id: int) -> None:
        if node_id not in self._succ:
            self._succ[node_id], self._pred[node_id], self._attrs[node_id] = {}, {}, {}
            self._changed()

    def _link(self, u: int, v: int, data: dict[str, Any]) -> None:
        self._vertex(u)
        self._vertex(v)
        self._succ[u][v] = self._pred[v][u] = data
        self._changed()

    def _changed(self) -> None:
        """What networkx would do after its own edits: forget results cached for backends."""
        for digraph in self._digraph:
            digraph.__networkx_cache__.clear()

    # -- lookups -------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._nodes)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def has_node(self, node_id: int) -> bool:
        return node_id in self._nodes

    def count_served_by(self, node_id: int) -> int:
        """How many nodes serve ``node_id`` directly (without building the list)."""
        return len(self._pred[node_id])

    def node(self, node_id: int) -> GraphNode:
        return self._nodes[node_id]

    def seen_version(self, table: str, row_id: int) -> int | None:
        """The version of a node or link as this graph last read it (None: not kept)."""
        if table == "nodes":
            node = self._nodes.get(row_id)
            return node.version if node is not None else None
        if table == "edges":
            edge = self._edges.get(row_id)
            return edge.version if edge is not None else None
        return None

    def id_of(self, code: str) -> int:
        try:
            return self._by_code[code.strip().upper()]
        except KeyError:
            raise NotFoundError(f"No node {code.strip()} in this plan.") from None

    def code(self, node_id: int) -> str:
        return self._nodes[node_id].code

    def nodes(self) -> Iterable[GraphNode]:
        return self._nodes.values()

    def edges(self) -> Iterable[GraphEdge]:
        return self._edges.values()

    def edge_between(self, source: int, target: int) -> GraphEdge | None:
        """The stored edge from ``source`` to ``target`` (in either upward direction)."""
        for u, v in ((source, target), (target, source)):
            data = self._succ.get(u, {}).get(v)
            if data is not None:
                edge = self._edges[data["id"]]
                if (edge.source, edge.target) == (source, target):
                    return edge
        return None

    def unit_parent_of(self, unit_id: int) -> int | None:
        """The unit directly above ``unit_id`` (None: the top unit)."""
        return self._unit_parent.get(unit_id)

    def unit_ancestors(self, unit_id: int) -> list[int]:
        """The units above ``unit_id``, nearest first."""
        chain: list[int] = []
        parent = self._unit_parent.get(unit_id)
        while parent is not None and parent not in chain:
            chain.append(parent)
            parent = self._unit_parent.get(parent)
        return chain

    # -- questions -----------------------------------------------------------------------

    def serves(self, node_id: int) -> list[int]:
        """What ``node_id`` serves directly (one step up)."""
        return list(self._succ[node_id])

    def served_by(self, node_id: int) -> list[int]:
        """What serves ``node_id`` directly (one step down)."""
        return list(self._pred[node_id])

    def deployed_to(self, node_id: int) -> list[int]:
        """The nodes of units below that ``node_id`` was deployed to."""
        below = self._pred[node_id]
        return [child for child, data in below.items() if data["kind"] is EdgeKind.DEPLOYS]

    def is_top(self, node_id: int) -> bool:
        """A breakthrough that serves nothing above it: where every line of sight ends."""
        node = self._nodes[node_id]
        return node.kind is NodeKind.BREAKTHROUGH and not self._succ[node_id]

    def line_of_sight(self, node_id: int) -> list[int]:
        """The path from ``node_id`` up to a top breakthrough, strongest links first.

        Returns ``[node_id]`` alone when nothing above it leads to a top breakthrough.
        """
        best: list[int] = [node_id]
        path = [node_id]
        on_path = {node_id}
        stack = [iter(self._ordered_up(node_id))]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                on_path.discard(path.pop())
                continue
            if nxt in on_path:
                continue
            path.append(nxt)
            on_path.add(nxt)
            if self.is_top(nxt):
                return list(path)
            if len(path) > len(best):
                best = list(path)
            stack.append(iter(self._ordered_up(nxt)))
        return best if best and self.is_top(best[-1]) else [node_id]

    def above(self, node_id: int) -> list[int]:
        """What ``node_id`` serves directly, strongest link first, then by code."""
        return self._ordered_up(node_id)

    def _ordered_up(self, node_id: int) -> list[int]:
        succ = self._succ[node_id]
        return sorted(
            succ,
            key=lambda v: (
                -(succ[v]["strength"].weight if succ[v]["strength"] else 0),
                self._nodes[v].code,
            ),
        )

    def upstream(self, node_id: int) -> set[int]:
        """Everything ``node_id`` serves, directly or not (its whole line of sight)."""
        import networkx as nx  # see __init__

        return set(nx.descendants(self._up, node_id))

    def downstream(self, node_id: int) -> set[int]:
        """Everything that serves ``node_id``: what it affects below when it changes."""
        import networkx as nx  # see __init__

        return set(nx.ancestors(self._up, node_id))

    def has_line_of_sight(self, node_id: int) -> bool:
        return self.is_top(node_id) or any(self.is_top(v) for v in self.upstream(node_id))

    def reached_from(self, sources: Iterable[int]) -> set[int]:
        """Everything some source serves, directly or not: one walk up from all of them."""
        reached: set[int] = set()
        frontier = list(sources)
        succ = self._succ  # the raw adjacency: networkx's views cost 1 µs a step
        while frontier:
            for above in succ[frontier.pop()]:
                if above not in reached:
                    reached.add(above)
                    frontier.append(above)
        return reached

    def with_line_of_sight(self) -> frozenset[int]:
        """Every node with a path up to a top breakthrough: one walk down from the tops.

        Kept until the graph changes: the health views and the board all ask for it.
        """
        if self._sighted is None:
            self._sighted = frozenset(self._walk_down_from_tops())
        return self._sighted

    def _walk_down_from_tops(self) -> set[int]:
        succ, pred = self._succ, self._pred  # the raw adjacency, see reached_from
        reached = {
            n.id for n in self._nodes.values() if n.kind is NodeKind.BREAKTHROUGH and not succ[n.id]
        }
        frontier = list(reached)
        while frontier:
            node = frontier.pop()
            for below in pred[node]:
                if below not in reached:
                    reached.add(below)
                    frontier.append(below)
        return reached

    # -- checking a new link ---------------------------------------------------------------

    def check_link(self, source: int, target: int, kind: EdgeKind) -> None:
        """Raise :class:`LinkError` if ``source -kind-> target`` may not be added.

        Refuses a self link, a kind pair DESIGN §2 does not allow, a duplicate, a link that
        closes a cycle (the error names it), and a deployment that does not go to a unit
        below. Checking a cycle is one reachability question, not a whole-graph search.
        """
        import networkx as nx  # see __init__

        s, t = self._nodes[source], self._nodes[target]
        if source == target:
            raise LinkError(f"{s.code} cannot be linked to itself.")
        if (s.kind, t.kind) not in ALLOWED_LINKS[kind]:
            raise LinkError(
                f"{s.code} ({s.kind.value}) cannot {kind.value[:-1]} {t.code} "
                f"({t.kind.value}): {LINK_RULES[s.kind]}."
            )
        existing = self.edge_between(source, target)
        if existing is not None and existing.kind is kind:
            raise LinkError(f"{s.code} already {kind.value[:-1]}s {t.code}.")
        edge = GraphEdge(0, kind, source, target, None)
        up, served = edge.upward
        if nx.has_path(self._up, served, up):
            loop = nx.shortest_path(self._up, served, up)
            codes = [self._nodes[i].code for i in [up, *loop]]
            raise CycleError(
                f"Linking {s.code} to {t.code} would make a node serve itself: "
                + " → ".join(codes),
                codes,
            )
        if kind is EdgeKind.DEPLOYS and s.unit_id not in self.unit_ancestors(t.unit_id):
            raise LinkError(
                f"{s.code} can only be deployed to a unit below its own; "
                f"{t.code} is not in a unit below ({LINK_RULES[s.kind]})."
            )

    def can_link(self, source: int, target: int, kind: EdgeKind) -> bool:
        try:
            self.check_link(source, target, kind)
        except LinkError:
            return False
        return True


def _forget_views(made: list[nx.DiGraph]) -> None:
    """Drop the edge and degree views networkx cached on the DiGraph: they refer to it."""
    for digraph in made:
        cached = vars(digraph)
        for name in [k for k, v in cached.items() if getattr(v, "_graph", None) is digraph]:
            del cached[name]


_NODE_KINDS = {k.value: k for k in NodeKind}
_EDGE_KINDS = {k.value: k for k in EdgeKind}
_STRENGTHS: dict[str | None, Strength] = {s.value: s for s in Strength}


def _edge(
    edge_id: int, kind: str, source: int, target: int, strength: str | None, version: int = 0
) -> GraphEdge:
    return GraphEdge(edge_id, _EDGE_KINDS[kind], source, target, _STRENGTHS.get(strength), version)
