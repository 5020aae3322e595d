"""The year-end reflection report as printed (issue 19): per unit, what was achieved, what
was not and why, and the decisions; read back with pypdf."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli import main
from hoshin.cli.main import main as core_main
from hoshin.operations.years import CommentReflection, Reflect
from hoshin.plan import Plan


def _reflect(path: Path) -> None:
    with Plan.open(path) as plan:
        plan.execute(
            Reflect(
                "KPI-9",
                result="missed",
                decision="modify",
                new_goal=25,
                hindered="Two carriers went bankrupt",
                lesson="Qualify a second carrier early",
            )
        )
        plan.execute(Reflect("KPI-1", result="achieved", decision="carry", lesson="Keep it"))
        plan.execute(CommentReflection("KPI-9", "Agreed: qualify two", author="Helen Ward"))


def _text(path: Path) -> str:
    """The words of every page, ligatures (the "fl" of "reflection") spelled out."""
    pages = (page.extract_text() or "" for page in PdfReader(path).pages)
    return unicodedata.normalize("NFKC", " ".join(" ".join(p.split()) for p in pages))


def test_the_report_names_the_unit_its_results_decisions_and_lessons(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], qapp: object
) -> None:
    _reflect(demo_path)
    out = tmp_path / "reflection.pdf"
    assert main(["reflect", "report", str(demo_path), "--unit", "OPS", "-o", str(out)]) == 0
    assert "Wrote" in capsys.readouterr().out
    text = _text(out)
    assert "Year-end reflection 2026" in text and "Operations (OPS)" in text
    assert "KPI-9" in text and "modify" in text and "goal 25" in text
    assert "Two carriers went bankrupt" in text and "Qualify a second carrier early" in text
    # The unit above's comment on the reflection, with its author.
    assert "Comments" in text and "Helen Ward" in text and "Agreed: qualify two" in text
    # Only the unit asked for and those under it: the company's lesson is not in it.
    assert "Northwind Instruments (CO)" not in text and "Keep it" not in text


def test_the_whole_plan_has_a_page_per_unit(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], qapp: object
) -> None:
    _reflect(demo_path)
    out = tmp_path / "reflection.pdf"
    assert main(["reflect", "report", str(demo_path), "-o", str(out)]) == 0
    text = _text(out)
    assert "Northwind Instruments (CO)" in text and "Operations (OPS)" in text
    assert "Keep it" in text and "carry" in text


def test_without_the_desktop_or_a_pdf_name_it_says_so_in_one_line(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "reflection.pdf"
    assert core_main(["reflect", "report", str(demo_path), "-o", str(out)]) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "needs the desktop app" in err and not out.exists()
    assert main(["reflect", "report", str(demo_path), "-o", str(tmp_path / "r.txt")]) != 0
    assert capsys.readouterr().err.count("\n") == 1
    assert main(["reflect", "report", str(demo_path), "--unit", "NOPE", "-o", str(out)]) != 0
    assert "no unit 'NOPE'" in capsys.readouterr().err and not out.exists()
