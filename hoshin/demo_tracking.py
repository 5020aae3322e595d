"""The sample plan's finer tracking: two targets watched at the frequency the work moves.

Operations' lead time (KPI-9) is tracked daily and Commercial's lead conversion rate
(KPI-8) weekly, each with the last six weeks of values before the plan's date, so the
huddle strip and the bowling chart's derived months show something true on first start.
A month that already has a typed actual gets values whose average is that actual, so the
chart tells the same story whether a month is typed or derived.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from hoshin.operations import Operation, SetMeasurement
from hoshin.operations.target_values import SetTargetValues, SetTracking
from hoshin.rules.target_values import monday

#: (target, tracking, spread of a value around its month's level)
TRACKED = (("KPI-9", "daily", 1.5), ("KPI-8", "weekly", 1.2))
WEEKS = 6


def tracking_operations(ops: Sequence[Operation], as_of: dt.date, seed: int) -> list[Operation]:
    """Operations that track :data:`TRACKED` finer, after ``ops`` made their figures."""
    rng = random.Random(seed * 31 + 9)  # a stream of its own: the sample's draws stay as they were
    figures = {
        (op.code, op.month): (op.plan, op.actual) for op in ops if isinstance(op, SetMeasurement)
    }
    start = monday(as_of) - dt.timedelta(weeks=WEEKS)
    out: list[Operation] = []
    for code, tracking, spread in TRACKED:
        out.append(SetTracking(code, tracking))
        step = 7 if tracking == "weekly" else 1
        days = [
            start + dt.timedelta(days=i)
            for i in range(0, (as_of - start).days, step)
            if (start + dt.timedelta(days=i)).year == as_of.year
        ]
        by_month: dict[str, list[dt.date]] = {}
        for day in days:
            by_month.setdefault(f"{day.year:04d}-{day.month:02d}", []).append(day)
        rows: list[tuple[int, str, object, object]] = []
        for month, in_month in by_month.items():
            plan, actual = figures.get((code, month), (None, None))
            level = actual if actual is not None else plan
            if level is None:
                continue
            values = _around(rng, float(str(level)), spread, len(in_month))
            rows += [
                (len(rows) + i + 1, code, day, value)
                for i, (day, value) in enumerate(zip(in_month, values, strict=True))
            ]
        if rows:
            out.append(SetTargetValues(rows, "the sample plan"))
    return out


def _around(rng: random.Random, level: float, spread: float, count: int) -> list[float]:
    """``count`` values wandering around ``level`` whose average is ``level`` (to the cent)."""
    values = [round(level + rng.uniform(-spread, spread), 2) for _ in range(count - 1)]
    values.append(round(level * count - sum(values), 2))
    return values
