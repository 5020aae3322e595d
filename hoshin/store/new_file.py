"""A new plan file appears complete or not at all.

An import or a copy takes seconds to minutes; killed half-way, it used to leave a plan
file that opened as a valid empty plan, and every re-run was refused until someone deleted
it. Now the plan is built under a hidden temporary name in the same folder (so the final
rename stays on one file system) and renamed into place only when complete, its journal
checkpointed and its bytes on disk. The temporary name carries the building process's id:
the next run towards the same name removes what a dead process left.
"""

from __future__ import annotations

import logging
import os
import socket
import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hoshin.model.errors import PlanError

log = logging.getLogger(__name__)

_PART = ".part"
_COMPANIONS = ("", "-wal", "-shm", "-journal")


def _host() -> str:
    """This machine, in a few letters: a process id means something only on its host."""
    return f"{zlib.crc32(socket.gethostname().encode()):08x}"


def temporary_name(out: Path) -> Path:
    return out.with_name(f".{out.name}.{os.getpid()}.{_host()}{_PART}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # it exists, under someone else
    return True


def clean_leftovers(out: Path) -> list[Path]:
    """Remove the temporary files a killed build of ``out`` left behind; return them.

    A temporary file of a process still running (another import to the same name, or one
    on another machine sharing the folder) is kept.
    """
    prefix = f".{out.name}."
    removed: list[Path] = []
    try:
        entries = list(out.parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if not name.startswith(prefix):
            continue
        rest = name[len(prefix) :]
        suffix = next((s for s in _COMPANIONS[1:] if rest.endswith(s)), "")
        rest = rest[: len(rest) - len(suffix)]
        if not rest.endswith(_PART):
            continue
        pid, _, host = rest[: -len(_PART)].partition(".")
        if not pid.isdigit() or host != _host() or _alive(int(pid)):
            continue
        try:
            entry.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            log.warning("cannot remove the leftover %s: %s", entry, exc)
            continue
        removed.append(entry)
    if removed:
        log.info("removed what an interrupted run left: %s", ", ".join(p.name for p in removed))
    return removed


def remove(path: Path) -> None:
    """Delete a plan file and its journal companions."""
    for suffix in _COMPANIONS:
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@contextmanager
def building(out: Path) -> Iterator[Path]:
    """Yield the temporary path to build the plan ``out`` at; on success move it there.

    Every connection to the temporary file must be closed when the block ends.

    Raises:
        PlanError: ``out`` exists already (before, or by the time the plan is complete).
    """
    if os.path.lexists(out):
        raise PlanError(f"{out} already exists; choose another name or delete it first.")
    if not out.parent.is_dir():
        raise PlanError(f"Cannot create {out}: the folder {out.parent} does not exist.")
    clean_leftovers(out)
    tmp = temporary_name(out)
    remove(tmp)
    try:
        yield tmp
        _settle(tmp)
        _publish(tmp, out)
    finally:
        remove(tmp)


def _settle(tmp: Path) -> None:
    """Fold the journal into the file and put it on disk: the file alone is the plan."""
    try:
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()  # the last connection removes the -wal of a checkpointed plan
    except sqlite3.Error as exc:
        raise PlanError(f"The new plan could not be completed: {exc}.") from exc
    if Path(f"{tmp}-wal").exists() or Path(f"{tmp}-journal").exists():
        raise PlanError("The new plan could not be completed: its journal is still open.")
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _publish(tmp: Path, out: Path) -> None:
    """Give the complete file its name, never over a file that appeared meanwhile."""
    try:
        os.link(tmp, out)  # fails if ``out`` exists: no window in which it is overwritten
    except FileExistsError:
        raise PlanError(f"{out} appeared while the plan was being built; it is kept.") from None
    except OSError:
        # A file system without hard links: a rename, after one more look.
        if os.path.lexists(out):
            raise PlanError(f"{out} appeared while the plan was being built; it is kept.") from None
        os.replace(tmp, out)
    _sync_folder(out.parent)


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename is still atomic
    finally:
        os.close(fd)
