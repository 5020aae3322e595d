"""``hoshin settings``: the plan's holidays and due-date rules from the command line."""

from __future__ import annotations

import json
import sqlite3

from tests.hoshin.clitools import Cli


def test_holidays_move_a_due_date(acme: Cli) -> None:
    acme("set PATH KPI-1 --owner Gareth -q")
    acme("measure PATH KPI-1 --month 2026-10 --plan 28 -q")

    def due() -> str:
        doc = json.loads(acme("agenda PATH --as Gareth --as-of 2026-11-02 --json"))
        return str(doc["this week"][0]["due"]) if doc["this week"] else str(doc["later"][0]["due"])

    assert due() == "2026-11-06"
    assert acme("settings PATH --set holidays=2026-12-25,2026-11-03 --set escalate_after=2") == (
        "Settings: holidays = 2026-11-03, 2026-12-25; escalate_after = 2"
    )
    shown = json.loads(acme("settings PATH --json"))
    assert shown["holidays"] == ["2026-11-03", "2026-12-25"]
    assert due() == "2026-11-09"  # the 5th working day moved past the holiday
    acme("settings PATH --set holidays=")
    assert due() == "2026-11-06"


def test_bad_settings_are_one_line_and_change_nothing(acme: Cli) -> None:
    assert acme.fails("settings PATH --set holidays=3.11.2026") == (
        "'3.11.2026' is not a date (YYYY-MM-DD)."
    )
    assert acme.fails("settings PATH --set escalate_after=soon") == (
        "escalate_after takes a whole number, not 'soon'."
    )
    assert acme.fails("settings PATH --set escalate_after=2 --set nope=1").startswith(
        "There is no plan setting 'nope'"
    )
    assert "escalate_after = 3 " in acme("settings PATH")


def test_due_rules_outside_their_range_are_refused_and_change_nothing(acme: Cli) -> None:
    # 0 would read as "never"; a huge count ran the calendar past 9999 (an OverflowError in
    # every agenda and digest afterwards). Settings… offers 1-60 working days.
    for key in ("actual_due_day", "catchball_days", "escalate_after"):
        assert acme.fails(f"settings PATH --set {key}=0") == (
            f"{key} takes a whole number from 1 to 60, not 0."
        )
    assert acme.fails("settings PATH --set catchball_days=999999999") == (
        "catchball_days takes a whole number from 1 to 60, not 999999999."
    )
    assert acme.fails("settings PATH --set remind_days_ahead=999999999") == (
        "remind_days_ahead takes a whole number from 0 to 60, not 999999999."
    )
    # The first change is not written when the second is refused.
    assert acme.fails("settings PATH --set escalate_after=2 --set escalate_again=61") == (
        "escalate_again takes a whole number from 1 to 60, not 61."
    )
    acme("settings PATH --set actual_due_day=60 --set reminders_a_week=0")
    shown = json.loads(acme("settings PATH --json"))
    assert (shown["actual_due_day"], shown["reminders_a_week"], shown["escalate_after"]) == (
        60,
        0,
        3,
    )


def test_a_stored_rule_out_of_range_reads_as_its_bound(acme: Cli) -> None:
    # A plan written before the ranges were checked: catchball_days 999999999 ran the
    # calendar past 9999 in every agenda; it now reads as 60, escalate_again 0 as 1.
    with sqlite3.connect(acme.plan) as db:
        db.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES "
            "('catchball_days', '999999999'), ('escalate_again', '0')"
        )
    shown = json.loads(acme("settings PATH --json"))
    assert (shown["catchball_days"], shown["escalate_again"]) == (60, 1)
    acme("catchball throw PATH KPI-1 --to PLT --as Helen --value 25 -q")
    owed = json.loads(acme("agenda PATH --as Gareth --json"))
    assert [item["kind"] for item in owed["later"] + owed["this week"]] == ["catchball"]
