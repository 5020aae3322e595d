"""Catchball in the main window: docks, menus, the Settings path, the inbox, the picture."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QDialog, QDockWidget, QMenu
from pytestqt.qtbot import QtBot

from app import screenshots
from app.window.main_window import MainWindow
from hoshin.catchball.rules import Kind
from hoshin.model.kinds import NodeKind
from hoshin.operations import AddNode
from views.catchball.throw_dialog import ThrowDialog
from views.xmatrix.layout import Hit, HitKind


class FakeSettingsDialog:
    """Stands in for the settings dialog: the user picks ``person`` and presses OK."""

    DialogCode = QDialog.DialogCode
    person: str | None = "P-1"

    def __init__(self, document: Any, _settings: Any, _parent: Any) -> None:
        self.document = document

    def exec(self) -> QDialog.DialogCode:
        self.document.current_person = self.person
        return QDialog.DialogCode.Accepted


@pytest.fixture
def settings_dialog(monkeypatch: pytest.MonkeyPatch) -> type[FakeSettingsDialog]:
    monkeypatch.setattr("app.window.actions.SettingsDialog", FakeSettingsDialog)
    FakeSettingsDialog.person = "P-1"
    return FakeSettingsDialog


@pytest.fixture
def shown(qtbot: QtBot, window: MainWindow) -> MainWindow:
    """The window on screen: hidden docks put off their reading until shown."""
    window.show()
    qtbot.wait_exposed(window)
    return window


@pytest.fixture
def throw_to_operations(monkeypatch: pytest.MonkeyPatch) -> None:
    """The throw dialog as a user fills it: Operations, a message, Throw."""

    def exec_(self: ThrowDialog) -> int:
        self.set_unit("OPS")
        self.message.setPlainText("Lead time −20 % across operations")
        self.accept()
        return self.result()

    monkeypatch.setattr(ThrowDialog, "exec", exec_)


def in_front(dock: QDockWidget) -> bool:
    """A dock tabbed behind another is "visible" to Qt; what shows is its visible region."""
    QApplication.processEvents()
    return dock.isVisible() and not dock.visibleRegion().isEmpty()


def _target(window: MainWindow) -> int:
    fields = {"unit_of_measure": "%", "direction": "down", "baseline": 0, "goal": -20}
    applied = window.document.execute(AddNode(NodeKind.TARGET, "CO", "Order lead time", fields))
    assert applied is not None and window.document.plan is not None
    return window.document.plan.graph.id_of(str(applied.result))


def _menu(window: MainWindow, title: str) -> QMenu:
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and menu.title().replace("&", "") == title:
            return menu
    raise AssertionError(f"no {title} menu")


def test_the_panel_sits_beside_the_node_editor_and_the_inbox_in_my_work(
    window: MainWindow,
) -> None:
    ui = window.catchball
    tabbed = window.tabifiedDockWidgets(window.docks.node)
    assert ui.dock in tabbed and ui.dock.objectName() == "catchballDock"
    view = [a.text() for a in _menu(window, "View").actions()]
    assert view.index("Catchball") < view.index("Reset layout")
    # "Waiting for me" is the lower part of My work: the menu item brings that tab forward.
    _menu(window, "View").actions()[view.index("Waiting for me (in My work)")].trigger()
    my_work = window.tab_view("My work")
    assert window.current_view() is my_work
    assert ui.inbox.parent() is my_work and not ui.inbox.isHidden()
    edit = _menu(window, "Edit").actions()
    names = [a.text().replace("&", "") for a in edit]
    assert names.index("Send to catchball…") == names.index("Rename") + 1


def test_send_to_catchball_from_the_edit_menu_as_the_person_chosen_in_settings(
    qtbot: QtBot,
    shown: MainWindow,
    settings_dialog: type[FakeSettingsDialog],
    throw_to_operations: None,
) -> None:
    window = shown
    ui = window.catchball
    target = _target(window)
    window.document.select_node(target)
    assert not ui.send_action.isEnabled()
    assert "Choose who you are" in ui.send_action.toolTip()
    window.commands.settings.trigger()  # the user says who they are
    assert window.document.current_person == "P-1"
    assert ui.send_action.isEnabled()
    assert window.person_label.text() == "You: Helen Ward"
    ui.send_action.trigger()
    assert window.document.plan is not None
    assert window.document.plan.graph.deployed_to(target)  # Operations' own target
    assert in_front(ui.dock) and not in_front(window.docks.node)  # the panel came forward
    assert ui.panel.thread_id and ui.panel.conversation.rowCount() == 1
    assert ui.panel.conversation.messages[0].text == "Lead time −20 % across operations"
    window.document.undo_stack.undo()  # the throw is one undoable step
    assert not window.document.plan.graph.deployed_to(target)


def test_the_inbox_asks_for_a_person_then_opens_a_thread_in_the_panel(
    qtbot: QtBot,
    shown: MainWindow,
    settings_dialog: type[FakeSettingsDialog],
    throw_to_operations: None,
) -> None:
    window = shown
    ui = window.catchball
    target = _target(window)
    window.document.select_node(target)
    window.commands.settings.trigger()
    ui.send_selected()
    window.document.current_person = None
    ui.show_inbox()
    inbox = ui.inbox
    assert inbox.settings_button.isVisible()
    settings_dialog.person = "P-4"  # Kenji Watanabe, Operations
    qtbot.mouseClick(inbox.settings_button, Qt.MouseButton.LeftButton)
    assert inbox.model.rowCount() == 1 and inbox.view.isVisible()
    inbox.view.doubleClicked.emit(inbox.model.index(0, 0))
    assert window.document.plan is not None
    (child,) = window.document.plan.graph.deployed_to(target)
    assert window.document.node_id == child
    assert in_front(ui.dock) and ui.panel.thread_id == inbox.model.thread_ids()[0]
    composer = ui.panel.composer
    assert composer.is_allowed(Kind.COUNTER) and composer.is_allowed(Kind.AGREE)
    assert not composer.is_allowed(Kind.WITHDRAW)  # only the unit above withdraws


def test_the_xmatrix_and_tree_menus_offer_send_to_catchball(
    window: MainWindow, settings_dialog: type[FakeSettingsDialog]
) -> None:
    window.commands.settings.trigger()
    menu = window.xmatrix.editor.context_menu(Hit(HitKind.LABEL, row="KPI-1"))  # type: ignore[attr-defined]
    assert menu is not None
    send = [a for a in menu.actions() if a.text() == "Send to catchball…"]
    assert len(send) == 1 and send[0].isEnabled()
    menu = window.xmatrix.editor.context_menu(Hit(HitKind.LABEL, row="BT-1"))  # type: ignore[attr-defined]
    assert menu is not None and "Send to catchball…" not in [a.text() for a in menu.actions()]
    tree = window.strategy
    assert window.document.plan is not None
    kpi = window.document.plan.graph.id_of("KPI-1")
    index = tree.reveal(kpi)  # type: ignore[attr-defined]
    assert index.isValid()
    menu = tree.context_menu(index)  # type: ignore[attr-defined]
    assert menu is not None and [a.text() for a in menu.actions()] == ["Send to catchball…", "A3…"]


def test_the_catchball_picture_shows_a_conversation(demo_path: Path, tmp_path: Path) -> None:
    before = demo_path.read_bytes()
    shot = screenshots.render_catchball(str(demo_path), str(tmp_path / "shots"))
    assert shot.name == "catchball.png"
    image = QImage(str(shot))
    assert (image.width(), image.height()) >= screenshots.SIZE
    assert demo_path.read_bytes() == before  # played on a copy: the plan is only read
