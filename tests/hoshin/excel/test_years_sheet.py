"""A workbook round trip keeps the years (docs/years.md, "The workbook"): the sample plan
rolled over into 2027 and 2026 closed, exported and imported, gives back both years with
every node in its year, each carried node linked to last year's, each year's state, the
links, owners, figures and reflections; an older workbook still imports as one year."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import aliased

from hoshin.excel import import_workbook
from hoshin.model import entities as e
from hoshin.operations.rollover import Rollover
from hoshin.operations.years import Reflect
from hoshin.plan import Plan
from hoshin.rules.years import years
from tests.hoshin.excel.test_excel_export import DANGEROUS, export


def _years(plan: Plan, shown: int) -> dict[str, Any]:
    """What a round trip must keep, by year and code (ids differ between plans). Daily and
    weekly values travel on the Target values sheet, of the year the workbook shows; the
    other years' stand on the Years sheet as their typed monthly figures."""
    n, before = e.Node, aliased(e.Node)
    with plan.session(all_years=True) as s:
        nodes = sorted(
            s.execute(
                select(
                    n.year,
                    n.code,
                    n.kind,
                    n.title,
                    n.status,
                    n.baseline,
                    n.goal,
                    before.code,
                    before.year,
                ).outerjoin(before, before.id == n.previous_id)
            ).all()
        )
        src, dst = aliased(e.Node), aliased(e.Node)
        edges = sorted(
            s.execute(
                select(src.year, src.code, dst.code, e.Edge.kind, e.Edge.strength)
                .join(src, src.id == e.Edge.source_id)
                .join(dst, dst.id == e.Edge.target_id)
            ).all()
        )
        values = sorted(
            s.execute(
                select(n.year, n.code, e.TargetValue.day, e.TargetValue.value)
                .join(n, n.id == e.TargetValue.node_id)
                .where(n.year == shown)
            ).all()
        )
        # A month made of daily or weekly values shows those values' figure, and the
        # workbook holds that: the actual typed under it (if any) is not shown, so not kept.
        derived = {(year, code, f"{day:%Y-%m}") for year, code, day, _v in values}
        figures = sorted(
            (year, code, month, plan_, "derived" if (year, code, month) in derived else actual)
            for year, code, month, plan_, actual in s.execute(
                select(
                    n.year, n.code, e.Measurement.month, e.Measurement.plan, e.Measurement.actual
                ).join(n, n.id == e.Measurement.node_id)
            )
        )
        owners = sorted(
            s.execute(
                select(n.year, n.code, e.Person.key, e.Responsibility.role)
                .join(n, n.id == e.Responsibility.node_id)
                .join(e.Person, e.Person.id == e.Responsibility.person_id)
            ).all()
        )
        reflections = sorted(
            s.execute(
                select(n.year, n.code, e.Reflection.decision, e.Reflection.lesson).join(
                    n, n.id == e.Reflection.node_id
                )
            ).all()
        )
        return {
            "years": years(s),
            "nodes": nodes,
            "edges": edges,
            "figures": figures,
            "values": values,
            "owners": owners,
            "reflections": reflections,
        }


@pytest.fixture
def rolled(demo_plan: Plan) -> Plan:
    """The sample plan reflected on (KPI-1 modified, IP-6 dropped), rolled over into 2027
    (which closes 2026), and 2027's KPI-1 reflected on too."""
    demo_plan.execute(Reflect("KPI-1", decision="modify", new_goal=22, lesson=DANGEROUS[0]))
    demo_plan.execute(Reflect("IP-6", decision="drop", lesson="Digitised already"))
    demo_plan.execute(Rollover(2027))
    demo_plan.execute(Reflect("KPI-1", decision="carry", lesson="Keep going"))
    return demo_plan


@pytest.mark.parametrize("shown", [2027, 2026])
def test_export_then_import_gives_back_both_years(rolled: Plan, tmp_path: Path, shown: int) -> None:
    rolled.use_year(shown)
    book = export(rolled, tmp_path / "plan.xlsx")
    back = tmp_path / "back.hoshin"
    import_workbook(book, back)
    before = _years(rolled, shown)
    with Plan.open(back) as plan:
        after = _years(plan, shown)
        assert plan.year == 2027  # the latest open year is current, as before
    assert after == before
    # Known answers: 80 nodes in 2026, of which 61 carried into 2027 (IP-6 dropped, the 18
    # finished kaizens left), each 2027 node linked to its 2026 node of the same code.
    per_year = {y: sum(1 for row in after["nodes"] if row[0] == y) for y in (2026, 2027)}
    assert per_year == {2026: 80, 2027: 61}
    assert after["years"] == [(2026, "closed"), (2027, "open")]
    carried = [row for row in after["nodes"] if row[0] == 2027]
    assert all((row[7], row[8]) == (row[1], 2026) for row in carried)
    assert ("IP-6" in {row[1] for row in carried}) is False
    kpi1 = next(row for row in carried if row[1] == "KPI-1")
    assert kpi1[6] == 22  # the modified goal
    assert after["reflections"] == [
        (2026, "IP-6", "drop", "Digitised already"),
        (2026, "KPI-1", "modify", DANGEROUS[0]),
        (2027, "KPI-1", "carry", "Keep going"),
    ]
    assert sum(1 for row in after["figures"] if row[0] == 2026) == 132


def test_the_years_sheet_holds_every_node_with_its_year_as_text(
    rolled: Plan, tmp_path: Path
) -> None:
    ws = load_workbook(export(rolled, tmp_path / "plan.xlsx"))["Years"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    heading = rows[0]
    by = {(r[0], r[1]): dict(zip(heading, r, strict=True)) for r in rows[1:]}
    assert len(by) == 80 + 61
    kpi1 = by[(2026, "KPI-1")]  # another year: whole
    assert (kpi1["Goal"], kpi1["Baseline"], kpi1["Decision"], kpi1["Lesson"]) == (
        24,
        18,
        "modify",
        DANGEROUS[0],
    )
    assert kpi1["Figures"].startswith("2026-01 ")
    assert kpi1["Serves"] == "IP-1 (strong), BT-3 (medium), KPI-8"  # KPI-8: deployed to COM
    shown = by[(2027, "KPI-1")]  # the year the other sheets show: what it was carried from
    assert (shown["Carried from"], shown["Goal"], shown["Lesson"]) == ("KPI-1 of 2026", None, None)
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"Years!{cell.coordinate} is a formula"


def test_a_workbook_of_a_plan_of_one_year_has_no_years_sheet_and_imports_as_one_year(
    demo_plan: Plan, tmp_path: Path
) -> None:
    book = export(demo_plan, tmp_path / "one.xlsx")
    assert "Years" not in load_workbook(book, read_only=True).sheetnames
    back = tmp_path / "one.hoshin"
    import_workbook(book, back)
    with Plan.open(back) as plan, plan.session(all_years=True) as s:
        assert years(s) == [(2026, "open")]
