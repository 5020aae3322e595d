"""The audit log as CSV: every entry, a page at a time, never a formula in a spreadsheet."""

from __future__ import annotations

import csv
import io

import pytest

from hoshin.excel.write.cells import FORMULA_STARTS
from hoshin.operations import UpdateNode
from hoshin.plan import Plan
from hoshin.reports import audit_csv
from hoshin.store import audit


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_a_cell_that_would_be_a_formula_gets_a_quote(start: str) -> None:
    assert audit_csv.safe_cell(f"{start}1+1") == f"'{start}1+1"


def test_other_cells_are_left_alone() -> None:
    assert audit_csv.safe_cell("Lead time = 4 days") == "Lead time = 4 days"
    assert audit_csv.safe_cell(None) == ""
    assert audit_csv.safe_cell(22.5) == "22.5"


def test_the_whole_history_is_read_a_page_at_a_time(
    demo_plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    for goal in (21, 20, 19, 18, 17):
        demo_plan.execute(UpdateNode("KPI-2", {"goal": goal}))
    node = demo_plan.graph.id_of("KPI-2")
    monkeypatch.setattr(audit_csv, "PAGE", 3)
    with demo_plan.session() as s:
        everything = audit.history(s, node, limit=10_000)
        paged = list(audit_csv.all_history(s, node))
    assert [r["id"] for r in paged] == [r["id"] for r in everything]
    assert len(paged) > 5


def test_values_are_written_as_they_read(demo_plan: Plan) -> None:
    demo_plan.execute(UpdateNode("KPI-2", {"title": "@risk lead time"}))
    with demo_plan.session() as s:
        rows = audit.history(s, demo_plan.graph.id_of("KPI-2"), limit=1)
    out = io.StringIO()
    assert audit_csv.write_csv(rows, out) == 1
    header, row = csv.reader(io.StringIO(out.getvalue()))
    entry = dict(zip(header, row, strict=True))
    assert entry["old"] == "Order-to-delivery lead time"  # not the log's JSON "…"
    assert entry["new"] == "'@risk lead time"
