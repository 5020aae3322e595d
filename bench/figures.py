"""One measured figure, and how a run is timed: the median of several repetitions."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    target: float  # the figure must stay below (or at) this
    baseline: float | None = None  # the raw cost measured in the same run
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline == 0:
            return None
        return self.value / self.baseline

    @property
    def met(self) -> bool:
        measured = self.ratio if self.baseline is not None else self.value
        return measured is not None and measured <= self.target

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "ratio": self.ratio, "met": self.met}


def median_time(work: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``work`` in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def paired_times(
    work: Callable[[], object], baseline: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Median wall times (ms) of ``work`` and of its ``baseline``, run in turn.

    Alternated, not one block after the other: this host's speed drifts within minutes,
    and a ratio of two blocks timed at different speeds measures the drift.
    """
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for kept, run in zip(times, (work, baseline), strict=True):
            start = time.perf_counter()
            run()
            kept.append((time.perf_counter() - start) * 1000)
    return statistics.median(times[0]), statistics.median(times[1])


def machine_reading(steps: int = 5_000_000) -> float:
    """Milliseconds a fixed pure-Python loop takes now (median of 3).

    This machine's speed varies several-fold with what else runs on its host; printed
    beside the figures, it says whether two runs can be compared.
    """

    def loop() -> int:
        total = 0
        for i in range(steps):
            total += i
        return total

    return median_time(loop, 3)


def render(figures: list[Figure]) -> str:
    rows = [("figure", "value", "baseline", "ratio", "target", "met")]
    for f in figures:
        target = f"≤ {f.target:g}×" if f.baseline is not None else f"< {f.target:g} {f.unit}"
        rows.append(
            (
                f.name,
                f"{f.value:,.2f} {f.unit}",
                "" if f.baseline is None else f"{f.baseline:,.2f} {f.unit}",
                "" if f.ratio is None else f"{f.ratio:.2f}×",
                target,
                "yes" if f.met else "NO",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    notes = [f"  {f.name}: {f.note}" for f in figures if f.note]
    return "\n".join(lines + (["", "notes:", *notes] if notes else []))
