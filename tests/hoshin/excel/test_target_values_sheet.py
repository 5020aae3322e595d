"""The Target values sheet: written by the export, read back by the import (a round trip);
the bowling chart's derived months carry the derived figure and a note saying so."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from hoshin.excel import export_workbook, import_workbook, names
from hoshin.model import entities as e
from hoshin.operations import UpdateNode
from hoshin.operations.target_values import SetTargetValue, SetTracking
from hoshin.plan import Plan
from tests.conftest import AS_OF

D = dt.date


def _tracked(plan: Plan) -> Plan:
    """KPI-1 daily by sum with three March days (10 + 20 + 30 = 60), its title a formula;
    KPI-2 weekly without a value yet."""
    plan.execute(UpdateNode("KPI-1", {"title": "=SUM(A1:A9)"}))
    plan.execute(SetTracking("KPI-1", "daily", "sum"))
    for day, value in ((2, 10.0), (3, 20.0), (4, 30.0)):
        plan.execute(SetTargetValue("KPI-1", D(2026, 3, day), value))
    plan.execute(SetTracking("KPI-2", "weekly"))
    return plan


def _stored(plan: Plan) -> tuple[list[tuple[str, str | None]], list[tuple[str, dt.date, float]]]:
    n, v = e.Node, e.TargetValue
    with plan.session() as s:
        tracking = s.execute(
            select(n.code, n.tracking).where(n.tracking.is_not(None)).order_by(n.code)
        ).all()
        values = s.execute(
            select(n.code, v.day, v.value).join(n, n.id == v.node_id).order_by(n.code, v.day)
        ).all()
    return [tuple(r) for r in tracking], [tuple(r) for r in values]  # type: ignore[misc]


def test_the_sheet_lists_values_and_the_bowling_chart_notes_derived_months(
    demo_plan: Plan, tmp_path: Path
) -> None:
    out = tmp_path / "p.xlsx"
    export_workbook(_tracked(demo_plan), out, as_of=AS_OF)
    book = load_workbook(out)
    sheet = book[names.TARGET_VALUES]
    rows = [tuple(c.value for c in r) for r in sheet.iter_rows(min_row=2)]
    assert rows[:3] == [
        ("KPI-1", "=SUM(A1:A9)", "daily", dt.datetime(2026, 3, 2), 10),
        ("KPI-1", "=SUM(A1:A9)", "daily", dt.datetime(2026, 3, 3), 20),
        ("KPI-1", "=SUM(A1:A9)", "daily", dt.datetime(2026, 3, 4), 30),
    ]
    # Then the sample's own (KPI-8 weekly, KPI-9 daily, six weeks), and KPI-2 without values.
    assert [r[0] for r in rows[3:]] == ["KPI-8"] * 6 + ["KPI-9"] * 42 + ["KPI-2"]
    assert rows[-1] == ("KPI-2", "Order-to-delivery lead time", "weekly", None, None)
    assert sheet["B2"].data_type == "s"  # the title is text, never a formula
    bowling = book[names.BOWLING]
    actual_row = (
        next(r for r in bowling.iter_rows() if r[0].value == "KPI-1")[0].row + 1
    )  # the actual row is below the plan row
    march = bowling.cell(actual_row, len(names.BOWLING_FIXED) + 3)
    assert march.value == 60
    assert march.comment is not None
    assert march.comment.text == "Derived from 3 daily values (sum)."
    april = bowling.cell(actual_row, len(names.BOWLING_FIXED) + 4)
    assert april.comment is None


def test_the_import_reads_tracking_and_values_back(demo_plan: Plan, tmp_path: Path) -> None:
    out = tmp_path / "p.xlsx"
    export_workbook(_tracked(demo_plan), out, as_of=AS_OF)
    report = import_workbook(out, tmp_path / "again.hoshin")
    assert report.problems == []
    with Plan.open(tmp_path / "again.hoshin") as again:
        assert _stored(again) == _stored(demo_plan)
        assert _stored(again)[0] == [
            ("KPI-1", "daily"), ("KPI-2", "weekly"), ("KPI-8", "weekly"), ("KPI-9", "daily")
        ]  # fmt: skip
        assert len(_stored(again)[1]) == 3 + 6 + 42


def test_an_unreadable_row_is_reported_and_the_rest_read(demo_plan: Plan, tmp_path: Path) -> None:
    out = tmp_path / "p.xlsx"
    export_workbook(_tracked(demo_plan), out, as_of=AS_OF)
    book = load_workbook(out)
    book[names.TARGET_VALUES]["E3"] = "lots"
    book[names.TARGET_VALUES]["C4"] = "hourly"
    book.save(out)
    report = import_workbook(out, tmp_path / "again.hoshin")
    assert report.problems == [
        "Target values!D3: a value needs a date and a number; the row was left out",
        "Target values!C4: 'hourly' is not daily or weekly; the row was left out",
    ]
    with Plan.open(tmp_path / "again.hoshin") as again:
        assert [r[1] for r in _stored(again)[1] if r[0] == "KPI-1"] == [D(2026, 3, 2)]


def test_the_review_sheet_notes_a_derived_actual(demo_plan: Plan, tmp_path: Path) -> None:
    demo_plan.execute(SetTracking("KPI-1", "daily", "average"))
    for day, value in ((4, 1.0), (5, 3.0)):  # May, the month the Review sheet shows
        demo_plan.execute(SetTargetValue("KPI-1", D(2026, 5, day), value))
    out = tmp_path / "p.xlsx"
    export_workbook(demo_plan, out, as_of=AS_OF)
    sheet = load_workbook(out)["Review"]
    cells = [r[4] for r in sheet.iter_rows() if r[0].value == "KPI-1"]
    assert cells and all(c.value == 2 for c in cells)  # (1 + 3) / 2
    assert all(c.comment is not None for c in cells)
    assert cells[0].comment.text == "Derived from 2 daily values."
