"""The workbook's "LSW adherence" sheet: person × week, done ÷ due; an import passes over it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from hoshin.excel import export_workbook, import_workbook
from hoshin.excel.names import LSW_ADHERENCE
from hoshin.operations import AddRoutine, AnswerOccurrence
from hoshin.plan import Plan
from tests.hoshin.routines import clear_routines

TUESDAYS = [dt.date(2026, 4, 21) + dt.timedelta(weeks=i) for i in range(8)]


def test_the_sheet_shows_each_week_and_the_window_and_import_ignores_it(
    demo_plan: Plan, tmp_path: Path
) -> None:
    clear_routines(demo_plan)
    demo_plan.clock = lambda: dt.datetime(2026, 6, 15, 9, 0)
    walk = demo_plan.execute(
        AddRoutine("Gareth Evans", "T-AS", "Gemba walk", "weekly", weekday=1, start=TUESDAYS[0])
    ).result
    for day in TUESDAYS[:6]:
        demo_plan.execute(AnswerOccurrence(walk, "done", day))
    demo_plan.execute(AnswerOccurrence(walk, "missed", TUESDAYS[6]))
    demo_plan.execute(AnswerOccurrence(walk, "skipped", TUESDAYS[7], reason="Plant shutdown"))
    export_workbook(demo_plan, tmp_path / "p.xlsx", as_of=dt.date(2026, 6, 15))
    ws = openpyxl.load_workbook(tmp_path / "p.xlsx")[LSW_ADHERENCE]
    rows = list(ws.iter_rows(values_only=True))
    head = rows[0]
    assert head[:3] == ("Person", "Key", "Unit") and head[-3:] == ("Done", "Due", "Adherence")
    assert head[3] == "Week of 2026-03-30" and head[-4] == "Week of 2026-06-15"
    [gareth] = [r for r in rows[1:] if r[0] == "Gareth Evans"]
    weeks = dict(zip(head[3:-3], gareth[3:-3], strict=True))
    assert weeks["Week of 2026-04-20"] == 1  # done
    assert weeks["Week of 2026-06-01"] == 0  # missed
    assert weeks["Week of 2026-06-08"] is None  # skipped with a reason: nothing due
    assert weeks["Week of 2026-03-30"] is None  # before the walk started
    assert gareth[2] == "PLT" and gareth[-3:] == (6, 7, 6 / 7)
    report = import_workbook(tmp_path / "p.xlsx", tmp_path / "again.hoshin")
    assert not [p for p in report.problems if LSW_ADHERENCE in p]
