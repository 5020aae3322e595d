"""The ``hoshin`` command: every command once, every bad input once."""

from __future__ import annotations

import hashlib
import json
import shlex
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from hoshin.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_building_a_plan_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each edit confirms itself in one line; with -q only the new code (for scripts)."""
    plan = tmp_path / "p.hoshin"
    monkeypatch.delenv("HOSHIN_PERSON", raising=False)

    def said(command: str) -> str:
        args = [str(plan) if a == "PATH" else a for a in shlex.split(command)]
        code, out, err = run(capsys, *args)
        assert (code, err) == (0, ""), err
        return out.rstrip("\n")

    assert said("new PATH --org Acme") == f"Created {plan} for Acme."
    assert (
        said("unit add PATH --name Plant --parent CO --function Operations")
        == "U-1 Plant added under CO (Division, Operations)"
    )
    assert said("person add PATH --name Ada --unit U-1 -q") == "P-1"
    monkeypatch.setenv("HOSHIN_PERSON", "Ada")
    assert said("add PATH breakthrough --unit CO --title Win -q") == "BT-1"
    assert (
        said("add PATH annual --unit CO --title Grow --supports BT-1 --strength strong")
        == "AO-1 added: annual “Grow” in CO; supports BT-1 (strong)"
    )
    assert said("add PATH priority --unit CO --title Flow --supports AO-1 --quiet") == "IP-1"
    assert (
        said(
            "add PATH target --unit CO --title 'Lead time' --measures IP-1 "
            "--unit-of-measure days --direction down --baseline 30 --goal 24"
        )
        == "KPI-1 added: target “Lead time” in CO; measures IP-1"
    )
    kaizen = "add PATH kaizen --unit U-1 --title 5S --origin bottom-up --supports IP-1 -q"
    assert said(kaizen) == "KZ-1"
    assert (
        said("set PATH KZ-1 --status approved --title '5S at the bench'")
        == "KZ-1: status approved, title “5S at the bench”"
    )
    assert said("set PATH KPI-1 --goal 22 --owner Ada") == "KPI-1: goal 22, primary owner Ada"
    assert said("link PATH KPI-1 BT-1 --strength strong") == "KPI-1 now measures BT-1 (strong)"
    assert said("unlink PATH KPI-1 BT-1") == "KPI-1 no longer measures BT-1"
    # Down is better: 27 days against a plan of 28 is green.
    assert (
        said("measure PATH KPI-1 --month 2026-03 --actual 27 --plan 28")
        == "KPI-1 2026-03 plan 28, actual 27 (green)"
    )

    code, out, _ = run(capsys, "trace", plan, "KZ-1")
    assert code == 0
    assert out.splitlines() == [
        "KZ-1  5S at the bench  (kaizen, U-1)",
        "└─ supports IP-1  Flow  (priority, CO)",
        "   └─ supports AO-1  Grow  (annual, CO)",
        "      └─ supports BT-1  Win  (breakthrough, CO, strong)",
        "1 path to the top: BT-1.",
    ]
    code, out, _ = run(capsys, "show", plan, "KPI-1")
    assert (
        "goal: 22" in out and "owner: Ada (P-1), primary" in out and "serves: IP-1 (measures" in out
    )
    code, out, _ = run(capsys, "show", plan)
    assert "Plant (Division)" in out and "1 kaizen" in out
    assert "5S at the bench" in run(capsys, "show", plan, "U-1")[1]
    # An option between the plan and the code reads as it does after both.
    code, out, err = run(capsys, "show", plan, "--year", "2026", "KPI-1")
    assert (code, err) == (0, "") and "goal: 22" in out
    code, out, _ = run(capsys, "trace", "--year", "2026", plan, "KZ-1")
    assert code == 0 and "1 path to the top: BT-1." in out


def test_check_json_has_stable_keys(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", demo_path, "--json", "--as-of", "2026-06-15")
    report = json.loads(out)
    assert code == 0
    assert set(report) == {"schema", "plan", "review", "health"}
    assert set(report["health"]) == {
        "demand",
        "thirty_day_test",
        "sustainment_debt",
        "function_coverage",
        "alignment",
        "review_rhythm",
        "catchball",
        "deployment_gaps",
        "lsw_adherence",
        "leadership_presence",
        "findings",
        "daily_management",
    }
    assert report["health"]["alignment"]["orphan_kaizens"] == ["KZ-109", "KZ-119", "KZ-139"]
    code, out, _ = run(capsys, "check", demo_path)
    assert "IP-6 supports no annual objective" in out and "orphans: KZ-109" in out


def test_demo_writes_a_plan_whose_kaizens_trace_to_the_company(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "x.hoshin"
    assert run(capsys, "demo", plan)[0] == 0
    code, out, _ = run(capsys, "trace", plan, "KZ-120")
    assert code == 0 and out.splitlines()[-1] == "2 paths to the top: BT-1, BT-2."


@pytest.mark.parametrize(
    ("args", "words", "exit_code"),
    [
        (["show", "{missing}"], "does not exist", 1),
        (["show", "{text}"], "is not a Hoshin plan", 1),
        (["show", "{newer}"], "newer Hoshin", 1),
        (["show", "{plan}", "KZ-999"], "No node or unit KZ-999", 1),
        (["trace", "{plan}", "KZ-999"], "No node KZ-999", 1),
        (["set", "{plan}", "KZ-999", "--title", "x"], "No node KZ-999", 1),
        (["link", "{plan}", "BT-1", "KZ-101"], "cannot be linked", 1),
        (["link", "{plan}", "AO-1", "BT-3"], "AO-1 already supports BT-3 (strong); give", 1),
        (
            ["add", "{plan}", "kaizen", "--unit", "T-AS", "--title", "   "],
            "title cannot be empty",
            1,
        ),
        (["add", "{plan}", "gizmo", "--unit", "T-AS", "--title", "x"], "Kind must be one of", 1),
        (["set", "{plan}", "KPI-1", "--goal", "lots"], "goal must be a number", 1),
        (["set", "{plan}", "KZ-139", "--status", "done"], "cannot move from idea to done", 1),
        (["measure", "{plan}", "KPI-1", "--month", "June", "--actual", "3"], "YYYY-MM", 1),
        (["check", "{plan}", "--as-of", "yesterday"], "YYYY-MM-DD", 1),
        # The server's own message spans lines; the error stays one.
        (["db", "init", "postgresql+psycopg://nobody@127.0.0.1:1/x", "--org", "X"], "refused", 1),
        (["new", "{plan}", "--org", "Acme"], "already exists", 1),
        (["link", "{plan}"], "required", 2),
        (["frobnicate"], "invalid choice", 2),
    ],
)
def test_bad_input_gets_one_line_and_leaves_the_file_unchanged(
    tmp_path: Path,
    demo_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    words: str,
    exit_code: int,
) -> None:
    text = tmp_path / "notes.hoshin"
    text.write_text("not a plan")
    newer = tmp_path / "newer.hoshin"
    newer.write_bytes(demo_path.read_bytes())
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'ffff'")
    conn.close()
    paths = {"plan": demo_path, "text": text, "newer": newer, "missing": tmp_path / "nope.hoshin"}
    before = {name: digest(p) for name, p in paths.items() if p.exists()}
    code, out, err = run(capsys, *[a.format(**paths) for a in args])
    assert code == exit_code
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("hoshin: error: "), err
    assert words in err
    assert "Traceback" not in err
    assert {name: digest(p) for name, p in paths.items() if p.exists()} == before
    assert not (tmp_path / "nope.hoshin").exists()


def test_the_installed_command_never_shows_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.hoshin"
    bad.write_bytes(b"\x00" * 100)
    result = subprocess.run(
        [sys.executable, "-m", "hoshin", "show", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"hoshin: error: {bad} is not a Hoshin plan (it is not an SQLite database)."
    ]


def test_db_init_of_a_file_promises_no_database_permissions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(capsys, "db", "init", str(tmp_path / "p.hoshin"), "--org", "Acme")
    assert code == 0 and "Created a plan for Acme" in out
    assert "enforced by the database" not in out  # a file has no logins to enforce


def test_a_demo_stopped_half_way_leaves_no_plan_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A killed `hoshin demo --size enterprise` (minutes long) used to leave a file that
    opened as a valid company with nothing in it; now the plan appears complete or not at
    all. The stop is simulated: the sample is written, then the run dies before the end."""
    import hoshin.demo

    real = hoshin.demo.write_demo

    def dies_half_way(location: str, seed: int = 1) -> object:
        real(location, seed=seed).close()
        raise KeyboardInterrupt

    monkeypatch.setattr(hoshin.demo, "write_demo", dies_half_way)
    plan = tmp_path / "x.hoshin"
    assert main(["demo", str(plan)]) != 0  # main turns the interrupt into an exit code
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    monkeypatch.setattr(hoshin.demo, "write_demo", real)
    assert run(capsys, "demo", plan)[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.hoshin"]
