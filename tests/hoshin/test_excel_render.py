"""The sample workbook as a person sees it: LibreOffice opens it and prints it to PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

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
