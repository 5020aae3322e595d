"""Live updates on a shared plan: each edit tells every open app what it changed.

An edit sends ``pg_notify`` inside its own transaction, so PostgreSQL delivers the note on
commit and never for a rolled-back edit. The payload is the edit's :class:`Changes` as
JSON (ids per kind, and which of them were added or removed: the rest were updated) and
the sender's instance, so a plan skips its own notes. A note too
big for PostgreSQL's 8,000-byte limit says only "everything": readers then reload.

On a SQLite file there is no server to push: the app polls ``PRAGMA data_version``.
"""

from __future__ import annotations

import json
import select as io_select
from dataclasses import dataclass

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from hoshin.changes import KINDS, Changes

CHANNEL = "hoshin_changes"
_LIMIT = 7900  # bytes; PostgreSQL refuses payloads of 8,000 and more


@dataclass(frozen=True)
class Note:
    """Another session's edit: what it changed (None: too much to list, read everything
    again) and the last audit id it wrote (what a reader has now seen)."""

    changes: Changes | None
    upto: int


def encode(changes: Changes, instance: str, upto: int = 0) -> str:
    kinds = [(name, changes.kind(name)) for name in KINDS]
    data: dict[str, object] = {
        "by": instance,
        "upto": upto,
        "c": {name: sorted(rows) for name, rows in kinds if rows},
    }
    added = {name: sorted(rows.added) for name, rows in kinds if rows.added}
    removed = {name: sorted(rows.removed) for name, rows in kinds if rows.removed}
    if added:
        data["+"] = added
    if removed:
        data["-"] = removed
    payload = json.dumps(data)
    if len(payload.encode()) > _LIMIT:
        payload = json.dumps({"by": instance, "upto": upto, "all": True})
    return payload


def decode(payload: str) -> tuple[str, Note] | None:
    """The sender and its note; None for a payload Hoshin did not write.

    Any login may send a note on the channel, so nothing in it is trusted beyond what a
    reader re-reads anyway: ids of the right type (a name for settings, else a number)
    and an audit id that the reader checks against the log (:meth:`ChangeFeed.read`).
    """
    try:
        data = json.loads(payload)
        sender, upto = str(data.get("by", "")), int(data.get("upto", 0))
        if data.get("all"):
            return sender, Note(None, upto)
        changes = Changes()
        added, removed = data.get("+", {}), data.get("-", {})
        for name, ids in data.get("c", {}).items():
            if name not in KINDS or not isinstance(ids, list):
                continue
            kind = str if name == "settings" else int
            came_ids, went_ids = added.get(name, []), removed.get(name, [])
            if not all(isinstance(x, list) for x in (came_ids, went_ids)):
                return None
            if not all(type(i) is kind for i in (*ids, *came_ids, *went_ids)):
                return None
            came, went = set(came_ids), set(went_ids)
            rows = changes.kind(name)
            rows.note((i for i in ids if i not in came and i not in went), "updated")
            rows.note((i for i in ids if i in came), "added")
            rows.note((i for i in ids if i in went), "removed")
    except (ValueError, TypeError, AttributeError, RecursionError):
        return None
    return sender, Note(changes, upto)


def announce(session: Session, changes: Changes, instance: str, upto: int = 0) -> None:
    """Queue the note of an edit in its transaction (PostgreSQL only)."""
    if changes and session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {"channel": CHANNEL, "payload": encode(changes, instance, upto)},
        )


class ChangeFeed:
    """A connection of its own that LISTENs for other sessions' edits of a shared plan.

    Non-blocking: :meth:`fileno` tells an event loop when to call :meth:`read`.
    """

    def __init__(self, engine: Engine, instance: str) -> None:
        self.instance = instance
        # Outside the engine's pool (a listening connection is never handed to an edit),
        # but opened with the engine's own connect arguments: same server, login, options.
        cargs, cparams = engine.dialect.create_connect_args(engine.url)
        self._conn = engine.dialect.connect(*cargs, **cparams)
        self._conn.autocommit = True
        self._conn.execute(f"LISTEN {CHANNEL}")

    def fileno(self) -> int:
        return self._conn.fileno()

    def read(self, timeout: float = 0.0) -> list[Note]:
        """Other sessions' notes since the last read, oldest first.

        Waits up to ``timeout`` seconds for the first note; never blocks otherwise.
        """
        out: list[Note] = []
        if timeout > 0:
            io_select.select([self._conn.fileno()], [], [], timeout)
        for note in self._conn.notifies(timeout=0, stop_after=None):
            found = decode(note.payload)
            if found is not None and found[0] != self.instance:
                out.append(found[1])
        if out:
            # A note may claim any audit id; a reader's horizon moves no further than the
            # log really goes, or it would miss the edits in between.
            top = self._conn.execute("SELECT max(id) FROM audit_log").fetchone()
            high = int(top[0] or 0) if top else 0
            out = [Note(n.changes, min(n.upto, high)) for n in out]
        return out

    def close(self) -> None:
        self._conn.close()
