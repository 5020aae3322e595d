"""Drawing the year-end reflection report (:mod:`hoshin.reports.reflection_report`) as a
PDF with Qt, as the review pack is drawn (:mod:`views.review.pdf`): portrait A4, a header
(plan, year) and a footer (page n of m) on every page, each unit on a page of its own.
Used by ``hoshin reflect report … -o reflection.pdf``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from hoshin.reports.reflection_report import (
    ReflectionReport,
    header_text,
    report_html,
    report_title,
)
from views.pdf_pages import Bands, Paper, print_pages, write_pdf

#: Portrait A4 with 14 mm sides and 10 mm top and bottom.
PAPER = Paper(QPageSize.PageSizeId.A4, QPageLayout.Orientation.Portrait, (14, 10, 14, 10))


def write_report(report: ReflectionReport, path: str | Path) -> None:
    """Write the report as a portrait A4 PDF; the file appears whole or not at all."""

    def draw(writer: QPdfWriter) -> None:
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(writer)
        doc.setHtml(report_html(report))
        bands = Bands(
            header_text(report),
            "Year-end reflection",
            f"Hoshin · made on {report.made_on.isoformat()}",
        )
        print_pages(writer, doc, bands)

    write_pdf(path, report_title(report), PAPER, draw)
