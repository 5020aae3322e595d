"""Where a command may write: never over a plan, over another file only when asked.

A plan's edit history lives in its SQLite file alone; a workbook or a review written over
it would lose that for good. So every writer asks :func:`guard` first: a plan (any SQLite
file, found by its header, or its journal companions) and the file being read (through a
symlink or a hard link too: the same inode) are refused always; any other existing file
only without ``force``. Files are written under a temporary name and renamed into place, so
they get the mode the umask gives, not the private 0600 of a temporary file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from hoshin.model.errors import HoshinError

SQLITE_MAGIC = b"SQLite format 3\x00"
_COMPANIONS = ("-wal", "-shm", "-journal")


class OutputRefused(HoshinError):
    """Writing at the output would destroy a plan, or replace a file nobody asked to."""


def is_sqlite(path: Path) -> bool:
    """Whether ``path`` is an SQLite database (every plan is), by its first bytes."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def same_file(one: str | Path, other: str | Path) -> bool:
    """Whether two paths name one file: the same inode, whatever links lead there."""
    try:
        return os.path.samefile(one, other)
    except (OSError, ValueError):
        return False


def guard(
    out: Path,
    *,
    reading: Iterable[str | Path] = (),
    force: bool = False,
    force_hint: str = "give --force to replace it",
) -> None:
    """Refuse to write ``out`` when that would lose something.

    Args:
        out: the file about to be written.
        reading: the files the command reads (the plan); never written over.
        force: an existing file that is neither a plan nor read may be replaced.
        force_hint: how the person asks for that, for the message.

    Raises:
        OutputRefused: ``out`` is a folder, a plan, a plan's journal, the input itself,
            or an existing file without ``force``.
    """
    if out.is_dir():
        raise OutputRefused(f"{out} is a folder; give the name of the file to write.")
    if not out.parent.is_dir():
        raise OutputRefused(f"Cannot write {out}: the folder {out.parent} does not exist.")
    for source in reading:
        if same_file(out, source):
            raise OutputRefused(f"{out} is the plan being read; write to another file.")
    if not os.path.lexists(out):
        return
    if is_sqlite(out) or _is_companion(out):
        raise OutputRefused(
            f"{out} is a plan (an SQLite database); Hoshin never writes over a plan. "
            "Choose another name."
        )
    if not force:
        raise OutputRefused(f"{out} already exists; {force_hint}.")


def _is_companion(path: Path) -> bool:
    """A plan's ``-wal``/``-shm``/``-journal``: overwriting one damages the plan beside it."""
    name = str(path)
    return any(name.endswith(s) and is_sqlite(Path(name[: -len(s)])) for s in _COMPANIONS)


def umask_mode() -> int:
    """The mode a new file gets from the process's umask (0644 under the usual 022)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere the only way to read it is to set it, and back
    os.umask(mask)
    return 0o666 & ~mask
