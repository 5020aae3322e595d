"""The Excel deployment workbook as a person opens it: sheets, the X-matrix, the bowling
chart, the register, the catchball log, formula safety, and no half file on cancel."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from hoshin.catchball.operations import Lock, Reply, Throw
from hoshin.excel import ExportCancelled, ExportFailed, export_workbook
from hoshin.excel.write import export as export_module
from hoshin.excel.write.cells import lines_for
from hoshin.model.errors import NotFoundError
from hoshin.model.kinds import NodeKind
from hoshin.operations import AddNode, AddPerson, AddUnit, SetRationale, UpdateNode
from hoshin.plan import Plan
from tests.conftest import AS_OF, unit_id

DANGEROUS = ['=HYPERLINK("http://x","y")', "=1+1", "@SUM(A1)", "-2+3", "+1-555"]


def add_catchball(plan: Plan) -> None:
    """Two threads: KPI-1 thrown to COM, countered, agreed and locked; IP-2 asked about."""
    start = dt.datetime(2026, 3, 2, 9, 30)
    steps = iter(range(1000))
    plan.clock = lambda: start + dt.timedelta(hours=5 * next(steps))
    thread = plan.execute(Throw("KPI-1", "COM", "Helen Ward", value=23, text="Reach 23 %?")).result
    plan.execute(Reply(thread, "counter", "Maria Lopez", value=22, text="22 % with this team"))
    plan.execute(Reply(thread, "agree", "Helen Ward"))
    plan.execute(Lock(thread, "Helen Ward"))
    other = plan.execute(Throw("IP-2", "OPS", "David Kim", text="Flow in Leeds first")).result
    plan.execute(Reply(other, "question", "Kenji Watanabe", text="Which lines?"))
    plan.execute(SetRationale("AO-1", "BT-3", "Conversion drives service revenue"))


def export(plan: Plan, path: Path, **kwargs: Any) -> Path:
    export_workbook(plan, path, as_of=AS_OF, **kwargs)
    return path


def find(ws: Worksheet, test: Any) -> list[tuple[int, int]]:
    """(row, column) of every cell whose value passes ``test``."""
    return [
        (cell.row, cell.column)
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None and test(cell.value)
    ]


@pytest.fixture
def workbook(demo_plan: Plan, tmp_path: Path) -> Path:
    add_catchball(demo_plan)
    return export(demo_plan, tmp_path / "plan.xlsx")


def test_the_sheets_a_person_expects_about_first(workbook: Path) -> None:
    names = load_workbook(workbook, read_only=True).sheetnames
    assert names == [
        "About",
        "X-matrix CO",
        "X-matrix COM",
        # A team holds only kaizens; its matrix shows what they serve from above.
        *(f"X-matrix {t}" for t in ("T-SN", "T-SS", "T-DM", "T-SD")),
        "X-matrix OPS",
        *(f"X-matrix {t}" for t in ("T-AS", "T-MC", "T-LG", "T-QL")),
        "X-matrix PD",
        "X-matrix T-SE",
        "X-matrix T-FW",
        "X-matrix CS",
        *(f"X-matrix {t}" for t in ("T-PT", "T-AC", "T-IS")),
        "Deployment",
        "Bowling",
        "Countermeasures",
        "Target values",
        "A3s",
        "Kaizens",
        "Sustainment",
        "Catchball",
        "Huddle log",
        "Health",
        "LSW adherence",
        "Review",
        "Reflection",
        "Minutes",
        "Objectives",
        "Organisation",
    ]


def test_organisation_sheet_prints_one_a3_page_wide_with_its_email_column(
    workbook: Path,
) -> None:
    ws = load_workbook(workbook)["Organisation"]
    assert [ws.cell(1, c).value for c in range(7, 13)] == [
        "Key", "Person", "Person's unit", "E-mail", None, "Functions"
    ]  # fmt: skip
    # 12 columns of 189 characters in all: (189 * 7 + 12 * 5) * 0.75 * 1.35 = 1,400.3 pt.
    # A3 landscape holds 1,133 pt: 81 % keeps its 10-point text above 8 pt (no notes on
    # this sheet), so one page wide; A4 landscape (784 pt, 56 %) would not.
    assert (ws.page_setup.paperSize, ws.page_setup.orientation) == (8, "landscape")
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.scale is None and ws.print_title_rows == "$1:$1"


def test_about_names_the_plan_and_the_day_without_an_export_time(workbook: Path) -> None:
    ws = load_workbook(workbook)["About"]
    values = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, 10)}
    assert values["Plan"] == "Northwind Instruments"
    assert values["As of"] == dt.datetime(2026, 6, 15)
    listed = [c.value for c in ws["A"] if isinstance(c.value, str)]
    assert "X-matrix COM" in listed and "Catchball" in listed


def test_xmatrix_strength_symbol_stands_where_its_row_and_column_cross(workbook: Path) -> None:
    ws = load_workbook(workbook)["X-matrix CO"]
    [(bt3_row, code_col)] = find(ws, lambda v: v == "BT-3")
    [(label_row, ao1_col)] = find(ws, lambda v: str(v).startswith("AO-1 "))
    assert ws.cell(bt3_row, ao1_col).value == "●"  # AO-1 supports BT-3 strongly
    [(_r, ao2_col)] = find(ws, lambda v: str(v).startswith("AO-2 "))
    assert ws.cell(bt3_row, ao2_col).value is None  # AO-2 does not serve BT-3
    # West labels are rotated, the code stands beside the South title.
    assert ws.cell(label_row, ao1_col).alignment.textRotation == 90
    [(_r, kpi1_col)] = find(ws, lambda v: str(v).startswith("KPI-1 "))
    assert ws.cell(label_row, kpi1_col).alignment.textRotation == 90
    assert ws.cell(bt3_row, code_col + 1).value == "Grow recurring service revenue to 40 % of sales"
    assert ws.cell(bt3_row, code_col + 1).alignment.textRotation in (0, None)
    # The rationale of the link is the cell's comment.
    assert ws.cell(bt3_row, ao1_col).comment.text == "Conversion drives service revenue"


def test_xmatrix_owner_block_marks_primary_and_secondary(workbook: Path) -> None:
    ws = load_workbook(workbook)["X-matrix CO"]
    last = ws.max_column
    rows = {ws.cell(r, last).value: r for r in range(1, ws.max_row + 1) if ws.cell(r, last).value}
    [(names_row, helen)] = find(ws, lambda v: str(v).startswith("Helen Ward"))
    [(_r, maria)] = find(ws, lambda v: str(v).startswith("Maria Lopez"))
    assert ws.cell(names_row, helen).alignment.textRotation == 90
    assert ws.cell(rows["IP-1"], helen).value == "●"  # Helen Ward owns IP-1
    assert ws.cell(rows["KPI-1"], maria).value == "○"  # Maria Lopez is KPI-1's second
    # Priority owner rows are level with the North band, target rows with the South band.
    [(ip1_row, _c)] = [p for p in find(ws, lambda v: v == "IP-1") if p[1] != last]
    assert rows["IP-1"] == ip1_row
    [(bt1_row, _c)] = find(ws, lambda v: v == "BT-1")
    assert rows["KPI-1"] == bt1_row


def test_xmatrix_prints_on_one_a3_landscape_page(workbook: Path) -> None:
    ws = load_workbook(workbook)["X-matrix CO"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 8  # A3
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 1)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    # The X: diagonal borders in the centre.
    diagonal = [
        c for row in ws.iter_rows() for c in row if getattr(c.border.diagonal, "style", None)
    ]
    assert len(diagonal) == 8
    assert {(c.border.diagonalUp, c.border.diagonalDown) for c in diagonal} == {
        (True, False),
        (False, True),
    }


def test_bowling_lower_is_better_target_beating_plan_is_green_with_a_tick(
    workbook: Path,
) -> None:
    ws = load_workbook(workbook)["Bowling"]
    [(plan_row, _c)] = find(ws, lambda v: v == "KPI-2")  # lead time in days: lower is better
    assert ws.cell(plan_row, 6).value == "lower is better"
    assert ws.cell(plan_row, 9).value == "plan" and ws.cell(plan_row + 1, 9).value == "actual"
    assert judged(ws, plan_row, lower_is_better=True)["✔"] >= 1
    [(up_row, _c)] = find(ws, lambda v: v == "KPI-1")  # conversion: higher is better
    assert judged(ws, up_row, lower_is_better=False)["✖"] >= 1
    header = ws.cell(4, 10)  # under the title and the two legend lines
    assert header.value == dt.datetime(2026, 1, 1) and header.number_format == "mmm yyyy"


def judged(ws: Worksheet, plan_row: int, *, lower_is_better: bool) -> dict[str, int]:
    """Check each actual's colour and mark against its plan; count the marks."""
    marks = {"✔": 0, "≈": 0, "✖": 0}
    fills = {"✔": "C6EFCE", "≈": "FFEB9C", "✖": "FFC7CE"}
    for col in range(10, 22):
        plan, actual = ws.cell(plan_row, col).value, ws.cell(plan_row + 1, col)
        if actual.value is None:
            continue
        assert isinstance(actual.value, float)  # the mark is in the format, not the value
        gain = (plan - actual.value) if lower_is_better else (actual.value - plan)
        mark = "✔" if gain >= 0 else "≈" if gain >= -abs(plan) * 0.05 else "✖"
        assert actual.number_format.startswith(f'"{mark} "'), (col, plan, actual.value)
        assert actual.fill.fgColor.rgb.endswith(fills[mark])
        marks[mark] += 1
    return marks


def test_register_shows_kz101_line_of_sight_as_columns(workbook: Path) -> None:
    ws = load_workbook(workbook)["Kaizens"]
    head = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "KZ-101")
    got = dict(zip(head, row, strict=True))
    assert got["Priority"] == "IP-7 Lead scoring in every region"
    assert got["Annual objective"] == "AO-1 Raise lead conversion from 18 % to 24 %"
    assert got["Breakthrough"] == "BT-3 Grow recurring service revenue to 40 % of sales"
    assert got["Line of sight"] == "KZ-101 → IP-7 → AO-6 → BT-4 → IP-1 → AO-1 → BT-3"
    assert (got["Team"], got["Origin"], got["Status"]) == ("T-SN", "top-down", "done")
    assert got["Open action items"] == 1 and got["Sustainment debt"] >= 1
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref.startswith("A1:W")
    start = ws.cell(2, head.index("Start") + 1)
    assert isinstance(start.value, dt.datetime) and start.number_format == "yyyy-mm-dd"


def test_register_flags_an_orphan(workbook: Path) -> None:
    ws = load_workbook(workbook, read_only=True)["Kaizens"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["KZ-109"][15] == "none: serves no breakthrough"
    assert rows["KZ-109"][12] is None


def test_catchball_log_has_a_row_per_message(workbook: Path) -> None:
    ws = load_workbook(workbook, read_only=True)["Catchball"]
    head, *rows = list(ws.iter_rows(values_only=True))
    log = [dict(zip(head, r, strict=True)) for r in rows]
    assert [(m["Thread"], m["Kind"], m["From"], m["To"]) for m in log] == [
        (1, "throw", "CO", "COM"),
        (1, "counter", "COM", "CO"),
        (1, "agree", "CO", "COM"),
        (1, "lock", "CO", "COM"),
        (2, "throw", "CO", "OPS"),
        (2, "question", "OPS", "CO"),
    ]
    throw = log[0]
    assert (throw["Node"], throw["Counterpart"], throw["Value"]) == ("KPI-1", "KPI-8", 23)
    assert throw["Time"] == dt.datetime(2026, 3, 2, 9, 30)
    assert (throw["Author"], throw["Author key"]) == ("Helen Ward", "P-1")
    assert [m["State after"] for m in log] == [
        "proposed", "countered", "agreed", "locked", "proposed", "in discussion"
    ]  # fmt: skip
    assert log[1]["Direction"] == "up" and log[1]["Round"] == 1


def test_deployment_names_the_childs_commitment_and_catchball(workbook: Path) -> None:
    ws = load_workbook(workbook)["Deployment"]
    [(row, _c)] = find(ws, lambda v: v == "KPI-1")
    [(head_row, com)] = find(ws, lambda v: str(v).startswith("COM\n"))
    cell = ws.cell(row, com).value
    assert cell.splitlines() == [
        "KPI-8 Lead conversion rate, Commercial",
        "goal 22 %",  # the agreed value became the child's goal
        "catchball: locked (round 1, thread 1)",
        "⚠ gap: 2 % short of 24 %",  # the company's goal is 24 %, higher is better
    ]
    [(ops_row, _c)] = find(ws, lambda v: v == "IP-4")
    ops = next(c for r, c in find(ws, lambda v: str(v).startswith("OPS\n")) if r == head_row)
    assert ws.cell(ops_row, ops).value == "not deployed"


def test_health_summary_from_check_report(workbook: Path) -> None:
    ws = load_workbook(workbook, read_only=True)["Health"]
    rows = {r[0]: r for r in ws.iter_rows(values_only=True) if r and r[0]}
    # In the 90 days to AS_OF the sample starts 11 kaizens (8 bottom-up, 1 joint, 2
    # top-down); its four ideas and one dropped kaizen with start dates are not started.
    assert rows["Demand ratio"][1] == pytest.approx(9 / 11, abs=1e-4)
    assert rows["Orphan kaizens"][1] == 3
    assert rows["Orphan kaizens"][2] is None  # a figure and its explanation in cells apart
    assert rows["Orphan kaizens"][3] == "KZ-109, KZ-119, KZ-139"
    assert rows["Open catchball threads"][1] == 1
    assert "COM · Commercial" in rows and "T-SN · Sales North" not in rows  # the top levels
    # Findings in words, never the check's internal name.
    assert rows["Review findings"][3].startswith("1 × priority supports no annual objective")
    assert rows["Owner of too many items"][1] == "CO"
    assert not any("owner-overloaded" in str(v) for r in rows.values() for v in r)


def test_text_is_never_a_formula(empty_plan: Plan, tmp_path: Path) -> None:
    plan = empty_plan
    plan.execute(AddUnit("=cmd|' /C calc'!A0", "CO", code="U1"))
    plan.execute(AddPerson("@SUM(A1)", "U1"))
    for title in DANGEROUS:
        plan.execute(AddNode(NodeKind.BREAKTHROUGH, "CO", title))
        plan.execute(AddNode(NodeKind.KAIZEN, "U1", title, {"description": "\tsneaky"}))
    plan.execute(UpdateNode("BT-1", {"description": "carriage\x01 return"}))
    path = export(plan, tmp_path / "safe.xlsx")

    wb = load_workbook(path)
    found: dict[str, list[Any]] = {t: [] for t in DANGEROUS}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
                if cell.value in found:
                    found[cell.value].append(cell)
    for title, cells in found.items():
        assert cells, f"{title} is missing"
        for cell in cells:
            assert cell.data_type == "s" and cell.value == title
            assert cell.quotePrefix
    objectives = wb["Objectives"]
    description = [c.value for c in objectives[1]].index("Description") + 1
    assert objectives.cell(2, description).value == "carriage return"  # no \x01 in a workbook
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert not re.search(rb"<f[ >]", archive.read(name)), name


def test_every_formula_start_is_written_as_text(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from hoshin.excel.write import styles
    from hoshin.excel.write.cells import SheetWriter

    wb = Workbook(write_only=True)
    styles.register_styles(wb)
    writer = SheetWriter(wb, "S")
    texts = ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "#N/A", "plain", "=1+1"]
    for text in texts:
        writer.row([text, text], [styles.TEXT, None])
    wb.save(tmp_path / "s.xlsx")
    ws = load_workbook(tmp_path / "s.xlsx")["S"]
    for row, text in enumerate(texts, start=1):
        for cell in ws[row]:
            # (XML reads a carriage return back as a line feed.)
            assert (cell.value, cell.data_type) == (text.replace("\r", "\n"), "s")
            assert cell.quotePrefix == (text[0] in "=+-@\t\r")
    # The pooled cell that took a quote prefix does not pass it on to the next row.
    assert not ws["A8"].quotePrefix


def test_two_exports_on_one_day_hold_the_same_values(demo_plan: Plan, tmp_path: Path) -> None:
    first = export(demo_plan, tmp_path / "one.xlsx")
    second = export(demo_plan, tmp_path / "two.xlsx")
    a, b = load_workbook(first, read_only=True), load_workbook(second, read_only=True)
    assert a.sheetnames == b.sheetnames
    for name in a.sheetnames:
        assert list(a[name].values) == list(b[name].values), name


def test_one_unit_and_the_units_below_it(demo_plan: Plan, tmp_path: Path) -> None:
    com = unit_id(demo_plan, "COM")
    path = export(demo_plan, tmp_path / "com.xlsx", unit_id=com)
    wb = load_workbook(path, read_only=True)
    assert [n for n in wb.sheetnames if n.startswith("X-matrix")] == [
        "X-matrix COM",
        *(f"X-matrix {t}" for t in ("T-SN", "T-SS", "T-DM", "T-SD")),
    ]
    teams = {r[2] for r in wb["Kaizens"].iter_rows(min_row=2, values_only=True)}
    assert teams == {"T-SN", "T-SS", "T-DM", "T-SD"}
    with pytest.raises(NotFoundError):
        export(demo_plan, tmp_path / "none.xlsx", unit_id=9999)
    assert not (tmp_path / "none.xlsx").exists()


def test_cancel_leaves_no_file_and_keeps_an_old_one(demo_plan: Plan, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "plan.xlsx"
    out.write_bytes(b"the old workbook")
    seen: list[tuple[int, int, str]] = []
    asked = iter(range(1000))

    def cancelled() -> bool:
        return next(asked) >= 6  # a few sheets in

    with pytest.raises(ExportCancelled):
        export_workbook(
            demo_plan, out, as_of=AS_OF, progress=lambda *a: seen.append(a), cancelled=cancelled
        )
    assert out.read_bytes() == b"the old workbook"
    assert [p.name for p in folder.iterdir()] == ["plan.xlsx"]  # no temporary file left
    assert seen and all(0 <= done <= total for done, total, _text in seen)


def test_progress_reaches_the_end(demo_plan: Plan, tmp_path: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    export(demo_plan, tmp_path / "p.xlsx", progress=lambda *a: seen.append(a))
    dones = [d for d, _t, _x in seen]
    assert dones == sorted(dones) and seen[-1][0] == seen[-1][1]
    assert any("X-matrix" in text for _d, _t, text in seen)


def test_a_failed_export_leaves_no_file(
    demo_plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_module, "write_health", broken)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(ExportFailed, match="No space left"):
        export(demo_plan, folder / "plan.xlsx")
    assert list(folder.iterdir()) == []
    with pytest.raises(ExportFailed, match="does not exist"):
        export(demo_plan, tmp_path / "missing" / "plan.xlsx")


def test_columns_are_wide_enough_and_rows_fit_wrapped_text(workbook: Path) -> None:
    wb = load_workbook(workbook)
    ws = wb["Kaizens"]
    assert all(ws.column_dimensions[c].width >= 8 for c in "ABCDEFGHIJK")
    for row in ws.iter_rows(min_row=2):
        title = row[1]
        height = ws.row_dimensions[title.row].height or 15
        assert height >= 12.75 * lines_for(title.value, ws.column_dimensions["B"].width)
    # Dates get a column wide enough for yyyy-mm-dd (no ####).
    assert ws.column_dimensions["I"].width >= 11


def test_lines_for_wraps_words() -> None:
    assert lines_for("short", 20) == 1
    assert lines_for("a\nb", 20) == 2
    assert lines_for("word " * 30, 20) > 3


def test_the_review_sheet_puts_red_targets_first(demo_plan: Plan, tmp_path: Path) -> None:
    from hoshin.excel.write.export import export_workbook

    out = tmp_path / "review.xlsx"
    export_workbook(demo_plan, out, as_of=dt.date(2026, 6, 15))
    ws = load_workbook(out)["Review"]
    rows = [[v for v in row if v is not None] for row in ws.iter_rows(values_only=True)]
    assert rows[0] == ["Monthly review — Northwind Instruments (CO) — May 2026"]
    red = next(i for i, r in enumerate(rows) if r and str(r[0]).startswith("Red targets"))
    every = next(i for i, r in enumerate(rows) if r == ["All targets this month"])
    assert red < every


def test_a_teams_sheet_shows_what_it_serves_from_above(workbook: Path, tmp_path: Path) -> None:
    ws = load_workbook(workbook)["X-matrix T-SN"]
    [(row, col)] = find(ws, lambda v: v == "IP-7")
    title = ws.cell(row, col + 1)
    assert title.value == "Lead scoring in every region\n⇣ deployed in from COM"
    assert title.font.i and title.fill.fgColor.rgb.endswith("EDEFF2")
    [(_r, _c)] = find(ws, lambda v: str(v).startswith("KPI-8 ") and "⇣ deployed in from COM" in v)
    # Read back, IP-7 stays Commercial's: the team's sheet does not move it.
    from hoshin.excel.read.importer import import_workbook

    import_workbook(workbook, tmp_path / "back.hoshin")
    with Plan.open(tmp_path / "back.hoshin") as back:
        assert (
            back.graph.node(back.graph.id_of("IP-7")).unit_id
            == back.graph.node(back.graph.id_of("AO-6")).unit_id
        )  # with Commercial's annual objective it supports
