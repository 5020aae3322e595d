"""The unit's targets as a strip of red/green cells at their finer frequency (a day or a
week each), painted in one widget: a row per target, a mark in each cell (✓ on plan, ✗
behind, · no value) so that the strip is read without colour too."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from hoshin.reads.target_strip import UnitStrip
from hoshin.rules.bowling import Status

FILL = {
    Status.GREEN: QColor("#3c9d5d"),
    Status.RED: QColor("#cf3f3f"),
    Status.YELLOW: QColor("#e0b400"),
    None: QColor("#e4e4e4"),
}
MARK = {Status.GREEN: "✓", Status.RED: "✗", Status.YELLOW: "~", None: "·"}


class TargetStripWidget(QWidget):
    """Paints :class:`UnitStrip`; ``scale`` enlarges it for the wall."""

    def __init__(self, parent: QWidget | None = None, scale: float = 1.0) -> None:
        super().__init__(parent)
        self.strip: UnitStrip | None = None
        self.scale = scale
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_strip(self, strip: UnitStrip | None) -> None:
        self.strip = strip
        self.updateGeometry()
        self.update()

    def _row_height(self) -> float:
        return 24 * self.scale

    def sizeHint(self) -> QSize:
        rows = len(self.strip.targets) if self.strip else 0
        return QSize(600, int(max(rows, 1) * self._row_height() + 20 * self.scale))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * self.scale)
        painter.setFont(font)
        strip = self.strip
        if strip is None or not strip.targets:
            painter.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                "No target of this unit is tracked daily or weekly.",
            )
            return
        label_w = min(self.width() * 0.35, 320 * self.scale)
        h = self._row_height()
        for row, target in enumerate(strip.targets):
            y = row * h
            painter.setPen(self.palette().text().color())
            painter.drawText(
                QRectF(0, y, label_w - 6, h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"{target.code} {target.title} ({target.tracking})",
            )
            cells = target.cells
            if not cells:
                continue
            width = (self.width() - label_w) / len(cells)
            for i, cell in enumerate(cells):
                rect = QRectF(label_w + i * width + 1, y + 2, max(width - 2, 1), h - 4)
                painter.fillRect(rect, FILL.get(cell.status, FILL[None]))
                if width >= 12 * self.scale:
                    painter.setPen(QColor("white") if cell.status else QColor("#777"))
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, MARK.get(cell.status, "·"))
        painter.setPen(self.palette().text().color())
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * 0.8)
        painter.setFont(small)
        y = len(strip.targets) * h
        painter.drawText(
            QRectF(label_w, y, self.width() - label_w, 18 * self.scale),
            Qt.AlignmentFlag.AlignLeft,
            f"{strip.start.isoformat()} … {strip.end.isoformat()}",
        )
