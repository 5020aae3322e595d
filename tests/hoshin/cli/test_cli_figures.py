"""``hoshin measure`` (one month, or a CSV file) and a target's months in ``hoshin show``."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.operations import SetLink, SetMeasurements
from hoshin.plan import Plan
from tests.hoshin.clitools import Cli, digest
from tests.hoshin.dump import dump


def _figures(cli: Cli) -> dict[str, tuple[float | None, float | None]]:
    m = e.Measurement
    with Plan.open(cli.plan) as plan, plan.session() as s:
        rows = s.execute(select(m.month, m.plan, m.actual).order_by(m.month)).all()
    return {month: (p, a) for month, p, a in rows}


def test_measure_says_the_month_and_judges_it_by_the_targets_direction(acme: Cli) -> None:
    """KPI-1 is lead time: lower is better; within 5 % of plan on the wrong side is yellow."""
    assert acme("measure PATH KPI-1 --month 2026-01 --plan 29 --actual 28") == (
        "KPI-1 2026-01 plan 29, actual 28 (green)"
    )
    assert acme("measure PATH KPI-1 --month 2026-02 --plan 28") == "KPI-1 2026-02 plan 28"
    # 30 against 28 is 2 days late, more than 5 % of 28 (1.4): red.
    assert acme("measure PATH KPI-1 --month 2026-02 --actual 30") == (
        "KPI-1 2026-02 plan 28, actual 30 (red)"
    )
    # 28 against 27 is 1 day late, within 1.35: yellow.
    assert acme("measure PATH KPI-1 --month 2026-03 --plan 27 --actual 28") == (
        "KPI-1 2026-03 plan 27, actual 28 (yellow)"
    )
    assert acme("measure PATH KPI-1 --month 2026-03 --actual ''") == (
        "KPI-1 2026-03 plan 27, actual cleared"
    )
    assert acme("measure PATH KPI-1 --month 2026-04 --actual -0.5e1 -q") == ""
    assert _figures(acme)["2026-04"] == (None, -5.0)


def test_show_of_a_target_has_its_twelve_months_and_year_to_date(acme: Cli) -> None:
    acme("set PATH KPI-1 --aggregation average")
    acme("measure PATH KPI-1 --month 2026-01 --plan 29 --actual 28")
    acme("measure PATH KPI-1 --month 2026-02 --plan 28 --actual 30")
    acme("measure PATH KPI-1 --month 2026-03 --plan 27 --actual 28")
    acme("measure PATH KPI-1 --month 2026-04 --plan 26")
    shown = acme("show PATH KPI-1").splitlines()
    months = shown.index("  monthly figures 2026:    plan  actual")
    assert shown[months + 1 : months + 6] == [
        "    2026-01          29      28  ✔ green",
        "    2026-02          28      30  ✖ red",
        "    2026-03          27      28  ≈ yellow",
        "    2026-04          26       –",
        "    2026-05           –       –",
    ]
    # Average of the months with an actual: plan (29+28+27)/3 = 28, actual 86/3 = 28.67,
    # 0.67 late against a tolerance of 1.4: yellow.
    assert shown[-1] == "  year to date (average): plan 28, actual 28.6667  ≈ yellow"
    assert "  aggregation: average" in shown
    assert acme("show PATH KPI-1 --year 2025").splitlines()[-1] == (
        "  monthly figures 2025: none (hoshin measure PATH KPI-1 --month 2025-MM --plan N "
        "--actual N)"
    )


def test_aggregation_is_a_target_field_chosen_on_add_and_set(acme: Cli) -> None:
    acme("add PATH target --unit CO --title Revenue --aggregation Sum --measures BT-1 -q")
    assert "  aggregation: sum" in acme("show PATH KPI-2").splitlines()
    assert acme.fails("set PATH KPI-2 --aggregation median") == (
        "Aggregation must be one of sum, average, last, min, max, not 'median'."
    )
    assert acme.fails("set PATH AO-1 --aggregation sum") == "An annual has no aggregation."


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "figures.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("bad_row", "reason"),
    [
        ("IP-1,2026-03,1,2", "Line 3: Monthly figures are for targets; IP-1 is not one."),
        ("KPI-1,March,1,2", "Line 3: A month is written YYYY-MM, not 'March'."),
        ("KPI-1,2026-03,lots,2", "Line 3: The plan must be a number, not 'lots'."),
        ("KPI-1,2026-03,,", "Line 3: Give a plan or an actual value."),
        ("KPI-9,2026-03,1,2", "Line 3: No node KPI-9 in this plan."),
        ("KPI-1,2026-01,1,2", "Line 3: KPI-1 2026-01 was given on line 2 too."),
        ("KPI-1,2026-03,1", "Line 3: 3 columns; a row is code,month,plan,actual."),
    ],
)
def test_a_bad_row_in_a_figures_file_records_nothing_and_is_named(
    acme: Cli, tmp_path: Path, bad_row: str, reason: str
) -> None:
    acme("measure PATH KPI-1 --month 2026-01 --plan 30")
    header = "code,month,plan,actual\n"  # line 1
    figures = _csv(tmp_path, f"{header}KPI-1,2026-01,29,28\n{bad_row}\nKPI-1,2026-04,26,25\n")
    before = digest(acme.plan)
    assert acme.fails(f"measure PATH --csv {figures}") == reason
    assert digest(acme.plan) == before
    assert _figures(acme) == {"2026-01": (30.0, None)}  # the first row was not kept either


def test_a_figures_file_is_one_edit(acme: Cli, tmp_path: Path) -> None:
    acme("add PATH target --unit PLT --title 'On-time delivery' --measures IP-1 -q")  # KPI-2
    acme("measure PATH KPI-1 --month 2026-01 --plan 30 --actual 31")
    figures = _csv(
        tmp_path,
        "code,month,plan,actual\n"
        "kpi-1,2026-01,,28.5\n"  # an empty plan leaves the plan as it is
        "KPI-1,2026-02,28,27\n"
        "\n"
        "KPI-2, 2026-02 ,95,\n",
    )
    assert acme(f"measure PATH --csv {figures}") == (
        f"Recorded 3 monthly figures of 2 targets from {figures}"
    )
    m = e.Measurement
    with Plan.open(acme.plan) as plan, plan.session() as s:
        rows = s.execute(
            select(e.Node.code, m.month, m.plan, m.actual)
            .join(e.Node, e.Node.id == m.node_id)
            .order_by(e.Node.code, m.month)
        ).all()
    assert [tuple(r) for r in rows] == [
        ("KPI-1", "2026-01", 30.0, 28.5),
        ("KPI-1", "2026-02", 28.0, 27.0),
        ("KPI-2", "2026-02", 95.0, None),
    ]
    # The same file again: every figure is as it was, and nothing is written.
    assert acme(f"measure PATH --csv {figures}") == (
        f"Recorded 3 monthly figures of 2 targets from {figures} (3 as they were)"
    )
    audit = acme("audit PATH --limit 3").splitlines()
    assert audit[0].endswith("Helen: Record 3 monthly figures from figures.csv")
    assert acme.fails(f"measure PATH KPI-1 --csv {figures}") == (
        "--csv takes every figure from the file: give no CODE or --month."
    )
    assert acme.fails(f"measure PATH --csv {tmp_path / 'none.csv'}") == (
        f"{tmp_path / 'none.csv'} does not exist."
    )
    assert acme.fails("measure PATH KPI-1") == "Give the target's CODE and --month (or --csv FILE)."


def test_a_figures_edit_and_a_link_change_undo_exactly(demo_plan: Plan) -> None:
    """The app's undo of the operations behind ``measure --csv`` and ``link``."""
    before = dump(demo_plan)
    rows = [(2, "KPI-2", "2026-01", "30", None), (3, "KPI-2", "2027-01", "28", "27")]
    applied = demo_plan.execute(SetMeasurements(rows))  # one update, one new month
    assert applied.result == (2, 0)
    demo_plan.execute(applied.inverse)
    assert dump(demo_plan) == before
    changed = demo_plan.execute(SetLink("AO-1", "BT-3", strength="weak", rationale="Partly"))
    assert changed.result.created is False
    demo_plan.execute(changed.inverse)
    assert dump(demo_plan) == before
