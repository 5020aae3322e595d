"""Counts in words agree with their number."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hoshin.excel.read.report import ImportReport
from hoshin.plan import Plan
from hoshin.reads.checkup import check_report, render_text
from hoshin.text.wording import count, plural
from tests.conftest import AS_OF


@pytest.mark.parametrize(
    ("n", "word", "expected"),
    [
        (1, "red month", "1 red month"),
        (2, "red month", "2 red months"),
        (0, "kaizen", "0 kaizens"),
        (1, "kaizen", "1 kaizen"),
        (1200, "kaizen", "1,200 kaizens"),
        (3, "open action item", "3 open action items"),
        (2, "priority", "2 priorities"),
        (2, "day", "2 days"),
        (2, "person", "2 people"),
        (2, "slipped check", "2 slipped checks"),
    ],
)
def test_a_count_agrees_with_its_number(n: int, word: str, expected: str) -> None:
    assert count(n, word) == expected


def test_an_irregular_plural_can_be_given() -> None:
    assert count(2, "analysis", "analyses") == "2 analyses"
    assert count(1, "analysis", "analyses") == "1 analysis"
    assert plural("box") == "boxes"


def test_the_check_report_counts_in_words(demo_plan: Plan) -> None:
    report = check_report(demo_plan, as_of=AS_OF)
    report["review"]["findings"] = report["review"]["findings"][:1]
    report["health"]["catchball"]["threads"] = 1
    text = render_text(report)
    assert "Review: 1 finding\n" in text
    assert "open of 1 thread;" in text
    assert "(s)" not in text
    assert not re.search(r"\b1 (?:[a-z-]+ )?(kaizens|checks|items|threads|targets)\b", text)


def test_an_import_report_counts_its_problems_in_words() -> None:
    report = ImportReport(Path("plan.hoshin"), "Hoshin workbook", "Acme")
    report.problems.append("Objectives!B4: 'x' is not a code")
    assert report.lines()[1] == "1 thing could not be read:"
