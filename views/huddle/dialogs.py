"""The huddle's dialogs: raise a problem, and a problem's path up the tiers."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hoshin.reads.problems import ProblemPath

#: Colour of a tier's box by how the problem left it.
_ENDED = {"escalated": "#8a8a8a", "returned": "#1f6fbf", "solved": "#2e8b57", "": "#d98b00"}


class RaiseProblemDialog(QDialog):
    """What, owner (one of the unit's people), due date and the target it concerns."""

    def __init__(
        self,
        unit: str,
        people: list[tuple[str, str]],
        targets: list[str],
        day: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Raise a problem at {unit}")
        form = QFormLayout()
        self.what = QLineEdit(self)
        self.what.setPlaceholderText("What is the problem?")
        self.owner = QComboBox(self)
        self.owner.addItem("(nobody yet)", "")
        for key, name in people:
            self.owner.addItem(name, key)
        self.due = QDateEdit(self)
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.due.setDate(QDate(day + dt.timedelta(days=7)))
        self.node = QComboBox(self)
        self.node.addItem("(no target)", "")
        for code in targets:
            self.node.addItem(code, code)
        form.addRow("What", self.what)
        form.addRow("Owner", self.owner)
        form.addRow("Due", self.due)
        form.addRow("Concerns", self.node)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(buttons)

    def values(self) -> tuple[str, str | None, dt.date, str | None]:
        """What, owner key, due date, node code: as HuddleView.raise_problem takes them."""
        due = self.due.date()
        return (
            self.what.text(),
            str(self.owner.currentData() or "") or None,
            dt.date(due.year(), due.month(), due.day()),
            str(self.node.currentData() or "") or None,
        )


def path_html(path: ProblemPath, now: dt.datetime) -> str:
    """The path as boxes, one per stretch at a tier, then every step with who and when."""
    esc = html.escape
    card = path.card
    boxes = []
    for stay in path.stays:
        colour = _ENDED.get(stay.ended, "#d98b00")
        ended = stay.ended or "still there"
        days = stay.days(now)
        boxes.append(
            f"<td style='border:2px solid {colour}; padding:6px; text-align:center'>"
            f"<b>Tier {stay.tier}</b><br>{esc(stay.unit)}<br>{days:g} day{'' if days == 1 else 's'}"
            f"<br><i>{esc(ended)}</i></td>"
        )
    arrows = "<td style='padding:4px; font-size:18px'>→</td>".join(boxes)
    steps = "".join(
        f"<tr><td>{s.at:%Y-%m-%d %H:%M}</td><td><b>{esc(s.kind)}</b></td>"
        f"<td>{esc(s.from_unit + ' → ' + s.to_unit if s.from_unit else s.to_unit)}</td>"
        f"<td>{esc(s.by)}</td><td>{esc(s.note)}</td></tr>"
        for s in path.steps
    )
    n = path.escalations
    return (
        f"<h3>#{card.id} {esc(card.title)}</h3>"
        f"<p>{esc(card.status)} at {esc(card.unit)} (tier {card.tier}) · raised at "
        f"{esc(card.raised_unit)} on {card.raised_on.isoformat()} · "
        f"{n} escalation{'s' if n != 1 else ''}</p>"
        f"<table cellspacing='0'><tr>{arrows}</tr></table>"
        "<p><b>History</b></p><table cellspacing='0' cellpadding='3'>"
        "<tr><th align='left'>When</th><th align='left'>Step</th><th align='left'>Where</th>"
        f"<th align='left'>Who</th><th align='left'>Note</th></tr>{steps}</table>"
        + (f"<p><b>Answer:</b> {esc(card.answer)}</p>" if card.answer else "")
    )


class ProblemPathDialog(QDialog):
    """A problem's way up (and down) the tiers: time at each, and every step."""

    def __init__(self, path: ProblemPath, now: dt.datetime, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Problem #{path.card.id}: its path")
        self.text = QLabel(path_html(path, now), self)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.text, 1)
        column.addWidget(buttons)
        self.resize(720, 420)
