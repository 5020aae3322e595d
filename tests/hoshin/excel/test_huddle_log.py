"""The Huddle log sheet: every problem with its path up the tiers; import leaves it aside."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from hoshin.excel import names
from hoshin.excel.read.importer import import_workbook
from hoshin.excel.write.export import export_workbook
from hoshin.plan import Plan
from hoshin.reads.problems import problem_list, problem_path

AS_OF = dt.date(2026, 6, 15)


def test_the_log_shows_each_problem_with_its_tiers_and_import_leaves_it_aside(
    demo_plan: Plan, tmp_path: Path
) -> None:
    out = tmp_path / "plan.xlsx"
    export_workbook(demo_plan, out, as_of=AS_OF)
    sheet = load_workbook(out, read_only=True)[names.HUDDLE_LOG]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(h for h, _w in names.HUDDLE_LOG_COLUMNS)
    by_title = {r[4]: r for r in rows[1:]}
    torque = by_title["Torque wrench out of calibration"]
    with demo_plan.session() as s:
        assert len(rows) - 1 == len(problem_list(s))
        path = problem_path(s, torque[0])
    # The sheet says what the problem card says: T-AS → PLT → OPS, 2 escalations, solved.
    assert torque[2:4] == ("T-AS", "Aisha Bello")
    assert torque[7:12] == ("solved", "OPS", 3, "T-AS → PLT → OPS", 2)
    now = dt.datetime.combine(AS_OF, dt.time(23, 59))
    assert torque[12] == " · ".join(f"{t.unit} {t.days(now):g}" for t in path.stays)
    kitting = by_title["Kitting cart short of sensor housings"]
    assert (
        kitting[10:12] == ("T-AS", 0) and kitting[16] == "KZ-114"
    )  # Kanban loop for sensor housings

    from hoshin.reads.checkup import check_report

    daily = check_report(demo_plan, as_of=AS_OF)["health"]["daily_management"]["plan"]
    rows = load_workbook(out, read_only=True)[names.HEALTH].iter_rows(values_only=True)
    health = {r[0]: r[1] for r in rows if len(r) > 1 and r[0]}
    assert health["Problems open past due"] == daily["open_past_due"]
    assert health["Solved at tier 1"] == daily["share_solved_at_tier_1"]

    report = import_workbook(out, tmp_path / "back.hoshin")
    assert not [p for p in report.problems if names.HUDDLE_LOG in p]
    with Plan.open(tmp_path / "back.hoshin") as back, back.session() as s:
        assert problem_list(s) == []  # shown only: the problems are not read back
