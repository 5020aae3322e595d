"""File ▸ Export ▸ Deployment workbook…: the Excel workbook, with progress and cancel.

The export runs on the UI thread and keeps the window responsive by running pending
events from its progress callback; Cancel is asked at the same moments. A cancelled or
failed export leaves no file behind (the exporter writes to a temporary file first).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QProgressDialog

from hoshin.excel.errors import ExportCancelled
from hoshin.model.errors import HoshinError
from hoshin.reads.units import unit_info

if TYPE_CHECKING:
    from app.window.main_window import MainWindow

log = logging.getLogger(__name__)

WHOLE_PLAN = "The whole plan"


def _scopes(window: MainWindow) -> list[str]:
    document = window.document
    assert document.plan is not None
    unit = unit_info(document.plan, document.unit_id)
    if unit is None or unit.parent_id is None:
        return [WHOLE_PLAN]
    return [WHOLE_PLAN, f"{unit.name} and the units below it"]


def _replace_ok(window: MainWindow, out: Path) -> bool:
    answer = QMessageBox.question(
        window, "Export the deployment workbook", f"{out.name} already exists. Replace it?"
    )
    return answer == QMessageBox.StandardButton.Yes


def export_dialog(window: MainWindow) -> Path | None:
    """Ask where and what, export with a progress dialog; returns the file written."""
    plan = window.document.plan
    if plan is None:
        return None
    scopes = _scopes(window)
    scope = scopes[0]
    if len(scopes) > 1:
        scope, ok = QInputDialog.getItem(
            window, "Export the deployment workbook", "Export:", scopes, 0, False
        )
        if not ok:
            return None
    suggested = Path(window.files._start_dir()) / f"{plan.name} deployment.xlsx"
    path, _ = QFileDialog.getSaveFileName(
        window, "Export the deployment workbook", str(suggested), "Excel workbooks (*.xlsx)"
    )
    if not path:
        return None
    out = Path(path if path.lower().endswith(".xlsx") else f"{path}.xlsx")
    # The file dialog asked before replacing the name it was given, not one with .xlsx added.
    if str(out) != path and out.exists() and not _replace_ok(window, out):
        return None
    progress = QProgressDialog("Preparing the workbook…", "Cancel", 0, 100, window)
    progress.setWindowTitle("Exporting")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)  # a small plan finishes before the dialog would show

    def report(done: int, total: int, text: str) -> None:
        progress.setMaximum(max(total, 1))
        progress.setValue(min(done, total))
        progress.setLabelText(text)
        QCoreApplication.processEvents()

    def cancelled() -> bool:
        QCoreApplication.processEvents()
        return progress.wasCanceled()

    unit_id = None if scope == WHOLE_PLAN else window.document.unit_id
    from hoshin.excel.write.export import export_workbook  # openpyxl loads on the first export

    try:
        # A plan, and the plan on screen, are refused whatever the person answered.
        summary = export_workbook(
            plan, out, unit_id=unit_id, progress=report, cancelled=cancelled, replace=True
        )
    except ExportCancelled:
        window.statusBar().showMessage("Export cancelled; no file was written.", 8000)
        return None
    except (HoshinError, OSError) as exc:
        log.warning("workbook export failed: %s", exc)
        QMessageBox.warning(window, "Cannot export the workbook", str(exc))
        return None
    finally:
        progress.close()
    window.statusBar().showMessage(
        f"Exported {len(summary.sheets)} sheets ({summary.cells:,} cells) to {out}.", 10000
    )
    return out
