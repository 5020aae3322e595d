"""The Node history view: who changed the selected node, from what to what, and its CSV."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.operations import Link, SetMeasurement, UpdateNode
from hoshin.reports.audit_csv import COLUMNS
from views.document import PlanDocument
from views.node import history
from views.node.history import CHANGE, EDIT, FIELD, WHO, HistoryModel, NodeHistory

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


def _act_as(document: PlanDocument, name: str) -> None:
    assert document.plan is not None
    with document.plan.session() as s:
        document.current_person = s.execute(
            select(e.Person.key).where(e.Person.name == name)
        ).scalar_one()


def _row(view: NodeHistory, row: int) -> dict[int, str]:
    model = view.model
    return {c: model.data(model.index(row, c)) for c in (WHO, FIELD, CHANGE, EDIT)}


@pytest.fixture
def view(qtbot: QtBot, document: PlanDocument) -> NodeHistory:
    widget = NodeHistory(document)
    qtbot.add_widget(widget)
    widget.resize(700, 400)
    widget.show()
    return widget


def _select(qtbot: QtBot, view: NodeHistory, code: str) -> int:
    plan = view.document.plan
    assert plan is not None
    node = plan.graph.id_of(code)
    view.document.select_node(node)
    qtbot.waitUntil(lambda: view.title.text().startswith(f"History of {code}"))
    return node


def test_an_edit_shows_who_made_it_and_old_to_new_and_undo_adds_its_reverse(
    qtbot: QtBot, view: NodeHistory, document: PlanDocument
) -> None:
    _act_as(document, "Helen Ward")
    _select(qtbot, view, "KPI-2")
    before = view.model.rowCount()

    assert document.execute(UpdateNode("KPI-2", {"goal": 22})) is not None
    qtbot.waitUntil(lambda: view.model.rowCount() == before + 1)
    assert _row(view, 0) == {
        WHO: "Helen Ward",
        FIELD: "goal",
        CHANGE: "24 → 22",
        EDIT: "Change goal of KPI-2",
    }
    tip = view.model.data(view.model.index(0, WHO), Qt.ItemDataRole.ToolTipRole)
    assert "KPI-2 goal changed from 24 to 22" in tip.splitlines()  # the user's words

    document.undo_stack.undo()
    qtbot.waitUntil(lambda: view.model.rowCount() == before + 2)
    assert _row(view, 0)[CHANGE] == "22 → 24"  # the undo is history too
    assert _row(view, 1)[CHANGE] == "24 → 22"


def test_the_history_follows_the_selection_and_names_links_by_code(
    qtbot: QtBot, view: NodeHistory, document: PlanDocument
) -> None:
    _select(qtbot, view, "AO-5")
    before = view.model.rowCount()
    assert document.execute(Link("IP-6", "AO-5", strength="weak")) is not None
    qtbot.waitUntil(lambda: view.model.rowCount() == before + 1)
    assert _row(view, 0)[FIELD] == "link added"
    assert _row(view, 0)[CHANGE] == "IP-6 supports AO-5 (weak)"
    tip = view.model.data(view.model.index(0, WHO), Qt.ItemDataRole.ToolTipRole)
    assert "IP-6 now supports AO-5 (weak)" in tip.splitlines()
    assert _row(view, 0)[WHO] == "–"  # nobody chosen yet

    document.select_node(0)
    qtbot.waitUntil(lambda: view.model.rowCount() == 0)
    assert view.title.text() == history.EMPTY
    assert not view.export_button.isEnabled()


def test_the_model_passes_the_model_tester_and_reads_a_page_at_a_time(
    qtmodeltester: Any, qtbot: QtBot, view: NodeHistory
) -> None:
    _select(qtbot, view, "KPI-2")
    qtmodeltester.check(view.model)

    entries = [
        {"id": n, "at": None, "person": None, "edit": f"Edit {n}", "action": "update",
         "table_name": "nodes", "field": "title", "old": '"a"', "new": '"b"'}
        for n in range(450, 0, -1)
    ]  # fmt: skip
    calls: list[int | None] = []

    def loader(before: int | None) -> list[dict[str, Any]]:
        calls.append(before)
        rest = [r for r in entries if before is None or r["id"] < before]
        return rest[: history.PAGE]

    model = HistoryModel()
    model.load(loader)
    assert model.rowCount() == history.PAGE
    while model.canFetchMore(model.index(-1, -1)):
        model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == 450
    assert calls == [None, 251, 51]
    qtmodeltester.check(model)


def test_export_csv_writes_the_whole_history_safe_from_formulas(
    qtbot: QtBot, view: NodeHistory, document: PlanDocument, tmp_path: Path
) -> None:
    _act_as(document, "Helen Ward")
    _select(qtbot, view, "KPI-2")
    document.execute(UpdateNode("KPI-2", {"title": '=HYPERLINK("http://x","y")'}))
    document.execute(UpdateNode("KPI-2", {"goal": -3}))
    qtbot.waitUntil(lambda: _row(view, 0)[FIELD] == "goal")

    path = tmp_path / "kpi2.csv"
    count = view.export_csv(str(path))
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == list(COLUMNS)
    assert count == len(rows) - 1 == view.model.rowCount()
    goal, title = (dict(zip(COLUMNS, r, strict=True)) for r in rows[1:3])
    assert (goal["person"], goal["field"], goal["old"], goal["new"]) == (
        "Helen Ward",
        "goal",
        "24.0",
        "'-3.0",  # a leading minus would be a formula
    )
    assert title["old"] == "Order-to-delivery lead time"
    assert title["new"] == '\'=HYPERLINK("http://x","y")'
    assert title["edit"] == "Change title of KPI-2"


def test_export_from_the_button_asks_where_and_says_it_wrote(
    qtbot: QtBot, view: NodeHistory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _select(qtbot, view, "BT-1")
    asked: list[str] = []

    def save_name(_parent: object, _title: str, start: str, *_a: object) -> tuple[str, str]:
        asked.append(start)
        return str(tmp_path / "bt1"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    with qtbot.waitSignal(view.exported) as written:
        view.export_button.click()
    assert asked[0].endswith("BT-1 history.csv")
    assert written.args == [str(tmp_path / "bt1.csv")]
    assert (tmp_path / "bt1.csv").read_text(encoding="utf-8-sig").startswith("at,person,")


def test_a_figure_reads_with_its_month_and_the_tooltip_in_the_users_words(
    qtbot: QtBot, view: NodeHistory, document: PlanDocument
) -> None:
    _act_as(document, "Helen Ward")
    _select(qtbot, view, "KPI-2")
    before = view.model.rowCount()
    # The sample plan has a plan of 24 for 2026-12 and no actual yet: an update of that row.
    assert document.execute(SetMeasurement("KPI-2", "2026-12", actual=23.5)) is not None
    assert document.execute(UpdateNode("KPI-2", {"unit": "OPS"})) is not None
    qtbot.waitUntil(lambda: view.model.rowCount() == before + 2)
    assert _row(view, 1)[FIELD] == "actual 2026-12"
    assert _row(view, 1)[CHANGE] == "– → 23.5"
    assert _row(view, 0)[CHANGE] == "CO → OPS"  # codes, not the units' ids
    tips = [view.model.data(view.model.index(r, WHO), Qt.ItemDataRole.ToolTipRole) for r in (0, 1)]
    assert tips[0].splitlines()[1:] == ["KPI-2 unit changed from CO to OPS"]
    assert tips[1].splitlines()[1:] == ["KPI-2: actual for 2026-12 set to 23.5"]
