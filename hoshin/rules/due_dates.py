"""Due dates as one rule (DESIGN §6b "Obligation"): a working-day calendar and the rules
that date every obligation and escalate it when it is late.

Every figure comes from the plan's settings (hoshin.model.plan_settings), so the whole plan
keeps one rhythm. Working days are Monday to Friday minus the plan's holidays. Lateness is
counted in working days too: an actual due on a Friday is not "three days late" on Monday.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from hoshin.model.errors import ValidationError
from hoshin.model.plan_settings import PlanSettings

#: Escalation steps: 0 the owner only, 1 also the manager of the unit, 2 also the manager
#: of the unit above.
OWNER, MANAGER, MANAGER_ABOVE = 0, 1, 2


def parse_holidays(values: Iterable[object]) -> frozenset[dt.date]:
    """The plan's holidays from their ISO text; a bad date is one clear refusal."""
    days = set()
    for value in values:
        try:
            days.add(dt.date.fromisoformat(str(value).strip()))
        except ValueError:
            raise ValidationError(f"{value!r} is not a date (YYYY-MM-DD).") from None
    return frozenset(days)


@dataclass(frozen=True)
class WorkCalendar:
    """Weekends and the plan's holidays are not working days."""

    holidays: frozenset[dt.date] = frozenset()

    def is_working(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``day`` (``n`` ≥ 0; 0 is ``day`` itself, or the
        next working day when ``day`` is not one)."""
        while not self.is_working(day) and n == 0:
            day += dt.timedelta(days=1)
        while n > 0:
            day += dt.timedelta(days=1)
            if self.is_working(day):
                n -= 1
        return day

    def nth_working_day(self, year: int, month: int, n: int) -> dt.date:
        """The ``n``-th working day of a month (``n`` ≥ 1); past the month's end it carries
        on into the next, so a rule never loses its date."""
        return self.add_working_days(dt.date(year, month, 1) - dt.timedelta(days=1), max(n, 1))

    def working_days_after(self, due: dt.date, day: dt.date) -> int:
        """How many working days lie after ``due`` up to and including ``day`` (0 when
        ``day`` is not after ``due``): how late an obligation is on ``day``."""
        if day <= due:
            return 0
        # Whole weeks at once: five working days each, minus the holidays among them.
        span = (day - due).days
        weeks, rest = divmod(span, 7)
        count = weeks * 5
        cursor = due + dt.timedelta(days=weeks * 7)
        for i in range(1, rest + 1):
            if (cursor + dt.timedelta(days=i)).weekday() < 5:
                count += 1
        count -= sum(1 for h in self.holidays if due < h <= day and h.weekday() < 5)
        return count


def next_month(month: str) -> tuple[int, int]:
    """``YYYY-MM`` → (year, month) of the month after it."""
    year, m = int(month[:4]), int(month[5:7])
    return (year + 1, 1) if m == 12 else (year, m + 1)


def month_end(month: str) -> dt.date:
    year, m = next_month(month)
    return dt.date(year, m, 1) - dt.timedelta(days=1)


@dataclass(frozen=True)
class DueRules:
    """The plan's due-date and escalation rules, with the defaults of plan_settings."""

    calendar: WorkCalendar
    actual_working_day: int = 5
    countermeasure_working_days: int = 10
    catchball_working_days: int = 5
    escalate_after: int = 3
    escalate_again: int = 5

    @classmethod
    def from_settings(cls, settings: PlanSettings) -> DueRules:
        return cls(
            WorkCalendar(parse_holidays(settings["holidays"])),
            int(settings["actual_due_day"]),
            int(settings["countermeasure_days"]),
            int(settings["catchball_days"]),
            int(settings["escalate_after"]),
            int(settings["escalate_again"]),
        )

    def actual_due(self, month: str) -> dt.date:
        """A monthly actual is due on the N-th working day of the month after it."""
        return self.calendar.nth_working_day(*next_month(month), self.actual_working_day)

    def countermeasure_due(self, month: str) -> dt.date:
        """A red month's countermeasure is due N working days after the month ends (by
        default 10, so five working days after its actual was due)."""
        return self.calendar.add_working_days(month_end(month), self.countermeasure_working_days)

    def catchball_due(self, offered_on: dt.date) -> dt.date:
        """The side that must answer a catchball message has N working days."""
        return self.calendar.add_working_days(offered_on, self.catchball_working_days)

    def days_overdue(self, due: dt.date, as_of: dt.date) -> int:
        return self.calendar.working_days_after(due, as_of)

    def escalation_step(self, days_overdue: int) -> int:
        """0 the owner; 1 past the threshold, also the unit's manager; 2 after the further
        days, also the manager of the unit above."""
        if days_overdue >= self.escalate_after + self.escalate_again:
            return MANAGER_ABOVE
        if days_overdue >= self.escalate_after:
            return MANAGER
        return OWNER
