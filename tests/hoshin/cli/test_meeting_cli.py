"""``hoshin review --agenda|--minutes`` and ``hoshin meeting``: a unit's review meeting run
from the command line, on the sample plan of 15 June 2026 (reviewing May)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.hoshin.clitools import Cli


@pytest.fixture
def sample(demo_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    shutil.copy2(demo_path, cli.plan)
    monkeypatch.setenv("HOSHIN_PERSON", "Helen Ward")
    return cli


def test_the_agenda_is_made_once_and_decisions_are_recorded_against_it(sample: Cli) -> None:
    made = sample("review PATH --agenda --unit QA --date 2026-06-15").splitlines()
    # Due 30 March: 1 + 22 + 21 + 11 working days of March to June (no holidays) late.
    assert made == [
        "Meeting 1: Monthly review — Quality (QA) — 2026-06-15 (made now)",
        "Overdue obligations",
        "   1. Train the second shift — Yuki Tanaka, due 2026-03-30, 55 working days late",
    ]
    assert sample("meeting point PATH 1 --title 'Calibration backlog'") == (
        "Meeting 1: item 2 Calibration backlog"
    )
    assert sample(
        "meeting decide PATH 1 --item 2 --text 'Hire a second shift lead' --owner P-26 "
        "--due 2026-06-30"
    ) == ("Meeting 1 on item 2: [1] Hire a second shift lead (P-26 Pete Walsh, due 2026-06-30)")
    assert sample("meeting decide PATH 1 --text 'Keep the weekly huddle' -q") == "2"
    assert sample("meeting done PATH 1 --on 2026-06-28") == (
        "Meeting 1 on item 2: [1] Hire a second shift lead (P-26 Pete Walsh, due 2026-06-30, done)"
    )
    assert sample("meeting held PATH 1 --notes 'Kenji chaired.'") == "Meeting 1: held"
    # Asked again, the day's meeting is shown, not made twice.
    assert sample("review PATH --agenda --unit qa --date 2026-06-15").splitlines() == [
        "Meeting 1: Monthly review — Quality (QA) — 2026-06-15",
        "Overdue obligations",
        "   1. Train the second shift — Yuki Tanaka, due 2026-03-30, 55 working days late",
        "Other points",
        "   2. Calibration backlog",
        "      → [1] Hire a second shift lead (P-26 Pete Walsh, due 2026-06-30, done)",
        "Decisions on the meeting as a whole",
        "      → [2] Keep the weekly huddle",
    ]
    shown = json.loads(sample("meeting show PATH 1 --json"))
    assert (shown["held"], shown["notes"], len(shown["decisions"])) == (True, "Kenji chaired.", 2)
    assert sample("meeting list PATH") == (
        "   1  2026-06-15  QA       Monthly review  (held; 2 items, 2 decisions)"
    )


def test_the_minutes_are_written_as_html_with_every_decision(sample: Cli, tmp_path: Path) -> None:
    sample("review PATH --agenda --unit CO --date 2026-06-15")
    sample("meeting decide PATH 1 --item 1 --text 'Countermeasure <by Friday>' --owner P-2 -q")
    out = tmp_path / "minutes.html"
    assert sample(f"review PATH --minutes 1 -o {out}") == (
        f"Wrote {out}: Minutes: Monthly review — Northwind Instruments (CO) — 2026-06-15"
    )
    page = out.read_text(encoding="utf-8")
    assert "Red targets without a countermeasure" in page and "KPI-3 Net promoter" in page
    assert "Countermeasure &lt;by Friday&gt;" in page  # words, never markup
    assert "<td>David Kim</td>" in page  # the action items table


def test_meeting_mistakes_are_one_line(sample: Cli, tmp_path: Path) -> None:
    sample("review PATH --agenda --unit OPS --date 2026-06-15")
    assert sample.fails("meeting decide PATH 1 --item 70 --text X") == (
        "Meeting 1 has no agenda item 70; 'hoshin meeting show' lists them."
    )
    assert sample.fails("meeting decide PATH 9 --text X") == "No meeting 9 in this plan."
    assert sample.fails("review PATH --minutes 1") == (
        "Give the file to write the minutes to: -o minutes.pdf"
    )
    assert sample.fails("review PATH --agenda") == "Give the unit whose meeting it is: --unit CODE"
    assert sample.fails(f"review PATH --minutes 1 -o {tmp_path / 'm.pdf'}") == (
        "The meeting as a PDF needs the desktop app: run the installed 'hoshin' command, or "
        "write it as .html."
    )
    assert sample.fails("review PATH --unit OPS") == (
        "The monthly review needs --month, -o (or --agenda, --minutes MEETING)."
    )


def test_an_agenda_refused_as_pdf_makes_no_meeting(sample: Cli, tmp_path: Path) -> None:
    # python -m hoshin draws no PDF: it said so only after making the meeting (exit 1, and
    # the plan changed); now it refuses first, and the plan is as it was.
    assert sample.fails(
        f"review PATH --agenda --unit QA --date 2026-06-15 -o {tmp_path / 'a.pdf'}"
    ) == (
        "The meeting as a PDF needs the desktop app: run the installed 'hoshin' command, or "
        "write it as .html."
    )
    assert sample("meeting list PATH").startswith("No review meetings.")
    assert not (tmp_path / "a.pdf").exists()


def test_a_decision_with_no_owner_is_not_marked_done(sample: Cli) -> None:
    # It was marked done silently, and the line said nothing of it.
    sample("review PATH --agenda --unit QA --date 2026-06-15")
    assert sample("meeting decide PATH 1 --text 'Next review on 13 July' -q") == "1"
    assert sample.fails("meeting done PATH 1") == (
        "Decision 1 is no action item (it has no owner): there is nothing to mark done."
    )
    shown = json.loads(sample("meeting show PATH 1 --json"))
    assert [d["done"] for d in shown["decisions"]] == [False]


def test_removing_a_meeting_with_its_agenda_and_decisions_asks_for_yes(sample: Cli) -> None:
    # It went at once, a held meeting's decisions with it; now as 'node delete' and
    # 'unit remove' do: what goes along is named, and goes only with --yes.
    sample("review PATH --agenda --unit QA --date 2026-06-15")  # 1 item: the overdue training
    sample("meeting decide PATH 1 --item 1 --text 'Hire a lead' --owner P-26 --due 2026-06-30")
    sample("meeting decide PATH 1 --text 'Next review on 13 July' -q")
    sample("meeting held PATH 1 --notes 'Kenji chaired.'")
    heading = "Monthly review — Quality (QA) — 2026-06-15"
    assert sample.fails("meeting remove PATH 1") == (  # one line, exit 1, the file unchanged
        f"Removing meeting 1 ({heading}) also removes 1 agenda item; 2 decisions. Add --yes "
        "to remove it with them."
    )
    assert sample("meeting list PATH") == (
        "   1  2026-06-15  QA       Monthly review  (held; 1 item, 2 decisions)"
    )
    # One decision is one row: it goes at once, as before.
    assert sample("meeting undecide PATH 2") == "Removed decision 2"
    assert sample("meeting remove PATH 1 --yes") == (
        f"Removed meeting 1 {heading}; also gone: 1 agenda item; 1 decision"
    )
    assert sample("meeting list PATH").startswith("No review meetings.")
    # Finance has nothing on its agenda on 15 June: its meeting is one row and goes at once.
    fin = "Monthly review — Finance (FIN) — 2026-06-15"
    assert sample("review PATH --agenda --unit FIN --date 2026-06-15").splitlines() == [
        f"Meeting 1: {fin} (made now)",  # the number the removed meeting had, free again
        "  Nothing on the agenda.",
    ]
    assert sample("meeting remove PATH 1") == f"Removed meeting 1 {fin}"
    assert sample.fails("meeting remove PATH 1 --yes") == "No meeting 1 in this plan."
