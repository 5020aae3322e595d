"""Rendering the monthly review to a PDF with Qt.

``write_pack`` prints the review pack (:mod:`hoshin.reports.review_pack`): landscape A4, its
trend charts drawn by QtCharts, a header (plan, unit, month) and a footer (page n of m)
on every page, table headers repeated where a table runs onto the next page.
Used by the Review tab and by ``hoshin review … -o review.pdf``; the command line has no
window, so this starts an offscreen QApplication when there is none (charts are graphics
widgets and need one).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication

from hoshin.reports.review_pack import ReviewPack
from hoshin.reports.review_pack_html import (
    CHART_HEIGHT,
    CHART_WIDTH,
    header_text,
    pack_html,
    pack_title,
)
from views.review.charts import trend_chart

#: Height of the page header and footer bands, in points.
BAND_PT = 16.0


def ensure_gui() -> None:
    """A QGuiApplication for text layout, offscreen when there is no display."""
    if QGuiApplication.instance() is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        ensure_gui.app = QApplication([])  # type: ignore[attr-defined]  # keep it alive


def write_pack(pack: ReviewPack, path: str | Path) -> None:
    """Write the review pack as a landscape A4 PDF; the file appears whole or not at all."""
    ensure_gui()
    target = Path(path)
    fd, tmp = tempfile.mkstemp(suffix=".pdf", dir=target.parent or ".")
    os.close(fd)
    try:
        writer = QPdfWriter(tmp)
        writer.setTitle(pack_title(pack))
        writer.setCreator("Hoshin")
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Landscape,
                QMarginsF(12, 10, 12, 10),
                QPageLayout.Unit.Millimeter,
            )
        )
        writer.setResolution(300)
        _print_pack(pack, writer)
        del writer  # flushes and closes the file
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _print_pack(pack: ReviewPack, writer: QPdfWriter) -> None:
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    size = QSizeF(CHART_WIDTH, CHART_HEIGHT)
    for t in pack.targets:
        image = trend_chart(t, pack.month, size)
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(_src(t.code)), image)
    doc.setHtml(pack_html(pack, _src))
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    band = BAND_PT * writer.resolution() / 72
    body = QSizeF(rect.width(), rect.height() - 2 * band)
    doc.setPageSize(body)
    pages = doc.pageCount()
    painter = QPainter(writer)
    font = QFont("DejaVu Sans")
    font.setPointSizeF(8)
    try:
        for page in range(pages):
            if page:
                writer.newPage()
            painter.save()
            painter.translate(0, band - page * body.height())
            doc.drawContents(painter, QRectF(QPointF(0, page * body.height()), body))
            painter.restore()
            _bands(painter, pack, font, rect.width(), rect.height(), band, page + 1, pages)
    finally:
        painter.end()


def _bands(
    painter: QPainter,
    pack: ReviewPack,
    font: QFont,
    width: float,
    height: float,
    band: float,
    page: int,
    pages: int,
) -> None:
    painter.setFont(font)
    painter.setPen(QPen(QColor("#c4ccd6"), 2))
    painter.drawLine(QPointF(0, band * 0.75), QPointF(width, band * 0.75))
    painter.drawLine(QPointF(0, height - band * 0.75), QPointF(width, height - band * 0.75))
    painter.setPen(QColor("#4a5563"))
    top = QRectF(0, 0, width, band * 0.65)
    bottom = QRectF(0, height - band * 0.65, width, band * 0.65)
    left, right = Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignRight
    top_edge, bottom_edge = Qt.AlignmentFlag.AlignTop, Qt.AlignmentFlag.AlignBottom
    painter.drawText(top, left | bottom_edge, header_text(pack))
    painter.drawText(top, right | bottom_edge, "Monthly review")
    made = f"Hoshin · made on {pack.made_on.isoformat()}"
    if pack.author:
        made += f" by {pack.author}"
    painter.drawText(bottom, left | top_edge, made)
    painter.drawText(bottom, right | top_edge, f"page {page} of {pages}")


def _src(code: str) -> str:
    return f"chart://{code}"
