"""Raw reversible steps: insert, delete and update rows, each knowing its inverse.

Domain operations validate and then write only through :class:`Recorder`, which keeps the
inverse of every step. Replaying the inverses in reverse order restores the database
exactly — same ids, same values — which is what makes undo trustworthy.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Callable, Iterable, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, Table, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from hoshin import conflicts
from hoshin import entities as e
from hoshin.changes import Changes

Row = dict[str, Any]

#: Which ``Changes`` field a table's rows belong to, and the column that names the id there.
CATEGORY: dict[str, tuple[str, str]] = {
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
    "unit_roles": ("roles", "person_id"),
}

#: The first of a thousand numbers from ``:first`` that this transaction could claim (a
#: number another transaction holds is passed over, not waited for; see Recorder.claim).
_CLAIM = (
    "SELECT n FROM generate_series(CAST(:first AS integer), CAST(:first AS integer) + 999) n "
    "WHERE pg_try_advisory_xact_lock(hashtext(:key), n) LIMIT 1"
)
_CLAIM_WINDOW = 1000

#: (table, id) → the version of a row this client last wrote (None: it deleted the row).
Versions = MutableMapping[tuple[str, Any], int | None]
#: Guards a step before it runs (permissions); raises to refuse it.
Guard = Callable[["Step"], None]
#: The version of a row as this client last saw it, or None when it keeps no record.
Seen = Callable[[str, Any], "int | None"]


def _context_columns(table: str) -> tuple[str, ...]:
    """Columns ``note_rows`` reads besides the changed ones."""
    column = CATEGORY[table][1]
    return (column, "source_id", "target_id") if table == "edges" else (column,)


def table_of(name: str) -> Table:
    return e.Base.metadata.tables[name]


def _pk(table: Table) -> str:
    return next(iter(table.primary_key.columns)).name


def note_rows(changes: Changes, table: str, rows: Iterable[Row]) -> None:
    category, column = CATEGORY[table]
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
    versions: tuple[int, ...] = ()  # for update of a versioned table: each row's expected

    def run(
        self,
        session: Session,
        changes: Changes,
        known: Versions | None = None,
        replay: bool = False,
    ) -> Step:
        """Apply the step; return its inverse.

        ``known`` maps (table, id) to the version this client last wrote of a row; the
        versions this step writes are put into it. A ``replay`` (undo, redo) expects that
        version rather than the one it recorded: the client's own later edits and undos
        raised it since, and only someone else's write makes the two differ.

        Raises:
            StaleEditError: a row is not at the version this step expects: someone else
                changed or deleted it since (optimistic locking).
        """
        table = table_of(self.table)
        pk = _pk(table)
        versioned = "version" in table.c
        written: Versions = {} if known is None else known
        mine = written if replay else {}
        if self.action == "insert":
            session.execute(insert(table), [dict(r) for r in self.rows])
            note_rows(changes, self.table, self.rows)
            if versioned:
                written.update(((self.table, r[pk]), r["version"]) for r in self.rows)
            return Step("delete", self.table, self.rows)
        if self.action == "delete":
            ids = [r[pk] for r in self.rows]
            if versioned:
                wanted = {r[pk]: mine.get((self.table, r[pk])) or r["version"] for r in self.rows}
                _check_versions(session, table, wanted)
            for chunk in chunks(ids):
                gone = _rowcount(session.execute(delete(table).where(table.c[pk].in_(chunk))))
                if versioned and gone < len(chunk):  # the rows are there: policies kept them
                    raise conflicts.refused(self.table, "remove")
            if versioned:
                written.update(((self.table, row_id), None) for row_id in ids)
            note_rows(changes, self.table, self.rows)
            return Step("insert", self.table, self.rows)
        after: list[int] = []
        for index, new in enumerate(self.rows):
            values = {k: v for k, v in new.items() if k != pk}
            stmt = update(table).where(table.c[pk] == new[pk])
            expected: int | None = None
            if versioned and self.versions:
                expected = mine.get((self.table, new[pk])) or self.versions[index]
                stmt = stmt.where(table.c.version == expected)
                values["version"] = expected + 1
            if _rowcount(session.execute(stmt.values(values))) == 0 and versioned:
                raise conflicts.stale(session, self.table, new[pk], expected)
            if expected is not None:
                written[(self.table, new[pk])] = expected + 1
                after.append(expected + 1)
        note_rows(changes, self.table, self.context)
        return Step("update", self.table, self.before, self.rows, self.context, tuple(after))


def _rowcount(result: Any) -> int:
    """Rows a DML statement matched (a CursorResult's, which ``execute`` types loosely)."""
    return int(cast(CursorResult[Any], result).rowcount)


def _check_versions(session: Session, table: Table, expected: dict[Any, int]) -> None:
    """Lock the rows about to be deleted and refuse if any changed since it was read."""
    pk = table.c[_pk(table)]
    for chunk in chunks(list(expected)):
        stmt = select(pk, table.c.version).where(pk.in_(chunk))
        if session.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        found = {row[0]: row[1] for row in session.execute(stmt)}
        for row_id in chunk:
            if found.get(row_id) != expected[row_id]:
                raise conflicts.stale(session, table.name, row_id)


def chunks(ids: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
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
        self.guard: Guard | None = None
        self.seen: Seen | None = None
        self.horizon: conflicts.Horizon | None = None
        # The versions this client wrote last, its earlier edits' and this one's (Step.run).
        self.wrote: dict[tuple[str, Any], int | None] = {}
        self.versions: Versions = self.wrote
        self._locked: set[str] = set()

    def follow(self, known: dict[tuple[str, Any], int | None]) -> None:
        """Expect, on replay, the versions of the client's earlier edits (``known``);
        this edit's own writes go to :attr:`wrote`."""
        self.versions = ChainMap(self.wrote, known)

    def run(self, step: Step, *, replay: bool = False) -> None:
        """Write one step. A ``replay`` (undo, redo) expects the versions this client
        wrote last; a fresh step expects what its operation just read."""
        if self.guard is not None:
            self.guard(step)
        self.inverse.append(step.run(self.session, self.pending, self.versions, replay))
        self.done.append(step)

    def take_pending(self) -> Changes:
        """What changed since the last call; folded into ``changes``."""
        pending, self.pending = self.pending, Changes()
        self.changes.merge(pending)
        return pending

    def insert(self, table: str, rows: Sequence[Row]) -> None:
        if rows:
            if "version" in table_of(table).c:  # full rows: undo deletes at this version
                rows = [r if "version" in r else {**r, "version": 1} for r in rows]
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

    def insert_new(self, table: str, rows: Sequence[Row]) -> list[int]:
        """Insert many new rows in one step, ids chosen here as :meth:`insert_one` does."""
        if not rows:
            return []
        t = table_of(table)
        pk = _pk(t)
        ids = self.new_ids(table, len(rows))
        full = [
            {c.name: {**values, pk: ids[i]}.get(c.name, _default(c)) for c in t.columns}
            for i, values in enumerate(rows)
        ]
        self.insert(table, full)
        return [int(r[pk]) for r in full]

    def next_id(self, table: str) -> int:
        """The next id of ``table``: chosen here (not by the database) so that undo and
        redo replay the same ids."""
        return self.new_ids(table, 1)[0]

    def new_ids(self, table: str, count: int) -> list[int]:
        """Ids for ``count`` new rows of ``table``, chosen here so that undo and redo
        replay the same ids.

        A file has one writer at a time: the next ones after the highest. A shared plan
        hands them out from the table's sequence through the plan's own function
        (hoshin/rls_ids.py): nothing to wait for, so no login can hold every add back by
        holding a lock; an id is never shown, and one a rolled-back edit took is skipped.
        A shared plan made before that function keeps the former way (one allocator at a
        time) until ``hoshin db upgrade``.
        """
        if self._shared():
            if self._allocates():
                ids = self.session.execute(
                    text("SELECT hoshin_next_ids(:table, :count)"),
                    {"table": table, "count": count},
                ).scalar()
                return [int(i) for i in ids or ()]
            self._take_turns(table)
        t = table_of(table)
        current = int(self.session.execute(select(func.max(t.c[_pk(t)]))).scalar() or 0)
        return list(range(current + 1, current + 1 + count))

    def claim(self, name: str, highest: Callable[[], int]) -> int:
        """The number of a new code (``KZ-141``, ``P-25``): the next after ``highest()``
        (the highest in use) that no other transaction is handing out now.

        ``name`` says which numbers (``code:KZ``, ``key:people:P``). On a shared plan each
        number is claimed with a transaction-scoped advisory lock taken without waiting: a
        number another transaction holds (another edit's new code, or a login's that
        holds it on purpose) is skipped, never waited for; once a number is claimed,
        ``highest()`` is read again (each statement sees what committed), so one
        committed meanwhile is skipped too. Codes stay dense as in a file: the number of
        a rolled-back or undone add is given again. The plan's triggers claim the numbers
        a login writes itself the same way (hoshin/rls_ids.py).
        """
        first = highest() + 1
        if not self._shared():
            return first  # one writer at a time
        while True:
            got = self.session.execute(
                text(_CLAIM), {"key": f"hoshin:{name}", "first": first}
            ).scalar()
            if got is None:  # a thousand numbers held: look further
                first += _CLAIM_WINDOW
                continue
            top = highest()
            if int(got) > top:
                return int(got)
            first = top + 1

    def _shared(self) -> bool:
        return self.session.get_bind().dialect.name == "postgresql"

    def _allocates(self) -> bool:
        """Whether the plan's database hands out ids (hoshin_next_ids); asked once per
        connection."""
        info = self.session.connection().info
        if "hoshin_next_ids" not in info:
            found = self.session.execute(
                text("SELECT to_regprocedure('hoshin_next_ids(text, integer)') IS NOT NULL")
            ).scalar()
            info["hoshin_next_ids"] = bool(found)
        return bool(info["hoshin_next_ids"])

    def _take_turns(self, name: str) -> None:
        """A plan made before hoshin_next_ids: allocators of ``name`` take turns (an
        advisory lock held until commit, which a login could hold too)."""
        if name in self._locked:
            return
        self._locked.add(name)
        self.session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"hoshin:{name}"}
        )

    def _check_seen(self, table: str, rows: Sequence[Row]) -> None:
        """Refuse when the client's view of a row is older than the row (a stale edit)."""
        pk = _pk(table_of(table))
        if self.horizon is not None:
            self.horizon.check(self.session, table, [row[pk] for row in rows])
        if self.seen is None or "version" not in table_of(table).c:
            return
        for row in rows:
            seen = self.seen(table, row[pk])
            if seen is not None and seen != row["version"]:
                raise conflicts.stale(self.session, table, row[pk])

    def delete_where(self, table: str, *criteria: Any) -> list[Row]:
        t = table_of(table)
        rows = [dict(r._mapping) for r in self.session.execute(select(t).where(*criteria))]
        if rows:
            self._check_seen(table, rows)
            self.run(Step("delete", table, tuple(rows)))
        return rows

    def update_where(self, table: str, values: Row, *criteria: Any) -> list[Row]:
        """Set ``values`` on every row matching ``criteria``; returns the rows as they were."""
        t = table_of(table)
        pk = _pk(t)
        rows = [dict(r._mapping) for r in self.session.execute(select(t).where(*criteria))]
        changed = [r for r in rows if any(r[k] != v for k, v in values.items())]
        if changed:
            self._check_seen(table, changed)
            new = tuple({pk: r[pk], **values} for r in changed)
            old = tuple({pk: r[pk], **{k: r[k] for k in values}} for r in changed)
            context = tuple({k: r[k] for k in _context_columns(table)} for r in changed)
            versions = tuple(r["version"] for r in changed) if "version" in t.c else ()
            self.run(Step("update", table, new, old, context, versions))
        return rows


def _default(column: Any) -> Any:
    default = column.default
    if default is not None and default.is_scalar:
        return default.arg
    return None
