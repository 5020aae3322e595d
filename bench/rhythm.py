"""Figures of the rhythm: "My work" of the busiest manager, and everyone's obligations (the
read behind reminders)."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

from bench.figures import Figure, median_time
from hoshin.plan import Plan
from hoshin.reads.obligations import obligations


def figures(path: Path, repeat: int, as_of: dt.date | None = None) -> list[Figure]:
    day = as_of or dt.date.today()
    with Plan.open(path) as plan, plan.session() as s:
        everyone = obligations(s, day)
        # The busiest manager: the most rows on their page (own, their people's, escalated).
        busiest = max(
            everyone.values(),
            key=lambda a: len(a.own) + len(a.people_overdue) + len(a.escalated_from_below()),
        )
        rows = len(busiest.own) + len(busiest.people_overdue) + len(busiest.escalated_from_below())
        who, name, people = busiest.person_id, busiest.name, len(everyone)
        # The app holds one person's page, never everyone's 127,000 obligations: kept here,
        # they would make every collection of the heap during the timed read theirs.
        del everyone, busiest
        gc.collect()
        one = median_time(lambda: obligations(s, day, [who]), repeat)
        every = median_time(lambda: obligations(s, day), max(1, repeat // 2))
    return [
        Figure(
            '"My work" of the busiest manager',
            one,
            "ms",
            target=100.0,
            note=f"{name}: {rows:,} rows",
        ),
        Figure(
            "obligations of everyone (reminders)",
            every,
            "ms",
            target=1000.0,
            note=f"{people:,} people with work",
        ),
    ]
