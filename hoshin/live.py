"""Live updates on a shared plan: each edit tells every open app what it changed.

An edit sends ``pg_notify`` inside its own transaction, so PostgreSQL delivers the note on
commit and never for a rolled-back edit. The payload is the edit's :class:`Changes` as
JSON (ids per kind) and the sender's instance, so a plan skips its own notes. A note too
big for PostgreSQL's 8,000-byte limit says only "everything": readers then reload.

On a SQLite file there is no server to push: the app polls ``PRAGMA data_version``.
"""

from __future__ import annotations

import json
import select as io_select
from dataclasses import fields
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from hoshin.changes import Changes

CHANNEL = "hoshin_changes"
_LIMIT = 7900  # bytes; PostgreSQL refuses payloads of 8,000 and more


def encode(changes: Changes, instance: str) -> str:
    body = {f.name: sorted(getattr(changes, f.name)) for f in fields(changes)}
    payload = json.dumps({"by": instance, "c": {k: v for k, v in body.items() if v}})
    if len(payload.encode()) > _LIMIT:
        payload = json.dumps({"by": instance, "all": True})
    return payload


def decode(payload: str) -> tuple[str, Changes | None]:
    """The sender and what it changed (None: too much to list, reload everything)."""
    data = json.loads(payload)
    if data.get("all"):
        return str(data.get("by", "")), None
    changes = Changes()
    for name, ids in data.get("c", {}).items():
        if hasattr(changes, name):
            getattr(changes, name).update(ids)
    return str(data.get("by", "")), changes


def announce(session: Session, changes: Changes, instance: str) -> None:
    """Queue the note of an edit in its transaction (PostgreSQL only)."""
    if changes and session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {"channel": CHANNEL, "payload": encode(changes, instance)},
        )


class ChangeFeed:
    """A connection of its own that LISTENs for other sessions' edits of a shared plan.

    Non-blocking: :meth:`fileno` tells an event loop when to call :meth:`read`.
    """

    def __init__(self, url: str, instance: str) -> None:
        import psycopg

        self.instance = instance
        # SQLAlchemy's URL → libpq's: same host, port, user, password and database.
        parsed = make_url(url)
        params: dict[str, Any] = {
            "host": parsed.host,
            "port": parsed.port,
            "user": parsed.username,
            "password": parsed.password,
            "dbname": parsed.database,
            **{k: v for k, v in parsed.query.items() if isinstance(v, str)},
        }
        self._conn = psycopg.connect(
            **{k: v for k, v in params.items() if v is not None}, autocommit=True
        )
        self._conn.execute(f"LISTEN {CHANNEL}")

    def fileno(self) -> int:
        return self._conn.fileno()

    def read(self, timeout: float = 0.0) -> list[Changes | None]:
        """What others changed since the last read (None in the list: reload everything).

        Waits up to ``timeout`` seconds for the first note; never blocks otherwise.
        """
        out: list[Changes | None] = []
        if timeout > 0:
            io_select.select([self._conn.fileno()], [], [], timeout)
        for note in self._conn.notifies(timeout=0, stop_after=None):
            sender, changes = decode(note.payload)
            if sender != self.instance:
                out.append(changes)
        return out

    def close(self) -> None:
        self._conn.close()
