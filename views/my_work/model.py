"""The rows of "My work": one group row per section, the obligations under it.

A QStandardItemModel: the list is a person's work (tens of rows, a busy manager's a few
hundred), rebuilt whole on each read; nothing is edited in place.
"""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel

from hoshin.reads.obligations import GROUPS, Agenda, Obligation
from hoshin.text.formats import working_days
from views.models import ITEM_ROLE

COLUMNS = ("What", "Serves", "Due", "Late (working days)")
#: How a kind of obligation reads in a row's first words.
KIND_WORDS = {
    "actual": "Actual",
    "countermeasure": "Countermeasure",
    "countermeasure-action": "Countermeasure",
    "catchball": "Catchball",
    "check": "Check",
    "action": "Action item",
    "finding": "Finding",
    "decision": "Decision",
    "routine": "Routine",
    "problem": "Problem",
}
_RED = QColor("#b3261e")
_STEPS = {1: "escalated to the manager of the unit", 2: "escalated to the manager above"}


def late_words(ob: Obligation) -> str:
    """How late, short: "12 d" (working days), with how far it climbed."""
    if not ob.days_overdue:
        return ""
    step = {1: " · escalated", 2: " · escalated twice"}.get(ob.step, "")
    return f"{ob.days_overdue} d{step}"


class MyWorkModel(QStandardItemModel):
    """Sections (overdue, today, this week, later; my people's overdue; escalated to me)
    with their obligations; ``ITEM_ROLE`` on a row's first cell holds its Obligation."""

    def __init__(self, parent: object = None) -> None:
        super().__init__(0, len(COLUMNS))
        self.setHorizontalHeaderLabels(list(COLUMNS))
        self.sections: dict[str, int] = {}  # section title -> how many rows

    def set_agenda(self, agenda: Agenda | None) -> None:
        self.removeRows(0, self.rowCount())
        self.sections = {}
        if agenda is None:
            return
        groups = agenda.groups()
        for group in GROUPS:
            self._section(group.capitalize(), groups[group], owner=False, red=group == "overdue")
        self._section("My people, overdue", agenda.people_overdue, owner=True, red=True)
        self._section(
            "Escalated to me from further down", agenda.escalated_from_below(), owner=True, red=True
        )

    def _section(self, title: str, items: list[Obligation], *, owner: bool, red: bool) -> None:
        if not items and title not in ("Overdue", "Today"):
            return  # the two that say "nothing" are worth a line; the others are not
        head = QStandardItem(f"{title} ({len(items)})")
        bold = QFont()
        bold.setBold(True)
        head.setFont(bold)
        head.setEditable(False)
        rest = [QStandardItem("") for _ in COLUMNS[1:]]
        for cell in rest:
            cell.setEditable(False)
        for ob in items:
            head.appendRow(self._row(ob, owner=owner, red=red))
        self.appendRow([head, *rest])
        self.sections[title] = len(items)

    def _row(self, ob: Obligation, *, owner: bool, red: bool) -> list[QStandardItem]:
        who = f"{ob.owner}: " if owner else ""
        what = QStandardItem(f"{who}{ob.title}")
        what.setData(ob, ITEM_ROLE)
        what.setToolTip(
            f"{KIND_WORDS.get(ob.kind, ob.kind)}: {ob.title}\nDouble-click or Enter to do it."
        )
        serves = QStandardItem(f"{ob.node_code} {ob.node_title}".strip())
        due = QStandardItem(ob.due.isoformat())
        late = QStandardItem(late_words(ob))
        if ob.days_overdue:
            told = _STEPS.get(ob.step, "not escalated yet")
            late.setToolTip(f"{working_days(ob.days_overdue)} late; {told}")
        if red and ob.days_overdue:
            late.setForeground(QBrush(_RED))
        cells = [what, serves, due, late]
        for cell in cells:
            cell.setEditable(False)
        return cells

    def obligation(self, row: int, section: int) -> Obligation | None:
        """The obligation at ``row`` of the ``section``-th section (tests, keyboard)."""
        head = self.item(section, 0)
        child = head.child(row, 0) if head is not None else None
        found = child.data(ITEM_ROLE) if child is not None else None
        return found if isinstance(found, Obligation) else None
