"""Inputs that used to end in "internal error" (exit 70) or were stored as nonsense: each is
now one ``hoshin: error:`` line, exit 1 or 2, and the plan's folder is byte for byte as it
was (no file changed, none added)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from hoshin.cli.main import main
from hoshin.model.errors import ValidationError
from hoshin.model.kinds import NodeKind
from hoshin.operations import AddNode
from hoshin.plan import Plan
from hoshin.store import storage

HUGE = "99999999999999999999"  # beyond SQLite's 64-bit integer


def listing(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def damage(plan: Path, table: str) -> None:
    """Overwrite the first page of one table: the rest of the plan still reads."""
    with sqlite3.connect(plan) as conn:
        sql = "SELECT rootpage FROM sqlite_master WHERE name = ?"
        root = conn.execute(sql, (table,)).fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with plan.open("r+b") as handle:
        handle.seek((root - 1) * size)
        handle.write(b"\xff" * size)


CASES = [
    # (arguments, words in the message, exit code)
    (["check", "{plan}", "--as-of", "0001-01-01"], "between 1900 and 2999", 1),
    (["export", "{plan}", "-o", "{folder}/p.xlsx", "--as-of", "0001-01-01"], "between 1900", 1),
    (["check", "{plan}", "--window", "999999999999"], "The window must be from 1 to", 1),
    (["audit", "{plan}", "--limit", HUGE], f"The limit {HUGE} is too large", 1),
    (["catchball", "show", "{plan}", HUGE], f"The thread {HUGE} is too large", 1),
    (
        ["catchball", "reply", "{plan}", HUGE, "--kind", "comment", "--as", "P-1"],
        "is too large",
        1,
    ),
    (["add", "{plan}", "kaizen", "--unit", "T-AS", "--title", "x\udcffy"], "not valid UTF-8", 2),
    (["show", "{folder}/plan\udcff.hoshin"], "not valid UTF-8", 2),
    (["new", "{folder}/notes.txt/new.hoshin", "--org", "X"], "notes.txt is a file", 1),
    (["measure", "{plan}", "KPI-1", "--month", "0000-01", "--actual", "3"], "between 1900", 1),
    (
        ["countermeasure", "add", "{plan}", "KPI-1", "--month", "0000-01", "--what", "x"],
        "between",
        1,
    ),
    (["review", "{plan}", "--unit", "OPS", "--month", "0000-01", "-o", "{folder}/r.html"], "19", 1),
    (["measure", "{plan}", "KPI-1", "--month", "２０２６-０１", "--actual", "3"], "YYYY-MM", 1),
    (
        ["review", "{plan}", "--unit", "OPS", "--month", "2026-05", "-o", "{folder}/box.pdf"],
        "is a folder",
        1,
    ),
]


@pytest.mark.parametrize(("args", "words", "exit_code"), CASES)
def test_bad_input_is_one_line_and_changes_nothing(
    demo_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    words: str,
    exit_code: int,
) -> None:
    folder = demo_path.parent
    (folder / "notes.txt").write_text("a file, where a folder was expected")
    (folder / "box.pdf").mkdir()
    before = listing(folder)
    code = main([a.format(plan=demo_path, folder=folder) for a in args])
    out, err = capsys.readouterr()
    assert code == exit_code, err
    assert out == ""
    assert err.startswith("hoshin: error: ") and err.count("\n") == 1, err
    assert words in err
    assert listing(folder) == before


@pytest.mark.parametrize("table", ["nodes", "units", "audit_log", "measurements"])
@pytest.mark.parametrize(
    "command",
    [["show"], ["check"], ["add", "kaizen", "--unit", "T-AS", "--title", "x"], ["audit"]],
)
def test_a_damaged_plan_is_refused_in_one_line(
    demo_path: Path, capsys: pytest.CaptureFixture[str], table: str, command: list[str]
) -> None:
    damage(demo_path, table)
    before = listing(demo_path.parent)
    code = main([command[0], str(demo_path), *command[1:]])
    out, err = capsys.readouterr()
    # A command that never reads the damaged table may still work; any other is refused.
    assert code in (0, 1), err
    if command[0] == "check" or (command[0] == "show" and table in ("nodes", "units")):
        assert code == 1  # these read every table named here
    if code == 1:
        assert out == ""
        assert err.count("\n") == 1 and "the plan file is damaged" in err.lower(), err
        assert "SELECT" not in err and "internal error" not in err
        assert listing(demo_path.parent) == before


def test_a_plan_whose_upgrade_fails_is_refused_and_left_as_it_was(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Claims the schema before the last, but already has the last one's columns.
    with sqlite3.connect(demo_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0005'")
    conn.close()
    before = listing(demo_path.parent)
    code = main(["show", str(demo_path)])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.count("\n") == 1
    head, _ = storage.schema_revisions()
    assert f"could not be upgraded from schema 0005 to {head}" in err
    assert "The plan is unchanged." in err
    assert listing(demo_path.parent) == before  # and no backup of a failed attempt


@pytest.mark.parametrize(
    "character", ["\u2028", "\u2029", "\u0085", "\u009b", "\x7f", "\x1b", "\r"]
)
def test_a_title_with_a_line_separator_or_control_character_is_refused(
    demo_path: Path, capsys: pytest.CaptureFixture[str], character: str
) -> None:
    before = listing(demo_path.parent)
    title = f"Kanban{character}cards"
    code = main(["add", str(demo_path), "kaizen", "--unit", "T-AS", "--title", title])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert err == "hoshin: error: The title cannot hold line breaks or control characters.\n"
    assert listing(demo_path.parent) == before


@pytest.mark.parametrize("code", ["KZ-101", "kz-9999", "KPI-1", "BT-40"])
def test_a_unit_code_in_the_form_of_a_node_code_is_refused(
    demo_path: Path, capsys: pytest.CaptureFixture[str], code: str
) -> None:
    before = listing(demo_path.parent)
    args = ["unit", "add", str(demo_path), "--name", "Shadow", "--parent", "CO", "--code", code]
    assert main(args) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert f"{code.upper()} has the form of a" in err and "choose another unit code" in err
    assert listing(demo_path.parent) == before


def test_a_node_code_that_is_a_unit_code_is_refused(demo_path: Path) -> None:
    before = listing(demo_path.parent)
    with Plan.open(demo_path) as plan, pytest.raises(ValidationError) as refused:
        plan.execute(AddNode(NodeKind.KAIZEN, "T-AS", "Hides the team", code="T-AS"))
    assert str(refused.value) == "The code T-AS is a unit's; choose another code."
    assert listing(demo_path.parent) == before
