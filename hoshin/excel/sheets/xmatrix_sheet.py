"""One unit's X-matrix as a sheet: the faithful layout of DESIGN §3, from ``build_xmatrix``.

Layout (columns left to right, rows top to bottom)::

    title, subtitle, a blank row
                 [ North: priorities, code | title          ][ NE ][gap][ owners ][code]
    [ West     ][ 5 x 5 centre grid: the X, headings, name ][ East ]  [ names  ]
    [ (rotated)]                                             [(rot.)]
                 [ South: breakthroughs, code | title | ↑   ][ SE ]   [ target owners ]
    a blank row, the legend, the review findings

The centre is a 5 x 5 grid of equal cells, so the diagonal borders of its cells meet in one
straight X whatever an application's rule for column widths; the box with the unit's name
and year spans the middle row's three inner cells, over the crossing.
"""

from __future__ import annotations

from hoshin.excel import names
from hoshin.excel.write import styles as st
from hoshin.excel.write.cells import SheetWriter, height_for, lines_for
from hoshin.excel.write.data import Context
from hoshin.excel.write.grid import Grid
from hoshin.model.kinds import NodeKind, OwnerRole, Strength
from hoshin.reads.xmatrix.model import Item, XMatrix

TITLE_ROW, SUB_ROW = 1, 2
FIRST_BAND_ROW = 4  # after a blank row: the North band starts here
#: The 5 centre columns, in characters: equal, because Excel and LibreOffice turn characters
#: into pixels by different rules and only equal cells keep one shape under both.
CENTRE_WIDTHS = (13.0,) * 5
BAND_COL_W = 5.5  # a West or East column: two lines of rotated 10-point text
OWNER_COL_W = 4.5
OWNER_CODE_W = 9.0
GAP_W = 1.5
ROTATED_CHAR_PT = 5.6  # an average 10-point character along a rotated label
ROTATED_LINE_W = 2.4  # column width (characters) per line of rotated text
CENTRE_H_MIN, CENTRE_H_MAX = 170.0, 270.0
MIN_ROW_PT = 20.0  # a row of symbols
OWNER_MARKS = {OwnerRole.PRIMARY: names.PRIMARY, OwnerRole.SECONDARY: names.SECONDARY}


class Layout:
    """Rows and columns of every part of one X-matrix sheet."""

    def __init__(self, xm: XMatrix) -> None:
        self.n_west = max(len(xm.west), 1)
        self.n_east = max(len(xm.east), 1)
        self.n_north = max(len(xm.north), 1)
        self.n_south = max(len(xm.south), len(xm.east), 1)
        self.n_owner = max(len(xm.owners), 1)
        self.cc = 1 + self.n_west  # first centre column
        self.ec = self.cc + 5  # first East column
        self.gap = self.ec + self.n_east
        self.oc = self.gap + 1  # first owner column
        self.occ = self.oc + self.n_owner  # the owner block's code column
        self.last_col = self.occ
        self.cr = FIRST_BAND_ROW + self.n_north  # first centre row
        self.sr = self.cr + 5  # first South row
        self.last_band_row = self.sr + self.n_south - 1

    def west_col(self, i: int) -> int:
        return self.cc - 1 - i

    def east_col(self, i: int) -> int:
        return self.ec + i

    def north_row(self, i: int) -> int:
        return self.cr - 1 - i

    def south_row(self, i: int) -> int:
        return self.sr + i


def rotated_label(item: Item) -> str:
    lines = [f"{item.code} {item.title}"]
    if item.measure:
        lines.append(item.measure)
    if item.parent_code:
        lines.append(f"{names.DEPLOYED_FROM} {item.parent_code}")
    if item.deployed_in:
        lines.append(f"{names.DEPLOYED_IN} {item.deployed_in}")
    return "\n".join(lines)


def person_label(name: str, key: str) -> str:
    return f"{name}\n{key}"


def write_xmatrix(writer: SheetWriter, ctx: Context, xm: XMatrix) -> None:
    """Write ``xm`` into the (empty) sheet of ``writer``."""
    lay = Layout(xm)
    grid = Grid()
    centre_h = _centre_height(xm)
    _widths(writer, xm, lay, centre_h)
    _title(grid, ctx, xm, lay)
    _north_south(grid, xm, lay)
    _west_east(grid, xm, lay)
    _centre(grid, xm, lay, centre_h)
    _corners(grid, ctx, xm, lay)
    _owners(grid, xm, lay)
    _legend(grid, ctx, xm, lay)
    writer.landscape(a3=True, fit_height=True, gridlines=False)
    writer.ws.print_options.horizontalCentered = True
    grid.flush(writer)


def _centre_height(xm: XMatrix) -> float:
    """Points the centre rows need so the longest rotated label fits in two lines."""
    longest = max(
        (max(len(line) for line in rotated_label(i).split("\n")) for i in (*xm.west, *xm.east)),
        default=0,
    )
    names_len = max((len(o.name) for o in xm.owners), default=0)
    need = max(longest / 2, names_len) * ROTATED_CHAR_PT + 12
    return max(CENTRE_H_MIN, min(CENTRE_H_MAX, need))


def _widths(writer: SheetWriter, xm: XMatrix, lay: Layout, centre_h: float) -> None:
    per_line = max(1, int((centre_h - 10) / ROTATED_CHAR_PT))
    for band, col_of in ((xm.west, lay.west_col), (xm.east, lay.east_col)):
        for i, item in enumerate(band):
            lines = lines_for(rotated_label(item), per_line)
            writer.set_width(col_of(i), max(BAND_COL_W, lines * ROTATED_LINE_W + 0.6))
    for i in range(len(xm.west), lay.n_west):
        writer.set_width(lay.west_col(i), BAND_COL_W)
    for i in range(len(xm.east), lay.n_east):
        writer.set_width(lay.east_col(i), BAND_COL_W)
    writer.set_widths(CENTRE_WIDTHS, lay.cc)
    writer.set_width(lay.gap, GAP_W)
    for j in range(lay.n_owner):
        writer.set_width(lay.oc + j, OWNER_COL_W)
    writer.set_width(lay.occ, OWNER_CODE_W)


def _title(grid: Grid, ctx: Context, xm: XMatrix, lay: Layout) -> None:
    grid.box(TITLE_ROW, 1, TITLE_ROW, lay.gap - 1, f"X-matrix · {xm.unit_name}", st.X_TITLE)
    grid.heights[TITLE_ROW] = 26.0
    unit = ctx.org.by_id.get(xm.unit_id)
    parent = ctx.org.by_id.get(unit.parent_id) if unit and unit.parent_id else None
    sub = f"{xm.unit_code} · {xm.unit_level} · {xm.year} · {ctx.plan.name}"
    if parent is not None:
        sub += f" · below {parent.name} ({parent.code})"
    grid.box(SUB_ROW, 1, SUB_ROW, lay.gap - 1, sub, st.X_SUB)
    grid.box(SUB_ROW, lay.oc, SUB_ROW, lay.occ, names.OWNERS, st.X_HEADING[NodeKind.PRIORITY])
    grid.heights[SUB_ROW] = 16.0


def _label_style(xm: XMatrix, item: Item | None, kind: NodeKind) -> str:
    if item is not None and item.deployed_in:
        return st.X_DEPLOYED_IN[kind]
    if item is not None and xm.findings.get(item.code):
        return st.X_FLAGGED[kind]
    return st.X_LABEL[kind]


def _north_south(grid: Grid, xm: XMatrix, lay: Layout) -> None:
    title_w = sum(CENTRE_WIDTHS[1:4])
    cc = lay.cc
    for kind, band, count, row_of in (
        (NodeKind.PRIORITY, xm.north, lay.n_north, lay.north_row),
        (NodeKind.BREAKTHROUGH, xm.south, lay.n_south, lay.south_row),
    ):
        for i in range(count):
            item = band[i] if i < len(band) else None
            r = row_of(i)
            code_style, style = st.X_CODE[kind], _label_style(xm, item, kind)
            if item is None and i >= max(len(band), 1):
                # South rows beyond the breakthroughs exist for the target owners only.
                grid.fill(r, cc, r, cc + 4, st.X_GAP)
                grid.heights.setdefault(r, MIN_ROW_PT)
                continue
            grid.put(r, cc, item.code if item else None, code_style)
            if kind is NodeKind.BREAKTHROUGH:
                grid.box(r, cc + 1, r, cc + 3, item.title if item else None, style)
                parent = (
                    f"{names.DEPLOYED_FROM} {item.parent_code}"
                    if item and item.parent_code
                    else None
                )
                grid.put(r, cc + 4, parent, code_style)
                width = title_w
            else:
                title = item.title if item else None
                if item is not None and item.deployed_in:
                    title = f"{item.title}\n{names.DEPLOYED_IN} {item.deployed_in}"
                grid.box(r, cc + 1, r, cc + 4, title, style)
                width = title_w + CENTRE_WIDTHS[4]
            lines = lines_for(item.title if item else "", width) + bool(item and item.deployed_in)
            grid.heights[r] = max(MIN_ROW_PT, height_for(lines))


def _west_east(grid: Grid, xm: XMatrix, lay: Layout) -> None:
    for kind, band, count, col_of in (
        (NodeKind.ANNUAL, xm.west, lay.n_west, lay.west_col),
        (NodeKind.TARGET, xm.east, lay.n_east, lay.east_col),
    ):
        for i in range(count):
            item = band[i] if i < len(band) else None
            c = col_of(i)
            text = rotated_label(item) if item else None
            grid.box(lay.cr, c, lay.cr + 4, c, text, _label_style(xm, item, kind))


def _centre(grid: Grid, xm: XMatrix, lay: Layout, centre_h: float) -> None:
    """The X: diagonal borders in a 5 x 5 grid of cells of one shape, the name box inside."""
    for i in range(5):
        grid.heights[lay.cr + i] = round(centre_h / 5, 2)
    cr, cc = lay.cr, lay.cc
    for i in (0, 1, 3, 4):
        grid.put(cr + i, cc + i, None, st.X_DIAG_DOWN)
        grid.put(cr + i, cc + 4 - i, None, st.X_DIAG_UP)
    h = names.HEADINGS
    grid.box(cr, cc + 1, cr, cc + 3, h[NodeKind.PRIORITY], st.X_HEADING[NodeKind.PRIORITY])
    grid.box(
        cr + 4,
        cc + 1,
        cr + 4,
        cc + 3,
        h[NodeKind.BREAKTHROUGH],
        st.X_HEADING[NodeKind.BREAKTHROUGH],
    )
    grid.box(cr + 1, cc, cr + 3, cc, h[NodeKind.ANNUAL], st.X_HEADING[NodeKind.ANNUAL])
    grid.box(cr + 1, cc + 4, cr + 3, cc + 4, h[NodeKind.TARGET], st.X_HEADING[NodeKind.TARGET])
    grid.box(cr + 2, cc + 1, cr + 2, cc + 3, f"{xm.unit_name}\n{xm.year}", st.X_CENTRE)


def _corners(grid: Grid, ctx: Context, xm: XMatrix, lay: Layout) -> None:
    """The four corner grids: a symbol where a row and a column are linked."""
    # South rows past the breakthroughs hold target owners only: no corner cells there.
    rows = (
        (xm.north, lay.n_north, lay.north_row, xm.nw, xm.ne),
        (xm.south, max(len(xm.south), 1), lay.south_row, xm.sw, xm.se),
    )
    cols = ((xm.west, lay.n_west, lay.west_col, 0), (xm.east, lay.n_east, lay.east_col, 1))
    for row_items, n_rows, row_of, left, right in rows:
        for i in range(n_rows):
            r = row_of(i)
            row_item = row_items[i] if i < len(row_items) else None
            for col_items, n_cols, col_of, side in cols:
                corner = (left, right)[side]
                for j in range(n_cols):
                    col_item = col_items[j] if j < len(col_items) else None
                    value, comment = None, None
                    if row_item is not None and col_item is not None:
                        key = (row_item.code, col_item.code)
                        value = _symbol(ctx, corner.get(key), key in xm.unrated)
                        comment = xm.rationale.get(key)
                    grid.put(r, col_of(j), value, st.X_CELL, comment or None)


def _symbol(ctx: Context, strength: Strength | None, unrated: bool) -> str | None:
    if strength is not None:
        return ctx.symbol(strength)
    return names.UNRATED if unrated else None


def _owners(grid: Grid, xm: XMatrix, lay: Layout) -> None:
    """People across, priority rows level with the North band, target rows with the South."""
    for j in range(lay.n_owner):
        owner = xm.owners[j] if j < len(xm.owners) else None
        text = person_label(owner.name, owner.key) if owner else None
        grid.box(lay.cr, lay.oc + j, lay.cr + 4, lay.oc + j, text, st.X_PERSON)
    grid.box(lay.cr, lay.occ, lay.cr + 4, lay.occ, None, st.X_OWNER_CODE)
    rows = [(lay.north_row(i), item) for i, item in enumerate(xm.north)]
    rows += [(lay.south_row(i), item) for i, item in enumerate(xm.east)]
    used = {r for r, _ in rows}
    for r, item in rows:
        if item.deployed_in:  # owned in its own unit: no owner row here
            grid.fill(r, lay.oc, r, lay.occ, st.X_OWNER)
            continue
        grid.put(r, lay.occ, item.code, st.X_OWNER_CODE)
        for j in range(lay.n_owner):
            owner = xm.owners[j] if j < len(xm.owners) else None
            role = xm.owner_cells.get((item.code, owner.key)) if owner else None
            mark = OWNER_MARKS.get(role) if role is not None else None
            grid.put(r, lay.oc + j, mark, st.X_OWNER)
    for r in (*range(FIRST_BAND_ROW, lay.cr), *range(lay.sr, lay.last_band_row + 1)):
        if r not in used:
            grid.fill(r, lay.oc, r, lay.occ, st.X_OWNER)


def _legend(grid: Grid, ctx: Context, xm: XMatrix, lay: Layout) -> None:
    s = ctx.symbols
    lines = [
        (
            "Correlation: "
            f"{s.get(Strength.STRONG, '')} strong   {s.get(Strength.MEDIUM, '')} medium   "
            f"{s.get(Strength.WEAK, '')} weak   {names.UNRATED} linked, no strength yet"
            f"        Owners: {names.PRIMARY} primary   {names.SECONDARY} secondary",
            st.X_LEGEND,
        ),
        # Short lines: a legend wider than the matrix would make the page print smaller.
        (
            "Codes stand beside titles; ↑ names the item of the unit above that a row or column "
            "was deployed from.",
            st.X_LEGEND,
        ),
        (
            f"Grey rows and columns marked {names.DEPLOYED_IN} are a unit above's items that "
            "this unit's kaizens serve (changed on that unit's sheet).",
            st.X_LEGEND,
        ),
        ("A comment on a corner cell holds the rationale of that link.", st.X_LEGEND),
    ]
    for code in sorted(xm.findings):
        for message in xm.findings[code]:
            lines.append((f"Review: {message}", st.X_FINDING))
    r = lay.last_band_row + 2
    for text, style in lines:
        grid.box(r, 1, r, lay.last_col, text, style)
        grid.heights[r] = 15.0
        r += 1
