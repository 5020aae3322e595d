"""The Review tab: the monthly review of the selected unit, as it goes up the line.

The content is the review pack (:func:`hoshin.reports.review_pack.build_pack` laid out by
``pack_html``, its trend charts drawn by QtCharts), the same document ``hoshin review``
writes, so what the tab shows is what the PDF says. It is built
only while the tab is on screen, and again only when an edit touched the figures, the
sustainment or the kaizens it reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSizeF, Qt, QUrl, Signal
from PySide6.QtGui import QTextDocument, QTextOption
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from hoshin.changes import Changes
from hoshin.model.errors import HoshinError
from hoshin.plan import Plan
from hoshin.reads.monthly_review import MonthlyReview
from hoshin.reports.review_pack import ReviewPack, build_pack
from hoshin.reports.review_pack_html import CHART_HEIGHT, CHART_WIDTH, pack_html
from hoshin.rules.bowling import last_complete_month
from hoshin.text.formats import month_label
from hoshin.text.wording import count
from views.document import PlanDocument
from views.following import FollowsDocument, change_filter
from views.meeting.dialog import MeetingDialog
from views.review.charts import trend_chart
from views.review.pdf import write_pack
from views.units import UnitTreeCache

IMAGE = QTextDocument.ResourceType.ImageResource

#: Months offered in the month list, counting back from the last complete one.
MONTHS_BACK = 24


def recent_months(last: str, count: int = MONTHS_BACK) -> list[str]:
    """``last`` and the ``count - 1`` months before it, newest first."""
    year, month = int(last[:4]), int(last[5:])
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out


class ReviewView(FollowsDocument, QWidget):
    """The monthly review of the selected unit (and the units below it) for one month.

    Args:
        document: the open plan.
        parent: the owning widget.
        today: the day the default month (the last complete one) is counted from.

    Signals:
        exported(str): a PDF was written (its path).
    """

    exported = Signal(str)

    def __init__(
        self,
        document: PlanDocument,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.review: MonthlyReview | None = None
        self.pack: ReviewPack | None = None
        self._today = today
        self.html = ""
        self._unit_ids: set[int] = set()
        self.unit_tree = UnitTreeCache(document)

        self.month_combo = QComboBox(self)
        for month in recent_months(last_complete_month(today())):
            self.month_combo.addItem(month_label(month), month)
        self.export_button = QPushButton("Export PDF…", self)
        self.export_button.setToolTip("Write this review as a landscape A4 PDF")
        self.meeting_button = QPushButton("Meeting…", self)
        self.meeting_button.setToolTip(
            "The unit's review meeting: its agenda, decisions and action items, minutes"
        )
        self.meeting_dialog: MeetingDialog | None = None
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        # Tables of 100 % width come out a pixel wider than the page after rounding, which
        # showed a useless horizontal scroll bar. Text that wraps anywhere never needs one.
        self.browser.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.browser.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.status = QLabel(self)
        self.status.setStyleSheet("color: #4a5563;")
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Month", self))
        bar.addWidget(self.month_combo)
        bar.addStretch(1)
        bar.addWidget(self.status)
        bar.addWidget(self.meeting_button)
        bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(bar)
        layout.addWidget(self.browser, 1)

        self.month_combo.currentIndexChanged.connect(lambda _i: self.mark_stale())
        self.export_button.clicked.connect(lambda: self.export_pdf())
        self.meeting_button.clicked.connect(lambda: self.open_meeting())
        # Read only while the tab is in front, once per burst of edits.
        self.follow(document, unit=True, when_seen=True, deferred=True)

    @property
    def month(self) -> str:
        return str(self.month_combo.currentData())

    def set_month(self, month: str) -> None:
        index = self.month_combo.findData(month)
        if index < 0:
            self.month_combo.insertItem(0, month_label(month), month)
            index = 0
        self.month_combo.setCurrentIndex(index)

    # -- following the document ----------------------------------------------------------

    def plan_reset(self) -> None:
        self.unit_tree.forget()
        self.mark_stale()

    @change_filter(
        "units", "people", "measurements", "sustainment", "nodes", "owners", settings=["org_name"]
    )
    def on_changes(self, changes: Changes) -> None:
        if changes.units:
            self.unit_tree.forget()
        if changes.units or changes.people or "org_name" in changes.settings:
            self.mark_stale()
            return
        ids = changes.measurements | changes.sustainment | changes.nodes | changes.owners
        plan = self.document.plan
        if not ids or plan is None:
            return
        graph = plan.graph
        if any(not graph.has_node(n) or graph.node(n).unit_id in self._unit_ids for n in ids):
            self.mark_stale()

    def refresh(self) -> None:
        """Build the review of the shown unit and month, and show it."""
        self.lazy.stale = False
        plan = self.document.plan
        self.review, self.pack, self.html = None, None, ""
        if plan is None or not self.unit_id:
            self.browser.clear()
            self.export_button.setEnabled(False)
            return
        units = self.unit_tree.get()
        if self.unit_id not in units.units:
            return
        code = units.units[self.unit_id].code
        # A division's review takes a moment to build and lay out: say so with the cursor.
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._show(plan, code, set(units.subtree(self.unit_id)))
        finally:
            QApplication.restoreOverrideCursor()

    def _show(self, plan: Plan, code: str, unit_ids: set[int]) -> None:
        try:
            pack = build_pack(
                plan,
                code,
                self.month,
                today=self._today(),
                author_key=self.document.current_person,
            )
        except HoshinError as exc:
            self.browser.setPlainText(str(exc))
            self.export_button.setEnabled(False)
            return
        self._unit_ids = unit_ids
        review = pack.review
        self.review, self.pack = review, pack
        self.html = pack_html(pack, _chart_src, paper=False)
        scroll = self.browser.verticalScrollBar().value()
        document = self.browser.document()
        size = QSizeF(CHART_WIDTH, CHART_HEIGHT)
        ratio = self.devicePixelRatioF()
        for t in pack.targets:
            image = trend_chart(t, pack.month, size, scale=ratio)
            image.setDevicePixelRatio(ratio)
            document.addResource(IMAGE, QUrl(_chart_src(t.code)), image)
        self.browser.setHtml(self.html)
        self.browser.verticalScrollBar().setValue(scroll)
        self.status.setText(
            f"{count(len(pack.own), 'target')}, {count(len(review.debt), 'team')} in debt"
        )
        self.export_button.setEnabled(True)

    # -- export --------------------------------------------------------------------------

    def open_meeting(self) -> MeetingDialog | None:
        """Show the Meeting dialog on the unit shown here (made once, then raised)."""
        if self.document.plan is None or not self.unit_id:
            return None
        if self.meeting_dialog is None:
            self.meeting_dialog = MeetingDialog(self.document, self, self._today)
        dialog = self.meeting_dialog
        dialog.show()
        dialog.show_unit(self.unit_id)
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def export_pdf(self, path: str | Path | None = None) -> Path | None:
        """Write the review as a PDF; asks where when no path is given."""
        self.lazy.now()
        if self.pack is None:
            return None
        if path is None:
            suggested = f"review-{self.pack.review.unit_code}-{self.pack.month}.pdf"
            chosen, _filter = QFileDialog.getSaveFileName(
                self, "Export the monthly review", suggested, "PDF (*.pdf)"
            )
            if not chosen:
                return None
            path = chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf"
        target = Path(path)
        try:
            write_pack(self.pack, target)
        except OSError as exc:
            QMessageBox.warning(self, "Cannot export the review", str(exc))
            return None
        self.exported.emit(str(target))
        return target


def _chart_src(code: str) -> str:
    return f"chart://{code}"
