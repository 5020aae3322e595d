"""Reading an X-matrix laid out as DESIGN §3 from a sheet's cells: Hoshin's own or a person's.

The centre is found first: by the four quadrant headings when the sheet has them (Hoshin's
sheets do), else as the empty middle between the rows and the columns that hold strength
symbols. Around it: North and South rows (labels across), West and East columns (labels in
the centre rows, usually rotated), the corner grids, and the owner block right of the East
band when an empty column sets it apart. Whatever cannot be placed is reported with its cell.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from hoshin.excel import names
from hoshin.excel.read.matrix_model import (
    CODE_RE,
    MEASURE_RE,
    Label,
    MatrixLink,
    MatrixRead,
    is_symbol,
    strength_of,
)
from hoshin.excel.read.matrix_owners import read_owners
from hoshin.excel.read.reading import Cells, as_text, ref
from hoshin.model.kinds import NodeKind, Strength


@dataclass(frozen=True)
class Frame:
    """The centre: rows r0..r1 and columns c0..c1 (inclusive)."""

    r0: int
    r1: int
    c0: int
    c1: int


def find_frame(cells: Cells, symbols: dict[str, Strength]) -> Frame | None:
    """The centre of the X-matrix in ``cells``, or None when the sheet shows none."""
    heads = {
        kind: [p for p, v in cells.items() if v == text] for kind, text in names.HEADINGS.items()
    }
    if all(len(found) == 1 for found in heads.values()):
        north, south = heads[NodeKind.PRIORITY][0], heads[NodeKind.BREAKTHROUGH][0]
        west, east = heads[NodeKind.ANNUAL][0], heads[NodeKind.TARGET][0]
        if north[0] < south[0] and west[1] < east[1]:
            return Frame(north[0], south[0], west[1], east[1])
    marks = [p for p, v in cells.items() if is_symbol(v, symbols)]
    if not marks:
        return None
    rows = sorted({r for r, _ in marks})
    cols = sorted({c for _, c in marks})
    mark_rows, mark_cols = set(rows), set(cols)

    def text_len(cells_at: Iterable[object]) -> int:
        return sum(len(t) for v in cells_at if (t := as_text(v)) and not is_symbol(v, symbols))

    def row_weight(r: int) -> int:  # West/East labels stand in the centre rows
        return text_len(cells.get((r, c)) for c in mark_cols)

    def col_weight(c: int) -> int:  # North/South labels stand in the centre columns
        return text_len(cells.get((r, c)) for r in mark_rows)

    rr = _middle(rows, row_weight)
    cc = _middle(cols, col_weight)
    if rr is None or cc is None:
        return None
    return Frame(rr[0], rr[1], cc[0], cc[1])


def _middle(positions: list[int], weight: Callable[[int], int]) -> tuple[int, int] | None:
    """The run between symbol rows (or columns) that holds the most label text."""
    gaps = [(a + 1, b - 1) for a, b in itertools.pairwise(positions) if b - a > 1]
    scored = [(sum(weight(x) for x in range(g[0], g[1] + 1)), g) for g in gaps]
    scored = [s for s in scored if s[0] > 0]
    if scored:
        return max(scored)[1]
    # Symbols on one side only: the labels' run next to them is the centre.
    for start, step in ((positions[-1] + 1, 1), (positions[0] - 1, -1)):
        x = start
        while x > 0 and weight(x) > 0:
            x += step
        if x != start:
            return (min(start, x - step), max(start, x - step))
    return None


def _run(start: int, step: int, has: Callable[[int], bool], limit: int = 10_000) -> list[int]:
    """Consecutive positions from ``start`` (going ``step``) for which ``has`` is true."""
    out: list[int] = []
    x = start
    while 0 < x < limit and has(x):
        out.append(x)
        x += step
    return out


def read_matrix(
    sheet: str,
    cells: Cells,
    comments: dict[tuple[int, int], str],
    symbols: dict[str, Strength],
    *,
    report_outside: bool = True,
) -> MatrixRead | None:
    """The X-matrix in ``cells``, or None when no centre can be found."""
    frame = find_frame(cells, symbols)
    if frame is None:
        return None
    out = MatrixRead(sheet)
    used: set[tuple[int, int]] = set()
    f = frame
    centre_rows = range(f.r0, f.r1 + 1)
    centre_cols = range(f.c0, f.c1 + 1)

    def filled(r: int, c: int) -> bool:
        return (r, c) in cells

    def col_has(c: int, rows: Iterable[int]) -> bool:
        return any(filled(r, c) for r in rows)

    # Rows first (they need only the centre columns), then columns, then rows again with them.
    north = _run(f.r0 - 1, -1, lambda r: any(filled(r, c) for c in centre_cols))
    south = _run(f.r1 + 1, 1, lambda r: any(filled(r, c) for c in centre_cols))
    band_rows = [*north, *south]
    west = _run(f.c0 - 1, -1, lambda c: col_has(c, [*centre_rows, *band_rows]))
    east = _run(f.c1 + 1, 1, lambda c: col_has(c, [*centre_rows, *band_rows]))
    owner_cols: list[int] = []
    after = (east[-1] if east else f.c1) + 1
    for gap in (after, after + 1):  # the owner block stands one or two empty columns away
        if not col_has(gap, [*centre_rows, *band_rows]):
            owner_cols = _run(gap + 1, 1, lambda c: col_has(c, [*centre_rows, *band_rows]))
            if owner_cols:
                break
    side_cols = [*west, *east, *owner_cols]
    # A South row may hold only corner symbols or target owners: extend the band by them.
    south = _run(f.r1 + 1, 1, lambda r: any(filled(r, c) for c in [*centre_cols, *side_cols]))
    north = _run(f.r0 - 1, -1, lambda r: any(filled(r, c) for c in [*centre_cols, *side_cols]))

    for r in centre_rows:
        for c in centre_cols:
            text = as_text(cells.get((r, c)))
            if text and text not in names.HEADINGS.values():
                out.centre_text.extend(line.strip() for line in text.split("\n") if line.strip())
            if text:
                used.add((r, c))

    bands = {
        NodeKind.PRIORITY: [
            _row_label(cells, NodeKind.PRIORITY, i, r, centre_cols, used)
            for i, r in enumerate(north)
        ],
        NodeKind.BREAKTHROUGH: [
            _row_label(cells, NodeKind.BREAKTHROUGH, i, r, centre_cols, used)
            for i, r in enumerate(south)
        ],
        NodeKind.ANNUAL: [
            _col_label(cells, NodeKind.ANNUAL, i, c, centre_rows, used) for i, c in enumerate(west)
        ],
        NodeKind.TARGET: [
            _col_label(cells, NodeKind.TARGET, i, c, centre_rows, used) for i, c in enumerate(east)
        ],
    }
    out.bands = {k: [x for x in v if x is not None] for k, v in bands.items()}
    north_at = dict(zip(north, bands[NodeKind.PRIORITY], strict=True))
    south_at = dict(zip(south, bands[NodeKind.BREAKTHROUGH], strict=True))
    west_at = dict(zip(west, bands[NodeKind.ANNUAL], strict=True))
    east_at = dict(zip(east, bands[NodeKind.TARGET], strict=True))
    kinds = {NodeKind.PRIORITY: "priority", NodeKind.BREAKTHROUGH: "breakthrough"}

    for rows_at, row_kind in ((north_at, NodeKind.PRIORITY), (south_at, NodeKind.BREAKTHROUGH)):
        for r, row_label in rows_at.items():
            for cols_at, col_kind in ((west_at, NodeKind.ANNUAL), (east_at, NodeKind.TARGET)):
                for c, col_label in cols_at.items():
                    if (r, c) not in cells:
                        continue
                    used.add((r, c))
                    value, at = cells[(r, c)], f"{sheet}!{ref(r, c)}"
                    linked, strength = strength_of(value, symbols)
                    if not linked:
                        out.problems.append(f"{at}: {as_text(value)!r} is not a strength")
                    elif row_label is None:
                        out.problems.append(f"{at}: a link in a row with no {kinds[row_kind]}")
                    elif col_label is None:
                        what = "annual objective" if col_kind is NodeKind.ANNUAL else "target"
                        out.problems.append(f"{at}: a link in a column with no {what}")
                    else:
                        out.links.append(
                            MatrixLink(
                                row_label,
                                col_label,
                                strength,
                                comments.get((r, c), ""),
                                at,
                            )
                        )

    read_owners(
        cells, sheet, out, owner_cols, centre_rows, north_at, south_at, bands[NodeKind.TARGET], used
    )
    if report_outside:
        for (r, c), value in sorted(cells.items()):
            if (r, c) not in used:
                what = f"{as_text(value)!r} is outside the X-matrix and was not read"
                out.problems.append(f"{sheet}!{ref(r, c)}: {what}")
    return out


def _split_code(text: str) -> tuple[str | None, str]:
    found = CODE_RE.match(text)
    if found:
        return found.group(1), (found.group(2) or "").strip()
    return None, text


def _parse_label(kind: NodeKind, index: int, cell: str, pieces: list[str]) -> Label | None:
    """A label from its texts: a code (alone or first), a title, ``↑ CODE``, a measure."""
    code: str | None = None
    parent: str | None = None
    deployed_in: str | None = None
    title_parts: list[str] = []
    lines = [line.strip() for piece in pieces for line in piece.split("\n") if line.strip()]
    for n, line in enumerate(lines):
        if line.startswith(names.DEPLOYED_FROM):
            parent = line[len(names.DEPLOYED_FROM) :].strip() or None
        elif line.startswith(names.DEPLOYED_IN):
            deployed_in = line[len(names.DEPLOYED_IN) :].strip() or None
        elif n == 0:
            code, rest = _split_code(line)
            if rest:
                title_parts.append(rest)
        elif kind is NodeKind.TARGET and MEASURE_RE.match(line) and title_parts:
            continue  # "18 → 24 %": the target's fields stand on the Bowling sheet
        else:
            title_parts.append(line)
    title = " ".join(title_parts).strip()
    if not title and code is None:
        return None
    return Label(kind, index, cell, code, title, parent, deployed_in)


def _row_label(
    cells: Cells, kind: NodeKind, index: int, r: int, cols: range, used: set[tuple[int, int]]
) -> Label | None:
    pieces = []
    first = None
    for c in cols:
        text = as_text(cells.get((r, c)))
        if text:
            used.add((r, c))
            pieces.append(text)
            first = first or ref(r, c)
    return _parse_label(kind, index, first or ref(r, cols[0]), pieces) if pieces else None


def _col_label(
    cells: Cells, kind: NodeKind, index: int, c: int, rows: range, used: set[tuple[int, int]]
) -> Label | None:
    pieces = []
    first = None
    for r in rows:
        text = as_text(cells.get((r, c)))
        if text:
            used.add((r, c))
            pieces.append(text)
            first = first or ref(r, c)
    return _parse_label(kind, index, first or ref(rows[0], c), pieces) if pieces else None
