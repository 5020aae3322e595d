"""Rendering the monthly review to a PDF with Qt.

``write_pack`` prints the review pack (:mod:`hoshin.reports.review_pack`): landscape A4, its
trend charts drawn by QtCharts, a header (plan, unit, month) and a footer (page n of m)
on every page, table headers repeated where a table runs onto the next page.
Used by the Review tab and by ``hoshin review … -o review.pdf``; the pages are printed by
:mod:`views.pdf_pages`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSizeF, QUrl
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from hoshin.reports.review_pack import ReviewPack
from hoshin.reports.review_pack_html import (
    CHART_HEIGHT,
    CHART_WIDTH,
    header_text,
    pack_html,
    pack_title,
)
from views.pdf_pages import Bands, Paper, print_pages, write_pdf
from views.review.charts import trend_chart

#: Landscape A4 with 12 mm sides and 10 mm top and bottom.
PAPER = Paper(QPageSize.PageSizeId.A4, QPageLayout.Orientation.Landscape, (12, 10, 12, 10))


def write_pack(pack: ReviewPack, path: str | Path) -> None:
    """Write the review pack as a landscape A4 PDF; the file appears whole or not at all."""

    def draw(writer: QPdfWriter) -> None:
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(writer)
        size = QSizeF(CHART_WIDTH, CHART_HEIGHT)
        for t in pack.targets:
            image = trend_chart(t, pack.month, size)
            doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(_src(t.code)), image)
        doc.setHtml(pack_html(pack, _src))
        made = f"Hoshin · made on {pack.made_on.isoformat()}"
        if pack.author:
            made += f" by {pack.author}"
        print_pages(writer, doc, Bands(header_text(pack), "Monthly review", made))

    write_pdf(path, pack_title(pack), PAPER, draw)


def _src(code: str) -> str:
    return f"chart://{code}"
