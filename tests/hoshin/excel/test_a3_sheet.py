"""The workbook's A3s sheet: every A3 part by part, its words always text (the round trip
through export and import is in test_excel_import.py)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from hoshin.operations import AddA3Row, LinkA3, NewA3, SetA3Section
from hoshin.plan import Plan
from tests.hoshin.excel.test_excel_export import DANGEROUS, export


def test_the_a3s_sheet_lists_each_a3_part_by_part_as_text(demo_plan: Plan, tmp_path: Path) -> None:
    demo_plan.execute(NewA3("KPI-3", title=DANGEROUS[0]))
    demo_plan.execute(SetA3Section("KPI-3", "goal", DANGEROUS[1]))
    demo_plan.execute(AddA3Row("KPI-3", "why", DANGEROUS[2]))
    demo_plan.execute(AddA3Row("KPI-3", "cause", DANGEROUS[3], category="machine"))
    demo_plan.execute(AddA3Row("KPI-3", "step", DANGEROUS[4], owner="P-2", due="2026-07-01"))
    demo_plan.execute(LinkA3("KPI-3", kaizen="KZ-114"))
    ws = load_workbook(export(demo_plan, tmp_path / "a3.xlsx"))["A3s"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0] == ["Node", "A3 kind", "Part", "6 M", "Text", "Who", "Who key", "When", "Links"]
    parts = [(r[2], r[3], r[4]) for r in rows[1:]]
    assert parts == [
        ("title", None, DANGEROUS[0]),
        ("background", None, None),
        ("current", None, None),
        ("goal", None, DANGEROUS[1]),
        ("analysis", None, None),
        ("follow-up", None, None),
        ("5 whys", None, DANGEROUS[2]),
        ("cause", "machine", DANGEROUS[3]),
        ("step", None, DANGEROUS[4]),
        ("kaizen", None, "Kanban loop for sensor housings"),
    ]
    step = rows[9]
    assert (step[5], step[6], step[7].date().isoformat()) == ("David Kim", "P-2", "2026-07-01")
    assert rows[10][8] == "KZ-114"
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"A3s!{cell.coordinate} is a formula"
            if cell.value in DANGEROUS:
                assert cell.data_type == "s" and cell.quotePrefix
