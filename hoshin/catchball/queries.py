"""Reading catchball: thread lists, the inbox of a person, one conversation, health."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from hoshin.catchball.rules import OPEN_STATES, State
from hoshin.model import entities as e
from hoshin.model.errors import NotFoundError


@dataclass(frozen=True)
class ThreadSummary:
    id: int
    code: str  # the thrown node
    title: str
    child_code: str | None
    upper: str  # unit codes
    lower: str
    state: str
    waiting_unit: str | None  # the unit that must answer next
    round: int
    opened_at: dt.datetime
    agreed_at: dt.datetime | None
    agreed_value: float | None
    messages: int

    def days_open(self, now: dt.datetime) -> int:
        end = self.agreed_at or now
        return max(0, (end - self.opened_at).days)

    def as_dict(self, now: dt.datetime) -> dict[str, Any]:
        return {
            "id": self.id,
            "code": self.code,
            "title": self.title,
            "child": self.child_code,
            "upper": self.upper,
            "lower": self.lower,
            "state": self.state,
            "waiting_for": self.waiting_unit,
            "round": self.round,
            "days_open": self.days_open(now),
            "messages": self.messages,
        }


def _summary_query() -> Any:
    t = e.CatchballThread
    node, child = aliased(e.Node), aliased(e.Node)
    up, low = aliased(e.Unit), aliased(e.Unit)
    count = (
        select(func.count(e.CatchballMessage.id))
        .where(e.CatchballMessage.thread_id == t.id)
        .scalar_subquery()
    )
    return (
        select(
            t.id, node.code, node.title, child.code, up.code, low.code, t.state, t.waiting,
            t.round, t.opened_at, t.agreed_at, t.agreed_value, count,
        )
        .join(node, node.id == t.node_id)
        .outerjoin(child, child.id == t.child_node_id)
        .join(up, up.id == t.upper_unit_id)
        .join(low, low.id == t.lower_unit_id)
    )  # fmt: skip


def _summaries(session: Session, stmt: Any) -> list[ThreadSummary]:
    out = []
    for row in session.execute(stmt.order_by(e.CatchballThread.id)):
        (tid, code, title, child, upper, lower, state, waiting, rnd, opened, agreed, value, n) = row
        waiting_unit = {"upper": upper, "lower": lower}.get(waiting or "")
        out.append(
            ThreadSummary(
                tid, code, title, child, upper, lower, state, waiting_unit, rnd, opened,
                agreed, value, n,
            )
        )  # fmt: skip
    return out


def list_threads(
    session: Session, *, unit_id: int | None = None, waiting_for: int | None = None
) -> list[ThreadSummary]:
    """Threads of a unit (as either side), or waiting for a person (by person id)."""
    t = e.CatchballThread
    stmt = _summary_query()
    if unit_id is not None:
        stmt = stmt.where(or_(t.upper_unit_id == unit_id, t.lower_unit_id == unit_id))
    if waiting_for is not None:
        person_unit = select(e.Person.unit_id).where(e.Person.id == waiting_for).scalar_subquery()
        stmt = stmt.where(
            or_(
                and_(t.waiting == "upper", t.upper_unit_id == person_unit),
                and_(t.waiting == "lower", t.lower_unit_id == person_unit),
            )
        )
    return _summaries(session, stmt)


def thread(session: Session, thread_id: int) -> tuple[ThreadSummary, list[dict[str, Any]]]:
    """One thread and its conversation, oldest message first."""
    found = _summaries(session, _summary_query().where(e.CatchballThread.id == thread_id))
    if not found:
        raise NotFoundError(f"No catchball thread {thread_id} in this plan.")
    m = e.CatchballMessage
    author, owner = aliased(e.Person), aliased(e.Person)
    unit = aliased(e.Unit)
    rows = session.execute(
        select(m.__table__, author.name.label("author"), unit.code.label("author_unit"),
               owner.name.label("owner"))
        .outerjoin(author, author.id == m.author_id)
        .outerjoin(unit, unit.id == author.unit_id)
        .outerjoin(owner, owner.id == m.owner_id)
        .where(m.thread_id == thread_id)
        .order_by(m.id)
    ).mappings()  # fmt: skip
    return found[0], [dict(r) for r in rows]


def open_thread_counts(session: Session) -> dict[int, int]:
    """Open threads per node id (thrown or counterpart): for badges on rows and cards."""
    t = e.CatchballThread
    open_states = [s.value for s in OPEN_STATES]
    counts: dict[int, int] = {}
    for column in (t.node_id, t.child_node_id):
        for node_id, n in session.execute(
            select(column, func.count()).where(t.state.in_(open_states), column.is_not(None))
            .group_by(column)
        ):  # fmt: skip
            if node_id is not None:
                counts[node_id] = counts.get(node_id, 0) + n
    return counts


#: One thread as the health measures read it:
#: (state, round, opened_at, agreed_at, waiting, upper unit id, lower unit id).
ThreadRow = tuple[str, int, dt.datetime, dt.datetime | None, str | None, int, int]


def thread_rows(session: Session) -> list[ThreadRow]:
    """Every thread's state and timing: one scan of the thread rows, no messages."""
    t = e.CatchballThread
    return [
        (state, rnd, opened, agreed, waiting, upper, lower)
        for state, rnd, opened, agreed, waiting, upper, lower in session.execute(
            select(t.state, t.round, t.opened_at, t.agreed_at, t.waiting, t.upper_unit_id,
                   t.lower_unit_id)
        )
    ]  # fmt: skip


def health(
    session: Session, now: dt.datetime, within: Collection[int] | None = None
) -> dict[str, Any]:
    """Catchball health: open threads, waiting per person, rounds and days to agreement.

    ``within``: the unit ids whose threads count (a thread counts when either party, the
    unit above or the unit below, is one of them); None for the whole plan.
    """
    units = dict(session.execute(select(e.Unit.id, e.Unit.code)).all())
    people = [(key, unit) for key, unit in session.execute(select(e.Person.key, e.Person.unit_id))]
    return summarise(thread_rows(session), units, people, within)


def summarise(
    rows: Sequence[ThreadRow],
    units: Mapping[int, str],
    people: Sequence[tuple[str, int | None]],
    within: Collection[int] | None = None,
) -> dict[str, Any]:
    """The health figures of ``rows`` (see :func:`health`); pure, so a view that keeps the
    rows can cut them for any unit without reading again."""
    if within is not None:
        inside = set(within)
        rows = [r for r in rows if r[5] in inside or r[6] in inside]
    open_states = {s.value for s in OPEN_STATES}
    agreed_states = {State.AGREED.value, State.LOCKED.value}
    waiting_units: dict[int, int] = {}
    rounds, days = [], []
    not_agreed: set[int] = set()
    for state, rnd, opened, agreed_at, waiting, upper, lower in rows:
        if state in open_states:
            not_agreed.add(lower)
            target = {"upper": upper, "lower": lower}.get(waiting or "")
            if target is not None:
                waiting_units[target] = waiting_units.get(target, 0) + 1
        if agreed_at is not None and state in agreed_states | open_states:
            rounds.append(rnd)
            days.append((agreed_at - opened).total_seconds() / 86400)
    return {
        "threads": len(rows),
        "open": sum(1 for r in rows if r[0] in open_states),
        # Sorted as plain tuples: comparing SQLAlchemy rows is ten times slower.
        "waiting_per_person": {
            key: waiting_units[unit]
            for key, unit in sorted(
                (k, u) for k, u in people if u is not None and u in waiting_units
            )
        },
        "median_rounds_to_agreement": statistics.median(rounds) if rounds else None,
        "median_days_to_agreement": round(statistics.median(days), 1) if days else None,
        "units_not_agreed": sorted(units[u] for u in not_agreed),
    }
