"""A target's figures across the years it was carried through (docs/years.md).

A rollover carries a target into the next year as a new node pointing at last year's
through ``previous_id``; figures stay with the node of their year. This read follows that
chain back and gives each year's twelve months of plan and actual, oldest year first, so
that `hoshin show` and the bowling chart can put last year beside this one.

It reads every year (``Plan.session(all_years=True)``): the plan's own sessions see one.
One query per year of the chain for the nodes (a chain is a few years long), one for the
figures; the bowling chart's question (:func:`last_years`) is two queries per chunk.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from hoshin.model import entities as e
from hoshin.plan import Plan
from hoshin.rules.bowling import months_of, year_to_date
from hoshin.rules.finer_months import with_derived
from hoshin.store.chunks import chunks


@dataclass(frozen=True)
class TargetYear:
    """One year of a target: the node of that year and its twelve months of figures."""

    year: int
    node_id: int
    code: str
    direction: str
    aggregation: str
    plan: dict[str, float | None] = field(default_factory=dict)
    actual: dict[str, float | None] = field(default_factory=dict)

    @property
    def months(self) -> list[str]:
        return months_of(self.year)

    @property
    def has_figures(self) -> bool:
        return any(v is not None for v in (*self.plan.values(), *self.actual.values()))

    def year_to_date(self) -> tuple[float | None, float | None]:
        """Plan and actual to date of the year, by the one rule (DESIGN §6)."""
        return year_to_date(self.aggregation, self.plan, self.actual, self.months)


_COLUMNS = (e.Node.id, e.Node.year, e.Node.code, e.Node.direction, e.Node.aggregation)


def target_years(plan: Plan, node_id: int) -> list[TargetYear]:
    """The target ``node_id`` and every earlier year it was carried from, oldest first,
    each with its figures of its own year's months."""
    with plan.session(all_years=True) as s:
        chain: list[TargetYear] = []
        seen: set[int] = set()
        next_id: int | None = node_id
        while next_id is not None and next_id not in seen:  # a loop would be corrupt data
            seen.add(next_id)
            row = s.execute(select(*_COLUMNS, e.Node.previous_id).where(e.Node.id == next_id))
            found = row.first()
            if found is None:
                break
            chain.append(_year_of(*found[:5]))
            next_id = found[5]
        chain.reverse()
        _fill(s, chain)
    return chain


def last_years(plan: Plan, node_ids: list[int]) -> dict[int, TargetYear]:
    """For each of ``node_ids`` that was carried, the year it was carried from with its
    figures (the targets not carried are left out)."""
    out: dict[int, TargetYear] = {}
    with plan.session(all_years=True) as s:
        n = e.Node
        for part in chunks(sorted(node_ids)):
            previous: dict[int, int] = {
                int(a): int(b)
                for a, b in s.execute(
                    select(n.id, n.previous_id).where(n.id.in_(part), n.previous_id.is_not(None))
                )
                if b is not None
            }
            if not previous:
                continue
            rows = {
                r[0]: _year_of(*r)
                for r in s.execute(select(*_COLUMNS).where(n.id.in_(list(previous.values()))))
            }
            _fill(s, list(rows.values()))
            out.update({nid: rows[pid] for nid, pid in previous.items() if pid in rows})
    return out


def _year_of(
    id_: int, year: int, code: str, direction: str | None, aggregation: str | None
) -> TargetYear:
    return TargetYear(int(year), int(id_), str(code), direction or "up", aggregation or "average")


def _fill(s: Session, years: list[TargetYear]) -> None:
    """Put each year's figures of its own months into it (one query per chunk)."""
    by_id = {y.node_id: y for y in years}
    m = e.Measurement
    for part in chunks(sorted(by_id)):
        typed: dict[int, dict[str, tuple[float | None, float | None]]] = {i: {} for i in part}
        for node_id, month, planned, actual in s.execute(
            select(m.node_id, m.month, m.plan, m.actual).where(m.node_id.in_(part))
        ):
            typed[int(node_id)][str(month)] = (planned, actual)
        # A month made of daily or weekly values shows its derived actual, as charted.
        for node_id, months in with_derived(s, typed).items():
            year = by_id[node_id]
            for month, (planned, actual) in months.items():
                if month[:4] == f"{year.year:04d}":
                    year.plan[month] = planned
                    year.actual[month] = actual
