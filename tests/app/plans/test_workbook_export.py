"""File ▸ Export ▸ Deployment workbook: a workbook is written; a cancel leaves no file."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog, QInputDialog, QProgressDialog

from app.plans import workbook_export
from app.window.main_window import MainWindow


@pytest.fixture
def save_to(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    out = tmp_path / "deployment"  # no suffix: the app adds .xlsx
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (workbook_export.WHOLE_PLAN, True))
    return out.with_suffix(".xlsx")


def test_the_menu_exports_the_whole_plan(window: MainWindow, save_to: Path) -> None:
    window.commands.export_workbook.trigger()
    assert save_to.exists()
    sheets = load_workbook(save_to, read_only=True).sheetnames
    assert any("CO" in name for name in sheets) and len(sheets) > 10
    assert "Exported" in window.statusBar().currentMessage()


def test_a_cancelled_export_leaves_no_file(
    window: MainWindow, save_to: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    assert workbook_export.export_dialog(window) is None
    assert not save_to.exists()
    assert list(save_to.parent.glob("*.xlsx*")) == []  # no temporary file either
    assert "cancelled" in window.statusBar().currentMessage()
