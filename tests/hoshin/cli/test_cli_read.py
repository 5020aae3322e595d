"""``hoshin trace``, ``person list`` and ``audit``: answers in a person's words."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from tests.hoshin.clitools import Cli


def test_trace_shows_every_path_to_the_top_with_titles_units_and_links(acme: Cli) -> None:
    # A second way up: IP-1 also supports AO-2, which supports BT-2; and the plant's own
    # breakthrough BT-3 is deployed from IP-1, with a plant kaizen serving the plant.
    acme("add PATH breakthrough --unit CO --title 'Zero defects' -q")  # BT-2
    acme("add PATH annual --unit CO --title 'First pass yield 99 %' --supports BT-2 -q")  # AO-2
    acme("link PATH IP-1 AO-2 --strength weak -q")
    acme("add PATH breakthrough --unit PLT --title 'Flow in the plant' -q")  # BT-3
    acme("link PATH IP-1 BT-3 -q")
    acme("add PATH annual --unit PLT --title 'Pull in two lines' --supports BT-3 -q")  # AO-3
    acme("add PATH priority --unit PLT --title Kanban --supports AO-3 -q")  # IP-2
    acme("add PATH kaizen --unit PLT --title 'Milk run' --supports IP-2 --strength strong -q")
    assert acme("trace PATH KZ-1").splitlines() == [
        "KZ-1  Milk run  (kaizen, PLT)",
        "└─ supports IP-2  Kanban  (priority, PLT, strong)",
        "   └─ supports AO-3  Pull in two lines  (annual, PLT)",
        "      └─ supports BT-3  Flow in the plant  (breakthrough, PLT)",
        "         └─ deployed from IP-1  Flow in every plant  (priority, CO)",
        # A link with a strength comes before one without (strongest first).
        "            ├─ supports AO-2  First pass yield 99 %  (annual, CO, weak)",
        "            │  └─ supports BT-2  Zero defects  (breakthrough, CO)",
        "            └─ supports AO-1  Lead time -20 %  (annual, CO)",
        "               └─ supports BT-1  Halve lead time  (breakthrough, CO)",
        "2 paths to the top: BT-1, BT-2.",
    ]
    found = json.loads(acme("trace PATH KZ-1 --json"))
    assert found["line_of_sight"] is True and found["serves"] == ["IP-2"]
    assert [[s["code"] for s in path] for path in found["paths"]] == [
        ["KZ-1", "IP-2", "AO-3", "BT-3", "IP-1", "AO-2", "BT-2"],
        ["KZ-1", "IP-2", "AO-3", "BT-3", "IP-1", "AO-1", "BT-1"],
    ]
    assert found["paths"][0][4] == {
        "code": "IP-1",
        "kind": "priority",
        "title": "Flow in every plant",
        "unit": "CO",
        "link": "deployed from",
        "strength": None,
    }


def test_trace_of_a_node_without_line_of_sight_is_an_answer(acme: Cli) -> None:
    acme("add PATH kaizen --unit PLT --title 'Newsletter' -q")  # KZ-1, serves nothing
    assert acme("trace PATH KZ-1").splitlines() == [
        "KZ-1  Newsletter  (kaizen, PLT)",
        "KZ-1 serves nothing: no line of sight.",
    ]
    acme("add PATH priority --unit CO --title 'Digital expenses' -q")  # IP-2, supports nothing
    acme("add PATH kaizen --unit PLT --title 'Scan receipts' --supports IP-2 -q")  # KZ-2
    assert acme("trace PATH KZ-2").splitlines() == [
        "KZ-2  Scan receipts  (kaizen, PLT)",
        "└─ supports IP-2  Digital expenses  (priority, CO)",
        "KZ-2 has no line of sight: nothing above it leads to a breakthrough objective "
        "(it ends at IP-2).",
    ]
    found = json.loads(acme("trace PATH KZ-2 --json"))
    assert (found["line_of_sight"], found["serves"], found["paths"]) == (False, ["IP-2"], [])
    assert acme("trace PATH BT-1").splitlines()[-1] == (
        "BT-1 is a top breakthrough objective: every line of sight ends here."
    )


def test_person_list_of_the_plan_or_of_a_unit_and_below(acme: Cli) -> None:
    acme("unit add PATH --name 'Line 1' --parent PLT --code L1 -q")
    acme("person add PATH --name 'Ana Costa' --unit L1 -q")  # P-3
    acme("set PATH KPI-1 --owner Helen")
    assert acme("person list PATH").splitlines() == [
        "P-1    Helen                    CO       Acme  owner of 1",
        "P-3    Ana Costa                L1       Line 1",
        "P-2    Gareth                   PLT      Plant",
    ]
    people = json.loads(acme("person list PATH --unit plt --json"))
    assert [(p["key"], p["name"], p["unit"], p["owns"]) for p in people] == [
        ("P-3", "Ana Costa", "L1", 0),
        ("P-2", "Gareth", "PLT", 0),
    ]
    assert acme("person list PATH --unit L1").splitlines() == [
        "P-3    Ana Costa                L1       Line 1"
    ]
    assert acme.fails("person list PATH --unit XX") == "No unit XX in this plan."


def test_the_audit_log_speaks_the_users_words(acme: Cli) -> None:
    acme("measure PATH KPI-1 --month 2026-10 --actual 25.3")
    acme("measure PATH KPI-1 --month 2026-10 --actual 24")
    acme("add PATH kaizen --unit PLT --title Kanban --supports IP-1 -q")
    acme("set PATH KZ-1 --status approved")
    acme("set PATH KZ-1 --status in-progress --unit CO")
    acme("link PATH AO-1 BT-1 --strength strong")
    acme("set PATH KPI-1 --owner Gareth")
    log = acme("audit PATH --limit 10").splitlines()
    assert [line for line in log if line.startswith("    ")] == [
        "    Gareth is now primary owner of KPI-1",
        "    AO-1 supports BT-1: strength set to strong",
        "    KZ-1 unit changed from PLT to CO",
        "    KZ-1 moved from approved to in progress",
        f"    KZ-1 start date set to {dt.date.today().isoformat()}",  # started as it is approved
        "    KZ-1 moved from idea to approved",
        "    KZ-1 now supports IP-1",
        "    KZ-1 added: kaizen “Kanban” in PLT",
        "    KPI-1: actual for 2026-10 set to 24 (was 25.3)",
        "    KPI-1: actual for 2026-10 set to 25.3",
    ]
    assert log[0].endswith("  Helen: Change KPI-1")


def test_edits_by_nobody_named_are_noted_once_per_command(
    acme: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    note = (
        "hoshin: note: edits are recorded without a person; set HOSHIN_PERSON (a key such as "
        "P-3, or a name)\n"
    )
    monkeypatch.delenv("HOSHIN_PERSON")
    code, out, err = acme.run("set PATH KPI-1 --goal 23 --owner Helen")  # two edits in one
    assert (code, out, err) == (0, "KPI-1: goal 23, primary owner Helen\n", note)
    figures = tmp_path / "f.csv"
    figures.write_text("KPI-1,2026-01,1,2\nKPI-1,2026-02,1,2\n")
    assert acme.run(f"measure PATH --csv {figures} -q") == (0, "2\n", note)
    assert acme.run("show PATH KPI-1")[2] == ""  # reading records nothing
    monkeypatch.setenv("HOSHIN_PERSON", "Gareth")
    assert acme.run("set PATH KPI-1 --goal 22")[2] == ""
    # A plan being set up, with nobody in it yet, has nobody to name.
    other = Cli(tmp_path / "new.hoshin", acme.capsys)
    monkeypatch.delenv("HOSHIN_PERSON")
    other("new PATH --org Beta")
    assert other("add PATH breakthrough --unit CO --title Grow -q") == "BT-1"


def test_the_whole_sample_plans_log_reads_without_database_words(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Units, people, nodes, links, owners, figures, checks, items, threads, messages,
    countermeasures: no table name, no column name, no bare row id."""
    from hoshin.cli.main import main

    assert main(["audit", str(demo_path), "--limit", "100000"]) == 0
    said = [line.strip() for line in capsys.readouterr().out.splitlines() if line[:1] == " "]
    assert len(said) > 400
    database_words = re.compile(
        r"_id\b|\bNone\b|measurements|catchball_|sustainment_checks|action_items|"
        r"responsibilities|\bnodes\b|\bedges\b|#\d"
    )
    assert [line for line in said if database_words.search(line)] == []
    assert "KPI-2: plan for 2026-01 set to 29.5 and actual for 2026-01 set to 28.72" in said
