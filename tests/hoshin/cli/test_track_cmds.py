"""``hoshin track``: a target's daily or weekly values from the command line."""

from __future__ import annotations

import json

import pytest

from tests.hoshin.clitools import Cli


@pytest.fixture
def tracked(acme: Cli) -> Cli:
    """KPI-1 (lead time in days, down) planned at 25 in March 2026, tracked daily."""
    acme("measure PATH KPI-1 --month 2026-03 --plan 25 --actual 40")
    assert acme("track set PATH KPI-1 --tracking daily") == (
        "KPI-1 is tracked daily, added up by average"
    )
    return acme


def test_recording_days_derives_the_months_actual_and_says_so(tracked: Cli) -> None:
    assert tracked("track PATH KPI-1 --date 2026-03-02 --value 24") == (
        "KPI-1 2026-03-02 value 24 (green); 2026-03 actual 24, derived from 1 daily value"
    )
    tracked("track PATH KPI-1 --date 2026-03-03 --value 26")
    # (24 + 26 + 28) / 3 = 26 against a plan of 25, lower being better: 28 is red.
    assert tracked("track PATH KPI-1 --date 2026-03-04 --value 28") == (
        "KPI-1 2026-03-04 value 28 (red); 2026-03 actual 26, derived from 3 daily values"
    )
    shown = tracked("show PATH KPI-1")
    assert "derived from 3 daily values" in shown
    assert tracked("track PATH KPI-1 --date 2026-03-04 --clear") == (
        "KPI-1 2026-03-04 cleared; 2026-03 actual 25, derived from 2 daily values"
    )


def test_list_shows_values_with_colours_and_months_as_text_and_json(tracked: Cli) -> None:
    tracked("track set PATH KPI-1 --tracking daily --aggregation sum")
    tracked("track PATH KPI-1 --date 2026-03-02 --value 0.5")
    tracked("track PATH KPI-1 --date 2026-03-03 --value 1")
    data = json.loads(tracked("track list PATH KPI-1 --from 2026-03-03 --json"))
    # A sum's plan of 25 pro-rated to one of March's 31 days: 25 / 31 = 0.806…
    assert [(v["date"], v["value"], v["status"]) for v in data["values"]] == [
        ("2026-03-03", 1.0, "red")
    ]
    assert data["months"] == [
        {"month": "2026-03", "actual": 1.5, "values": 2, "note": "derived from 2 daily values"}
    ]
    text = tracked("track list PATH KPI-1")
    assert "2026-03-02" in text and "green" in text
    assert "2026-03 actual 1.5, derived from 2 daily values" in text


def test_a_weekly_value_is_moved_to_its_monday_and_says_so(tracked: Cli) -> None:
    tracked("track set PATH KPI-1 --tracking weekly")
    assert tracked("track PATH KPI-1 --date 2026-03-05 --value 24").startswith(
        "KPI-1 week of 2026-03-02 (the Monday of 2026-03-05) value 24 (green)"
    )


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ("track PATH KPI-1 --date 2026-03-02", "Give either --value N or --clear."),
        ("track PATH KPI-1 --value 3", "Give the --date of the value (YYYY-MM-DD)."),
        ("track PATH KPI-1 --date 2026-02-30 --value 3", "not '2026-02-30'"),
        ("track PATH KPI-1 --date 2026-03-02 --value lots", "must be a number"),
        ("track PATH KPI-1 --date 2026-03-09 --clear", "KPI-1 has no value on 2026-03-09."),
        ("track PATH IP-1 --date 2026-03-02 --value 3", "Only targets are tracked"),
        ("track PATH KPI-1 --date 2026-03-02 --value 3 --json", "--json does not go with"),
        ("track set PATH KPI-1", "Give --tracking daily, weekly or monthly."),
        ("track list PATH", "Give the plan and the target"),
        ("track list PATH KPI-1 --from 2026-04-01 --to 2026-03-01", "is before the start"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(tracked: Cli, command: str, words: str) -> None:
    assert words in tracked.fails(command)


def test_a_monthly_target_refuses_values_until_tracked_finer(acme: Cli) -> None:
    assert "is tracked monthly" in acme.fails("track PATH KPI-1 --date 2026-03-02 --value 3")


def test_measure_says_when_the_month_shows_its_values_instead(tracked: Cli) -> None:
    tracked("track PATH KPI-1 --date 2026-03-02 --value 24")
    assert tracked("measure PATH KPI-1 --month 2026-03 --actual 41") == (
        "KPI-1 2026-03 plan 25, actual 41 (red); the month shows 24, derived from 1 daily value"
    )
