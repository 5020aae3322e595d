"""Routines as recurring events: each cadence becomes the RRULE that repeats it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from hoshin.reports.calendar_ics import recurrence


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
