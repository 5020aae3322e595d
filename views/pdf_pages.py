"""Printed pages with Qt, shared by every PDF Hoshin makes (the review pack, the
reflection report, the A3 page): a file that appears whole or not at all, and a long HTML
document laid out over pages with a header and a footer band on each.

The command line has no window, so :func:`ensure_gui` starts an offscreen QApplication
when there is none (charts are graphics widgets and text layout needs a GUI application).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
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

#: Height of the page header and footer bands, in points.
BAND_PT = 16.0

T = TypeVar("T")


def ensure_gui() -> None:
    """A QGuiApplication for text layout, offscreen when there is no display."""
    if QGuiApplication.instance() is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        ensure_gui.app = QApplication([])  # type: ignore[attr-defined]  # keep it alive


@dataclass(frozen=True)
class Paper:
    """A page: its size, orientation, margins (mm) and resolution (dots per inch)."""

    size: QPageSize.PageSizeId
    orientation: QPageLayout.Orientation
    margins_mm: tuple[float, float, float, float]  # left, top, right, bottom
    resolution: int = 300


def write_pdf(path: str | Path, title: str, paper: Paper, draw: Callable[[QPdfWriter], T]) -> T:
    """Write a PDF with ``draw(writer)``; the file appears whole or not at all (a temporary
    file beside it, renamed over it once written). Returns what ``draw`` returns."""
    ensure_gui()
    target = Path(path)
    fd, tmp = tempfile.mkstemp(suffix=".pdf", dir=target.parent or ".")
    os.close(fd)
    try:
        writer = QPdfWriter(tmp)
        writer.setTitle(title)
        writer.setCreator("Hoshin")
        writer.setPageLayout(
            QPageLayout(
                QPageSize(paper.size),
                paper.orientation,
                QMarginsF(*paper.margins_mm),
                QPageLayout.Unit.Millimeter,
            )
        )
        writer.setResolution(paper.resolution)
        result = draw(writer)
        del writer  # flushes and closes the file
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return result


@dataclass(frozen=True)
class Bands:
    """What the header and footer of every page say (the page number is added)."""

    header_left: str
    header_right: str
    footer_left: str


def print_pages(writer: QPdfWriter, doc: QTextDocument, bands: Bands) -> None:
    """Lay ``doc`` (HTML already set) out over the writer's pages, with the bands."""
    doc.documentLayout().setPaintDevice(writer)
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
            _bands(painter, bands, font, rect.width(), rect.height(), band, page + 1, pages)
    finally:
        painter.end()


def _bands(
    painter: QPainter,
    bands: Bands,
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
    painter.drawText(top, left | bottom_edge, bands.header_left)
    painter.drawText(top, right | bottom_edge, bands.header_right)
    painter.drawText(bottom, left | top_edge, bands.footer_left)
    painter.drawText(bottom, right | top_edge, f"page {page} of {pages}")
