"""The Minutes sheet: every review meeting of the units exported, one row per agenda item
with the decisions taken on it (a row each), then the decisions on the meeting as a whole.
The same read as the minutes PDF (:func:`hoshin.reads.meetings.load_meetings`). Every text
goes through the text helper: never a formula."""

from __future__ import annotations

from openpyxl.workbook import Workbook
from sqlalchemy.orm import Session

from hoshin.excel.write import styles as st
from hoshin.excel.write.data import Context
from hoshin.excel.write.tables import Table
from hoshin.model import entities as e
from hoshin.reads.meetings import DecisionRow, load_meetings

MINUTES = "Minutes"
MINUTES_COLUMNS = (
    ("Meeting", 8),
    ("Unit", 9),
    ("Date", 11.5),
    ("Held", 6),
    ("Item", 6),
    ("Kind", 11),
    ("Agenda item", 50),
    ("Decision", 45),
    ("Owner", 18),
    ("Due", 11.5),
    ("Done", 6),
)


def write_minutes(wb: Workbook, ctx: Context, session: Session) -> None:
    code, line, text, date, integer = st.CODE, st.LINE, st.TEXT, st.DATE, st.INTEGER
    table = Table(
        wb,
        MINUTES,
        MINUTES_COLUMNS,
        [integer, code, date, line, integer, line, text, text, line, date, line],
        wrapped=(6, 7),
        freeze_cols=2,
    )

    def yes(flag: bool) -> str:
        return "yes" if flag else "no"

    def decided(d: DecisionRow | None) -> list[object]:
        if d is None:
            return [None, None, None, None]
        return [d.text, d.owner, d.due, yes(d.done)]

    for view in load_meetings(session, e.Meeting.unit_id.in_(sorted(ctx.scope))):
        head = [view.id, view.unit_code, view.day, yes(view.held)]
        for item in view.items:
            taken: list[DecisionRow | None] = [*view.decisions_on(item.number)] or [None]
            for d in taken:
                table.add([*head, item.number, item.kind.value, item.title, *decided(d)])
        for d in view.decisions_on(None):
            table.add([*head, None, None, None, *decided(d)])
        ctx.ticker.tick()
    table.finish()
