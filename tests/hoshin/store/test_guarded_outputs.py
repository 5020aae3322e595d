"""No command writes over a plan: ``export``/``review``/``import``/``db copy`` onto a plan
(any SQLite file, or the plan being read, through any link) are refused; another existing
file is replaced only with ``--force``. Before, ``hoshin export PLAN -o PLAN`` replaced the
plan with a workbook and exited 0."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from hoshin.cli.main import main


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> dict[str, str]:
    return {p.name: digest(p) for p in sorted(folder.iterdir()) if p.is_file()}


def refused(capsys: pytest.CaptureFixture[str], folder: Path, *args: str | Path) -> str:
    """Run a command that must be refused: one line, exit 1 or 2, the folder as it was."""
    before = listing(folder)
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert code in (1, 2), err
    assert out == ""
    assert err.startswith("hoshin: error: ") and err.count("\n") == 1, err
    assert listing(folder) == before
    return err


@pytest.fixture
def other_plan(demo_path: Path, tmp_path: Path) -> Path:
    other = tmp_path / "other.hoshin"
    other.write_bytes(demo_path.read_bytes())
    return other


def test_export_onto_the_plan_itself_is_refused(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = demo_path.parent
    err = refused(capsys, folder, "export", demo_path, "-o", demo_path)
    assert "is the plan being read" in err
    err = refused(capsys, folder, "export", demo_path, "-o", demo_path, "--force")
    assert "is the plan being read" in err


def test_export_onto_a_link_to_the_plan_is_refused(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    soft = tmp_path / "soft.xlsx"
    soft.symlink_to(demo_path)
    hard = tmp_path / "hard.xlsx"
    os.link(demo_path, hard)
    for link in (soft, hard):
        err = refused(capsys, tmp_path, "export", demo_path, "-o", link, "--force")
        assert "is the plan being read" in err


def test_export_onto_another_plan_or_any_sqlite_file_is_refused_even_with_force(
    demo_path: Path, other_plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "notes.xlsx"  # a name does not make it a workbook: its bytes decide
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    for target in (other_plan, db):
        err = refused(capsys, tmp_path, "export", demo_path, "-o", target, "--force")
        assert f"{target} is a plan (an SQLite database); Hoshin never writes over a plan" in err


def test_an_existing_workbook_is_replaced_only_with_force(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plan.xlsx"
    out.write_bytes(b"a workbook someone keeps")
    err = refused(capsys, tmp_path, "export", demo_path, "-o", out)
    assert f"{out} already exists; give --force to replace it." in err
    assert main(["export", str(demo_path), "-o", str(out), "--force"]) == 0
    assert out.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_a_workbook_gets_the_mode_the_umask_gives(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], umask: int
) -> None:
    out = tmp_path / "plan.xlsx"
    old = os.umask(umask)
    try:
        assert main(["export", str(demo_path), "-o", str(out)]) == 0
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # not a temporary file's 0600


def test_review_onto_the_plan_another_plan_or_a_folder_is_refused(
    demo_path: Path, other_plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    review = ["review", demo_path, "--unit", "OPS", "--month", "2026-05", "-o"]
    hard = tmp_path / "review.html"
    os.link(demo_path, hard)
    assert "is the plan being read" in refused(capsys, tmp_path, *review, hard, "--force")
    disguised = tmp_path / "other.html"
    os.link(other_plan, disguised)
    assert "never writes over a plan" in refused(capsys, tmp_path, *review, disguised, "--force")
    folder = tmp_path / "reviews.pdf"
    folder.mkdir()
    assert f"{folder} is a folder" in refused(capsys, tmp_path, *review, folder)
    kept = tmp_path / "kept.html"
    kept.write_text("last month's review")
    assert "give --force" in refused(capsys, tmp_path, *review, kept)
    assert main([str(a) for a in [*review, kept, "--force"]]) == 0
    assert "Monthly review" in kept.read_text()


def test_import_and_copy_onto_a_plan_are_refused(
    demo_path: Path, other_plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "plan.xlsx"
    assert main(["export", str(demo_path), "-o", str(book)]) == 0
    capsys.readouterr()
    assert "already exists" in refused(capsys, tmp_path, "import", book, "-o", other_plan)
    assert "already exists" in refused(capsys, tmp_path, "db", "copy", demo_path, other_plan)
    assert "already exists" in refused(capsys, tmp_path, "db", "copy", demo_path, demo_path)
