"""What to tell a person whose edit met a row someone else changed first.

The audit log knows who changed the row last and when, so a stale edit is refused with
"KZ-12 was changed by Ana Lima at 2026-11-21 10:02 UTC" rather than a bare "conflict".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hoshin.model import entities as e
from hoshin.model.errors import PermissionDeniedError, StaleEditError
from hoshin.store.chunks import chunks

#: How a person names a row of each table, and the column naming its node.
_WHAT = {
    "nodes": ("", "id"),
    "edges": ("A link of ", "source_id"),
    "responsibilities": ("An owner of ", "node_id"),
    "measurements": ("A monthly figure of ", "node_id"),
    "countermeasures": ("A countermeasure of ", "node_id"),
    "sustainment_checks": ("A sustainment check of ", "kaizen_id"),
    "action_items": ("An action item of ", "kaizen_id"),
    "catchball_threads": ("The catchball on ", "node_id"),
    "a3s": ("The A3 of ", "node_id"),
    "a3_items": ("A row of the A3 of ", "node_id"),
    "a3_links": ("A countermeasure of the A3 of ", "node_id"),
}


def refused(table: str, verb: str) -> PermissionDeniedError:
    """A write the shared plan's row-level security skipped."""
    return PermissionDeniedError(
        f"The shared plan's permissions do not let you {verb} these "
        f"{table.replace('_', ' ')}; ask a manager or executive of the unit."
    )


def stale(
    session: Session, table: str, row_id: Any, expected: int | None = None
) -> StaleEditError | PermissionDeniedError:
    """The error for a stale write to ``table`` row ``row_id``, naming the last change.

    When the row is still at ``expected``, nobody changed it: the database's row-level
    security skipped the write, and the error says so instead.
    """
    if expected is not None:
        t = e.Base.metadata.tables[table]
        pk = next(iter(t.primary_key.columns))
        current = session.execute(select(t.c.version).where(pk == row_id)).scalar()
        if current == expected:
            return refused(table, "change")
    a, p = e.AuditEntry, e.Person
    last = session.execute(
        select(a.at, a.action, a.node_id, p.name)
        .outerjoin(p, p.id == a.person_id)
        .where(a.table_name == table, a.row_id == str(row_id))
        .order_by(a.id.desc())
        .limit(1)
    ).first()
    subject = _subject(session, table, row_id, last.node_id if last else None)
    if last is None:
        message = f"{subject} was changed by someone else since you read it."
        return StaleEditError(f"{message} Reload the plan, then edit again.")
    who = last.name or "someone else"
    verb = "deleted" if last.action == "delete" else "changed"
    when = f"{last.at:%Y-%m-%d %H:%M} UTC"
    return StaleEditError(
        f"{subject} was {verb} by {who} at {when}. Reload the plan to see it, then edit again.",
        who=last.name,
        at=last.at,
    )


def _subject(session: Session, table: str, row_id: Any, node_id: int | None) -> str:
    prefix, column = _WHAT.get(table, (None, None))
    if prefix is None or column is None:
        return f"A row of {table.replace('_', ' ')} ({row_id})"
    if table == "nodes":
        node_id = int(row_id)
    elif node_id is None:
        t = e.Base.metadata.tables[table]
        found = session.execute(select(t.c[column]).where(t.c.id == row_id)).scalar()
        node_id = int(found) if found is not None else None
    code = None
    if node_id is not None:
        code = session.execute(select(e.Node.code).where(e.Node.id == node_id)).scalar()
    return f"{prefix}{code or 'an item'}" if prefix else (code or "The item")


class Horizon:
    """What this client has seen of the plan, as the audit log's last id at its last read.

    An entry after that id, for a row an edit is about to change, that this client did
    not write itself, is someone else's change the person has not seen: the edit is stale,
    whatever table the row is in (a monthly figure, a catchball thread, a node). Row
    versions guard concurrent transactions and undo; the horizon guards what was on screen.
    """

    def __init__(self) -> None:
        self.last: int | None = None
        self._mine: set[int] = set()

    def reset(self, session: Session) -> None:
        """Everything up to now is seen (the plan was just read, or read again)."""
        self.last = int(session.execute(select(func.max(e.AuditEntry.id))).scalar() or 0)
        self._mine.clear()

    def forget(self) -> None:
        self.last = None
        self._mine.clear()

    def advance(self, upto: int) -> None:
        """Another session's edit, up to audit id ``upto``, is now shown."""
        if self.last is not None and upto > self.last:
            self.last = upto
            self._mine = {i for i in self._mine if i > upto}

    def wrote(self, ids: Iterable[int]) -> None:
        self._mine.update(ids)

    @property
    def mine(self) -> set[int]:
        """The audit ids this client wrote after :attr:`last`."""
        return self._mine

    def check(self, session: Session, table: str, row_ids: list[Any]) -> None:
        """Raise :class:`StaleEditError` if someone else changed one of the rows unseen."""
        if self.last is None or not row_ids:
            return
        a = e.AuditEntry
        for keys in chunks([str(i) for i in row_ids]):
            found = session.execute(
                select(a.id, a.row_id)
                .where(a.id > self.last, a.table_name == table, a.row_id.in_(keys))
                .order_by(a.id.desc())
            ).all()
            for entry_id, row_id in found:
                if entry_id not in self._mine:
                    raise stale(session, table, row_id)
