"""When a routine of Leader Standard Work falls due (DESIGN §6b).

Occurrences are computed from the cadence, never stored: a year of a daily routine is 365
dates made in microseconds, and only an answered occurrence becomes a row. One rule for the
screen, the measures, the CLI and the reminders.

Cadences (kinds.Cadence): daily; weekdays (Monday to Friday); weekly on a weekday every N
weeks, the weeks counted from the week of the routine's start date; monthly on a day (the
month's last day when the month is shorter); monthly on the Nth weekday (1-4, or -1 the last).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Protocol

from hoshin.model.errors import ValidationError
from hoshin.model.kinds import Cadence

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ONE_DAY = dt.timedelta(days=1)
_WEEK = dt.timedelta(days=7)


class Scheduled(Protocol):
    """What a cadence needs of a routine (a Routine row or a Schedule)."""

    @property
    def cadence(self) -> str: ...
    @property
    def every(self) -> int: ...
    @property
    def weekday(self) -> int | None: ...
    @property
    def day(self) -> int | None: ...
    @property
    def nth(self) -> int | None: ...
    @property
    def start_date(self) -> dt.date: ...
    @property
    def end_date(self) -> dt.date | None: ...


@dataclass(frozen=True)
class Schedule:
    """A cadence with its dates, as a routine holds it."""

    cadence: str
    start_date: dt.date
    every: int = 1
    weekday: int | None = None
    day: int | None = None
    nth: int | None = None
    end_date: dt.date | None = None


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@functools.lru_cache(maxsize=4096)  # a company's monthly routines ask the same few months
def _month_day(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


@functools.lru_cache(maxsize=4096)
def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    if nth == -1:
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def _months(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    out = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def occurrences(routine: Scheduled, start: dt.date, end: dt.date) -> list[dt.date]:
    """The dates the routine falls due from ``start`` to ``end`` (both included), within
    its own start and end dates, oldest first."""
    lo = max(start, routine.start_date)
    hi = end if routine.end_date is None else min(end, routine.end_date)
    if lo > hi:
        return []
    span = (hi - lo).days + 1
    kind = routine.cadence
    if kind == Cadence.DAILY:
        return [lo + dt.timedelta(days=i) for i in range(span)]
    if kind == Cadence.WEEKDAYS:
        return [d for i in range(span) if (d := lo + dt.timedelta(days=i)).weekday() < 5]
    if kind == Cadence.WEEKLY:
        weekday = routine.weekday if routine.weekday is not None else routine.start_date.weekday()
        every = max(routine.every or 1, 1)
        anchor = _monday(routine.start_date)
        first = lo + dt.timedelta(days=(weekday - lo.weekday()) % 7)
        # Each step is the next week: its count from the anchor's week is one more.
        week = (_monday(first) - anchor).days // 7
        out = []
        d = first
        while d <= hi:
            if week % every == 0:
                out.append(d)
            d += _WEEK
            week += 1
        return out
    if kind == Cadence.MONTHLY_DAY:
        want = routine.day or routine.start_date.day
        days = (_month_day(y, m, want) for y, m in _months(lo, hi))
        return [d for d in days if lo <= d <= hi]
    if kind == Cadence.MONTHLY_NTH:
        weekday = routine.weekday if routine.weekday is not None else routine.start_date.weekday()
        nth = routine.nth or 1
        days = (_nth_weekday(y, m, weekday, nth) for y, m in _months(lo, hi))
        return [d for d in days if lo <= d <= hi]
    raise ValidationError(f"Unknown cadence {kind!r}: choose one of {_kinds()}.")


def count(routine: Scheduled, start: dt.date, end: dt.date) -> int:
    """How many times the routine falls due from ``start`` to ``end``: ``len(occurrences)``
    without making the dates for the cadences that repeat most (what the measures of a
    whole company count, 25,000 routines at a time)."""
    lo = max(start, routine.start_date)
    hi = end if routine.end_date is None else min(end, routine.end_date)
    if lo > hi:
        return 0
    span = (hi - lo).days + 1
    if routine.cadence == Cadence.DAILY:
        return span
    if routine.cadence == Cadence.WEEKDAYS:
        weeks, rest = divmod(span, 7)
        wd = lo.weekday()
        return weeks * 5 + sum(1 for i in range(rest) if (wd + i) % 7 < 5)
    if routine.cadence == Cadence.WEEKLY:
        weekday = routine.weekday if routine.weekday is not None else routine.start_date.weekday()
        every = max(routine.every or 1, 1)
        first = lo + dt.timedelta(days=(weekday - lo.weekday()) % 7)
        if first > hi:
            return 0
        n = (hi - first).days // 7 + 1  # that weekday's dates in the span
        week = ((_monday(first) - _monday(routine.start_date)).days // 7) % every
        skip = (-week) % every  # how many of them before the first week of the rhythm
        return 0 if skip >= n else (n - 1 - skip) // every + 1
    return len(occurrences(routine, lo, hi))


def is_occurrence(routine: Scheduled, day: dt.date) -> bool:
    """Whether the routine falls due on ``day`` (asked of every answer a measure reads)."""
    if day < routine.start_date or (routine.end_date is not None and day > routine.end_date):
        return False
    kind = routine.cadence
    if kind == Cadence.DAILY:
        return True
    if kind == Cadence.WEEKDAYS:
        return day.weekday() < 5
    if kind == Cadence.WEEKLY and routine.weekday is not None:
        if day.weekday() != routine.weekday:
            return False
        weeks = (day - routine.start_date).days + routine.start_date.weekday() - day.weekday()
        return (weeks // 7) % max(routine.every or 1, 1) == 0
    return count(routine, day, day) > 0


def _kinds() -> str:
    return ", ".join(c.value for c in Cadence)


def validate(schedule: Scheduled) -> None:
    """Refuse a cadence that cannot be meant, with a line that says what to change."""
    kind = schedule.cadence
    if kind not in {c.value for c in Cadence}:
        raise ValidationError(f"Unknown cadence {kind!r}: choose one of {_kinds()}.")
    if schedule.every is None or schedule.every < 1:
        raise ValidationError(f"'every' must be 1 or more (weeks), not {schedule.every}.")
    if schedule.every != 1 and kind != Cadence.WEEKLY:
        raise ValidationError("'every N weeks' applies to a weekly cadence only.")
    wd = schedule.weekday
    if wd is not None and not 0 <= wd <= 6:
        raise ValidationError(f"The weekday must be 0 (Monday) to 6 (Sunday), not {wd}.")
    if kind == Cadence.MONTHLY_DAY:
        if schedule.day is None or not 1 <= schedule.day <= 31:
            raise ValidationError(
                f"A monthly cadence on a day needs a day of the month 1-31, not {schedule.day}."
            )
    elif schedule.day is not None:
        raise ValidationError("A day of the month applies to 'monthly on a day' only.")
    if kind == Cadence.MONTHLY_NTH:
        if schedule.nth not in (1, 2, 3, 4, -1):
            raise ValidationError(
                f"'monthly on the Nth weekday' needs N of 1-4 or -1 (the last), not {schedule.nth}."
            )
        if wd is None:
            raise ValidationError("'monthly on the Nth weekday' needs a weekday.")
    elif schedule.nth is not None:
        raise ValidationError("N (1-4, -1 the last) applies to 'monthly on the Nth weekday' only.")
    if kind == Cadence.WEEKLY and wd is None:
        raise ValidationError("A weekly cadence needs a weekday (e.g. 'weekly on Tuesday').")
    if kind in (Cadence.DAILY, Cadence.WEEKDAYS) and wd is not None:
        raise ValidationError(f"A {kind} cadence takes no weekday.")
    if schedule.end_date is not None and schedule.end_date < schedule.start_date:
        raise ValidationError(
            f"The end date {schedule.end_date} is before the start date {schedule.start_date}."
        )


def _ordinal(n: int) -> str:
    if n == -1:
        return "last"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def describe(schedule: Scheduled) -> str:
    """The cadence in words, e.g. 'weekly on Tuesday, every 2 weeks'."""
    kind = schedule.cadence
    wd = WEEKDAYS[schedule.weekday] if schedule.weekday is not None else ""
    if kind == Cadence.DAILY:
        return "daily"
    if kind == Cadence.WEEKDAYS:
        return "weekdays"
    if kind == Cadence.WEEKLY:
        every = schedule.every or 1
        return f"weekly on {wd}" + (f", every {every} weeks" if every > 1 else "")
    if kind == Cadence.MONTHLY_DAY:
        return f"monthly on the {_ordinal(schedule.day or 1)}"
    return f"monthly on the {_ordinal(schedule.nth or 1)} {wd}"


def weekday_of(word: str) -> int:
    """A weekday from a word (mon, Tuesday, 2 …): 0 Monday to 6 Sunday."""
    w = word.strip().lower()
    if w.isdigit() or (w.startswith("-") and w[1:].isdigit()):
        n = int(w)
        if not 0 <= n <= 6:
            raise ValidationError(f"The weekday must be 0 (Monday) to 6 (Sunday), not {n}.")
        return n
    for i, name in enumerate(WEEKDAYS):
        if len(w) >= 2 and name.lower().startswith(w):
            return i
    raise ValidationError(f"{word!r} is not a weekday: say mon, tue, … or Monday, Tuesday, ….")


_NTH_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}


def _nth_of(word: str) -> int:
    w = word.lower()
    if w in _NTH_WORDS:
        return _NTH_WORDS[w]
    m = re.fullmatch(r"(-?\d+)(st|nd|rd|th)?", w)
    if m is None:
        raise ValidationError(f"{word!r} is not 1st-4th or last.")
    return int(m.group(1))


def parse(words: str, start_date: dt.date, end_date: dt.date | None = None) -> Schedule:
    """A cadence from words, validated:

    daily · weekdays · weekly on Tuesday · every 2 weeks on Tue · monthly on the 15th ·
    monthly on the 2nd Thursday · monthly on the last Friday.
    """
    text = " ".join(words.lower().replace(",", " ").split())
    text = re.sub(r"\b(the|day)\b ?", "", text).strip()
    sched: Schedule | None = None
    if text in ("daily", "every"):
        sched = Schedule(Cadence.DAILY.value, start_date)
    elif text in ("weekdays", "every weekday", "working days"):
        sched = Schedule(Cadence.WEEKDAYS.value, start_date)
    elif m := re.fullmatch(r"(?:weekly|every week) on (\w+)(?: every (\d+) weeks?)?", text):
        every = int(m.group(2) or 1)
        sched = Schedule(Cadence.WEEKLY.value, start_date, every, weekday_of(m.group(1)))
    elif m := re.fullmatch(r"every (\d+) weeks? on (\w+)", text):
        sched = Schedule(Cadence.WEEKLY.value, start_date, int(m.group(1)), weekday_of(m.group(2)))
    elif m := re.fullmatch(r"(?:monthly|every month) on (\w+) (\w+)", text):
        sched = Schedule(
            Cadence.MONTHLY_NTH.value,
            start_date,
            weekday=weekday_of(m.group(2)),
            nth=_nth_of(m.group(1)),
        )
    elif m := re.fullmatch(r"(?:monthly|every month) on (\d+)(?:st|nd|rd|th)?", text):
        sched = Schedule(Cadence.MONTHLY_DAY.value, start_date, day=int(m.group(1)))
    if sched is None:
        raise ValidationError(
            f"{words!r} is not a cadence: say 'daily', 'weekdays', 'weekly on Tuesday', "
            "'every 2 weeks on Tue', 'monthly on the 15th' or 'monthly on the 2nd Thursday'."
        )
    sched = Schedule(
        sched.cadence, start_date, sched.every, sched.weekday, sched.day, sched.nth, end_date
    )
    validate(sched)
    return sched
