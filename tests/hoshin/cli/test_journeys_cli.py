"""Issue 14's three journeys through the command line, on a plan built from scratch with
only the README and ``--help``: the executive builds and deploys, the division manager
negotiates and deploys to a team, the team leader runs kaizens to "sustained" (and one
back to "regressed") and answers a red month.

Each test replays the parts before it, so a failure names the journey that broke.
The numbers are worked out by hand in the comments beside them.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from tests.hoshin.clitools import Cli

HELEN, GARETH, TARA = "Helen Ward", "Gareth Lee", "Tara Singh"


def as_person(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setenv("HOSHIN_PERSON", name)


def check_json(cli: Cli, *options: str) -> dict[str, Any]:
    report: dict[str, Any] = json.loads(cli(" ".join(("check PATH --json", *options))))
    return report


def fields(cli: Cli, code: str) -> dict[str, str]:
    """The ``name: value`` lines of ``show CODE``."""
    out = cli(f"show PATH {code}")
    return {
        name.strip(): value
        for name, sep, value in (line.partition(": ") for line in out.splitlines()[1:])
        if sep
    }


def executive_builds_and_deploys(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli("new PATH --org Acme") == f"Created {cli.plan} for Acme."
    assert cli(f"person add PATH --name '{HELEN}' --unit CO") == f"P-1 {HELEN} added to CO"
    as_person(monkeypatch, HELEN)
    assert cli("unit add PATH --name Operations --parent CO --code OPS --function Operations") == (
        "OPS Operations added under CO (Division, Operations)"
    )
    assert cli("unit add PATH --name 'Line 1' --parent OPS --code L1 --function Operations") == (
        "L1 Line 1 added under OPS (Department, Operations)"
    )
    assert cli(f"person add PATH --name '{GARETH}' --unit OPS -q") == "P-2"
    assert cli(f"person add PATH --name '{TARA}' --unit L1 -q") == "P-3"
    people = cli("person list PATH")
    for key, name, unit in (("P-1", HELEN, "CO"), ("P-2", GARETH, "OPS"), ("P-3", TARA, "L1")):
        assert any(key in line and name in line and unit in line for line in people.splitlines())

    assert cli("add PATH breakthrough --unit CO --title 'Halve lead time by 2029' -q") == "BT-1"
    assert (
        cli(
            "add PATH annual --unit CO --title 'Lead time -25 % this year' --supports BT-1 "
            "--strength strong"
        )
        == "AO-1 added: annual “Lead time -25 % this year” in CO; supports BT-1 (strong)"
    )
    assert cli("add PATH priority --unit CO --title 'Flow in every plant' --supports AO-1 -q") == (
        "IP-1"
    )
    assert cli(
        "add PATH target --unit CO --title 'Lead time' --measures IP-1 --unit-of-measure days "
        "--direction down --baseline 30 --goal 22 -q"
    ) == ("KPI-1")
    # A revenue target adds its months up (sum), where a lead time averages them.
    assert cli(
        "add PATH target --unit CO --title Revenue --measures IP-1 --unit-of-measure kEUR "
        "--direction up --baseline 0 --goal 1200 --aggregation sum -q"
    ) == ("KPI-2")
    assert fields(cli, "KPI-2")["aggregation"] == "sum"
    assert fields(cli, "KPI-1")["aggregation"] == "average"

    assert cli(f"catchball throw PATH IP-1 --to OPS --as '{HELEN}' --message 'Flow is how'") == (
        f"Thread 1: IP-1 → OPS as BT-2, proposed, round 1, waiting for OPS — {HELEN} threw"
    )
    assert cli(
        f"catchball throw PATH KPI-1 --to OPS --as '{HELEN}' --value 22 "
        "--message 'Your plants carry the lead time'"
    ) == (f"Thread 2: KPI-1 → OPS as KPI-3, proposed, round 1, waiting for OPS — {HELEN} threw 22")
    # Both wait for the division; nothing waits for the executive yet.
    waiting = cli(f"catchball list PATH --waiting-for '{GARETH}'").splitlines()
    assert [line.split()[:2] for line in waiting] == [["1", "IP-1"], ["2", "KPI-1"]]
    assert cli(f"catchball list PATH --waiting-for '{HELEN}'") == (
        f"No catchball thread waits for {HELEN}."
    )


def manager_negotiates_and_deploys(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    # The question goes up: it waits for the company, and Helen's inbox lists it.
    assert cli(
        f"catchball reply PATH 2 --kind question --as '{GARETH}' "
        "--message 'Does 22 include transport?'"
    ) == (
        f"Thread 2: KPI-1 → OPS as KPI-3, in discussion, round 1, waiting for CO — {GARETH} asked"
    )
    helens = cli(f"catchball list PATH --waiting-for '{HELEN}'").splitlines()
    assert [line.split()[:2] for line in helens] == [["2", "KPI-1"]]
    assert "waiting for CO" in helens[0]
    gareths = cli(f"catchball list PATH --waiting-for '{GARETH}'").splitlines()
    assert [line.split()[:2] for line in gareths] == [["1", "IP-1"]]

    assert cli(
        f"catchball reply PATH 2 --kind comment --as '{HELEN}' --message 'Door to door, yes' -q"
    ) in ("", "2")
    assert cli(
        f"catchball reply PATH 2 --kind counter --value 23 --as '{GARETH}' "
        "--message '23 without a second shift'"
    ) == (
        "Thread 2: KPI-1 → OPS as KPI-3, countered, round 1, waiting for CO — "
        f"{GARETH} countered 23"
    )
    assert cli(f"catchball reply PATH 2 --kind agree --as '{HELEN}'").endswith(f"{HELEN} agreed")
    assert cli(f"catchball lock PATH 2 --as '{HELEN}'") == (
        f"Thread 2: KPI-1 → OPS as KPI-3, locked at 23 — {HELEN} locked"
    )
    assert fields(cli, "KPI-3")["goal"] == "23"
    assert cli(f"catchball reply PATH 1 --kind agree --as '{GARETH}' -q") in ("", "1")
    assert cli(f"catchball lock PATH 1 --as '{HELEN}'") == (
        f"Thread 1: IP-1 → OPS as BT-2, locked — {HELEN} locked"
    )
    assert cli(f"catchball list PATH --waiting-for '{HELEN}'") == (
        f"No catchball thread waits for {HELEN}."
    )
    assert cli(f"catchball list PATH --waiting-for '{GARETH}'") == (
        f"No catchball thread waits for {GARETH}."
    )

    # Locked at 23 days where the company's goal is 22 (lower is better): a gap of 1 day.
    text = cli("check PATH")
    assert (
        "KPI-1 is deployed to OPS as KPI-3, locked at 23 days: 1 day short of the goal of "
        "22 days (lower is better)." in text
    )
    assert "Deployment gaps: 1 commitment weaker than the parent's goal: KPI-3 (OPS)" in text
    report = check_json(cli)
    assert report["review"]["counts"]["deployment-gap"] == 1
    assert report["health"]["deployment_gaps"] == [
        {
            "parent": "KPI-1",
            "parent_unit": "CO",
            "child": "KPI-3",
            "child_unit": "OPS",
            "thread": 2,
            "state": "locked",
            "direction": "down",
            "parent_goal": 22.0,
            "committed": 23.0,
            "gap": 1.0,
        }
    ]
    assert report["health"]["catchball"]["open"] == 0
    assert report["health"]["catchball"]["threads"] == 2

    # The division's own plan under the deployed breakthrough BT-2, thrown on to the team.
    as_person(monkeypatch, GARETH)
    assert cli(f"set PATH KPI-3 --owner '{GARETH}'") == f"KPI-3: primary owner {GARETH}"
    assert cli("add PATH annual --unit OPS --title 'Pull scheduling' --supports BT-2 -q") == (
        "AO-2"
    )
    assert cli(
        "add PATH priority --unit OPS --title 'Kanban for bar stock' --supports AO-2 "
        "--strength strong -q"
    ) == ("IP-2")
    assert cli("link PATH KPI-3 IP-2 --strength strong") == "KPI-3 now measures IP-2 (strong)"
    assert cli(f"catchball throw PATH IP-2 --to L1 --as '{GARETH}' --message 'Kanban on L1'") == (
        f"Thread 3: IP-2 → L1 as BT-3, proposed, round 1, waiting for L1 — {GARETH} threw"
    )
    tara_waits = cli(f"catchball list PATH --waiting-for '{TARA}'").splitlines()
    assert [line.split()[:2] for line in tara_waits] == [["3", "IP-2"]]
    assert cli(f"catchball reply PATH 3 --kind agree --as '{TARA}'").endswith(f"{TARA} agreed")
    assert cli(f"catchball lock PATH 3 --as '{GARETH}'").endswith(f"{GARETH} locked")
    # The throw the manager asked for a top-down kaizen of the team, approved today.
    assert cli(
        "add PATH kaizen --unit L1 --title 'Kanban loop for bar stock' --supports IP-2 "
        "--origin top-down --status approved -q"
    ) == ("KZ-1")


def team_leader_runs_kaizens(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    today = dt.date.today().isoformat()
    as_person(monkeypatch, TARA)
    assert (
        cli(
            "add PATH kaizen --unit L1 --title 'Kanban cards at the saw' --supports IP-2 "
            "--origin bottom-up --status in-progress"
        )
        == "KZ-2 added: kaizen “Kanban cards at the saw” in L1; supports IP-2"
    )
    kz2 = fields(cli, "KZ-2")
    assert (kz2["status"], kz2["origin"], kz2["start date"]) == ("in progress", "bottom-up", today)
    assert cli(
        "add PATH kaizen --unit L1 --title 'Shadow board' --supports IP-2 "
        "--origin bottom-up --status in_progress -q"
    ) == ("KZ-3")
    # An idea dropped counts nowhere: not started, not demand.
    assert cli("add PATH kaizen --unit L1 --title 'Paperless log' --supports IP-2 -q") == "KZ-4"
    assert cli("set PATH KZ-4 --status dropped") == "KZ-4: status dropped"

    # Demand: KZ-2 and KZ-3 bottom-up, KZ-1 top-down started today; KZ-4 dropped → 2 / 3.
    demand = check_json(cli)["health"]["demand"]
    expected = {"started": 3, "top_down": 1, "bottom_up": 2, "joint": 0}
    # A unit counts the kaizens of the units below it: the same for L1, OPS, CO and the plan.
    for scope in (demand["plan"], *(demand["units"][u] for u in ("CO", "OPS", "L1"))):
        assert {k: scope[k] for k in expected} == expected
        assert scope["ratio"] == round(2 / 3, 4)  # rounded to 4 places in the JSON
    assert "Demand ratio: 67% pulled (2 bottom-up, 0 joint, 1 top-down of 3 started)" in cli(
        "check PATH"
    )

    # Done: its first check is proposed, due after the plan's 30 days.
    assert cli("set PATH KZ-2 --status done") == "KZ-2: status done"
    due = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    assert cli("sustain list PATH KZ-2") == f"KZ-2: check 1 due {due} (no owner)  [planned]"
    refusal = cli.fails("set PATH KZ-2 --status sustained")
    assert "held" in refusal and "KZ-2" in refusal
    assert cli(f"sustain check edit PATH 1 --owner '{TARA}' -q") in ("", "1")
    assert cli("sustain check held PATH 1 --note 'cards still at the saw'") == (
        f"KZ-2: check 1 held on {today} (owner {TARA}) — cards still at the saw; "
        "KZ-2 may move to sustained"
    )
    assert cli("set PATH KZ-2 --status sustained") == "KZ-2: status sustained"
    assert fields(cli, "KZ-2")["status"] == "sustained"

    # The second kaizen slips: regressed, and one slipped check is the team's debt.
    cli("set PATH KZ-3 --status done -q")
    assert cli("sustain check slipped PATH 2 --note 'board empty again'") == (
        f"KZ-3: check 2 slipped on {today} (no owner) — board empty again; KZ-3 is regressed"
    )
    assert fields(cli, "KZ-3")["status"] == "regressed"
    debt = check_json(cli)["health"]["sustainment_debt"]
    one_slip = {"open_action_items": 0, "overdue_checks": 0, "slipped_checks": 1, "total": 1}
    # Rolled up: the team's debt is its division's and its company's too.
    assert debt["plan"] == one_slip
    assert [debt["units"][u] for u in ("CO", "OPS", "L1")] == [one_slip] * 3
    assert "Sustainment debt: 1 (0 open action items, 0 overdue checks, 1 slipped)" in cli(
        "check PATH"
    )
    # An action item on the regressed kaizen is debt too, until it is done: 2, then 1.
    item = cli(f"sustain action add PATH KZ-3 --title 'Find why' --owner '{TARA}' -q")
    assert check_json(cli)["health"]["sustainment_debt"]["plan"]["total"] == 2
    cli(f"sustain action done PATH {item} -q")
    assert check_json(cli)["health"]["sustainment_debt"]["plan"]["total"] == 1
    listing = cli("sustain list PATH --unit L1").splitlines()
    assert listing[0].endswith("[held]") and listing[0].startswith("KZ-2: check 1 held")
    assert listing[1].startswith("KZ-3: check 2 slipped") and "(sustainment debt)" in listing[1]

    # Revenue by month (sum), in a past year so that the answer holds on any day:
    # plan 100 a month, actuals 110, 104, 90 → year to date plan 300, actual 304, green;
    # March is red (90 < 100, higher is better) and wants a countermeasure.
    as_person(monkeypatch, HELEN)
    assert cli("measure PATH KPI-2 --month 2025-01 --plan 100 --actual 110") == (
        "KPI-2 2025-01 plan 100, actual 110 (green)"
    )
    cli("measure PATH KPI-2 --month 2025-02 --plan 100 --actual 104 -q")
    assert cli("measure PATH KPI-2 --month 2025-03 --plan 100 --actual 90") == (
        "KPI-2 2025-03 plan 100, actual 90 (red)"
    )
    shown = cli("show PATH KPI-2")
    assert "year to date (sum): plan 300, actual 304  ✔ green" in shown
    assert [line.split()[-1] for line in shown.splitlines() if line.strip()[:7] == "2025-03"] == [
        "red"
    ]
    rhythm = check_json(cli, "--as-of 2025-04-10")["health"]["review_rhythm"]
    assert rhythm["last_period"] == "2025-03"
    assert list(rhythm["red_without_countermeasure"]) == ["KPI-2"]

    refused = cli.fails("countermeasure add PATH KPI-2 --month 2025-02 --what 'Call more'")
    assert refused.startswith("KPI-2 is green in 2025-02")
    assert cli(
        f"countermeasure add PATH KPI-2 --month 2025-03 --what 'Second sales call a week' "
        f"--owner '{HELEN}' --due 2025-04-30"
    ) == (
        "Countermeasure added: 1 KPI-2 2025-03 open: Second sales call a week "
        f"({HELEN}, due 2025-04-30)"
    )
    assert (
        check_json(cli, "--as-of 2025-04-10")["health"]["review_rhythm"][
            "red_without_countermeasure"
        ]
        == {}
    )
    assert cli("countermeasure done PATH 1 --on 2025-04-20") == (
        "Countermeasure done: 1 KPI-2 2025-03 done: Second sales call a week "
        f"({HELEN}, due 2025-04-30, done 2025-04-20)"
    )
    assert cli("countermeasure list PATH") == (
        f"1 KPI-2 2025-03 done: Second sales call a week ({HELEN}, due 2025-04-30, done 2025-04-20)"
    )


def test_the_executive_builds_and_deploys(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    executive_builds_and_deploys(cli, monkeypatch)


def test_the_manager_negotiates_and_deploys_to_a_team(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    executive_builds_and_deploys(cli, monkeypatch)
    manager_negotiates_and_deploys(cli, monkeypatch)


def test_the_team_leader_runs_kaizens_to_sustained_and_answers_a_red_month(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    executive_builds_and_deploys(cli, monkeypatch)
    manager_negotiates_and_deploys(cli, monkeypatch)
    team_leader_runs_kaizens(cli, monkeypatch)
    # The line of sight from the team's kaizen to the company's breakthrough, every step.
    trace = cli("trace PATH KZ-2")
    assert trace.splitlines()[-1] == "1 path to the top: BT-1."
    steps = [line.lstrip(" └─").split("  ")[0] for line in trace.splitlines()[1:-1]]
    assert steps == [
        "supports IP-2",
        "supports AO-2",
        "supports BT-2",
        "deployed from IP-1",
        "supports AO-1",
        "supports BT-1",
    ]
