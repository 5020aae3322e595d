"""Raw reversible steps: insert, delete and update rows, each knowing its inverse.

Domain operations validate and then write only through :class:`Recorder`, which keeps the
inverse of every step. Replaying the inverses in reverse order restores the database
exactly — same ids, same values — which is what makes undo trustworthy.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast

from sqlalchemy import CursorResult, Table, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from hoshin.changes import Changes, How
from hoshin.model import entities as e
from hoshin.store import conflicts
from hoshin.store.chunks import chunks

Row = dict[str, Any]
#: What a step does to its rows.
Action = Literal["insert", "delete", "update"]
#: A mapped class whose table an edit writes (``e.Node``, ``e.Edge`` …).
Entity = type[e.Base]

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
    "a3s": ("a3s", "node_id"),
    "a3_items": ("a3s", "node_id"),
    "a3_links": ("a3s", "node_id"),
    "years": ("years", "year"),
    "reflections": ("nodes", "node_id"),
    "problems": ("problems", "id"),
    "problem_steps": ("problems", "problem_id"),
    "findings": ("findings", "id"),
}

#: How a step touches rows of the kind its table holds (a node, a link, a thread). A table
#: whose rows belong to another kind's row (an owner to a node, a message to a thread)
#: only ever updates that one (:func:`note_rows`).
HOW: Mapping[Action, How] = {"insert": "added", "delete": "removed", "update": "updated"}

#: The first of a thousand numbers from ``:first`` that this transaction could claim (a
#: number another transaction holds is passed over, not waited for; see Recorder.claim).
_CLAIM = (
    "SELECT n FROM generate_series(CAST(:first AS integer), CAST(:first AS integer) + 999) n "
    "WHERE pg_try_advisory_xact_lock(hashtext(:key), n) LIMIT 1"
)
_CLAIM_WINDOW = 1000

#: (table, id) → the version of a row this client last wrote (None: it deleted the row).
Versions = MutableMapping[tuple[str, Any], int | None]
#: Checks a step before it runs (permissions); raises to refuse it.
StepCheck = Callable[["Step"], None]
#: The version of a row as this client last saw it, or None when it keeps no record.
Seen = Callable[[str, Any], "int | None"]


def _context_columns(table: str) -> tuple[str, ...]:
    """Columns ``note_rows`` reads besides the changed ones."""
    column = CATEGORY[table][1]
    return (column, "source_id", "target_id") if table == "edges" else (column,)


def table_of(name: str) -> Table:
    return e.Base.metadata.tables[name]


def table_for(entity: Entity) -> Table:
    """The table a mapped class is stored in."""
    return table_of(str(entity.__tablename__))


def _pk(table: Table) -> str:
    return next(iter(table.primary_key.columns)).name


def note_rows(changes: Changes, table: str, rows: Iterable[Row], action: Action) -> None:
    """Put ``rows`` of ``table``, touched by ``action``, into ``changes``: how, per kind."""
    rows = list(rows)
    category, column = CATEGORY[table]
    own = column == _pk(table_of(table))
    changes.kind(category).note((row[column] for row in rows), HOW[action] if own else "updated")
    if table == "edges":
        # A node's links are part of what a view shows of it.
        changes.nodes.note(
            (i for row in rows for i in (row["source_id"], row["target_id"])), "updated"
        )


@dataclass(frozen=True)
class Step:
    """One raw change of rows of one table."""

    action: Action
    table: str  # the table's name: what the audit log and the permission rules read
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
            note_rows(changes, self.table, self.rows, "insert")
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
            note_rows(changes, self.table, self.rows, "delete")
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
        note_rows(changes, self.table, self.context, "update")
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


class Recorder:
    """Writes rows for an operation and records the inverse of each write.

    Tables are named by their mapped class (``rec.update_where(e.Edge, …)``).

    Args:
        session: the edit's transaction.
        guard: checks each step before it is written (a plan's permissions); None: none.
        seen: the version of a row as the client last read it, to refuse a stale edit.
        horizon: what the client has seen of other sessions' edits (shared plans).
        known: the versions of rows the client's earlier edits wrote, which a replay (undo,
            redo) expects; this edit's own writes go to :attr:`wrote`.
    """

    def __init__(
        self,
        session: Session,
        *,
        guard: StepCheck | None = None,
        seen: Seen | None = None,
        horizon: conflicts.Horizon | None = None,
        known: Versions | None = None,
    ) -> None:
        self.session = session
        self.changes = Changes()
        self.pending = Changes()  # since the graph last caught up (see Tx.run)
        self.inverse: list[Step] = []
        self.done: list[Step] = []  # what was written, in order: the audit log reads it
        self._guard = guard
        self._seen = seen
        self._horizon = horizon
        # The versions this client wrote last, its earlier edits' and this one's (Step.run).
        self.wrote: dict[tuple[str, Any], int | None] = {}
        self.versions: Versions = self.wrote if known is None else ChainMap(self.wrote, known)
        self._locked: set[str] = set()

    def run(self, step: Step, *, replay: bool = False) -> None:
        """Write one step. A ``replay`` (undo, redo) expects the versions this client
        wrote last; a fresh step expects what its operation just read."""
        if self._guard is not None:
            self._guard(step)
        self.inverse.append(step.run(self.session, self.pending, self.versions, replay))
        self.done.append(step)

    def take_pending(self) -> Changes:
        """What changed since the last call; folded into ``changes``."""
        pending, self.pending = self.pending, Changes()
        self.changes.merge(pending)
        return pending

    def insert(self, entity: Entity, rows: Sequence[Row]) -> None:
        """Insert full rows (ids included)."""
        if rows:
            table = table_for(entity)
            if "version" in table.c:  # full rows: undo deletes at this version
                rows = [r if "version" in r else {**r, "version": 1} for r in rows]
            self.run(Step("insert", table.name, tuple(rows)))

    def insert_one(self, entity: Entity, values: Row) -> int:
        """Insert one row, choosing its id now so the step can be replayed exactly."""
        t = table_for(entity)
        pk = _pk(t)
        if values.get(pk) is None:
            values = {**values, pk: self.next_id(entity)}
        full = {c.name: values.get(c.name, _default(c)) for c in t.columns}
        self.insert(entity, [full])
        return int(full[pk])

    def insert_new(self, entity: Entity, rows: Sequence[Row]) -> list[int]:
        """Insert many new rows in one step, ids chosen here as :meth:`insert_one` does."""
        if not rows:
            return []
        t = table_for(entity)
        pk = _pk(t)
        ids = self.new_ids(entity, len(rows))
        full = [
            {c.name: {**values, pk: ids[i]}.get(c.name, _default(c)) for c in t.columns}
            for i, values in enumerate(rows)
        ]
        self.insert(entity, full)
        return [int(r[pk]) for r in full]

    def next_id(self, entity: Entity) -> int:
        """The next id of ``entity``'s table: chosen here (not by the database) so that
        undo and redo replay the same ids."""
        return self.new_ids(entity, 1)[0]

    def new_ids(self, entity: Entity, count: int) -> list[int]:
        """Ids for ``count`` new rows of ``entity``'s table, chosen here so that undo and
        redo replay the same ids.

        A file has one writer at a time: the next ones after the highest. A shared plan
        hands them out from the table's sequence through the plan's own function
        (hoshin/shared/rls_ids.py): nothing to wait for, so no login can hold every add back by
        holding a lock; an id is never shown, and one a rolled-back edit took is skipped.
        A shared plan made before that function keeps the former way (one allocator at a
        time) until ``hoshin db upgrade``.
        """
        t = table_for(entity)
        if self._shared():
            if self._allocates():
                ids = self.session.execute(
                    text("SELECT hoshin_next_ids(:table, :count)"),
                    {"table": t.name, "count": count},
                ).scalar()
                return [int(i) for i in ids or ()]
            self._take_turns(t.name)
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
        a login writes itself the same way (hoshin/shared/rls_ids.py).
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

    def _check_seen(self, table: Table, rows: Sequence[Row]) -> None:
        """Refuse when the client's view of a row is older than the row (a stale edit)."""
        pk = _pk(table)
        if self._horizon is not None:
            self._horizon.check(self.session, table.name, [row[pk] for row in rows])
        if self._seen is None or "version" not in table.c:
            return
        for row in rows:
            seen = self._seen(table.name, row[pk])
            if seen is not None and seen != row["version"]:
                raise conflicts.stale(self.session, table.name, row[pk])

    def delete_where(self, entity: Entity, *criteria: Any) -> list[Row]:
        """Delete every row of ``entity`` matching ``criteria``; returns them."""
        t = table_for(entity)
        rows = [dict(r._mapping) for r in self.session.execute(select(t).where(*criteria))]
        if rows:
            self._check_seen(t, rows)
            self.run(Step("delete", t.name, tuple(rows)))
        return rows

    def update_where(self, entity: Entity, values: Row, *criteria: Any) -> list[Row]:
        """Set ``values`` on every row matching ``criteria``; returns the rows as they were."""
        t = table_for(entity)
        pk = _pk(t)
        rows = [dict(r._mapping) for r in self.session.execute(select(t).where(*criteria))]
        changed = [r for r in rows if any(r[k] != v for k, v in values.items())]
        if changed:
            self._check_seen(t, changed)
            new = tuple({pk: r[pk], **values} for r in changed)
            old = tuple({pk: r[pk], **{k: r[k] for k in values}} for r in changed)
            context = tuple({k: r[k] for k in _context_columns(t.name)} for r in changed)
            versions = tuple(r["version"] for r in changed) if "version" in t.c else ()
            self.run(Step("update", t.name, new, old, context, versions))
        return rows


def _default(column: Any) -> Any:
    default = column.default
    if default is not None and default.is_scalar:
        return default.arg
    return None
