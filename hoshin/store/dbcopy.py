"""Copying a whole plan between databases: a file and PostgreSQL, either way.

Rows are copied table by table, parents first, in bulk; the destination's schema is made
by the same migrations as any new plan. Nothing is lost: a copy back compares equal.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Table, func, insert, select, text, update

from hoshin.model import entities as e
from hoshin.model.errors import PlanError
from hoshin.store import new_file, storage

CHUNK = 5000
Progress = Callable[[str, int], None]


def copy_plan(source: str, destination: str, progress: Progress | None = None) -> int:
    """Copy the plan at ``source`` into ``destination`` (a new file, or an empty database).

    Returns the number of rows copied. A destination file is built under a temporary name
    and appears only when complete; a destination database is left empty of Hoshin tables
    only if it was created here.
    """
    if storage.is_url(destination):
        return _copy(source, destination, progress)
    with new_file.building(Path(destination)) as tmp:
        return _copy(source, str(tmp), progress)


def _copy(source: str, destination: str, progress: Progress | None) -> int:
    src = storage.open_engine(source)
    try:
        dst = storage.create_engine_for_new_plan(destination)
    except BaseException:
        src.dispose()
        raise
    try:
        with src.connect() as read, storage.for_writing(dst).begin() as write:
            total = 0
            for table in e.Base.metadata.sorted_tables:
                if table.name in e.DERIVED_TABLES:
                    continue  # the destination's own triggers make it from the copied rows
                total += _copy_table(read, write, table, progress)
            if dst.dialect.name == "postgresql":
                _reset_sequences(write)
        return total
    except BaseException as exc:
        dst.dispose()
        if not storage.is_url(destination):
            storage.remove_plan_files(Path(destination))
        if isinstance(exc, PlanError):
            raise
        if not isinstance(exc, Exception):
            raise
        raise PlanError(f"Copying to {destination} failed: {exc}") from exc
    finally:
        src.dispose()
        dst.dispose()


def _copy_table(
    read: Connection, write: Connection, table: Table, progress: Progress | None
) -> int:
    # A column pointing into its own table (units.parent_id, nodes.effect_target_id) is
    # filled afterwards, so that rows may come in any order.
    self_refs = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    pk = next(iter(table.primary_key.columns))
    later: list[dict[str, object]] = []
    copied = 0
    result = read.execute(select(table).order_by(pk)).yield_per(CHUNK)
    for rows in result.partitions():
        batch = [dict(r._mapping) for r in rows]
        for row in batch:
            refs = {c: row[c] for c in self_refs if row[c] is not None}
            if refs:
                later.append({"_pk": row[pk.name], **refs})
                row.update(dict.fromkeys(refs))
        write.execute(insert(table), batch)
        copied += len(batch)
        if progress:
            progress(table.name, copied)
    for row in later:
        values = {k: v for k, v in row.items() if k != "_pk"}
        write.execute(update(table).where(pk == row["_pk"]).values(values))
    return copied


def _reset_sequences(write: Connection) -> None:
    """Explicit ids leave PostgreSQL's sequences behind; move each past its table's max."""
    for table in e.Base.metadata.sorted_tables:
        pk = next(iter(table.primary_key.columns))
        if not pk.autoincrement or str(pk.type) != "INTEGER":
            continue
        highest = write.execute(select(func.max(pk))).scalar()
        if highest:
            write.execute(
                text("SELECT setval(pg_get_serial_sequence(:t, :c), :v)"),
                {"t": table.name, "c": pk.name, "v": highest},
            )
