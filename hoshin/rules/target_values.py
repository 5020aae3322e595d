"""Finer tracking of targets: daily or weekly values and the monthly actual made of them.

The one rule (DESIGN §6, docs/target-tracking.md):

- A target tracks monthly (``Node.tracking`` None) or finer, weekly or daily. A weekly value
  is dated on its week's Monday; a date given for a weekly target is moved to its Monday.
- A value belongs to the month of its date (a week to the month of its Monday).
- While a target tracks finer, a month with at least one finer value has its actual
  **derived** from them by the target's aggregation (sum, average, last, min, max, in date
  order); a month without any keeps its typed monthly actual. A target tracking monthly
  again keeps its values stored but shows its typed actuals.
- Each finer value is judged against the month's plan by the bowling chart's rule
  (:func:`hoshin.rules.bowling.month_status`). For a ``sum`` target the plan is pro-rated to
  the period: a day's share is plan ÷ the calendar days of the month, a week's share is
  plan × 7 ÷ the calendar days of the month of its Monday. Other aggregations compare each
  value with the month's plan itself (an average, a level, a bound holds per day too).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hoshin.model import entities as e
from hoshin.model.errors import ValidationError
from hoshin.model.kinds import Aggregation, Tracking
from hoshin.rules.bowling import Status, aggregate, month_status

#: The trackings whose values make the monthly actual (monthly: the typed actual).
FINER = (Tracking.WEEKLY.value, Tracking.DAILY.value)

#: A unit of one value, for "derived from 22 daily values".
_PERIOD_WORD = {Tracking.DAILY.value: "daily", Tracking.WEEKLY.value: "weekly"}


def tracking_of(value: str | None) -> Tracking:
    """A node's stored tracking as the enum (None: monthly)."""
    return Tracking(value) if value else Tracking.MONTHLY


def parse_tracking(text: str) -> Tracking:
    try:
        return Tracking(str(text).strip().lower())
    except ValueError:
        words = ", ".join(t.value for t in Tracking)
        raise ValidationError(f"Tracking must be one of {words}, not {text!r}.") from None


def parse_aggregation(text: str) -> Aggregation:
    try:
        return Aggregation(str(text).strip().lower())
    except ValueError:
        words = ", ".join(a.value for a in Aggregation)
        raise ValidationError(f"Aggregation must be one of {words}, not {text!r}.") from None


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def value_day(tracking: str | None, day: dt.date) -> dt.date:
    """The date a value of ``day`` is stored on: its Monday for a weekly target."""
    return monday(day) if tracking == Tracking.WEEKLY.value else day


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def days_in(month: str) -> int:
    return calendar.monthrange(int(month[:4]), int(month[5:7]))[1]


def period_plan(
    aggregation: str | None, tracking: str | None, month_plan: float | None, day: dt.date
) -> float | None:
    """The plan one finer value of ``day`` is compared with (pro-rated for a sum)."""
    if month_plan is None:
        return None
    if (aggregation or Aggregation.AVERAGE.value) != Aggregation.SUM.value:
        return month_plan
    span = 7 if tracking == Tracking.WEEKLY.value else 1
    return month_plan * span / days_in(month_of(day))


def value_status(
    direction: str | None,
    aggregation: str | None,
    tracking: str | None,
    month_plan: float | None,
    day: dt.date,
    value: float | None,
) -> Status | None:
    """Green, yellow or red for one finer value, by the bowling chart's rule."""
    return month_status(direction, period_plan(aggregation, tracking, month_plan, day), value)


@dataclass(frozen=True)
class DerivedMonth:
    """A month's actual made of finer values, and how many made it."""

    value: float
    count: int
    tracking: str  # weekly or daily

    @property
    def note(self) -> str:
        """What a chart says of the figure: "derived from 22 daily values"."""
        word = _PERIOD_WORD.get(self.tracking, "finer")
        plural = "value" if self.count == 1 else "values"
        return f"derived from {self.count} {word} {plural}"


def derive(
    aggregation: str | None, tracking: str | None, values: Sequence[tuple[dt.date, float]]
) -> dict[str, DerivedMonth]:
    """The derived actual of each month that has values (``values`` in any order)."""
    if tracking not in FINER:
        return {}
    by_month: dict[str, list[tuple[dt.date, float]]] = {}
    for day, value in sorted(values):
        by_month.setdefault(month_of(day), []).append((day, value))
    out: dict[str, DerivedMonth] = {}
    for month, rows in by_month.items():
        figure = aggregate(aggregation, [v for _d, v in rows])
        if figure is not None:
            out[month] = DerivedMonth(figure, len(rows), str(tracking))
    return out


def derived_months(
    session: Session, node_ids: Any, year: int
) -> dict[int, dict[str, DerivedMonth]]:
    """The derived months of ``year`` of the targets among ``node_ids`` (ids or a subquery)
    that track finer: two grouped queries, however many values (an enterprise's 180,000
    daily values come back as at most 12 rows per target)."""
    n, v = e.Node.__table__.c, e.TargetValue.__table__.c
    month = func.extract("month", v.day)
    where = (
        v.node_id.in_(node_ids),
        v.day >= dt.date(year, 1, 1),
        v.day <= dt.date(year, 12, 31),
        n.tracking.in_(FINER),
    )
    grouped = (
        select(
            v.node_id,
            month.label("m"),
            func.count(),
            func.sum(v.value),
            func.avg(v.value),
            func.min(v.value),
            func.max(v.value),
            func.max(v.day).label("last_day"),
            n.aggregation,
            n.tracking,
        )
        .join(e.Node.__table__, n.id == v.node_id)
        .where(*where)
        .group_by(v.node_id, month, n.aggregation, n.tracking)
    )
    out: dict[int, dict[str, DerivedMonth]] = {}
    wants_last: list[tuple[int, str, int, str]] = []
    for node_id, m, count, total, mean, low, high, _last, how, tracking in session.execute(grouped):
        key = f"{year:04d}-{int(m):02d}"
        how = how or Aggregation.AVERAGE.value
        figure = {"sum": total, "average": mean, "min": low, "max": high}.get(how)
        if figure is None:  # "last": the value of the month's last day, below
            wants_last.append((int(node_id), key, int(count), str(tracking)))
            continue
        out.setdefault(int(node_id), {})[key] = DerivedMonth(
            float(figure), int(count), str(tracking)
        )
    if wants_last:
        # The value on each month's last day with a value, for the "last" targets.
        sub = grouped.subquery()
        counts = {(node_id, key): (count, tr) for node_id, key, count, tr in wants_last}
        for node_id, day, value in session.execute(
            select(v.node_id, v.day, v.value)
            .join(sub, (sub.c.node_id == v.node_id) & (sub.c.last_day == v.day))
            .where(sub.c.aggregation == Aggregation.LAST.value)
        ):
            key = month_of(day)
            count, tr = counts[(int(node_id), key)]
            out.setdefault(int(node_id), {})[key] = DerivedMonth(float(value), count, tr)
    return out
