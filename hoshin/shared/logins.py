"""Database logins of a shared plan: one PostgreSQL role per person, made by the owner.

A role of the server is never taken over: a name that exists and is not already this
person's login is refused, as are the server's own names and the owner's. The name is
always quoted as an identifier; the password never reaches the server as text — the
client hashes it (SCRAM-SHA-256, as ``psql``'s ``\\password`` does) and the server keeps
the hash, so a statement log shows a salted hash, not the password.
"""

from __future__ import annotations

from typing import Any

from psycopg import sql
from sqlalchemy import Connection, text

from hoshin.model.errors import PlanError
from hoshin.operations.access import LOGIN
from hoshin.shared.rls import group_name

#: Names PostgreSQL gives a meaning of its own, or that every cluster has.
RESERVED = frozenset(
    {"postgres", "public", "none", "all", "user", "current_user", "current_role",
     "session_user", "system_user"}
)  # fmt: skip

#: What a person's session may hold before the server ends it: guards against a
#: forgotten open transaction; a login can lift them for its own session (see
#: docs/security.md), the app's own edits give up on a held lock after 10 s regardless.
SESSION_LIMITS = {
    "idle_in_transaction_session_timeout": "5min",
    "lock_timeout": "10s",
    "statement_timeout": "5min",
}


def check(conn: Connection, login: str, current: str | None) -> None:
    """Refuse ``login`` for a person whose login is ``current`` now, before anything is
    written.

    Raises:
        PlanError: the name is malformed, reserved, the owner's, or a role of the server
            that is not this person's login already; the plan has no group of its own yet.
    """
    if not LOGIN.match(login):
        raise PlanError(
            f"{login!r} cannot be a login: use lower-case letters, digits and _, starting "
            "with a letter, at most 63."
        )
    owner = str(conn.execute(text("SELECT current_user")).scalar())
    if login in RESERVED or login.startswith(("pg_", "hoshin_")) or login == owner:
        raise PlanError(f"{login} is a name the database server keeps for itself; choose another.")
    group = group_name(str(conn.execute(text("SELECT current_database()")).scalar()))
    made = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :g"), {"g": group})
    if made.first() is None:
        raise PlanError(
            f"This plan has no group {group} yet (an older Hoshin made it): run "
            "hoshin db upgrade URL as its owner first."
        )
    found = conn.execute(
        text("SELECT rolsuper OR rolcreaterole OR rolbypassrls FROM pg_roles WHERE rolname = :r"),
        {"r": login},
    ).first()
    if found is not None and (login != current or found[0]):
        raise PlanError(
            f"A database role named {login} exists already and is not this person's login; "
            "Hoshin does not take over roles of the server. Choose another name."
        )


def create(conn: Connection, login: str, password: str | None, previous: str | None) -> None:
    """Create (or update) ``login`` in the plan's group, in ``conn``'s transaction; the
    ``previous`` login of the person, if another, may no longer log in."""
    driver: Any = conn.connection.driver_connection
    database = str(conn.execute(text("SELECT current_database()")).scalar())
    name, group = sql.Identifier(login), sql.Identifier(group_name(database))
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": login}).first()
    make = "ALTER ROLE {} LOGIN" if exists else "CREATE ROLE {} LOGIN"
    statements = [
        sql.SQL(make + " NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS").format(
            name
        ),
        sql.SQL("GRANT {} TO {}").format(group, name),
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), name),
    ]
    for setting, value in SESSION_LIMITS.items():
        statements.append(
            sql.SQL("ALTER ROLE {} IN DATABASE {} SET {} = {}").format(
                name, sql.Identifier(database), sql.Identifier(setting), sql.Literal(value)
            )
        )
    if password is not None:
        hashed = driver.pgconn.encrypt_password(
            password.encode(), login.encode(), b"scram-sha-256"
        ).decode()
        statements.append(sql.SQL("ALTER ROLE {} PASSWORD {}").format(name, sql.Literal(hashed)))
    if previous and previous != login:
        gone = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": previous})
        if gone.first():
            old = sql.Identifier(previous)
            statements.append(sql.SQL("ALTER ROLE {} NOLOGIN").format(old))
            statements.append(sql.SQL("REVOKE {} FROM {}").format(group, old))
            statements.append(
                sql.SQL("REVOKE CONNECT ON DATABASE {} FROM {}").format(
                    sql.Identifier(database), old
                )
            )
    cursor = driver.cursor()
    try:
        for statement in statements:
            cursor.execute(statement)
    finally:
        cursor.close()
