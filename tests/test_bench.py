"""A smoke test of the benchmark: it measures, compares with its baseline and writes JSON.

Figures are never asserted against targets here (speed is measured by ``make bench``).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from bench import __main__ as bench_main
from bench import core, years
from bench.figures import Figure, paired_times, render
from hoshin.plan import Plan
from hoshin.reads.years import plan_years


def test_core_figures_on_the_sample_plan(demo_path: Path) -> None:
    opened = core.open_plan(demo_path, repeat=1)
    assert opened.baseline is not None and opened.baseline > 0 and opened.ratio is not None
    with Plan.open(demo_path) as plan:
        sight = core.line_of_sight(plan)
        check = core.full_check(plan, repeat=1)
    assert "40 kaizens" in sight.note
    assert check.value > 0 and check.unit == "ms"


def test_the_years_figures_on_the_sample_plan(demo_path: Path) -> None:
    rollover, two_years = years.figures(demo_path, repeat=1)
    assert rollover.unit == "s" and rollover.value > 0
    assert "nodes and" in rollover.note and "links carried" in rollover.note
    assert two_years.baseline is not None and two_years.ratio is not None
    with Plan.open(demo_path) as plan:  # the plan measured is a copy: this one is as it was
        assert [plan.year] == [row.year for row in plan_years(plan)]


def test_a_figure_is_met_by_its_ratio_when_it_has_a_baseline() -> None:
    assert Figure("x", 30, "ms", target=3, baseline=10).met
    assert not Figure("x", 31, "ms", target=3, baseline=10).met
    assert Figure("y", 0.1, "ms", target=0.2).met
    table = render([Figure("x", 30, "ms", target=3, baseline=10)])
    assert "3.00×" in table and "yes" in table


def test_the_command_writes_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "figures.json"
    assert (
        bench_main.main(["--size", "small", "--only", "core", "--repeat", "1", "--json", str(out)])
        == 0
    )
    figures = json.loads(out.read_text())
    assert {f["name"] for f in figures} >= {"open plan until the graph is ready"}
    assert all({"value", "unit", "baseline", "ratio", "target", "met"} <= set(f) for f in figures)
    printed = capsys.readouterr().out
    assert "open plan until the graph is ready" in printed
    assert "machine: 5 M steps of a Python loop took" in printed  # runs compare by it


def test_the_app_memory_figure_is_the_probe_s_own() -> None:
    """A probe started by a bench holding a large workbook reports the app, not the bench.

    Linux hands a parent's peak (``ru_maxrss``) to the child it starts; the probe must not
    report a 200 MB ballast it never held.
    """
    import resource
    import subprocess
    import sys

    ballast = bytearray(200 * 2**20)
    ballast[:: 2**12] = b"\x01" * len(range(0, len(ballast), 2**12))  # touch every page
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 >= 200
    probe = "from bench.app_probe import _peak_rss_mb; print(_peak_rss_mb())"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    del ballast
    assert float(out) < 100


def test_a_figure_and_its_baseline_are_timed_in_turn() -> None:
    """Both sides of a ratio see the machine at the same speed: they alternate."""
    calls: list[str] = []

    def work() -> None:
        calls.append("work")
        time.sleep(0.02)  # the work being timed, not a wait: 20 ms the timer must see

    slow, fast = paired_times(work, lambda: calls.append("raw"), 3)
    assert calls == ["work", "raw"] * 3
    assert slow >= 20 > fast


def test_the_standard_work_figures_on_the_sample_plan(demo_path: Path) -> None:
    from bench import standard_work

    mine, company = standard_work.figures(demo_path, repeat=1)
    assert mine.unit == "ms" and mine.value > 0 and mine.target == 50
    assert "routines in the plan" in mine.note and "answered occurrences" in company.note
