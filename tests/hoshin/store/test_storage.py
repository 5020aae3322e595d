"""Plans on disk: created whole or not at all, reopened, and never touched when refused."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from hoshin.model import entities as e
from hoshin.model.errors import NewerSchemaError, PlanError
from hoshin.plan import Plan
from hoshin.store import storage


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_plan_opens_again_with_its_top_unit(tmp_path: Path) -> None:
    path = tmp_path / "acme.hoshin"
    Plan.create(path, "Acme Ltd").close()
    with Plan.open(path) as plan:
        assert plan.name == "Acme Ltd"
        with plan.session() as s:
            assert [u.code for u in s.query(e.Unit)] == ["CO"]
            assert s.query(e.Function).count() == 10


def test_a_plan_is_a_wal_database_with_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "acme.hoshin"
    with Plan.create(path, "Acme") as plan, plan.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_the_models_and_the_migrations_agree(tmp_path: Path) -> None:
    """A plan created by the migrations has exactly the tables the code maps."""
    with Plan.create(tmp_path / "a.hoshin", "Acme") as plan, plan.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), e.Base.metadata)
    assert diff == []


def test_a_plan_of_a_newer_schema_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "future.hoshin"
    Plan.create(path, "Acme").close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    before = _digest(path)
    with pytest.raises(NewerSchemaError, match="newer Hoshin"):
        Plan.open(path)
    assert _digest(path) == before


def test_an_older_plan_is_upgraded_after_a_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pretend this Hoshin has a schema newer than the file's: the file is backed up first."""
    path = tmp_path / "old.hoshin"
    Plan.create(path, "Acme").close()
    head, known = storage.schema_revisions()
    upgraded: list[str] = []
    monkeypatch.setattr(storage, "schema_revisions", lambda: ("9999", [*known, "9999"]))
    monkeypatch.setattr(storage, "_upgrade", lambda engine: upgraded.append("yes"))
    Plan.open(path).close()
    assert upgraded == ["yes"]
    assert (tmp_path / f"old.hoshin.schema-{head}.bak").exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "not an SQLite database"),
        (b"name,goal\nx,1\n", "not an SQLite database"),
        (None, "does not exist"),
    ],
)
def test_a_file_that_is_not_a_plan_is_refused(
    tmp_path: Path, content: bytes | None, words: str
) -> None:
    path = tmp_path / "x.hoshin"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(PlanError, match=words):
        Plan.open(path)
    if content is not None:
        assert path.read_bytes() == content


def test_an_sqlite_file_of_another_program_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    before = _digest(path)
    with pytest.raises(PlanError, match="not a Hoshin plan"):
        Plan.open(path)
    assert _digest(path) == before


def test_creating_over_an_existing_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "keep.hoshin"
    path.write_text("precious")
    with pytest.raises(PlanError, match="already exists"):
        Plan.create(path, "Acme")
    assert path.read_text() == "precious"


def test_a_failed_creation_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "half.hoshin"
    with pytest.raises(Exception, match="organisation name cannot be empty"):
        Plan.create(path, "  ")
    assert not path.exists()


def test_a_plan_of_the_first_schema_is_upgraded_with_its_data(tmp_path: Path) -> None:
    """A plan written by the first release (schema 0001) opens with nothing lost."""
    from alembic import command

    path = tmp_path / "v1.hoshin"
    engine = storage.make_engine(str(path))
    with engine.begin() as conn:
        command.upgrade(storage._alembic_config(conn), "0001")
        conn.exec_driver_sql("INSERT INTO settings VALUES ('org_name', '\"Old Co\"')")
        conn.exec_driver_sql(
            "INSERT INTO units (id, code, name, level) VALUES (1, 'CO', 'Old Co', 'Company')"
        )
        conn.exec_driver_sql(
            "INSERT INTO nodes (id, code, seq, kind, unit_id, title, description, expected_effect)"
            " VALUES (1, 'BT-1', 1, 'breakthrough', 1, 'Survive', '', '')"
        )
    engine.dispose()
    with Plan.open(path) as plan:
        assert plan.name == "Old Co"
        assert "BT-1" in plan.graph
        with plan.session() as s:
            assert s.query(e.CatchballThread).count() == 0
            assert s.get(e.Node, 1).committed_goal is None  # type: ignore[union-attr]
    assert (tmp_path / "v1.hoshin.schema-0001.bak").exists()
    with sqlite3.connect(path) as conn:
        stored = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert stored == storage.schema_revisions()[0]
    conn.close()


def test_the_revision_list_read_from_files_is_alembics() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", "hoshin:migrations")
    script = ScriptDirectory.from_config(cfg)
    head, known = storage.schema_revisions()
    assert head == script.get_current_head()
    assert known == sorted(rev.revision for rev in script.walk_revisions())
