"""The catchball mark: a small ball and the number of open threads, in a pill.

Painted by the X-matrix labels, the strategy tree and the kaizen board cards alike, so a
user learns one sign. The ball is drawn (a disc with its seam), not a font glyph: an
emoji font is not on every machine, and its colour would not follow ours.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QTransform,
)

from hoshin.graph import StrategyGraph

FG = QColor("#8a3a00")
BG = QColor("#ffeedd")
BORDER = QColor("#f0a868")
BALL = QColor("#e8772e")
PAD_X = 4.0
GAP = 3.0


def text_of(count: int) -> str:
    return str(count) if count < 100 else "99+"


def badge_size(font: QFont, count: int) -> QSizeF:
    """The pill's size for ``count`` in ``font`` (the small font of the view)."""
    fm = QFontMetricsF(font)
    h = fm.height() + 2
    ball = h - 5
    return QSizeF(PAD_X + ball + GAP + fm.horizontalAdvance(text_of(count)) + PAD_X + 1, h)


def paint_badge(p: QPainter, top_left: QPointF, font: QFont, count: int) -> QRectF:
    """Paint the badge with its top-left at ``top_left``; returns where it went."""
    size = badge_size(font, count)
    rect = QRectF(top_left, size)
    h = size.height()
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setPen(QPen(BORDER, 1))
    p.setBrush(BG)
    inner = rect.adjusted(0.5, 0.5, -0.5, -0.5)
    p.drawRoundedRect(inner, inner.height() / 2, inner.height() / 2)
    d = h - 5
    ball = QRectF(rect.left() + PAD_X, rect.top() + (h - d) / 2, d, d)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(BALL)
    p.drawEllipse(ball)
    # The seam: two arcs facing each other, as on a tennis ball.
    seam = QPainterPath()
    r = d / 2
    c = ball.center()
    seam.moveTo(c.x() - r * 0.55, c.y() - r * 0.85)
    seam.quadTo(QPointF(c.x() + r * 0.05, c.y()), QPointF(c.x() - r * 0.55, c.y() + r * 0.85))
    seam.moveTo(c.x() + r * 0.55, c.y() - r * 0.85)
    seam.quadTo(QPointF(c.x() - r * 0.05, c.y()), QPointF(c.x() + r * 0.55, c.y() + r * 0.85))
    p.setPen(QPen(QColor("white"), max(1.0, d / 9)))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(seam)
    p.setFont(font)
    p.setPen(FG)
    text_rect = QRectF(ball.right() + GAP, rect.top(), rect.right() - PAD_X - ball.right() - GAP,
                       h)  # fmt: skip
    p.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, text_of(count))
    p.restore()
    return rect


#: Pictures of drawn badges (and their sizes) by font, count, offset within a device pixel
#: and pixel ratio.
_PICTURES: dict[tuple[QFont, int, float, float, float], tuple[QPixmap, QSizeF]] = {}
_MOST_PICTURES = 512


def draw_badge(p: QPainter, top_left: QPointF, font: QFont, count: int) -> QRectF:
    """:func:`paint_badge` from a picture painted once per look: for a view that draws many
    badges on each repaint (a pill, a ball and its seam cost a raster painter ~150 µs, a
    picture a few). The same pixels, unless the painter scales or rotates."""
    transform = p.transform()
    if transform.type().value > QTransform.TransformationType.TxTranslate.value:
        return paint_badge(p, top_left, font, count)
    ratio = p.device().devicePixelRatioF() if p.device() else 1.0
    # Drawn at the same fraction of a device pixel as it lands on: the same antialiasing.
    device = transform.map(top_left) * ratio
    dx = (device.x() - math.floor(device.x())) / ratio
    dy = (device.y() - math.floor(device.y())) / ratio
    key = (font, count, round(dx, 3), round(dy, 3), ratio)
    picture = _PICTURES.get(key)
    if picture is None:
        if len(_PICTURES) >= _MOST_PICTURES:
            _PICTURES.clear()
        picture = _PICTURES[(QFont(font), *key[1:])] = _picture(font, count, QPointF(dx, dy), ratio)
    pixmap, size = picture
    p.drawPixmap(QPointF(top_left.x() - dx, top_left.y() - dy), pixmap)
    return QRectF(top_left, size)


def _picture(font: QFont, count: int, at: QPointF, ratio: float) -> tuple[QPixmap, QSizeF]:
    size = badge_size(font, count)
    pixmap = QPixmap(
        math.ceil((at.x() + size.width()) * ratio), math.ceil((at.y() + size.height()) * ratio)
    )
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    paint_badge(painter, at, font, count)
    painter.end()
    return pixmap, size


def tooltip(count: int) -> str:
    if count == 1:
        return "In catchball: 1 open thread (View ▸ Catchball)"
    return f"In catchball: {count} open threads (View ▸ Catchball)"


def card_threads(
    counts: Mapping[int, int], graph: StrategyGraph, node_id: int, supports: Iterable[str]
) -> tuple[int, str]:
    """A board card's badge: (open threads, what they are about).

    A kaizen is not thrown itself; what its team should see is that the priority it serves
    is still being negotiated. Its own count wins if it ever has one.
    """
    own = counts.get(node_id, 0)
    if own:
        return own, graph.code(node_id)
    total, about = 0, []
    for code in supports:
        n = counts.get(graph.id_of(code), 0) if code in graph else 0
        if n:
            total += n
            about.append(code)
    return total, ", ".join(about)
