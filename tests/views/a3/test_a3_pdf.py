"""The A3 page as printed: one A3 landscape page, two columns, the target's bowling row,
nothing smaller than 9 pt, and long text cut with "…" and said so (read back with poppler)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from app.cli import main
from hoshin.operations import AddA3Row, LinkA3, NewA3, SetA3Section
from hoshin.operations.target_values import SetTargetValue, SetTracking
from hoshin.plan import Plan
from hoshin.reads.a3 import read_a3
from views.a3.pdf import write_a3

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="poppler-utils (pdftotext) is not installed: the PDF cannot be read",
)


def _run(*args: str) -> str:
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return out.replace("\ufb01", "fi").replace("\ufb02", "fl")  # the font's ligatures


def _write(plan: Plan, out: Path) -> list[str]:
    with plan.session() as s:
        doc = read_a3(s, plan.graph, "KPI-3", 2026)
    return write_a3(doc, out, dt.date(2026, 6, 15))


@pytest.fixture
def plan(demo_plan: Plan) -> Plan:
    demo_plan.execute(NewA3("KPI-3", title="Detractors in customer service"))
    demo_plan.execute(SetA3Section("KPI-3", "background", "NPS fell from 38 to 31."))
    demo_plan.execute(SetA3Section("KPI-3", "goal", "NPS 45 by June"))
    demo_plan.execute(AddA3Row("KPI-3", "why", "Customers wait on Monday mornings"))
    demo_plan.execute(AddA3Row("KPI-3", "cause", "Rota from weekly averages", category="method"))
    demo_plan.execute(
        AddA3Row("KPI-3", "step", "Hourly rota", owner="Kenji Watanabe", due="2026-07-01")
    )
    demo_plan.execute(LinkA3("KPI-3", kaizen="KZ-114"))
    return demo_plan


def test_the_a3_is_one_a3_landscape_page_with_its_figures(
    plan: Plan, tmp_path: Path, qapp: object
) -> None:
    out = tmp_path / "a3.pdf"
    assert _write(plan, out) == []
    info = _run("pdfinfo", str(out))
    assert re.search(r"Pages:\s+1\n", info)
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size is not None and (round(float(size[1])), round(float(size[2]))) == (1191, 842)
    text = _run("pdftotext", "-layout", str(out), "-")
    for words in (
        "A3 — Detractors in customer service",
        "Problem-solving A3 on KPI-3 Net promoter score (CO)",
        "NPS fell from 38 to 31.",
        "Why 1? Customers wait on Monday mornings",
        "Method: Rota from weekly averages",
        "1. Hourly rota — Kenji Watanabe, 2026-07-01",
        "KZ-114",
    ):
        assert words in text, words
    # The bowling row: plan and actual per month, the red January marked.
    assert re.search(r"Plan\s+39\s+40\s+41\s+42\s+43\s+44", text)
    assert re.search(r"Actual\s+✖ 35\.30\s+✖ 36\.45\s+≈ 39\.86\s+✔ 43\.75", text)
    # Two columns: Background on the left, Countermeasures on the right of the same band.
    line = next(ln for ln in text.splitlines() if "Background" in ln)
    assert line.index("Background") < line.index("Countermeasures")


def test_a_month_made_of_daily_values_is_marked_and_the_caption_says_so(
    plan: Plan, tmp_path: Path, qapp: object
) -> None:
    """NPS tracked daily in August: 46 and 50 average to 48, marked † as on the bowling
    chart; the typed months stay unmarked."""
    plan.execute(SetTracking("KPI-3", "daily", "average"))
    plan.execute(SetTargetValue("KPI-3", "2026-08-03", 46))
    plan.execute(SetTargetValue("KPI-3", "2026-08-04", 50))
    out = tmp_path / "a3.pdf"
    _write(plan, out)
    text = _run("pdftotext", "-layout", str(out), "-")
    assert "actual by month; † from daily values" in text
    assert re.search(r"48†", text) and text.count("†") == 2
    assert re.search(r"Actual\s+✖ 35\.30\s+✖ 36\.45", text)


def test_no_text_is_smaller_than_9_pt(plan: Plan, tmp_path: Path, qapp: object) -> None:
    out = tmp_path / "a3.pdf"
    _write(plan, out)
    boxes = re.findall(
        r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', _run("pdftotext", "-bbox", str(out), "-")
    )
    # A word's box is 1.152 em for DejaVu Sans as Qt embeds it.
    sizes = [(float(y_max) - float(y_min)) / 1.152 for y_min, y_max in boxes]
    assert sizes and min(sizes) >= 8.9, min(sizes)


def test_long_text_is_cut_with_an_ellipsis_and_the_page_says_so(
    plan: Plan, tmp_path: Path, qapp: object
) -> None:
    words = "Agents spend long stretches on after-call notes while the queue grows. " * 50
    plan.execute(SetA3Section("KPI-3", "analysis", words.strip()))
    out = tmp_path / "a3.pdf"
    assert _write(plan, out) == ["Root-cause analysis"]
    assert re.search(r"Pages:\s+1\n", _run("pdfinfo", str(out)))
    text = _run("pdftotext", str(out), "-")
    assert "…" in text
    assert "Cut to fit the page (…): Root-cause analysis. The whole text: hoshin a3 show" in (
        " ".join(text.split())
    )


def test_the_command_writes_the_a3_page(
    plan: Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str], qapp: object
) -> None:
    location = plan.location
    plan.close()
    out = tmp_path / "kpi-3.pdf"
    assert main(["a3", "pdf", str(location), "KPI-3", "--year", "2026", "-o", str(out)]) == 0
    assert capsys.readouterr().out == f"Wrote {out}: the A3 of KPI-3\n"
    assert "Detractors in customer service" in _run("pdftotext", str(out), "-")
