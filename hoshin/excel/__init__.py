"""The Excel deployment workbook (DESIGN §7): export a plan, import a workbook back.

:func:`export_workbook` writes every sheet with openpyxl's write-only workbook;
:func:`import_workbook` rebuilds a plan from a workbook Hoshin wrote, or from a person's own
X-matrix sheet, and reports with cell references what it could not map.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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
    WorkbookTooLarge,
)

if TYPE_CHECKING:
    from hoshin.excel.read.importer import import_workbook
    from hoshin.excel.read.report import ImportReport
    from hoshin.excel.write.export import ExportSummary, export_workbook

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
    "WorkbookTooLarge",
    "export_workbook",
    "import_workbook",
]

#: Where the names that need openpyxl live: imported on first use, so that the desktop app
#: starts without openpyxl (a fifth of a second) until a workbook is exported or imported.
_LAZY = {
    "ExportSummary": "hoshin.excel.write.export",
    "export_workbook": "hoshin.excel.write.export",
    "import_workbook": "hoshin.excel.read.importer",
    "ImportReport": "hoshin.excel.read.report",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
