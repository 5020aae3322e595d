"""The year selector: which of the plan's years every view shows (a closed one read-only)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from hoshin.reads.years import plan_years
from views.document import PlanDocument
from views.following import FollowsDocument


class YearSelector(FollowsDocument, QComboBox):
    """A combo box of the plan's years; choosing one shows it in every view."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("yearSelector")
        self.setToolTip("The plan's year shown; a closed year is read-only")
        self._filling = False
        self.currentIndexChanged.connect(self._chosen)
        self.follow(document, changes=False)

    def plan_reset(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        plan = self.document.plan
        self._filling = True
        try:
            self.clear()
            if plan is not None:
                for row in plan_years(plan):
                    self.addItem(row.label, row.year)
                    if row.shown:
                        self.setCurrentIndex(self.count() - 1)
            self.setEnabled(self.count() > 1)
            self.setVisible(plan is not None)
        finally:
            self._filling = False

    def _chosen(self, index: int) -> None:
        if self._filling or index < 0 or self.document.plan is None:
            return
        year = self.itemData(index)
        if year != self.document.plan.year:
            self.document.show_year(int(year))
