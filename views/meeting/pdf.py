"""Drawing a review meeting's agenda or minutes (:mod:`hoshin.reports.minutes`) as a PDF
with Qt, as the reflection report is drawn: portrait A4, a header (unit, meeting, day) and
a footer (page n of m) on every page. Used by ``hoshin review --agenda|--minutes -o x.pdf``
and the Meeting dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from hoshin.reads.meetings import MeetingView
from hoshin.reports.minutes import agenda_html, document_title, header_text, minutes_html
from views.pdf_pages import Bands, Paper, print_pages, write_pdf

#: Portrait A4 with 14 mm sides and 10 mm top and bottom.
PAPER = Paper(QPageSize.PageSizeId.A4, QPageLayout.Orientation.Portrait, (14, 10, 14, 10))


def write_meeting(view: MeetingView, path: str | Path, minutes: bool) -> None:
    """Write the agenda (``minutes`` False) or the minutes; whole or not at all."""

    def draw(writer: QPdfWriter) -> None:
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(writer)
        doc.setHtml(minutes_html(view) if minutes else agenda_html(view))
        kind = "Minutes" if minutes else "Agenda"
        state = "held" if view.held else "not yet held"
        bands = Bands(header_text(view), kind, f"Hoshin · meeting {view.id}, {state}")
        print_pages(writer, doc, bands)

    write_pdf(path, document_title(view, minutes=minutes), PAPER, draw)
