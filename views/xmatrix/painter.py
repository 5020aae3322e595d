"""Paints an X-matrix from its layout: on the screen, into a PNG, a PDF or a printer.

One function draws the whole matrix so that every output looks the same; the screen adds
only the interactive overlays (hover cross, selection, "+" buttons) of :class:`PaintState`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPen, QPolygonF

from hoshin.model.kinds import NodeKind, Strength
from hoshin.reads import xmatrix_checks as rv
from hoshin.reads.xmatrix.model import Corner
from views.xmatrix import style
from views.xmatrix.labels import paint_labels, paint_owners
from views.xmatrix.layout import Hit, HitKind, MatrixLayout
from views.xmatrix.text import elide


@dataclass(frozen=True)
class PaintState:
    """What the screen shows on top of the matrix itself."""

    symbols: Mapping[Strength, str]
    org_name: str = ""
    interactive: bool = False  # False for print and export: no buttons, no highlights
    hover: Hit | None = None
    selected: str | None = None  # a node code
    #: Open catchball threads per node id: a badge on the label. Empty on paper: a printed
    #: matrix is the commitment, the negotiation still going on is the screen's business.
    badges: Mapping[int, int] = field(default_factory=dict)


def paint_matrix(p: QPainter, lay: MatrixLayout, state: PaintState) -> None:
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    p.fillRect(lay.scene_rect, Qt.GlobalColor.white)
    _backgrounds(p, lay)
    if state.interactive:
        _highlights(p, lay, state)
    _grids(p, lay)
    _centre(p, lay, state)
    _cells(p, lay, state)
    paint_labels(p, lay, state.badges)
    paint_owners(p, lay)
    _title(p, lay, state)
    _legend(p, lay, state)
    p.restore()


# -- backgrounds -----------------------------------------------------------------------------


def _backgrounds(p: QPainter, lay: MatrixLayout) -> None:
    for kind in style.HEADINGS:
        p.fillRect(lay.band_rect(kind), style.BAND_TINT[kind][0])
    owner_top = QRectF(lay.ox, lay.y0, lay.ocx - lay.ox, lay.cy - lay.y0)
    p.fillRect(owner_top, style.OWNER_TINT)
    # Alternating stripes run through a band and both corner grids beside it, so the eye
    # can follow a row or a column across; see-through, so crossing stripes still show.
    for i in range(1, lay.n_north, 2):
        y = lay.row_y(NodeKind.PRIORITY, i)
        p.fillRect(QRectF(lay.x0, y, lay.ox - style.GAP - lay.x0, style.ROW_H), style.STRIPE)
        p.fillRect(QRectF(lay.ox, y, lay.ocx - lay.ox, style.ROW_H), style.STRIPE)
    for i in range(1, lay.n_south, 2):
        y = lay.row_y(NodeKind.BREAKTHROUGH, i)
        p.fillRect(QRectF(lay.x0, y, lay.ox - style.GAP - lay.x0, style.ROW_H), style.STRIPE)
    for i in range(1, lay.n_target_rows, 2):
        y = lay.sy + i * style.ROW_H
        p.fillRect(QRectF(lay.ox, y, lay.ocx - lay.ox, style.ROW_H), style.STRIPE)
    height = lay.sy + lay.n_south * style.ROW_H - lay.y0
    for kind, count in ((NodeKind.ANNUAL, lay.n_west), (NodeKind.TARGET, lay.n_east)):
        for i in range(1, count, 2):
            p.fillRect(QRectF(lay.col_x(kind, i), lay.y0, style.COL_W, height), style.STRIPE)


def _highlights(p: QPainter, lay: MatrixLayout, state: PaintState) -> None:
    """The hover cross and the selected node's row or column, under the grid lines."""
    for code, colour in ((state.selected, style.SELECTED), (_hover_code(state.hover), None)):
        if code:
            for rect in _cross(lay, code):
                p.fillRect(rect, colour or style.HOVER)
    hit = state.hover
    if hit is not None and hit.kind in (HitKind.CELL, HitKind.OWNER):
        for code in (hit.row, hit.col):
            for rect in _cross(lay, code):
                p.fillRect(rect, style.HOVER)


def _hover_code(hit: Hit | None) -> str | None:
    if hit is None:
        return None
    if hit.kind is HitKind.LABEL:
        return hit.code
    if hit.kind is HitKind.PERSON:
        return hit.col
    return None


def _cross(lay: MatrixLayout, code: str) -> list[QRectF]:
    """The strip of a row or column through its band and the grids beside it."""
    xm = lay.xm
    item = xm.item(code)
    out: list[QRectF] = []
    if item is None:
        rect = lay.person_key_rect(code)
        if rect is not None:
            top = lay.y0
            out.append(QRectF(rect.left(), top, rect.width(), lay.bottom - top))
        return out
    rect = lay.label_rect(code)
    assert rect is not None
    if item.kind in (NodeKind.ANNUAL, NodeKind.TARGET):
        bottom = lay.sy + lay.n_south * style.ROW_H
        out.append(QRectF(rect.left(), lay.y0, rect.width(), bottom - lay.y0))
    else:
        out.append(QRectF(lay.x0, rect.top(), lay.ox - style.GAP - lay.x0, rect.height()))
    owner = lay.owner_code_rect(code)
    if owner is not None:
        out.append(QRectF(lay.ox, owner.top(), lay.right - lay.ox, owner.height()))
    return out


# -- lines -----------------------------------------------------------------------------------


def _grids(p: QPainter, lay: MatrixLayout) -> None:
    # Scene-pixel lines, not cosmetic: a hairline would all but vanish on a 600-dpi print.
    p.setPen(QPen(style.GRID, 1))
    west_l, east_r = lay.x0, lay.ex + lay.n_east * style.COL_W
    top, bottom = lay.y0, lay.sy + lay.n_south * style.ROW_H
    for i in range(1, lay.n_north):
        y = lay.cy - i * style.ROW_H
        p.drawLine(QPointF(west_l, y), QPointF(east_r, y))
        p.drawLine(QPointF(lay.ox, y), QPointF(lay.right, y))
    for i in range(1, lay.n_south):
        y = lay.sy + i * style.ROW_H
        p.drawLine(QPointF(west_l, y), QPointF(east_r, y))
    for i in range(1, lay.n_target_rows):
        y = lay.sy + i * style.ROW_H
        p.drawLine(QPointF(lay.ox, y), QPointF(lay.right, y))
    for i in range(1, lay.n_west):
        x = lay.cx - i * style.COL_W
        p.drawLine(QPointF(x, top), QPointF(x, bottom))
    for i in range(1, lay.n_east):
        x = lay.ex + i * style.COL_W
        p.drawLine(QPointF(x, top), QPointF(x, bottom))
    owner_bottom = lay.sy + lay.n_target_rows * style.ROW_H
    for j in range(1, lay.n_owner):
        x = lay.ox + j * style.OWNER_W
        p.drawLine(QPointF(x, lay.y0), QPointF(x, owner_bottom))
    frame = QPen(style.FRAME, 1.2)
    p.setPen(frame)
    p.setBrush(Qt.BrushStyle.NoBrush)
    for corner in Corner:
        p.drawRect(lay.corner_rect(corner))
    for kind in style.HEADINGS:
        p.drawRect(lay.band_rect(kind))
    p.drawRect(QRectF(lay.ox, lay.y0, lay.right - lay.ox, lay.cy - lay.y0))
    p.drawRect(QRectF(lay.ox, lay.cy, lay.ocx - lay.ox, lay.centre_h))
    if lay.n_target_rows:
        p.drawRect(QRectF(lay.ox, lay.sy, lay.right - lay.ox, owner_bottom - lay.sy))


# -- the centre ------------------------------------------------------------------------------


def _centre(p: QPainter, lay: MatrixLayout, state: PaintState) -> None:
    c = lay.centre
    mid = c.center()
    corners = {
        NodeKind.PRIORITY: (c.topLeft(), c.topRight()),
        NodeKind.TARGET: (c.topRight(), c.bottomRight()),
        NodeKind.BREAKTHROUGH: (c.bottomRight(), c.bottomLeft()),
        NodeKind.ANNUAL: (c.bottomLeft(), c.topLeft()),
    }
    p.setPen(QPen(style.FRAME, 1.2))
    for kind, (a, b) in corners.items():
        p.setBrush(style.BAND_TINT[kind][1])
        p.drawPolygon(QPolygonF([a, b, mid]))
    xm = lay.xm
    unit_checks = xm.checks.get(xm.unit_code, [])
    too_many = {
        NodeKind.BREAKTHROUGH: rv.TOO_MANY_BREAKTHROUGHS in unit_checks,
        NodeKind.ANNUAL: rv.TOO_MANY_ANNUAL in unit_checks,
    }
    for kind, head in lay.headings.items():
        p.save()
        if head.rotated:
            p.rotate(-90)
        p.setFont(lay.fonts.heading)
        p.setPen(style.AMBER.darker(130) if too_many.get(kind) else style.INK)
        # Without its "+" the heading alone is centred on the triangle's axis.
        shift = 0.0 if state.interactive else 3 + style.ADD_R
        p.drawText(head.origin + QPointF(shift, 0), head.text)
        p.restore()
        if state.interactive:
            _add_button(p, head.add_centre)
    box = lay.unit_box
    p.setPen(QPen(style.FRAME, 1))
    p.setBrush(Qt.GlobalColor.white)
    p.drawRoundedRect(box, 6, 6)
    p.setPen(style.INK)
    p.setFont(lay.fonts.centre)
    name_fm = QFontMetricsF(lay.fonts.centre)
    top = QRectF(box.left() + 6, box.top() + 5, box.width() - 12, box.height() / 2 - 3)
    p.drawText(top, Qt.AlignmentFlag.AlignCenter, elide(xm.unit_name, name_fm, top.width()))
    p.setFont(lay.fonts.small)
    p.setPen(style.INK_SOFT)
    sub = QRectF(box.left() + 6, box.center().y(), box.width() - 12, box.height() / 2 - 5)
    text = f"{xm.unit_level} {xm.unit_code} · {xm.year}"
    p.drawText(sub, Qt.AlignmentFlag.AlignCenter, elide(text, QFontMetricsF(p.font()), sub.width()))
    if xm.findings.get(xm.unit_code):
        _finding_dot(p, QPointF(box.right() - 2, box.top() + 2), "warning")


def _add_button(p: QPainter, centre: QPointF) -> None:
    r = style.ADD_R
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(style.ADD_FILL)
    p.drawEllipse(centre, r, r)
    pen = QPen(QColor("white"), 2)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    k = r * 0.5
    p.drawLine(QPointF(centre.x() - k, centre.y()), QPointF(centre.x() + k, centre.y()))
    p.drawLine(QPointF(centre.x(), centre.y() - k), QPointF(centre.x(), centre.y() + k))


def _finding_dot(p: QPainter, centre: QPointF, severity: str) -> None:
    p.setPen(QPen(QColor("white"), 1.5))
    p.setBrush(style.RED if severity == "error" else style.AMBER)
    p.drawEllipse(centre, 5.5, 5.5)


# -- cells -----------------------------------------------------------------------------------


def _cells(p: QPainter, lay: MatrixLayout, state: PaintState) -> None:
    xm = lay.xm
    p.setFont(lay.fonts.symbol)
    p.setPen(style.INK)
    for corner in Corner:
        for (row, col), strength in xm.corner(corner).items():
            rect = lay.cell_rect(row, col)
            if rect is not None:
                p.drawText(rect, Qt.AlignmentFlag.AlignCenter, state.symbols.get(strength, "?"))
    p.setPen(style.INK_SOFT)
    for row, col in xm.unrated:
        rect = lay.cell_rect(row, col)
        if rect is not None:
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, "·")
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(style.RATIONALE)
    for row, col in xm.rationale:
        rect = lay.cell_rect(row, col)
        if rect is not None:
            tr = rect.topRight()
            p.drawPolygon(QPolygonF([tr, QPointF(tr.x() - 7, tr.y()), QPointF(tr.x(), tr.y() + 7)]))
    if state.interactive and state.hover is not None and state.hover.kind is HitKind.CELL:
        rect = lay.cell_rect(state.hover.row, state.hover.col)
        if rect is not None:
            p.setPen(QPen(style.SELECTED_FRAME, 1.5))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(rect.adjusted(1, 1, -1, -1))


# -- title and legend ------------------------------------------------------------------------


def _title(p: QPainter, lay: MatrixLayout, state: PaintState) -> None:
    xm = lay.xm
    f = lay.fonts
    width = lay.ox - lay.x0 - 20
    p.setFont(f.title)
    p.setPen(style.INK)
    title_fm = QFontMetricsF(f.title)
    p.drawText(
        QPointF(lay.x0, style.MARGIN + title_fm.ascent()),
        elide(f"X-matrix · {xm.unit_name}", title_fm, width),
    )
    parts = [f"{xm.unit_level} {xm.unit_code}", str(xm.year)]
    if state.org_name and state.org_name != xm.unit_name:
        parts.append(state.org_name)
    p.setFont(f.subtitle)
    p.setPen(style.INK_SOFT)
    sub_fm = QFontMetricsF(f.subtitle)
    y = style.MARGIN + title_fm.height() + 2 + sub_fm.ascent()
    p.drawText(QPointF(lay.x0, y), elide("  ·  ".join(parts), sub_fm, width))


def _legend(p: QPainter, lay: MatrixLayout, state: PaintState) -> None:
    f = lay.fonts
    fm, sym_fm = QFontMetricsF(f.small), QFontMetricsF(f.symbol)
    line_h = style.LEGEND_H / 2
    y = lay.legend_y + line_h / 2
    x = lay.x0
    base = y + (fm.ascent() - fm.descent()) / 2
    sym_base = y + (sym_fm.ascent() - sym_fm.descent()) / 2

    def next_line() -> None:
        nonlocal x, y, base, sym_base
        x = lay.x0
        y += line_h
        base += line_h
        sym_base += line_h

    def text(t: str, colour: QColor = style.INK_SOFT) -> None:
        nonlocal x
        p.setFont(f.small)
        p.setPen(colour)
        p.drawText(QPointF(x, base), t)
        x += fm.horizontalAdvance(t)

    def symbol(t: str) -> None:
        nonlocal x
        p.setFont(f.symbol)
        p.setPen(style.INK)
        p.drawText(QPointF(x, sym_base), t)
        x += sym_fm.horizontalAdvance(t) + 4

    def swatch(colour: QColor) -> None:
        nonlocal x
        p.fillRect(QRectF(x, y - 7, style.MARKER_W, 14), colour)
        x += style.MARKER_W + 5

    text("Correlation  ", style.INK)
    for strength in (Strength.STRONG, Strength.MEDIUM, Strength.WEAK):
        symbol(state.symbols.get(strength, "?"))
        text(f"{strength.value}   ")
    x += 14
    text("Owners  ", style.INK)
    symbol(style.PRIMARY_SYMBOL)
    text("primary   ")
    symbol(style.SECONDARY_SYMBOL)
    text("secondary")
    next_line()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(style.RATIONALE))
    p.drawPolygon(QPolygonF([QPointF(x, y - 6), QPointF(x + 8, y - 6), QPointF(x + 8, y + 2)]))
    x += 13
    text("has a rationale")
    x += 26
    swatch(style.RED)
    text("no line of sight   ")
    swatch(style.AMBER)
    text("other review finding")
    if any(i.deployed_in for i in lay.xm.items):
        x += 26
        p.fillRect(QRectF(x, y - 7, 14, 14), style.DEPLOYED_IN_TINT)
        x += 19
        text(f"{style.DEPLOYED_IN_TAG} deployed in: a unit above's item this unit's kaizens serve")
