"""Review meetings as the minutes, the Meeting dialog and ``hoshin meeting show`` read them:
one meeting with its agenda and decisions, or the meetings of a unit (three queries)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from hoshin.model import entities as e
from hoshin.model.agenda import AgendaKind
from hoshin.model.errors import NotFoundError
from hoshin.plan import Plan


@dataclass(frozen=True)
class AgendaItemRow:
    id: int
    number: int  # its position on the agenda, from 1: how people name it
    kind: AgendaKind
    title: str
    item: str | None  # the code or key to open it


@dataclass(frozen=True)
class DecisionRow:
    id: int
    item: int | None  # the agenda item's number, None: the meeting as a whole
    text: str
    owner_key: str | None
    owner: str | None
    due: dt.date | None
    done: bool
    done_on: dt.date | None


@dataclass
class MeetingView:
    id: int
    unit_id: int
    unit_code: str
    unit_name: str
    day: dt.date
    title: str
    chair: str | None
    held: bool
    notes: str
    items: list[AgendaItemRow] = field(default_factory=list)
    decisions: list[DecisionRow] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{self.title} — {self.unit_name} ({self.unit_code}) — {self.day.isoformat()}"

    def decisions_on(self, number: int | None) -> list[DecisionRow]:
        return [d for d in self.decisions if d.item == number]


@dataclass(frozen=True)
class MeetingLine:
    id: int
    unit_code: str
    day: dt.date
    title: str
    held: bool
    items: int
    decisions: int


def meeting(session: Session, meeting_id: int) -> MeetingView:
    """One meeting with its agenda (in order) and its decisions (in the order recorded)."""
    found = load_meetings(session, e.Meeting.id == meeting_id)
    if not found:
        raise NotFoundError(f"No meeting {meeting_id} in this plan.")
    return found[0]


def load_meetings(session: Session, *where: Any) -> list[MeetingView]:
    """The meetings ``where`` says (by day, then id) with their agendas and decisions, in
    three queries however many (the workbook's Minutes sheet reads a whole plan)."""
    m, u, chair = e.Meeting, e.Unit, aliased(e.Person)
    views = {
        row[0]: MeetingView(*row[:7], held=bool(row[7]), notes=row[8] or "")
        for row in session.execute(
            select(m.id, m.unit_id, u.code, u.name, m.day, m.title, chair.name, m.held, m.notes)
            .join(u, u.id == m.unit_id)
            .outerjoin(chair, chair.id == m.chair_id)
            .where(*where)
            .order_by(m.day, m.id)
        )
    }
    if not views:
        return []
    ids = select(m.id).where(*where).scalar_subquery()
    i = e.MeetingItem
    numbers: dict[int, int] = {}
    for iid, mid, position, kind, title, item in session.execute(
        select(i.id, i.meeting_id, i.position, i.kind, i.title, i.item)
        .where(i.meeting_id.in_(ids))
        .order_by(i.meeting_id, i.position, i.id)
    ):
        numbers[iid] = position
        views[mid].items.append(AgendaItemRow(iid, position, AgendaKind(kind), title, item))
    d, p = e.MeetingDecision, e.Person
    for did, mid, item_id, text, key, name, due, done, done_on in session.execute(
        select(d.id, d.meeting_id, d.item_id, d.text, p.key, p.name, d.due, d.done, d.done_on)
        .outerjoin(p, p.id == d.owner_id)
        .where(d.meeting_id.in_(ids))
        .order_by(d.meeting_id, d.id)
    ):
        number = numbers.get(item_id) if item_id is not None else None
        views[mid].decisions.append(
            DecisionRow(did, number, text, key, name, due, bool(done), done_on)
        )
    return list(views.values())


def meetings(session: Session, unit_id: int | None = None) -> list[MeetingLine]:
    """The meetings of a unit (or of the plan), latest first."""
    m, u, i, d = e.Meeting, e.Unit, e.MeetingItem, e.MeetingDecision
    stmt = select(m.id, u.code, m.day, m.title, m.held).join(u, u.id == m.unit_id)
    if unit_id is not None:
        stmt = stmt.where(m.unit_id == unit_id)
    rows = session.execute(stmt.order_by(m.day.desc(), m.id.desc())).all()
    ids = [r[0] for r in rows]
    items: dict[int, int] = {}
    decisions: dict[int, int] = {}
    if ids:
        for mid in session.execute(select(i.meeting_id).where(i.meeting_id.in_(ids))).scalars():
            items[mid] = items.get(mid, 0) + 1
        for mid in session.execute(select(d.meeting_id).where(d.meeting_id.in_(ids))).scalars():
            decisions[mid] = decisions.get(mid, 0) + 1
    return [
        MeetingLine(mid, code, day, title, bool(held), items.get(mid, 0), decisions.get(mid, 0))
        for mid, code, day, title, held in rows
    ]


def latest_of_unit(session: Session, unit_id: int, day: dt.date) -> int | None:
    """The unit's meeting on ``day``, if one was made (the latest made, if several)."""
    m = e.Meeting
    return session.execute(
        select(m.id).where(m.unit_id == unit_id, m.day == day).order_by(m.id.desc()).limit(1)
    ).scalar()


def meeting_of_decision(session: Session, decision_id: int) -> int:
    """The meeting a decision was taken in."""
    found = session.execute(
        select(e.MeetingDecision.meeting_id).where(e.MeetingDecision.id == decision_id)
    ).scalar()
    if found is None:
        raise NotFoundError(f"No decision {decision_id} in this plan.")
    return int(found)


def read_meeting(plan: Plan, meeting_id: int) -> MeetingView:
    """:func:`meeting`, in a session of its own (the Meeting dialog asks this)."""
    with plan.session() as s:
        return meeting(s, meeting_id)


def read_meetings(plan: Plan, unit_id: int) -> list[MeetingLine]:
    """:func:`meetings` of one unit, in a session of its own."""
    with plan.session() as s:
        return meetings(s, unit_id)
