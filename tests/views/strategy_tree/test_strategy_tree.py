"""The Strategy tab on the sample plan: the served-by tree, deployments, line of sight."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QToolTip
from pytestqt.qtbot import QtBot

from hoshin.model.kinds import NodeKind, Strength
from hoshin.operations import AddNode, SetStrength, UpdateNode
from tests.conftest import unit_id
from tests.statements import counting_queries, selects
from views.document import PlanDocument
from views.models import DEPLOYED_TO_ROLE, HIGHLIGHT_ROLE, NODE_ID_ROLE
from views.strategy_tree import StrategyModel, StrategyView
from views.strategy_tree.delegate import PILL_BG
from views.strategy_tree.sight import AFFECTED, SELECTED, SERVES


@pytest.fixture
def view(qtbot: QtBot, document: PlanDocument) -> Iterator[StrategyView]:
    widget = StrategyView(document)
    qtbot.add_widget(widget)
    yield widget


def node_id(document: PlanDocument, code: str) -> int:
    assert document.plan is not None
    return document.plan.graph.id_of(code)


def code_of(model: StrategyModel, index: QModelIndex) -> str:
    return str(index.data()).split()[0]


def children(model: StrategyModel, parent: QModelIndex) -> list[QModelIndex]:
    while model.canFetchMore(parent):
        model.fetchMore(parent)
    return [model.index(r, 0, parent) for r in range(model.rowCount(parent))]


def find(model: StrategyModel, *path: str) -> QModelIndex:
    """The row reached by following codes from a root, fetching on the way."""
    index = QModelIndex()
    for code in path:
        index = next(i for i in children(model, index) if code_of(model, i) == code)
    return index


def every_row(model: StrategyModel, parent: QModelIndex | None = None) -> Iterator[QModelIndex]:
    for index in children(model, parent or QModelIndex()):
        yield index
        yield from every_row(model, index)


def test_the_model_passes_the_model_tester(view: StrategyView, qtmodeltester) -> None:
    qtmodeltester.check(view.model)  # walks the whole company tree, fetching as it goes


def test_a_teams_model_passes_the_model_tester(
    qtbot: QtBot, document: PlanDocument, qtmodeltester
) -> None:
    # A unit of its own, not a unit switch under the tester: Qt's tester runs its checks
    # (which fetch) from modelReset before it clears its "reset in flight" flag.
    document.select_unit(unit_id(document.plan, "T-SN"))
    widget = StrategyView(document)
    qtbot.add_widget(widget)
    qtmodeltester.check(widget.model)


def test_company_roots_are_its_breakthroughs_and_what_serves_nothing(view: StrategyView) -> None:
    roots = [code_of(view.model, i) for i in children(view.model, QModelIndex())]
    assert roots == ["BT-1", "BT-2", "BT-3", "IP-6"]
    ao1 = find(view.model, "BT-1", "AO-1")
    assert [code_of(view.model, i) for i in children(view.model, ao1)] == ["IP-1", "IP-4"]
    assert ao1.siblingAtColumn(1).data() == "Annual objective"


def test_children_are_fetched_lazily(view: StrategyView) -> None:
    model = view.model
    ip1 = find(model, "BT-1", "AO-1", "IP-1")
    assert model.hasChildren(ip1)
    assert model.rowCount(ip1) == 0 and model.canFetchMore(ip1)
    model.fetchMore(ip1)
    assert model.rowCount(ip1) == 2 and not model.canFetchMore(ip1)


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's remark on show()
def test_long_child_lists_come_a_page_at_a_time_as_they_scroll_into_view(
    view: StrategyView, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    monkeypatch.setattr("views.strategy_tree.model.PAGE", 2)
    model = view.model
    view.resize(1000, 100)  # room for a row or two
    view.show()
    qtbot.wait_exposed(view)
    index = QModelIndex()
    for code in ("BT-1", "AO-1", "IP-1", "BT-4", "AO-6", "IP-7"):
        index = next(i for i in children(model, index) if code_of(model, i) == code)
        view.tree.expand(index)
    view.tree.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
    # The view answers a scroll on the next turn of the event loop (its fetch timer): once
    # it has, what it fetched is all that this scroll brings.
    qtbot.wait_until(lambda: not view._fetch_timer.isActive())
    assert model.rowCount(index) < 9 and model.canFetchMore(index)
    # Scrolling the last fetched row into view brings the next page, and so on.
    while model.canFetchMore(index):
        before = model.rowCount(index)
        view.tree.scrollTo(model.index(before - 1, 0, index))
        qtbot.wait_until(lambda n=before: model.rowCount(index) > n)
    codes = [code_of(model, model.index(r, 0, index)) for r in range(model.rowCount(index))]
    assert codes == ["KPI-8"] + [f"KZ-{n}" for n in range(101, 109)]


def test_a_deployed_breakthrough_appears_under_the_priority_it_came_from(
    view: StrategyView,
) -> None:
    model = view.model
    bt4 = find(model, "BT-1", "AO-1", "IP-1", "BT-4")
    assert bt4.data(DEPLOYED_TO_ROLE) == "Commercial"
    assert bt4.siblingAtColumn(2).data() == "Commercial"
    assert "Deployed to Commercial from IP-1" in bt4.data(Qt.ItemDataRole.ToolTipRole)
    # ...and what the division built on it continues below, down to the teams' kaizens.
    ip7 = find(model, "BT-1", "AO-1", "IP-1", "BT-4", "AO-6", "IP-7")
    kz101 = next(i for i in children(model, ip7) if code_of(model, i) == "KZ-101")
    assert kz101.siblingAtColumn(2).data() == "Sales North"
    assert kz101.siblingAtColumn(3).data() == "done"
    assert kz101.data(DEPLOYED_TO_ROLE) is None  # supports, not deployed
    kpi8 = find(model, "BT-3", "KPI-1", "KPI-8")
    assert kpi8.data(DEPLOYED_TO_ROLE) == "Commercial"


def test_selecting_a_kaizen_highlights_its_line_of_sight(
    view: StrategyView, document: PlanDocument, qtbot: QtBot
) -> None:
    model = view.model
    kz101 = find(model, "BT-1", "AO-1", "IP-1", "BT-4", "AO-6", "IP-7", "KZ-101")
    with qtbot.wait_signal(document.nodeSelected) as selected:
        view.tree.selectionModel().setCurrentIndex(
            kz101,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
    assert selected.args == [node_id(document, "KZ-101")]
    marks = {code_of(model, i): i.data(HIGHLIGHT_ROLE) for i in every_row(model)}
    for code in ("IP-7", "AO-6", "BT-4", "IP-1", "AO-1"):
        assert marks[code] == SERVES, code
    assert SERVES in (marks["BT-1"], marks["BT-3"])  # a company breakthrough
    assert marks["KZ-101"] == SELECTED
    assert marks["BT-2"] is None and marks["KZ-102"] is None and marks["IP-2"] is None
    assert kz101.data(Qt.ItemDataRole.FontRole).bold()
    assert kz101.siblingAtColumn(3).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert find(model, "BT-2").data(Qt.ItemDataRole.BackgroundRole) is None


def test_selecting_a_priority_marks_what_it_affects_below(
    view: StrategyView, document: PlanDocument
) -> None:
    document.select_node(node_id(document, "IP-1"))
    model = view.model
    marks = {code_of(model, i): i.data(HIGHLIGHT_ROLE) for i in every_row(model)}
    assert marks["AO-1"] == SERVES and marks["BT-1"] == SERVES
    for code in ("KPI-1", "BT-4", "AO-6", "IP-7", "KZ-101", "KZ-110"):
        assert marks[code] == AFFECTED, code
    assert marks["IP-2"] is None


def test_a_node_selected_elsewhere_is_revealed(view: StrategyView, document: PlanDocument) -> None:
    document.select_node(node_id(document, "KZ-101"))
    current = view.tree.currentIndex()
    assert current.data(NODE_ID_ROLE) == node_id(document, "KZ-101")
    assert view.tree.selectionModel().isSelected(current)
    parent = current.parent()
    while parent.isValid():
        assert view.tree.isExpanded(parent)
        parent = parent.parent()
    # Not in this unit's tree: nothing is selected, nothing breaks.
    document.select_unit(unit_id(document.plan, "T-SD"))
    document.select_node(node_id(document, "KZ-101"))
    assert not view.tree.selectionModel().hasSelection()


def test_a_team_sees_what_its_kaizens_serve(view: StrategyView, document: PlanDocument) -> None:
    document.select_unit(unit_id(document.plan, "T-SN"))
    model = view.model
    roots = children(model, QModelIndex())
    assert [code_of(model, i) for i in roots] == ["IP-7", "KZ-139"]
    ip7 = roots[0]
    assert ip7.siblingAtColumn(2).data() == "Commercial"
    assert ip7.data(Qt.ItemDataRole.FontRole).italic()  # a row of the unit above
    below = [code_of(model, i) for i in children(model, ip7)]
    assert below == ["KZ-101", "KZ-102", "KZ-103"]  # only Sales North's, not Sales South's
    assert "italic grey" in view.title.text()


def test_a_renamed_node_is_repainted_and_a_new_link_rebuilds_keeping_expansion(
    view: StrategyView, document: PlanDocument, qtbot: QtBot
) -> None:
    model = view.model
    ao1 = find(model, "BT-1", "AO-1")
    view.tree.expand(ao1.parent())
    view.tree.expand(ao1)
    with qtbot.assert_not_emitted(model.modelReset):
        document.execute(UpdateNode("AO-1", {"title": "Convert more leads"}))
    assert find(model, "BT-1", "AO-1").data() == "AO-1  Convert more leads"
    with qtbot.wait_signal(model.modelReset):
        document.execute(AddNode(NodeKind.PRIORITY, "CO", "Partner channel", links=["AO-1"]))
    ao1 = find(model, "BT-1", "AO-1")
    assert view.tree.isExpanded(ao1)
    assert "IP-13" in [code_of(model, i) for i in children(model, ao1)]
    document.undo_stack.undo()
    assert "IP-13" not in [code_of(model, i) for i in children(model, find(model, "BT-1", "AO-1"))]


def test_a_link_s_new_strength_repaints_its_rows_and_only_unlinking_rebuilds(
    view: StrategyView, document: PlanDocument, qtbot: QtBot
) -> None:
    model = view.model
    ip1 = QPersistentModelIndex(find(model, "BT-1", "AO-1", "IP-1"))
    assert document.plan is not None
    edge = document.plan.graph.edge_between(node_id(document, "IP-1"), node_id(document, "AO-1"))
    assert edge is not None
    other = Strength.WEAK if edge.strength is not Strength.WEAK else Strength.STRONG
    with (
        qtbot.assert_not_emitted(model.modelReset),
        qtbot.wait_signal(model.dataChanged),
    ):
        document.execute(SetStrength("IP-1", "AO-1", other))
    assert ip1.isValid()  # the same row, repainted in place
    with qtbot.assert_not_emitted(model.modelReset):
        document.undo_stack.undo()
    with qtbot.wait_signal(model.modelReset):
        document.execute(SetStrength("IP-1", "AO-1", None))  # unlinked: rows move
    assert "IP-1" not in [code_of(model, i) for i in children(model, find(model, "BT-1", "AO-1"))]


def test_the_view_paints(view: StrategyView, document: PlanDocument) -> None:
    view.resize(1400, 900)
    document.select_node(node_id(document, "KZ-101"))
    image = view.grab().toImage()
    assert not image.isNull() and image.width() == 1400


def selects_while(document: PlanDocument, action: Callable[[], object]) -> int:
    """How many SELECTs ``action`` sends to the plan's database."""
    assert document.plan is not None
    with counting_queries(document.plan) as statements:
        action()
    return selects(statements)


def test_rows_fetched_together_read_their_text_in_one_query(
    view: StrategyView, document: PlanDocument
) -> None:
    model = view.model
    rows: list[QModelIndex] = []
    # Fetching reads the graph only: expanding a whole level costs no query.
    assert selects_while(document, lambda: rows.extend(every_row(model))) == 0
    assert len(rows) > 100
    texts: list[str] = []
    assert selects_while(document, lambda: texts.extend(str(i.data()) for i in rows)) == 1
    assert "KZ-101  Qualification checklist for inbound leads" in texts
    # ...and a row asked again answers from what it read.
    assert selects_while(document, lambda: [i.siblingAtColumn(3).data() for i in rows]) == 0


def test_a_row_edited_before_it_was_shown_shows_the_edit(
    view: StrategyView, document: PlanDocument
) -> None:
    model = view.model
    ip7 = find(model, "BT-1", "AO-1", "IP-1", "BT-4", "AO-6", "IP-7")
    rows = children(model, ip7)  # fetched, not shown yet
    document.execute(UpdateNode("KZ-101", {"title": "Inbound lead checklist"}))
    assert "KZ-101  Inbound lead checklist" in [i.data() for i in rows]
    document.execute(UpdateNode("KZ-101", {"title": "Inbound lead checklist v2"}))
    assert "KZ-101  Inbound lead checklist v2" in [i.data() for i in rows]


def test_a_fetched_node_moved_to_another_unit_leaves_the_teams_tree(
    view: StrategyView, document: PlanDocument, qtbot: QtBot
) -> None:
    document.select_unit(unit_id(document.plan, "T-SN"))
    model = view.model
    ip7 = children(model, QModelIndex())[0]
    children(model, ip7)  # fetched, never shown
    with qtbot.wait_signal(model.modelReset):
        document.execute(UpdateNode("KZ-101", {"unit": "T-SS"}))
    ip7 = children(model, QModelIndex())[0]
    assert [code_of(model, i) for i in children(model, ip7)] == ["KZ-102", "KZ-103"]


def show_row(view: StrategyView, index: QModelIndex) -> None:
    """Expand every row above ``index``, and bring it into view unselected."""
    parent = index.parent()
    while parent.isValid():
        view.tree.expand(parent)
        parent = parent.parent()
    view.tree.scrollTo(index)
    view.tree.clearSelection()


def colours(view: StrategyView, index: QModelIndex) -> set[str]:
    """The colours painted in one cell."""
    image = view.tree.viewport().grab(view.tree.visualRect(index)).toImage()
    return {
        image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())
    }


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's remark on show()
@pytest.mark.parametrize("width", [1400, 800])  # 800: the tab beside the docks at 1600
def test_a_deployed_row_shows_where_it_was_deployed_in_its_unit_cell(
    view: StrategyView, qtbot: QtBot, width: int
) -> None:
    model = view.model
    view.resize(width, 600)
    view.show()
    qtbot.wait_exposed(view)
    bt4 = find(model, "BT-1", "AO-1", "IP-1", "BT-4")
    kz101 = find(model, "BT-1", "AO-1", "IP-1", "BT-4", "AO-6", "IP-7", "KZ-101")
    view.reveal(node_id(view.document, "KZ-101"))
    view.tree.clearSelection()  # the selection's colours would hide the pill's
    assert PILL_BG.name() in colours(view, bt4.siblingAtColumn(2))
    # ...and in no other cell of its row: the title and its kind stay readable.
    for column in (0, 1, 3):
        assert PILL_BG.name() not in colours(view, bt4.siblingAtColumn(column))
    assert PILL_BG.name() not in colours(view, kz101.siblingAtColumn(2))  # supports


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_deployed_rows_code_is_painted_in_a_narrow_tab(view: StrategyView, qtbot: QtBot) -> None:
    view.resize(800, 600)
    view.show()
    qtbot.wait_exposed(view)
    bt4 = find(view.model, "BT-1", "AO-1", "IP-1", "BT-4")
    show_row(view, bt4)
    # The text area's left part, where "BT-4" is written, holds dark text pixels.
    rect = view.tree.visualRect(bt4)
    rect.setWidth(view.tree.fontMetrics().horizontalAdvance("BT-4") + 8)
    image = view.tree.viewport().grab(rect).toImage()
    dark = [
        (x, y)
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).lightness() < 100
    ]
    assert len(dark) > 20


@pytest.mark.qt_log_ignore("This plugin does not support")  # propagateSizeHints, raise
def test_a_cut_cell_gives_its_whole_text_as_its_tooltip(view: StrategyView, qtbot: QtBot) -> None:
    view.resize(800, 600)
    view.show()
    qtbot.wait_exposed(view)
    ip1 = find(view.model, "BT-1", "AO-1", "IP-1")
    show_row(view, ip1)
    view.tree.header().resizeSection(3, 40)  # "Helen Ward" cannot fit in 40 pixels

    def tip_at(index: QModelIndex) -> str:
        QToolTip.hideText()
        rect = view.tree.visualRect(index)
        viewport = view.tree.viewport()
        event = QHelpEvent(QEvent.Type.ToolTip, rect.center(), viewport.mapToGlobal(rect.center()))
        QApplication.sendEvent(viewport, event)
        qtbot.wait_until(QToolTip.isVisible)
        return QToolTip.text()

    owner = ip1.siblingAtColumn(3)
    assert owner.data() == "Helen Ward"
    assert tip_at(owner).splitlines()[0] == "Helen Ward"
    title = ip1.data()
    assert tip_at(ip1).splitlines()[0] == title  # the whole title, code first
    assert title.startswith("IP-1  Standardise the sales funnel")
    QToolTip.hideText()
