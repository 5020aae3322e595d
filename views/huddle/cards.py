"""A problem as a card on the huddle board: what, where it is on its way up the tiers, who
owns it, when it is due; its actions (start, escalate, send back, solve, its path).

The status is said in words and by the card's edge colour, never by colour alone.

Signals of :class:`ProblemCardWidget`:
    actionRequested(str, int): an action ("start", "escalate", "return", "solve", "reopen",
        "path") on a problem id.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from hoshin.reads.problems import ProblemCard

#: The edge colour of a card by where it stands.
EDGE = {
    "open": "#d98b00",
    "in progress": "#1f6fbf",
    "solved": "#2e8b57",
    "escalated": "#8a8a8a",
    "overdue": "#c0392b",
}


def state_of(card: ProblemCard) -> str:
    if card.escalated_up:
        return "escalated"
    if card.overdue:
        return "overdue"
    return card.status


def where_line(card: ProblemCard) -> str:
    """Where it is on its way: "raised at T-AS · now at PLT, tier 2"."""
    if card.escalated_up:
        return f"escalated from here · now at {card.unit}, tier {card.tier} ({card.status})"
    if card.tier > 1:
        return f"escalated from {card.raised_unit} · tier {card.tier}"
    return "raised here · tier 1"


class ProblemCardWidget(QFrame):
    """One problem. ``wall``: large type, no buttons (a wall screen is read, not clicked)."""

    actionRequested = Signal(str, int)

    def __init__(
        self,
        card: ProblemCard,
        *,
        can_escalate: bool,
        wall: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.card = card
        self.setObjectName("problemCard")
        state = state_of(card)
        self.setStyleSheet(
            "QFrame#problemCard { background: palette(base); border: 1px solid #c8c8c8;"
            f" border-left: 6px solid {EDGE[state]}; border-radius: 4px; }}"
        )
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 6, 8, 6)
        column.setSpacing(2)
        self.title = QLabel(f"#{card.id}  {card.title}", self)
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        if wall:
            font.setPointSizeF(font.pointSizeF() * 1.6)
        self.title.setFont(font)
        column.addWidget(self.title)
        words = [card.status, where_line(card)]
        if state == "overdue":
            words.insert(0, "OVERDUE")
        if card.owner:
            words.append(f"owner {card.owner}")
        if card.due:
            words.append(f"due {card.due.isoformat()}")
        if card.node:
            words.append(f"concerns {card.node}")
        self.details = QLabel(" · ".join(words), self)
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        if wall:
            dfont = self.details.font()
            dfont.setPointSizeF(dfont.pointSizeF() * 1.3)
            self.details.setFont(dfont)
        column.addWidget(self.details)
        if card.answer:
            answer = QLabel(f"Answer: {card.answer}", self)
            answer.setWordWrap(True)
            answer.setTextFormat(Qt.TextFormat.PlainText)
            column.addWidget(answer)
        self.buttons: dict[str, QPushButton] = {}
        if wall:
            return
        row = QHBoxLayout()
        row.setSpacing(4)
        offered = self._offered(card, can_escalate)
        for action, label in offered:
            button = QPushButton(label, self)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, a=action: self.actionRequested.emit(a, card.id))
            self.buttons[action] = button
            row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)

    @staticmethod
    def _offered(card: ProblemCard, can_escalate: bool) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        if not card.escalated_up:
            if card.status == "open":
                out.append(("start", "Start"))
            if not card.solved:
                if can_escalate:
                    out.append(("escalate", "Escalate ▲"))
                if card.tier > 1:
                    out.append(("return", "Send back ▼"))
                out.append(("solve", "Solve ✓"))
            else:
                out.append(("reopen", "Reopen"))
        out.append(("path", "Path…"))
        return out
