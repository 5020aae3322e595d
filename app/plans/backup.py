"""Copying an open plan to another file, safely while it is open in WAL mode.

Copying the ``.hoshin`` file with the file system would miss the edits that still sit in
its ``-wal`` companion; SQLite's online backup API copies what the database holds, through
a connection of the plan's own engine.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hoshin.model.errors import PlanError
from hoshin.plan import Plan
from hoshin.store import outputs


def save_copy(plan: Plan, destination: str | Path) -> Path:
    """Write a complete copy of ``plan`` to ``destination``, replacing a file there.

    Raises:
        PlanError: the plan is not a file, the destination is the plan itself, or the copy
            could not be written (the reason is in the message).
    """
    dest = Path(destination).resolve()
    if not plan.is_file or plan.engine.dialect.name != "sqlite":
        raise PlanError("Only a plan kept in a file can be saved as a copy.")
    if dest == Path(plan.location).resolve() or outputs.same_file(dest, plan.location):
        raise PlanError("Choose another file: a copy cannot replace the plan it copies.")
    if not dest.parent.is_dir():
        raise PlanError(f"Cannot save to {dest}: the folder {dest.parent} does not exist.")
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    raw = plan.engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        target = sqlite3.connect(tmp)
        try:
            source.backup(target)
        finally:
            target.close()
        # Write to a side file, then rename: a failed copy never leaves half a plan behind.
        for suffix in ("-wal", "-shm"):
            Path(f"{dest}{suffix}").unlink(missing_ok=True)
        tmp.replace(dest)
    except (sqlite3.Error, OSError) as exc:
        tmp.unlink(missing_ok=True)
        raise PlanError(f"Cannot save a copy to {dest}: {exc}.") from exc
    finally:
        raw.close()
    return dest
