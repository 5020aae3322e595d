"""Errors of the Excel export and import; each says what went wrong in words a user can act on."""

from __future__ import annotations

from hoshin.model.errors import HoshinError


class ExcelError(HoshinError):
    """Base of every error of :mod:`hoshin.excel`."""


class ExportCancelled(ExcelError):
    """The person cancelled the export; no file was written."""


class ExportFailed(ExcelError):
    """The workbook could not be written (disk full, folder missing, file open elsewhere…)."""


class WorkbookError(ExcelError):
    """A workbook given to the import cannot be read at all."""


class NotAWorkbookError(WorkbookError):
    """The file is not an .xlsx workbook (a text file, an image, an old .xls…)."""


class DamagedWorkbookError(WorkbookError):
    """The file looks like a workbook but its zip or its XML is damaged."""


class EncryptedWorkbookError(WorkbookError):
    """The workbook is protected by a password (Excel stores it encrypted, as an OLE file)."""


class WorkbookTooLarge(WorkbookError):
    """The workbook unpacks to more than the import reads (a zip bomb, a million sheets…);
    the message names the limit."""


class UnknownLayoutError(WorkbookError):
    """The workbook is readable but holds neither a Hoshin export nor an X-matrix Hoshin finds."""


class ImportFailed(ExcelError):
    """The workbook was read, but the plan it describes could not be built; nothing was kept."""
