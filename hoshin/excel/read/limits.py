"""How much of a workbook the import reads: checked on the zip before openpyxl parses a byte.

openpyxl's ``load_workbook`` reads the workbook part, the styles and the shared strings
whole, even in read-only mode, and creates one object per declared sheet. A workbook from
outside can make those enormous from a few megabytes (a 0.35 MB file took 3.2 GB; one
declaring 10⁶ sheets ran for minutes). So the zip's own directory is read first: each
part's unpacked size (which Python's zip reader will not exceed: a part that unpacks to
more than it declares fails its check), the total, how tightly each is packed, and the
number of sheets the workbook declares. Each limit is far above what Hoshin itself writes
for the enterprise plan of DESIGN §8 (its largest sheet is some 50 MB of XML).
"""

from __future__ import annotations

import zipfile
from xml.etree import ElementTree

from hoshin.excel.errors import DamagedWorkbookError, WorkbookTooLarge

MB = 1024 * 1024
#: A worksheet is streamed row by row; its size bounds the time the import takes.
MAX_SHEET_BYTES = 256 * MB
#: Shared strings are loaded whole (every cell's text, once).
MAX_SHARED_STRINGS_BYTES = 64 * MB
#: Any other part (workbook, styles, comments, relationships) is parsed whole.
MAX_PART_BYTES = 16 * MB
MAX_TOTAL_BYTES = 1024 * MB
MAX_PARTS = 20_000
MAX_SHEETS = 5_000
#: XML packs 5–20 to 1; a part packed tighter than this holds little but repetition.
MAX_RATIO = 200
RATIO_FROM_BYTES = 1 * MB  # small parts may pack as they like
#: Excel's own limit: a sheet claiming more rows is no Excel sheet.
MAX_ROWS = 1_048_576
#: Cells of a sheet read whole (the About sheet, an X-matrix: some 1,500 cells each).
MAX_CELLS = 250_000

_SHEET_TAG = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet"


def _mb(size: int) -> str:
    return f"{size / MB:,.0f} MB"


def _limit(name: str) -> int:
    if name.startswith("xl/worksheets/") and name.endswith(".xml"):
        return MAX_SHEET_BYTES
    if name.lower().endswith("sharedstrings.xml"):
        return MAX_SHARED_STRINGS_BYTES
    return MAX_PART_BYTES


def check_archive(archive: zipfile.ZipFile, label: str) -> None:
    """Refuse a workbook that unpacks to more than the import reads, naming the limit.

    Raises:
        WorkbookTooLarge: a part, the total, the packing or the sheet count is too large.
    """
    parts = archive.infolist()
    if len(parts) > MAX_PARTS:
        raise WorkbookTooLarge(
            f"{label} is refused: it holds {len(parts):,} parts; the import reads at most "
            f"{MAX_PARTS:,}."
        )
    total = 0
    for part in parts:
        limit = _limit(part.filename)
        if part.file_size > limit:
            raise WorkbookTooLarge(
                f"{label} is refused: its part {part.filename} unpacks to "
                f"{_mb(part.file_size)}; the import reads at most {_mb(limit)} of it."
            )
        packed = max(part.compress_size, 1)
        if part.file_size > RATIO_FROM_BYTES and part.file_size / packed > MAX_RATIO:
            raise WorkbookTooLarge(
                f"{label} is refused: its part {part.filename} is packed "
                f"{part.file_size // packed:,} to 1, as a zip bomb is; the import reads "
                f"parts packed at most {MAX_RATIO} to 1."
            )
        total += part.file_size
    if total > MAX_TOTAL_BYTES:
        raise WorkbookTooLarge(
            f"{label} is refused: it unpacks to {_mb(total)}; the import reads at most "
            f"{_mb(MAX_TOTAL_BYTES)}."
        )
    _check_sheet_count(archive, label)


def _check_sheet_count(archive: zipfile.ZipFile, label: str) -> None:
    """Count the sheets the workbook declares, streaming, and stop past the limit."""
    count = 0
    try:
        with archive.open("xl/workbook.xml") as stream:
            for _event, element in ElementTree.iterparse(stream, events=("end",)):
                if element.tag == _SHEET_TAG:
                    count += 1
                    if count > MAX_SHEETS:
                        raise WorkbookTooLarge(
                            f"{label} is refused: it declares more than {MAX_SHEETS:,} "
                            "sheets; the import reads at most that many."
                        )
                element.clear()
    except (ElementTree.ParseError, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise DamagedWorkbookError(
            f"{label} is damaged: its workbook part cannot be read ({exc})."
        ) from exc
