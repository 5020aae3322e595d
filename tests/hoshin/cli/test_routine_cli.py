"""``hoshin routine`` as a leader uses it: add with words or flags, answer, find, list."""

from __future__ import annotations

import json

from tests.hoshin.clitools import Cli


def test_a_leaders_week_from_the_command_line(acme: Cli) -> None:
    said = acme(
        "routine add PATH 'Gemba walk at the plant' --person Gareth --unit PLT "
        "--when 'weekly on Tuesday' --start 2026-11-01 --node KPI-1"
    )
    assert said == (
        "Routine added: 1 Gemba walk at the plant (weekly on Tuesday at PLT; Gareth; "
        "serves KPI-1; from 2026-11-01)"
    )
    assert (
        acme(
            "routine add PATH 'Coach one kaizen' --person Gareth --cadence monthly-nth --nth 2 "
            "--on thu --start 2026-11-01 -q"
        )
        == "2"
    )
    assert acme("routine done PATH 1 --date 2026-11-03 --note 'Cell 3 tidy'") == (
        "Routine 1 Gemba walk at the plant on 2026-11-03: done."
    )
    acme("routine skip PATH 1 --date 2026-11-10 --reason 'Plant shutdown'")
    acme("routine miss PATH 1 --date 2026-11-17")
    assert acme("routine finding add PATH 1 'Tools hunted for' --date 2026-11-03 -q") == "1"
    assert acme("routine finding kaizen PATH 1 --origin joint -q") == "KZ-1"
    acme("routine finding add PATH 1 'Andon light broken' --date 2026-11-03 -q")
    acme("routine finding action PATH 2 --owner Gareth --due 2026-11-20")
    acme("routine finding done PATH 2 --on 2026-11-19")
    listed = json.loads(acme("routine list PATH --person Gareth --json"))
    assert [(r["id"], r["when"]) for r in listed] == [
        (2, "monthly on the 2nd Thursday"),
        (1, "weekly on Tuesday"),
    ]
    mine = json.loads(acme("routine mine PATH --person Gareth --date 2026-11-19 --json"))
    assert [(o["routine"], o["date"]) for o in mine["overdue"]] == [(2, "2026-11-12")]
    assert mine["this_week"] == []
    # The coaching routine, copied to everyone of the company but its holder: Helen.
    assert acme("routine copy PATH 2 --unit CO") == "Routines copied: 1 new (3)."
    assert "3 Coach one kaizen (monthly on the 2nd Thursday at CO; Helen;" in acme(
        "routine list PATH --person Helen"
    )
    acme("routine remove PATH 3 -q")
    acme("routine edit PATH 1 --on wed")
    assert "weekly on Wednesday" in acme("routine list PATH")
    report = json.loads(acme("check PATH --json --as-of 2026-11-19"))
    gareth = report["health"]["lsw_adherence"]["people"]["P-2"]
    # The walk now falls on Wednesdays 11-04, 11-11 and 11-18, none answered (the Tuesday
    # answers no longer count); coaching's 11-12 is due: 4 due, none done.
    assert (gareth["due"], gareth["done"], gareth["unanswered"]) == (4, 0, 4)


def test_bad_routine_input_gets_one_line_and_changes_nothing(acme: Cli) -> None:
    acme("routine add PATH Walk --person Gareth --when 'weekly on Tuesday' --start 2026-11-01")
    for command, line in (
        (
            "routine add PATH Walk --person Gareth --cadence weekly --on funday",
            "'funday' is not a weekday",
        ),
        ("routine add PATH Walk --person Gareth --cadence monthly-day --day 32", "1-31, not 32"),
        ("routine add PATH Walk --person Gareth --cadence monthly-nth --nth 5 --on mon", "not 5"),
        ("routine add PATH Walk --person Gareth --cadence weekly --on tue --every 0", "'every'"),
        ("routine add PATH Walk --person Gareth", "Say how often"),
        ("routine add PATH Walk --person Gareth --when 'now and then'", "is not a cadence"),
        ("routine done PATH 1 --date 2026-11-04", "not due on 2026-11-04"),
        ("routine skip PATH 1 --date 2026-11-03", "A skip needs a reason"),
        ("routine done PATH 9 --date 2026-11-03", "No routine 9"),
        ("routine finding add PATH 1 'x' --date 2026-11-03", "record it done first"),
    ):
        assert line in acme.fails(command), command


def test_a_walks_finding_becomes_a_problem_on_the_visited_huddle(acme: Cli) -> None:
    acme("routine add PATH Walk --person Gareth --unit PLT --when daily --start 2026-11-01")
    acme("routine done PATH 1 --date 2026-11-03")
    acme("routine finding add PATH 1 'Andon light broken' --date 2026-11-03 -q")
    assert acme("routine finding problem PATH 1 --owner Gareth --due 2099-11-10") == (
        "Finding 1 became problem 1."
    )
    assert "Andon light broken" in acme("problem list PATH --unit PLT")
    # Made once: the second time is one line naming what it became, in words.
    assert "Finding 1 became a problem already." in acme.fails("routine finding problem PATH 1")
    acme("routine finding add PATH 1 'Cables across the aisle' --date 2026-11-03 -q")
    acme("routine finding action PATH 2 --owner Gareth --due 2026-11-20")
    assert "Finding 2 became an action item already." in acme.fails(
        "routine finding action PATH 2 --owner Gareth --due 2026-11-21"
    )
