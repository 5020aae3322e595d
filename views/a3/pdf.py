"""The A3 page: one A3 landscape sheet a team pins on the wall.

Two columns of sections with headings, the lists of the A3 (5 whys, fishbone causes by
the 6 Ms, the implementation plan as who / what / when, the countermeasures it links) and,
for a problem A3, its target's bowling row as a small chart and a row of figures, drawn
from the plan. Every text is at least 9 pt. A section whose text does not fit its box is
cut at a line ending in "…", and the page's foot says which were cut and where the whole
text is (``hoshin a3 show``): nothing spills off the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextLayout,
    QTextOption,
)

from hoshin.model.a3_sections import SIX_M_WORDS
from hoshin.reads.a3 import A3Doc
from hoshin.rules.bowling import DERIVED_MARK, Status
from hoshin.text.formats import figure
from views.pdf_pages import Paper, write_pdf
from views.review.charts import STATUS_COLOURS, trend_chart

#: The page is laid out in points: the writer's resolution is 72 per inch, so a font's
#: point size is its size on paper. Text is vector; the chart image carries its own pixels.
PT = 72
CHART_DPI = 300
MARGIN_MM = 12.0
#: Type sizes in points: the smallest is readable at arm's length on a wall.
TITLE_PT, SUB_PT, HEAD_PT, BODY_PT, SMALL_PT = 22.0, 11.0, 13.0, 11.0, 9.0
GAP = 18.0  # between the columns, in points
INK, MUTED, RULE, HEAD_FILL = "#1d2733", "#4a5563", "#c4ccd6", "#e9edf2"
CUT_INK = "#9c2a1f"
FILLS = {Status.GREEN: "#d8efd9", Status.YELLOW: "#fbefc4", Status.RED: "#f6d2cf"}


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont("DejaVu Sans")
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


@dataclass
class Block:
    """Lines of a section: (text, font size, bold, indent in points)."""

    heading: str
    items: list[tuple[str, float, bool, float]] = field(default_factory=list)
    chart: bool = False  # the follow-up chart and figures go under the text
    weight: float = 1.0  # its share of the column's height

    def add(self, text: str, size: float = BODY_PT, bold: bool = False, indent: float = 0) -> None:
        self.items.append((text, size, bold, indent))


def page_blocks(doc: A3Doc) -> tuple[list[Block], list[Block]]:
    """The two columns of the page, top to bottom."""
    texts = {s.key: s for s in doc.sections}

    def section(key: str, weight: float = 1.0) -> Block:
        block = Block(texts[key].heading, weight=weight)
        for paragraph in texts[key].text.splitlines() or [""]:
            block.add(paragraph)
        if not texts[key].text.strip():
            block.items = [("–", BODY_PT, False, 0)]
        return block

    plan = Block("Implementation plan: who, what, when", weight=1.1)
    for i, step in enumerate(doc.steps, 1):
        when = step.when.isoformat() if step.when else "no date"
        plan.add(f"{i}. {step.text} — {step.who or 'nobody yet'}, {when}")
    if not doc.steps:
        plan.add("–")
    links = Block("Countermeasures", weight=0.8)
    for link in doc.links:
        if link.countermeasure_id is not None:
            links.add(f"• {link.text} ({link.month}, {link.state})")
        else:
            links.add(f"• {link.kaizen} {link.text} ({link.state})")
    if not doc.links:
        links.add("–")
    if doc.kind == "strategy":
        left = [section("why"), section("current"), section("goal")]
        right = [section("plan"), plan, section("owners", 0.6), section("risks", 0.8)]
        return left, right
    analysis = section("analysis", 1.6)
    if doc.whys:
        analysis.add("5 whys", BODY_PT, True)
        for i, why in enumerate(doc.whys, 1):
            analysis.add(f"Why {i}? {why.text}", BODY_PT, False, 10)
    if doc.causes:
        analysis.add("Causes by the 6 Ms", BODY_PT, True)
        for m, words in SIX_M_WORDS.items():
            causes = [c.text for c in doc.causes if c.category == m]
            if causes:
                analysis.add(f"{words}: " + "; ".join(causes), BODY_PT, False, 10)
    follow = section("follow-up", 1.5)
    follow.chart = doc.figures is not None
    left = [section("background", 0.8), section("current"), section("goal", 0.6), analysis]
    right = [links, plan, follow]
    return left, right


class Page:
    """Draws the page in points on a painter, and remembers what it had to cut."""

    def __init__(self, painter: QPainter, doc: A3Doc, width: float, height: float) -> None:
        self.p = painter
        self.doc = doc
        self.width = width
        self.height = height
        self.cut: list[str] = []

    def _metrics(self, font: QFont) -> QFontMetricsF:
        return QFontMetricsF(font, self.p.device())

    def draw(self, made_on: dt.date) -> None:
        p, doc = self.p, self.doc
        p.setPen(QColor(INK))
        p.setFont(_font(TITLE_PT, True))
        title = self._metrics(p.font()).elidedText(
            f"A3 — {doc.title}", Qt.TextElideMode.ElideRight, self.width
        )
        if title != f"A3 — {doc.title}":
            self.cut.append("title")
        p.drawText(QRectF(0, 0, self.width, 30), Qt.AlignmentFlag.AlignLeft, title)
        p.setFont(_font(SUB_PT))
        p.setPen(QColor(MUTED))
        kind = "Problem-solving A3" if doc.kind == "problem" else "Strategy A3"
        sub = f"{kind} on {doc.code} {doc.node_title} ({doc.unit}) · {made_on.isoformat()}"
        sub = self._metrics(p.font()).elidedText(sub, Qt.TextElideMode.ElideRight, self.width)
        p.drawText(QRectF(0, 32, self.width, 18), Qt.AlignmentFlag.AlignLeft, sub)
        top, foot = 58.0, 20.0
        p.setPen(QPen(QColor(RULE), 1.2))
        p.drawLine(QPointF(0, top - 4), QPointF(self.width, top - 4))
        column = (self.width - GAP) / 2
        left, right = page_blocks(doc)
        body = self.height - top - foot
        self._column(left, QRectF(0, top, column, body))
        self._column(right, QRectF(column + GAP, top, column, body))
        p.setPen(QPen(QColor(RULE), 0.8))
        p.drawLine(QPointF(column + GAP / 2, top), QPointF(column + GAP / 2, top + body))
        p.setFont(_font(SMALL_PT))
        base = self.height - foot + 4
        if self.cut:
            p.setPen(QColor(CUT_INK))
            note = (
                f"Cut to fit the page (…): {', '.join(self.cut)}. "
                f"The whole text: hoshin a3 show PATH {doc.code}"
            )
            p.drawText(QRectF(0, base, self.width * 0.8, foot), Qt.AlignmentFlag.AlignLeft, note)
        p.setPen(QColor(MUTED))
        p.drawText(QRectF(0, base, self.width, foot), Qt.AlignmentFlag.AlignRight, "Hoshin")

    def _column(self, blocks: list[Block], rect: QRectF) -> None:
        chart_h = 250.0
        total = sum(b.weight for b in blocks)
        spare = rect.height() - 10 * (len(blocks) - 1) - sum(chart_h for b in blocks if b.chart)
        y = rect.top()
        for b in blocks:
            h = spare * b.weight / total + (chart_h if b.chart else 0)
            self._block(b, QRectF(rect.left(), y, rect.width(), h), chart_h if b.chart else 0)
            y += h + 10

    def _block(self, block: Block, rect: QRectF, chart_h: float) -> None:
        p = self.p
        p.setPen(QPen(QColor(RULE), 1.0))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(rect)
        head = QRectF(rect.left(), rect.top(), rect.width(), HEAD_PT + 10)
        p.fillRect(head, QColor(HEAD_FILL))
        p.setPen(QColor(INK))
        p.setFont(_font(HEAD_PT, True))
        p.drawText(head.adjusted(8, 0, -8, 0), Qt.AlignmentFlag.AlignVCenter, block.heading)
        inner = QRectF(rect.left() + 8, head.bottom() + 6, rect.width() - 16, 0)
        inner.setBottom(rect.bottom() - 6 - chart_h)
        if not self._lines(block.items, inner):
            self.cut.append(block.heading)
        if chart_h:
            self._figures(QRectF(rect.left() + 8, rect.bottom() - chart_h, rect.width() - 16,
                                 chart_h - 6))  # fmt: skip

    def _lines(self, items: list[tuple[str, float, bool, float]], rect: QRectF) -> bool:
        """Lay out ``items`` wrapped in ``rect``; False when some had to be cut."""
        laid: list[tuple[str, QFont, float, float]] = []  # text, font, x, baseline
        y = rect.top()
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        for text, size, bold, indent in items:
            font = _font(size, bold)
            metrics = self._metrics(font)
            layout = QTextLayout(text or " ", font, self.p.device())
            layout.setTextOption(option)
            layout.beginLayout()
            while True:
                line = layout.createLine()
                if not line.isValid():
                    break
                line.setLineWidth(rect.width() - indent)
                piece = text[line.textStart() : line.textStart() + line.textLength()]
                laid.append((piece.rstrip(), font, rect.left() + indent, y + metrics.ascent()))
                y += metrics.lineSpacing()
            layout.endLayout()
            y += 2
        fits = [entry for entry in laid if entry[3] + 3 <= rect.bottom()]
        whole = len(fits) == len(laid)
        if not whole and fits:
            text, font, x, base = fits[-1]
            width = rect.right() - x
            elided = self._metrics(font).elidedText(text + " …", Qt.TextElideMode.ElideRight, width)
            fits[-1] = (elided if elided.endswith("…") else text + " …", font, x, base)
        self.p.setPen(QColor(INK))
        for text, font, x, base in fits:
            self.p.setFont(font)
            self.p.drawText(QPointF(x, base), text)
        return whole

    def _figures(self, rect: QRectF) -> None:
        """The target's year: a small chart, then its bowling row (plan and actual)."""
        row = self.doc.figures
        assert row is not None
        p = self.p
        p.setFont(_font(SMALL_PT, True))
        p.setPen(QColor(MUTED))
        unit = f", {row.unit_of_measure}" if row.unit_of_measure else ""
        caption = f"{row.code} {row.title}{unit} — plan (grey), goal (dashed), actual by month"
        finer = sorted({d.tracking for m, d in row.derived.items() if m in self.doc.months})
        if finer:  # short, or the caption is cut before it
            caption += f"; {DERIVED_MARK} from {' and '.join(finer)} values"
        caption = self._metrics(p.font()).elidedText(
            caption, Qt.TextElideMode.ElideRight, rect.width()
        )
        p.drawText(
            QRectF(rect.left(), rect.top(), rect.width(), 14), Qt.AlignmentFlag.AlignLeft, caption
        )
        table_h = 3 * 16.0
        chart_rect = QRectF(
            rect.left(), rect.top() + 16, rect.width(), rect.height() - 16 - table_h - 6
        )
        # Drawn in chart units 3/4 of a point: its 10-unit labels print at 13 pt.
        size = QSizeF(chart_rect.width() * 0.75, chart_rect.height() * 0.75)
        image = trend_chart(row, f"{self.doc.year}-12", size, scale=CHART_DPI / PT / 0.75)
        p.drawImage(chart_rect, image)
        months = self.doc.months
        cell_w = rect.width() / 13
        top = chart_rect.bottom() + 6
        p.setFont(_font(SMALL_PT))
        for r, label in enumerate(("", "Plan", "Actual")):
            y = top + r * 16
            p.setPen(QColor(MUTED))
            p.drawText(QRectF(rect.left(), y, cell_w, 16), Qt.AlignmentFlag.AlignVCenter, label)
            for i, m in enumerate(months):
                cell = QRectF(rect.left() + (i + 1) * cell_w, y, cell_w, 16)
                if r == 0:
                    text = dt.date(self.doc.year, i + 1, 1).strftime("%b")
                elif r == 1:
                    text = figure(row.plan.get(m))
                else:
                    text = figure(row.actual.get(m))
                    if row.derived_note(m):
                        text += DERIVED_MARK
                    status = row.status(m)
                    if status is not None:
                        p.fillRect(cell.adjusted(1, 1, -1, -1), QColor(FILLS[status]))
                        text = f"{status.mark} {text}"
                p.setPen(QColor(STATUS_COLOURS[status]) if r == 2 and status else QColor(INK))
                p.drawText(cell, Qt.AlignmentFlag.AlignCenter, text)


def write_a3(doc: A3Doc, path: str | Path, made_on: dt.date | None = None) -> list[str]:
    """Write the A3 page as a PDF (the file appears whole or not at all); returns the
    sections that were cut to fit."""
    paper = Paper(QPageSize.PageSizeId.A3, QPageLayout.Orientation.Landscape, (MARGIN_MM,) * 4, PT)

    def draw(writer: QPdfWriter) -> list[str]:
        rect = writer.pageLayout().paintRectPixels(PT)
        painter = QPainter(writer)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            page = Page(painter, doc, rect.width(), rect.height())
            page.draw(made_on or dt.date.today())
        finally:
            painter.end()
        return page.cut

    return write_pdf(path, f"A3 of {doc.code}: {doc.title}", paper, draw)
