"""Hostile workbooks are refused before openpyxl parses them, each with one line naming the
limit. Before, a 0.35 MB workbook took 3.2 GB, and one declaring 10⁶ sheets ran for minutes
inside ``load_workbook``, before any of Hoshin's own checks."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook

from hoshin.cli.main import main
from hoshin.excel.read import limits

MB = 1024 * 1024
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _repeat(piece: bytes, size: int) -> Iterator[bytes]:
    chunk = piece * max(1, MB // len(piece))
    for _ in range(size // len(chunk) + 1):
        yield chunk


def hostile(tmp_path: Path, name: str, parts: dict[str, Callable[[], Iterator[bytes]]]) -> Path:
    """A real workbook (openpyxl's own), with some parts replaced or added."""
    plain = tmp_path / "plain.xlsx"
    wb = Workbook()
    wb.active.title = "About"
    wb.active["A1"] = "Hoshin"
    wb.save(plain)
    out = tmp_path / name
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename not in parts:
                dst.writestr(info, src.read(info.filename))
        for part, chunks in parts.items():
            with dst.open(part, "w", force_zip64=True) as stream:
                for chunk in chunks():
                    stream.write(chunk)
    return out


def _rows() -> Iterator[bytes]:
    yield f'<worksheet xmlns="{MAIN}"><sheetData>'.encode()
    yield from _repeat(b'<row><c t="inlineStr"><is><t>x</t></is></c></row>', 60 * MB)
    yield b"</sheetData></worksheet>"


def _strings() -> Iterator[bytes]:
    yield f'<sst xmlns="{MAIN}">'.encode()
    yield from _repeat(b"<si><t>a shared string that repeats</t></si>", 70 * MB)
    yield b"</sst>"


def _sheets(count: int) -> Callable[[], Iterator[bytes]]:
    def chunks() -> Iterator[bytes]:
        yield f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'.encode()
        batch: list[str] = []
        for n in range(1, count + 1):
            batch.append(f'<sheet name="S{n}" sheetId="{n}" r:id="rId1"/>')
            if len(batch) == 10_000:
                yield "".join(batch).encode()
                batch = []
        yield "".join(batch).encode()
        yield b"</sheets></workbook>"

    return chunks


CASES = [
    ("bomb.xlsx", {"xl/worksheets/sheet1.xml": _rows}, "is packed"),
    ("strings.xlsx", {"xl/sharedStrings.xml": _strings}, "reads at most 64 MB"),
    ("million.xlsx", {"xl/workbook.xml": _sheets(1_000_000)}, "reads at most 16 MB"),
    ("many.xlsx", {"xl/workbook.xml": _sheets(limits.MAX_SHEETS + 1)}, "more than 5,000 sheets"),
]


@pytest.mark.parametrize(("name", "parts", "words"), CASES)
def test_a_hostile_workbook_is_refused_naming_the_limit(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    parts: dict[str, Callable[[], Iterator[bytes]]],
    words: str,
) -> None:
    book = hostile(tmp_path, name, parts)
    folder = tmp_path / "out"
    folder.mkdir()
    code = main(["import", str(book), "-o", str(folder / "plan.hoshin")])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert err.startswith(f"hoshin: error: {name} is refused: ") and err.count("\n") == 1, err
    assert words in err
    assert list(folder.iterdir()) == []


def test_a_sheet_of_too_many_cells_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_CELLS", 50)  # the cap, met by a small sheet
    book = tmp_path / "wide.xlsx"
    wb = Workbook()
    for row in range(1, 11):
        wb.active.append([f"r{row}c{col}" for col in range(1, 11)])
    wb.save(book)
    code = main(["import", str(book), "-o", str(tmp_path / "plan.hoshin")])
    err = capsys.readouterr().err
    assert code == 1 and "has more than 50 cells" in err and err.count("\n") == 1
    assert not (tmp_path / "plan.hoshin").exists()
