"""The catchball mark: a small ball and the number of open threads, in a pill.

Painted by the X-matrix labels, the strategy tree and the kaizen board cards alike, so a
user learns one sign. The ball is drawn (a disc with its seam), not a font glyph: an
emoji font is not on every machine, and its colour would not follow ours.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen

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
