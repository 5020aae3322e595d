"""A catchball thread inside an edit: read its row and history, append a message.

What the catchball operations and the reopen rule share; depends on the operation base
only, so the rules that follow a node edit can use it without importing the operations.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import RowMapping

from hoshin.catchball.rules import Kind, Said, Side
from hoshin.model import entities as e
from hoshin.model.errors import NotFoundError
from hoshin.operations.base import Tx


def thread_row(tx: Tx, thread_id: int) -> RowMapping:
    t = e.CatchballThread.__table__
    row = tx.session.execute(select(t).where(t.c.id == thread_id)).mappings().first()
    if row is None:
        raise NotFoundError(f"No catchball thread {thread_id} in this plan.")
    return row


def history(tx: Tx, thread: RowMapping) -> list[tuple[Said, RowMapping]]:
    m = e.CatchballMessage.__table__
    p = e.Person.__table__
    rows = tx.session.execute(
        select(m, p.c.unit_id.label("author_unit"))
        .outerjoin(p, p.c.id == m.c.author_id)
        .where(m.c.thread_id == thread["id"])
        .order_by(m.c.id)
    ).mappings()
    return [
        (Said(Kind(r["kind"]), side_of(thread, r["author_unit"], r["author_id"])), r) for r in rows
    ]


def side_of(thread: RowMapping, unit_id: int | None, person_id: int | None) -> Side | None:
    if person_id is None:
        return None
    if unit_id == thread["upper_unit_id"]:
        return Side.UPPER
    if unit_id == thread["lower_unit_id"]:
        return Side.LOWER
    return Side.OUTSIDE


def unit_names(tx: Tx, thread: RowMapping) -> tuple[str, str]:
    """The names of the thread's upper and lower units."""
    u = e.Unit
    names = dict(
        tx.session.execute(
            select(u.id, u.name).where(u.id.in_([thread["upper_unit_id"], thread["lower_unit_id"]]))
        ).all()
    )
    return names[thread["upper_unit_id"]], names[thread["lower_unit_id"]]


def append_message(tx: Tx, thread_id: int, **values: Any) -> int:
    """Append a message to a thread, dated the edit; returns its id."""
    return tx.rec.insert_one(
        e.CatchballMessage, {"thread_id": thread_id, "created_at": tx.now(), **values}
    )
