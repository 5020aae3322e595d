"""Opening a plan to read never creates or converts a file: not a missing plan named by
URL, not an SQLite file that is not a plan, not the -wal/-shm of a plan its reader may not
write (before, a colleague's ``hoshin show`` left them owned by the colleague, and the
owner's next edit failed with "attempt to write a readonly database")."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hoshin.cli.main import main
from hoshin.model import entities as e
from hoshin.model.kinds import NodeKind
from hoshin.operations import AddNode
from hoshin.plan import Plan
from hoshin.store import storage


def listing(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def one_line_refusal(capsys: pytest.CaptureFixture[str], *args: str | Path) -> str:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.startswith("hoshin: error: ") and err.count("\n") == 1, err
    return err


@pytest.fixture
def read_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This user may not write the plan or its folder. (Tests run as root, whom chmod
    does not stop, so the access check itself is what is replaced.)"""
    monkeypatch.setattr(storage, "_writable", lambda path: False)
    yield


def test_a_missing_plan_named_by_url_is_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ghost = tmp_path / "ghost.db"
    err = one_line_refusal(capsys, "show", f"sqlite:///{ghost}")
    assert f"No plan at {ghost}" in err
    assert list(tmp_path.iterdir()) == []


def test_an_sqlite_file_that_is_not_a_plan_is_left_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "notes.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (text)")
    conn.close()
    before = listing(tmp_path)
    for args in (["show", other], ["add", other, "kaizen", "--unit", "CO", "--title", "x"]):
        assert "is a database but not a Hoshin plan" in one_line_refusal(capsys, *args)
        assert listing(tmp_path) == before
    with sqlite3.connect(other) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # not WAL
    conn.close()


def test_a_read_only_plan_is_read_without_leaving_files(
    demo_path: Path, capsys: pytest.CaptureFixture[str], read_only: None
) -> None:
    folder = demo_path.parent
    before = listing(folder)
    assert main(["show", str(demo_path)]) == 0
    assert "Assembly (Team)" in capsys.readouterr().out
    assert listing(folder) == before  # no -wal, no -shm
    err = one_line_refusal(capsys, "add", demo_path, "kaizen", "--unit", "T-AS", "--title", "x")
    assert f"{demo_path} is read-only for you" in err and "Add kaizen was not made" in err
    assert listing(folder) == before


def test_a_read_only_reader_sees_the_edits_of_the_owner_who_has_it_open(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = Plan.open(demo_path)  # the owner's app: it keeps the -wal and -shm
    try:
        code = owner.execute(AddNode(NodeKind.KAIZEN, "T-AS", "Still in the WAL")).result
        folder = demo_path.parent
        before = sorted(p.name for p in folder.iterdir())
        assert f"{demo_path.name}-wal" in before
        monkeypatch.setattr(storage, "_writable", lambda path: False)
        with Plan.open(demo_path) as colleague, colleague.session() as s:
            found = s.execute(
                select(func.count()).where(e.Node.code == code, e.Node.title == "Still in the WAL")
            ).scalar()
        assert found == 1
        assert sorted(p.name for p in folder.iterdir()) == before
        monkeypatch.undo()
        owner.execute(AddNode(NodeKind.KAIZEN, "T-AS", "The owner goes on editing"))
    finally:
        owner.close()
