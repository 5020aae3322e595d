"""Queries behind the kaizen board: pages of rows, never one per row.

The board shows the kaizens of a unit's subtree, one column per lifecycle status. With
50,000 kaizens in a plan a column is read a page at a time (keyset pagination on the code
number; every column's first page in one query, its count in one or two more, when the
unit or filters change), and each page is completed with grouped queries over the page's
ids (the priorities the cards support, their sustainment debt): a handful of SELECTs,
whatever the plan's size.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import bindparam, case, func, or_, select, tuple_, union_all
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter

from hoshin.model import entities as e
from hoshin.model.kinds import (
    EdgeKind,
    KaizenStatus,
    NodeKind,
    Origin,
)
from hoshin.plan import Plan
from hoshin.reads.units import UnitTree
from hoshin.rules import debt
from hoshin.store.chunks import chunks

# -- the board ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BoardFilter:
    """Which kaizens a board shows. ``units`` None means every unit of the plan."""

    units: tuple[int, ...] | None = None
    function_id: int | None = None
    origin: Origin | None = None
    text: str = ""


@dataclass(frozen=True, slots=True)
class Card:
    """What a kaizen's card shows."""

    id: int
    code: str
    seq: int
    title: str
    status: KaizenStatus
    origin: Origin
    unit_id: int
    team: str
    priorities: tuple[str, ...]  # codes of the priorities it supports; () is an orphan
    debt: int  # open action items + overdue checks + a slip not yet re-held

    @property
    def key(self) -> tuple[int, int]:
        """The board's sort order (code number, then id): also the pagination cursor."""
        return (self.seq, self.id)


@dataclass(frozen=True, slots=True)
class _Shape:
    """Which conditions a filter sets, without their values.

    Building a column's statement costs SQLAlchemy about as long as SQLite takes to run
    it, so the board's statements are built once per shape and the filter's values are
    bound when they run (see :func:`_values`).
    """

    scoped: bool
    function: bool
    origin: bool
    text: bool

    @classmethod
    def of(cls, flt: BoardFilter) -> _Shape:
        return cls(
            scoped=flt.units is not None,
            function=flt.function_id is not None,
            origin=flt.origin is not None,
            text=bool(flt.text.strip()),
        )


def _values(flt: BoardFilter) -> dict[str, Any]:
    """The values of ``flt`` that a statement built by :func:`_where` binds."""
    values: dict[str, Any] = {}
    if flt.units is not None:
        values["units"] = list(flt.units)
    if flt.function_id is not None:
        values["function_id"] = flt.function_id
    if flt.origin is not None:
        values["origin"] = flt.origin.value
    text = flt.text.strip()
    if text:
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        values["pattern"] = f"%{escaped}%"
    return values


def _where(shape: _Shape) -> list[Any]:
    n = e.Node
    clauses: list[Any] = []
    if not shape.scoped:
        clauses.append(n.kind == NodeKind.KAIZEN.value)
    else:
        # SQLite has no statistics on a plan, and would walk (kind, seq) in code order to
        # find a team's few kaizens among 50,000; ``kind || ''`` steers it to the unit index.
        units = n.unit_id.in_(bindparam("units", expanding=True))
        clauses += [(n.kind + "") == NodeKind.KAIZEN.value, units]
    if shape.function:
        clauses.append(n.function_id == bindparam("function_id"))
    if shape.origin:
        clauses.append(n.origin == bindparam("origin"))
    if shape.text:
        pattern: BindParameter[str] = bindparam("pattern")
        clauses.append(or_(n.code.ilike(pattern, escape="\\"), n.title.ilike(pattern, escape="\\")))
    return clauses


def column_counts(session: Session, flt: BoardFilter) -> dict[KaizenStatus, int]:
    """How many kaizens each column holds under ``flt``: one or two grouped queries."""
    counts = dict.fromkeys(KaizenStatus, 0)
    rows: Sequence[Any]
    if flt == BoardFilter():
        every, others = _plan_counts()
        not_kaizens = dict(session.execute(others).all())
        totals = dict(session.execute(every).all())
        rows = [
            (s.value, totals.get(s.value, 0) - not_kaizens.get(s.value, 0)) for s in KaizenStatus
        ]
    else:
        rows = session.execute(_counts(_Shape.of(flt)), _values(flt)).all()
    for status, count in rows:
        if status in counts:
            counts[KaizenStatus(status)] = int(count)
    return counts


@cache
def _plan_counts() -> tuple[Any, Any]:
    # The whole plan: every node of the year with a status, grouped by it, in one walk of
    # the year's index (the session's scope names the year, so SQLite walks that index
    # whatever else is asked: one count per status walked it seven times, 68 ms at 50,000
    # kaizens against 12); the few other nodes that might carry a status are counted apart
    # and taken off.
    n = e.Node
    every = select(n.status, func.count()).where(n.status.is_not(None)).group_by(n.status)
    others = [k.value for k in NodeKind if k is not NodeKind.KAIZEN]
    not_kaizens = (
        select(n.status, func.count())
        .where(n.kind.in_(others), n.status.is_not(None))
        .group_by(n.status)
    )
    return every, not_kaizens


@cache
def _counts(shape: _Shape) -> Any:
    n = e.Node
    return select(n.status, func.count()).where(*_where(shape)).group_by(n.status)


def _card_select(shape: _Shape) -> Any:  # Select's type parameters differ in SA 2.0/2.1:
    n, u = e.Node, e.Unit
    return (
        select(n.id, n.code, n.seq, n.title, n.status, n.origin, n.unit_id, u.name)
        .join(u, u.id == n.unit_id)
        .where(*_where(shape))
    )


@lru_cache(maxsize=256)
def _page_query(shape: _Shape, status: KaizenStatus, after: bool, limit: int) -> Any:
    """A column's first page, or with ``after`` the page after the bound ``seq`` and ``id``.

    The whole plan walks (kind, seq) in code order and finds a page at once; a subtree
    reads its kaizens of the status by (unit, status, seq) and sorts the few, on the bare
    ``seq`` (three times quicker than on ``seq + 0``: SQLite sorts the index's values).
    """
    n = e.Node
    query = _card_select(shape).where(n.status == status.value)
    if after:
        query = query.where(tuple_(n.seq, n.id) > tuple_(bindparam("seq"), bindparam("id")))
    return query.order_by(n.seq, n.id).limit(limit)


def card_page(
    session: Session,
    flt: BoardFilter,
    status: KaizenStatus,
    *,
    after: tuple[int, int] | None = None,
    limit: int = 50,
    as_of: dt.date,
) -> list[Card]:
    """The next ``limit`` cards of a column after the cursor ``after`` (a card's key)."""
    values = _values(flt)
    if after is not None:
        values["seq"], values["id"] = after
    query = _page_query(_Shape.of(flt), status, after is not None, limit)
    return _complete(session, session.execute(query, values).all(), as_of)


@dataclass(frozen=True, slots=True)
class BoardRead:
    """What a board shows after its unit or filters change: counts and first pages."""

    counts: dict[KaizenStatus, int]
    pages: dict[KaizenStatus, list[Card]]


def read_board(session: Session, flt: BoardFilter, *, limit: int = 50, as_of: dt.date) -> BoardRead:
    """Every column's count and first ``limit`` cards: four to six queries in all."""
    shape, values = _Shape.of(flt), _values(flt)
    rows: Sequence[Any]
    if shape.text:
        # A text filter matches few rows: one pass numbers (and counts) each status's
        # matches, where a walk per column would read every kaizen seven times.
        ranked = session.execute(_ranked_pages(shape, limit), values).all()
        counts = dict.fromkeys(KaizenStatus, 0)
        for row in ranked:
            counts[KaizenStatus(row.status)] = int(row.total)
        rows = [row[:-2] for row in ranked]
    else:
        rows = session.execute(_first_pages(shape, limit), values).all()
        counts = column_counts(session, flt)
    out: dict[KaizenStatus, list[Card]] = {status: [] for status in KaizenStatus}
    for card in _complete(session, rows, as_of):
        out[card.status].append(card)
    for page in out.values():
        page.sort(key=lambda c: c.key)  # neither query keeps an order of its own
    return BoardRead(counts, out)


@lru_cache(maxsize=64)
def _first_pages(shape: _Shape, limit: int) -> Any:
    pages = [_page_query(shape, status, False, limit).subquery() for status in KaizenStatus]
    return union_all(*(select(*page.c) for page in pages))


@lru_cache(maxsize=64)
def _ranked_pages(shape: _Shape, limit: int) -> Any:
    n = e.Node
    number = func.row_number().over(partition_by=n.status, order_by=(n.seq, n.id))
    total = func.count().over(partition_by=n.status)
    ranked = _card_select(shape).add_columns(number.label("rank"), total.label("total")).subquery()
    return select(ranked).where(ranked.c.rank <= limit)


def cards_by_id(
    session: Session, ids: Collection[int], flt: BoardFilter, *, as_of: dt.date
) -> dict[int, Card]:
    """The cards of those ``ids`` that are kaizens the board shows under ``flt``."""
    query, values = _cards_of(_Shape.of(flt)), _values(flt)
    rows: list[Any] = []
    for batch in chunks(sorted(ids)):
        rows.extend(session.execute(query, {**values, "ids": batch}).all())
    return {card.id: card for card in _complete(session, rows, as_of)}


@cache
def _cards_of(shape: _Shape) -> Any:
    return _card_select(shape).where(e.Node.id.in_(bindparam("ids", expanding=True)))


# Looked up by value: calling an enum costs a third of building a page's cards.
_STATUSES = {s.value: s for s in KaizenStatus}
_ORIGINS = {o.value: o for o in Origin}


def _complete(session: Session, rows: Sequence[Any], as_of: dt.date) -> list[Card]:
    ids = [row[0] for row in rows]
    supports = _supported_priorities(session, ids)
    debt = _debt(session, {row[0]: row[4] for row in rows}, as_of)
    return [
        Card(
            id=node_id,
            code=code,
            seq=seq,
            title=title,
            status=_STATUSES[status],
            origin=_ORIGINS[origin] if origin else Origin.TOP_DOWN,
            unit_id=unit_id,
            team=team,
            priorities=tuple(supports.get(node_id, ())),
            debt=debt.get(node_id, 0),
        )
        for node_id, code, seq, title, status, origin, unit_id, team in rows
    ]


def _supported_priorities(session: Session, ids: Sequence[int]) -> dict[int, list[str]]:
    """The codes of the nodes each kaizen supports, in code order.

    Two lookups, not one join: joined to the nodes (which the year's scope filters), SQLite
    chose to walk the year's 58,000 nodes and probe each against the whole id list once the
    list was long (4 s for a company's first page, measured); the links by their covering
    index, then their nodes by key, take milliseconds."""
    edge, node = e.Edge, e.Node
    links: list[tuple[int, int]] = []
    for batch in chunks(ids):
        links += session.execute(
            select(edge.source_id, edge.target_id).where(
                edge.kind == EdgeKind.SUPPORTS.value, edge.source_id.in_(batch)
            )
        ).all()
    found: dict[int, tuple[int, str]] = {}
    for batch in chunks(sorted({target for _source, target in links})):
        for node_id, seq, code in session.execute(
            select(node.id, node.seq, node.code).where(node.id.in_(batch))
        ):
            found[node_id] = (seq, code)
    out: dict[int, list[str]] = defaultdict(list)
    for source, target in sorted(links, key=lambda link: (link[0], found.get(link[1], (0, ""))[0])):
        if target in found:  # a node of the year shown
            out[source].append(found[target][1])
    return out


def _debt(session: Session, statuses: dict[int, str], as_of: dt.date) -> dict[int, int]:
    """Sustainment debt per kaizen, by the rule of :mod:`hoshin.rules.debt` (DESIGN §6).

    The cards' statuses are known: which kaizens owe what is decided on them in Python
    (:func:`~hoshin.rules.debt.kaizen_owes`); only their records are read, nodes not joined.

    Args:
        statuses: each kaizen's status, by id.
    """
    open_items, checks = _debt_queries()
    out: dict[int, int] = defaultdict(int)
    owe_items = [i for i, st in statuses.items() if debt.kaizen_owes(debt.ITEMS, st)]
    for batch in chunks(owe_items):
        for kaizen_id, count in session.execute(open_items, {"ids": batch}):
            out[kaizen_id] += int(count)
    # Both kinds of check debt fall on the same kaizens (any not dropped).
    owe_checks = [i for i, st in statuses.items() if debt.kaizen_owes(debt.OVERDUE, st)]
    for batch in chunks(owe_checks):
        for kaizen_id, overdue, slipped in session.execute(checks, {"ids": batch, "as_of": as_of}):
            out[kaizen_id] += int(overdue or 0) + int(slipped or 0)
    return out


@cache
def _debt_queries() -> tuple[Any, Any]:
    ids: BindParameter[list[int]] = bindparam("ids", expanding=True)
    a = debt.table(debt.ITEMS).c
    open_items = (
        select(a.kaizen_id, func.count())
        .where(a.kaizen_id.in_(ids), debt.owed_record(debt.ITEMS, a, None))
        .group_by(a.kaizen_id)
    )
    c = debt.table(debt.OVERDUE).c
    as_of: BindParameter[dt.date] = bindparam("as_of")
    checks = (
        select(
            c.kaizen_id,
            *(
                func.sum(case((debt.owed_record(kind, c, as_of), 1), else_=0))
                for kind in (debt.OVERDUE, debt.SLIPS)
            ),
        )
        .where(c.kaizen_id.in_(ids))
        .group_by(c.kaizen_id)
    )
    return open_items, checks


def functions(session: Session) -> list[tuple[int, str]]:
    """The plan's functions, in their list order: the board's function filter."""
    f = e.Function
    return [
        (int(i), str(name))
        for i, name in session.execute(select(f.id, f.name).order_by(f.position, f.name))
    ]


# -- the board screen ------------------------------------------------------------------


class BoardReads:
    """What the board tab asks of an open plan; each read is one short session.

    Args:
        plan: the plan shown.
    """

    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    def units(self) -> UnitTree:
        return UnitTree.of(self.plan)

    def functions(self) -> list[tuple[int, str]]:
        with self.plan.session() as session:
            return functions(session)

    def first_pages(self, flt: BoardFilter, *, limit: int, as_of: dt.date) -> BoardRead:
        with self.plan.session() as session:
            return read_board(session, flt, limit=limit, as_of=as_of)

    def page(
        self,
        flt: BoardFilter,
        status: KaizenStatus,
        *,
        after: tuple[int, int] | None,
        limit: int,
        as_of: dt.date,
    ) -> list[Card]:
        with self.plan.session() as session:
            return card_page(session, flt, status, after=after, limit=limit, as_of=as_of)

    def counts(self, flt: BoardFilter) -> dict[KaizenStatus, int]:
        with self.plan.session() as session:
            return column_counts(session, flt)

    def cards(self, ids: Collection[int], flt: BoardFilter, *, as_of: dt.date) -> dict[int, Card]:
        with self.plan.session() as session:
            return cards_by_id(session, ids, flt, as_of=as_of)
