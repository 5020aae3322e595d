"""Finer tracking at enterprise scale: every target tracked daily, with a value for each
of the last :data:`DAYS` days before ``as_of`` (2,000 targets × 90 days = 180,000 values).

Values wander around the month's typed actual (or its plan where none is typed yet), so a
derived month tells the same story as the typed one; a sum target's day is its month's
share. Written with bulk inserts of tuples, and tracking set with one UPDATE.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from typing import TYPE_CHECKING

from sqlalchemy import select, update

from hoshin.model import entities as e
from hoshin.model.kinds import Aggregation, NodeKind, Tracking

if TYPE_CHECKING:
    from hoshin.enterprise.generator import Generator

#: How many days back from ``as_of`` (excluded) each target has a value.
DAYS = 90
STAGE = "Daily target values"


def write_target_values(gen: Generator) -> int:
    """Track every target of the year daily and write its values; returns how many."""
    session, year = gen.session, gen.as_of.year
    first = max(gen.as_of - dt.timedelta(days=DAYS), dt.date(year, 1, 1))
    days = [first + dt.timedelta(days=i) for i in range((gen.as_of - first).days)]
    n, m = e.Node.__table__.c, e.Measurement.__table__.c
    is_target = (n.kind == NodeKind.TARGET.value, n.year == year)
    targets = session.execute(
        select(n.id, n.aggregation, n.baseline, n.goal).where(*is_target).order_by(n.id)
    ).all()
    session.execute(update(e.Node).where(*is_target).values(tracking=Tracking.DAILY.value))
    months = {f"{d.year:04d}-{d.month:02d}" for d in days}
    figures: dict[tuple[int, str], float] = {}
    for node_id, month, plan, actual in session.execute(
        select(m.node_id, m.month, m.plan, m.actual).where(m.month.in_(sorted(months)))
    ):
        level = actual if actual is not None else plan
        if level is not None:
            figures[(int(node_id), str(month))] = float(level)
    # A stream of its own: the stages before draw exactly as they did without this one.
    rng = random.Random(gen.rng.random())
    ids = gen.ids["target_values"]
    order = gen.columns("target_values")
    rows: list[tuple[object, ...]] = []
    total, written = len(targets) * len(days), 0
    gen.report(STAGE, 0, total)
    for node_id, aggregation, baseline, goal in targets:
        wobble = abs((goal or 0.0) - (baseline or 0.0)) * 0.15 or 1.0
        for day in days:
            level = figures.get((int(node_id), f"{day.year:04d}-{day.month:02d}"))
            if level is None:
                continue
            value = level + rng.gauss(0.0, wobble)
            if aggregation == Aggregation.SUM.value:
                value /= calendar.monthrange(day.year, day.month)[1]
            row = {"id": next(ids), "node_id": node_id, "day": day, "version": 1}
            row["value"] = round(max(value, 0.0), 2)
            rows.append(tuple(row[c] for c in order))
        if len(rows) >= 50_000:
            gen.insert_values("target_values", rows)
            written += len(rows)
            gen.report(STAGE, written, total)
            rows = []
    gen.insert_values("target_values", rows)
    written += len(rows)
    gen.report(STAGE, total, total)
    return written
