"""Due dates as one rule: the working-day calendar and escalation, with answers by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from hoshin.model.errors import ValidationError
from hoshin.rules.due_dates import DueRules, WorkCalendar, parse_holidays

D = dt.date


def test_octobers_actual_is_due_on_the_fifth_working_day_of_november() -> None:
    # November 2026 starts on a Sunday: Mon 2, Tue 3, Wed 4, Thu 5, Fri 6.
    assert DueRules(WorkCalendar()).actual_due("2026-10") == D(2026, 11, 6)


def test_a_holiday_on_the_third_moves_it_by_one_working_day() -> None:
    rules = DueRules(WorkCalendar(frozenset({D(2026, 11, 3)})))
    # Fri 6 becomes the 4th working day; the 5th is Monday the 9th.
    assert rules.actual_due("2026-10") == D(2026, 11, 9)


def test_decembers_actual_is_due_in_january_of_the_next_year() -> None:
    # 1 Jan 2027 is a Friday (a holiday here), then Mon 4 … Thu 7, Fri 8.
    rules = DueRules(WorkCalendar(frozenset({D(2027, 1, 1)})))
    assert rules.actual_due("2026-12") == D(2027, 1, 8)


def test_a_countermeasure_is_due_ten_working_days_after_the_red_month() -> None:
    # October 2026 ends on a Saturday; ten working days: 2-6 and 9-13 November.
    assert DueRules(WorkCalendar()).countermeasure_due("2026-10") == D(2026, 11, 13)


def test_a_catchball_answer_is_due_five_working_days_after_the_offer() -> None:
    # Offered Thursday 3 Dec: Fri 4, Mon 7, Tue 8, Wed 9, Thu 10.
    assert DueRules(WorkCalendar()).catchball_due(D(2026, 12, 3)) == D(2026, 12, 10)


def test_lateness_counts_working_days_only() -> None:
    cal = WorkCalendar(frozenset({D(2026, 11, 11)}))
    due = D(2026, 11, 6)  # a Friday
    assert cal.working_days_after(due, D(2026, 11, 6)) == 0
    assert cal.working_days_after(due, D(2026, 11, 8)) == 0  # the weekend
    assert cal.working_days_after(due, D(2026, 11, 9)) == 1
    # Mon 9, Tue 10, (Wed 11 a holiday), Thu 12, Fri 13, Mon 16.
    assert cal.working_days_after(due, D(2026, 11, 16)) == 5
    # Against counting one day at a time, over a span with weekends and the holiday.
    for days in range(0, 40):
        day = due + dt.timedelta(days=days)
        slow = sum(
            cal.is_working(due + dt.timedelta(days=i)) for i in range(1, (day - due).days + 1)
        )
        assert cal.working_days_after(due, day) == slow


def test_escalation_steps_follow_the_thresholds() -> None:
    rules = DueRules(WorkCalendar(), escalate_after=3, escalate_again=5)
    assert [rules.escalation_step(n) for n in (0, 2, 3, 7, 8, 30)] == [0, 0, 1, 1, 2, 2]


def test_a_bad_holiday_is_refused_in_words() -> None:
    with pytest.raises(ValidationError, match="'3 Nov' is not a date"):
        parse_holidays(["2026-11-03", "3 Nov"])
