"""The Target values sheet: the daily or weekly values of the targets tracked finer than
monthly (the bowling chart's months are derived from them), read back by the import.

One row per value (target, title, tracking, date, value), in target then date order; a
target tracked finer without a value yet has one row without date and value, so that how
it is tracked comes back too. Titles are text, never formulas (the cell writers see to it).
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
from hoshin.rules.target_values import FINER


def write_target_values(
    wb: Workbook, ctx: Context, session: Session, nodes: list[MatrixNode]
) -> None:
    targets = {x.id: x for x in nodes if x.kind is NodeKind.TARGET}
    n, v = e.Node.__table__.c, e.TargetValue.__table__.c
    tracked = {
        int(node_id): str(tracking)
        for node_id, tracking in session.connection().execute(
            select(n.id, n.tracking).where(
                n.kind == NodeKind.TARGET.value, n.year == ctx.year, n.tracking.in_(FINER)
            )
        )
        if node_id in targets
    }
    table = Table(
        wb,
        names.TARGET_VALUES,
        names.TARGET_VALUE_COLUMNS,
        [st.CODE, st.TEXT, st.LINE, st.DATE, st.NUMBER],
    )
    # One query in (target, date) order: the sheet streams as the rows come.
    rows = session.connection().execute(
        select(v.node_id, v.day, v.value)
        .join(e.Node.__table__, n.id == v.node_id)
        .where(n.year == ctx.year, n.tracking.in_(FINER))
        .order_by(n.unit_id, n.seq, v.day)
    )
    shown: set[int] = set()
    for node_id, day, value in rows:
        target = targets.get(node_id)
        if target is None:
            continue
        shown.add(node_id)
        table.add([target.code, target.title, tracked[node_id], day, value])
        ctx.ticker.tick()
    for node_id, tracking in tracked.items():
        if node_id not in shown:
            target = targets[node_id]
            table.add([target.code, target.title, tracking, None, None])
    table.finish()
