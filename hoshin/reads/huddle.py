"""The huddle board of a unit on a day, in one read: what the Huddle tab (and its wall
mode) shows — the unit's targets at their finer frequency, its problems (held, and those it
escalated up), and the routines due that day for its people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from hoshin.model import entities as e
from hoshin.model.errors import NotFoundError
from hoshin.reads.problems import ProblemCard, unit_problems
from hoshin.reads.standard_work import Occurrence, due_in_unit
from hoshin.reads.target_strip import UnitStrip, unit_strip

#: Weeks of the targets' strip.
STRIP_WEEKS = 6


@dataclass(frozen=True)
class HuddleBoard:
    """One unit's huddle on one day."""

    unit_id: int
    code: str
    name: str
    above: str  # the code of the unit a problem escalates to ("" for the top unit)
    day: dt.date
    problems: list[ProblemCard]
    strip: UnitStrip
    routines: list[Occurrence]

    @property
    def open_here(self) -> list[ProblemCard]:
        return [p for p in self.problems if not p.escalated_up and not p.solved]

    @property
    def overdue(self) -> int:
        return sum(1 for p in self.problems if p.overdue and not p.escalated_up)


def huddle_board(
    session: Session,
    unit_id: int,
    day: dt.date,
    weeks: int = STRIP_WEEKS,
    today: dt.date | None = None,
) -> HuddleBoard:
    """The huddle of a unit on ``day``; before ``today`` its problems as they stood then."""
    u, parent = aliased(e.Unit), aliased(e.Unit)
    found = session.execute(
        select(u.code, u.name, parent.code)
        .outerjoin(parent, parent.id == u.parent_id)
        .where(u.id == unit_id)
    ).first()
    if found is None:
        raise NotFoundError(f"No unit {unit_id} in this plan.")
    code, name, above = found
    return HuddleBoard(
        unit_id,
        str(code),
        str(name),
        str(above or ""),
        day,
        unit_problems(session, unit_id, day, today),
        unit_strip(session, unit_id, day, weeks),
        due_in_unit(session, unit_id, day),
    )


def unit_people(session: Session, unit_id: int) -> list[tuple[str, str]]:
    """(key, name) of the people of a unit, by name: who may own its problems."""
    p = e.Person
    rows = session.execute(select(p.key, p.name).where(p.unit_id == unit_id).order_by(p.name))
    return [(str(k), str(n)) for k, n in rows]
