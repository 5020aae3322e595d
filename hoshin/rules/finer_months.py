"""Monthly actuals made of daily or weekly values, read from the database (the rule itself
is :mod:`hoshin.rules.target_values`; this module holds what the bowling chart's reads need
of it, so that the chart's rules need not import them back). The database keeps each
month's figure by that rule (MonthFigure, made by the triggers of migration 0012; a test
holds the two equal after every kind of write)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, event, select
from sqlalchemy.orm import ORMExecuteState, Session

from hoshin.model import entities as e
from hoshin.model.kinds import Aggregation, Tracking
from hoshin.store.chunks import chunks

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


def figure(value: float, aggregation: str | None) -> float:
    """A month's stored figure (MonthFigure.value) as its actual: settled, but for a "last"
    target, whose figure is one value as it was typed."""
    return float(value) if aggregation == Aggregation.LAST.value else settled(float(value))


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

    Read from the figures the database keeps (MonthFigure, one row a target and month): an
    enterprise's 180,000 daily values are never aggregated by a read."""
    if months is not None:
        year = None  # the months name their year
    # Kept only by a session, whose writes forget it (a connection's info outlives it).
    keep = node_ids is None and year is not None and months is None
    keep = keep and isinstance(session, Session)
    if keep:
        cached = session.info.get(_CACHE)
        if cached is not None and cached[0] == year:
            return cast(dict[int, dict[str, DerivedMonth]], cached[1])
    n, f = e.Node.__table__.c, e.MonthFigure.__table__.c
    stmt = (
        select(f.node_id, f.month, f.count, f.value, n.aggregation, n.tracking)
        .join(e.Node.__table__, n.id == f.node_id)
        .where(n.tracking.in_(FINER))
    )
    if months is not None:
        stmt = stmt.where(f.month.in_(sorted(set(months))))
    elif year is not None:
        stmt = stmt.where(f.month >= f"{year:04d}-01", f.month <= f"{year:04d}-12")
    # A list of ids is read a chunk at a time (SQLite's bound parameters are limited).
    batches: Any = [None]
    if isinstance(node_ids, (list, tuple, set, frozenset)):
        batches = chunks(sorted(node_ids))
    elif node_ids is not None:
        batches = [node_ids]
    out: dict[int, dict[str, DerivedMonth]] = {}
    for batch in batches:
        chosen = stmt if batch is None else stmt.where(f.node_id.in_(batch))
        for node_id, month, count, value, aggregation, tracking in session.execute(chosen):
            out.setdefault(int(node_id), {})[str(month)] = DerivedMonth(
                figure(value, aggregation), int(count), str(tracking)
            )
    if keep:
        session.info[_CACHE] = (year, out)
    return out


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
