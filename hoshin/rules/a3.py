"""When a target needs an A3: after N red months in a row (DESIGN: A3s; docs/measures.md).

The months counted are the latest ones with figures: a month without an actual is
skipped (not reported yet), a yellow or green month ends the run. A target that has come
back to plan needs no A3, however red its spring was.
"""

from __future__ import annotations

from collections.abc import Sequence

from hoshin.rules.bowling import Status, TargetRow


def red_run(row: TargetRow, months: Sequence[str]) -> list[str]:
    """The latest months of ``months`` (in order) that are red in a row, oldest first."""
    run: list[str] = []
    for month in reversed(months):
        status = row.status(month)
        if status is None:
            continue
        if status is not Status.RED:
            break
        run.append(month)
    return run[::-1]


def needs_a3(row: TargetRow, months: Sequence[str], after: int) -> bool:
    """Whether ``row`` has been red for ``after`` months in a row or more (``after`` ≥ 1)."""
    return len(red_run(row, months)) >= max(1, after)
