"""The organisation tree: every unit, its kaizen count rolled up, and a health mark."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from hoshin.model import entities as e
from hoshin.model.kinds import KaizenStatus, NodeKind
from hoshin.operations import AddNode, DeleteNode
from views import org_tree
from views.document import PlanDocument
from views.models import HEALTH_ROLE, KAIZEN_COUNT_ROLE
from views.org_tree import Health, OrgTree, OrgTreeModel


def _counted(qtbot: QtBot, document: PlanDocument) -> OrgTreeModel:
    """A model whose figures are in (they come just after a plan opens)."""
    model = OrgTreeModel(document)
    if model.figures_pending:
        with qtbot.wait_signal(model.figuresReady, timeout=5000):
            pass
    return model


def _find(model: OrgTreeModel, name: str) -> object:
    hits = model.match(model.index(0, 0), 0, name, 1, _flags())  # DisplayRole, exact, recursive
    assert hits, f"{name} is not in the tree"
    return hits[0]


def _flags():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive


def _live_kaizens(document: PlanDocument, unit_codes: list[str] | None = None) -> int:
    plan = document.plan
    assert plan is not None
    n, u = e.Node, e.Unit
    query = (
        select(func.count())
        .select_from(n)
        .join(u, u.id == n.unit_id)
        .where(n.kind == NodeKind.KAIZEN.value, n.status != KaizenStatus.DROPPED.value)
    )
    if unit_codes is not None:
        query = query.where(u.code.in_(unit_codes))
    with plan.session() as s:
        return int(s.execute(query).scalar_one())


def test_the_model_passes_the_model_tester(qtmodeltester, document: PlanDocument) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(OrgTreeModel(document))


def test_every_unit_is_in_the_tree_under_its_parent(document: PlanDocument) -> None:
    model = OrgTreeModel(document)
    top = model.index(0, 0)
    assert model.rowCount() == 1
    assert top.data() == "Northwind Instruments"
    children = [model.index(r, 0, top).data() for r in range(model.rowCount(top))]
    assert children == ["Commercial", "Operations", "Product development", "Corporate services"]
    sales = _find(model, "Sales")
    assert sales.parent().data() == "Commercial"  # type: ignore[attr-defined]


def test_kaizen_counts_roll_up_the_tree(qtbot: QtBot, document: PlanDocument) -> None:
    model = _counted(qtbot, document)
    top = model.index(0, 1)
    assert top.data() == _live_kaizens(document)
    assert top.data(KAIZEN_COUNT_ROLE) == top.data()
    sales = _find(model, "Sales")
    count = model.index(sales.row(), 1, sales.parent()).data()  # type: ignore[attr-defined]
    assert count == _live_kaizens(document, ["SAL", "T-SN", "T-SS"])
    assert count > 0


def test_a_new_kaizen_is_counted(qtbot: QtBot, document: PlanDocument) -> None:
    model = _counted(qtbot, document)
    before = model.index(0, 1).data()
    with qtbot.wait_signal(model.dataChanged, timeout=2000):
        document.execute(AddNode(NodeKind.KAIZEN, "T-AS", "Shadow board at the press"))
    assert model.index(0, 1).data() == before + 1
    document.undo_stack.undo()
    qtbot.waitUntil(lambda: model.index(0, 1).data() == before)


def test_the_health_mark_says_what_needs_attention(qtbot: QtBot, document: PlanDocument) -> None:
    model = _counted(qtbot, document)
    company = model.index(0, 0)
    # The sample plan's company has review findings (IP-6 supports nothing).
    assert company.data(HEALTH_ROLE) >= Health.WATCH
    tip = company.data(0x03)  # ToolTipRole
    assert "IP-6" in tip
    assert "Below:" in tip  # the teams that need help are named on the folded company
    marks = set()
    stack = [company]
    while stack:
        index = stack.pop()
        marks.add(index.data(HEALTH_ROLE))
        stack += [model.index(r, 0, index) for r in range(model.rowCount(index))]
    # The sample holds units in every state: the mark is not one colour for all.
    assert {Health.OK, Health.ACT} <= marks


def test_the_units_show_at_once_and_their_counts_right_after_they_are_painted(
    qtbot: QtBot, document: PlanDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(org_tree, "FIGURES_AFTER_MS", 60_000)  # only the paint can ask
    tree = OrgTree(document)
    qtbot.add_widget(tree)
    model = tree.model
    assert model.index(0, 0).data() == "Northwind Instruments"
    assert model.index(0, 1).data() is None  # blank until counted, not a misleading 0
    assert model.index(0, 0).data(HEALTH_ROLE) is None
    with qtbot.wait_signal(model.figuresReady, timeout=5000):
        tree.show()
    assert model.index(0, 1).data() == _live_kaizens(document)
    # The column is as wide as its largest count, measured once, not row by row.
    largest = tree.view.fontMetrics().horizontalAdvance(str(_live_kaizens(document)))
    assert tree.view.header().sectionSize(1) > largest


def test_choosing_a_unit_selects_it_in_the_document(qtbot: QtBot, document: PlanDocument) -> None:
    tree = OrgTree(document)
    qtbot.add_widget(tree)
    sales = tree.model.unit(_find(tree.model, "Sales"))  # type: ignore[arg-type]
    assert sales is not None
    index = tree.proxy.mapFromSource(tree.model.index_of(sales.id))
    with qtbot.wait_signal(document.unitSelected) as blocker:
        tree.view.setCurrentIndex(index)
    assert blocker.args == [sales.id]
    assert document.unit_id == sales.id


def test_a_unit_chosen_elsewhere_becomes_current_in_the_tree(
    qtbot: QtBot, document: PlanDocument
) -> None:
    tree = OrgTree(document)
    qtbot.add_widget(tree)
    plan = document.plan
    assert plan is not None
    kaizen = plan.graph.node(plan.graph.id_of("KZ-101"))
    document.select_unit(kaizen.unit_id)
    current = tree.model.unit(tree.proxy.mapToSource(tree.view.currentIndex()))
    assert current is not None and current.id == kaizen.unit_id


def test_the_filter_keeps_the_path_to_a_matching_team(qtbot: QtBot, document: PlanDocument) -> None:
    tree = OrgTree(document)
    qtbot.add_widget(tree)
    tree.filter.setText("assembly")
    proxy = tree.proxy
    top = proxy.index(0, 0)
    assert top.data() == "Northwind Instruments"
    assert proxy.rowCount(top) == 1  # only the branch that leads to Assembly


def test_deleting_a_kaizen_updates_the_count(qtbot: QtBot, document: PlanDocument) -> None:
    model = _counted(qtbot, document)
    before = model.index(0, 1).data()
    with qtbot.wait_signal(model.dataChanged, timeout=2000):
        document.execute(DeleteNode("KZ-101"))
    assert model.index(0, 1).data() == before - 1
