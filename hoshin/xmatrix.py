"""The X-matrix of one unit (DESIGN §3) as plain data, for the Qt view and the Excel export.

:func:`build_xmatrix` reads one unit with a handful of bulk queries whose size is bounded by
the unit's own items (a few dozen), never by the plan: a plan may hold 50,000 kaizens.
The review findings shown on the matrix are the checks of :mod:`hoshin.review`, computed
for this unit only, with the same check names and the same wording.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hoshin import entities as e
from hoshin import review as rv
from hoshin.changes import Changes
from hoshin.errors import NotFoundError
from hoshin.kinds import EdgeKind, NodeKind, Role, Strength
from hoshin.plan import Plan

#: Kinds of the four label bands, in the order the view lists them.
MATRIX_KINDS = (NodeKind.BREAKTHROUGH, NodeKind.ANNUAL, NodeKind.PRIORITY, NodeKind.TARGET)

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
    owner_cells: dict[tuple[str, str], Role] = field(default_factory=dict)
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

    def item(self, code: str) -> Item | None:
        return next((i for i in self.items if i.code == code), None)

    def owner(self, key: str) -> Owner | None:
        return next((o for o in self.owners if o.key == key), None)


def build_xmatrix(plan: Plan, unit_id: int) -> XMatrix:
    """Read the X-matrix of unit ``unit_id`` (raises NotFoundError for an unknown unit)."""
    with plan.session() as session:
        return _build(session, plan, unit_id)


def _build(session: Session, plan: Plan, unit_id: int) -> XMatrix:
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
    parents = _deploy_parents(session, [r.id for r in rows])
    items = [Item(r.id, r.code, NodeKind(r.kind), r.title, parents.get(r.id), *r[4:]) for r in rows]
    bands = {kind: tuple(i for i in items if i.kind is kind) for kind in MATRIX_KINDS}
    corners, rationale, unrated, edge_ids = _links(session, items)

    code_of = {i.id: i.code for i in items}
    r = e.Responsibility
    resp = list(
        _in_chunks(
            session,
            [i.id for i in items if i.kind in (NodeKind.PRIORITY, NodeKind.TARGET)],
            lambda chunk: select(r.node_id, r.person_id, r.role).where(r.node_id.in_(chunk)),
        )
    )
    owners = _owners(session, unit_id, {pid for _n, pid, _r in resp})
    key_of = {o.id: o.key for o in owners}
    xm = XMatrix(
        unit_id=unit_id,
        unit_code=unit.code,
        unit_name=unit.name,
        unit_level=unit.level,
        year=_year(session, [i.id for i in bands[NodeKind.TARGET]]),
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
            (code_of[node], key_of[pid]): Role(role) for node, pid, role in resp if pid in key_of
        },
        edge_ids=frozenset(edge_ids),
        owner_load=primary_load(session, [o.id for o in owners]),
    )
    findings: dict[str, list[str]] = {}
    checks: dict[str, list[str]] = {}
    for finding in unit_findings(plan, xm, resp):
        findings.setdefault(finding.code, []).append(finding.message)
        checks.setdefault(finding.code, []).append(finding.check)
    return replace(xm, findings=findings, checks=checks)


def _links(
    session: Session, items: list[Item]
) -> tuple[dict[Corner, Cells], dict[tuple[str, str], str], set[tuple[str, str]], set[int]]:
    """The corner cells among ``items``: strengths, rationales, unrated links, edge ids."""
    corners: dict[Corner, Cells] = {c: {} for c in Corner}
    rationale: dict[tuple[str, str], str] = {}
    unrated: set[tuple[str, str]] = set()
    edge_ids: set[int] = set()
    by_id = {i.id: i for i in items}
    ed = e.Edge
    for edge_id, source, target, strength, why in _in_chunks(
        session,
        list(by_id),
        lambda chunk: select(ed.id, ed.source_id, ed.target_id, ed.strength, ed.rationale).where(
            ed.source_id.in_(chunk),
            ed.kind.in_([EdgeKind.SUPPORTS.value, EdgeKind.MEASURES.value]),
        ),
    ):
        s, t = by_id[source], by_id.get(target)
        corner = None if t is None else _EDGE_CORNER.get((s.kind, t.kind))
        if corner is None or t is None:
            continue  # the other end is in another unit: not on this matrix
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
    session: Session, ids: list[int], query: Callable[[list[int]], Any], size: int = 500
) -> Iterator[Any]:
    """Run ``query(chunk)`` over ``ids`` in chunks (SQLite limits bound parameters)."""
    for start in range(0, len(ids), size):
        yield from session.execute(query(ids[start : start + size])).all()


def _deploy_parents(session: Session, ids: list[int]) -> dict[int, str]:
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
                .order_by(n.seq)
            ),
        )
    }


def _owners(session: Session, unit_id: int, owner_ids: set[int]) -> tuple[Owner, ...]:
    """The unit's own people, then the others who own one of its items.

    The unit's people are shown even without an assignment so that a first owner can be
    chosen on the matrix itself.
    """
    p = e.Person
    where = p.unit_id == unit_id
    if owner_ids:
        where = where | p.id.in_(sorted(owner_ids))
    rows = session.execute(select(p.id, p.key, p.name, p.unit_id).where(where)).all()
    people = [Owner(*row) for row in rows]
    people.sort(key=lambda o: (o.unit_id != unit_id, o.id))
    return tuple(people)


def primary_load(session: Session, person_ids: list[int]) -> dict[int, int]:
    """How many items each person is primary owner of, over the whole plan."""
    if not person_ids:
        return {}
    r = e.Responsibility
    rows = session.execute(
        select(r.person_id, func.count())
        .where(r.person_id.in_(person_ids), r.role == Role.PRIMARY.value)
        .group_by(r.person_id)
    ).all()
    return {pid: int(count) for pid, count in rows}


def _year(session: Session, target_ids: list[int]) -> int:
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
    plan: Plan, xm: XMatrix, responsibilities: Iterable[tuple[int, int, str]]
) -> list[rv.Finding]:
    """The review checks of :func:`hoshin.review.review` for one unit's X-matrix items.

    Same check names and messages as the plan-wide review, but reading only this unit:
    links come from the in-memory graph, owners from the rows already loaded.
    """
    graph, settings = plan.graph, plan.settings
    out: list[rv.Finding] = []
    unit = xm.unit_code
    for item in xm.north:
        serves = (graph.edge_between(item.id, up) for up in graph.serves(item.id))
        if not any(edge is not None and edge.kind is EdgeKind.SUPPORTS for edge in serves):
            out.append(rv.priority_supports_nothing(unit, item.code))
    for item in xm.south:
        below = (graph.edge_between(down, item.id) for down in graph.served_by(item.id))
        if not any(edge is not None and edge.kind is EdgeKind.SUPPORTS for edge in below):
            out.append(rv.breakthrough_unsupported(unit, item.code))
    primaries: Counter[int] = Counter(
        node_id for node_id, _pid, role in responsibilities if role == Role.PRIMARY
    )
    for item in (*xm.north, *xm.east):
        if primaries[item.id] != 1:
            out.append(rv.not_one_primary(unit, item.code, primaries[item.id]))
    limit = int(settings["owner_overload"])
    for owner in xm.owners:
        load = xm.owner_load.get(owner.id, 0)
        if load > limit:
            out.append(rv.owner_overloaded(unit, owner.key, owner.name, load, limit))
    most_bt, most_ao = int(settings["max_breakthroughs"]), int(settings["max_annual"])
    if len(xm.south) > most_bt:
        out.append(rv.too_many_breakthroughs(unit, len(xm.south), most_bt))
    if len(xm.west) > most_ao:
        out.append(rv.too_many_annual(unit, len(xm.west), most_ao))
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
