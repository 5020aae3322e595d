"""Where everything of an X-matrix goes, and what is under a point.

The classic layout (DESIGN §3): a centre box split by its diagonals into four triangles,
one per band; the North (priorities) and South (breakthroughs) bands run across above and
below it, the West (annual objectives) and East (targets) bands stand left and right of it
with rotated labels, and the four corner grids sit between adjacent bands. Items are
numbered from the centre outward, so the first item of every band touches the centre box.
The owner block stands right of the East band: priority rows level with the North band,
the people's names level with the centre, target rows below.

Geometry is pure arithmetic on row and column indices, so hit-testing is O(1) whatever
the matrix holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFontMetricsF

from hoshin.model.kinds import NodeKind
from hoshin.reads.xmatrix.model import Corner, Item, XMatrix, corner_of
from views.xmatrix import style
from views.xmatrix.style import Fonts


class HitKind(StrEnum):
    CELL = "cell"  # a corner cell: row code, col code, corner
    OWNER = "owner"  # an owner cell: row = item code, col = person key
    LABEL = "label"  # a band label (or an owner row's code): code
    PERSON = "person"  # a person's name above the owner block: col = person key
    ADD = "add"  # a "+" button, or the placeholder of an empty band: node_kind
    CENTRE = "centre"  # the unit box in the middle


@dataclass(frozen=True, slots=True)
class Hit:
    kind: HitKind
    row: str = ""
    col: str = ""
    corner: Corner | None = None
    node_kind: NodeKind | None = None

    @property
    def code(self) -> str:
        """The node a label hit names."""
        return self.row


@dataclass(frozen=True, slots=True)
class Heading:
    """A quadrant heading in the centre triangle, with its "+" button."""

    kind: NodeKind
    text: str
    origin: QPointF  # where the text's baseline starts, in its own (maybe rotated) frame
    rotated: bool  # True: reads bottom to top
    add_centre: QPointF


class MatrixLayout:
    """The geometry of one X-matrix with the given fonts."""

    def __init__(self, xm: XMatrix, fonts: Fonts | None = None) -> None:
        self.xm = xm
        self.fonts = fonts or Fonts.default()
        f = self.fonts
        label, code, small = QFontMetricsF(f.label), QFontMetricsF(f.code), QFontMetricsF(f.small)
        self.n_west = max(len(xm.west), 1)
        self.n_east = max(len(xm.east), 1)
        self.n_north = max(len(xm.north), 1)
        self.n_south = max(len(xm.south), 1)
        self.n_owner = max(len(xm.owners), 1)

        codes = [i.code for i in (*xm.north, *xm.south)] or ["BT-00"]
        self.code_w = max(code.horizontalAdvance(c) for c in codes) + 2 * style.PAD
        self.centre_w = _clamp(
            max(
                (
                    self.code_w
                    + label.horizontalAdvance(i.title)
                    + (small.horizontalAdvance(f"↑ {i.parent_code}") + 10 if i.parent_code else 0)
                    + 2 * style.PAD
                    + style.MARKER_W
                    for i in (*xm.north, *xm.south)
                ),
                default=0.0,
            ),
            style.CENTRE_W_MIN,
            style.CENTRE_W_MAX,
        )
        needs = [self._rotated_need(i, label, code, small) for i in (*xm.west, *xm.east)]
        needs += [small.horizontalAdvance(o.name) + 2 * style.PAD for o in xm.owners]
        self.centre_h = _clamp(max(needs, default=0.0), style.CENTRE_H_MIN, style.CENTRE_H_MAX)

        self.x0 = style.MARGIN
        self.cx = self.x0 + self.n_west * style.COL_W
        self.ex = self.cx + self.centre_w
        self.ox = self.ex + self.n_east * style.COL_W + style.GAP
        self.ocx = self.ox + self.n_owner * style.OWNER_W
        self.right = self.ocx + style.OWNER_CODE_W
        self.y0 = style.MARGIN + style.TITLE_H
        self.cy = self.y0 + self.n_north * style.ROW_H
        self.sy = self.cy + self.centre_h
        self.n_target_rows = len(xm.east)
        self.bottom = self.sy + max(self.n_south, self.n_target_rows) * style.ROW_H
        self.legend_y = self.bottom + style.LEGEND_GAP
        self.width = self.right + style.MARGIN
        self.height = self.legend_y + style.LEGEND_H + style.MARGIN
        self.headings = self._headings()
        self._index = {
            item.code: (item.kind, n)
            for band in (xm.south, xm.west, xm.north, xm.east)
            for n, item in enumerate(band)
        }
        self._person = {o.key: n for n, o in enumerate(xm.owners)}

    @staticmethod
    def _rotated_need(
        item: Item, label: QFontMetricsF, code: QFontMetricsF, small: QFontMetricsF
    ) -> float:
        """Length a rotated label needs: two wrapped lines, or a title line and a measure."""
        text_w = code.horizontalAdvance(item.code + " ") + label.horizontalAdvance(item.title)
        # Without a measure the title takes two lines; 0.62 leaves room for a ragged wrap.
        need = max(text_w, small.horizontalAdvance(item.measure)) if item.measure else text_w * 0.62
        return need + 2 * style.PAD + style.MARKER_W

    # -- rectangles --------------------------------------------------------------------------

    @property
    def scene_rect(self) -> QRectF:
        return QRectF(0, 0, self.width, self.height)

    @property
    def centre(self) -> QRectF:
        return QRectF(self.cx, self.cy, self.centre_w, self.centre_h)

    @property
    def unit_box(self) -> QRectF:
        """The box with the unit's name and year, in the middle of the X."""
        name_w = QFontMetricsF(self.fonts.centre).horizontalAdvance(self.xm.unit_name) + 28
        # Wide enough for the name, but clear of the rotated headings left and right.
        w, h = _clamp(name_w, 160.0, self.centre_w * 0.58), 54.0
        c = self.centre.center()
        return QRectF(c.x() - w / 2, c.y() - h / 2, w, h)

    def col_x(self, kind: NodeKind, i: int) -> float:
        """Left edge of column ``i`` of the West (annual) or East (target) band."""
        if kind is NodeKind.ANNUAL:
            return self.cx - (i + 1) * style.COL_W
        return self.ex + i * style.COL_W

    def row_y(self, kind: NodeKind, i: int) -> float:
        """Top edge of row ``i`` of the North (priority) or South (breakthrough) band."""
        if kind is NodeKind.PRIORITY:
            return self.cy - (i + 1) * style.ROW_H
        return self.sy + i * style.ROW_H

    def band_rect(self, kind: NodeKind) -> QRectF:
        """The whole label band of ``kind``."""
        if kind is NodeKind.ANNUAL:
            return QRectF(self.x0, self.cy, self.cx - self.x0, self.centre_h)
        if kind is NodeKind.TARGET:
            return QRectF(self.ex, self.cy, self.n_east * style.COL_W, self.centre_h)
        if kind is NodeKind.PRIORITY:
            return QRectF(self.cx, self.y0, self.centre_w, self.cy - self.y0)
        return QRectF(self.cx, self.sy, self.centre_w, self.n_south * style.ROW_H)

    def corner_rect(self, corner: Corner) -> QRectF:
        cols = self.band_rect(corner.col_kind)
        rows = self.band_rect(corner.row_kind)
        return QRectF(cols.left(), rows.top(), cols.width(), rows.height())

    def slot_rect(self, kind: NodeKind, i: int) -> QRectF:
        """Label ``i`` of a band (also for the placeholder slot 0 of an empty band)."""
        if kind in (NodeKind.ANNUAL, NodeKind.TARGET):
            return QRectF(self.col_x(kind, i), self.cy, style.COL_W, self.centre_h)
        return QRectF(self.cx, self.row_y(kind, i), self.centre_w, style.ROW_H)

    def label_rect(self, code: str) -> QRectF | None:
        found = self._index.get(code)
        return None if found is None else self.slot_rect(*found)

    def cell_rect(self, row: str, col: str) -> QRectF | None:
        r, c = self._index.get(row), self._index.get(col)
        if r is None or c is None:
            return None
        if r[0] not in (NodeKind.PRIORITY, NodeKind.BREAKTHROUGH):
            return None
        if c[0] not in (NodeKind.ANNUAL, NodeKind.TARGET):
            return None
        return QRectF(self.col_x(c[0], c[1]), self.row_y(r[0], r[1]), style.COL_W, style.ROW_H)

    def owner_row_y(self, code: str) -> float | None:
        found = self._index.get(code)
        if found is None or found[0] not in (NodeKind.PRIORITY, NodeKind.TARGET):
            return None
        kind, i = found
        return self.row_y(kind, i) if kind is NodeKind.PRIORITY else self.sy + i * style.ROW_H

    def owner_rect(self, code: str, key: str) -> QRectF | None:
        y, j = self.owner_row_y(code), self._person.get(key)
        if y is None or j is None:
            return None
        return QRectF(self.ox + j * style.OWNER_W, y, style.OWNER_W, style.ROW_H)

    def owner_code_rect(self, code: str) -> QRectF | None:
        y = self.owner_row_y(code)
        return None if y is None else QRectF(self.ocx, y, style.OWNER_CODE_W, style.ROW_H)

    def person_rect(self, j: int) -> QRectF:
        return QRectF(self.ox + j * style.OWNER_W, self.cy, style.OWNER_W, self.centre_h)

    def person_key_rect(self, key: str) -> QRectF | None:
        j = self._person.get(key)
        return None if j is None else self.person_rect(j)

    def add_rect(self, kind: NodeKind) -> QRectF:
        c = self.headings[kind].add_centre
        r = style.ADD_R + 2  # a little easier to hit than to see
        return QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r)

    def _headings(self) -> dict[NodeKind, Heading]:
        fm = QFontMetricsF(self.fonts.heading)
        mid_x, mid_y = self.cx + self.centre_w / 2, self.cy + self.centre_h / 2
        inset_v = self.centre_h * 0.2  # from the top/bottom edge, inside the triangle
        inset_h = self.centre_w * 0.13
        out: dict[NodeKind, Heading] = {}
        for kind, text in style.HEADINGS.items():
            length = fm.horizontalAdvance(text) + 6 + 2 * style.ADD_R
            base = (fm.ascent() - fm.descent()) / 2  # centres the text on its axis
            if kind in (NodeKind.PRIORITY, NodeKind.BREAKTHROUGH):
                y = self.cy + inset_v if kind is NodeKind.PRIORITY else self.sy - inset_v
                origin = QPointF(mid_x - length / 2, y + base)
                add = QPointF(mid_x + length / 2 - style.ADD_R, y)
                out[kind] = Heading(kind, text, origin, False, add)
            else:
                x = self.cx + inset_h if kind is NodeKind.ANNUAL else self.ex - inset_h
                # In the rotated frame x runs up the page; the text starts at the bottom.
                origin = QPointF(-(mid_y + length / 2), x + base)
                add = QPointF(x, mid_y - length / 2 + style.ADD_R)
                out[kind] = Heading(kind, text, origin, True, add)
        return out

    # -- what is under a point ---------------------------------------------------------------

    def hit(self, p: QPointF) -> Hit | None:
        x, y = p.x(), p.y()
        for kind in style.HEADINGS:
            if self.add_rect(kind).contains(p):
                return Hit(HitKind.ADD, node_kind=kind)
        if self.unit_box.contains(p):
            return Hit(HitKind.CENTRE)
        col = self._column_at(x)
        row = self._row_at(y)
        if col is None or row is None:
            return None
        col_zone, j = col
        row_zone, i = row
        xm = self.xm
        if col_zone == "centre":
            if row_zone == "centre":
                return None
            return self._label_hit(NodeKind(row_zone), i)
        if col_zone in ("annual", "target"):
            if row_zone == "centre":
                return self._label_hit(NodeKind(col_zone), j)
            r_band, c_band = xm.band(NodeKind(row_zone)), xm.band(NodeKind(col_zone))
            if i >= len(r_band) or j >= len(c_band):
                return None
            corner = corner_of(NodeKind(row_zone), NodeKind(col_zone))
            return Hit(HitKind.CELL, r_band[i].code, c_band[j].code, corner)
        # The owner block and its codes.
        item = self._owner_row_item(row_zone, i)
        if col_zone == "owner":
            if j >= len(xm.owners):
                return None
            if row_zone == "centre":
                return Hit(HitKind.PERSON, col=xm.owners[j].key)
            if item is None:
                return None
            return Hit(HitKind.OWNER, item.code, xm.owners[j].key)
        if item is None:
            return None
        return Hit(HitKind.LABEL, item.code, node_kind=item.kind)

    def _label_hit(self, kind: NodeKind, i: int) -> Hit | None:
        band = self.xm.band(kind)
        if not band:
            return Hit(HitKind.ADD, node_kind=kind) if i == 0 else None
        if i >= len(band):
            return None
        return Hit(HitKind.LABEL, band[i].code, node_kind=kind)

    def _owner_row_item(self, row_zone: str, i: int) -> Item | None:
        if row_zone == "priority":
            return self.xm.north[i] if i < len(self.xm.north) else None
        if row_zone == "breakthrough":  # below the centre the owner rows are targets
            return self.xm.east[i] if i < len(self.xm.east) else None
        return None

    def _column_at(self, x: float) -> tuple[str, int] | None:
        if self.x0 <= x < self.cx:
            return "annual", int((self.cx - x) // style.COL_W)
        if self.cx <= x < self.ex:
            return "centre", 0
        if self.ex <= x < self.ex + self.n_east * style.COL_W:
            return "target", int((x - self.ex) // style.COL_W)
        if self.ox <= x < self.ocx:
            return "owner", int((x - self.ox) // style.OWNER_W)
        if self.ocx <= x < self.right:
            return "owner-code", 0
        return None

    def _row_at(self, y: float) -> tuple[str, int] | None:
        if self.y0 <= y < self.cy:
            return "priority", int((self.cy - y) // style.ROW_H)
        if self.cy <= y < self.sy:
            return "centre", 0
        if self.sy <= y < self.bottom:
            return "breakthrough", int((y - self.sy) // style.ROW_H)
        return None


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))
