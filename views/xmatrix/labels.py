"""Labels of the four bands and the owner block, rotated where the column is narrow.

Every label starts with its code in bold; a review finding colours the code and puts a bar
at the label's start (red: no line of sight, amber: any other finding). A deployed-in item
(a priority of a unit above that the unit's kaizens serve, or its target) stands on grey
with "⇣ from UNIT" and its title in soft ink: it is shown, not edited, here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter

from hoshin.model.kinds import NodeKind, OwnerRole
from hoshin.reads.xmatrix.model import Item
from views.catchball.badge import badge_size, paint_badge
from views.xmatrix import style
from views.xmatrix.layout import MatrixLayout
from views.xmatrix.text import balanced, elide

# -- band labels ----------------------------------------------------------------------------------


def paint_labels(p: QPainter, lay: MatrixLayout, badges: Mapping[int, int] | None = None) -> None:
    """Every band's labels; ``badges`` (open catchball threads per node id) mark theirs."""
    xm = lay.xm
    badges = badges or {}
    for kind in (NodeKind.PRIORITY, NodeKind.BREAKTHROUGH):
        band = xm.band(kind)
        for i, item in enumerate(band):
            _row_label(p, lay, item, lay.slot_rect(kind, i), badges.get(item.id, 0))
        if not band:
            _placeholder(p, lay, kind, lay.slot_rect(kind, 0), rotated=False)
    for kind in (NodeKind.ANNUAL, NodeKind.TARGET):
        band = xm.band(kind)
        for i, item in enumerate(band):
            slot, count = lay.slot_rect(kind, i), badges.get(item.id, 0)
            with _rotated(p, slot) as local:
                _column_label(p, lay, item, local, count)
            if count:
                # Upright at the top of the column: a turned number is hard to read.
                size = badge_size(lay.fonts.small, count)
                at = QPointF(slot.center().x() - size.width() / 2, slot.top() + style.PAD)
                paint_badge(p, at, lay.fonts.small, count)
        if not band:
            with _rotated(p, lay.slot_rect(kind, 0)) as local:
                _placeholder(p, lay, kind, local, rotated=True)


def _marker(p: QPainter, lay: MatrixLayout, code: str, bar: QRectF) -> QColor:
    """Paint the finding bar of ``code`` if it has one; returns the code's text colour."""
    severity = lay.xm.severity(code)
    if severity is not None:
        p.fillRect(bar, style.RED if severity == "error" else style.AMBER)
    return _text_colour(severity, style.INK)


def _text_colour(severity: str | None, plain: QColor) -> QColor:
    if severity is None:
        return plain
    # Amber text on white is too pale to read: a darker shade of it.
    return style.RED if severity == "error" else style.AMBER.darker(125)


def _badge(p: QPainter, lay: MatrixLayout, right: float, middle: float, count: int) -> float:
    """The catchball badge ending at ``right``, centred on ``middle``; returns its width."""
    size = badge_size(lay.fonts.small, count)
    at = QPointF(right - size.width(), middle - size.height() / 2)
    paint_badge(p, at, lay.fonts.small, count)
    return size.width()


def _deployed_in(p: QPainter, item: Item, r: QRectF) -> str | None:
    """Grey the label of a deployed-in item; returns its tag ("⇣ from COM"), else None."""
    if item.deployed_in is None:
        return None
    p.fillRect(r.adjusted(0, 1, 0, -1), style.DEPLOYED_IN_TINT)
    return f"{style.DEPLOYED_IN_TAG} from {item.deployed_in}"


def _row_label(p: QPainter, lay: MatrixLayout, item: Item, r: QRectF, count: int = 0) -> None:
    f = lay.fonts
    inherited = _deployed_in(p, item, r)
    bar = QRectF(r.left(), r.top() + 1, style.MARKER_W, r.height() - 2)
    code_colour = _marker(p, lay, item.code, bar)
    left = r.left() + style.MARKER_W + style.PAD
    p.setFont(f.code)
    p.setPen(code_colour)
    code_rect = QRectF(left, r.top(), lay.code_w, r.height())
    p.drawText(code_rect, Qt.AlignmentFlag.AlignVCenter, item.code)
    right = r.right() - style.PAD
    if count:
        right -= _badge(p, lay, right, r.center().y(), count) + 6
    tags = [t for t in (inherited, f"↑ {item.parent_code}" if item.parent_code else None) if t]
    if tags:
        tag = "   ".join(tags)
        p.setFont(f.small)
        p.setPen(style.INK_SOFT)
        tag_w = QFontMetricsF(f.small).horizontalAdvance(tag)
        p.drawText(
            QRectF(right - tag_w, r.top(), tag_w, r.height()), Qt.AlignmentFlag.AlignVCenter, tag
        )
        right -= tag_w + 10
    p.setFont(f.label)
    p.setPen(style.INK_SOFT if inherited else style.INK)
    x = left + lay.code_w - style.PAD
    text = elide(item.title, QFontMetricsF(f.label), right - x)
    p.drawText(QRectF(x, r.top(), right - x, r.height()), Qt.AlignmentFlag.AlignVCenter, text)


def _column_label(p: QPainter, lay: MatrixLayout, item: Item, r: QRectF, count: int = 0) -> None:
    """A rotated label; ``r`` is in the rotated frame (x runs up the column).

    With ``count`` the lines stop short of the column's top, where the badge goes.
    """
    f = lay.fonts
    inherited = _deployed_in(p, item, r)
    label_fm, code_fm, small_fm = (
        QFontMetricsF(f.label),
        QFontMetricsF(f.code),
        QFontMetricsF(f.small),
    )
    bar = QRectF(r.left(), r.top() + 1, style.MARKER_W, r.height() - 2)
    code_colour = _marker(p, lay, item.code, bar)
    left = r.left() + style.MARKER_W + style.PAD
    length = r.right() - style.PAD - left
    if count:
        length -= badge_size(f.small, count).height() + style.PAD
    line_h = label_fm.height()
    top = r.top() + (r.height() - 2 * line_h) / 2
    code_w = code_fm.horizontalAdvance(item.code + " ")
    first = length - code_w
    if item.measure or inherited:
        lines = [elide(item.title, label_fm, first)]
    else:
        lines = balanced(item.title, label_fm, [first, length])
    p.setFont(f.code)
    p.setPen(code_colour)
    p.drawText(QPointF(left, top + code_fm.ascent()), item.code)
    p.setFont(f.label)
    p.setPen(style.INK_SOFT if inherited else style.INK)
    for n, line in enumerate(lines):
        x = left + (code_w if n == 0 else 0)
        p.drawText(QPointF(x, top + n * line_h + label_fm.ascent()), line)
    if item.measure or inherited:
        p.setFont(f.small)
        p.setPen(style.INK_SOFT)
        parts = [item.measure, inherited, f"↑ {item.parent_code}" if item.parent_code else ""]
        text = elide("   ".join(x for x in parts if x), small_fm, length)
        p.drawText(QPointF(left, top + line_h + small_fm.ascent() + 1), text)


def _placeholder(
    p: QPainter, lay: MatrixLayout, kind: NodeKind, r: QRectF, *, rotated: bool
) -> None:
    p.setFont(lay.fonts.small)
    p.setPen(style.INK_FAINT)
    text = f"No {style.HEADINGS[kind].lower()} yet"
    align = Qt.AlignmentFlag.AlignCenter if rotated else Qt.AlignmentFlag.AlignVCenter
    inner = r.adjusted(style.PAD + style.MARKER_W, 0, -style.PAD, 0)
    p.drawText(inner, align, elide(text, QFontMetricsF(lay.fonts.small), inner.width()))


@contextmanager
def _rotated(p: QPainter, rect: QRectF) -> Iterator[QRectF]:
    """Paint text reading bottom to top in ``rect``; yields the rect in the turned frame."""
    p.save()
    p.translate(rect.left(), rect.bottom())
    p.rotate(-90)
    try:
        yield QRectF(0, 0, rect.height(), rect.width())
    finally:
        p.restore()


# -- owners ----------------------------------------------------------------------------------


def paint_owners(p: QPainter, lay: MatrixLayout) -> None:
    xm = lay.xm
    f = lay.fonts
    small_fm = QFontMetricsF(f.small)
    p.setFont(f.heading)
    p.setPen(style.INK)
    p.drawText(QPointF(lay.ox, lay.y0 - 8), style.OWNERS_HEADING)
    for j, owner in enumerate(xm.owners):
        with _rotated(p, lay.person_rect(j)) as r:
            bar = QRectF(r.left(), r.top() + 1, style.MARKER_W, r.height() - 2)
            colour = _marker(p, lay, owner.key, bar)
            p.setFont(f.small)
            p.setPen(colour)
            inner = r.adjusted(style.MARKER_W + style.PAD, 0, -style.PAD, 0)
            p.drawText(
                inner, Qt.AlignmentFlag.AlignVCenter, elide(owner.name, small_fm, inner.width())
            )
    if not xm.owners:
        with _rotated(p, lay.person_rect(0)) as r:
            p.setFont(f.small)
            p.setPen(style.INK_FAINT)
            p.drawText(r.adjusted(style.PAD, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, "No people")
    for item in (*xm.north, *xm.east):
        rect = lay.owner_code_rect(item.code)
        if rect is None or item.deployed_in is not None:  # owned in its own unit
            continue
        p.setFont(f.small)
        p.setPen(_text_colour(xm.severity(item.code), style.INK_SOFT))
        p.drawText(rect.adjusted(style.PAD, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, item.code)
    p.setFont(f.symbol)
    p.setPen(style.INK)
    for (code, key), role in xm.owner_cells.items():
        rect = lay.owner_rect(code, key)
        if rect is not None:
            symbol = style.PRIMARY_SYMBOL if role is OwnerRole.PRIMARY else style.SECONDARY_SYMBOL
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, symbol)
