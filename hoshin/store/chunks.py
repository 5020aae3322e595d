"""Ids in slices small enough for one ``IN (...)`` list each: the one chunking rule.

Every bulk read or write over a list of ids that may be long (50,000 kaizens) goes
through :func:`chunks`, so that one statement per slice is sent, never one per id.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

#: Ids per IN (...) list. SQLite before 3.32 refuses more than 999 bound parameters in a
#: statement; 900 stays under that with room for the statement's other parameters (a
#: date, a kind, a status list). Each slice is one round trip to a PostgreSQL server, so
#: the largest safe slice is also the fastest.
CHUNK = 900


def chunks(items: Iterable[T], size: int | None = None) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (:data:`CHUNK` when not given); none when empty.

    Args:
        items: ids (or any values) in the order they are to be read.
        size: the slice length; only a caller with a tighter limit passes one.

    Returns:
        An iterator of non-empty lists, in order, each at most ``size`` long.
    """
    step = CHUNK if size is None else size  # read at call time: a test may lower it
    it = iter(items)
    while batch := list(itertools.islice(it, step)):
        yield batch
