"""The catchball badge drawn from a kept picture looks as the badge painted afresh."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from views.catchball import badge


def painted(draw: object, at: QPointF, count: int, scale: float = 1.0) -> QImage:
    image = QImage(120, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.translate(3.25, 1.5)  # a view's painter may be offset by a fraction of a pixel
    painter.scale(scale, scale)
    font = QFont()
    font.setPixelSize(11)
    draw(painter, at, font, count)  # type: ignore[operator]
    painter.end()
    return image


def largest_difference(a: QImage, b: QImage) -> int:
    worst = 0
    for y in range(a.height()):
        for x in range(a.width()):
            pa, pb = a.pixelColor(x, y), b.pixelColor(x, y)
            worst = max(worst, *(abs(u - v) for u, v in zip(pa.getRgb(), pb.getRgb(), strict=True)))
    return worst


@pytest.mark.parametrize(("x", "y", "count"), [(10, 8, 1), (10.5, 7.25, 12), (41.7, 3.5, 150)])
def test_a_kept_picture_gives_the_badge_s_pixels(
    qapp: object, x: float, y: float, count: int
) -> None:
    fresh = painted(badge.paint_badge, QPointF(x, y), count)
    for _ in range(2):  # drawn, then from the picture kept
        kept = painted(badge.draw_badge, QPointF(x, y), count)
        # Blending the antialiased edges once more may round a channel by a step or two.
        assert largest_difference(fresh, kept) <= 2
    assert fresh != painted(badge.paint_badge, QPointF(x + 1, y), count)  # it is drawn there


def test_a_scaled_painter_paints_the_badge_afresh(qapp: object) -> None:
    at = QPointF(10.5, 7.25)
    assert painted(badge.draw_badge, at, 3, scale=1.5) == painted(badge.paint_badge, at, 3, 1.5)
