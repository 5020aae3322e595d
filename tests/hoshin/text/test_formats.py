"""One spelling for figures and months (hoshin.text.formats)."""

from __future__ import annotations

from hoshin.text import formats


def test_a_figure_reads_as_a_person_writes_it() -> None:
    assert [formats.number(v) for v in (22.0, 25.3, -4.0, 1_234_567.0, 0.35)] == [
        "22", "25.3", "-4", "1234567", "0.35",
    ]  # fmt: skip


def test_a_missing_figure_is_an_en_dash_everywhere() -> None:
    assert formats.MISSING == "–"
    assert formats.number(None) == formats.grouped(None, 2) == formats.figure(None) == "–"
    assert formats.short(None) == "–"
    assert formats.number(None, missing="") == ""  # a blank month column
    assert formats.editable(None) == ""  # an input shows nothing to type over


def test_report_figures_group_thousands() -> None:
    assert [formats.figure(v) for v in (1234.0, 0.125, 25.8)] == ["1,234", "0.12", "25.80"]
    assert formats.grouped(1234, 1) == "1,234.0"


def test_a_month_column_takes_a_short_figure() -> None:
    assert [formats.short(v) for v in (12_345.0, 250.0, 12.25, 0.125)] == [
        "12k", "250", "12.2", "0.12",
    ]  # fmt: skip


def test_months_are_named() -> None:
    assert formats.month_label("2026-03") == "March 2026"
    assert formats.short_month_label("2026-03") == "Mar 2026"


def test_a_share_reads_as_a_whole_percentage() -> None:
    assert formats.percent(0.456) == "46%"
    assert formats.percent(0.456, spaced=True) == "46 %"  # the Health tab's tiles
    assert formats.percent(None) == "–"
    assert formats.percent(None, missing="n/a") == "n/a"  # hoshin check's text


def test_a_catchball_figure_has_a_true_minus_and_its_unit() -> None:
    assert formats.signed(-18.0, "%") == "−18 %"
    assert formats.signed(2.5) == "2.5"
    assert formats.signed(None) == ""
