"""The workbook's Reflection sheet: per objective and target of the year, its figures, the
suggested result and the reflection recorded, its words always text."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from hoshin.operations.years import Reflect
from hoshin.plan import Plan
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
    assert by_code["BT-1"]["Suggested"] is None and by_code["BT-1"]["Decision"] is None
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"Reflection!{cell.coordinate} is a formula"
            if cell.value in DANGEROUS:
                assert cell.data_type == "s" and cell.quotePrefix
