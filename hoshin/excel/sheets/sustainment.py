"""The Sustainment sheet: every check and action item of every kaizen, one row each."""

from __future__ import annotations

from openpyxl.workbook import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from hoshin.excel import names
from hoshin.excel.write import styles as st
from hoshin.excel.write.cells import Put
from hoshin.excel.write.data import Context
from hoshin.excel.write.tables import Table
from hoshin.model import entities as e
from hoshin.model.kinds import CheckResult, KaizenStatus, NodeKind
from hoshin.rules import debt


def write_sustainment(wb: Workbook, ctx: Context, session: Session) -> None:
    conn = session.connection()  # Core rows: plain tuples, no ORM row processing
    n, c, a = e.Node, e.SustainmentCheck, e.ActionItem
    kaizens = {}
    dropped = set()  # a dropped kaizen owes nothing: its checks are not overdue (hoshin.rules.debt)
    for kid, code, title, unit_id, status in conn.execute(
        select(n.id, n.code, n.title, n.unit_id, n.status).where(n.kind == NodeKind.KAIZEN.value)
    ):
        if unit_id in ctx.scope:
            kaizens[kid] = (code, title, unit_id)
            if status == KaizenStatus.DROPPED.value:
                dropped.add(kid)
    seq = dict(conn.execute(select(n.id, n.seq).where(n.kind == NodeKind.KAIZEN.value)).all())
    records: list[tuple[tuple[int, int, int, int], list[object]]] = []
    for cid, kid, due, result, on, note, check_owner in conn.execute(
        select(c.id, c.kaizen_id, c.due, c.result, c.checked_on, c.note, c.owner_id)
    ):
        if kid in kaizens:
            style = st.FLAG if result == CheckResult.SLIPPED.value else st.LINE
            late = kid not in dropped and debt.is_overdue(due, result, ctx.as_of)
            shown = Put(
                result or ("overdue" if late else names.OPEN),
                style if result or not late else st.FLAG,
            )
            who = ctx.org.person.get(check_owner) if check_owner is not None else None
            row: list[object] = [
                names.CHECK,
                note or None,
                due,
                shown,
                on,
                who.name if who else None,
                who.key if who else None,
            ]
            records.append(((seq[kid], kid, 0, cid), row))
    for iid, kid, title, owner_id, item_due, done, done_on in conn.execute(
        select(a.id, a.kaizen_id, a.title, a.owner_id, a.due, a.done, a.done_on)
    ):
        if kid in kaizens:
            owner = ctx.org.person.get(owner_id) if owner_id is not None else None
            state = names.DONE if done else names.OPEN
            row = [
                names.ACTION_ITEM,
                title,
                item_due,
                state,
                done_on,
                owner.name if owner else None,
                owner.key if owner else None,
            ]
            records.append(((seq[kid], kid, 1, iid), row))
    records.sort(key=lambda item: item[0])
    text, line, code, date = st.TEXT, st.LINE, st.CODE, st.DATE
    table = Table(
        wb,
        names.SUSTAINMENT,
        names.SUSTAINMENT_COLUMNS,
        [code, text, line, line, text, date, line, date, line, line],
        wrapped=(1, 4),
    )
    for (_seq, kid, _kind, _id), values in records:
        kcode, ktitle, unit_id = kaizens[kid]
        table.add([kcode, ktitle, ctx.org.code(unit_id), *values])
        ctx.ticker.tick()
    table.finish()
