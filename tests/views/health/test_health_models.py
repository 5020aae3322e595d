"""The health tab's item models: the sustainment items and the node lists pass Qt's model
tester, and the kaizen panel closes an item through the undo stack."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.plan import Plan
from hoshin.reads.checkup import check_report
from hoshin.reads.health_tab import HealthData
from hoshin.reads.sustainment import ACTION, debt_items
from hoshin.reads.units import UnitTree
from tests.conftest import AS_OF
from views.document import PlanDocument
from views.health.panels import NodeRefsModel
from views.health.sustainment import SustainmentModel, SustainmentPanel


def _units(plan: Plan) -> UnitTree:
    return UnitTree.of(plan)


def test_the_models_pass_the_model_tester(
    qtmodeltester, document: PlanDocument, demo_plan: Plan
) -> None:
    units = _units(demo_plan)
    items = debt_items(demo_plan, list(units.units), AS_OF)
    model = SustainmentModel()
    model.set_items(items)
    qtmodeltester.check(model)
    data = HealthData(demo_plan, AS_OF, 90)
    root = next(u for u in units.units.values() if u.parent_id is None)
    refs = NodeRefsModel()
    refs.set_refs(data.for_unit(root.id).orphans)
    qtmodeltester.check(refs)
    assert refs.rowCount() == len(
        check_report(demo_plan, as_of=AS_OF)["health"]["alignment"]["orphan_kaizens"]
    )


def test_the_kaizen_panel_closes_an_item_and_undo_reopens_it(
    qtbot: QtBot, document: PlanDocument
) -> None:
    panel = SustainmentPanel(document, today=lambda: AS_OF)
    qtbot.add_widget(panel)
    plan = document.plan
    assert plan is not None
    with plan.session() as s:
        a = e.ActionItem
        item_id, kaizen_id = s.execute(
            select(a.id, a.kaizen_id).where(a.done.is_(False)).order_by(a.id)
        ).first()  # type: ignore[misc]
    panel.show_kaizen(kaizen_id, AS_OF)
    row = next(
        i for i, it in enumerate(panel.model.items) if it.id == item_id and it.kind == ACTION
    )
    panel.view.selectRow(row)
    assert panel.close_items(True)
    state = {it.id: it.state for it in panel.model.items if it.kind == ACTION}
    assert state[item_id] == "done"
    with plan.session() as s:
        assert s.get(e.ActionItem, item_id).done_on == AS_OF  # type: ignore[union-attr]
    document.undo_stack.undo()
    state = {it.id: it.state for it in panel.model.items if it.kind == ACTION}
    assert state[item_id] in ("open", "planned")
