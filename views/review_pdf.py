"""Rendering the monthly review (HTML from hoshin.monthly_review) to a PDF with Qt.

Used by the Review tab and by ``hoshin review … -o review.pdf``; the command line has no
window, so this starts an offscreen QGuiApplication when there is none.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument


def ensure_gui() -> None:
    """A QGuiApplication for text layout, offscreen when there is no display."""
    if QGuiApplication.instance() is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        ensure_gui.app = QGuiApplication([])  # type: ignore[attr-defined]  # keep it alive


def write_pdf(html: str, path: str | Path, title: str = "") -> None:
    """Write ``html`` as an A4 PDF; the file appears whole or not at all."""
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
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(15, 15, 15, 15),
                QPageLayout.Unit.Millimeter,
            )
        )
        writer.setResolution(300)
        doc = QTextDocument()
        # Measure fonts on the writer, not the screen, or point sizes shrink to nothing.
        doc.documentLayout().setPaintDevice(writer)
        doc.setHtml(html)
        rect = writer.pageLayout().paintRectPixels(writer.resolution())
        doc.setPageSize(QSizeF(rect.width(), rect.height()))
        doc.print_(writer)
        del writer  # flushes and closes the file
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
