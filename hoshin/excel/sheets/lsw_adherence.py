"""The "LSW adherence" sheet: each person with routines, one column per week, done ÷ due.

A read-only report: the measure of hoshin.rules.standard_work per ISO week (Monday to
Sunday) for the last weeks up to the as-of date; an import passes over it (the routines and
their answers are the plan's, not the workbook's). A week without anything due is blank.
"""

from __future__ import annotations

from openpyxl.workbook import Workbook
from sqlalchemy.orm import Session

from hoshin.excel import names
from hoshin.excel.write import styles as st
from hoshin.excel.write.cells import Put
from hoshin.excel.write.data import Context
from hoshin.excel.write.tables import Table
from hoshin.rules import standard_work

WEEKS = 12


def write_lsw_adherence(wb: Workbook, ctx: Context, session: Session) -> None:
    mondays, per_person = standard_work.weekly(session, ctx.as_of, WEEKS)
    units = {u.id: u for u in ctx.units}
    columns = [
        ("Person", 24.0),
        ("Key", 8.0),
        ("Unit", 10.0),
        *((f"Week of {m.isoformat()}", 9.0) for m in mondays),
        ("Done", 7.0),
        ("Due", 7.0),
        ("Adherence", 9.0),
    ]
    styles = [st.LINE, st.CODE, st.CODE, *([st.PERCENT] * len(mondays)), st.NUMBER, st.NUMBER]
    table = Table(wb, names.LSW_ADHERENCE, columns, [*styles, st.PERCENT], freeze_cols=3)
    people = sorted(
        (p for p in ctx.org.people if p.id in per_person and p.unit_id in units),
        key=lambda p: (units[p.unit_id].code, p.name),
    )
    for person in people:
        weeks = per_person[person.id]
        cells: list[object] = []
        done = due = 0
        for monday in mondays:
            tally = weeks.get(monday)
            share = tally.adherence if tally is not None else None
            cells.append(None if share is None else Put(share, st.PERCENT))
            if tally is not None:
                done, due = done + tally.done, due + tally.due
        total = Put(done / due, st.PERCENT) if due else None
        unit = units[person.unit_id].code
        table.add([person.name, person.key, unit, *cells, done, due, total])
        ctx.ticker.tick(1)
    table.finish()
