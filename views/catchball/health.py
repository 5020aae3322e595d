"""Catchball health (DESIGN §6) in one strip: open threads, who is waiting, time to agree.

Self-contained: give it the document and put it anywhere (the inbox's header, a Health
tab). It reads :func:`hoshin.reads.catchball.health_strip` — one scan of the thread rows, no
messages — when shown and after catchball edits, batched so a burst of edits reads once.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from hoshin.changes import Changes
from hoshin.reads.catchball import health_strip
from views.catchball.context import CatchballContext
from views.document import PlanDocument
from views.following import FollowsDocument, change_filter

STYLE = (
    "QFrame#catchballHealth { background: #f4f6f9; border: 1px solid #d5dae1;"
    " border-radius: 5px; }"
    "QFrame#catchballHealth QLabel { color: #39424e; }"
)
MOST_UNITS = 12  # units named in the tooltip before "and N more"


def _plural(n: float, word: str) -> str:
    return f"{n:g} {word if n == 1 else word + 's'}"


def _days(n: float) -> str:
    return "under a day" if n < 1 else _plural(n, "day")


class CatchballHealth(FollowsDocument, QFrame):
    """Catchball health of the plan, and who waits in the selected unit.

    Args:
        document: the open plan; the strip follows its unit and its catchball edits.

    Signals:
        none of its own.
    """

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("catchballHealth")
        self.setStyleSheet(STYLE)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.document = document
        self.context = CatchballContext.of(document)
        self.figures: dict[str, Any] = {}
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.waiting = QLabel(self)
        self.waiting.setWordWrap(True)
        self.waiting.setTextFormat(Qt.TextFormat.RichText)
        box = QVBoxLayout(self)
        box.setContentsMargins(8, 6, 8, 6)
        box.setSpacing(2)
        box.addWidget(self.summary)
        box.addWidget(self.waiting)
        self.follow(document, unit=True, when_seen=True, deferred=True)

    @change_filter("threads", "people", "units")
    def on_changes(self, changes: Changes) -> None:
        self.mark_stale()

    def refresh(self) -> None:
        self.lazy.stale = False
        plan = self.document.plan
        if plan is None:
            self.figures = {}
            self.summary.setText("")
            self.waiting.setText("")
            return
        strip = health_strip(plan, self.document.unit_id, self.context.now())
        h, people, unit = strip.figures, strip.people, strip.unit_name
        self.figures = h
        not_agreed = h["units_not_agreed"]
        rounds, days = h["median_rounds_to_agreement"], h["median_days_to_agreement"]
        if rounds is None or days is None:
            agreeing = "no agreement yet"
        else:
            agreeing = f"agreed in a median {_plural(rounds, 'round')}, {_days(days)}"
        waiting_units = (
            "every unit has agreed"
            if not not_agreed
            else f"<b>{_plural(len(not_agreed), 'unit')}</b> not yet agreed"
        )
        if not h["threads"]:
            # Nothing offered yet: neither "no agreement" nor "every unit has agreed".
            self.summary.setText(
                "<b>Catchball in the plan</b>: no thread yet · a manager starts one by "
                "offering a target to a unit below"
            )
        else:
            self.summary.setText(
                f"<b>Catchball in the plan</b>: <b>{h['open']}</b> open of "
                f"{_plural(h['threads'], 'thread')}"
                f" · {agreeing} · {waiting_units}"
            )
        shown = ", ".join(not_agreed[:MOST_UNITS])
        more = len(not_agreed) - MOST_UNITS
        self.summary.setToolTip(
            "Units still negotiating: " + shown + (f" and {more} more" if more > 0 else "")
            if not_agreed
            else "Every unit has agreed its targets."
        )
        waiting = h["waiting_per_person"]
        in_unit = [(name, waiting.get(key, 0)) for key, name in people]
        if not in_unit:
            self.waiting.setText(f"{unit or 'This unit'} has no people to wait for answers.")
        else:
            parts = [f"{name} <b>{n}</b>" if n else f"{name} 0" for name, n in in_unit]
            self.waiting.setText(f"Waiting in {unit}: " + " · ".join(parts))
