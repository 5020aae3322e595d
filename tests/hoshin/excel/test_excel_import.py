"""Reading workbooks back: the round trip, a person's own X-matrix, and every bad input."""

from __future__ import annotations

import argparse
import io
import re
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment

from hoshin.cli import excel_cmds
from hoshin.cli.main import Parser
from hoshin.excel import (
    DamagedWorkbookError,
    EncryptedWorkbookError,
    ImportFailed,
    NotAWorkbookError,
    UnknownLayoutError,
    WorkbookError,
    export_workbook,
    import_workbook,
)
from hoshin.excel.names import LSW_ADHERENCE
from hoshin.excel.write.cells import height_for
from hoshin.model.errors import HoshinError
from hoshin.model.kinds import EdgeKind, NodeKind, OwnerRole, Strength
from hoshin.operations import AddA3Row, AddCheck, AddNode, Link, LinkA3, NewA3, SetA3Section
from hoshin.operations.countermeasures import AddCountermeasure, SetCountermeasureDone
from hoshin.operations.org import UpdatePerson
from hoshin.plan import Plan
from tests.conftest import AS_OF
from tests.hoshin.excel.test_excel_export import DANGEROUS, add_catchball


def values(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    book = load_workbook(path, read_only=True)
    try:
        return {name: list(book[name].values) for name in book.sheetnames}
    finally:
        book.close()


def _daily_row(row: tuple[Any, ...]) -> bool:
    """A Health sheet row of daily management (problems at the huddles)."""
    return bool(row) and str(row[0]).startswith(("Problems ", "Solved at tier 1"))


def cli(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    """``hoshin export|import`` through a parser of our own, failing as the real main does."""
    parser = Parser(prog="hoshin")
    excel_cmds.register(parser.add_subparsers(dest="command", parser_class=Parser))
    args = parser.parse_args([str(a) for a in argv])
    try:
        code = int(args.run(args))
    except HoshinError as exc:
        print(f"hoshin: error: {exc}", file=__import__("sys").stderr)
        code = 1
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def full_plan(demo_plan: Plan) -> Plan:
    """The sample with catchball, a rationale and titles that look like formulas."""
    add_catchball(demo_plan)
    for title in DANGEROUS:
        demo_plan.execute(AddNode(NodeKind.KAIZEN, "T-SN", title, {"origin": "joint"}))
    # A link no X-matrix shows (it crosses units): it stands on the Objectives sheet.
    demo_plan.execute(Link("AO-6", "BT-1", strength="weak"))
    # KPI-3 is red in May, the month the Review sheet shows; one older answer is done.
    cm = demo_plan.execute(AddCountermeasure("KPI-3", "2026-05", "=Call every detractor", "P-2",
                                             "2026-06-30")).result  # fmt: skip
    done = demo_plan.execute(AddCountermeasure("KPI-1", "2026-01", "Re-train the callers")).result
    demo_plan.execute(SetCountermeasureDone(done))
    # A check with its owner and note (the Sustainment sheet's Owner columns).
    demo_plan.execute(AddCheck("KZ-101", "2026-09-01", owner="P-2", note="press 3"))
    # An A3 on KPI-3, every part of it filled, its words looking like formulas.
    demo_plan.execute(NewA3("KPI-3", title="=Detractors on Mondays"))
    demo_plan.execute(SetA3Section("KPI-3", "background", "+NPS fell\nfrom 38 to 31"))
    demo_plan.execute(AddA3Row("KPI-3", "why", "@Calls wait"))
    demo_plan.execute(AddA3Row("KPI-3", "cause", "-Rota", category="method"))
    demo_plan.execute(AddA3Row("KPI-3", "step", "Hourly rota", owner="P-2", due="2026-07-01"))
    demo_plan.execute(LinkA3("KPI-3", countermeasure=cm))
    demo_plan.execute(LinkA3("KPI-3", kaizen="KZ-114"))
    demo_plan.execute(NewA3("BT-1"))
    # Two people whom reminders reach (the Organisation sheet's E-mail column).
    demo_plan.execute(UpdatePerson("P-1", email="helen.ward@northwind.example"))
    demo_plan.execute(UpdatePerson("P-3", email="maria.lopez@northwind.example"))
    return demo_plan


def test_round_trip_keeps_every_cell_of_every_sheet(full_plan: Plan, tmp_path: Path) -> None:
    first = tmp_path / "first.xlsx"
    export_workbook(full_plan, first, as_of=AS_OF)
    report = import_workbook(first, tmp_path / "again.hoshin")
    assert report.problems == []
    assert report.counts["kaizens"] == 45 and report.counts["catchball threads"] == 2
    with Plan.open(tmp_path / "again.hoshin") as again:
        second = tmp_path / "second.xlsx"
        export_workbook(again, second, as_of=AS_OF)
        assert again.name == "Northwind Instruments"
    a, b = values(first), values(second)
    assert list(a) == list(b)
    # Leader Standard Work is a report: the routines behind it are not in the workbook, so
    # the plan read back has none (the import passes over the sheet).
    assert len(a.pop(LSW_ADHERENCE)) > 1 and len(b.pop(LSW_ADHERENCE)) == 1  # headings only
    # The huddles' problems are shown, not read back (the Huddle log sheet says so): their
    # sheet and their figures on the Health sheet are all that differs.
    for book in (a, b):
        del book["Huddle log"]
        book["Health"] = [r for r in book["Health"] if not _daily_row(r)]
    for sheet in a:
        assert len(a[sheet]) == len(b[sheet]), sheet
        for n, (row_a, row_b) in enumerate(zip(a[sheet], b[sheet], strict=True), start=1):
            assert row_a == row_b, f"{sheet} row {n}"


def test_round_trip_restores_what_the_sheets_do_not_spell_out(
    full_plan: Plan, tmp_path: Path
) -> None:
    export_workbook(full_plan, tmp_path / "p.xlsx", as_of=AS_OF)
    import_workbook(tmp_path / "p.xlsx", tmp_path / "again.hoshin")
    with Plan.open(tmp_path / "again.hoshin") as again, again.session() as session:
        from sqlalchemy import select

        from hoshin.model.entities import CatchballThread, Node

        threads = CatchballThread
        thread = session.execute(select(threads).where(threads.id == 1)).scalar_one()
        assert (thread.state, thread.agreed_value, thread.waiting) == ("locked", 22.0, None)
        other = session.execute(select(threads).where(threads.id == 2)).scalar_one()
        # Operations asked the company a question: the company's inbox still shows it.
        assert other.waiting == "upper"
        committed = session.execute(select(Node.committed_goal).where(Node.code == "KPI-8"))
        assert committed.scalar() == 22.0
        graph = again.graph
        edge = graph.edge_between(graph.id_of("AO-1"), graph.id_of("BT-3"))
        assert edge is not None and edge.strength is Strength.STRONG
        assert graph.deployed_to(graph.id_of("IP-1")) == [graph.id_of("BT-4")]
        across = graph.edge_between(graph.id_of("AO-6"), graph.id_of("BT-1"))
        assert across is not None and across.strength is Strength.WEAK
        from hoshin.model.entities import Countermeasure

        kept = session.execute(
            select(Countermeasure.month, Countermeasure.what, Countermeasure.done).order_by(
                Countermeasure.id
            )
        ).all()
        assert sorted(tuple(r) for r in kept) == [
            ("2026-01", "Re-train the callers", True),
            ("2026-05", "=Call every detractor", False),
        ]
        from hoshin.model.entities import Person, SustainmentCheck

        c = SustainmentCheck
        owned = session.execute(
            select(Person.key, c.note).join(Person, Person.id == c.owner_id)
        ).all()
        assert [tuple(r) for r in owned] == [("P-2", "press 3")]


def emails(path: Path) -> dict[str, str]:
    """Every person's e-mail address in the plan at ``path``, by key."""
    from sqlalchemy import select

    from hoshin.model.entities import Person

    with Plan.open(path) as plan, plan.session() as session:
        rows = session.execute(select(Person.key, Person.email).where(Person.email.isnot(None)))
        return {key: email for key, email in rows}


def test_round_trip_keeps_every_persons_email(full_plan: Plan, tmp_path: Path) -> None:
    export_workbook(full_plan, tmp_path / "p.xlsx", as_of=AS_OF)
    ws = load_workbook(tmp_path / "p.xlsx")["Organisation"]
    # The people's table: Key in G, E-mail in J; Helen Ward is its first row, Maria Lopez
    # its third; the functions moved one column on, to L.
    assert [ws.cell(1, c).value for c in (7, 10, 11, 12)] == ["Key", "E-mail", None, "Functions"]
    assert (ws["G2"].value, ws["J2"].value) == ("P-1", "helen.ward@northwind.example")
    assert (ws["G4"].value, ws["J4"].value) == ("P-3", "maria.lopez@northwind.example")
    assert ws["J3"].value is None  # David Kim has no address
    import_workbook(tmp_path / "p.xlsx", tmp_path / "again.hoshin")
    assert emails(tmp_path / "again.hoshin") == {
        "P-1": "helen.ward@northwind.example",
        "P-3": "maria.lopez@northwind.example",
    }


def test_a_long_address_wraps_in_a_row_two_lines_high(full_plan: Plan, tmp_path: Path) -> None:
    """A corporate address longer than its column (24 wide, 29 characters a line) wraps
    onto a second line of a taller row, printed whole, not cut at the next column."""
    address = "helen.ward@northwind-instruments.example"  # 40 characters: two lines
    full_plan.execute(UpdatePerson("P-1", email=address))
    export_workbook(full_plan, tmp_path / "p.xlsx", as_of=AS_OF)
    ws = load_workbook(tmp_path / "p.xlsx")["Organisation"]
    assert ws["J2"].value == address and ws["J2"].alignment.wrap_text
    assert ws.row_dimensions[2].height == height_for(2)
    assert ws.row_dimensions[3].height is None  # a short one: the application's own height


def test_a_workbook_without_the_email_column_still_imports(full_plan: Plan, tmp_path: Path) -> None:
    """A workbook of an older Hoshin: no E-mail column, the functions in column K."""
    export_workbook(full_plan, tmp_path / "p.xlsx", as_of=AS_OF)
    wb = load_workbook(tmp_path / "p.xlsx")
    wb["Organisation"].delete_cols(10)
    assert wb["Organisation"]["K1"].value == "Functions"
    wb.save(tmp_path / "old.xlsx")
    report = import_workbook(tmp_path / "old.xlsx", tmp_path / "old.hoshin")
    assert report.problems == [] and report.counts["people"] == 34
    assert emails(tmp_path / "old.hoshin") == {}
    with Plan.open(tmp_path / "old.hoshin") as plan, plan.session() as session:
        from sqlalchemy import select

        from hoshin.model.entities import Function

        functions = session.execute(select(Function.name).order_by(Function.position))
        assert functions.scalars().all()[:2] == ["Sales", "Marketing"]


def test_a_bad_email_address_refuses_the_import_naming_its_cell(
    full_plan: Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export_workbook(full_plan, tmp_path / "p.xlsx", as_of=AS_OF)
    wb = load_workbook(tmp_path / "p.xlsx")
    wb["Organisation"]["J3"] = "david.kim at northwind"  # David Kim's row
    wb.save(tmp_path / "bad.xlsx")
    out = tmp_path / "bad.hoshin"
    said = "Organisation!J3: david.kim at northwind is not an e-mail address"
    with pytest.raises(ImportFailed, match=said):
        import_workbook(tmp_path / "bad.xlsx", out)
    assert not out.exists()
    code, stdout, stderr = cli(capsys, "import", tmp_path / "bad.xlsx", "-o", out)
    assert (code, stdout) == (1, "")
    assert stderr == f"hoshin: error: {said} (like name@example.com).\n"
    assert not out.exists()


def write_user_matrix(path: Path, **extra: Callable[[Any], None]) -> None:
    """A person's X-matrix as DESIGN §3 lays it out, with a few things Hoshin cannot read."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Matrix"
    ws["A1"] = "Acme X-matrix 2026"
    # North (priorities), outermost first: IP-2 above the one next to the centre.
    ws["D3"], ws["E3"] = "IP-2", "Second priority"
    ws["E4"] = "Cut setup time"
    # West (annual) and East (targets), rotated, in the centre rows 5-9.
    for cell, text in (("C5", "AO-1 Grow sales 10 %"), ("B5", "Enter Asia"),
                       ("G5", "KPI-1 Revenue"), ("H5", "On-time delivery")):  # fmt: skip
        ws[cell] = text
        ws[cell].alignment = Alignment(textRotation=90)
    ws.merge_cells("C5:C9")
    ws["E7"] = "Acme"
    ws["J5"], ws["K5"] = "Ann Lee", "Bob Stone"  # owners, right of an empty column
    # South (breakthroughs).
    ws["D10"], ws["E10"] = "BT-1", "Double revenue by 2030"
    ws["E11"] = "Best place to work"
    # Corners: symbols, words, an X, and one cell that is not a strength.
    for cell, mark in (("C4", "●"), ("B3", "strong"), ("G4", "◎"), ("H3", "maybe"),
                       ("C10", "X"), ("B11", "weak"), ("G10", "Medium"),
                       ("J4", "●"), ("K3", "○"), ("J10", "●")):  # fmt: skip
        ws[cell] = mark
    for name, change in extra.items():
        change(wb if name == "book" else ws)
    wb.save(path)


def test_a_persons_own_xmatrix_becomes_a_one_unit_plan(tmp_path: Path) -> None:
    source = tmp_path / "mine.xlsx"

    def notes(wb: Any) -> None:
        wb.create_sheet("Notes")["A1"] = "remember the budget"

    write_user_matrix(source, book=notes)
    report = import_workbook(source, tmp_path / "mine.hoshin")
    assert report.source == "X-matrix sheet"
    assert report.problems == [
        "Matrix!H3: 'maybe' is not a strength",
        "Matrix!A1: 'Acme X-matrix 2026' is outside the X-matrix and was not read",
        "Notes: only the first X-matrix is read; this sheet was not",
    ]
    with Plan.open(tmp_path / "mine.hoshin") as plan:
        assert plan.name == "Acme"
        g = plan.graph
        codes = {n.code: n.kind for n in g.nodes()}
        assert codes == {
            "BT-1": NodeKind.BREAKTHROUGH, "BT-2": NodeKind.BREAKTHROUGH,
            "AO-1": NodeKind.ANNUAL, "AO-2": NodeKind.ANNUAL,
            "IP-1": NodeKind.PRIORITY, "IP-2": NodeKind.PRIORITY,
            "KPI-1": NodeKind.TARGET, "KPI-2": NodeKind.TARGET,
        }  # fmt: skip

        def link(source: str, target: str) -> tuple[EdgeKind, Strength | None] | None:
            edge = g.edge_between(g.id_of(source), g.id_of(target))
            return None if edge is None else (edge.kind, edge.strength)

        assert link("IP-1", "AO-1") == (EdgeKind.SUPPORTS, Strength.STRONG)  # C4 ●
        assert link("IP-2", "AO-2") == (EdgeKind.SUPPORTS, Strength.STRONG)  # B3 strong
        assert link("KPI-1", "IP-1") == (EdgeKind.MEASURES, Strength.STRONG)  # G4 ◎
        assert link("KPI-2", "IP-2") is None  # H3 maybe
        assert link("AO-1", "BT-1") == (EdgeKind.SUPPORTS, None)  # C10 X: linked
        assert link("AO-2", "BT-2") == (EdgeKind.SUPPORTS, Strength.WEAK)
        assert link("KPI-1", "BT-1") == (EdgeKind.MEASURES, Strength.MEDIUM)
        from hoshin.reads.xmatrix.reader import build_xmatrix

        xm = build_xmatrix(plan, 1)
        assert [o.name for o in xm.owners] == ["Ann Lee", "Bob Stone"]
        assert xm.owner_cells == {
            ("IP-1", "P-1"): OwnerRole.PRIMARY,
            ("IP-2", "P-2"): OwnerRole.SECONDARY,
            ("KPI-1", "P-1"): OwnerRole.PRIMARY,  # South row 1 is the first target's owner row
        }


def test_an_exported_xmatrix_sheet_alone_reads_as_a_persons_sheet(
    demo_plan: Plan, tmp_path: Path
) -> None:
    export_workbook(demo_plan, tmp_path / "p.xlsx", as_of=AS_OF)
    wb = load_workbook(tmp_path / "p.xlsx")
    for name in wb.sheetnames:
        if name != "X-matrix COM":
            del wb[name]
    wb.save(tmp_path / "com.xlsx")
    report = import_workbook(tmp_path / "com.xlsx", tmp_path / "com.hoshin")
    with Plan.open(tmp_path / "com.hoshin") as plan:
        assert plan.name == "Commercial"
        assert {n.code for n in plan.graph.nodes()} == {
            "BT-4", "BT-5", "AO-6", "IP-7", "IP-8", "KPI-8"
        }  # fmt: skip
    assert any("deployed from IP-1" in p for p in report.problems)


def bad_inputs(tmp_path: Path, sample: Path) -> dict[str, tuple[Path, type[Exception], str]]:
    text = tmp_path / "notes.xlsx"
    text.write_text("just some notes, not a workbook")
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(sample.read_bytes()[: sample.stat().st_size // 2])
    plain_zip = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(plain_zip, "w") as z:
        z.writestr("readme.txt", "hello")
    encrypted = tmp_path / "locked.xlsx"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    encrypted.write_bytes(ole + "EncryptionInfo".encode("utf-16-le") + bytes(64)
                          + "EncryptedPackage".encode("utf-16-le") + bytes(4096))  # fmt: skip
    old_xls = tmp_path / "old.xlsx"
    old_xls.write_bytes(ole + "Workbook".encode("utf-16-le") + bytes(4096))
    table = tmp_path / "table.xlsx"
    wb = Workbook()
    for row in (["Name", "Amount"], ["rent", 1200], ["food", 300]):
        wb.active.append(row)
    wb.save(table)
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(sample) as src, zipfile.ZipFile(damaged, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 3] + b"<<<garbage"
            dst.writestr(item, data)
    return {
        "text": (text, NotAWorkbookError, "is not an Excel workbook"),
        "truncated": (truncated, DamagedWorkbookError, "damaged"),
        "zip": (plain_zip, NotAWorkbookError, "not an Excel workbook"),
        "encrypted": (encrypted, EncryptedWorkbookError, "protected by a password"),
        "xls": (old_xls, NotAWorkbookError, "old-style .xls"),
        "layout": (table, UnknownLayoutError, "neither a workbook Hoshin exported"),
        "damaged": (damaged, DamagedWorkbookError, "damaged"),
        "missing": (tmp_path / "nowhere.xlsx", WorkbookError, "No file"),
    }


@pytest.mark.parametrize(
    "case", ["text", "truncated", "zip", "encrypted", "xls", "layout", "damaged", "missing"]
)
def test_bad_input_gets_a_clear_error_and_leaves_no_plan(
    case: str, demo_plan: Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = tmp_path / "sample.xlsx"
    export_workbook(demo_plan, sample, as_of=AS_OF)
    path, error, words = bad_inputs(tmp_path, sample)[case]
    out = tmp_path / "new.hoshin"
    with pytest.raises(error, match=words):
        import_workbook(path, out)
    assert not out.exists() and not Path(f"{out}-wal").exists()
    code, stdout, stderr = cli(capsys, "import", path, "-o", out)
    assert code == 1 and stdout == ""
    assert stderr.startswith("hoshin: error: ") and stderr.count("\n") == 1
    assert not out.exists()


def test_a_million_empty_rows_are_not_read_one_by_one(tmp_path: Path) -> None:
    source = tmp_path / "big.xlsx"
    write_user_matrix(source)
    patched = tmp_path / "huge.xlsx"
    rows = "".join(f'<row r="{n}"/>' for n in range(20, 1_000_001))
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                text = re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:XFD1048576"', text)
                text = text.replace("</sheetData>", rows + "</sheetData>")
                data = text.encode()
            dst.writestr(item.filename, data)
    started = time.perf_counter()
    report = import_workbook(patched, tmp_path / "huge.hoshin")
    assert time.perf_counter() - started < 30
    assert report.counts["objectives and targets"] == 8


def test_a_broken_reference_names_its_cell_and_leaves_no_plan(
    demo_plan: Plan, tmp_path: Path
) -> None:
    export_workbook(demo_plan, tmp_path / "p.xlsx", as_of=AS_OF)
    wb = load_workbook(tmp_path / "p.xlsx")
    wb["Kaizens"]["C5"] = "NOPE"  # the team of the fourth kaizen
    wb.save(tmp_path / "edited.xlsx")
    out = tmp_path / "edited.hoshin"
    with pytest.raises(ImportFailed, match=r"Kaizens!B5: No unit NOPE"):
        import_workbook(tmp_path / "edited.xlsx", out)
    assert not out.exists()


def test_import_never_overwrites_a_plan(demo_path: Path, tmp_path: Path) -> None:
    before = demo_path.read_bytes()
    with Plan.open(demo_path) as plan:
        export_workbook(plan, tmp_path / "p.xlsx", as_of=AS_OF)
    with pytest.raises(ImportFailed, match="already exists"):
        import_workbook(tmp_path / "p.xlsx", demo_path)
    assert demo_path.read_bytes() == before


def test_import_reports_progress(demo_plan: Plan, tmp_path: Path) -> None:
    export_workbook(demo_plan, tmp_path / "p.xlsx", as_of=AS_OF)
    seen: list[tuple[int, int, str]] = []
    import_workbook(tmp_path / "p.xlsx", tmp_path / "n.hoshin", progress=lambda *a: seen.append(a))
    assert seen[-1] == (1000, 1000, "Done")
    assert [d for d, _t, _x in seen] == sorted(d for d, _t, _x in seen)


def test_cli_export_then_import(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "p.xlsx"
    code, stdout, _ = cli(capsys, "export", demo_path, "-o", out, "--unit", "com",
                          "--as-of", "2026-06-15")  # fmt: skip
    found = re.match(rf"Wrote {re.escape(str(out))}: (\d+) sheets", stdout)
    assert code == 0 and found
    sheets = load_workbook(out, read_only=True).sheetnames
    assert int(found.group(1)) == len(sheets) and "X-matrix COM" in sheets
    code, stdout, _ = cli(capsys, "import", out, "-o", tmp_path / "com.hoshin")
    assert code == 0 and "Hoshin workbook" in stdout
    with Plan.open(tmp_path / "com.hoshin") as plan:
        assert plan.graph.node(plan.graph.id_of("IP-7")).kind is NodeKind.PRIORITY
    code, _, stderr = cli(capsys, "export", demo_path, "-o", out, "--unit", "NOPE", "--force")
    assert (code, stderr) == (1, "hoshin: error: No unit NOPE in this plan.\n")
    code, _, stderr = cli(capsys, "export", demo_path, "-o", out, "--as-of", "June", "--force")
    assert code == 1 and "YYYY-MM-DD" in stderr


def test_argparse_usage_is_registered() -> None:
    parser = argparse.ArgumentParser()
    excel_cmds.register(parser.add_subparsers(dest="command"))
    buffer = io.StringIO()
    parser.print_help(buffer)
    assert "export" in buffer.getvalue() and "import" in buffer.getvalue()
