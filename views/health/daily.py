"""The Health tab's daily-management panel: how the unit's problems move through the
huddles (docs/measures.md), the units below compared, and the drill-down: the problems
open past due in the unit and below, longest overdue first; a double-click opens the
huddle of the unit that holds one."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from hoshin.reads.health_tab import UnitFigures
from hoshin.reads.problems import ProblemCard, overdue_problems
from views.document import PlanDocument

UNIT_ROLE = Qt.ItemDataRole.UserRole + 1


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _tiers(medians: dict[str, float]) -> str:
    return ", ".join(f"T{t} {d:g}" for t, d in medians.items()) or "–"


def summary_html(f: UnitFigures) -> str:
    """The unit's figures, then one row per unit below."""
    d: dict[str, Any] = f.daily.get(f.unit.code, {})
    if not d:
        return "No problems raised here."
    per = d["per_team_per_week"]
    head = (
        f"<b>{d['raised']}</b> problems raised in {f.window_days} days "
        f"(<b>{'–' if per is None else per}</b> per team per week); "
        f"<b>{_pct(d['share_solved_at_tier_1'])}</b> of those solved were solved at tier 1; "
        f"<b>{d['escalations']}</b> escalations; <b>{d['open_past_due']}</b> open past due.<br>"
        f"Median days to solve by tier: {_tiers(d['median_days_to_solve'])}; "
        f"to escalate: {_tiers(d['median_days_to_escalate'])}"
    )
    rows = "".join(
        f"<tr><td>{html.escape(r.code)}</td><td align='right'>{x['raised']}</td>"
        f"<td align='right'>{_pct(x['share_solved_at_tier_1'])}</td>"
        f"<td align='right'>{x['escalations']}</td><td align='right'>{x['open_past_due']}</td></tr>"
        for r in f.rows
        if r.code != f.unit.code and (x := f.daily.get(r.code))
    )
    if not rows:
        return head
    return (
        head + "<table cellspacing='0' cellpadding='2'><tr><th align='left'>Unit</th>"
        "<th>Raised</th><th>Solved at tier 1</th><th>Escalations</th><th>Past due</th></tr>"
        f"{rows}</table>"
    )


class DailyPanel(QGroupBox):
    """Daily management of the unit shown, with the overdue problems behind it."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__("Daily management: problems at the huddles", parent)
        self.document = document
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.overdue = QListWidget(self)
        self.overdue.setMinimumHeight(90)
        self.overdue.itemDoubleClicked.connect(self._open)
        column = QVBoxLayout(self)
        column.addWidget(self.label)
        column.addWidget(QLabel("Open past due (double-click: that unit's huddle)", self))
        column.addWidget(self.overdue)

    def show_figures(self, f: UnitFigures, subtree: Iterable[int]) -> list[ProblemCard]:
        self.label.setText(summary_html(f))
        self.overdue.clear()
        plan = self.document.plan
        if plan is None:
            return []
        with plan.session() as s:
            late = overdue_problems(s, subtree, f.as_of)
        for card in late:
            due = card.due.isoformat() if card.due else ""
            item = QListWidgetItem(f"#{card.id} {card.title} — at {card.unit}, due {due}")
            item.setData(UNIT_ROLE, card.unit_id)
            self.overdue.addItem(item)
        if not late:
            self.overdue.addItem("none")
        return late

    def _open(self, item: QListWidgetItem) -> None:
        unit = item.data(UNIT_ROLE)
        if unit:
            self.document.select_unit(int(unit))
