"""What ``hoshin remind`` tells whom: one digest per person with an e-mail address, of the
obligations they have not been told yet (or not in their present state).

Quiet by rule, read from the reminder log (table reminders_sent):

- an item is told to a person once; told again only when its fingerprint changed (its due
  date, its escalation step or its state: :func:`hoshin.reads.obligations.fingerprint`);
- a person gets at most one digest a day, and at most ``reminders_a_week`` digests in a
  calendar week (Monday to Sunday); what is held back is told in the next digest;
- a digest holds their overdue obligations, those falling due within
  ``remind_days_ahead`` days, and the late obligations escalated to them.

Everything is read in bulk: the obligations of all people at once, the log in two queries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hoshin.model import entities as e
from hoshin.model.plan_settings import PlanSettings
from hoshin.reads.obligations import Obligation, obligations

OVERDUE, SOON, ESCALATED = "Overdue", "Due soon", "Escalated to you"
#: The sections of a digest, in the order it lists them.
SECTIONS = (OVERDUE, SOON, ESCALATED)


@dataclass(frozen=True)
class Told:
    """One item of a digest: the obligation and the section it is told in."""

    section: str
    obligation: Obligation


@dataclass
class Digest:
    person_id: int
    key: str  # the person's key (P-3)
    name: str
    email: str
    as_of: dt.date
    items: list[Told] = field(default_factory=list)

    def section(self, name: str) -> list[Obligation]:
        return [t.obligation for t in self.items if t.section == name]


@dataclass
class Round:
    """Who gets a digest today, and who is held back by the quiet rules (and why)."""

    digests: list[Digest] = field(default_factory=list)
    held_back: dict[int, str] = field(default_factory=dict)  # person id → the reason
    no_address: int = 0  # people owing something new, with no e-mail address


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def plan_digests(
    session: Session,
    as_of: dt.date,
    settings: PlanSettings,
    person_ids: Sequence[int] | None = None,
) -> Round:
    """The digests to send on ``as_of`` (of ``person_ids``, or of everyone)."""
    per_week = int(settings["reminders_a_week"])
    soon = as_of + dt.timedelta(days=int(settings["remind_days_ahead"]))
    p = e.Person.__table__.c
    people = {
        pid: (key, name, email)
        for pid, key, name, email in session.execute(select(p.id, p.key, p.name, p.email))
    }
    agendas = obligations(session, as_of, person_ids)
    told = _last_told(session, list(agendas))
    digest_days = _digest_days(session, as_of)
    out = Round()
    for pid in sorted(agendas, key=lambda i: people.get(i, ("", "", None))[0]):
        agenda = agendas[pid]
        candidates = [
            *(Told(OVERDUE, o) for o in agenda.own if o.due < as_of),
            *(Told(SOON, o) for o in agenda.own if as_of <= o.due <= soon),
            *(Told(ESCALATED, o) for o in agenda.escalated),
        ]
        last = told.get(pid, {})
        new = [t for t in candidates if last.get(t.obligation.key) != t.obligation.fingerprint]
        if not new:
            continue
        key, name, email = people.get(pid, ("", agenda.name, None))
        if not email:
            out.no_address += 1
            continue
        days = digest_days.get(pid, set())
        if as_of in days:
            out.held_back[pid] = "a digest went out today already"
            continue
        if len(days) >= per_week:
            out.held_back[pid] = f"{len(days)} digests this week already (at most {per_week})"
            continue
        out.digests.append(Digest(pid, key, name, email, as_of, new))
    return out


def _last_told(session: Session, person_ids: list[int]) -> dict[int, dict[str, str]]:
    """Per person, per item: the fingerprint last told (the latest row of the log)."""
    r = e.ReminderSent.__table__.c
    latest = select(func.max(r.id)).group_by(r.person_id, r.item)
    out: dict[int, dict[str, str]] = defaultdict(dict)
    if not person_ids:
        return out
    for pid, item, fingerprint in session.execute(
        select(r.person_id, r.item, r.fingerprint).where(r.id.in_(latest))
    ):
        out[pid][item] = fingerprint
    return out


def _digest_days(session: Session, as_of: dt.date) -> dict[int, set[dt.date]]:
    """Per person, the days of this calendar week a digest went out."""
    monday, sunday = week_of(as_of)
    r = e.ReminderSent.__table__.c
    out: dict[int, set[dt.date]] = defaultdict(set)
    for pid, day in session.execute(
        select(r.person_id, r.day).where(r.day.between(monday, sunday)).distinct()
    ):
        out[pid].add(day)
    return out
