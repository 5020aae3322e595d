"""The cyclic garbage collector paused around a bulk read.

A read that makes tens of thousands of short-lived rows and tuples triggers the collector
many times over; each full collection then scans the whole heap of an open plan (the
graph, the mapped objects, Qt's wrappers in the app): 25 ms at a time on the enterprise
plan, every other "My work" read (measured). Paused, the read's temporaries are freed by
reference counting as usual, and the collector runs later on what is left.
(:mod:`hoshin.graph` pauses it the same way while loading a plan's graph.)
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for the block (left as it was after it)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
