"""``hoshin agenda`` and ``hoshin calendar``: a person's work from the command line, and
their calendar read back with the icalendar library."""

from __future__ import annotations

import json
from pathlib import Path

from icalendar import Calendar

from tests.hoshin.clitools import Cli


def _october_owed(acme: Cli) -> None:
    """Gareth owns KPI-1 (lead time) with a plan for October 2026 and no actual: due
    Friday 6 November 2026, the 5th working day of November."""
    acme("set PATH KPI-1 --owner Gareth -q")
    acme("measure PATH KPI-1 --month 2026-10 --plan 28 -q")


def test_the_agenda_groups_the_work_and_says_how_to_do_it(acme: Cli) -> None:
    _october_owed(acme)
    out = acme("agenda PATH --as Gareth --as-of 2026-11-02")
    assert out.splitlines() == [
        "My work of Gareth (P-2), as of 2026-11-02",
        "This week (1)",
        "  2026-11-06  Record the actual of October 2026 for KPI-1  [KPI-1 Lead time]  (due)",
        "              do: hoshin measure PATH KPI-1 --month 2026-10 --actual VALUE",
    ]
    assert acme("agenda PATH --as Helen --as-of 2026-11-02").endswith("Nothing owed.")


def test_late_work_shows_for_the_manager_in_json(acme: Cli) -> None:
    _october_owed(acme)
    # Wednesday 11 November: 3 working days late, the threshold; PLT's first person is
    # Gareth himself, so the manager is CO's: Helen.
    doc = json.loads(acme("agenda PATH --as Helen --as-of 2026-11-11 --json"))
    assert doc["overdue"] == [] and doc["person"] == {"key": "P-1", "name": "Helen"}
    [late] = doc["people_overdue"]
    assert late["owner"] == "Gareth" and late["key"].endswith(":2026-10")
    assert (late["due"], late["days_overdue"], late["escalation_step"]) == ("2026-11-06", 3, 1)
    assert doc["escalated"] == [late]
    mine = json.loads(acme("agenda PATH --as P-2 --as-of 2026-11-11 --json"))
    assert [o["key"] for o in mine["overdue"]] == [late["key"]]


def test_the_calendar_reads_back_with_the_due_date(acme: Cli, tmp_path: Path) -> None:
    _october_owed(acme)
    out = tmp_path / "gareth.ics"
    said = acme(f"calendar PATH --as Gareth --as-of 2026-11-02 -o {out}")
    assert said == f"Wrote {out}: 1 due date, 0 routines, 0 review meetings"
    cal = Calendar.from_ical(out.read_bytes())
    [event] = cal.walk("VEVENT")
    assert str(event["summary"]) == "Record the actual of October 2026 for KPI-1"
    assert event.decoded("dtstart").isoformat() == "2026-11-06"
    assert str(event["uid"]).startswith("actual:") and str(event["uid"]).endswith("@hoshin")
    # Written again later: the same event (same UID), now late in its summary.
    acme(f"calendar PATH --as Gareth --as-of 2026-11-10 -o {out} --force")
    [again] = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert again["uid"] == event["uid"]
    assert str(again["summary"]).endswith("(late 2 working days)")


def test_bad_input_is_one_line_and_nothing_written(acme: Cli, tmp_path: Path) -> None:
    assert acme.fails("agenda PATH --as Nobody") == "No person Nobody in this plan."
    assert acme.fails("agenda PATH --as Helen --as-of 2026-13-01").startswith("The as-of date")
    # An empty date ("$DAY" unset in a cron line) is no silent "today".
    assert acme.fails("agenda PATH --as Helen --as-of ''") == (
        "The as-of date is empty: give a date as YYYY-MM-DD."
    )
    out = tmp_path / "me.txt"
    assert "as .ics" in acme.fails(f"calendar PATH --as Helen -o {out}")
    assert not out.exists()
    ics = tmp_path / "me.ics"
    ics.write_text("keep")
    assert "--force" in acme.fails(f"calendar PATH --as Helen -o {ics}")
    assert ics.read_text() == "keep"


def test_one_working_day_late_is_said_in_the_singular(acme: Cli) -> None:
    _october_owed(acme)
    # Due Friday 6 November; Monday the 9th is one working day late, not "1 working days".
    out = acme("agenda PATH --as Gareth --as-of 2026-11-09")
    assert "  2026-11-06  Record the actual of October 2026 for KPI-1  [KPI-1 Lead time]  " in out
    assert "(due, 1 working day late)" in out


def test_every_kind_of_work_says_the_command_that_does_it(acme: Cli) -> None:
    """A routine's occurrence, a walk's action item and a problem each get their command,
    as an action item of a kaizen always had."""
    acme("routine add PATH Walk --person Gareth --unit PLT --when daily --start 2026-11-02")
    acme("routine done PATH 1 --date 2026-11-02")
    acme("routine finding add PATH 1 'Cables across the aisle' --date 2026-11-02 -q")
    acme("routine finding action PATH 1 --owner Gareth --due 2026-11-04")
    acme(
        "problem raise PATH --unit PLT --what 'Pallets' --owner Gareth --due 2026-11-05 "
        "--on 2026-11-02 -q"
    )
    out = acme("agenda PATH --as Gareth --as-of 2026-11-03")
    assert "              do: hoshin routine done PATH 1 --date 2026-11-03" in out
    assert "              do: hoshin routine finding done PATH 1" in out
    assert '              do: hoshin problem solve PATH 1 --answer "…"' in out


def test_a_person_is_named_exactly_not_by_pattern(acme: Cli) -> None:
    # The name was matched with LIKE, where "_" stands for any letter: "G_re_h" was Gareth.
    assert acme.fails("agenda PATH --as G_re_h") == "No person G_re_h in this plan."
    assert acme.fails("agenda PATH --as '______'") == "No person ______ in this plan."
    assert acme("agenda PATH --as gareth --as-of 2026-11-02").startswith("My work of Gareth (P-2)")
    # Nobody named: said as such, not as "No person  in this plan."
    assert acme.fails("agenda PATH --as ''") == "Give the person: a key (P-3) or a name."
