"""Find: a code or words of a title select the node and its unit."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from hoshin.model.kinds import NodeKind
from views.document import PlanDocument
from views.find import FindDialog, KindFilter, PlanNodesModel, code_of
from views.models import CODE_ROLE


def test_the_list_model_passes_the_model_tester(qtmodeltester, document: PlanDocument) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(PlanNodesModel(document))


def test_the_list_holds_every_node_once(document: PlanDocument) -> None:
    model = PlanNodesModel(document)
    plan = document.plan
    assert plan is not None
    codes = [model.index(r).data(CODE_ROLE) for r in range(model.rowCount())]
    assert sorted(codes) == sorted(n.code for n in plan.graph.nodes())
    assert model.index(0).data().startswith(codes[0] + " — ")


def test_find_selects_a_node_by_code_and_its_unit(qtbot: QtBot, document: PlanDocument) -> None:
    dialog = FindDialog(document)
    qtbot.add_widget(dialog)
    plan = document.plan
    assert plan is not None
    node = plan.graph.node(plan.graph.id_of("KPI-2"))
    assert dialog.find("kpi-2")
    assert document.node_id == node.id
    assert document.unit_id == node.unit_id


def test_find_takes_the_completion_text(qtbot: QtBot, document: PlanDocument) -> None:
    dialog = FindDialog(document)
    qtbot.add_widget(dialog)
    assert dialog.find("BT-2 — Halve the time from order to delivery by 2029")
    plan = document.plan
    assert plan is not None
    assert document.node_id == plan.graph.id_of("BT-2")


def test_find_by_words_of_a_title_when_they_name_one_node(
    qtbot: QtBot, document: PlanDocument
) -> None:
    dialog = FindDialog(document)
    qtbot.add_widget(dialog)
    assert dialog.find("expense approvals")
    plan = document.plan
    assert plan is not None
    assert document.node_id == plan.graph.id_of("IP-6")


def test_find_says_when_nothing_or_several_match(qtbot: QtBot, document: PlanDocument) -> None:
    dialog = FindDialog(document)
    qtbot.add_widget(dialog)
    assert not dialog.find("zzz no such thing")
    assert "No node matches" in dialog.message.text()
    assert not dialog.find("lead")
    assert "nodes match" in dialog.message.text()
    assert document.node_id == 0


def test_the_completer_offers_matches_anywhere_in_the_title(
    qtbot: QtBot, document: PlanDocument
) -> None:
    dialog = FindDialog(document)
    qtbot.add_widget(dialog)
    completer = dialog.edit.completer()
    completer.setCompletionPrefix("delivery")
    offered = [
        completer.completionModel().index(r, 0).data() for r in range(completer.completionCount())
    ]
    assert any(text.startswith("BT-2 ") for text in offered)


def test_a_kind_filter_offers_only_those_kinds(document: PlanDocument) -> None:
    source = PlanNodesModel(document)
    targets = KindFilter(source)
    targets.set_kinds([NodeKind.TARGET])
    codes = [targets.index(r, 0).data(CODE_ROLE) for r in range(targets.rowCount())]
    assert codes and all(code.startswith("KPI-") for code in codes)


def test_code_of_reads_a_completion_or_a_typed_code() -> None:
    assert code_of("kz-104 — Reduce setup time") == "KZ-104"
    assert code_of("  ip-7 ") == "IP-7"


def test_choosing_a_completion_selects_its_node(qtbot: QtBot, document: PlanDocument) -> None:
    dialog = FindDialog(document)
    qtbot.add_widget(dialog)
    completer = dialog.edit.completer()
    completer.activated[str].emit("IP-3 — Stage-gate with customer validation")
    plan = document.plan
    assert plan is not None
    assert document.node_id == plan.graph.id_of("IP-3")
