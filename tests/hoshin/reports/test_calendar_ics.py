"""Routines as recurring events: each cadence becomes the RRULE that repeats it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.operations import AddPerson
from hoshin.plan import Plan
from hoshin.reports.calendar_ics import build_calendar, recurrence


@pytest.mark.parametrize(
    ("args", "rule"),
    [
        (("daily",), "FREQ=DAILY"),
        (("weekdays",), "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        (("weekly", 2, 3), "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"),
        (("monthly-day", 1, None, 15), "FREQ=MONTHLY;BYMONTHDAY=15"),
        # The 30th, or the month's last day when it is shorter (February).
        (("monthly-day", 1, None, 30), "FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1"),
        (("monthly-nth", 1, 0, None, 2), "FREQ=MONTHLY;BYDAY=+2MO"),
        (("monthly-nth", 1, 4, None, -1), "FREQ=MONTHLY;BYDAY=-1FR"),
    ],
)
def test_each_cadence_has_its_rule(args: tuple[Any, ...], rule: str) -> None:
    assert recurrence(*args).to_ical().decode() == rule


def test_a_routine_that_ends_stops_repeating() -> None:
    text = recurrence("weekly", 1, 0, until=dt.date(2027, 3, 31)).to_ical().decode()
    assert text == "FREQ=WEEKLY;UNTIL=20270331;INTERVAL=1;BYDAY=MO"


def test_routines_and_meetings_join_the_due_dates(tmp_path: Path) -> None:
    plan = Plan.create(tmp_path / "cal.hoshin", "Acme", year=2026)
    plan.execute(AddPerson("Eva", "CO"))
    with plan.session() as s:
        eva = s.execute(select(e.Person.id, e.Person.unit_id)).one()
        s.execute(
            e.Routine.__table__.insert().values(
                id=7, person_id=eva[0], unit_id=eva[1], title="Gemba walk", cadence="weekly",
                every=2, weekday=2, start_date=dt.date(2026, 11, 2),
            )
        )  # fmt: skip
        s.execute(
            e.Meeting.__table__.insert().values(
                id=3, unit_id=eva[1], day=dt.date(2026, 12, 10), title="Monthly review CO"
            )
        )
        s.commit()
        data, written = build_calendar(s, "Eva", dt.date(2026, 11, 2))
    assert written.sentence() == "0 due dates, 1 routine, 1 review meeting"
    events = {str(ev["uid"]): ev for ev in Calendar.from_ical(data).walk("VEVENT")}
    walk = events["routine-7@hoshin"]
    # Every second Wednesday from the first one, Wednesday 4 November.
    assert walk.decoded("dtstart") == dt.date(2026, 11, 4)
    assert walk["rrule"].to_ical().decode() == "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"
    meeting = events["meeting-3@hoshin"]
    assert (str(meeting["summary"]), meeting.decoded("dtstart")) == (
        "Monthly review CO",
        dt.date(2026, 12, 10),
    )
