"""The Reflection sheet: the year-end reflection (hansei) of the plan's year, unit by unit.

One row per breakthrough, annual objective, priority and target of the units exported: a
target's figures (goal, last actual, year to date) and the result they suggest
(:func:`hoshin.rules.reflection.suggested_result`), then the result, decision, new title or
goal, what helped, what hindered and the lesson recorded. The same read as the Reflection
tab. Every text goes through the text helper: never a formula.
"""

from __future__ import annotations

from openpyxl.workbook import Workbook
from sqlalchemy.orm import Session

from hoshin.excel import names
from hoshin.excel.write import styles as st
from hoshin.excel.write.data import Context
from hoshin.excel.write.tables import Table
from hoshin.model.kinds import NodeKind
from hoshin.reads.reflection import load_reflection


def write_reflection(wb: Workbook, ctx: Context, session: Session) -> None:
    year = load_reflection(session, ctx.plan.year, sorted(ctx.scope))
    code, line, text, number = st.CODE, st.LINE, st.TEXT, st.NUMBER
    table = Table(
        wb,
        names.REFLECTION,
        names.REFLECTION_COLUMNS,
        # unit, node, kind, title, measure and direction; the figures; the words.
        [
            *(code, code, line, text, line, line),
            *(number, number, number, code, number, line),
            *(line, line, text, number, text, text, text, line, text),
        ],
        wrapped=(3, 14, 16, 17, 18, 20),
        freeze_cols=2,
    )
    for unit in year.units:
        for row in unit.lines:
            table.add(
                [
                    unit.code,
                    row.code,
                    NodeKind(row.kind).label,
                    row.title,
                    row.unit_of_measure or None,
                    row.direction or None,
                    row.baseline,
                    row.goal,
                    row.last_actual,
                    row.last_month,
                    None if row.ytd_actual is None else round(row.ytd_actual, 4),
                    row.suggested,
                    row.result,
                    row.decision,
                    row.new_title,
                    row.new_goal,
                    row.helped or None,
                    row.hindered or None,
                    row.lesson or None,
                    row.author,
                    # The comments of the unit above, one a line: written, not read back.
                    "\n".join(
                        f"{c.author or 'someone'}, {c.at:%Y-%m-%d}: {c.text}" for c in row.comments
                    )
                    or None,
                ]
            )
        ctx.ticker.tick()
    table.finish()
