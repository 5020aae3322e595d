"""``hoshin a3 new|show|set|pdf`` as a person types them (known answers on the sample)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hoshin.clitools import Cli


@pytest.fixture
def cli(
    demo_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Cli:
    monkeypatch.setenv("HOSHIN_PERSON", "Helen Ward")
    return Cli(demo_path, capsys)


def test_an_a3_written_and_read_from_the_command_line(cli: Cli) -> None:
    assert cli("a3 new PATH KPI-3") == "A3 started on KPI-3: problem A3 “Net promoter score”"
    assert cli("a3 new PATH BT-1 -q") == "BT-1"
    assert cli("a3 set PATH KPI-3 goal 'NPS 45 by March'") == "A3 of KPI-3: goal written"
    assert cli("a3 set PATH KPI-3 --why 'Calls wait'") == "A3 of KPI-3: why added"
    assert cli("a3 set PATH KPI-3 --cause method 'Rota' -q") == "2"
    assert (
        cli("a3 set PATH KPI-3 --step 'New rota' --who 'Kenji Watanabe' --when 2026-07-01")
        == "A3 of KPI-3: step added"
    )
    assert cli("a3 set PATH KPI-3 --link KZ-114") == "A3 of KPI-3: now links KZ-114"
    shown = json.loads(cli("a3 show PATH KPI-3 --year 2026 --json"))
    assert shown["sections"]["goal"] == "NPS 45 by March"
    assert shown["whys"] == [{"id": 1, "text": "Calls wait"}]
    assert shown["causes"] == [{"id": 2, "m": "method", "text": "Rota"}]
    assert shown["steps"] == [
        {"id": 3, "what": "New rota", "who": "Kenji Watanabe", "when": "2026-07-01"}
    ]
    assert [link["kaizen"] for link in shown["links"]] == ["KZ-114"]
    assert shown["follow_up"]["target"] == "KPI-3"
    assert shown["follow_up"]["months"][0] == {
        "month": "2026-01", "plan": 39.0, "actual": 35.3, "status": "red"
    }  # fmt: skip
    text = cli("a3 show PATH KPI-3 --year 2026").splitlines()
    assert text[0] == "A3 of KPI-3 (CO) — problem — Net promoter score"
    assert "  [3] New rota — Kenji Watanabe, 2026-07-01" in text
    assert "  2026-01  39 / 35.30  ✖" in text
    assert cli("a3 show PATH").splitlines() == [
        "BT-1 (CO) strategy: Be our customers' first choice in precision instruments — "
        "0 whys, 0 causes, 0 steps, 0 linked",
        "KPI-3 (CO) problem: Net promoter score — 1 why, 1 cause, 1 step, 1 linked",
    ]
    assert cli("a3 set PATH KPI-3 --remove-row 1") == "A3 of KPI-3: row 1 removed"
    assert cli("a3 set PATH KPI-3 --delete") == "A3 of KPI-3: deleted"


def test_bad_a3_commands_are_refused_in_one_line(cli: Cli) -> None:
    cli("a3 new PATH KPI-3 -q")
    assert cli.fails("a3 new PATH KPI-3") == "KPI-3 has an A3 already; one per node."
    assert cli.fails("a3 set PATH KPI-3").startswith("Give one change: SECTION TEXT, --why")
    assert cli.fails("a3 set PATH KPI-3 --why a --why b --link KZ-1").startswith("Give one change")
    assert cli.fails("a3 set PATH KPI-3 --cause weather Heat").startswith(
        "A cause is filed under one of the 6 Ms"
    )
    assert cli.fails("a3 set PATH KPI-3 risks x").startswith("A problem A3 has no section 'risks'")
    assert cli.fails("a3 set PATH KPI-1 goal x") == (
        "KPI-1 has no A3; start one with `hoshin a3 new`."
    )
    assert cli.fails("a3 pdf PATH KPI-3 -o /tmp/never-written.pdf") == (
        "The A3 as a PDF needs the desktop app: run the installed 'hoshin' command."
    )
    assert cli.fails("a3 pdf PATH KPI-3 -o a3.txt") == (
        "The A3 is written as a .pdf; give a file name ending in .pdf."
    )
