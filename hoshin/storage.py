"""Opening and creating plan databases.

A plan is a SQLite file by default (WAL journal, foreign keys on, explicit transactions),
or any SQLAlchemy URL. Opening never writes to a file that is not a plan of a known
schema: the checks read only, and a migration runs after a backup copy of the file.
"""

from __future__ import annotations

import functools
import re
import shutil
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DatabaseError, OperationalError, SQLAlchemyError

from hoshin import rls
from hoshin.errors import NewerSchemaError, PlanError

SQLITE_MAGIC = b"SQLite format 3\x00"
PLAN_SUFFIX = ".hoshin"


def is_url(location: str) -> bool:
    return "://" in location


def _sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


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


def _on_sqlite_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")


def make_engine(location: str) -> Engine:
    """An engine for a plan path or URL, with the SQLite settings Hoshin relies on."""
    url = location if is_url(location) else _sqlite_url(Path(location).resolve())
    try:
        engine = create_engine(url)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise PlanError(f"Cannot use {location!r} as a plan location: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "connect", _on_postgresql_connect)
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
    folder = Path(__file__).with_name("migrations") / "versions"
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
    path = None if is_url(location) else Path(location)
    if path is not None:
        _check_file(path)
    engine = make_engine(location)
    try:
        stored = _stored_revision(engine, location)
        head, known = schema_revisions()
        if stored not in known:
            raise NewerSchemaError(
                f"{location} was written by a newer Hoshin (schema {stored}); "
                f"this one reads schema {head} and older. Upgrade Hoshin to open it."
            )
        if stored != head:
            if path is not None:
                backup = path.with_name(f"{path.name}.schema-{stored}.bak")
                engine.dispose()
                shutil.copy2(path, backup)
            _upgrade(engine)
        if engine.dialect.name == "sqlite":
            _set_wal(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


def _upgrade(engine: Engine) -> None:
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "head")


def create_engine_for_new_plan(location: str) -> Engine:
    """Create the schema of a new plan at a path that must not exist yet (or an empty URL)."""
    path = None if is_url(location) else Path(location)
    if path is not None:
        if path.exists():
            raise PlanError(f"{path} already exists; choose another name or delete it first.")
        if not path.parent.exists():
            raise PlanError(f"Cannot create {path}: the folder {path.parent} does not exist.")
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
        Path(f"{path}{suffix}").unlink(missing_ok=True)
