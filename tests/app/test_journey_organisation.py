"""An executive builds a plan from scratch in the app only: File ▸ New, then Edit ▸
Organisation… for the whole organisation (two departments under the top unit, a team,
three people, their roles), then a breakthrough on the X-matrix. The command line then
reads the same organisation the dialog shows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from app.plans.files import NewPlanDialog
from app.settings import AppSettings
from app.window.main_window import MainWindow
from hoshin.cli.main import main
from hoshin.model.kinds import NodeKind
from tests.app.conftest import Boxes
from tests.app.test_journeys_app import add_on_xmatrix, shot
from views.organisation import OrganisationDialog

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


@pytest.fixture
def window(
    qtbot: QtBot,
    settings: AppSettings,
    tmp_path: Path,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[MainWindow]:
    """A window on a new plan, made through File ▸ New as a user fills its dialog."""
    win = MainWindow(settings=settings)
    qtbot.add_widget(win)
    win.resize(1600, 1000)
    win.show()
    qtbot.wait_exposed(win)

    def fill(dialog: NewPlanDialog) -> QDialog.DialogCode:
        dialog.org.setText("Acme")
        dialog.path.setText(str(tmp_path / "acme.hoshin"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewPlanDialog, "exec", fill)
    win.commands.new.trigger()
    assert win.document.plan is not None
    yield win
    win.watcher.stop()
    win.document.undo_stack.clear()
    if win.document.plan is not None:
        win.document.plan.close()


def add_unit(qtbot: QtBot, dialog: OrganisationDialog, below: str, name: str) -> str:
    """Choose ``below`` in the tree, type the new unit's name, press Enter: its code."""
    dialog.show_unit(next(u.id for u in dialog.units.model.units() if u.code == below))
    qtbot.keyClicks(dialog.units.new_name, name)
    qtbot.keyClick(dialog.units.new_name, Qt.Key.Key_Return)
    unit = dialog.current_unit()
    assert unit is not None and unit.name == name, dialog.message.text()
    return unit.code


def fill_form(dialog: OrganisationDialog, level: str, function: str | None = None) -> None:
    dialog.form.level.setCurrentText(level)
    if function is not None:
        dialog.form.function.setCurrentIndex(dialog.form.function.findData(function))
    assert dialog.form.save.isEnabled(), dialog.form.save.toolTip()
    dialog.form.save.trigger()


def add_person(qtbot: QtBot, dialog: OrganisationDialog, name: str) -> str:
    qtbot.keyClicks(dialog.people.new_name, name)
    qtbot.keyClick(dialog.people.new_name, Qt.Key.Key_Return)
    person = dialog.current_person()
    assert person is not None and person.name == name, dialog.message.text()
    return person.key


def give(dialog: OrganisationDialog, unit: str, key: str, role: str) -> None:
    dialog.show_unit(next(u.id for u in dialog.units.model.units() if u.code == unit))
    dialog.roles.choose(key, role)
    assert dialog.roles.give.isEnabled(), dialog.roles.give.toolTip()
    dialog.roles.give.trigger()
    assert not dialog.message.text().startswith("⚠"), dialog.message.text()


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    capsys.readouterr()
    assert main(list(args)) == 0
    return capsys.readouterr().out.splitlines()


def test_an_executive_builds_the_organisation_in_the_app_and_the_cli_agrees(
    qtbot: QtBot,
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    doc = window.document
    window.commands.organisation.trigger()  # Edit ▸ Organisation…
    dialog = window.commands.organisation_dialog
    assert dialog is not None
    top = dialog.current_unit()
    assert top is not None and (top.code, top.name, top.level) == ("CO", "Acme", "Company")

    ops = add_unit(qtbot, dialog, "CO", "Operations")
    fill_form(dialog, "Department", "Operations")
    sales = add_unit(qtbot, dialog, "CO", "Sales")
    fill_form(dialog, "Department", "Sales")
    line = add_unit(qtbot, dialog, ops, "Line 1")  # in its department's function
    fill_form(dialog, "Team")
    assert (ops, sales, line) == ("U-1", "U-2", "U-3")

    dialog.show_unit(top.id)
    helen = add_person(qtbot, dialog, "Helen Ward")
    doc.current_person = helen  # Settings ▸ Current person (its dialog is tested elsewhere)
    dialog.show_unit(next(u.id for u in dialog.units.model.units() if u.code == ops))
    gareth = add_person(qtbot, dialog, "Gareth Lee")
    dialog.show_unit(next(u.id for u in dialog.units.model.units() if u.code == line))
    tara = add_person(qtbot, dialog, "Tara Sing")
    # A typo, mended in place: Rename opens the name's cell, Enter commits it.
    dialog.people.rename.trigger()
    editor = dialog.people.table.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "Tara Sing"
    editor.setText("Tara Singh")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait_until(
        lambda: dialog.current_person() is not None and dialog.current_person().name == "Tara Singh"
    )

    give(dialog, "CO", helen, "executive")
    give(dialog, ops, gareth, "manager")
    give(dialog, line, tara, "member")
    give(dialog, sales, tara, "viewer")
    # A slip, taken back with Ctrl+Z in the dialog.
    dialog.activateWindow()
    qtbot.wait_until(dialog.isActiveWindow)
    qtbot.keyClick(dialog.units.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dialog.roles.model.rowCount() == 0, "the viewer role on Sales is undone"
    dialog.grab().save(str(tmp_path / "organisation-built.png"))

    window.activateWindow()
    doc.select_unit(top.id)
    window.tabs.setCurrentIndex(0)  # the X-matrix of the company
    bt = add_on_xmatrix(qtbot, window, monkeypatch, NodeKind.BREAKTHROUGH, "Halve lead time")
    assert bt == "BT-1"
    QApplication.processEvents()
    shot(window, "organisation-journey")

    path = str(tmp_path / "acme.hoshin")
    assert cli(capsys, "person", "list", path) == [
        "P-1    Helen Ward               CO       Acme",
        "P-2    Gareth Lee               U-1      Operations",
        "P-3    Tara Singh               U-3      Line 1",
    ]
    assert cli(capsys, "role", "list", path) == [
        "CO       Acme                         executive  P-1    Helen Ward",
        "U-1      Operations                   manager    P-2    Gareth Lee",
        "U-3      Line 1                       member     P-3    Tara Singh",
    ]
    assert cli(capsys, "unit", "list", path) == [
        "CO             Acme                           Company      –                    1 person",
        "  U-1          Operations                     Department   Operations           1 person",
        "    U-3        Line 1                         Team         Operations           1 person",
        "  U-2          Sales                          Department   Sales",
    ]
    # The dialog shows what the command line reads.
    shown = [(u.code, u.name, u.level, u.function) for u in dialog.units.model.units()]
    assert shown == [
        ("CO", "Acme", "Company", None),
        ("U-1", "Operations", "Department", "Operations"),
        ("U-3", "Line 1", "Team", "Operations"),
        ("U-2", "Sales", "Department", "Sales"),
    ]
    assert cli(capsys, "show", path)[1] == "CO         Acme (Company): 1 breakthrough"
    assert "Halve lead time" in cli(capsys, "show", path, "BT-1")[0]
