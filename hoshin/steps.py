"""Raw reversible steps: insert, delete and update rows, each knowing its inverse.

Domain operations validate and then write only through :class:`Recorder`, which keeps the
inverse of every step. Replaying the inverses in reverse order restores the database
exactly — same ids, same values — which is what makes undo trustworthy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.orm import Session

from hoshin import entities as e
from hoshin.changes import Changes

Row = dict[str, Any]

#: Which ``Changes`` field a table's rows belong to, and the column that names the id there.
_CATEGORY: dict[str, tuple[str, str]] = {
    "settings": ("settings", "key"),
    "functions": ("functions", "id"),
    "units": ("units", "id"),
    "people": ("people", "id"),
    "nodes": ("nodes", "id"),
    "edges": ("edges", "id"),
    "responsibilities": ("owners", "node_id"),
    "measurements": ("measurements", "node_id"),
    "sustainment_checks": ("sustainment", "kaizen_id"),
    "action_items": ("sustainment", "kaizen_id"),
    "countermeasures": ("measurements", "node_id"),
    "catchball_threads": ("threads", "id"),
    "catchball_messages": ("threads", "thread_id"),
}


def _context_columns(table: str) -> tuple[str, ...]:
    """Columns ``note_rows`` reads besides the changed ones."""
    column = _CATEGORY[table][1]
    return (column, "source_id", "target_id") if table == "edges" else (column,)


def table_of(name: str) -> Table:
    return e.Base.metadata.tables[name]


def _pk(table: Table) -> str:
    return next(iter(table.primary_key.columns)).name


def note_rows(changes: Changes, table: str, rows: Iterable[Row]) -> None:
    category, column = _CATEGORY[table]
    target: set[Any] = getattr(changes, category)
    target.update(row[column] for row in rows)
    if table == "edges":
        # A node's links are part of what a view shows of it.
        for row in rows:
            changes.nodes.update((row["source_id"], row["target_id"]))


@dataclass(frozen=True)
class Step:
    """One raw change of rows of one table."""

    action: str  # "insert" | "delete" | "update"
    table: str
    rows: tuple[Row, ...]  # full rows for insert/delete; {pk, **new values} for update
    before: tuple[Row, ...] = ()  # for update: {pk, **old values}
    context: tuple[Row, ...] = ()  # for update: what Changes needs of each row (node ids)

    def run(self, session: Session, changes: Changes) -> Step:
        """Apply the step; return its inverse."""
        table = table_of(self.table)
        pk = _pk(table)
        if self.action == "insert":
            session.execute(insert(table), [dict(r) for r in self.rows])
            note_rows(changes, self.table, self.rows)
            return Step("delete", self.table, self.rows)
        if self.action == "delete":
            ids = [r[pk] for r in self.rows]
            for chunk in _chunks(ids):
                session.execute(delete(table).where(table.c[pk].in_(chunk)))
            note_rows(changes, self.table, self.rows)
            return Step("insert", self.table, self.rows)
        for new in self.rows:
            values = {k: v for k, v in new.items() if k != pk}
            session.execute(update(table).where(table.c[pk] == new[pk]).values(values))
        note_rows(changes, self.table, self.context)
        return Step("update", self.table, self.before, self.rows, self.context)


def _chunks(ids: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


class Recorder:
    """Writes rows for an operation and records the inverse of each write."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.changes = Changes()
        self.pending = Changes()  # since the graph last caught up (see Tx.run)
        self.inverse: list[Step] = []
        self.done: list[Step] = []  # what was written, in order: the audit log reads it

    def run(self, step: Step) -> None:
        self.inverse.append(step.run(self.session, self.pending))
        self.done.append(step)

    def take_pending(self) -> Changes:
        """What changed since the last call; folded into ``changes``."""
        pending, self.pending = self.pending, Changes()
        self.changes.merge(pending)
        return pending

    def insert(self, table: str, rows: Sequence[Row]) -> None:
        if rows:
            self.run(Step("insert", table, tuple(rows)))

    def insert_one(self, table: str, values: Row) -> int:
        """Insert one row, choosing its id now so the step can be replayed exactly."""
        t = table_of(table)
        pk = _pk(t)
        if values.get(pk) is None:
            values = {**values, pk: self.next_id(table)}
        full = {c.name: values.get(c.name, _default(c)) for c in t.columns}
        self.insert(table, [full])
        return int(full[pk])

    def next_id(self, table: str) -> int:
        t = table_of(table)
        pk = t.c[_pk(t)]
        from sqlalchemy import func

        current = self.session.execute(select(func.max(pk))).scalar()
        return int(current or 0) + 1

    def delete_where(self, table: str, *criteria: Any) -> list[Row]:
        t = table_of(table)
        rows = [dict(r._mapping) for r in self.session.execute(select(t).where(*criteria))]
        if rows:
            self.run(Step("delete", table, tuple(rows)))
        return rows

    def update_where(self, table: str, values: Row, *criteria: Any) -> list[Row]:
        """Set ``values`` on every row matching ``criteria``; returns the rows as they were."""
        t = table_of(table)
        pk = _pk(t)
        rows = [dict(r._mapping) for r in self.session.execute(select(t).where(*criteria))]
        changed = [r for r in rows if any(r[k] != v for k, v in values.items())]
        if changed:
            new = tuple({pk: r[pk], **values} for r in changed)
            old = tuple({pk: r[pk], **{k: r[k] for k in values}} for r in changed)
            context = tuple({k: r[k] for k in _context_columns(table)} for r in changed)
            self.run(Step("update", table, new, old, context))
        return rows


def _default(column: Any) -> Any:
    default = column.default
    if default is not None and default.is_scalar:
        return default.arg
    return None
