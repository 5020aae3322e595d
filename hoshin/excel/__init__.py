"""The Excel deployment workbook (DESIGN §7): export a plan, import a workbook back.

:func:`export_workbook` writes every sheet with openpyxl's write-only workbook;
:func:`import_workbook` rebuilds a plan from a workbook Hoshin wrote, or from a person's own
X-matrix sheet, and reports with cell references what it could not map.
"""

from __future__ import annotations

from hoshin.excel.errors import (
    DamagedWorkbookError,
    EncryptedWorkbookError,
    ExcelError,
    ExportCancelled,
    ExportFailed,
    ImportFailed,
    NotAWorkbookError,
    UnknownLayoutError,
    WorkbookError,
)
from hoshin.excel.export import ExportSummary, export_workbook
from hoshin.excel.importer import import_workbook
from hoshin.excel.report import ImportReport

__all__ = [
    "DamagedWorkbookError",
    "EncryptedWorkbookError",
    "ExcelError",
    "ExportCancelled",
    "ExportFailed",
    "ExportSummary",
    "ImportFailed",
    "ImportReport",
    "NotAWorkbookError",
    "UnknownLayoutError",
    "WorkbookError",
    "export_workbook",
    "import_workbook",
]
