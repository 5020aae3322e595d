"""A target's figures across the years it was carried through (hoshin/reads/carried_figures)."""

from __future__ import annotations

from hoshin.model import entities as e
from hoshin.operations.rollover import Rollover
from hoshin.operations.tracking import SetMeasurement
from hoshin.plan import Plan
from hoshin.reads.carried_figures import last_years, target_years
from hoshin.rules.bowling import months_of


def _figures(plan: Plan, code: str) -> dict[str, tuple[float | None, float | None]]:
    with plan.session() as s:
        node_id = plan.graph.id_of(code)
        return {
            m.month: (m.plan, m.actual)
            for m in s.query(e.Measurement).filter(e.Measurement.node_id == node_id)
        }


def test_a_carried_target_has_both_years_figures_oldest_first(demo_plan: Plan) -> None:
    old_year = demo_plan.year
    old_id = demo_plan.graph.id_of("KPI-1")
    before = _figures(demo_plan, "KPI-1")
    assert len(before) == 12  # the sample plan's twelve months
    demo_plan.execute(Rollover(old_year + 1))
    new_id = demo_plan.graph.id_of("KPI-1")
    assert new_id != old_id
    demo_plan.execute(SetMeasurement("KPI-1", f"{old_year + 1}-01", plan=31, actual=33.5))
    demo_plan.execute(SetMeasurement("KPI-1", f"{old_year + 1}-02", plan=32))

    years = target_years(demo_plan, new_id)
    assert [(y.year, y.node_id, y.code) for y in years] == [
        (old_year, old_id, "KPI-1"),
        (old_year + 1, new_id, "KPI-1"),
    ]
    last, this = years
    assert {m: (last.plan[m], last.actual[m]) for m in last.plan} == before
    assert this.plan == {f"{old_year + 1}-01": 31, f"{old_year + 1}-02": 32}
    assert this.actual == {f"{old_year + 1}-01": 33.5, f"{old_year + 1}-02": None}
    assert last.months == months_of(old_year)
    # The year to date of each year by the target's own rule: this year's one month.
    assert this.year_to_date() == (31, 33.5)

    # The bowling chart's question, in bulk: last year of each carried target only.
    shown = [demo_plan.graph.id_of(c) for c in ("KPI-1", "KPI-2")]
    found = last_years(demo_plan, [*shown, 10**9])
    assert sorted(found) == sorted(shown)
    assert found[new_id].year == old_year
    assert found[new_id].plan == last.plan and found[new_id].actual == last.actual


def test_a_target_never_carried_has_its_one_year(demo_plan: Plan) -> None:
    node_id = demo_plan.graph.id_of("KPI-1")
    years = target_years(demo_plan, node_id)
    assert [(y.year, y.node_id) for y in years] == [(demo_plan.year, node_id)]
    assert len(years[0].plan) == 12
    assert last_years(demo_plan, [node_id]) == {}
