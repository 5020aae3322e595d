"""The main window as a user meets it: opening plans, the Edit menu, errors, layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.settings import AppSettings
from app.window.main_window import MainWindow
from hoshin.cli.main import main as cli
from hoshin.model import entities as e
from hoshin.operations import SetAccess, UpdateNode
from hoshin.plan import Plan
from tests.app.conftest import Boxes

# The offscreen platform cannot resize or raise windows, and says so; that is not ours.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


def _select(window: MainWindow, code: str) -> int:
    plan = window.document.plan
    assert plan is not None
    node_id = plan.graph.id_of(code)
    window.document.select_node(node_id)
    return node_id


def test_the_title_names_the_plan_and_its_file(window: MainWindow, demo_path: Path) -> None:
    assert window.windowTitle() == f"Northwind Instruments — {demo_path.name} — Hoshin"
    assert "*" not in window.windowTitle()  # every edit is saved when it is made


def test_the_centre_has_the_ten_views(window: MainWindow) -> None:
    labels = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert labels == [
        "X-matrix",
        "Strategy",
        "Kaizen board",
        "Huddle",
        "My work",
        "My standard work",
        "Health",
        "Bowling chart",
        "Review",
        "Reflection",
    ]


def test_every_tab_is_one_click_away_in_the_tab_list_when_they_do_not_fit(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    bar = window.tabs.tabBar()
    assert bar.tabRect(bar.count() - 1).right() > bar.width()  # "Reflection" is past the edge
    menu = window.all_tabs.menu()
    assert menu is not None
    menu.aboutToShow.emit()
    actions = menu.actions()
    assert [a.text() for a in actions][-1] == "Reflection"
    assert [a.text() for a in actions if a.isChecked()] == [window.tabs.tabText(0)]
    actions[-1].trigger()
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Reflection"


def test_a_tab_first_shown_later_shows_the_unit_chosen_before(window: MainWindow) -> None:
    plan = window.document.plan
    assert plan is not None
    with plan.session() as s:
        unit_id, name = s.execute(
            select(e.Unit.id, e.Unit.name).where(e.Unit.parent_id.is_not(None)).limit(1)
        ).one()
    window.document.select_unit(unit_id)
    assert window.lazy_tabs.built("Strategy") is None  # built when first shown
    window.tabs.setCurrentIndex(1)  # View ▸ Strategy
    strategy = window.current_view()
    assert strategy is window.strategy
    assert strategy.model.unit_name == name  # type: ignore[attr-defined]


def test_the_x_matrix_behind_another_tab_catches_up_when_it_comes_to_the_front(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.show()
    qtbot.waitExposed(window)
    plan = window.document.plan
    assert plan is not None
    with plan.session() as s:
        unit_id = s.execute(select(e.Unit.id).where(e.Unit.parent_id.is_not(None))).scalar()
    xmatrix = window.xmatrix
    window.show_view(window.board)
    with qtbot.assert_not_emitted(xmatrix.matrixChanged):  # nobody sees it: nothing read
        window.document.select_unit(unit_id)
    with qtbot.wait_signal(xmatrix.matrixChanged):
        window.show_view(xmatrix)
    shown = xmatrix.item.matrix  # what is painted, not what a read would give
    assert shown is not None and shown.unit_id == unit_id


def test_deleting_a_node_asks_first_naming_it_and_its_links(
    window: MainWindow, boxes: Boxes
) -> None:
    _select(window, "IP-1")
    plan = window.document.plan
    assert plan is not None
    node_id = plan.graph.id_of("IP-1")
    links = len(plan.graph.serves(node_id)) + len(plan.graph.served_by(node_id))
    boxes.answer = QMessageBox.StandardButton.Cancel
    window.commands.delete.trigger()
    assert "IP-1" in plan.graph  # cancelled: nothing deleted
    (question,) = [text for kind, _t, text in boxes.shown if kind == "question"]
    assert "IP-1" in question
    assert f"{links} links" in question


def test_undo_and_redo_of_a_deletion_through_the_edit_menu_restore_its_links(
    window: MainWindow, boxes: Boxes
) -> None:
    plan = window.document.plan
    assert plan is not None
    graph = plan.graph
    node_id = _select(window, "IP-1")
    links_before = sorted(
        (graph.code(e.source), graph.code(e.target), e.kind.value, str(e.strength))
        for e in graph.edges()
        if node_id in (e.source, e.target)
    )
    assert links_before
    window.commands.delete.trigger()
    assert "IP-1" not in plan.graph
    assert window.document.node_id == 0
    assert window.commands.undo.isEnabled()

    window.commands.undo.trigger()
    graph = plan.graph
    restored = graph.id_of("IP-1")
    links_after = sorted(
        (graph.code(e.source), graph.code(e.target), e.kind.value, str(e.strength))
        for e in graph.edges()
        if restored in (e.source, e.target)
    )
    assert links_after == links_before

    window.commands.redo.trigger()
    assert "IP-1" not in plan.graph


def test_opening_a_broken_file_says_why_and_keeps_the_plan_on_screen(
    window: MainWindow, boxes: Boxes, tmp_path: Path
) -> None:
    before = window.document.plan
    broken = tmp_path / "broken.hoshin"
    broken.write_text("this is not a plan")
    assert not window.files.open_path(str(broken))
    assert window.document.plan is before
    assert before is not None and "IP-1" in before.graph  # still usable
    ((kind, _title, text),) = boxes.shown
    assert kind == "warning"
    assert "not a Hoshin plan" in text
    assert "Northwind Instruments" in window.windowTitle()


def test_opening_a_missing_file_says_so_and_forgets_it(
    window: MainWindow, boxes: Boxes, tmp_path: Path
) -> None:
    missing = str(tmp_path / "gone.hoshin")
    window.settings.add_recent(missing)
    assert not window.files.open_path(missing)
    assert "does not exist" in boxes.texts()[0]
    assert missing not in window.settings.recent_plans()


def test_recent_plans_are_remembered_across_windows(
    qtbot: QtBot, window: MainWindow, settings: AppSettings, tmp_path: Path, demo_path: Path
) -> None:
    other = tmp_path / "other.hoshin"
    Plan.create(other, "Other Co").close()
    assert window.files.open_path(str(other))
    assert settings.recent_plans()[:2] == [str(other.resolve()), str(demo_path.resolve())]
    window.commands._fill_recent()
    entries = [a.text() for a in window.commands.recent_menu.actions()]
    assert any("other.hoshin" in text for text in entries)
    settings.sync()

    again = AppSettings(settings.qs)
    assert again.get("files/last") == str(other.resolve())


def test_the_layout_is_saved_when_the_window_closes(
    qtbot: QtBot, window: MainWindow, settings: AppSettings
) -> None:
    window.docks.history.hide()
    window.close()
    assert not settings.get("window/state").isEmpty()
    assert not settings.get("window/geometry").isEmpty()


def test_a_refused_edit_shows_in_the_status_bar_and_a_notice(window: MainWindow) -> None:
    window.document.execute(UpdateNode("KPI-1", {"goal": "lots"}))
    assert "must be a number" in window.statusBar().currentMessage()
    assert "must be a number" in window.notice.message()


def test_a_refusal_the_editor_shows_under_its_field_is_not_repeated_in_a_notice(
    window: MainWindow,
) -> None:
    _select(window, "KPI-1")
    editor = window.docks.editor
    assert not editor.apply("goal", "lots")
    assert "must be a number" in editor.errors["goal"].text()
    assert "must be a number" in window.statusBar().currentMessage()
    assert window.notice.message() == ""


def test_an_edit_by_the_cli_is_noticed_and_reloaded_keeping_the_selection(
    window: MainWindow, demo_path: Path
) -> None:
    node_id = _select(window, "KPI-1")
    assert not window.watcher.poll()  # nothing changed yet
    window.document.execute(UpdateNode("KPI-1", {"goal": 25}))
    assert not window.watcher.poll()  # our own edit is not "outside"

    assert cli(["set", str(demo_path), "KPI-1", "--title", "Conversion of leads"]) == 0
    assert window.watcher.poll()
    assert window.document.node_id == node_id
    assert window.docks.editor.title.text() == "Conversion of leads"


def test_find_selects_a_node_and_its_unit(window: MainWindow) -> None:
    dialog = window.commands.show_find()
    assert dialog.find("KZ-101")
    plan = window.document.plan
    assert plan is not None
    node = plan.graph.node(plan.graph.id_of("KZ-101"))
    assert window.document.node_id == node.id
    assert window.document.unit_id == node.unit_id


def test_rename_puts_the_cursor_in_the_title_field(qtbot: QtBot, window: MainWindow) -> None:
    window.show()
    qtbot.wait_exposed(window)
    _select(window, "BT-1")
    window.activateWindow()
    window.commands.rename.trigger()
    qtbot.waitUntil(lambda: window.docks.editor.title.hasFocus())
    assert window.docks.editor.title.selectedText() == window.docks.editor.title.text()


def test_actions_need_a_plan_and_a_selection(qtbot: QtBot, settings: AppSettings) -> None:
    empty = MainWindow(settings=settings)
    qtbot.add_widget(empty)
    assert empty.windowTitle() == "Hoshin"
    assert not empty.commands.delete.isEnabled()
    assert not empty.commands.find.isEnabled()
    assert not empty.commands.save_copy.isEnabled()
    assert empty.commands.open.isEnabled()


def test_a_plan_from_a_newer_hoshin_is_refused_with_the_reason(
    window: MainWindow, boxes: Boxes, demo_template: Path, tmp_path: Path
) -> None:
    import shutil
    import sqlite3

    newer = tmp_path / "newer.hoshin"
    shutil.copy2(demo_template, newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'f00dfeedbeef'")
    before = window.document.plan
    assert not window.files.open_path(str(newer))
    assert window.document.plan is before
    assert "newer Hoshin" in boxes.texts()[0]


def test_undo_and_redo_are_not_taken_for_outside_changes(window: MainWindow) -> None:
    window.document.execute(UpdateNode("BT-1", {"title": "Our own edit"}))
    window.commands.undo.trigger()
    window.commands.redo.trigger()
    assert not window.watcher.poll()
    assert window.document.undo_stack.count() == 1  # a reload would have cleared it


def test_without_a_plan_the_centre_offers_ways_to_get_one(
    qtbot: QtBot, settings: AppSettings, demo_path: Path
) -> None:
    settings.add_recent(str(demo_path.resolve()))
    empty = MainWindow(settings=settings)
    qtbot.add_widget(empty)
    assert empty.pages.currentWidget() is empty.welcome
    assert empty.welcome.recent.count() == 1
    empty.welcome.recent.itemActivated.emit(empty.welcome.recent.item(0))
    assert empty.pages.currentWidget() is empty.tabs
    assert empty.document.plan is not None
    empty.watcher.stop()
    empty.document.plan.close()


def test_the_sample_plan_can_be_tried_from_the_welcome_page(
    qtbot: QtBot, settings: AppSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "try.hoshin"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    empty = MainWindow(settings=settings)
    qtbot.add_widget(empty)
    assert empty.welcome.make_sample()
    assert empty.document.plan is not None
    assert empty.document.plan.name == "Northwind Instruments"
    empty.watcher.stop()
    empty.document.plan.close()


def test_a_damaged_plan_is_refused_with_the_reason(
    window: MainWindow, boxes: Boxes, demo_template: Path, tmp_path: Path
) -> None:
    import shutil
    import sqlite3

    damaged = tmp_path / "damaged.hoshin"
    shutil.copy2(demo_template, damaged)
    with sqlite3.connect(damaged) as conn:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("DROP TABLE edges")
    before = window.document.plan
    assert not window.files.open_path(str(damaged))
    assert window.document.plan is before
    assert "cannot be read" in boxes.texts()[0]
    assert "edges" in boxes.texts()[0]


def test_the_status_bar_says_what_the_current_person_may_do(window: MainWindow) -> None:
    document = window.document
    document.current_person = "P-1"  # Helen Ward
    window.update_person()
    assert window.person_label.text() == "You: Helen Ward"  # a plan without roles
    assert document.execute(SetAccess("Helen Ward", "CO", "executive"))
    assert window.person_label.text() == "You: Helen Ward · executive of CO"
    document.current_person = "P-4"
    window.update_person()
    assert window.person_label.text() == "You: Kenji Watanabe · no role: reads only"
    # And the core holds him to it: the edit is refused with the reason, nothing written.
    assert document.execute(UpdateNode("KPI-9", {"goal": 1})) is None
    assert "Kenji Watanabe may not change target KPI-9" in window.notice.message()


def test_an_outside_edit_refreshes_only_what_it_changed_and_keeps_the_undo_history(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    document = window.document
    assert document.execute(UpdateNode("BT-1", {"title": "Our own edit"}))
    node_id = _select(window, "KPI-1")
    assert cli(["set", str(demo_path), "KPI-1", "--title", "Conversion of leads"]) == 0
    with qtbot.waitSignal(document.changed) as heard:
        assert window.watcher.poll()
    assert heard.args[0].nodes == {node_id}  # just the node the CLI changed
    assert window.docks.editor.title.text() == "Conversion of leads"
    assert document.undo_stack.count() == 1  # our edit can still be undone
    window.commands.undo.trigger()
    assert document.plan is not None and document.plan.graph.code(node_id) == "KPI-1"
    assert window.docks.editor.title.text() == "Conversion of leads"  # theirs stays


def test_an_outside_schema_upgrade_reloads_the_whole_plan(
    window: MainWindow, demo_path: Path
) -> None:
    import sqlite3

    window.document.execute(UpdateNode("BT-1", {"title": "Our own edit"}))
    with sqlite3.connect(demo_path) as conn:  # a write the audit log does not name
        conn.execute("""UPDATE settings SET value = '"Acme"' WHERE key = 'org_name'""")
    assert window.watcher.poll()
    assert window.document.undo_stack.count() == 0  # read again: the history is gone
    assert window.windowTitle().startswith("Acme — ")
