"""The Catchball sheet: every message of every thread, oldest first, one row each.

The messages are streamed from the database straight into the sheet: a large plan holds
200,000 of them, and none needs to be in memory at once.
"""

from __future__ import annotations

from openpyxl.workbook import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from hoshin.excel import names
from hoshin.excel.write import styles as st
from hoshin.excel.write.data import Context
from hoshin.excel.write.tables import Table
from hoshin.model import entities as e

STREAM = 5000  # rows fetched at a time


def write_catchball(wb: Workbook, ctx: Context, session: Session) -> None:
    # Core rows through the connection: half the time of the ORM's for 200,000 messages.
    conn = session.connection()
    m, t = e.CatchballMessage, e.CatchballThread
    node, child = aliased(e.Node), aliased(e.Node)
    author = aliased(e.Person)
    stmt = (
        select(
            t.id,
            node.code,
            child.code,
            t.upper_unit_id,
            t.lower_unit_id,
            m.created_at,
            m.direction,
            m.author_id,
            author.unit_id,
            m.kind,
            m.value,
            m.due,
            m.owner_id,
            m.resources,
            m.text,
            m.round,
            m.state,
        )
        .join(t, t.id == m.thread_id)
        .join(node, node.id == t.node_id)
        .outerjoin(child, child.id == t.child_node_id)
        .outerjoin(author, author.id == m.author_id)
        .order_by(t.id, m.id)
    )
    text, line, code, num = st.TEXT, st.LINE, st.CODE, st.NUMBER
    table = Table(
        wb,
        names.CATCHBALL,
        names.CATCHBALL_COLUMNS,
        [
            num,
            code,
            line,
            line,
            line,
            st.DATETIME,
            line,
            line,
            line,
            line,
            num,
            st.DATE,
            line,
            line,
            text,
            text,
            num,
            line,
        ],
        wrapped=(14, 15),
        a3=True,
    )
    org, scope = ctx.org, ctx.scope
    people = org.person
    for (
        tid,
        ncode,
        ccode,
        upper,
        lower,
        at,
        direction,
        author_id,
        author_unit,
        kind,
        value,
        due,
        owner_id,
        resources,
        words,
        rnd,
        state,
    ) in conn.execute(stmt, execution_options={"yield_per": STREAM}):
        if upper not in scope or lower not in scope:
            continue
        if direction == "down":
            source, dest = org.code(upper), org.code(lower)
        elif direction == "up":
            source, dest = org.code(lower), org.code(upper)
        else:  # someone outside the two units, or Hoshin itself
            source, dest = org.code(author_unit) or names.HOSHIN_AUTHOR, None
        who = people.get(author_id) if author_id is not None else None
        owner = people.get(owner_id) if owner_id is not None else None
        table.add(
            [
                tid,
                ncode,
                ccode,
                source,
                dest,
                at,
                direction,
                who.name if who else names.HOSHIN_AUTHOR,
                who.key if who else None,
                kind,
                value,
                due,
                owner.name if owner else None,
                owner.key if owner else None,
                resources or None,
                words or None,
                rnd,
                state,
            ]
        )
        ctx.ticker.tick()
    table.finish()
