"""Finer tracking of targets: daily or weekly values and the monthly actual made of them.

The one rule (DESIGN §6, docs/target-tracking.md):

- A target tracks monthly (``Node.tracking`` None) or finer, weekly or daily. A weekly value
  is dated on its week's Monday; a date given for a weekly target is moved to its Monday.
- A value belongs to the month of its date (a week to the month of its Monday).
- While a target tracks finer, a month with at least one finer value has its actual
  **derived** from them by the target's aggregation (sum, average, last, min, max, in date
  order); a month without any keeps its typed monthly actual. A target tracking monthly
  again keeps its values stored but shows its typed actuals. The database keeps each
  month's figure by this rule as values are written (MonthFigure, migration 0012), so that
  no read aggregates a year of values; :func:`derive` is the rule in Python.
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

from hoshin.model.errors import ValidationError
from hoshin.model.kinds import Aggregation, Tracking
from hoshin.rules.bowling import Status, aggregate, month_status
from hoshin.rules.finer_months import FINER, DerivedMonth, month_of, settled

#: The rule in one sentence, for a help text or a legend.
AGGREGATION_RULE = (
    "a month with daily or weekly values takes as its actual their sum, average, last, "
    "minimum or maximum, as the target's aggregation says."
)


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
            out[month] = DerivedMonth(settled(figure), len(rows), str(tracking))
    return out
