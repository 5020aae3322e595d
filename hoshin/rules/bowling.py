"""The bowling chart: plan against actual per target and month, judged by direction.

One rule for every place that colours a month (the tab, the workbook, the review): up
targets are green at or above plan, down targets at or below; within ``TOLERANCE`` of the
plan on the wrong side is yellow; further is red. A mark goes with the colour so the
chart reads in black and white too.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hoshin.model import entities as e
from hoshin.model.kinds import Aggregation, Direction, NodeKind, OwnerRole
from hoshin.rules.finer_months import DerivedMonth, derived_months

if TYPE_CHECKING:
    from hoshin.plan import Plan

TOLERANCE = 0.05  # 5 % of the plan's size on the wrong side is still "close"


class Status(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"

    @property
    def mark(self) -> str:
        # ≈, not ●: the X-matrix's ● means a strong correlation.
        return {"green": "✔", "yellow": "≈", "red": "✖"}[self.value]


def month_status(direction: str | None, plan: float | None, actual: float | None) -> Status | None:
    """Green, yellow or red for one month; None when plan or actual is missing."""
    if plan is None or actual is None:
        return None
    better = actual - plan if direction != Direction.DOWN else plan - actual
    if better >= 0:
        return Status.GREEN
    return Status.YELLOW if -better <= abs(plan) * TOLERANCE else Status.RED


def months_of(year: int) -> list[str]:
    return [f"{year:04d}-{m:02d}" for m in range(1, 13)]


#: The mark after an actual derived from daily or weekly values, wherever a month is shown
#: (bowling chart, review, A3); a note or tooltip says of how many values.
DERIVED_MARK = "†"


@dataclass
class TargetRow:
    """One target of the chart: its figures for the twelve months of the year."""

    id: int
    code: str
    title: str
    unit_id: int
    unit_of_measure: str
    direction: str
    baseline: float | None
    goal: float | None
    owner: str  # primary owner's name, or ""
    aggregation: str = Aggregation.AVERAGE.value  # how the months make the year to date
    plan: dict[str, float | None] = field(default_factory=dict)
    actual: dict[str, float | None] = field(default_factory=dict)
    countermeasures: dict[str, int] = field(default_factory=dict)  # month -> how many
    # Months whose actual is derived from daily or weekly values (hoshin.rules.target_values):
    # ``actual`` holds the derived figure, ``typed`` what was typed for those months.
    derived: dict[str, DerivedMonth] = field(default_factory=dict)
    typed: dict[str, float | None] = field(default_factory=dict)

    def derived_note(self, month: str) -> str:
        """ "derived from 22 daily values", or "" for a typed (or missing) actual."""
        found = self.derived.get(month)
        return found.note if found is not None else ""

    def status(self, month: str) -> Status | None:
        return month_status(self.direction, self.plan.get(month), self.actual.get(month))

    def year_to_date(self, months: list[str]) -> tuple[float | None, float | None]:
        """Plan and actual to date by the target's aggregation (see :func:`year_to_date`)."""
        return year_to_date(self.aggregation, self.plan, self.actual, months)

    def red_without_countermeasure(self, months: list[str]) -> list[str]:
        return [
            m for m in months if self.status(m) is Status.RED and not self.countermeasures.get(m)
        ]


def aggregate(aggregation: Aggregation | str | None, values: Sequence[float]) -> float | None:
    """The months' ``values`` (in month order) added up as the aggregation says."""
    if not values:
        return None
    how = Aggregation(aggregation or Aggregation.AVERAGE)
    if how is Aggregation.SUM:
        return math.fsum(values)  # exactly rounded: 30 daily values add up to what was typed
    if how is Aggregation.LAST:
        return values[-1]
    if how is Aggregation.MIN:
        return min(values)
    if how is Aggregation.MAX:
        return max(values)
    return math.fsum(values) / len(values)


#: How each aggregation makes the year to date, for a legend or a tooltip.
AGGREGATION_WORDS: dict[str, str] = {
    Aggregation.SUM.value: "the sum of the months with an actual",
    Aggregation.AVERAGE.value: "the average of the months with an actual",
    Aggregation.LAST.value: "the latest month with an actual",
    Aggregation.MIN.value: "the lowest month with an actual",
    Aggregation.MAX.value: "the highest month with an actual",
}


def year_to_date(
    aggregation: Aggregation | str | None,
    plan: Mapping[str, float | None],
    actual: Mapping[str, float | None],
    months: Sequence[str],
) -> tuple[float | None, float | None]:
    """Plan and actual to date of one target: the one rule of DESIGN §6.

    Only the months of ``months`` that have an actual count (a month not reported yet is
    skipped, not taken as zero); the plan is added up over those same months, so the two
    compare like with like. ``last`` is the latest such month's figure.
    """
    reported = [m for m in months if actual.get(m) is not None]
    actuals = [a for m in reported if (a := actual.get(m)) is not None]
    plans = [p for m in reported if (p := plan.get(m)) is not None]
    if aggregation == Aggregation.LAST and reported:
        return plan.get(reported[-1]), actuals[-1]
    return aggregate(aggregation, plans), aggregate(aggregation, actuals)


#: Where a read that asks for the same year's targets twice (the full check: the review
#: rhythm and the targets needing an A3) keeps them while it reads: see :func:`read_once`.
_ONCE = "hoshin.targets_once"


@contextmanager
def read_once(session: Session) -> Iterator[None]:
    """Within the block, every target's year of figures is read once per year and shared.

    Only for reads that neither write nor change the rows they are given (the check's
    measures): the rows are shared, not copied."""
    session.info[_ONCE] = {}
    try:
        yield
    finally:
        session.info.pop(_ONCE, None)


def load_targets(session: Session, year: int, unit_ids: list[int] | None = None) -> list[TargetRow]:
    """Every target (of the given units) with its year of figures, in four bulk queries."""
    once = session.info.get(_ONCE) if unit_ids is None else None
    if once is not None:
        found = once.get(year)
        if found is None:
            found = once[year] = _load_targets(session, year, None)
        return list(found)
    return _load_targets(session, year, unit_ids)


def _load_targets(session: Session, year: int, unit_ids: list[int] | None) -> list[TargetRow]:
    n = e.Node.__table__.c
    stmt = select(
        n.id,
        n.code,
        n.title,
        n.unit_id,
        n.unit_of_measure,
        n.direction,
        n.baseline,
        n.goal,
        n.aggregation,
    ).where(n.kind == NodeKind.TARGET.value)
    if unit_ids is not None:
        stmt = stmt.where(n.unit_id.in_(unit_ids))
    rows = {
        r[0]: TargetRow(
            r[0], r[1], r[2], r[3], r[4] or "", r[5] or "up", r[6], r[7], "", r[8] or "average"
        )
        for r in session.execute(stmt.order_by(n.unit_id, n.seq)).all()
    }
    if not rows:
        return []
    # The same filter as a subquery: one query per table, however many targets.
    ids = stmt.with_only_columns(n.id).scalar_subquery()
    first, last = f"{year:04d}-01", f"{year:04d}-12"
    m = e.Measurement.__table__.c
    # Fetched at once (24,000 rows a company): row by row costs a third more.
    for node_id, month, plan, actual in session.execute(
        select(m.node_id, m.month, m.plan, m.actual).where(
            m.node_id.in_(ids), m.month >= first, m.month <= last
        )
    ).all():
        row = rows[node_id]
        row.plan[month] = plan
        row.actual[month] = actual
    r, p = e.Responsibility.__table__.c, e.Person.__table__.c
    for node_id, name in session.execute(
        select(r.node_id, p.name)
        .join(e.Person.__table__, p.id == r.person_id)
        .where(r.node_id.in_(ids), r.role == OwnerRole.PRIMARY.value)
    ):
        rows[node_id].owner = name
    c = e.Countermeasure.__table__.c
    for node_id, month, count in session.execute(
        select(c.node_id, c.month, func.count())
        .where(c.node_id.in_(ids))
        .group_by(c.node_id, c.month)
    ):
        rows[node_id].countermeasures[month] = count
    # Every target: the year's derived months, kept by the session while it reads.
    apply_derived(rows, session, ids if unit_ids is not None else None, year)
    return list(rows.values())


def apply_derived(rows: Mapping[int, TargetRow], session: Session, ids: Any, year: int) -> None:
    """Put the actuals derived from finer values in place of the typed ones (DESIGN §6)."""
    for node_id, months in derived_months(session, ids, year).items():
        row = rows.get(node_id)
        if row is None:
            continue
        for month, found in months.items():
            row.typed[month] = row.actual.get(month)
            row.actual[month] = found.value
            row.derived[month] = found


def read_targets(plan: Plan, year: int, unit_ids: list[int] | None = None) -> list[TargetRow]:
    """:func:`load_targets`, in a session of its own (the bowling chart asks this)."""
    with plan.session() as s:
        return load_targets(s, year, unit_ids)


def last_complete_month(as_of: dt.date) -> str:
    first = as_of.replace(day=1) - dt.timedelta(days=1)
    return f"{first.year:04d}-{first.month:02d}"
