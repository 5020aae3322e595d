"""The health tab's read model: plan-wide measures cut per unit, kept until an edit
touches them, and the sustainment items behind a debt figure."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from hoshin.changes import Changes
from hoshin.model import entities as e
from hoshin.operations import AddCheck, SetActionItemDone
from hoshin.plan import Plan
from hoshin.reads import health
from hoshin.reads.health_tab import HealthData
from hoshin.reads.sustainment import CHECK, debt_items, kaizen_items
from hoshin.reads.units import UnitTree
from tests.conftest import AS_OF


def _units(plan: Plan) -> UnitTree:
    return UnitTree.of(plan)


def test_the_public_per_unit_measures_are_those_of_measure(demo_plan: Plan) -> None:
    with demo_plan.session() as s:
        full = health.measure(s, demo_plan.graph, as_of=AS_OF, window_days=60)
        assert health.sustainment_by_unit(s, AS_OF) == full["sustainment_debt"]["units"]
        assert health.demand_by_unit(s, AS_OF, 60) == full["demand"]["units"]
        assert health.thirty_day_by_unit(s, AS_OF) == full["thirty_day_test"]["units"]
        assert health.alignment(s, demo_plan.graph) == full["alignment"]


def test_starts_by_month_has_every_month_and_counts_by_origin(demo_plan: Plan) -> None:
    first = dt.date(2025, 7, 1)
    with demo_plan.session() as s:
        months = health.starts_by_month(s, None, first, AS_OF)
        n = e.Node
        rows = s.execute(  # ideas and dropped kaizens are not started (DESIGN §5)
            select(n.start_date, n.origin).where(
                n.kind == "kaizen",
                n.start_date >= first,
                n.start_date <= AS_OF,
                n.status.not_in(["idea", "dropped"]),
            )
        ).all()
    assert list(months) == [f"2025-{m:02d}" for m in range(7, 13)] + [
        f"2026-{m:02d}" for m in range(1, 7)
    ]
    assert sum(sum(c.values()) for c in months.values()) == len(rows)
    june = sum(1 for d, o in rows if d.month == 6 and d.year == 2026 and o == "bottom-up")
    assert months["2026-06"]["bottom-up"] == june


@pytest.mark.parametrize("code", ["CO", "OPS", "T-AS", "SAL"])
def test_the_drill_down_lists_exactly_the_items_the_debt_counts(demo_plan: Plan, code: str) -> None:
    units = _units(demo_plan)
    uid = next(u.id for u in units.units.values() if u.code == code)
    items = debt_items(demo_plan, units.subtree(uid), AS_OF)
    with demo_plan.session() as s:
        debt = health.sustainment_by_unit(s, AS_OF)[code]
    assert len(items) == debt["total"]
    assert sum(1 for i in items if i.state == "open") == debt["open_action_items"]
    assert sum(1 for i in items if i.state == "overdue") == debt["overdue_checks"]
    assert sum(1 for i in items if i.state == "slipped") == debt["slipped_checks"]
    assert all(i.in_debt for i in items)
    # Most urgent first: slipped, then overdue, then open items.
    order = {"slipped": 0, "overdue": 1, "open": 2}
    assert [order[i.state] for i in items] == sorted(order[i.state] for i in items)


def test_figures_are_kept_until_an_edit_touches_them(demo_plan: Plan) -> None:
    data = HealthData(demo_plan, AS_OF, 90)
    root = next(u for u in data.units.units.values() if u.parent_id is None)
    first = data.for_unit(root.id)
    assert data.invalidate(Changes(threads={1})) == {"catchball"}
    assert "alignment" in data.invalidate(Changes(edges={3}))
    assert data.for_unit(root.id).debt == first.debt
    # A kaizen's node changed (not only its sustainment): the debt is read again in full.
    kaizen = demo_plan.graph.id_of("KZ-101")
    assert "debt" in data.invalidate(Changes(nodes={kaizen}))


def test_closing_an_item_re_reads_only_its_team_and_agrees_with_a_full_read(
    demo_plan: Plan,
) -> None:
    data = HealthData(demo_plan, AS_OF, 90)
    root = next(u for u in data.units.units.values() if u.parent_id is None)
    before = data.for_unit(root.id).debt[root.code]
    with demo_plan.session() as s:
        item_id, kaizen_id = s.execute(
            select(e.ActionItem.id, e.ActionItem.kaizen_id)
            .join(e.Node, e.Node.id == e.ActionItem.kaizen_id)
            .where(e.ActionItem.done.is_(False), e.Node.status == "done")
        ).first()  # type: ignore[misc]
    applied = demo_plan.execute(SetActionItemDone(item_id, True, on=AS_OF))
    assert "debt" not in data.invalidate(applied.changes)
    team = demo_plan.graph.node(kaizen_id).unit_id
    assert data._stale_debt == {team}
    after = data.for_unit(root.id).debt
    assert after[root.code]["open_action_items"] == before["open_action_items"] - 1
    with demo_plan.session() as s:
        assert after == {c: health.sustainment_by_unit(s, AS_OF)[c] for c in after}


def test_an_edit_touches_only_the_units_above_it(demo_plan: Plan) -> None:
    data = HealthData(demo_plan, AS_OF, 90)
    units = data.units
    by_code = {u.code: u.id for u in units.units.values()}
    kaizen = demo_plan.graph.id_of("KZ-101")
    team = units.units[demo_plan.graph.node(kaizen).unit_id].code
    above = set()
    cursor: int | None = by_code[team]
    while cursor is not None:
        above.add(units.units[cursor].code)
        cursor = units.units[cursor].parent_id
    for code, uid in by_code.items():
        assert data.touches(Changes(sustainment={kaizen}), uid) == (code in above), code


def test_a_slipped_check_leaves_the_debt_when_a_later_check_holds(demo_plan: Plan) -> None:
    units = _units(demo_plan)
    (slipped,) = [
        i for i in debt_items(demo_plan, list(units.units), AS_OF) if i.state == "slipped"
    ]
    later = demo_plan.execute(
        AddCheck(slipped.kaizen_code, slipped.due + dt.timedelta(days=30), "held", on=AS_OF)
    ).result
    states = {i.id: i.state for i in kaizen_items(demo_plan, slipped.kaizen_id, AS_OF)}
    left = debt_items(demo_plan, list(units.units), AS_OF)
    assert states[slipped.id] == "recovered" and states[later] == "held"
    assert slipped.id not in {i.id for i in left if i.kind == CHECK}


def test_the_catchball_card_counts_the_threads_the_unit_takes_part_in(demo_plan: Plan) -> None:
    """Three threads: CO → COM, CO → OPS, OPS → PLT. Operations takes part in two (one as
    the unit below, one as the unit above), the plant in one, the company (the root, whose
    subtree is the plan) in all three; Commercial's card counts only its own."""
    from hoshin.catchball.operations import Reply, Throw
    from hoshin.model.kinds import NodeKind
    from hoshin.operations import AddNode

    fields = {"unit_of_measure": "%", "direction": "down", "baseline": 0, "goal": -20}
    for unit in ("CO", "CO", "OPS"):
        demo_plan.execute(AddNode(NodeKind.TARGET, unit, "Lead time", fields))
    demo_plan.execute(Throw("KPI-12", "COM", "Helen Ward", -20))
    demo_plan.execute(Throw("KPI-13", "OPS", "Helen Ward", -20))
    demo_plan.execute(Throw("KPI-14", "PLT", "Kenji Watanabe", -10))
    demo_plan.execute(Reply(3, "agree", "Gareth Evans"))
    data = HealthData(demo_plan, AS_OF, 90)
    units = _units(demo_plan)

    ids = {u.code: u.id for u in units.units.values()}

    def card(code: str) -> tuple[int, int, list[str]]:
        cb = data.for_unit(ids[code]).catchball
        return cb["threads"], cb["open"], cb["units_not_agreed"]

    assert card("OPS") == (2, 1, ["OPS"])
    assert card("PLT") == (1, 0, [])
    assert card("COM") == (1, 1, ["COM"])
    assert card("CO") == (3, 2, ["COM", "OPS"])
    assert card("T-AS") == (0, 0, [])  # below the plant, in no thread
