"""``hoshin sustain`` and the lifecycle through the command line, as a team leader uses them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from hoshin.cli.main import main

TODAY = dt.date.today()


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def ok(capsys: pytest.CaptureFixture[str], *args: str | Path) -> str:
    code, out, err = run(capsys, *args)
    assert (code, err) == (0, ""), err
    return out.strip()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Path:
    path = tmp_path / "p.hoshin"
    ok(capsys, "new", path, "--org", "Acme")
    ok(capsys, "unit", "add", path, "--name", "Press shop", "--parent", "CO", "--code", "PRS")
    ok(capsys, "person", "add", path, "--name", "Ana Costa", "--unit", "PRS")
    monkeypatch.setenv("HOSHIN_PERSON", "Ana Costa")  # the team leader, from here on
    return path


def status(capsys: pytest.CaptureFixture[str], plan: Path, code: str) -> dict[str, str]:
    out = ok(capsys, "show", plan, code)
    fields = {}
    for line in out.splitlines()[1:]:
        name, _, value = line.strip().partition(": ")
        fields[name] = value
    return fields


def health(capsys: pytest.CaptureFixture[str], plan: Path) -> dict[str, Any]:
    report: dict[str, Any] = json.loads(ok(capsys, "check", plan, "--json"))
    return report["health"]


def test_the_team_leaders_journey_to_sustained_and_back(
    plan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kz = ok(capsys, "add", plan, "kaizen", "--unit", "PRS", "--title", "Faster changeover", "-q")
    assert kz == "KZ-1"
    assert "start date" not in status(capsys, plan, kz)  # an idea is not started
    ok(capsys, "set", plan, kz, "--status", "approved")
    assert status(capsys, plan, kz)["start date"] == TODAY.isoformat()
    ok(capsys, "set", plan, kz, "--status", "in progress")
    ok(capsys, "set", plan, kz, "--status", "done")
    # Done: its first check is proposed, due in the plan's 30 days.
    listed = json.loads(ok(capsys, "sustain", "list", plan, kz, "--json"))
    due = (TODAY + dt.timedelta(days=30)).isoformat()
    assert [(r["kind"], r["id"], r["due"], r["state"]) for r in listed] == [
        ("check", 1, due, "planned")
    ]
    # Not sustained before the check held; the plan is unchanged by the refusal.
    before = digest(plan)
    code, out, err = run(capsys, "set", plan, kz, "--status", "sustained")
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "KZ-1 cannot be sustained before a sustainment check held" in err
    assert digest(plan) == before
    out = ok(capsys, "sustain", "check", "held", plan, "1", "--note", "still 18 min")
    assert out == (
        f"KZ-1: check 1 held on {TODAY} (no owner) — still 18 min; KZ-1 may move to sustained"
    )
    ok(capsys, "set", plan, kz, "--status", "sustained")
    assert status(capsys, plan, kz)["status"] == "sustained"

    # A later check slips: the kaizen regresses and is sustainment debt.
    out = ok(
        capsys, "sustain", "check", "add", plan, kz, "--due", "2027-01-15", "--owner", "Ana Costa"
    )
    assert out == "KZ-1: check 2 due 2027-01-15 (owner Ana Costa)"
    out = ok(capsys, "sustain", "check", "slipped", plan, "2", "--note", "back to 25 min")
    assert out.endswith("; KZ-1 is regressed")
    assert status(capsys, plan, kz)["status"] == "regressed"
    debt = health(capsys, plan)["sustainment_debt"]
    assert debt["units"]["PRS"]["total"] == 1 and debt["kaizens"] == ["KZ-1"]
    # A later check holds: the debt is paid.
    assert ok(capsys, "sustain", "check", "add", plan, kz, "--due", "2027-02-15", "-q") == "3"
    ok(capsys, "sustain", "check", "held", plan, "3")
    assert health(capsys, plan)["sustainment_debt"]["units"]["PRS"]["total"] == 0
    listed = json.loads(ok(capsys, "sustain", "list", plan, "--unit", "CO", "--json"))
    assert [(r["id"], r["state"], r["owed"]) for r in listed] == [
        (1, "held", False),
        (2, "recovered", False),
        (3, "held", False),
    ]


def test_moving_to_regressed_by_hand_records_the_slip(
    plan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kz = ok(
        capsys, "add", plan, "kaizen", "--unit", "PRS", "--title", "5S", "--status", "done", "-q"
    )
    ok(capsys, "set", plan, kz, "--status", "regressed")
    listed = json.loads(ok(capsys, "sustain", "list", plan, kz, "--json"))
    slipped = [r for r in listed if r["state"] == "slipped"]
    assert [(r["on"], r["text"], r["owed"]) for r in slipped] == [
        (TODAY.isoformat(), f"Recorded by moving {kz} to regressed.", True)
    ]
    assert health(capsys, plan)["sustainment_debt"]["units"]["PRS"]["slipped_checks"] == 1


def test_demand_counts_kaizens_started_today_and_never_a_dropped_one(
    plan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    origins = ["bottom-up"] * 3 + ["joint"] + ["top-down"] * 4
    for n, origin in enumerate(origins):
        ok(
            capsys, "add", plan, "kaizen", "--unit", "PRS", "--title", f"K{n}",
            "--origin", origin, "--status", "in progress",
        )  # fmt: skip
    demand = health(capsys, plan)["demand"]
    expected = {"started": 8, "top_down": 4, "bottom_up": 3, "joint": 1, "ratio": 0.5}
    assert demand["units"]["PRS"] == expected
    assert demand["plan"] == expected
    ok(
        capsys, "add", plan, "kaizen", "--unit", "PRS", "--title", "Gave up",
        "--origin", "bottom-up", "--status", "dropped", "--start", TODAY.isoformat(),
    )  # fmt: skip
    after = health(capsys, plan)
    assert after["demand"]["units"]["PRS"] == expected
    assert after["thirty_day_test"]["units"]["PRS"] == 3


def test_action_items_add_close_reopen_edit_remove(
    plan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kz = ok(
        capsys, "add", plan, "kaizen", "--unit", "PRS", "--title", "5S", "--status", "done", "-q"
    )
    out = ok(
        capsys, "sustain", "action", "add", plan, kz, "--title", "Train the second shift",
        "--owner", "P-1", "--due", "2027-01-10",
    )  # fmt: skip
    assert out == "KZ-1: action item 1 'Train the second shift' due 2027-01-10 (owner Ana Costa)"
    assert health(capsys, plan)["sustainment_debt"]["units"]["PRS"]["open_action_items"] == 1
    out = ok(capsys, "sustain", "action", "done", plan, "1", "--on", "2026-12-01")
    assert out == (
        "KZ-1: action item 1 'Train the second shift' done on 2026-12-01 (owner Ana Costa)"
    )
    assert health(capsys, plan)["sustainment_debt"]["units"]["PRS"]["open_action_items"] == 0
    ok(capsys, "sustain", "action", "reopen", plan, "1")
    out = ok(capsys, "sustain", "action", "edit", plan, "1", "--owner", "", "--due", "")
    assert out == "KZ-1: action item 1 'Train the second shift' no due date (no owner)"
    assert ok(capsys, "sustain", "action", "remove", plan, "1") == "KZ-1: action item 1 removed"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "add", "{p}", "KZ-9", "--due", "2027-01-01"], "No node KZ-9"),
        (["check", "add", "{p}", "KZ-1", "--due", "soon"], "must be a date as YYYY-MM-DD"),
        (["check", "add", "{p}", "KZ-1", "--due", "2027-01-01", "--owner", "Bob"], "No person"),
        (["check", "held", "{p}", "7"], "No sustainment check 7"),
        (["check", "held", "{p}", "x"], "an id is a number"),
        (["check", "slipped", "{p}", "1", "--on", "yesterday"], "must be a date"),
        (["check", "edit", "{p}", "1"], "Nothing to change"),
        (["check", "remove", "{p}", "5"], "No sustainment check 5"),
        (["action", "add", "{p}", "KZ-1", "--title", " "], "cannot be empty"),
        (["action", "done", "{p}", "3"], "No action item 3"),
        (["action", "add", "{p}", "PRS", "--title", "x"], "No node PRS"),
        (["list", "{p}", "KZ-1", "--unit", "PRS"], "not both"),
        (["list", "{p}", "--unit", "NOPE"], "No unit NOPE"),
    ],
)
def test_bad_input_is_one_line_and_leaves_the_plan_as_it_was(
    plan: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    ok(capsys, "add", plan, "kaizen", "--unit", "PRS", "--title", "5S", "--status", "done")
    before = digest(plan)
    code, out, err = run(capsys, "sustain", *[a.replace("{p}", str(plan)) for a in args])
    assert code in (1, 2) and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("hoshin: error: ")
    assert message in err
    assert digest(plan) == before


def test_quiet_prints_only_the_new_id(plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "add", plan, "kaizen", "--unit", "PRS", "--title", "5S", "--status", "done")
    assert ok(capsys, "sustain", "check", "add", plan, "KZ-1", "--due", "2027-01-01", "-q") == "2"
    assert ok(capsys, "sustain", "action", "add", plan, "KZ-1", "--title", "x", "-q") == "1"
    assert ok(capsys, "sustain", "check", "held", plan, "2", "-q") == ""
