"""Drawing the year-end reflection report (:mod:`hoshin.reports.reflection_report`) as a
PDF with Qt, as the review pack is drawn (:mod:`views.review.pdf`): portrait A4, a header
(plan, year) and a footer (page n of m) on every page, each unit on a page of its own.
Used by ``hoshin reflect report … -o reflection.pdf``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from hoshin.reports.reflection_report import (
    ReflectionReport,
    header_text,
    report_html,
    report_title,
)
from views.review.pdf import BAND_PT, ensure_gui


def write_report(report: ReflectionReport, path: str | Path) -> None:
    """Write the report as a portrait A4 PDF; the file appears whole or not at all."""
    ensure_gui()
    target = Path(path)
    fd, tmp = tempfile.mkstemp(suffix=".pdf", dir=target.parent or ".")
    os.close(fd)
    try:
        writer = QPdfWriter(tmp)
        writer.setTitle(report_title(report))
        writer.setCreator("Hoshin")
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(14, 10, 14, 10),
                QPageLayout.Unit.Millimeter,
            )
        )
        writer.setResolution(300)
        _print(report, writer)
        del writer  # flushes and closes the file
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _print(report: ReflectionReport, writer: QPdfWriter) -> None:
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    doc.setHtml(report_html(report))
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
            _bands(painter, report, font, rect.width(), rect.height(), band, page + 1, pages)
    finally:
        painter.end()


def _bands(
    painter: QPainter,
    report: ReflectionReport,
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
    painter.drawText(top, left | bottom_edge, header_text(report))
    painter.drawText(top, right | bottom_edge, "Year-end reflection")
    painter.drawText(bottom, left | top_edge, f"Hoshin · made on {report.made_on.isoformat()}")
    painter.drawText(bottom, right | top_edge, f"page {page} of {pages}")
