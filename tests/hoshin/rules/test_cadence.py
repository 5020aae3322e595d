"""Occurrences of a routine from its cadence: dates checked by hand on a calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from hoshin.model.errors import ValidationError
from hoshin.rules.cadence import Schedule, describe, is_occurrence, occurrences, parse, validate

D = dt.date


def test_daily_gives_every_day_of_a_year_within_the_routine_dates() -> None:
    s = Schedule("daily", D(2026, 1, 1))
    assert len(occurrences(s, D(2026, 1, 1), D(2026, 12, 31))) == 365
    bounded = Schedule("daily", D(2026, 3, 10), end_date=D(2026, 3, 12))
    assert occurrences(bounded, D(2026, 3, 1), D(2026, 3, 31)) == [
        D(2026, 3, 10),
        D(2026, 3, 11),
        D(2026, 3, 12),
    ]


def test_weekdays_skip_the_weekend() -> None:
    # 2026-12-05 is a Saturday
    s = Schedule("weekdays", D(2026, 1, 1))
    assert occurrences(s, D(2026, 12, 4), D(2026, 12, 8)) == [
        D(2026, 12, 4),
        D(2026, 12, 7),
        D(2026, 12, 8),
    ]


def test_weekly_every_two_weeks_counts_from_the_start_week() -> None:
    # Started on Thursday 2026-11-05: its week's Tuesday (11-03) is before the start.
    s = Schedule("weekly", D(2026, 11, 5), every=2, weekday=1)
    assert occurrences(s, D(2026, 11, 1), D(2026, 12, 31)) == [
        D(2026, 11, 17),
        D(2026, 12, 1),
        D(2026, 12, 15),
        D(2026, 12, 29),
    ]
    assert is_occurrence(s, D(2026, 12, 1)) and not is_occurrence(s, D(2026, 12, 8))


def test_monthly_on_the_31st_falls_on_the_last_day_of_short_months() -> None:
    s = Schedule("monthly-day", D(2026, 1, 1), day=31)
    assert occurrences(s, D(2026, 1, 1), D(2026, 4, 30)) == [
        D(2026, 1, 31),
        D(2026, 2, 28),
        D(2026, 3, 31),
        D(2026, 4, 30),
    ]
    leap = Schedule("monthly-day", D(2028, 1, 1), day=30)
    assert occurrences(leap, D(2028, 2, 1), D(2028, 2, 29)) == [D(2028, 2, 29)]


def test_monthly_on_the_nth_and_the_last_weekday() -> None:
    second_thu = Schedule("monthly-nth", D(2026, 1, 1), weekday=3, nth=2)
    assert occurrences(second_thu, D(2026, 11, 1), D(2026, 12, 31)) == [
        D(2026, 11, 12),
        D(2026, 12, 10),
    ]
    last_fri = Schedule("monthly-nth", D(2026, 1, 1), weekday=4, nth=-1)
    assert occurrences(last_fri, D(2026, 11, 1), D(2026, 12, 31)) == [
        D(2026, 11, 27),
        D(2026, 12, 25),
    ]


@pytest.mark.parametrize(
    ("schedule", "line"),
    [
        (
            Schedule("weekly", D(2026, 1, 1), weekday=7),
            "The weekday must be 0 (Monday) to 6 (Sunday), not 7.",
        ),
        (Schedule("monthly-day", D(2026, 1, 1), day=32), "needs a day of the month 1-31, not 32"),
        (
            Schedule("monthly-nth", D(2026, 1, 1), weekday=1, nth=5),
            "needs N of 1-4 or -1 (the last), not 5",
        ),
        (Schedule("weekly", D(2026, 1, 1), every=0, weekday=1), "'every' must be 1 or more"),
        (Schedule("hourly", D(2026, 1, 1)), "Unknown cadence 'hourly'"),
        (Schedule("weekly", D(2026, 1, 1)), "A weekly cadence needs a weekday"),
        (Schedule("daily", D(2026, 2, 1), end_date=D(2026, 1, 1)), "before the start date"),
    ],
)
def test_a_cadence_that_cannot_be_meant_is_refused_with_what_to_change(
    schedule: Schedule, line: str
) -> None:
    with pytest.raises(ValidationError, match=line.replace("(", r"\(").replace(")", r"\)")):
        validate(schedule)


@pytest.mark.parametrize(
    ("words", "said"),
    [
        ("daily", "daily"),
        ("weekdays", "weekdays"),
        ("weekly on Tuesday", "weekly on Tuesday"),
        ("every 2 weeks on tue", "weekly on Tuesday, every 2 weeks"),
        ("monthly on the 15th", "monthly on the 15th"),
        ("monthly on the 2nd Thursday", "monthly on the 2nd Thursday"),
        ("monthly on the last Friday", "monthly on the last Friday"),
    ],
)
def test_words_read_back_as_the_same_cadence(words: str, said: str) -> None:
    assert describe(parse(words, D(2026, 1, 1))) == said


def test_words_that_are_no_cadence_get_one_line() -> None:
    with pytest.raises(ValidationError, match="is not a cadence"):
        parse("now and then", D(2026, 1, 1))
    with pytest.raises(ValidationError, match="not a weekday"):
        parse("weekly on Funday", D(2026, 1, 1))
