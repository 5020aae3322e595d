"""The X-matrix of one unit (DESIGN §3) as plain data, for the Qt view and the Excel export.

:func:`build_xmatrix` reads one unit with a handful of bulk queries whose size is bounded by
the unit's own items (a few dozen), never by the plan: a plan may hold 50,000 kaizens.
The review findings shown on the matrix are the checks of
:mod:`hoshin.reads.xmatrix_checks`, computed for this unit only, with the same check names
and the same wording.

:class:`XMatrixBatch` builds the same matrices for many units (the workbook has a sheet per
unit) from a few plan-wide queries, read once.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session, aliased

from hoshin.changes import Changes
from hoshin.model import entities as e
from hoshin.model.errors import NotFoundError
from hoshin.model.kinds import EdgeKind, KaizenStatus, NodeKind, OwnerRole, Strength
from hoshin.plan import Plan
from hoshin.reads import xmatrix_checks as rv
from hoshin.rules.deployment import Gap, deployment_gaps

#: Kinds of the four label bands, in the order the view lists them.
MATRIX_KINDS = (NodeKind.BREAKTHROUGH, NodeKind.ANNUAL, NodeKind.PRIORITY, NodeKind.TARGET)

#: What the matrix's reads run on: a session, or its connection (Core rows, no ORM set-up).
Reader = Session | Connection

#: Checks that break a line of sight: shown red; the other findings are shown amber.
LINE_OF_SIGHT_CHECKS = frozenset({rv.PRIORITY_SUPPORTS_NOTHING, rv.BREAKTHROUGH_UNSUPPORTED})


class Corner(StrEnum):
    """A corner grid: rows from the North or South band, columns from the West or East."""

    NW = "nw"  # priority × annual: priority supports annual
    SW = "sw"  # breakthrough × annual: annual supports breakthrough
    NE = "ne"  # priority × target: target measures priority
    SE = "se"  # breakthrough × target: target measures breakthrough

    @property
    def row_kind(self) -> NodeKind:
        return NodeKind.PRIORITY if self in (Corner.NW, Corner.NE) else NodeKind.BREAKTHROUGH

    @property
    def col_kind(self) -> NodeKind:
        return NodeKind.ANNUAL if self in (Corner.NW, Corner.SW) else NodeKind.TARGET

    @property
    def edge_kind(self) -> EdgeKind:
        return EdgeKind.SUPPORTS if self.col_kind is NodeKind.ANNUAL else EdgeKind.MEASURES

    def link_ends(self, row: str, col: str) -> tuple[str, str]:
        """(source, target) of the stored edge behind cell (row, col), as DESIGN §2 says."""
        return (row, col) if self is Corner.NW else (col, row)


#: The corner that shows a stored edge, by (source kind, target kind).
_EDGE_CORNER: dict[tuple[NodeKind, NodeKind], Corner] = {
    (NodeKind.PRIORITY, NodeKind.ANNUAL): Corner.NW,
    (NodeKind.ANNUAL, NodeKind.BREAKTHROUGH): Corner.SW,
    (NodeKind.TARGET, NodeKind.PRIORITY): Corner.NE,
    (NodeKind.TARGET, NodeKind.BREAKTHROUGH): Corner.SE,
}


def corner_of(row_kind: NodeKind, col_kind: NodeKind) -> Corner:
    for corner in Corner:
        if corner.row_kind is row_kind and corner.col_kind is col_kind:
            return corner
    raise ValueError(f"No X-matrix corner joins {row_kind.value} rows and {col_kind.value} columns")


#: Corner cells: (row code, column code) -> strength.
Cells = dict[tuple[str, str], Strength]


@dataclass(frozen=True, slots=True)
class Item:
    """One label of a band: a breakthrough, annual objective, priority or target."""

    id: int
    code: str
    kind: NodeKind
    title: str
    parent_code: str | None = None  # the node it was deployed from, if any
    unit_of_measure: str | None = None
    direction: str | None = None
    baseline: float | None = None
    goal: float | None = None
    # The unit code of a unit above whose priority (or its target) this unit's kaizens serve:
    # a "deployed-in" row, shown for context and read only here; None for the unit's own.
    deployed_in: str | None = None

    @property
    def measure(self) -> str:
        """``18 → 24 %`` for a target (baseline → goal, unit); empty for other kinds."""
        if self.kind is not NodeKind.TARGET:
            return ""
        unit = self.unit_of_measure or ""
        if self.baseline is None and self.goal is None:
            return unit
        return f"{_number(self.baseline)} → {_number(self.goal)} {unit}".rstrip()


@dataclass(frozen=True, slots=True)
class Owner:
    """A person with a column in the owner block."""

    id: int
    key: str
    name: str
    unit_id: int
    unit_code: str = ""  # the person's own unit: where an overload finding is filed


@dataclass(frozen=True)
class XMatrix:
    """One unit's X-matrix. Codes key everything, as in the CLI and the Excel sheets.

    Bands list their items in code order; the view draws the first one next to the centre.
    Corner dicts are keyed ``(row_code, col_code)``; ``rationale`` holds the non-empty
    rationales of all four corners under the same keys, ``unrated`` the links with no
    strength. ``findings`` maps a node code, a person key or the unit code to the review
    messages about it, ``checks`` to the names of those checks.
    """

    unit_id: int
    unit_code: str
    unit_name: str
    unit_level: str
    year: int
    south: tuple[Item, ...]
    west: tuple[Item, ...]
    north: tuple[Item, ...]
    east: tuple[Item, ...]
    owners: tuple[Owner, ...]
    nw: Cells = field(default_factory=dict)
    sw: Cells = field(default_factory=dict)
    ne: Cells = field(default_factory=dict)
    se: Cells = field(default_factory=dict)
    rationale: dict[tuple[str, str], str] = field(default_factory=dict)
    unrated: frozenset[tuple[str, str]] = frozenset()  # linked, but with no strength yet
    owner_cells: dict[tuple[str, str], OwnerRole] = field(default_factory=dict)
    findings: dict[str, list[str]] = field(default_factory=dict)
    checks: dict[str, list[str]] = field(default_factory=dict)
    # What the matrix was built from, so a change can be tested against it cheaply.
    edge_ids: frozenset[int] = frozenset()
    owner_load: Mapping[int, int] = field(default_factory=dict)

    def severity(self, code: str) -> str | None:
        """How bad the findings on ``code`` are: "error" (no line of sight), "warning", None."""
        checks = self.checks.get(code)
        if not checks:
            return None
        return "error" if any(c in LINE_OF_SIGHT_CHECKS for c in checks) else "warning"

    def corner(self, corner: Corner) -> Cells:
        return {Corner.NW: self.nw, Corner.SW: self.sw, Corner.NE: self.ne, Corner.SE: self.se}[
            corner
        ]

    def band(self, kind: NodeKind) -> tuple[Item, ...]:
        return {
            NodeKind.BREAKTHROUGH: self.south,
            NodeKind.ANNUAL: self.west,
            NodeKind.PRIORITY: self.north,
            NodeKind.TARGET: self.east,
        }[kind]

    @property
    def items(self) -> tuple[Item, ...]:
        return self.south + self.west + self.north + self.east

    @property
    def node_ids(self) -> frozenset[int]:
        return frozenset(item.id for item in self.items)

    @property
    def own_north(self) -> tuple[Item, ...]:
        """The unit's own priorities (without the deployed-in rows)."""
        return tuple(i for i in self.north if i.deployed_in is None)

    @property
    def own_east(self) -> tuple[Item, ...]:
        """The unit's own targets (without the deployed-in columns)."""
        return tuple(i for i in self.east if i.deployed_in is None)

    def read_only(self, code: str) -> bool:
        """Whether ``code`` is a deployed-in item: another unit's, not edited here."""
        item = self.item(code)
        return item is not None and item.deployed_in is not None

    def item(self, code: str) -> Item | None:
        return next((i for i in self.items if i.code == code), None)

    def owner(self, key: str) -> Owner | None:
        return next((o for o in self.owners if o.key == key), None)


def build_xmatrix(plan: Plan, unit_id: int) -> XMatrix:
    """Read the X-matrix of unit ``unit_id`` (raises NotFoundError for an unknown unit)."""
    with plan.session() as session:
        return _build(session, plan, unit_id)


def _build(orm_session: Session, plan: Plan, unit_id: int) -> XMatrix:
    # Core, not the ORM session: these are plain column reads, and the ORM's per-statement
    # set-up was most of the time of a matrix rebuilt after each edit.
    session = orm_session.connection()
    u = e.Unit
    unit = session.execute(select(u.code, u.name, u.level).where(u.id == unit_id)).first()
    if unit is None:
        raise NotFoundError(f"No unit with id {unit_id} in this plan.")
    n = e.Node
    rows = session.execute(
        select(n.id, n.code, n.kind, n.title, n.unit_of_measure, n.direction, n.baseline, n.goal)
        .where(n.unit_id == unit_id, n.kind.in_([k.value for k in MATRIX_KINDS]))
        .order_by(n.seq, n.id)
    ).all()
    served = _deployed_in(session, unit_id)
    parents = _deploy_parents(session, [r.id for r in rows] + [r[0] for r, _u in served])
    items = [Item(r.id, r.code, NodeKind(r.kind), r.title, parents.get(r.id), *r[4:]) for r in rows]
    items += [
        Item(r[0], r[1], NodeKind(r[2]), r[3], parents.get(r[0]), r[4], r[5], r[6], r[7], unit)
        for r, unit in served
    ]
    cells = _links(session, items)
    r = e.Responsibility
    resp = list(
        _in_chunks(
            session,
            [
                i.id
                for i in items
                if i.kind in (NodeKind.PRIORITY, NodeKind.TARGET) and i.deployed_in is None
            ],
            lambda chunk: select(r.node_id, r.person_id, r.role).where(r.node_id.in_(chunk)),
        )
    )
    owners = _owners(session, unit_id, {pid for _n, pid, _r in resp})
    xm = _assemble(
        unit_id,
        (unit.code, unit.name, unit.level),
        items,
        cells,
        resp,
        owners,
        lambda target_ids: _year(session, target_ids),
        primary_load(session, [o.id for o in owners]),
    )
    return _with_findings(plan, xm, resp, _Context.read(session, xm))


def _assemble(
    unit_id: int,
    unit: tuple[str, str, str],
    items: list[Item],
    cells: tuple[Any, ...],
    resp: list[tuple[int, int, str]],
    owners: tuple[Owner, ...],
    year_of: Callable[[list[int]], int],
    owner_load: dict[int, int],
) -> XMatrix:
    """The matrix from what either reader gathered (one unit's queries, or the plan's)."""
    bands = {kind: tuple(i for i in items if i.kind is kind) for kind in MATRIX_KINDS}
    corners, rationale, unrated, edge_ids = cells
    code_of = {i.id: i.code for i in items}
    key_of = {o.id: o.key for o in owners}
    return XMatrix(
        unit_id=unit_id,
        unit_code=unit[0],
        unit_name=unit[1],
        unit_level=unit[2],
        year=year_of([i.id for i in bands[NodeKind.TARGET] if i.deployed_in is None]),
        south=bands[NodeKind.BREAKTHROUGH],
        west=bands[NodeKind.ANNUAL],
        north=bands[NodeKind.PRIORITY],
        east=bands[NodeKind.TARGET],
        owners=owners,
        nw=corners[Corner.NW],
        sw=corners[Corner.SW],
        ne=corners[Corner.NE],
        se=corners[Corner.SE],
        rationale=rationale,
        unrated=frozenset(unrated),
        owner_cells={
            (code_of[node], key_of[pid]): OwnerRole(role)
            for node, pid, role in resp
            if pid in key_of
        },
        edge_ids=frozenset(edge_ids),
        owner_load=owner_load,
    )


@dataclass(frozen=True)
class _Context:
    """What the findings of one matrix read beyond its own items: the deployment gaps of its
    targets, and which of its items are still under negotiation (no owner asked yet)."""

    gaps: list[Gap]
    negotiating: frozenset[int] | set[int]

    @staticmethod
    def read(session: Reader, xm: XMatrix) -> _Context:
        targets = [i.id for i in xm.own_east]
        order = {node_id: i for i, node_id in enumerate(targets)}
        gaps = deployment_gaps(session, parent_ids=targets) if targets else []
        gaps.sort(key=lambda g: (order[g.parent_id], g.child_code))  # as the batch lists them
        return _Context(
            gaps,
            rv.under_negotiation(session, [i.id for i in xm.items]) if xm.items else set(),
        )


def _with_findings(
    plan: Plan, xm: XMatrix, resp: Iterable[tuple[int, int, str]], context: _Context
) -> XMatrix:
    """``xm`` with the review findings on its items."""
    findings: dict[str, list[str]] = {}
    checks: dict[str, list[str]] = {}
    for finding in unit_findings(plan, xm, resp, context.gaps, context.negotiating):
        findings.setdefault(finding.code, []).append(finding.message)
        checks.setdefault(finding.code, []).append(finding.check)
    return replace(xm, findings=findings, checks=checks)


def _links(
    session: Reader, items: list[Item]
) -> tuple[dict[Corner, Cells], dict[tuple[str, str], str], set[tuple[str, str]], set[int]]:
    """The corner cells among ``items``: strengths, rationales, unrated links, edge ids."""
    by_id = {i.id: i for i in items}
    ed = e.Edge
    rows = _in_chunks(
        session,
        list(by_id),
        lambda chunk: select(ed.id, ed.source_id, ed.target_id, ed.strength, ed.rationale).where(
            ed.source_id.in_(chunk),
            ed.kind.in_([EdgeKind.SUPPORTS.value, EdgeKind.MEASURES.value]),
        ),
    )
    return _corner_cells(by_id, rows)


def _corner_cells(
    by_id: Mapping[int, Item], rows: Iterable[Any]
) -> tuple[dict[Corner, Cells], dict[tuple[str, str], str], set[tuple[str, str]], set[int]]:
    """The corner cells of the links ``rows`` (id, source, target, strength, rationale)
    whose source is one of ``by_id``; a link to a node not in ``by_id`` is not shown."""
    corners: dict[Corner, Cells] = {c: {} for c in Corner}
    rationale: dict[tuple[str, str], str] = {}
    unrated: set[tuple[str, str]] = set()
    edge_ids: set[int] = set()
    for edge_id, source, target, strength, why in rows:
        s, t = by_id[source], by_id.get(target)
        corner = None if t is None else _EDGE_CORNER.get((s.kind, t.kind))
        if corner is None or t is None or s.deployed_in != t.deployed_in:
            # The other end is in another unit: not on this matrix. Deployed-in items show
            # the links among themselves (their own unit's), not links across.
            continue
        edge_ids.add(edge_id)
        key = (s.code, t.code) if corner is Corner.NW else (t.code, s.code)
        if strength:
            corners[corner][key] = Strength(strength)
        else:
            unrated.add(key)
        if why:
            rationale[key] = why
    return corners, rationale, unrated, edge_ids


def _in_chunks(
    session: Reader, ids: list[int], query: Callable[[list[int]], Any], size: int = 500
) -> Iterator[Any]:
    """Run ``query(chunk)`` over ``ids`` in chunks (SQLite limits bound parameters)."""
    for start in range(0, len(ids), size):
        yield from session.execute(query(ids[start : start + size])).all()


def _deploy_parents(session: Reader, ids: list[int]) -> dict[int, str]:
    """For each node deployed from a parent-unit node, the parent's code."""
    ed, n = e.Edge, e.Node
    return {
        child: code
        for child, code in _in_chunks(
            session,
            ids,
            lambda chunk: (
                select(ed.target_id, n.code)
                .join(n, n.id == ed.source_id)
                .where(ed.kind == EdgeKind.DEPLOYS.value, ed.target_id.in_(chunk))
                .order_by(n.seq, n.id)  # the last parent wins: one order, both readers
            ),
        )
    }


#: The columns a deployed-in item is read with, as the unit's own items are.
def _item_columns() -> tuple[Any, ...]:
    n = e.Node
    return (n.id, n.code, n.kind, n.title, n.unit_of_measure, n.direction, n.baseline, n.goal)


def _ancestors(session: Reader, unit_id: int) -> dict[int, str]:
    """The units above ``unit_id`` (id → code), read with the (small) unit table once."""
    u = e.Unit
    units = {
        i: (code, parent) for i, code, parent in session.execute(select(u.id, u.code, u.parent_id))
    }
    out: dict[int, str] = {}
    cursor = units.get(unit_id, ("", None))[1]
    while cursor is not None and cursor not in out and cursor in units:
        out[cursor] = units[cursor][0]
        cursor = units[cursor][1]
    return out


def _deployed_in(session: Reader, unit_id: int) -> list[tuple[Any, str]]:
    """What the unit serves from above: the priorities of units above it that its kaizens
    (not dropped) support, then the targets of those units that measure them; each with the
    code of the unit it belongs to. Two queries bounded by the unit's kaizens.
    """
    above = _ancestors(session, unit_id)
    if not above:
        return []
    ed, n = e.Edge, e.Node
    kaizen = aliased(e.Node)
    priorities = session.execute(
        select(*_item_columns(), n.unit_id, n.seq)
        .join(ed, ed.target_id == n.id)
        .join(kaizen, kaizen.id == ed.source_id)
        .where(
            ed.kind == EdgeKind.SUPPORTS.value,
            kaizen.kind == NodeKind.KAIZEN.value,
            kaizen.unit_id == unit_id,
            kaizen.status != KaizenStatus.DROPPED.value,
            n.kind == NodeKind.PRIORITY.value,
            n.unit_id.in_(list(above)),
        )
        .distinct()
        .order_by(n.seq, n.id)
    ).all()
    if not priorities:
        return []
    unit_of = {r.id: r.unit_id for r in priorities}
    targets = session.execute(
        select(*_item_columns(), n.unit_id, ed.target_id)
        .join(ed, ed.source_id == n.id)
        .where(
            ed.kind == EdgeKind.MEASURES.value,
            ed.target_id.in_(list(unit_of)),
            n.kind == NodeKind.TARGET.value,
        )
        .order_by(n.seq, n.id)
    ).all()
    out: list[tuple[Any, str]] = [(r[:8], above[r.unit_id]) for r in priorities]
    seen: set[int] = set()
    for r in targets:
        if r.unit_id == unit_of[r.target_id] and r.id not in seen:  # the priority's own unit's
            seen.add(r.id)
            out.append((r[:8], above[r.unit_id]))
    return out


def _owners(session: Reader, unit_id: int, owner_ids: set[int]) -> tuple[Owner, ...]:
    """The unit's own people, then the others who own one of its items.

    The unit's people are shown even without an assignment so that a first owner can be
    chosen on the matrix itself.
    """
    p = e.Person
    where = p.unit_id == unit_id
    if owner_ids:
        where = where | p.id.in_(sorted(owner_ids))
    u = e.Unit
    rows = session.execute(
        select(p.id, p.key, p.name, p.unit_id, u.code).join(u, u.id == p.unit_id).where(where)
    ).all()
    people = [Owner(*row) for row in rows]
    people.sort(key=lambda o: (o.unit_id != unit_id, o.id))
    return tuple(people)


def primary_load(session: Reader, person_ids: list[int]) -> dict[int, int]:
    """How many items each person is primary owner of, over the whole plan."""
    if not person_ids:
        return {}
    r = e.Responsibility
    rows = session.execute(
        select(r.person_id, func.count())
        .where(r.person_id.in_(person_ids), r.role == OwnerRole.PRIMARY.value)
        .group_by(r.person_id)
    ).all()
    return {pid: int(count) for pid, count in rows}


def _year(session: Reader, target_ids: list[int]) -> int:
    """The year the unit's targets are tracked in; this year when nothing is tracked yet.

    The plan has no year setting; the months of the targets' figures are the best witness.
    """
    if target_ids:
        m = e.Measurement
        last = session.execute(
            select(func.max(m.month)).where(m.node_id.in_(target_ids[:500]))
        ).scalar()
        if last and str(last)[:4].isdigit():
            return int(str(last)[:4])
    return dt.date.today().year


def unit_findings(
    plan: Plan,
    xm: XMatrix,
    responsibilities: Iterable[tuple[int, int, str]],
    gaps: Iterable[Gap] = (),
    negotiating: Collection[int] = frozenset(),
) -> list[rv.Finding]:
    """The checks of :func:`hoshin.reads.xmatrix_checks.review` for one unit's X-matrix items.

    Same check names and messages as the plan-wide review, but reading only this unit:
    links come from the in-memory graph, owners from the rows already loaded; ``gaps`` are
    the deployment gaps of its targets, ``negotiating`` its items still in an open throw.
    An overloaded owner is filed under their own unit, as the plan-wide review files it,
    whichever matrix shows them.
    """
    graph, settings = plan.graph, plan.settings
    out: list[rv.Finding] = []
    unit = xm.unit_code
    for item in xm.own_north:
        serves = (graph.edge_between(item.id, up) for up in graph.serves(item.id))
        if not any(edge is not None and edge.kind is EdgeKind.SUPPORTS for edge in serves):
            out.append(rv.priority_supports_nothing(unit, item.code))
    for item in xm.south:
        below = (graph.edge_between(down, item.id) for down in graph.served_by(item.id))
        if not any(edge is not None and edge.kind is EdgeKind.SUPPORTS for edge in below):
            out.append(rv.breakthrough_unsupported(unit, item.code))
    primaries: Counter[int] = Counter(
        node_id for node_id, _pid, role in responsibilities if role == OwnerRole.PRIMARY
    )
    for item in (*xm.own_north, *xm.own_east):
        if primaries[item.id] == 0 and item.id in negotiating:
            continue  # the owner is part of what the open throw negotiates
        if primaries[item.id] != 1:
            out.append(rv.not_one_primary(unit, item.code, primaries[item.id]))
    limit = int(settings["owner_overload"])
    for owner in xm.owners:
        load = xm.owner_load.get(owner.id, 0)
        if load > limit:
            home = owner.unit_code or unit
            out.append(rv.owner_overloaded(home, owner.key, owner.name, load, limit))
    most_bt, most_ao = int(settings["max_breakthroughs"]), int(settings["max_annual"])
    if len(xm.south) > most_bt:
        out.append(rv.too_many_breakthroughs(unit, len(xm.south), most_bt))
    if len(xm.west) > most_ao:
        out.append(rv.too_many_annual(unit, len(xm.west), most_ao))
    out.extend(rv.deployment_gap(gap) for gap in gaps)
    return out


def affects(plan: Plan, xm: XMatrix, changes: Changes) -> bool:
    """Whether an edit's ``changes`` may alter what ``xm`` shows (a few small queries)."""
    if changes.settings or xm.unit_id in changes.units:
        return True
    mine = xm.node_ids
    if changes.nodes & mine or changes.owners & mine or changes.edges & xm.edge_ids:
        return True
    owner_ids = {o.id for o in xm.owners}
    if changes.people & owner_ids:
        return True
    with plan.session() as session:
        new_edges = sorted(changes.edges - xm.edge_ids)[:500]
        if new_edges:
            # A kaizen of this unit linked to (or from) a priority above: a deployed-in row.
            ed, n = e.Edge, e.Node
            found = session.execute(
                select(ed.id, n.unit_id)
                .outerjoin(n, n.id == ed.source_id)
                .where(ed.id.in_(new_edges))
            ).all()
            if any(unit == xm.unit_id for _i, unit in found):
                return True
            if len(found) < len(new_edges) and any(i.deployed_in for i in xm.items):
                return True  # a link removed: it may have been what brought a row in
        if changes.threads and mine:
            # A thread about one of these items: a gap, or an owner no longer negotiated.
            t = e.CatchballThread
            items = sorted(mine)[:500]
            hit = session.execute(
                select(t.id)
                .where(t.id.in_(sorted(changes.threads)[:500]))
                .where(t.node_id.in_(items) | t.child_node_id.in_(items))
                .limit(1)
            ).first()
            if hit is not None:
                return True
        if changes.nodes:
            # A node added to (or moved into) this unit is not in ``mine`` yet.
            n = e.Node
            new = list(changes.nodes - mine)[:500]
            hit = session.execute(
                select(n.id).where(n.id.in_(new), n.unit_id == xm.unit_id).limit(1)
            ).first()
            if hit is not None:
                return True
        if changes.people:
            p = e.Person
            new_people = list(changes.people - owner_ids)[:500]
            hit = session.execute(
                select(p.id).where(p.id.in_(new_people), p.unit_id == xm.unit_id).limit(1)
            ).first()
            if hit is not None:
                return True
        if changes.owners and owner_ids:
            # An owner shown here may have become (or stopped being) overloaded elsewhere.
            return primary_load(session, sorted(owner_ids)) != dict(xm.owner_load)
    return False


def _number(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:g}"


class XMatrixBatch:
    """The X-matrices of many units, read with a few plan-wide queries.

    :func:`build_xmatrix` reads one unit with about six queries: fine for the view, but
    the workbook has a sheet per unit (1,111 at the enterprise scale). A batch reads what
    every unit's matrix needs once (the matrix nodes, their links, owners, loads and last
    months, the people) and :meth:`build` assembles one unit's matrix from those dicts, equal
    to what :func:`build_xmatrix` returns for it. The reads are bounded by the plan's
    matrix items and people, never by its kaizens.
    """

    def __init__(self, plan: Plan, session: Session) -> None:
        self.plan = plan
        # Core rows through the connection: plain tuples, without the ORM's row processing.
        conn = session.connection()
        u, n, ed, r, p, m = e.Unit, e.Node, e.Edge, e.Responsibility, e.Person, e.Measurement
        self._units: dict[int, tuple[str, str, str]] = {}
        self._parent: dict[int, int | None] = {}
        for i, code, name, level, parent in conn.execute(
            select(u.id, u.code, u.name, u.level, u.parent_id)
        ):
            self._units[i] = (code, name, level)
            self._parent[i] = parent
        # All matrix items in the order of the per-unit query (seq, id): a unit's items stay
        # in that order when they are picked out of the whole list.
        rows = conn.execute(
            select(
                n.id,
                n.unit_id,
                n.code,
                n.kind,
                n.title,
                n.unit_of_measure,
                n.direction,
                n.baseline,
                n.goal,
            )
            .where(n.kind.in_([k.value for k in MATRIX_KINDS]))
            .order_by(n.seq, n.id)
        ).all()
        parents: dict[int, str] = {}
        for child, code in conn.execute(
            select(ed.target_id, n.code)
            .join(n, n.id == ed.source_id)
            .where(ed.kind == EdgeKind.DEPLOYS.value)
            .order_by(n.seq, n.id)  # the last parent wins: one order, both readers
        ):
            parents[child] = code
        self._items: dict[int, list[Item]] = {}
        self._item: dict[int, tuple[Item, int]] = {}  # id -> (item, unit id)
        self._position: dict[int, int] = {}  # id -> place in the (seq, id) order
        for row in rows:
            item = Item(row[0], row[2], NodeKind(row[3]), row[4], parents.get(row[0]), *row[5:])
            self._items.setdefault(row[1], []).append(item)
            self._item[row[0]] = (item, row[1])
            self._position[row[0]] = len(self._position)
        # Supports and measures links whose two ends are matrix items of one unit (the
        # kaizens' links, most of the plan's, are left in the database).
        self._links: dict[int, list[tuple[int, int, int, str | None, str]]] = {}
        for edge_id, source, target, strength, why in conn.execute(
            select(ed.id, ed.source_id, ed.target_id, ed.strength, ed.rationale)
            .join(n, n.id == ed.source_id)
            .where(
                ed.kind.in_([EdgeKind.SUPPORTS.value, EdgeKind.MEASURES.value]),
                n.kind.in_([k.value for k in MATRIX_KINDS]),
            )
            .order_by(ed.source_id, ed.target_id, ed.kind)
        ):
            s, t = self._item.get(source), self._item.get(target)
            if s is not None and t is not None and s[1] == t[1]:
                self._links.setdefault(s[1], []).append((edge_id, source, target, strength, why))
        # What each unit's kaizens serve in other units: distinct (unit, priority) pairs, so
        # the rows read are bounded by units and priorities, not by the 50,000 kaizens.
        kaizen, priority = aliased(e.Node), aliased(e.Node)
        self._served: dict[int, set[int]] = {}
        for unit_id, priority_id in conn.execute(
            select(kaizen.unit_id, priority.id)
            .join(ed, ed.source_id == kaizen.id)
            .join(priority, priority.id == ed.target_id)
            .where(
                ed.kind == EdgeKind.SUPPORTS.value,
                kaizen.kind == NodeKind.KAIZEN.value,
                kaizen.status != KaizenStatus.DROPPED.value,
                priority.kind == NodeKind.PRIORITY.value,
                kaizen.unit_id != priority.unit_id,
            )
            .distinct()
        ):
            self._served.setdefault(unit_id, set()).add(priority_id)
        self._measured_by: dict[int, list[int]] = {}  # priority -> its unit's targets
        for links in self._links.values():
            for _edge, source, target, _strength, _why in links:
                if self._item[source][0].kind is NodeKind.TARGET and (
                    self._item[target][0].kind is NodeKind.PRIORITY
                ):
                    self._measured_by.setdefault(target, []).append(source)
        owned = (NodeKind.PRIORITY, NodeKind.TARGET)
        self._resp: dict[int, list[tuple[int, int, str]]] = {}
        for node_id, person_id, role in conn.execute(
            select(r.node_id, r.person_id, r.role).order_by(r.node_id, r.person_id)
        ):
            found = self._item.get(node_id)
            if found is not None and found[0].kind in owned:
                self._resp.setdefault(found[1], []).append((node_id, person_id, role))
        self._people: dict[int, Owner] = {}
        self._unit_people: dict[int, list[int]] = {}
        for pid, key, name, unit_id in conn.execute(
            select(p.id, p.key, p.name, p.unit_id).order_by(p.id)
        ):
            self._people[pid] = Owner(pid, key, name, unit_id, self._units[unit_id][0])
            self._unit_people.setdefault(unit_id, []).append(pid)
        self._load = {
            pid: int(count)
            for pid, count in conn.execute(
                select(r.person_id, func.count())
                .where(r.role == OwnerRole.PRIMARY.value)
                .group_by(r.person_id)
            )
        }
        self._gaps: dict[int, list[Gap]] = {}
        for gap in deployment_gaps(conn):
            self._gaps.setdefault(gap.parent_id, []).append(gap)
        self._negotiating = rv.under_negotiation(conn)
        # Only targets have figures; the last month of each (a scan of the unique index).
        self._last_month: dict[int, Any] = {
            node_id: last
            for node_id, last in conn.execute(
                select(m.node_id, func.max(m.month)).group_by(m.node_id)
            )
            if last is not None
        }

    def build(self, unit_id: int) -> XMatrix:
        """The X-matrix of unit ``unit_id``, as :func:`build_xmatrix` reads it."""
        unit = self._units.get(unit_id)
        if unit is None:
            raise NotFoundError(f"No unit with id {unit_id} in this plan.")
        deployed = self._deployed_in(unit_id)
        items = [*self._items.get(unit_id, []), *deployed]
        by_id = {i.id: i for i in items}
        links = list(self._links.get(unit_id, []))
        for above in sorted({self._item[i.id][1] for i in deployed}):
            links += [x for x in self._links.get(above, []) if x[1] in by_id and x[2] in by_id]
        cells = _corner_cells(by_id, links)
        resp = self._resp.get(unit_id, [])
        owner_ids = {pid for _n, pid, _r in resp}
        people = [
            self._people[pid]
            for pid in sorted(set(self._unit_people.get(unit_id, [])) | owner_ids)
            if pid in self._people
        ]
        people.sort(key=lambda o: (o.unit_id != unit_id, o.id))
        owners = tuple(people)
        load = {o.id: self._load[o.id] for o in owners if o.id in self._load}
        xm = _assemble(unit_id, unit, items, cells, resp, owners, self._year, load)
        context = _Context(
            [g for i in xm.own_east for g in self._gaps.get(i.id, [])],
            self._negotiating & xm.node_ids,
        )
        return _with_findings(self.plan, xm, resp, context)

    def serving_units(self) -> set[int]:
        """Units whose matrix has deployed-in rows: their kaizens serve a unit above."""
        return {u for u in self._served if self._deployed_in(u)}

    def _deployed_in(self, unit_id: int) -> list[Item]:
        """As :func:`_deployed_in`: the priorities of units above that the unit's kaizens
        serve, then the targets of their units that measure them, marked with that unit."""
        above: set[int] = set()
        cursor = self._parent.get(unit_id)
        while cursor is not None and cursor not in above:
            above.add(cursor)
            cursor = self._parent.get(cursor)
        priorities = sorted(
            (p for p in self._served.get(unit_id, ()) if self._item[p][1] in above),
            key=self._position.__getitem__,
        )
        targets = sorted(
            {t for p in priorities for t in self._measured_by.get(p, [])},
            key=self._position.__getitem__,
        )
        return [
            replace(self._item[i][0], deployed_in=self._units[self._item[i][1]][0])
            for i in (*priorities, *targets)
        ]

    def _year(self, target_ids: list[int]) -> int:
        """As :func:`_year`: the last month of the unit's (first 500) targets' figures."""
        months = [self._last_month[i] for i in target_ids[:500] if i in self._last_month]
        last = max(months, default=None)
        if last and str(last)[:4].isdigit():
            return int(str(last)[:4])
        return dt.date.today().year
