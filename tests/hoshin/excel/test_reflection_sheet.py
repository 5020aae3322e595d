"""The workbook's Reflection sheet: per objective and target of the year, its figures, the
suggested result and the reflection recorded, its words always text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from hoshin.excel import export_workbook, import_workbook
from hoshin.operations.years import CommentReflection, Reflect
from hoshin.plan import Plan
from hoshin.reads.reflection import load_reflection
from tests.conftest import AS_OF
from tests.hoshin.excel.test_excel_export import DANGEROUS, export


def test_the_reflection_sheet_lists_the_years_objectives_with_figures_and_words(
    demo_plan: Plan, tmp_path: Path
) -> None:
    demo_plan.execute(
        Reflect(
            "KPI-1",
            result="partly",
            decision="modify",
            new_title=DANGEROUS[4],
            new_goal=22,
            helped=DANGEROUS[0],
            hindered=DANGEROUS[1],
            lesson=DANGEROUS[2],
        )
    )
    demo_plan.execute(Reflect("AO-1", decision="carry", lesson=DANGEROUS[3]))
    demo_plan.clock = lambda: dt.datetime(2026, 12, 7, 9, 0)
    demo_plan.execute(CommentReflection("AO-1", DANGEROUS[1], author="Helen Ward"))
    ws = load_workbook(export(demo_plan, tmp_path / "reflection.xlsx"))["Reflection"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    heading = rows[0]
    assert heading[:4] == ["Unit", "Node", "Kind", "Title"]
    by_code = {r[1]: dict(zip(heading, r, strict=True)) for r in rows[1:]}
    assert {"BT-1", "AO-1", "IP-1", "KPI-1", "KPI-9"} <= set(by_code)
    assert not any(code.startswith("KZ-") for code in by_code)  # kaizens are not reflected on
    kpi1 = by_code["KPI-1"]
    assert (kpi1["Unit"], kpi1["Goal"], kpi1["Baseline"], kpi1["Last actual"]) == (
        "CO",
        24,
        18,
        20.33,
    )
    assert kpi1["Year to date"] == pytest.approx(18.648)
    assert (kpi1["Suggested"], kpi1["Result"], kpi1["Decision"]) == ("partly", "partly", "modify")
    assert (kpi1["New title"], kpi1["New goal"]) == (DANGEROUS[4], 22)
    assert (kpi1["What helped"], kpi1["What hindered"], kpi1["Lesson"]) == tuple(DANGEROUS[:3])
    assert (by_code["AO-1"]["Decision"], by_code["AO-1"]["Lesson"]) == ("carry", DANGEROUS[3])
    assert by_code["AO-1"]["Comments"] == f"Helen Ward, 2026-12-07: {DANGEROUS[1]}"
    # A breakthrough is suggested what its targets suggest together (all partly).
    assert by_code["BT-1"]["Suggested"] == "partly" and by_code["BT-1"]["Decision"] is None
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"Reflection!{cell.coordinate} is a formula"
            if cell.value in DANGEROUS:
                assert cell.data_type == "s" and cell.quotePrefix


def test_an_export_then_import_keeps_every_reflection_its_words_as_text(
    demo_plan: Plan, tmp_path: Path
) -> None:
    demo_plan.execute(
        Reflect(
            "KPI-1",
            result="partly",
            decision="modify",
            new_title="=Reach 22 % by June",
            new_goal=22,
            helped="=Weekly huddles",
            hindered="@Two callers left\nin March",
            lesson="+Hire before the peak",
        )
    )
    demo_plan.execute(Reflect("AO-1", decision="carry", result="achieved", lesson="-Keep going"))
    demo_plan.execute(Reflect("BT-1", decision="drop", hindered="Budget cut"))
    demo_plan.execute(Reflect("IP-1", decision="complete"))
    export_workbook(demo_plan, tmp_path / "p.xlsx", as_of=AS_OF)
    report = import_workbook(tmp_path / "p.xlsx", tmp_path / "again.hoshin")
    assert report.problems == [] and report.counts["reflections"] == 4
    with Plan.open(tmp_path / "again.hoshin") as again, again.session() as session:
        year = load_reflection(session, again.year)
    kept = {line.code: line for unit in year.units for line in unit.lines if line.recorded}
    fields = ("result", "decision", "new_title", "new_goal", "helped", "hindered", "lesson")
    got = {code: tuple(getattr(line, f) for f in fields) for code, line in kept.items()}
    assert got == {
        "KPI-1": (
            "partly",
            "modify",
            "=Reach 22 % by June",
            22.0,
            "=Weekly huddles",
            "@Two callers left\nin March",
            "+Hire before the peak",
        ),
        "AO-1": ("achieved", "carry", None, None, "", "", "-Keep going"),
        "BT-1": (None, "drop", None, None, "", "Budget cut", ""),
        "IP-1": (None, "complete", None, None, "", "", ""),
    }
