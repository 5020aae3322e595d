"""Monthly actuals made of daily or weekly values, read from the database (the rule itself
is :mod:`hoshin.rules.target_values`; this module holds what the bowling chart's reads need
of it, so that the chart's rules need not import them back)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, event, func, literal, select, union_all
from sqlalchemy.orm import ORMExecuteState, Session

from hoshin.model import entities as e
from hoshin.model.kinds import Aggregation, Tracking
from hoshin.store.chunks import CHUNK, chunks

#: The trackings whose values make the monthly actual (monthly: the typed actual).
FINER = (Tracking.WEEKLY.value, Tracking.DAILY.value)

#: A unit of one value, for "derived from 22 daily values".
_PERIOD_WORD = {Tracking.DAILY.value: "daily", Tracking.WEEKLY.value: "weekly"}


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


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


#: Where a session keeps the whole year's derived months while it only reads (a full check
#: asks twice: the review rhythm and the targets needing an A3).
_CACHE = "hoshin.derived_months"


@event.listens_for(Session, "do_orm_execute")
def _forget_on_write(state: ORMExecuteState) -> None:
    """A write through the session (an edit, an undo) makes its cached months stale."""
    if not state.is_select:
        state.session.info.pop(_CACHE, None)


def settled(figure: float) -> float:
    """A derived actual to 9 decimals: the sum or average of many values carries the
    float's noise (27.000000000000004 for 27), which would show wherever the figure does and
    become next year's baseline."""
    return round(figure, 9)


def derived_months(
    session: Session | Connection,
    node_ids: Any | None,
    year: int | None,
    months: Sequence[str] | None = None,
) -> dict[int, dict[str, DerivedMonth]]:
    """The derived months of ``year`` of the targets among ``node_ids`` (ids or a subquery;
    None: every target, kept for the session until it writes) that track finer; ``year``
    None: every year (the latest month of a target, whichever year it is in); ``months``
    (``YYYY-MM``): only those months.

    Two grouped queries, however many values: an enterprise's 180,000 daily values come
    back as at most 12 rows per target; the month is cut from the date in SQL."""
    if months is not None:
        year = None  # the months name their year
    # Kept only by a session, whose writes forget it (a connection's info outlives it).
    keep = node_ids is None and year is not None and months is None
    keep = keep and isinstance(session, Session)
    if keep:
        cached = session.info.get(_CACHE)
        if cached is not None and cached[0] == year:
            return cast(dict[int, dict[str, DerivedMonth]], cached[1])
    n = e.Node.__table__.c
    tracked_ids = select(n.id).where(n.tracking.in_(FINER))
    if node_ids is not None:
        tracked_ids = tracked_ids.where(n.id.in_(node_ids))
    how: dict[int, tuple[str, str]] = {
        int(node_id): (aggregation or Aggregation.AVERAGE.value, str(tracking))
        for node_id, aggregation, tracking in session.execute(
            tracked_ids.add_columns(n.aggregation, n.tracking)
        )
    }
    out: dict[int, dict[str, DerivedMonth]] = {}
    if how and (months is None or months):
        _grouped(session, tracked_ids, year, how, out, months)
    if keep:
        session.info[_CACHE] = (year, out)
    return out


def _month_key(session: Session | Connection, day: Any) -> Any:
    """``YYYY-MM`` of a date column, in SQL: SQLite keeps dates as ISO text."""
    dialect = session.get_bind().dialect if isinstance(session, Session) else session.dialect
    if dialect.name == "sqlite":
        return func.substr(day, 1, 7)
    return func.to_char(day, "YYYY-MM")


def _grouped(
    session: Session | Connection,
    tracked_ids: Any,
    year: int | None,
    how: dict[int, tuple[str, str]],
    out: dict[int, dict[str, DerivedMonth]],
    months: Sequence[str] | None = None,
) -> None:
    v = e.TargetValue.__table__.c
    month = _month_key(session, v.day)
    in_year: list[Any] = []
    if year is not None:
        in_year = [v.day >= dt.date(year, 1, 1), v.day <= dt.date(year, 12, 31)]
    # One grouped query per aggregation, each computing only its own figure: the database
    # sorts 180,000 values into months either way, and one figure per row instead of five
    # halves that sort (measured). Any other aggregation is "last", as below.
    figures: dict[str, Any] = {
        "sum": func.sum,
        "average": func.avg,
        "min": func.min,
        "max": func.max,
    }
    by_aggregation: dict[str, list[int]] = defaultdict(list)
    for node_id, (aggregation, _tracking) in how.items():
        by_aggregation[aggregation if aggregation in figures else ""].append(node_id)
    for aggregation, ids in sorted(by_aggregation.items()):
        # All of one aggregation (a company's daily targets mostly are): the targets' own
        # query as the filter, one statement; else their ids, a chunk at a time.
        batches: Any = [tracked_ids.scalar_subquery()]
        if len(by_aggregation) > 1:
            # A few months repeat the ids in each month's range: fewer a statement.
            size = CHUNK if months is None else max(1, CHUNK // max(1, len(set(months))))
            batches = chunks(sorted(ids), size)
        elif months is not None:
            # Each month's range names the targets: their query read once as a table of
            # its own, where a list in each range is built again for every month.
            batches = [select(tracked_ids.cte("finer_ids").c.id)]
        for batch in batches:
            figure = figures[aggregation](v.value) if aggregation else func.max(v.day)
            grouped: Any = (
                select(v.node_id, month.label("month"), func.count(), figure.label("figure"))
                .where(v.node_id.in_(batch), *in_year)
                .group_by(v.node_id, month)
            )
            if months is not None:
                grouped = _by_month_ranges(v, batch, figure, months)
            if aggregation:
                for node_id, key, count, found in session.execute(grouped).all():
                    out.setdefault(int(node_id), {})[str(key)] = DerivedMonth(
                        settled(float(found)), int(count), how[int(node_id)][1]
                    )
            else:
                _last(session, grouped, how, out)


def _by_month_ranges(v: Any, batch: Any, figure: Any, months: Sequence[str]) -> Any:
    """The grouped query of a few months, one date range each: grouped by the target alone,
    each month follows the (target, day) index with no sort of its values, where grouping by
    the month cut from the date sorts them all (measured 24 → 12 ms for a company's
    manager)."""
    parts = []
    for key in sorted(set(months)):
        first = dt.date(int(key[:4]), int(key[5:7]), 1)
        after = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        parts.append(
            select(v.node_id, literal(key).label("month"), func.count(), figure.label("figure"))
            .where(v.node_id.in_(batch), v.day >= first, v.day < after)
            .group_by(v.node_id)
        )
    return union_all(*parts)


def _last(
    session: Session | Connection,
    grouped: Any,
    how: dict[int, tuple[str, str]],
    out: dict[int, dict[str, DerivedMonth]],
) -> None:
    """The value on each month's last day with a value, for the "last" targets."""
    v = e.TargetValue.__table__.c
    wants_last = {
        (int(node_id), str(key)): int(count)
        for node_id, key, count, _day in session.execute(grouped).all()
    }
    last = grouped.subquery()
    for node_id, day, value in session.execute(
        select(v.node_id, v.day, v.value).join(
            last, (last.c.node_id == v.node_id) & (last.c.figure == v.day)
        )
    ):
        key = month_of(day)
        count = wants_last.get((int(node_id), key))
        if count is not None:
            out.setdefault(int(node_id), {})[key] = DerivedMonth(
                float(value), count, how[int(node_id)][1]
            )


def with_derived(
    session: Session, typed: dict[int, dict[str, tuple[float | None, float | None]]]
) -> dict[int, dict[str, tuple[float | None, float | None]]]:
    """``typed`` (target → month → (plan, actual)) with each derived month's actual put in
    place of the typed one, months without a typed row included (plan None)."""
    if not typed:
        return typed
    for node_id, months in derived_months(session, sorted(typed), None).items():
        figures = typed.setdefault(node_id, {})
        for month, found in months.items():
            figures[month] = (figures.get(month, (None, None))[0], found.value)
    return typed
