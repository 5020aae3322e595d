"""Reading X-matrices: one path for one unit (the view) and for every unit (the workbook).

:class:`XMatrixBatch` reads what the matrices of its scope need with about ten bulk queries;
:meth:`XMatrixBatch.build` then assembles one unit's matrix from those dicts. Scoped to one
unit (:func:`build_xmatrix`, the view), each query is restricted to that unit's items, its
people and the units above it, so the rows read are bounded by the unit (a few dozen), never
by the plan's 50,000 kaizens. Unscoped (the workbook: a sheet per unit, 1,111 at the
enterprise scale), each query reads plan-wide once. Either way the same code turns the rows
into matrices, so the view and the workbook cannot drift apart.

The statements are built once per process, with expanding parameters: building a SELECT
over ORM columns and aliases cost more than running it (the deployment gaps of the
enterprise company: 1.7 ms to build, 0.3 ms to run), most of a matrix rebuilt per edit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import replace
from functools import cache
from typing import Any

from sqlalchemy import Connection, Executable, bindparam, func, select, union
from sqlalchemy.orm import Session, aliased

from hoshin.model import entities as e
from hoshin.model.errors import NotFoundError
from hoshin.model.kinds import EdgeKind, KaizenStatus, NodeKind, OwnerRole, Strength
from hoshin.plan import Plan
from hoshin.reads import xmatrix_checks as rv
from hoshin.reads.xmatrix.findings import Context, with_findings
from hoshin.reads.xmatrix.model import (
    EDGE_CORNER,
    MATRIX_KINDS,
    Cells,
    Corner,
    Item,
    Owner,
    XMatrix,
)
from hoshin.rules.deployment import Gap, deployment_gaps
from hoshin.store.chunks import chunks

#: A link as read: (edge id, source id, target id, strength, rationale).
Link = tuple[int, int, int, str | None, str | None]


def build_xmatrix(plan: Plan, unit_id: int) -> XMatrix:
    """Read the X-matrix of unit ``unit_id`` (raises NotFoundError for an unknown unit)."""
    with plan.session() as session:
        return XMatrixBatch(plan, session, unit_id=unit_id).build(unit_id)


class XMatrixBatch:
    """The X-matrices of every unit of the plan, or of one unit (``unit_id``).

    The reads of the matrix nodes, their links, owners, loads, gaps and last months are done
    once, in the constructor; :meth:`build` assembles one unit's matrix from them. The
    workbook reads every unit's at once; the view reads one unit's, through
    :func:`build_xmatrix`, with the same queries restricted to that unit.
    """

    def __init__(self, plan: Plan, session: Session, *, unit_id: int | None = None) -> None:
        self.plan = plan
        self._scope = unit_id
        # Core rows through the connection: plain tuples, without the ORM's row processing.
        conn = session.connection()
        one = unit_id is not None
        above = plan.graph.unit_ancestors(unit_id) if unit_id is not None else []
        self._units: dict[int, tuple[str, str, str]] = {
            i: (code, name, level)
            for i, code, name, level in conn.execute(
                _units_stmt(one), {"ids": [unit_id, *above]} if one else {}
            )
        }
        # What each unit's kaizens serve in other units: distinct (unit, priority) pairs, so
        # the rows read are bounded by units and priorities, not by the 50,000 kaizens.
        self._served: dict[int, set[int]] = {}
        if not one or (above and unit_id in self._units):
            for unit, priority in conn.execute(
                _served_stmt(one), {"unit": unit_id, "above": above} if one else {}
            ):
                self._served.setdefault(unit, set()).add(priority)
        self._items: dict[int, list[Item]] = {}
        self._item: dict[int, tuple[Item, int]] = {}  # id -> (item, unit id)
        self._position: dict[int, int] = {}  # id -> place in the (seq, id) order
        self._links: dict[int, list[Link]] = {}
        self._measured_by: dict[int, list[int]] = {}  # priority -> its unit's targets
        self._resp: dict[int, list[tuple[int, int, str]]] = {}
        self._people: dict[int, Owner] = {}
        self._unit_people: dict[int, list[int]] = {}
        self._load: dict[int, int] = {}
        self._gaps: dict[int, list[Gap]] = {}
        self._negotiating: set[int] = set()
        self._last_month: dict[int, Any] = {}
        if unit_id is None:
            self._read(conn, None)
        elif unit_id in self._units:
            self._read(conn, unit_id)

    def _read(self, conn: Connection, unit_id: int | None) -> None:
        """Everything but the units and what they serve: plan-wide, or for ``unit_id``."""
        one = unit_id is not None
        served = sorted(self._served.get(unit_id, ())) if unit_id is not None else []
        # The unit's matrix items, then the deployed-in ones (what it serves from above and
        # the targets that measure those), in the (seq, id) order of the whole plan: a unit's
        # items stay in that order when they are picked out of the list.
        kinds = {k.value: k for k in MATRIX_KINDS}
        for row in conn.execute(
            _items_stmt(one, bool(served)), {"unit": unit_id, "served": served} if one else {}
        ):
            kind = kinds.get(row[3])
            if kind is None:
                continue  # a deployed-in branch of one unit's read does not filter kinds
            item = Item(row[0], row[2], kind, row[4], *row[5:10])
            self._items.setdefault(row[1], []).append(item)
            self._item[row[0]] = (item, row[1])
            self._position[row[0]] = len(self._position)
        if one and not self._item:
            self._read_people(conn, unit_id, set())
            return
        # Supports and measures links whose two ends are matrix items of one unit (the
        # kaizens' links, most of the plan's, are left in the database).
        for link in _rows(conn, _links_stmt(one), sorted(self._item) if one else None):
            s, t = self._item.get(link[1]), self._item.get(link[2])
            if s is not None and t is not None and s[1] == t[1]:
                self._links.setdefault(s[1], []).append(link)
                if s[0].kind is NodeKind.TARGET and t[0].kind is NodeKind.PRIORITY:
                    self._measured_by.setdefault(link[2], []).append(link[1])
        own = self._items.get(unit_id, []) if unit_id is not None else []
        owned = (NodeKind.PRIORITY, NodeKind.TARGET)
        pick = sorted(i.id for i in own if i.kind in owned) if one else None
        for node_id, person_id, role in _rows(conn, _resp_stmt(one), pick):
            found = self._item.get(node_id)
            if found is not None and found[0].kind in owned:
                self._resp.setdefault(found[1], []).append((node_id, person_id, role))
        owners = {p for _n, p, _r in self._resp.get(unit_id, [])} if unit_id is not None else set()
        self._read_people(conn, unit_id, owners)
        targets = [i.id for i in own if i.kind is NodeKind.TARGET]
        if not one or targets:
            for gap in deployment_gaps(conn, parent_ids=targets if one else None):
                self._gaps.setdefault(gap.parent_id, []).append(gap)
        self._negotiating = rv.under_negotiation(conn, sorted(self._item) if one else None)
        # Only targets have figures; the last month of each (a scan of the unique index).
        self._last_month = {
            node_id: last
            for node_id, last in _rows(conn, _last_month_stmt(one), targets if one else None)
            if last is not None
        }

    def _read_people(self, conn: Connection, unit_id: int | None, owner_ids: set[int]) -> None:
        """The people (with their unit's code) and how many items each is primary owner of."""
        params = {"unit": unit_id, "ids": sorted(owner_ids)} if unit_id is not None else {}
        for pid, key, name, unit, unit_code in conn.execute(_people_stmt(bool(params)), params):
            self._people[pid] = Owner(pid, key, name, unit, unit_code)
            self._unit_people.setdefault(unit, []).append(pid)
        if unit_id is None:
            self._load = {pid: int(count) for pid, count in conn.execute(_load_stmt(False))}
        else:
            self._load = primary_load(conn, sorted(self._people))

    def build(self, unit_id: int) -> XMatrix:
        """The X-matrix of unit ``unit_id``; a batch read for one unit builds only that one."""
        if self._scope is not None and unit_id != self._scope:
            raise ValueError(f"This read holds the X-matrix of unit {self._scope} only.")
        unit = self._units.get(unit_id)
        if unit is None:
            raise NotFoundError(f"No unit with id {unit_id} in this plan.")
        deployed = self._deployed_in(unit_id)
        items = [*self._items.get(unit_id, []), *deployed]
        by_id = {i.id: i for i in items}
        links = list(self._links.get(unit_id, []))
        for above in sorted({self._item[i.id][1] for i in deployed}):
            links += [x for x in self._links.get(above, []) if x[1] in by_id and x[2] in by_id]
        corners, rationale, unrated, edge_ids = _corner_cells(by_id, links)
        resp = self._resp.get(unit_id, [])
        owner_ids = {pid for _n, pid, _r in resp}
        people = [
            self._people[pid]
            for pid in sorted(set(self._unit_people.get(unit_id, [])) | owner_ids)
            if pid in self._people
        ]
        people.sort(key=lambda o: (o.unit_id != unit_id, o.id))
        owners = tuple(people)
        bands = {kind: tuple(i for i in items if i.kind is kind) for kind in MATRIX_KINDS}
        code_of = {i.id: i.code for i in items}
        key_of = {o.id: o.key for o in owners}
        xm = XMatrix(
            unit_id=unit_id,
            unit_code=unit[0],
            unit_name=unit[1],
            unit_level=unit[2],
            year=self._year([i.id for i in bands[NodeKind.TARGET] if i.deployed_in is None]),
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
            owner_load={o.id: self._load[o.id] for o in owners if o.id in self._load},
        )
        context = Context(
            [g for i in xm.own_east for g in self._gaps.get(i.id, [])],
            self._negotiating & xm.node_ids,
        )
        return with_findings(self.plan, xm, resp, context)

    def serving_units(self) -> set[int]:
        """Units whose matrix has deployed-in rows: their kaizens serve a unit above."""
        return {u for u in self._served if self._deployed_in(u)}

    def _deployed_in(self, unit_id: int) -> list[Item]:
        """What the unit serves from above: the priorities of units above it that its kaizens
        (not dropped) support, then the targets of their units that measure them; each
        marked with the code of the unit it belongs to."""
        above = set(self.plan.graph.unit_ancestors(unit_id))
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
        """The year the unit's targets are tracked in; this year when nothing is tracked yet.

        The plan has no year setting; the last month of the (first 500) targets' figures is
        the best witness.
        """
        months = [self._last_month[i] for i in target_ids[:500] if i in self._last_month]
        last = max(months, default=None)
        if last and str(last)[:4].isdigit():
            return int(str(last)[:4])
        return dt.date.today().year


def primary_load(conn: Session | Connection, person_ids: list[int]) -> dict[int, int]:
    """How many items each person is primary owner of, over the whole plan."""
    if not person_ids:
        return {}
    return {pid: int(count) for pid, count in _rows(conn, _load_stmt(True), person_ids)}


def _corner_cells(
    by_id: Mapping[int, Item], rows: list[Link]
) -> tuple[dict[Corner, Cells], dict[tuple[str, str], str], set[tuple[str, str]], set[int]]:
    """The corner cells of the links ``rows`` whose source is one of ``by_id``: strengths,
    rationales, unrated links and edge ids. A link to a node not in ``by_id`` is not shown."""
    corners: dict[Corner, Cells] = {c: {} for c in Corner}
    rationale: dict[tuple[str, str], str] = {}
    unrated: set[tuple[str, str]] = set()
    edge_ids: set[int] = set()
    for edge_id, source, target, strength, why in rows:
        s, t = by_id[source], by_id.get(target)
        corner = None if t is None else EDGE_CORNER.get((s.kind, t.kind))
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


def _rows(conn: Session | Connection, stmt: Executable, ids: list[int] | None) -> Iterator[Any]:
    """The rows of ``stmt``: plan-wide when ``ids`` is None, else for ``ids`` (its ``ids``
    parameter), one statement per chunk."""
    if ids is None:
        yield from conn.execute(stmt)
        return
    for chunk in chunks(ids):
        yield from conn.execute(stmt, {"ids": chunk})


def _ids(name: str = "ids") -> Any:
    """An IN list's parameter, given as a list when the statement runs."""
    return bindparam(name, expanding=True)


# -- the statements, built once: ``one`` restricts each to one unit's rows ----------------


@cache
def _units_stmt(one: bool) -> Executable:
    u = e.Unit
    stmt = select(u.id, u.code, u.name, u.level)
    return stmt.where(u.id.in_(_ids())) if one else stmt


@cache
def _served_stmt(one: bool) -> Executable:
    ed, kaizen, priority = e.Edge, aliased(e.Node), aliased(e.Node)
    stmt = (
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
    )
    if one:
        stmt = stmt.where(
            kaizen.unit_id == bindparam("unit"),
            priority.unit_id.in_(_ids("above")),
        )
    return stmt


@cache
def _items_stmt(one: bool, served: bool) -> Executable:
    """Matrix items in (seq, id) order, each with the code of the node it was deployed from
    (the last by (seq, id) when there are several: one order, whatever the scope).

    For one unit: its own items, and the priorities it serves from above (``served``) with
    the nodes that measure them, as one UNION. The deployed-in branches do not filter the
    kind: SQLite, without statistics, would then walk every matrix node of the plan by kind
    (2.5 ms for a team) instead of looking up the few ids; the reader drops other kinds.
    """
    n, ed, parent = e.Node, e.Edge, aliased(e.Node)
    deployed_from = (
        select(parent.code)
        .join(ed, ed.source_id == parent.id)
        .where(ed.kind == EdgeKind.DEPLOYS.value, ed.target_id == n.id)
        .order_by(parent.seq.desc(), parent.id.desc())
        .limit(1)
        .correlate(n)
        .scalar_subquery()
    )
    columns = (
        n.id,
        n.unit_id,
        n.code,
        n.kind,
        n.title,
        deployed_from,
        n.unit_of_measure,
        n.direction,
        n.baseline,
        n.goal,
        n.seq,
    )
    matrix = n.kind.in_([k.value for k in MATRIX_KINDS])
    if not one:
        return select(*columns).where(matrix).order_by(n.seq, n.id)
    own = select(*columns).where(n.unit_id == bindparam("unit"), matrix)
    if not served:
        return own.order_by(n.seq, n.id)
    served_ids = _ids("served")
    both = union(
        own,
        select(*columns).where(n.id.in_(served_ids)),
        select(*columns)
        .join(ed, ed.source_id == n.id)
        .where(ed.kind == EdgeKind.MEASURES.value, ed.target_id.in_(served_ids)),
    )
    return both.order_by(both.selected_columns.seq, both.selected_columns.id)


@cache
def _links_stmt(one: bool) -> Executable:
    ed, n = e.Edge, e.Node
    stmt = select(ed.id, ed.source_id, ed.target_id, ed.strength, ed.rationale).where(
        ed.kind.in_([EdgeKind.SUPPORTS.value, EdgeKind.MEASURES.value])
    )
    if one:
        stmt = stmt.where(ed.source_id.in_(_ids()))
    else:
        stmt = stmt.join(n, n.id == ed.source_id).where(n.kind.in_([k.value for k in MATRIX_KINDS]))
    return stmt.order_by(ed.source_id, ed.target_id, ed.kind)


@cache
def _resp_stmt(one: bool) -> Executable:
    r = e.Responsibility
    stmt = select(r.node_id, r.person_id, r.role).order_by(r.node_id, r.person_id)
    return stmt.where(r.node_id.in_(_ids())) if one else stmt


@cache
def _people_stmt(one: bool) -> Executable:
    """The people: all, or the unit's own and the owners of its items (``ids``)."""
    p, u = e.Person, e.Unit
    stmt = select(p.id, p.key, p.name, p.unit_id, u.code).join(u, u.id == p.unit_id)
    if one:
        stmt = stmt.where((p.unit_id == bindparam("unit")) | p.id.in_(_ids()))
    return stmt.order_by(p.id)


@cache
def _load_stmt(one: bool) -> Executable:
    r = e.Responsibility
    stmt = select(r.person_id, func.count()).where(r.role == OwnerRole.PRIMARY.value)
    if one:
        stmt = stmt.where(r.person_id.in_(_ids()))
    return stmt.group_by(r.person_id)


@cache
def _last_month_stmt(one: bool) -> Executable:
    m = e.Measurement
    stmt = select(m.node_id, func.max(m.month))
    if one:
        stmt = stmt.where(m.node_id.in_(_ids()))
    return stmt.group_by(m.node_id)
