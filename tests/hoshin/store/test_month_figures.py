"""The monthly figures of finer values the database keeps (MonthFigure): after every kind of
write — an edit, its undo, a change of aggregation, plain SQL on the file, a removed target,
a plan upgraded from before the figures — each month holds what the rule derives by hand
(hoshin.rules.target_values.derive), and a month without values holds nothing."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.operations.target_values import SetTargetValues, SetTracking
from hoshin.plan import Plan
from hoshin.rules.target_values import derive

D = dt.date
AGGREGATIONS = ("sum", "average", "last", "min", "max")


def _kept(plan: Plan) -> dict[tuple[str, str], tuple[int, float]]:
    """Every stored figure: (code, month) → (count, figure)."""
    f, n = e.MonthFigure.__table__.c, e.Node.__table__.c
    with plan.session() as s:
        rows = s.execute(
            select(n.code, f.month, f.count, f.value).join(e.Node.__table__, n.id == f.node_id)
        ).all()
    return {(code, month): (count, round(value, 9)) for code, month, count, value in rows}


def _derived(plan: Plan) -> dict[tuple[str, str], tuple[int, float]]:
    """What the rule makes of every stored value, worked out in Python."""
    v, n = e.TargetValue.__table__.c, e.Node.__table__.c
    with plan.session() as s:
        rows = s.execute(
            select(n.code, n.aggregation, v.day, v.value).join(e.Node.__table__, n.id == v.node_id)
        ).all()
    days: dict[tuple[str, str | None], list[tuple[dt.date, float]]] = {}
    for code, aggregation, day, value in rows:
        days.setdefault((code, aggregation), []).append((day, value))
    out = {}
    for (code, aggregation), values in days.items():
        for month, made in derive(aggregation, "daily", values).items():
            out[code, month] = (made.count, round(made.value, 9))
    return out


def _values(rng: random.Random, code: str, months: tuple[int, ...]) -> SetTargetValues:
    """Six values in each of ``months``, on random days, of random sizes."""
    days = [D(2026, m, d) for m in months for d in rng.sample(range(1, 29), 6)]
    rows = [(i, code, day, round(rng.uniform(-50, 150), 3)) for i, day in enumerate(days)]
    return SetTargetValues(rows)


def _rows(code: str, values: dict[str, float]) -> SetTargetValues:
    return SetTargetValues([(i, code, day, v) for i, (day, v) in enumerate(values.items())])


def test_each_write_leaves_every_month_as_the_rule_derives_it(demo_plan: Plan) -> None:
    rng = random.Random(7)
    codes = ("KPI-1", "KPI-2", "KPI-9")
    for code, aggregation in zip(codes, ("sum", "last", "average"), strict=True):
        demo_plan.execute(SetTracking(code, "daily", aggregation))
        demo_plan.execute(_values(rng, code, (2, 3, 4)))
    assert _kept(demo_plan) == _derived(demo_plan)
    assert _kept(demo_plan)["KPI-9", "2026-03"][0] == 6  # six values a month
    before = _kept(demo_plan)
    # New values over existing ones and in a month of their own, then each aggregation.
    edits = [demo_plan.execute(_values(rng, "KPI-1", (3, 5)))]
    assert _kept(demo_plan) == _derived(demo_plan)
    for aggregation in AGGREGATIONS:
        edits.append(demo_plan.execute(SetTracking("KPI-2", "daily", aggregation)))
        assert _kept(demo_plan) == _derived(demo_plan), aggregation
    for edit in reversed(edits):  # undone, last first
        demo_plan.execute(edit.inverse)
    assert _kept(demo_plan) == before  # as it was, figure for figure


def test_plain_sql_on_the_file_keeps_them_true_too(demo_plan: Plan) -> None:
    demo_plan.execute(SetTracking("KPI-9", "daily", "last"))
    demo_plan.execute(_rows("KPI-9", {"2026-03-02": 20, "2026-03-09": 30, "2026-04-01": 4}))
    path = demo_plan.location
    kpi9 = "(SELECT id FROM nodes WHERE code = 'KPI-9')"
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("PRAGMA foreign_keys = ON")
        # A value moved from March into April, another changed, one added, one removed.
        conn.execute("UPDATE target_values SET day = '2026-04-20' WHERE day = '2026-03-09'")
        conn.execute("UPDATE target_values SET value = 21 WHERE day = '2026-03-02'")
        conn.execute(
            "INSERT INTO target_values (node_id, day, value, version) "
            f"VALUES ({kpi9}, '2026-02-27', 8, 1)"
        )
        conn.execute("DELETE FROM target_values WHERE day = '2026-04-01'")
    kept = _kept(demo_plan)
    assert {m: kept[c, m] for c, m in kept if c == "KPI-9" and m < "2026-05"} == {
        "2026-02": (1, 8.0),
        "2026-03": (1, 21.0),
        "2026-04": (1, 30.0),  # the moved value, now April's last
    }
    assert kept == _derived(demo_plan)


def test_a_removed_target_takes_its_figures_with_it(demo_plan: Plan) -> None:
    demo_plan.execute(SetTracking("KPI-9", "daily", "sum"))
    demo_plan.execute(_rows("KPI-9", {"2026-03-02": 20, "2026-03-03": 5}))
    assert _kept(demo_plan)["KPI-9", "2026-03"] == (2, 25.0)
    with contextlib.closing(sqlite3.connect(demo_plan.location)) as conn, conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM nodes WHERE code = 'KPI-9'")
        left = conn.execute("SELECT count(*) FROM month_figures").fetchone()[0]
    assert ("KPI-9", "2026-03") not in _kept(demo_plan)
    assert left == len(_derived(demo_plan))


@pytest.mark.parametrize("aggregation", AGGREGATIONS)
def test_a_plan_from_before_the_figures_gets_them_on_upgrade(
    demo_plan: Plan, tmp_path: Path, aggregation: str
) -> None:
    demo_plan.execute(SetTracking("KPI-9", "daily", aggregation))
    demo_plan.execute(_rows("KPI-9", {"2026-03-02": 2, "2026-03-05": 7}))
    made = _derived(demo_plan)
    path = tmp_path / "older.hoshin"
    demo_plan.close()
    Path(demo_plan.location).rename(path)
    # As a plan of schema 0011 was: no figures, no triggers.
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        for name in ("value_added", "value_changed", "value_removed", "aggregation"):
            conn.execute(f"DROP TRIGGER month_figures_{name}")
        conn.execute("DROP TABLE month_figures")
        conn.execute("UPDATE alembic_version SET version_num = '0011'")
    with Plan.open(path) as plan:
        assert _kept(plan) == made
    assert (
        made["KPI-9", "2026-03"]
        == {
            "sum": (2, 9.0),
            "average": (2, 4.5),
            "last": (2, 7.0),
            "min": (2, 2.0),
            "max": (2, 7.0),
        }[aggregation]
    )
