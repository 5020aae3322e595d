"""The A3s sheet: every A3 of the plan, part by part (DESIGN: A3s).

One row per part: the A3's title, each section (by the names ``hoshin a3 set`` takes),
each why, cause (with its one of the 6 Ms) and step (who, when), and each countermeasure
or kaizen it links. The A3s follow one another in the order of their nodes; the import
reads them back from here. Every text goes through the text helper: never a formula.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from openpyxl.workbook import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from hoshin.excel import names
from hoshin.excel.write import styles as st
from hoshin.excel.write.data import Context
from hoshin.excel.write.tables import Table
from hoshin.model import entities as e
from hoshin.model.a3_sections import CAUSE, SECTIONS, STEP, WHY

_ORDER = {WHY: 0, CAUSE: 1, STEP: 2}


def write_a3s(wb: Workbook, ctx: Context, session: Session) -> None:
    a, n, i, link, c = e.A3, e.Node, e.A3Item, e.A3Link, e.Countermeasure
    codes = {node_id: code for node_id, code in session.execute(select(n.id, n.code))}
    a3s = session.execute(select(a).join(n, n.id == a.node_id).order_by(n.kind, n.seq)).scalars()
    items: dict[int, list[Any]] = defaultdict(list)
    for row in session.execute(
        select(i.a3_id, i.kind, i.position, i.id, i.text, i.category, i.owner_id, i.due)
    ):
        items[row.a3_id].append(row)
    links: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for a3_id, node_id, month, what in session.execute(
        select(link.a3_id, c.node_id, c.month, c.what)
        .join(c, c.id == link.countermeasure_id)
        .order_by(c.month, c.id)
    ):
        links[a3_id].append((names.A3_COUNTERMEASURE, what, f"{codes[node_id]} {month}"))
    for a3_id, kaizen, title in session.execute(
        select(link.a3_id, n.code, n.title).join(n, n.id == link.kaizen_id).order_by(n.seq)
    ):
        links[a3_id].append((names.A3_KAIZEN, title, kaizen))
    line, text, code, date = st.LINE, st.TEXT, st.CODE, st.DATE
    table = Table(
        wb,
        names.A3S,
        names.A3_COLUMNS,
        [code, line, line, line, text, line, line, date, code],
        wrapped=(4,),
    )
    for a3 in list(a3s):
        node = codes[a3.node_id]
        table.add([node, a3.kind, names.A3_TITLE, None, a3.title, None, None, None, None])
        for section, column in SECTIONS[a3.kind].items():
            table.add([node, a3.kind, section, None, getattr(a3, column) or None, *[None] * 4])
        for r in sorted(items[a3.id], key=lambda r: (_ORDER[r.kind], r.position, r.id)):
            owner = ctx.org.person.get(r.owner_id) if r.owner_id is not None else None
            table.add(
                [
                    node,
                    a3.kind,
                    names.A3_ITEM_PARTS[r.kind],
                    r.category,
                    r.text,
                    owner.name if owner else None,
                    owner.key if owner else None,
                    r.due,
                    None,
                ]
            )
        for part, words, target in links[a3.id]:
            table.add([node, a3.kind, part, None, words, None, None, None, target])
        ctx.ticker.tick()
    table.finish()
