"""Opening a workbook for the import, and reading its sheets without trusting their size.

A workbook from outside may be anything: not a zip, a damaged zip, a password-protected
workbook (Excel stores those encrypted in an OLE file), or a sheet that claims a million
rows. Each gets an error that says what it is; sheets are read in openpyxl's read-only mode,
column-bounded, and reading stops after a long run of empty rows, so a million empty rows
cost a few seconds of XML parsing at most, never a million-by-columns loop.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from hoshin.excel.errors import (
    DamagedWorkbookError,
    EncryptedWorkbookError,
    NotAWorkbookError,
    WorkbookError,
    WorkbookTooLarge,
)
from hoshin.excel.read import limits

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
MAX_COLUMNS = 300  # wider than any sheet Hoshin writes or an X-matrix needs
MAX_BLANK_ROWS = 2000  # this many empty rows in a row end a sheet's data
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_COMMENTS_TYPE = "/comments"

Cells = dict[tuple[int, int], Any]


def ref(row: int, column: int) -> str:
    return f"{get_column_letter(column)}{row}"


def check_file(path: Path) -> None:
    """Raise the WorkbookError that says why ``path`` is not an .xlsx workbook, if it is not."""
    if not path.exists():
        raise WorkbookError(f"No file at {path}.")
    if path.is_dir():
        raise WorkbookError(f"{path} is a folder, not a workbook.")
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
            if head == OLE_MAGIC:
                # The OLE file of an encrypted .xlsx names its "EncryptedPackage" stream.
                sample = handle.read(4 * 1024 * 1024)
                if ENCRYPTED_MARK in sample:
                    raise EncryptedWorkbookError(
                        f"{path.name} is protected by a password. Open it in Excel, remove the "
                        "password (File > Info > Protect Workbook) and save it again as .xlsx."
                    )
                raise NotAWorkbookError(
                    f"{path.name} is an old-style .xls workbook (or another Office 97 file); "
                    "save it as .xlsx first."
                )
    except OSError as exc:
        raise WorkbookError(f"Cannot read {path}: {exc.strerror}.") from exc
    if not head.startswith(ZIP_MAGIC):
        raise NotAWorkbookError(f"{path.name} is not an Excel workbook (.xlsx).")


@dataclass
class Book:
    """An open workbook: openpyxl's read-only view plus the zip, for cell comments."""

    path: Path
    wb: Any
    archive: zipfile.ZipFile
    sheet_paths: dict[str, str] = field(default_factory=dict)

    @property
    def sheet_names(self) -> list[str]:
        return list(self.wb.sheetnames)

    def close(self) -> None:
        self.wb.close()
        self.archive.close()

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def sheet(self, name: str) -> Any:
        return self.wb[name]

    def xml_size(self, name: str) -> int:
        """Bytes of a sheet's XML (unpacked): how much reading it takes, roughly."""
        path = self.sheet_paths.get(name)
        try:
            return self.archive.getinfo(path).file_size if path else 0
        except KeyError:
            return 0

    def comments(self, name: str) -> dict[tuple[int, int], str]:
        """The cell comments of sheet ``name``: (row, column) -> text."""
        path = self.sheet_paths.get(name)
        if path is None:
            return {}
        rels_path = posixpath.join(
            posixpath.dirname(path), "_rels", posixpath.basename(path) + ".rels"
        )
        try:
            rels = ElementTree.fromstring(self.archive.read(rels_path))
        except KeyError:
            return {}
        except (ElementTree.ParseError, zipfile.BadZipFile, zlib.error) as exc:
            raise DamagedWorkbookError(f"The sheet {name!r} is damaged: {exc}.") from exc
        out: dict[tuple[int, int], str] = {}
        for rel in rels.findall("rel:Relationship", _NS):
            if not rel.get("Type", "").endswith(_COMMENTS_TYPE):
                continue
            target = posixpath.normpath(
                posixpath.join(posixpath.dirname(path), rel.get("Target", ""))
            )
            try:
                tree = ElementTree.fromstring(self.archive.read(target.lstrip("/")))
            except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, zlib.error):
                continue  # a lost comment is not worth failing the import for
            for comment in tree.iter(f"{{{_NS['m']}}}comment"):
                cell = comment.get("ref", "")
                text = "".join(t.text or "" for t in comment.iter(f"{{{_NS['m']}}}t"))
                position = _position(cell)
                if position is not None and text.strip():
                    out[position] = text.strip()
        return out


def open_book(path: Path) -> Book:
    """Open ``path`` for reading, or raise the WorkbookError that says what it is."""
    check_file(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise DamagedWorkbookError(
            f"{path.name} is damaged: its zip cannot be read ({exc})."
        ) from exc
    try:
        members = set(archive.namelist())
        if "xl/workbook.xml" not in members:
            raise NotAWorkbookError(
                f"{path.name} is a zip file but not an Excel workbook (it has no xl/workbook.xml)."
            )
        limits.check_archive(archive, path.name)  # before anything parses it
        sheet_paths = _sheet_paths(archive)
        wb = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except WorkbookError:
        archive.close()
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged part
        archive.close()
        raise DamagedWorkbookError(f"{path.name} is damaged and cannot be read: {exc}.") from exc
    return Book(path, wb, archive, sheet_paths)


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> path of its XML inside the zip."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    try:
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("rel:Relationship", _NS)}
    out: dict[str, str] = {}
    for sheet in book.iter(f"{{{_NS['m']}}}sheet"):
        target = targets.get(sheet.get(f"{{{_NS['r']}}}id"))
        if target:
            path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            out[sheet.get("name", "")] = posixpath.normpath(path)
    return out


def _position(cell: str) -> tuple[int, int] | None:
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    try:
        letters, row = coordinate_from_string(cell)
    except ValueError:
        return None
    return row, column_index_from_string(letters)


def iter_rows(ws: Any, max_col: int | None = None) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, values) of a sheet's rows, up to the end of its data.

    Columns are bounded (a damaged dimension may claim 16,384 of them) and a run of
    :data:`MAX_BLANK_ROWS` empty rows ends the sheet, whatever its dimension claims.
    """
    width = ws.max_column if isinstance(ws.max_column, int) else None
    bound = min(width or MAX_COLUMNS, max_col or MAX_COLUMNS, MAX_COLUMNS)
    blank = 0
    try:
        for number, values in enumerate(ws.iter_rows(max_col=bound, values_only=True), start=1):
            if number > limits.MAX_ROWS:
                raise WorkbookTooLarge(
                    f"The sheet {ws.title!r} has more than {limits.MAX_ROWS:,} rows; the "
                    "import reads at most that many (as Excel does)."
                )
            if any(v is not None and v != "" for v in values):
                blank = 0
                yield number, values
            else:
                blank += 1
                if blank >= MAX_BLANK_ROWS:
                    return
    except (zipfile.BadZipFile, zlib.error, ElementTree.ParseError, KeyError, ValueError) as exc:
        raise DamagedWorkbookError(f"The sheet {ws.title!r} is damaged: {exc}.") from exc


def read_cells(ws: Any) -> Cells:
    """Every non-empty cell of a (small) sheet: (row, column) -> value."""
    cells: Cells = {}
    for r, values in iter_rows(ws):
        for c, value in enumerate(values, start=1):
            if value is None:
                continue
            if isinstance(value, str):
                value = value.strip()
                if not value:
                    continue
            cells[(r, c)] = value
        if len(cells) > limits.MAX_CELLS:
            raise WorkbookTooLarge(
                f"The sheet {ws.title!r} has more than {limits.MAX_CELLS:,} cells; the import "
                "reads at most that many of a sheet like it."
            )
    return cells


def as_text(value: Any) -> str | None:
    """A cell's value as text (numbers as a person writes them), or None when empty."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        return text or None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def as_date(value: Any) -> Any:
    """A date cell as a date (read-only openpyxl gives datetimes); other values as they are."""
    if isinstance(value, dt.datetime):
        return value.date()
    return value
