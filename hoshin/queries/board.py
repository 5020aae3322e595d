"""Queries behind the kaizen board and the strategy tree: pages of rows, never one per row.

The board shows the kaizens of a unit's subtree, one column per lifecycle status. With
50,000 kaizens in a plan a column is read a page at a time (keyset pagination on the code
number; every column's first page and count in one query when the unit or filters change),
and each page is completed with grouped queries over the page's ids (the priorities the
cards support, their sustainment debt): a handful of SELECTs, whatever the plan's size.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, func, or_, select, tuple_, union_all
from sqlalchemy.orm import Session

from hoshin import entities as e
from hoshin.kinds import (
    FINISHED_STATUSES,
    CheckResult,
    EdgeKind,
    KaizenStatus,
    NodeKind,
    Origin,
    Role,
)

#: Ids per IN (...) list: well under every backend's bound-parameter limit.
CHUNK = 900


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    batch: list[int] = []
    for node_id in ids:
        batch.append(node_id)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


# -- organisation units ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnitInfo:
    id: int
    code: str
    name: str
    parent_id: int | None


class UnitIndex:
    """The unit tree, read with one query: subtrees and leaves without more queries."""

    def __init__(self, units: Iterable[UnitInfo]) -> None:
        self.units: dict[int, UnitInfo] = {u.id: u for u in units}
        self.children: dict[int | None, list[int]] = defaultdict(list)
        for unit in sorted(self.units.values(), key=lambda u: u.name.lower()):
            self.children[unit.parent_id].append(unit.id)

    @classmethod
    def load(cls, session: Session) -> UnitIndex:
        u = e.Unit
        rows = session.execute(select(u.id, u.code, u.name, u.parent_id)).all()
        return cls(UnitInfo(*row) for row in rows)

    def name(self, unit_id: int) -> str:
        unit = self.units.get(unit_id)
        return unit.name if unit else ""

    def is_root(self, unit_id: int) -> bool:
        unit = self.units.get(unit_id)
        return unit is not None and unit.parent_id is None

    def subtree(self, unit_id: int) -> list[int]:
        """The unit and every unit below it, depth first, siblings by name."""
        out: list[int] = []
        stack = [unit_id]
        while stack:
            current = stack.pop()
            if current in self.units:
                out.append(current)
                stack.extend(reversed(self.children.get(current, [])))
        return out

    def leaves(self, unit_id: int) -> list[int]:
        """The units without units below them in ``unit_id``'s subtree: its teams."""
        return [u for u in self.subtree(unit_id) if not self.children.get(u)]


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


def _where(flt: BoardFilter) -> list[Any]:
    n = e.Node
    clauses: list[Any] = []
    if flt.units is None:
        clauses.append(n.kind == NodeKind.KAIZEN.value)
    else:
        # SQLite has no statistics on a plan, and would walk (kind, seq) in code order to
        # find a team's few kaizens among 50,000; ``kind || ''`` steers it to the unit index.
        clauses += [(n.kind + "") == NodeKind.KAIZEN.value, n.unit_id.in_(flt.units)]
    if flt.function_id is not None:
        clauses.append(n.function_id == flt.function_id)
    if flt.origin is not None:
        clauses.append(n.origin == flt.origin.value)
    text = flt.text.strip()
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        clauses.append(or_(n.code.ilike(pattern, escape="\\"), n.title.ilike(pattern, escape="\\")))
    return clauses


def column_counts(session: Session, flt: BoardFilter) -> dict[KaizenStatus, int]:
    """How many kaizens each column holds under ``flt``: one or two grouped queries."""
    n = e.Node
    counts = dict.fromkeys(KaizenStatus, 0)
    if flt == BoardFilter():
        # The whole plan: the status index alone counts every node with a status (25 ms
        # less at 50,000 kaizens than reading each row's kind); the few other nodes that
        # might carry one are counted apart and taken off.
        every = session.execute(
            select(n.status, func.count()).where(n.status.is_not(None)).group_by(n.status)
        )
        others = [k.value for k in NodeKind if k is not NodeKind.KAIZEN]
        not_kaizens = dict(
            session.execute(
                select(n.status, func.count())
                .where(n.kind.in_(others), n.status.is_not(None))
                .group_by(n.status)
            ).all()
        )
        rows = [(status, count - not_kaizens.get(status, 0)) for status, count in every]
    else:
        rows = list(
            session.execute(select(n.status, func.count()).where(*_where(flt)).group_by(n.status))
        )
    for status, count in rows:
        if status in counts:
            counts[KaizenStatus(status)] = int(count)
    return counts


def _card_select(flt: BoardFilter) -> Any:  # Select's type parameters differ in SA 2.0/2.1:
    n, u = e.Node, e.Unit
    return (
        select(n.id, n.code, n.seq, n.title, n.status, n.origin, n.unit_id, u.name)
        .join(u, u.id == n.unit_id)
        .where(*_where(flt))
    )


def _page_query(
    flt: BoardFilter, status: KaizenStatus, after: tuple[int, int] | None, limit: int
) -> Any:
    n = e.Node
    if flt.units is None:
        # The whole plan: walking (kind, seq) in code order finds a page at once.
        query = _card_select(flt).where(n.status == status.value)
        order: tuple[Any, ...] = (n.seq, n.id)
    else:
        # A subtree: read its kaizens by unit, then sort the few (see _where).
        query = _card_select(flt).where((n.status + "") == status.value)
        order = (n.seq + 0, n.id)
    if after is not None:
        query = query.where(tuple_(n.seq, n.id) > tuple_(*after))
    return query.order_by(*order).limit(limit)


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
    rows = session.execute(_page_query(flt, status, after, limit)).all()
    return _complete(session, rows, as_of)


@dataclass(frozen=True, slots=True)
class BoardRead:
    """What a board shows after its unit or filters change: counts and first pages."""

    counts: dict[KaizenStatus, int]
    pages: dict[KaizenStatus, list[Card]]


def read_board(session: Session, flt: BoardFilter, *, limit: int = 50, as_of: dt.date) -> BoardRead:
    """Every column's count and first ``limit`` cards: four or five queries in all."""
    counts: dict[KaizenStatus, int] | None = None
    if flt.text.strip() or flt.units is not None:
        # One pass numbering (and counting) each status's kaizens: a text filter matches
        # few rows, and a code-ordered walk per column would read the plan seven times.
        n = e.Node
        number = func.row_number().over(partition_by=n.status, order_by=(n.seq, n.id))
        total = func.count().over(partition_by=n.status)
        ranked = (
            _card_select(flt).add_columns(number.label("rank"), total.label("total")).subquery()
        )
        ranked_rows = session.execute(select(ranked).where(ranked.c.rank <= limit)).all()
        counts = dict.fromkeys(KaizenStatus, 0)
        for row in ranked_rows:
            counts[KaizenStatus(row.status)] = int(row.total)
        rows: list[Any] = [row[:-2] for row in ranked_rows]
    else:
        # The whole plan: each column's first page is a short walk in code order.
        pages = [_page_query(flt, status, None, limit).subquery() for status in KaizenStatus]
        rows = list(session.execute(union_all(*(select(*page.c) for page in pages))))
    out: dict[KaizenStatus, list[Card]] = {status: [] for status in KaizenStatus}
    for card in _complete(session, rows, as_of):
        out[card.status].append(card)
    for page in out.values():
        page.sort(key=lambda c: c.key)  # neither query keeps an order of its own
    return BoardRead(counts if counts is not None else column_counts(session, flt), out)


def cards_by_id(
    session: Session, ids: Collection[int], flt: BoardFilter, *, as_of: dt.date
) -> dict[int, Card]:
    """The cards of those ``ids`` that are kaizens the board shows under ``flt``."""
    rows: list[Any] = []
    for batch in _chunks(sorted(ids)):
        rows.extend(session.execute(_card_select(flt).where(e.Node.id.in_(batch))).all())
    return {card.id: card for card in _complete(session, rows, as_of)}


def _complete(session: Session, rows: Sequence[Any], as_of: dt.date) -> list[Card]:
    ids = [row[0] for row in rows]
    finished = {row[0] for row in rows if row[4] in {s.value for s in FINISHED_STATUSES}}
    live = [row[0] for row in rows if row[4] != KaizenStatus.DROPPED.value]
    supports = _supported_priorities(session, ids)
    debt = _debt(session, live, finished, as_of)
    return [
        Card(
            id=node_id,
            code=code,
            seq=seq,
            title=title,
            status=KaizenStatus(status),
            origin=Origin(origin) if origin else Origin.TOP_DOWN,
            unit_id=unit_id,
            team=team,
            priorities=tuple(supports.get(node_id, ())),
            debt=debt.get(node_id, 0),
        )
        for node_id, code, seq, title, status, origin, unit_id, team in rows
    ]


def _supported_priorities(session: Session, ids: Sequence[int]) -> dict[int, list[str]]:
    edge, target = e.Edge, e.Node
    out: dict[int, list[str]] = defaultdict(list)
    for batch in _chunks(ids):
        rows = session.execute(
            select(edge.source_id, target.code)
            .join(target, target.id == edge.target_id)
            .where(edge.kind == EdgeKind.SUPPORTS.value, edge.source_id.in_(batch))
            .order_by(edge.source_id, target.seq)
        )
        for source_id, code in rows:
            out[source_id].append(code)
    return out


def _debt(
    session: Session, ids: Sequence[int], finished: set[int], as_of: dt.date
) -> dict[int, int]:
    """Sustainment debt per kaizen, as DESIGN §6 counts it (see ``hoshin.health``).

    Args:
        ids: kaizens that are not dropped (a dropped kaizen owes nothing).
        finished: those of ``ids`` past their event, whose open action items count.
    """
    a, c = e.ActionItem, e.SustainmentCheck
    out: dict[int, int] = defaultdict(int)
    for batch in _chunks(ids):
        # Open action items count against finished kaizens only.
        owed = [i for i in batch if i in finished]
        if owed:
            items = session.execute(
                select(a.kaizen_id, func.count())
                .where(a.kaizen_id.in_(owed), a.done.is_(False))
                .group_by(a.kaizen_id)
            )
            for kaizen_id, count in items:
                out[kaizen_id] += int(count)
        slipped, held = CheckResult.SLIPPED.value, CheckResult.HELD.value
        checks = session.execute(
            select(
                c.kaizen_id,
                func.sum(case((and_(c.result.is_(None), c.due < as_of), 1), else_=0)),
                func.max(case((c.result == slipped, c.due))),
                func.max(case((c.result == held, c.due))),
            )
            .where(c.kaizen_id.in_(batch))
            .group_by(c.kaizen_id)
        )
        for kaizen_id, overdue, last_slip, last_held in checks:
            out[kaizen_id] += int(overdue or 0)
            # A slip stays owed until a later check held.
            if last_slip is not None and (last_held is None or last_held < last_slip):
                out[kaizen_id] += 1
    return out


def functions(session: Session) -> list[tuple[int, str]]:
    """The plan's functions, in their list order: the board's function filter."""
    f = e.Function
    return [
        (int(i), str(name))
        for i, name in session.execute(select(f.id, f.name).order_by(f.position, f.name))
    ]


# -- the strategy tree ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NodeSummary:
    """What a row of the strategy tree shows besides the graph's code and kind."""

    id: int
    title: str
    unit_id: int
    unit_name: str
    status: str | None  # a kaizen's lifecycle status
    owners: tuple[str, ...]  # primary owners' names (priorities and targets)


def node_summaries(session: Session, ids: Collection[int]) -> dict[int, NodeSummary]:
    """Titles, units, statuses and primary owners of ``ids``: two queries per 900 ids."""
    n, u, r, p = e.Node, e.Unit, e.Responsibility, e.Person
    out: dict[int, NodeSummary] = {}
    for batch in _chunks(sorted(ids)):
        owners: dict[int, list[str]] = defaultdict(list)
        for node_id, name in session.execute(
            select(r.node_id, p.name)
            .join(p, p.id == r.person_id)
            .where(r.node_id.in_(batch), r.role == Role.PRIMARY.value)
            .order_by(r.node_id, p.name)
        ):
            owners[node_id].append(name)
        for node_id, title, unit_id, unit_name, status in session.execute(
            select(n.id, n.title, n.unit_id, u.name, n.status)
            .join(u, u.id == n.unit_id)
            .where(n.id.in_(batch))
        ):
            out[node_id] = NodeSummary(
                node_id, title, unit_id, unit_name, status, tuple(owners.get(node_id, ()))
            )
    return out
