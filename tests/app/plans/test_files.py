"""Plans on disk: new plans, copies that are safe while the plan is open, exports."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog

from app.plans import backup
from app.plans.files import NewPlanDialog
from app.window.main_window import MainWindow
from hoshin.model.errors import PlanError
from hoshin.operations import UpdateNode
from hoshin.plan import Plan
from tests.app.conftest import Boxes

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


def test_a_copy_holds_the_latest_edit_while_the_plan_is_open(
    demo_plan: Plan, tmp_path: Path
) -> None:
    demo_plan.execute(UpdateNode("BT-1", {"title": "Edited just now"}))
    copy = backup.save_copy(demo_plan, tmp_path / "copy.hoshin")
    with Plan.open(copy) as again:
        assert len(again.graph) == len(demo_plan.graph)
        with again.session() as s:
            from sqlalchemy import select

            from hoshin.model import entities as e

            title = s.execute(select(e.Node.title).where(e.Node.code == "BT-1")).scalar_one()
    assert title == "Edited just now"


def test_a_copy_replaces_an_older_copy(demo_plan: Plan, tmp_path: Path) -> None:
    target = tmp_path / "copy.hoshin"
    target.write_text("an old file")
    backup.save_copy(demo_plan, target)
    with Plan.open(target) as again:
        assert "BT-1" in again.graph


def test_a_copy_cannot_replace_the_plan_itself(demo_plan: Plan) -> None:
    with pytest.raises(PlanError, match="cannot replace the plan"):
        backup.save_copy(demo_plan, demo_plan.location)


def test_save_a_copy_from_the_file_menu(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "from the menu"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    window.commands.save_copy.trigger()
    saved = target.with_suffix(".hoshin")
    assert saved.exists()
    assert "Saved a copy" in window.statusBar().currentMessage()
    # The window keeps the original plan open, not the copy.
    assert window.document.plan is not None
    assert Path(window.document.plan.location).name == "sample.hoshin"


def test_new_plan_creates_and_opens_it(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fill(dialog: NewPlanDialog) -> QDialog.DialogCode:
        dialog.org.setText("Acme Tools")
        dialog.path.setText(str(tmp_path / "acme"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewPlanDialog, "exec", fill)
    assert window.files.new_plan()
    plan = window.document.plan
    assert plan is not None
    assert plan.name == "Acme Tools"
    assert Path(plan.location).name == "acme.hoshin"
    assert window.windowTitle() == "Acme Tools — acme.hoshin — Hoshin"


def test_new_plan_over_an_existing_file_says_why_and_asks_again(
    window: MainWindow, boxes: Boxes, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter([QDialog.DialogCode.Accepted, QDialog.DialogCode.Rejected])

    def fill(dialog: NewPlanDialog) -> QDialog.DialogCode:
        dialog.org.setText("Acme Tools")
        dialog.path.setText(str(demo_path))
        return next(answers)

    monkeypatch.setattr(NewPlanDialog, "exec", fill)
    before = window.document.plan
    assert not window.files.new_plan()
    assert "already exists" in boxes.texts()[0]
    assert window.document.plan is before


def test_exports_are_offered_only_when_the_x_matrix_can_make_them(window: MainWindow) -> None:
    view = window.xmatrix
    assert window.commands.export_pdf.isEnabled() == hasattr(view, "export_pdf")
    assert window.commands.export_png.isEnabled() == hasattr(view, "export_png")
    assert window.commands.zoom_in.isEnabled() == hasattr(view, "zoom_in")


def test_export_calls_the_x_matrix_with_the_chosen_path(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[str] = []
    monkeypatch.setattr(window.xmatrix, "export_png", written.append, raising=False)
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *a, **k: (str(tmp_path / "matrix"), "")),
    )
    assert window.files.export_xmatrix("png")
    assert written == [str(tmp_path / "matrix.png")]


def test_print_hands_the_chosen_printer_to_the_x_matrix(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtPrintSupport import QPrintDialog

    printed: list[object] = []
    monkeypatch.setattr(window.xmatrix, "print_to", printed.append, raising=False)
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QPrintDialog.DialogCode.Accepted)
    window.commands.print.trigger()
    assert len(printed) == 1
    assert "printer" in window.statusBar().currentMessage()


def test_zoom_goes_to_the_x_matrix(window: MainWindow) -> None:
    view = window.xmatrix
    if not hasattr(view, "zoom"):
        pytest.skip("the X-matrix has no zoom yet")
    before = view.zoom
    window.commands.zoom_in.trigger()
    assert view.zoom > before
    window.commands.zoom_out.trigger()
    assert view.zoom == pytest.approx(before)
