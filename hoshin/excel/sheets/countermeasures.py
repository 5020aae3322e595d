"""The Countermeasures sheet: what each target's owner does about a red month (DESIGN §1.6).

The bowling chart shows the red months; this table says what is done about them, by whom
and by when, and is what the import reads them back from.
"""

from __future__ import annotations

from openpyxl.workbook import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from hoshin.excel import names
from hoshin.excel.sheets.objectives import MatrixNode
from hoshin.excel.write import styles as st
from hoshin.excel.write.data import Context
from hoshin.excel.write.tables import Table
from hoshin.model import entities as e
from hoshin.model.kinds import NodeKind


def write_countermeasures(
    wb: Workbook, ctx: Context, session: Session, nodes: list[MatrixNode]
) -> None:
    targets = {x.id: x for x in nodes if x.kind is NodeKind.TARGET}
    order = {node_id: i for i, node_id in enumerate(targets)}
    c = e.Countermeasure
    rows = [
        r
        for r in session.execute(
            select(c.id, c.node_id, c.month, c.what, c.owner_id, c.due, c.done, c.done_on)
        ).all()
        if r.node_id in targets
    ]
    # Per target in the order they were made: the review lists a target's by id too.
    rows.sort(key=lambda r: (order[r.node_id], r.id))
    line, text, code, date = st.LINE, st.TEXT, st.CODE, st.DATE
    table = Table(
        wb,
        names.COUNTERMEASURES,
        names.COUNTERMEASURE_COLUMNS,
        [code, text, line, text, line, line, date, line, date],
        wrapped=(1, 3),
    )
    for r in rows:
        target = targets[r.node_id]
        owner = ctx.org.person.get(r.owner_id) if r.owner_id is not None else None
        table.add(
            [
                target.code,
                target.title,
                r.month,
                r.what,
                owner.name if owner else None,
                owner.key if owner else None,
                r.due,
                names.DONE if r.done else names.OPEN,
                r.done_on,
            ]
        )
        ctx.ticker.tick()
    table.finish()
