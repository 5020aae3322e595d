"""One target's daily or weekly values with their colours, and the months made of them
(``hoshin track list``, the node editor's table, the workbook's "Target values" sheet)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from hoshin.model import entities as e
from hoshin.model.kinds import NodeKind
from hoshin.rules.bowling import Status

if TYPE_CHECKING:
    from hoshin.plan import Plan
from hoshin.rules.target_values import (
    DerivedMonth,
    derive,
    month_of,
    period_plan,
    tracking_of,
    value_status,
)


@dataclass(frozen=True)
class ValueRow:
    day: dt.date
    value: float
    plan: float | None  # what it is compared with (a sum's plan pro-rated to the period)
    status: Status | None


@dataclass(frozen=True)
class TargetValues:
    """A target's tracking, its values (oldest first) and the months they make."""

    id: int
    code: str
    title: str
    tracking: str  # monthly, weekly, daily
    aggregation: str
    direction: str
    values: list[ValueRow]
    months: dict[str, DerivedMonth]


def target_values(
    session: Session,
    node_id: int,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> TargetValues:
    """The values of target ``node_id`` from ``start`` to ``end`` (both included, None: open)
    and the derived actuals of their months (made of every value of those months)."""
    n = e.Node.__table__.c
    node = session.execute(
        select(n.code, n.title, n.tracking, n.aggregation, n.direction, n.kind).where(
            n.id == node_id
        )
    ).one()
    # All its values (a year is at most 366): a month is derived from all its days even
    # when only some of them are listed.
    v = e.TargetValue.__table__.c
    every = [
        (day, float(value))
        for day, value in session.execute(
            select(v.day, v.value).where(v.node_id == node_id).order_by(v.day)
        )
    ]
    found = [
        (day, value)
        for day, value in every
        if (start is None or day >= start) and (end is None or day <= end)
    ]
    months = sorted({month_of(day) for day, _v in found})
    m = e.Measurement.__table__.c
    plans: dict[str, float | None] = {}
    if months:
        plans = {
            str(month): plan
            for month, plan in session.execute(
                select(m.month, m.plan).where(m.node_id == node_id, m.month.in_(months))
            )
        }
    aggregation = node.aggregation or "average"
    direction = node.direction or "up"
    rows = []
    for day, value in found:
        plan = plans.get(month_of(day))
        rows.append(
            ValueRow(
                day,
                value,
                period_plan(aggregation, node.tracking, plan, day),
                value_status(direction, aggregation, node.tracking, plan, day, value),
            )
        )
    tracking = tracking_of(node.tracking).value if node.kind == NodeKind.TARGET else ""
    return TargetValues(
        node_id,
        node.code,
        node.title,
        tracking,
        aggregation,
        direction,
        rows,
        {k: d for k, d in derive(aggregation, node.tracking, every).items() if k in set(months)},
    )


def read_target_values(plan: Plan, node_id: int) -> TargetValues:
    """:func:`target_values` of the whole year, in a session of its own (the node editor)."""
    with plan.session() as s:
        return target_values(s, node_id)
