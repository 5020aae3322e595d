"""The sample workbook as a person sees it: LibreOffice opens it and prints it to PDF.

What a person holding the printout would check: no text too small to read (8 pt), a
header and "Page n of m" on every page, and the heading row of a table (and its key
columns, when it prints in column groups) on every page of that table.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string

from hoshin.excel import export_workbook
from hoshin.plan import Plan
from tests.conftest import AS_OF

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not on PATH; install libreoffice-calc-nogui to render",
)


def test_libreoffice_prints_the_sample_workbook(demo_plan: Plan, tmp_path: Path) -> None:
    assert SOFFICE is not None
    book = tmp_path / "sample.xlsx"
    export_workbook(demo_plan, book, as_of=AS_OF)
    profile = tmp_path / "profile"  # a profile of its own: runs in parallel do not collide
    done = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(book)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    pdf = tmp_path / "sample.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages >= 14  # at least a page per sheet; each X-matrix on exactly one
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not on PATH; the PDF's text is not checked")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for words in (
        "Northwind Instruments",
        "X-matrix · Commercial",
        "Grow recurring service revenue to 40 % of sales",  # a breakthrough, across
        "Improvement priorities",
        "Bowling chart 2026",
        "Qualification checklist for inbound leads",  # KZ-101 in the register
    ):
        assert words in text, words
    # Each X-matrix fits one page: its title is followed by its legend on the same page.
    for page in text.split("\f"):
        if "X-matrix ·" in page:
            assert "Correlation:" in page


def _print(book: Path, out: Path) -> Path:
    assert SOFFICE is not None
    done = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{out / 'profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out), str(book)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    pdf = out / f"{book.stem}.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr
    return pdf


@pytest.fixture(scope="module")
def printed(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sample workbook and its PDF, printed once for the checks below."""
    out = tmp_path_factory.mktemp("printed")
    plan_path = out / "sample.hoshin"
    shutil.copy2(demo_template, plan_path)
    plan = Plan.open(plan_path)
    try:
        book = out / "sample.xlsx"
        export_workbook(plan, book, as_of=AS_OF)
    finally:
        plan.close()
    return book, _print(book, out)


def _page_texts(pdf: Path) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not on PATH; the PDF's text is not checked")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


def _smallest_text(pdf: Path) -> list[tuple[float, str]]:
    """Per page, the smallest printed text size in points and that text."""
    pypdf = pytest.importorskip("pypdf", reason="pypdf (a dev dependency) reads font sizes")
    smallest: list[tuple[float, str]] = []
    for page in pypdf.PdfReader(pdf).pages:
        found: list[tuple[float, str]] = []

        def visit(
            text: str, cm: Any, tm: Any, _font: Any, size: float, found: list[Any] = found
        ) -> None:
            if text.strip():
                # The size as printed: the font size through the text and page matrices.
                scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
                found.append((size * scale, text.strip()))

        page.extract_text(visitor_text=visit)
        smallest.append(min(found) if found else (math.inf, ""))
    return smallest


def test_no_printed_text_is_below_8_points(printed: tuple[Path, Path]) -> None:
    _book, pdf = printed
    sizes = _smallest_text(pdf)
    assert len(sizes) >= 14
    small = [(n, round(pt, 2), text) for n, (pt, text) in enumerate(sizes, 1) if pt < 7.95]
    assert not small, f"pages with text under 8 pt (page, size, text): {small}"


def test_every_page_has_its_header_and_page_number(printed: tuple[Path, Path]) -> None:
    book, pdf = printed
    pages = _page_texts(pdf)
    sheets = load_workbook(book, read_only=True).sheetnames
    for n, page in enumerate(pages, 1):
        assert "Northwind Instruments" in page, f"page {n} has no header"
        assert f"Page {n} of {len(pages)}" in page, f"page {n} has no page number"
        assert _sheet_of(page, sheets) is not None, f"page {n} names no sheet in its footer"


def _sheet_of(page: str, sheets: list[str]) -> str | None:
    """The sheet a page belongs to: the footer's left part names it."""
    footer = next(line for line in reversed(page.splitlines()) if "Page " in line)
    name = footer.split("Page ")[0].strip()
    return name if name in sheets else None


def test_every_page_of_a_table_repeats_its_heading_row(printed: tuple[Path, Path]) -> None:
    book, pdf = printed
    wb = load_workbook(book)
    sheets = wb.sheetnames
    by_sheet: dict[str, list[str]] = defaultdict(list)
    for page in _page_texts(pdf):
        sheet = _sheet_of(page, sheets)
        assert sheet is not None
        by_sheet[sheet].append(page)
    tables = [ws for ws in wb.worksheets if ws.print_title_rows]
    assert {ws.title for ws in tables} >= {"Bowling", "Kaizens", "Sustainment", "Objectives"}
    for ws in tables:
        row = int(ws.print_title_rows.split(":")[0].strip("$"))
        keys = 1
        if ws.print_title_cols:  # printed in column groups: the key columns on every page
            keys = column_index_from_string(ws.print_title_cols.split(":")[1].strip("$"))
        heads = [str(ws.cell(row, c).value) for c in range(1, keys + 1) if ws.cell(row, c).value]
        assert heads, ws.title
        for n, page in enumerate(by_sheet[ws.title], 1):
            words = set(page.split())
            for head in heads:  # word by word: a heading may wrap in its cell
                assert set(head.split()) <= words, f"{ws.title}, page {n}: no heading {head!r}"
    # The wide tables print in column groups, their key columns on every page.
    assert wb["Kaizens"].print_title_cols == "$A:$B"
    assert len(by_sheet["Kaizens"]) > 1 and all("KZ-101" in p for p in by_sheet["Kaizens"][:2])
