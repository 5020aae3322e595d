"""The words of a review meeting's agenda (table meeting_items, column kind)."""

from __future__ import annotations

from enum import StrEnum


class AgendaKind(StrEnum):
    """What an agenda item is about, in the order the agenda takes them: what is wrong
    first (red, overdue, escalated), then what waits for an answer, then wins, then points
    raised in the meeting."""

    RED = "red"  # a target red last month without a countermeasure
    OVERDUE = "overdue"  # an obligation past its due date
    ESCALATION = "escalation"  # a problem escalated to the unit
    CATCHBALL = "catchball"  # an open catchball thread of the unit
    WIN = "win"  # a target green last month, a kaizen finished
    POINT = "point"  # raised in the meeting

    @property
    def heading(self) -> str:
        return _HEADINGS[self]


_HEADINGS = {
    AgendaKind.RED: "Red targets without a countermeasure",
    AgendaKind.OVERDUE: "Overdue obligations",
    AgendaKind.ESCALATION: "Escalations received",
    AgendaKind.CATCHBALL: "Open catchball",
    AgendaKind.WIN: "Wins",
    AgendaKind.POINT: "Other points",
}
