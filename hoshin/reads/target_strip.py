"""A unit's targets at their finer frequency: the strip of the huddle board.

Per target that tracks daily or weekly, one cell per day (daily) or per week (weekly, dated
on its Monday) of the last ``weeks`` weeks up to ``end``: the value recorded or None, and its
colour by the bowling chart's rule against the month's plan
(:func:`hoshin.rules.target_values.value_status`; a sum's plan pro-rated to the period).
Three queries whatever the number of targets or days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from hoshin.model import entities as e
from hoshin.model.kinds import NodeKind, Tracking
from hoshin.rules.bowling import Status
from hoshin.rules.target_values import FINER, monday, month_of, value_status


@dataclass(frozen=True)
class StripCell:
    """One day (daily) or week (weekly, its Monday) of a target."""

    day: dt.date
    value: float | None
    status: Status | None  # green / yellow / red; None without a value or a plan


@dataclass
class TargetStrip:
    """One target of the strip, its cells oldest first."""

    id: int
    code: str
    title: str
    unit_of_measure: str
    direction: str
    aggregation: str
    tracking: str  # daily or weekly
    cells: list[StripCell] = field(default_factory=list)


@dataclass(frozen=True)
class UnitStrip:
    """The strip of a unit from ``start`` to ``end`` (both included)."""

    unit_id: int
    start: dt.date
    end: dt.date
    targets: list[TargetStrip]


def _cell_days(tracking: str, start: dt.date, end: dt.date) -> list[dt.date]:
    step = 7 if tracking == Tracking.WEEKLY.value else 1
    day, days = start, []
    while day <= end:
        days.append(day)
        day += dt.timedelta(days=step)
    return days


def unit_strip(session: Session, unit_id: int, end: dt.date, weeks: int = 6) -> UnitStrip:
    """The targets of ``unit_id`` (of ``end``'s year) that track finer, with their last
    ``weeks`` weeks of cells up to ``end``: the strip starts on a Monday."""
    start = monday(end) - dt.timedelta(weeks=max(weeks, 1) - 1)
    n = e.Node.__table__.c
    found = session.execute(
        select(n.id, n.code, n.title, n.unit_of_measure, n.direction, n.aggregation, n.tracking)
        .where(
            n.unit_id == unit_id,
            n.kind == NodeKind.TARGET.value,
            n.year == end.year,
            n.tracking.in_(FINER),
        )
        .order_by(n.seq)
    ).all()
    targets = [
        TargetStrip(int(r[0]), r[1], r[2], r[3] or "", r[4] or "up", r[5] or "average", str(r[6]))
        for r in found
    ]
    if not targets:
        return UnitStrip(unit_id, start, end, [])
    ids = [t.id for t in targets]
    v = e.TargetValue.__table__.c
    values: dict[tuple[int, dt.date], float] = {
        (int(node_id), day): float(value)
        for node_id, day, value in session.execute(
            select(v.node_id, v.day, v.value).where(
                v.node_id.in_(ids), v.day >= start, v.day <= end
            )
        )
    }
    m = e.Measurement.__table__.c
    months = sorted({month_of(start), month_of(end), month_of(start + (end - start) / 2)})
    plans: dict[tuple[int, str], float | None] = {
        (int(node_id), str(month)): plan
        for node_id, month, plan in session.execute(
            select(m.node_id, m.month, m.plan).where(
                m.node_id.in_(ids), m.month >= months[0], m.month <= months[-1]
            )
        )
    }
    for t in targets:
        for day in _cell_days(t.tracking, start, end):
            value = values.get((t.id, day))
            plan = plans.get((t.id, month_of(day)))
            status = value_status(t.direction, t.aggregation, t.tracking, plan, day, value)
            t.cells.append(StripCell(day, value, status))
    return UnitStrip(unit_id, start, end, targets)
