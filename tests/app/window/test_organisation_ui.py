"""Edit ▸ Organisation… and the organisation tree's context menu open the Organisation
dialog on the unit chosen in the window; it stays beside the window, not over it."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

from app.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


def _edit_menu(window: MainWindow) -> QMenu:
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and menu.title().replace("&", "") == "Edit":
            return menu
    raise AssertionError("no Edit menu")


def test_the_edit_menu_offers_it_beside_settings_with_a_shortcut(window: MainWindow) -> None:
    names = [a.text().replace("&", "") for a in _edit_menu(window).actions()]
    assert names.index("Organisation…") == names.index("Settings…") - 1
    action = window.commands.organisation
    assert action.shortcut() == QKeySequence("Ctrl+Shift+O")
    assert action.isEnabled()


def test_the_tree_s_context_menu_opens_it_on_the_unit_clicked(window: MainWindow) -> None:
    tree = window.docks.org_tree
    assert window.commands.organisation in tree.view.actions()
    plant = next(u for u in tree.model.units() if u.code == "PLT")
    tree.view.setCurrentIndex(tree.proxy.mapFromSource(tree.model.index_of(plant.id)))
    window.commands.organisation.trigger()
    dialog = window.commands.organisation_dialog
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    assert dialog.current_unit() is not None and dialog.current_unit().code == "PLT"
    # Opened again on another unit: the same dialog, on that unit.
    window.document.select_unit(next(u.id for u in tree.model.units() if u.code == "OPS"))
    window.commands.organisation.trigger()
    assert window.commands.organisation_dialog is dialog
    assert dialog.current_unit() is not None and dialog.current_unit().code == "OPS"


def test_a_unit_added_in_the_dialog_appears_in_the_organisation_tree(window: MainWindow) -> None:
    window.commands.organisation.trigger()
    dialog = window.commands.organisation_dialog
    assert dialog is not None
    dialog.units.new_name.setText("Paint shop")
    dialog.units.add.trigger()
    assert "Paint shop" in [u.name for u in window.docks.org_tree.model.units()]
    window.commands.undo.trigger()  # the main window's Undo takes it back as well
    assert "Paint shop" not in [u.name for u in window.docks.org_tree.model.units()]
    assert "Paint shop" not in [u.name for u in dialog.units.model.units()]
