"""Upgrades of older plans: what each schema step fills in, checked against known answers."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from alembic import command

from hoshin.model import entities as e
from hoshin.plan import Plan
from hoshin.reads import health
from hoshin.store import storage

_KAIZEN = (
    "INSERT INTO nodes (id, code, seq, kind, unit_id, title, description, expected_effect,"
    " status, origin) VALUES ({id}, 'KZ-{id}', {id}, 'kaizen', 1, 'K{id}', '', '',"
    " '{status}', 'bottom-up')"
)
_AUDIT = (
    "INSERT INTO audit_log (at, edit, action, table_name, row_id, node_id, field, new)"
    " VALUES ('{at}', 'x', '{action}', 'nodes', '{id}', {id}, {field}, '{new}')"
)


def _plan_at_0005(path: Path) -> None:
    engine = storage.make_engine(str(path))
    with engine.begin() as conn:
        command.upgrade(storage._alembic_config(conn), "0005")
        run = conn.exec_driver_sql
        run("INSERT INTO settings (key, value) VALUES ('org_name', '\"Old Co\"')")
        run("INSERT INTO units (id, code, name, level) VALUES (1, 'CO', 'Old Co', 'Company')")
        run(
            "INSERT INTO nodes (id, code, seq, kind, unit_id, title, description,"
            " expected_effect, direction) VALUES (1, 'KPI-1', 1, 'target', 1, 'Sales', '', '',"
            " 'up')"
        )
        # KZ-2: added as an idea on 2026-01-10, moved to approved on 2026-03-04.
        run(_KAIZEN.format(id=2, status="in progress"))
        run(_AUDIT.format(at="2026-01-10 09:00:00", action="insert", id=2, field="NULL", new="{}"))
        run(
            _AUDIT.format(
                at="2026-03-04 15:30:00", action="update", id=2, field="'status'", new='"approved"'
            )
        )
        # KZ-3: added straight in progress on 2026-05-20; no move since.
        run(_KAIZEN.format(id=3, status="in progress"))
        run(_AUDIT.format(at="2026-05-20 08:00:00", action="insert", id=3, field="NULL", new="{}"))
        # KZ-4: started, but the log knows nothing of it.
        run(_KAIZEN.format(id=4, status="done"))
        # KZ-5: an idea is not started.
        run(_KAIZEN.format(id=5, status="idea"))
        # KZ-6: regressed on 2026-06-02 without any slipped check.
        run(_KAIZEN.format(id=6, status="regressed"))
        run(
            _AUDIT.format(
                at="2026-06-02 11:00:00", action="update", id=6, field="'status'", new='"regressed"'
            )
        )
    engine.dispose()


def test_schema_0006_fills_in_what_the_measures_need(tmp_path: Path) -> None:
    path = tmp_path / "old.hoshin"
    _plan_at_0005(path)
    with Plan.open(path) as plan, plan.session() as s:
        assert s.get(e.Node, 1).aggregation == "average"  # type: ignore[union-attr]
        starts = {n.code: n.start_date for n in s.query(e.Node).filter(e.Node.kind == "kaizen")}
        assert starts == {
            "KZ-2": dt.date(2026, 3, 4),  # the move to approved, not the day it was added
            "KZ-3": dt.date(2026, 5, 20),  # added started: the day it was added
            "KZ-4": None,  # unknown stays unknown
            "KZ-5": None,  # an idea is not started
            "KZ-6": None,
        }
        slips = s.query(e.SustainmentCheck).all()
        assert [(c.kaizen_id, c.result, c.checked_on) for c in slips] == [
            (6, "slipped", dt.date(2026, 6, 2))
        ]
        # The regressed kaizen is sustainment debt again: one slipped check not re-held.
        debt = health.sustainment_counts(s, as_of=dt.date(2026, 7, 1))
        assert debt[1]["total"] == 1


def _plan_at_0006(path: Path, *, figures: bool = True) -> None:
    engine = storage.make_engine(str(path))
    with engine.begin() as conn:
        command.upgrade(storage._alembic_config(conn), "0006")
        run = conn.exec_driver_sql
        run("INSERT INTO settings (key, value) VALUES ('org_name', '\"Old Co\"')")
        run("INSERT INTO units (id, code, name, level) VALUES (1, 'CO', 'Old Co', 'Company')")
        run("INSERT INTO people (id, key, name, unit_id) VALUES (1, 'P-1', 'Ann', 1)")
        for i, (kind, prefix) in enumerate(
            [("breakthrough", "BT"), ("priority", "IP"), ("target", "KPI"), ("kaizen", "KZ")],
            start=1,
        ):
            run(
                "INSERT INTO nodes (id, code, seq, kind, unit_id, title, description,"
                f" expected_effect, status) VALUES ({i}, '{prefix}-{i}', {i}, '{kind}', 1,"
                f" 'N{i}', '', '', {'NULL' if kind != 'kaizen' else repr('done')})"
            )
        run(
            "INSERT INTO edges (id, kind, source_id, target_id, rationale) VALUES"
            " (1, 'measures', 3, 1, ''), (2, 'supports', 4, 2, '')"
        )
        run(
            "INSERT INTO responsibilities (id, node_id, person_id, role) VALUES"
            " (1, 3, 1, 'primary')"
        )
        if figures:
            run(
                "INSERT INTO measurements (id, node_id, month, plan, actual) VALUES"
                " (1, 3, '2025-10', 5, 4), (2, 3, '2025-11', 5, 6), (3, 3, '2026-01', 5, NULL)"
            )
        run(
            "INSERT INTO sustainment_checks (id, kaizen_id, due, note) VALUES"
            " (1, 4, '2025-12-01', '')"
        )
    engine.dispose()


def test_schema_0008_puts_every_node_in_the_plans_year_with_nothing_lost(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.hoshin"
    _plan_at_0006(path)
    with Plan.open(path) as plan, plan.session() as s:
        # The year of the latest month with an actual (2025-11), not of a planned month.
        assert [(y.year, y.state) for y in s.query(e.Year)] == [(2025, "open")]
        assert {(n.code, n.year) for n in s.query(e.Node)} == {
            ("BT-1", 2025),
            ("IP-2", 2025),
            ("KPI-3", 2025),
            ("KZ-4", 2025),
        }
        assert s.query(e.Edge).count() == 2
        assert s.query(e.Measurement).count() == 3
        assert s.query(e.Responsibility).count() == 1
        assert s.query(e.SustainmentCheck).count() == 1
        assert plan.year == 2025
        assert plan.graph.id_of("KPI-3") == 3
    # The links still hold: removing a node still removes its links (foreign keys kept).
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA foreign_key_list(edges)").fetchall()
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'nodes'").fetchone()[0]
        assert "UNIQUE (year, code)" in sql and "year INTEGER NOT NULL" in sql
    conn.close()


def test_schema_0008_without_figures_takes_the_year_of_the_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.hoshin"
    _plan_at_0006(path, figures=False)
    with Plan.open(path) as plan, plan.session() as s:
        assert [y.year for y in s.query(e.Year)] == [dt.date.today().year]
        assert {n.year for n in s.query(e.Node)} == {dt.date.today().year}
