"""The workbook's Minutes sheet: each meeting's agenda items with the decisions taken on
them, then the decisions on the meeting as a whole; its words always text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from hoshin.operations.meetings import NewMeeting, RecordDecision, SetMeetingHeld
from hoshin.plan import Plan
from tests.hoshin.excel.test_excel_export import DANGEROUS, export


def test_the_minutes_sheet_lists_items_with_their_decisions(
    demo_plan: Plan, tmp_path: Path
) -> None:
    ops = demo_plan.execute(NewMeeting("QA", "2026-06-15")).result
    demo_plan.execute(RecordDecision(ops, DANGEROUS[0], 1, "Pete Walsh", "2026-06-30"))
    demo_plan.execute(RecordDecision(ops, "Second shift trial", 1))
    demo_plan.execute(RecordDecision(ops, "Next review in July"))
    demo_plan.execute(SetMeetingHeld(ops))
    ws = load_workbook(export(demo_plan, tmp_path / "minutes.xlsx"))["Minutes"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0] == [
        "Meeting", "Unit", "Date", "Held", "Item", "Kind", "Agenda item", "Decision", "Owner",
        "Due", "Done",
    ]  # fmt: skip
    day = dt.datetime(2026, 6, 15)
    item = "Train the second shift — Yuki Tanaka, due 2026-03-30, 55 working days late"
    due = dt.datetime(2026, 6, 30)
    assert rows[1:] == [
        [1, "QA", day, "yes", 1, "overdue", item, DANGEROUS[0], "Pete Walsh", due, "no"],
        [1, "QA", day, "yes", 1, "overdue", item, "Second shift trial", None, None, "no"],
        [1, "QA", day, "yes", None, None, None, "Next review in July", None, None, "no"],
    ]  # fmt: skip
    assert ws.cell(2, 8).data_type == "s"  # text, never a formula
