"""A person's rhythm as an iCalendar file (RFC 5545): their due dates, their routines and
the review meetings of their units, for Outlook, Thunderbird or Google Calendar.

Written with the icalendar library, never by hand: escaping, folding and line ends are its
business. Every event has a UID stable across exports (the obligation's key, the routine's
or meeting's id), so importing a newer file updates events instead of adding copies.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from icalendar import Calendar, Event, vRecur
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from hoshin.model import entities as e
from hoshin.model.kinds import Cadence
from hoshin.model.lookups import find_person
from hoshin.reads.obligations import Obligation, for_person
from hoshin.rules.cadence import Schedule, occurrences
from hoshin.text.formats import working_days

PRODID = "-//Hoshin//Hoshin Kanri rhythm//EN"
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Written:
    """What a calendar holds, for the command's one-line confirmation."""

    due_dates: int
    routines: int
    meetings: int

    def sentence(self) -> str:
        parts = (
            (self.due_dates, "due date"),
            (self.routines, "routine"),
            (self.meetings, "review meeting"),
        )
        return ", ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in parts)


def recurrence(
    cadence: str,
    every: int = 1,
    weekday: int | None = None,
    day: int | None = None,
    nth: int | None = None,
    until: dt.date | None = None,
) -> vRecur:
    """The RRULE of a routine's cadence (hoshin.model.kinds.Cadence)."""
    rule: dict[str, object] = {}
    how = Cadence(cadence)
    if how is Cadence.DAILY:
        rule = {"FREQ": "DAILY"}
    elif how is Cadence.WEEKDAYS:
        rule = {"FREQ": "WEEKLY", "BYDAY": list(_DAYS[:5])}
    elif how is Cadence.WEEKLY:
        rule = {"FREQ": "WEEKLY", "INTERVAL": max(every, 1), "BYDAY": _DAYS[weekday or 0]}
    elif how is Cadence.MONTHLY_DAY:
        wanted = day or 1
        if wanted <= 28:
            rule = {"FREQ": "MONTHLY", "BYMONTHDAY": wanted}
        else:
            # The day, or the month's last when it is shorter (as the cadence rule says):
            # the last of the candidate days the month has.
            rule = {
                "FREQ": "MONTHLY",
                "BYMONTHDAY": list(range(28, wanted + 1)),
                "BYSETPOS": -1,
            }
    else:  # monthly on the Nth weekday (-1: the last)
        rule = {"FREQ": "MONTHLY", "BYDAY": f"{nth or 1:+d}{_DAYS[weekday or 0]}"}
    if until is not None:
        rule["UNTIL"] = until
    return vRecur(rule)


def _event(uid: str, summary: str, day: dt.date, stamp: dt.datetime, description: str) -> Event:
    ev = Event()
    ev.add("uid", uid)
    ev.add("dtstamp", stamp)
    ev.add("summary", summary)
    ev.add("dtstart", day)  # a date: an all-day event
    ev.add("dtend", day + dt.timedelta(days=1))
    ev.add("transp", "TRANSPARENT")  # a due date does not make the person busy
    if description:
        ev.add("description", description)
    return ev


def _describe(ob: Obligation) -> str:
    node = f"{ob.node_code} {ob.node_title}".strip()
    return f"{node}\n{ob.kind} · {ob.key}" if node else f"{ob.kind} · {ob.key}"


def build_calendar(session: Session, who: str, as_of: dt.date) -> tuple[bytes, Written]:
    """The iCalendar file of ``who`` (a key or name) as of ``as_of``, and what it holds."""
    person = find_person(session, who)
    stamp = dt.datetime.combine(as_of, dt.time(), tzinfo=dt.UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Hoshin: {person['name']}")

    # Routine occurrences are owed too, but the recurring event below already shows them.
    owed = [ob for ob in for_person(session, as_of, person["id"]).own if ob.kind != "routine"]
    for ob in owed:
        late = f" (late {working_days(ob.days_overdue)})" if ob.days_overdue else ""
        cal.add_component(_event(f"{ob.key}@hoshin", ob.title + late, ob.due, stamp, _describe(ob)))

    r = e.Routine.__table__.c
    routines = session.execute(
        select(
            r.id, r.title, r.cadence, r.every, r.weekday, r.day, r.nth, r.start_date, r.end_date
        ).where(r.person_id == person["id"])
    ).all()
    for rid, title, cadence, every, weekday, day, nth, start, end in routines:
        # The first occurrence opens the series (RFC 5545 counts DTSTART as one).
        schedule = Schedule(cadence, start, every or 1, weekday, day, nth, end)
        first = occurrences(schedule, start, start + dt.timedelta(days=400))
        if not first:
            continue
        weekday = weekday if weekday is not None else start.weekday()
        ev = _event(f"routine-{rid}@hoshin", title, first[0], stamp, "Leader standard work")
        ev.add("rrule", recurrence(cadence, every, weekday, day or start.day, nth, end))
        cal.add_component(ev)

    # The review meetings of the person's unit, and those they chair anywhere.
    m = e.Meeting.__table__.c
    meetings = session.execute(
        select(m.id, m.title, m.day, m.notes).where(
            or_(m.unit_id == person["unit_id"], m.chair_id == person["id"])
        )
    ).all()
    for mid, title, day, notes in meetings:
        cal.add_component(_event(f"meeting-{mid}@hoshin", title, day, stamp, notes or ""))
    return cal.to_ical(), Written(len(owed), len(routines), len(meetings))


def write_atomically(out: Path, data: bytes) -> None:
    """The whole file or none: written beside it, then renamed into place."""
    part = out.with_name(f".{out.name}.part")
    part.write_bytes(data)
    os.replace(part, out)
