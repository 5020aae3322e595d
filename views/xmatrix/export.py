"""The X-matrix on paper and in files: printer, PDF (vector) and PNG.

Each output paints the same layout with :func:`paint_matrix`, without the screen's hover,
selection and "+" buttons, scaled to fit the page with its proportions kept.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QImage,
    QImageWriter,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)

from views.xmatrix.layout import MatrixLayout
from views.xmatrix.painter import PaintState, paint_matrix


def paint_fitted(
    painter: QPainter, target: QRectF, layout: MatrixLayout, state: PaintState
) -> None:
    """Paint the matrix centred in ``target`` (device pixels), as large as fits."""
    source = layout.scene_rect
    scale = min(target.width() / source.width(), target.height() / source.height())
    painter.save()
    painter.translate(
        target.left() + (target.width() - source.width() * scale) / 2,
        target.top() + (target.height() - source.height() * scale) / 2,
    )
    painter.scale(scale, scale)
    paint_matrix(painter, layout, state)
    painter.restore()


def page_layout_for(layout: MatrixLayout) -> QPageLayout:
    """A3 in the matrix's own orientation, 10 mm margins: an X-matrix is read on A3."""
    rect = layout.scene_rect
    orientation = (
        QPageLayout.Orientation.Landscape
        if rect.width() >= rect.height()
        else QPageLayout.Orientation.Portrait
    )
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A3),
        orientation,
        QMarginsF(10, 10, 10, 10),
        QPageLayout.Unit.Millimeter,
    )


def print_to(device: QPagedPaintDevice, layout: MatrixLayout, state: PaintState) -> None:
    """Paint the matrix on one page of a printer or PDF writer already set up."""
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("The printer could not be started.")
    try:
        paint_fitted(painter, QRectF(painter.viewport()), layout, state)
    finally:
        painter.end()


def export_pdf(path: str | Path, layout: MatrixLayout, state: PaintState) -> None:
    """Write the matrix as a one-page vector PDF (A3)."""
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setPageLayout(page_layout_for(layout))
    writer.setTitle(f"X-matrix {layout.xm.unit_name} {layout.xm.year}")
    writer.setCreator("Hoshin")
    print_to(writer, layout, state)
    del writer  # the file is complete only once the writer is gone
    if not Path(path).is_file() or Path(path).stat().st_size == 0:
        raise OSError(f"Could not write {path}.")


def export_png(
    path: str | Path, layout: MatrixLayout, state: PaintState, *, scale: float = 2.0
) -> QImage:
    """Write the matrix as a PNG, ``scale`` pixels per scene pixel (2: sharp when printed)."""
    image = render_image(layout, state, scale=scale)
    writer = QImageWriter(str(path), QByteArray(b"png"))
    if not writer.write(image):
        raise OSError(f"Could not write {path}: {writer.errorString()}")
    return image


def render_image(layout: MatrixLayout, state: PaintState, *, scale: float = 2.0) -> QImage:
    rect = layout.scene_rect
    size = QSizeF(rect.width() * scale, rect.height() * scale).toSize()
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDotsPerMeterX(round(96 * scale / 0.0254))
    image.setDotsPerMeterY(round(96 * scale / 0.0254))
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    try:
        painter.scale(scale, scale)
        paint_matrix(painter, layout, state)
    finally:
        painter.end()
    return image
