"""Opening and creating plan databases.

A plan is a SQLite file by default (WAL journal, foreign keys on, explicit transactions),
or any SQLAlchemy URL. Opening never writes to a file that is not a plan of a known
schema: the checks read only, and a migration runs after a backup copy of the file.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import sqlite3
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.exc import (
    ArgumentError,
    DatabaseError,
    DBAPIError,
    OperationalError,
    SQLAlchemyError,
)

from hoshin.model.errors import NewerSchemaError, PlanError
from hoshin.shared import rls
from hoshin.store.outputs import SQLITE_MAGIC

PLAN_SUFFIX = ".hoshin"

#: Any failure of the database or its driver while reading: what the shell catches where
#: an unreadable plan must not stop it (SQLAlchemy's base error, named here so that the
#: shell need not import SQLAlchemy).
DatabaseFailure = SQLAlchemyError


def is_url(location: str) -> bool:
    return "://" in location


#: How a plan file is opened, as SQLite's URI ``mode``: ``rw`` never creates the file (an
#: existing plan), ``rwc`` may (a new one), ``ro`` never writes, and ``immutable`` also
#: creates no -wal/-shm beside it, for a folder the reader may not (or should not) write in.
_MODES = {"rw": "mode=rw", "new": "mode=rwc", "ro": "mode=ro", "immutable": "mode=ro&immutable=1"}
_read_only: weakref.WeakSet[Engine] = weakref.WeakSet()


def _sqlite_creator(path: Path, access: str) -> Callable[[], sqlite3.Connection]:
    # SQLite's own URI, quoted by us: SQLAlchemy's URL would read a "?" or "#" in a folder's
    # name as its query or fragment, and unquote a "%41", and open (or create) another file.
    uri = f"file:{quote(str(path))}?{_MODES[access]}"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, check_same_thread=False)

    return connect


def sqlite_file(location: str) -> Path | None:
    """The file of a plan given as a path or as an ``sqlite:///`` URL; None for a server."""
    if not is_url(location):
        return Path(location)
    try:
        url = make_url(location)
    except ArgumentError:
        return None
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    return None if database.startswith("file:") else Path(database)


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def read_access(path: Path) -> str:
    """How to open an existing plan file: ``rw`` where this user may write it and its folder;
    else read only, touching nothing. A plan open elsewhere has its -wal and -shm already:
    read through them (``ro``); a closed one is all in its file (``immutable``), so reading
    leaves no -wal/-shm owned by this user to break the owner's next edit."""
    if _writable(path):
        return "rw"
    if Path(f"{path}-wal").exists() and Path(f"{path}-shm").exists():
        return "ro"
    return "immutable"


def is_read_only(engine: Engine) -> bool:
    return engine in _read_only


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy issue BEGIN itself, so each edit is one real transaction
    # (pysqlite would otherwise start it late and commit DDL implicitly).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    # WAL with NORMAL sync survives an app crash; only a power cut may lose the last edit.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


#: How long an edit on a shared plan waits for a lock another session holds (a login can
#: lock a table it may write, or sit on an open transaction) before it gives up with a
#: sentence, instead of freezing the app.
LOCK_TIMEOUT = "10s"


def _on_postgresql_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    cursor.close()
    dbapi_connection.commit()


#: The execution option that marks a connection about to write (see :func:`for_writing`).
WRITES = "hoshin_writes"


def _on_sqlite_begin(conn: Any) -> None:
    # An edit reads, then writes: begun deferred, it holds a read snapshot when it asks for
    # the write lock, and SQLite refuses at once ("database is locked") instead of waiting
    # the busy timeout, since waiting could not help a stale snapshot. Taking the write
    # lock up front makes concurrent edits queue; reads stay deferred and concurrent (WAL).
    immediate = conn.get_execution_options().get(WRITES)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def for_writing(engine: Engine) -> Engine:
    """The engine, for a transaction that will write: on SQLite it takes the write lock
    when it begins (and waits its turn within the busy timeout)."""
    return engine.execution_options(**{WRITES: True})


def make_engine(location: str, access: str = "new") -> Engine:
    """An engine for a plan path or URL, with the SQLite settings Hoshin relies on.

    ``access`` (a path only): ``new`` (the file may be created), ``rw`` (it must exist),
    ``ro`` or ``immutable`` (see :func:`read_access`).
    """
    try:
        if is_url(location):
            engine = create_engine(location)
        else:
            path = Path(location).resolve()
            engine = create_engine(
                f"sqlite+pysqlite:///{quote(str(path))}", creator=_sqlite_creator(path, access)
            )
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise PlanError(f"Cannot use {location!r} as a plan location: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "connect", _on_postgresql_connect)
    if access in ("ro", "immutable"):
        _read_only.add(engine)
    return engine


def _set_wal(engine: Engine) -> None:
    """Switch a SQLite plan to WAL; outside any transaction, as SQLite requires."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() != "wal":
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()
    finally:
        raw.close()


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "hoshin:migrations")
    cfg.attributes["connection"] = connection
    return cfg


_REVISION = re.compile(r"^(down_)?revision\s*=\s*['\"]?([\w]+|None)['\"]?", re.MULTILINE)


@functools.cache
def schema_revisions() -> tuple[str, list[str]]:
    """The head revision this Hoshin writes, and every revision it can upgrade from.

    Read from the migration files themselves: importing Alembic costs most of a second of
    start-up, and it is only needed when a plan has to be upgraded.
    """
    parents: dict[str, str | None] = {}
    folder = Path(__file__).parent.parent / "migrations" / "versions"
    for path in folder.glob("*.py"):
        found = dict((bool(down), rev) for down, rev in _REVISION.findall(path.read_text()))
        if False in found:
            parents[found[False]] = None if found.get(True) in (None, "None") else found[True]
    children = {parent for parent in parents.values() if parent}
    heads = [rev for rev in parents if rev not in children]
    if len(heads) != 1:
        raise PlanError(f"This Hoshin's migrations have {len(heads)} heads; it is damaged.")
    return heads[0], sorted(parents)


def _check_file(path: Path) -> None:
    if not path.exists():
        raise PlanError(f"No plan at {path}: the file does not exist.")
    if path.is_dir():
        raise PlanError(f"{path} is a folder, not a plan file.")
    try:
        with path.open("rb") as handle:
            magic = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise PlanError(f"Cannot read {path}: {exc.strerror}.") from exc
    if magic != SQLITE_MAGIC:
        raise PlanError(f"{path} is not a Hoshin plan (it is not an SQLite database).")


def _stored_revision(engine: Engine, location: str) -> str:
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            if "alembic_version" not in tables or "settings" not in tables:
                raise PlanError(f"{location} is a database but not a Hoshin plan.")
            row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    except (DatabaseError, OperationalError) as exc:
        raise PlanError(f"{location} cannot be read as a plan: {exc.orig}.") from exc
    if row is None:
        raise PlanError(f"{location} is a Hoshin plan without a schema version; it is damaged.")
    return str(row[0])


def open_engine(location: str) -> Engine:
    """Open an existing plan, upgrading its schema if it is older than this Hoshin.

    Raises:
        PlanError: the location is missing, not a plan, or damaged.
        NewerSchemaError: the plan was written by a newer Hoshin.
    """
    path = sqlite_file(location)
    access = "rw"
    if path is not None:
        _check_file(path)  # never creates the file, even given as an sqlite:/// URL
        access = read_access(path)
        location_used = str(path)
    else:
        location_used = location
    engine = make_engine(location_used, access)
    try:
        stored = _stored_revision(engine, location)
        head, known = schema_revisions()
        if stored not in known:
            raise NewerSchemaError(
                f"{location} was written by a newer Hoshin (schema {stored}); "
                f"this one reads schema {head} and older. Upgrade Hoshin to open it."
            )
        if stored != head and access != "rw":
            raise PlanError(
                f"{location} has an older schema ({stored}) and is read-only for you; "
                "open it once with write access so that Hoshin can upgrade it."
            )
        if stored != head:
            backup = None
            if path is not None:
                backup = path.with_name(f"{path.name}.schema-{stored}.bak")
                engine.dispose()
                made = not backup.exists()
                shutil.copy2(path, backup)
            try:
                _upgrade(engine)
            except (SQLAlchemyError, sqlite3.Error) as exc:
                # The upgrade is one transaction: rolled back, the plan is as it was, and
                # the backup of this attempt says nothing the plan does not.
                if backup is not None and made:
                    backup.unlink(missing_ok=True)
                raise PlanError(
                    f"{location} could not be upgraded from schema {stored} to {head}: "
                    f"{explain(exc)}. The plan is unchanged."
                ) from exc
            if engine.dialect.name == "postgresql":
                _secure_upgraded(engine, location)
        if engine.dialect.name == "sqlite" and access == "rw":
            _set_wal(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


def _upgrade(engine: Engine) -> None:
    """Upgrade the schema to the head, in one transaction.

    On SQLite a step that rebuilds a table (copy, drop, rename: SQLite's way to alter one)
    runs with foreign keys off, as SQLite asks: dropping the old table with them on would
    delete every row that refers to it by cascade. They are checked before the commit.
    """
    from alembic import command

    with for_writing(engine).connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        raw = conn.connection.dbapi_connection
        if sqlite and raw is not None:  # only outside a transaction, so on the driver's own
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                command.upgrade(_alembic_config(conn), "head")
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").first()
                    if broken is not None:
                        raise PlanError(f"the upgrade left a broken reference in {broken[0]}")
        finally:
            if sqlite and raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")


def _secure_upgraded(engine: Engine, location: str) -> None:
    """The grants and policies of a shared plan its owner just upgraded by opening it: a
    table the upgrade added (month_figures) is otherwise no login's to read until
    ``hoshin db upgrade`` runs, and every chart reading it fails for them."""
    try:
        with engine.begin() as conn:
            rls.install(conn)
    except SQLAlchemyError as exc:
        raise PlanError(
            f"{location} was upgraded, but its permissions could not be brought up to date: "
            f"{explain(exc)}. Run hoshin db upgrade URL as the plan's owner."
        ) from exc


def create_engine_for_new_plan(location: str) -> Engine:
    """Create the schema of a new plan at a path that must not exist yet (or an empty URL)."""
    path = None if is_url(location) else Path(location)
    if path is not None:
        if path.exists():
            raise PlanError(f"{path} already exists; choose another name or delete it first.")
        if not path.parent.is_dir():
            why = "is a file" if path.parent.exists() else "does not exist"
            raise PlanError(f"Cannot create {path}: the folder {path.parent} {why}.")
    engine = make_engine(location)
    try:
        if path is not None:
            _set_wal(engine)
        else:
            with engine.connect() as conn:
                if inspect(conn).get_table_names():
                    raise PlanError(f"{location} already holds tables; use an empty database.")
        _upgrade(engine)
        if engine.dialect.name == "postgresql":
            # Every shared plan enforces its roles from the start, however it was made (the
            # app's New, the CLI, a copy, the generators).
            with engine.begin() as conn:
                rls.install(conn)
    except BaseException as exc:
        engine.dispose()
        if path is not None:
            remove_plan_files(path)
        if isinstance(exc, (OperationalError, DatabaseError)):
            raise PlanError(f"Cannot create a plan at {location}: {exc.orig}.") from exc
        raise
    return engine


def remove_plan_files(path: Path) -> None:
    """Delete a plan file and its WAL companions (used when creation fails half-way)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        # Nothing was made where it cannot be removed (under a file, in a read-only folder).
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def explain(exc: BaseException) -> str:
    """A database error as a sentence a person can act on: the driver's reason, no SQL."""
    orig = getattr(exc, "orig", None) or exc
    reason = " ".join(str(orig).split()) or type(orig).__name__
    low = reason.lower()
    if "malformed" in low or "not a database" in low or "corrupt" in low:
        return (
            f"the plan file is damaged ({reason}); restore it from a backup, or copy "
            "what can still be read with the sqlite3 tool's .recover"
        )
    if "locked" in low or "busy" in low:
        return f"the plan is busy in another program ({reason}); try again in a moment"
    if "readonly" in low or "read-only" in low:
        return f"the plan file may not be written by you ({reason})"
    return reason


def refusal(exc: BaseException) -> str | None:
    """Why the database refused, as a sentence, when ``exc`` is the database's refusal
    (a damaged or locked file), not a bug; else None."""
    if isinstance(exc, DBAPIError | sqlite3.DatabaseError):
        reason = explain(exc)
        return reason[:1].upper() + reason[1:] + "."
    return None
