"""``import_workbook``: a plan from a workbook Hoshin exported, or from a person's X-matrix.

Nothing is written until the whole workbook has been read; the plan is then built in one
transaction under a temporary name and renamed into place when complete, so a bad
workbook, or a killed import, never leaves a partial plan behind.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hoshin.excel import names
from hoshin.excel.errors import ImportFailed
from hoshin.excel.read.builder import build_plan
from hoshin.excel.read.content import Content
from hoshin.excel.read.hoshin_reader import (
    is_hoshin_workbook,
    read_about,
    read_matrices,
    read_objectives,
    read_organisation,
    require,
)
from hoshin.excel.read.reading import Book, open_book
from hoshin.excel.read.records_reader import (
    read_a3s,
    read_bowling,
    read_catchball,
    read_countermeasures,
    read_kaizens,
    read_reflections,
    read_sustainment,
)
from hoshin.excel.read.report import ImportReport
from hoshin.excel.read.target_values_reader import read_target_values
from hoshin.excel.read.user_sheet import read_user_sheet
from hoshin.excel.read.years_reader import read_year_states, read_years
from hoshin.excel.write.progress import ProgressFn

#: Share of the progress bar for reading the workbook; building the plan takes the rest.
READ_SHARE = 300
SCALE = 1000


#: A guess at the XML bytes of one table row, to move the bar within a sheet.
ROW_BYTES = 600


class _Progress:
    """One bar over two phases: reading the sheets, then running the operations.

    Reading is measured in the sheets' XML bytes (a write-only workbook does not say how
    many rows a sheet has); building in operations.
    """

    def __init__(self, progress: ProgressFn | None) -> None:
        self.progress = progress
        self.read = 0  # bytes of the sheets read so far
        self.read_total = 1
        self.sheet_bytes = 0  # of the sheet being read
        self.sheet_rows = 0
        self.built = 0
        self.build_total = 1
        self.text = ""

    def sheet(self, size: int, text: str) -> None:
        """A sheet of ``size`` XML bytes is read next (the one before is done)."""
        self.read += self.sheet_bytes
        self.sheet_bytes, self.sheet_rows = size, 0
        self.stage(text)

    def reading(self, n: int) -> None:
        self.sheet_rows += n
        if self.sheet_rows % 500 < n:
            self._report()

    def building(self) -> None:
        self.built += 1
        if self.built % 500 == 0:
            self._report()

    def stage(self, text: str) -> None:
        self.text = text
        self._report()

    def _report(self) -> None:
        if self.progress is None:
            return
        read = self.read + min(self.sheet_rows * ROW_BYTES, self.sheet_bytes)
        done = READ_SHARE * min(read, self.read_total) // self.read_total
        done += (SCALE - READ_SHARE) * min(self.built, self.build_total) // self.build_total
        self.progress(done, SCALE, self.text)


def import_workbook(
    in_path: str | Path, out_path: str | Path, progress: ProgressFn | None = None
) -> ImportReport:
    """Build a new plan at ``out_path`` from the workbook at ``in_path``.

    Args:
        in_path: an ``.xlsx`` Hoshin exported, or one holding an X-matrix laid out as
            DESIGN §3 (labels around a centre, strengths in the corners).
        out_path: the new plan; it must not exist yet.
        progress: called as ``progress(done, total, text)`` while the import runs.

    Returns:
        What was imported and, with cell references, what could not be mapped.

    Raises:
        WorkbookError: the file is not a readable ``.xlsx`` (with a subclass that says why).
        UnknownLayoutError: it is a workbook, but neither Hoshin's nor an X-matrix.
        ImportFailed: the plan it describes cannot be built; no plan file is left.
    """
    source, out = Path(in_path), Path(out_path)
    if out.exists():
        raise ImportFailed(f"{out} already exists; choose another name or delete it first.")
    if not out.parent.exists():
        raise ImportFailed(f"Cannot create {out}: the folder {out.parent} does not exist.")
    bar = _Progress(progress)
    bar.stage(f"Reading {source.name}")
    with open_book(source) as book:
        hoshin = is_hoshin_workbook(book)
        content = _read_hoshin(book, bar) if hoshin else read_user_sheet(book)
    bar.read, bar.sheet_bytes = bar.read_total, 0
    bar.build_total = _op_estimate(content)
    bar.stage("Building the plan")
    report = build_plan(content, out, bar.building)
    bar.built = bar.build_total
    bar.stage("Done")
    return report


def _read_hoshin(book: Book, bar: _Progress) -> Content:
    for sheet in (names.ABOUT, names.ORGANISATION):
        require(book, sheet)
    bar.read_total = sum(book.xml_size(name) for name in book.sheet_names) or 1
    content = Content(plan_name=book.path.stem, source="Hoshin workbook")
    index = read_about(book, content)
    bar.sheet(book.xml_size(names.ORGANISATION), "Reading the organisation")
    read_organisation(book, content)
    has_objectives = names.OBJECTIVES in book.sheet_names
    if has_objectives:
        bar.sheet(book.xml_size(names.OBJECTIVES), "Reading the objectives")
        read_objectives(book, content)
    matrices = [n for n in book.sheet_names if n in index or n.startswith(names.XMATRIX_PREFIX)]
    bar.sheet(sum(book.xml_size(n) for n in matrices), "Reading the X-matrices")
    read_matrices(book, content, index, has_objectives)
    readers: list[tuple[str, Callable[..., None]]] = [
        (names.BOWLING, read_bowling),
        (names.COUNTERMEASURES, read_countermeasures),
        (names.KAIZENS, read_kaizens),
        (names.SUSTAINMENT, read_sustainment),
        (names.CATCHBALL, read_catchball),
    ]
    for sheet, reader in readers:
        if sheet in book.sheet_names:
            bar.sheet(book.xml_size(sheet), f"Reading the {sheet} sheet")
            reader(book, content, bar.reading)
        else:
            content.problems.append(f"The workbook has no {sheet!r} sheet; its records are missing")
    if names.A3S in book.sheet_names:  # workbooks from before A3s have none, and lack nothing
        bar.sheet(book.xml_size(names.A3S), f"Reading the {names.A3S} sheet")
        read_a3s(book, content, bar.reading)
    if names.TARGET_VALUES in book.sheet_names:  # nor from before finer tracking
        bar.sheet(book.xml_size(names.TARGET_VALUES), f"Reading the {names.TARGET_VALUES} sheet")
        read_target_values(book, content, bar.reading)
    if names.REFLECTION in book.sheet_names:  # nor from before the reflection
        bar.sheet(book.xml_size(names.REFLECTION), f"Reading the {names.REFLECTION} sheet")
        read_reflections(book, content, bar.reading)
    if names.YEARS in book.sheet_names:  # a plan of more than one year
        bar.sheet(book.xml_size(names.YEARS), f"Reading the {names.YEARS} sheet")
        read_years(book, content, bar.reading)
        read_year_states(book, content)
    return content


def _op_estimate(content: Content) -> int:
    return max(
        1,
        len(content.units)
        + len(content.people)
        + 2 * len(content.nodes)
        + len(content.links)
        + len(content.owners)
        + len(content.measurements)
        + 2 * len(content.kaizens)
        + len(content.checks)
        + len(content.items)
        + len(content.reflections)
        + 3 * len(content.year_nodes)
        + 2,
    )
