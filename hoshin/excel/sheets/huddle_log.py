"""The Huddle log sheet: every problem of the huddles with its path up the tiers.

One row per problem, raised in the exported units, oldest first: where it was raised and
by whom, where it is now and at which tier, the units it went through ("T-AS → PLT →
OPS"), how many days it spent at each (the rule of the problem card,
:func:`hoshin.reads.problems.stays_of`), its answer and what it became. The problems and
their steps are streamed in one ordered statement: an enterprise holds 60,000 of them.

Import does not read this sheet back (the problems stay in the plan; a workbook shows them).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from openpyxl.workbook import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from hoshin.excel import names
from hoshin.excel.write import styles as st
from hoshin.excel.write.data import Context
from hoshin.excel.write.tables import Table
from hoshin.model import entities as e
from hoshin.model.kinds import ProblemEvent
from hoshin.reads.problems import stays_of

STREAM = 5000
_L, _C, _N, _D, _T = st.LINE, st.CODE, st.NUMBER, st.DATE, st.TEXT
#: The style of each column of names.HUDDLE_LOG_COLUMNS.
STYLES = (_N, _D, _C, _L, _T, _L, _D, _L, _C, _N, _L, _N, _L, _D, _T, _C, _C)


def _path(moves: list[tuple[str, dt.datetime, str, str]], now: dt.datetime) -> list[Any]:
    stays = stays_of(moves)
    units: list[str] = []
    for stay in stays:
        if not units or units[-1] != stay.unit:
            units.append(stay.unit)
    escalations = sum(1 for m in moves if m[0] == ProblemEvent.ESCALATED)
    days = " · ".join(f"{s.unit} {s.days(now):g}" for s in stays)
    return [" → ".join(units), escalations, days]


def write_huddle_log(wb: Workbook, ctx: Context, session: Session) -> None:
    conn = session.connection()
    p, s = e.Problem, e.ProblemStep
    node, kaizen = aliased(e.Node), aliased(e.Node)
    stmt = (
        select(
            p.id, p.raised_on, p.raised_unit_id, p.raised_by_id, p.title, p.owner_id, p.due,
            p.status, p.unit_id, p.tier, p.solved_on, p.answer, node.code, kaizen.code,
            p.countermeasure_id, s.kind, s.at, s.from_unit_id, s.to_unit_id,
        )
        .join(s, s.problem_id == p.id)
        .outerjoin(node, node.id == p.node_id)
        .outerjoin(kaizen, kaizen.id == p.kaizen_id)
        .order_by(p.raised_on, p.id, s.at, s.id)
    )  # fmt: skip
    table = Table(
        wb,
        names.HUDDLE_LOG,
        names.HUDDLE_LOG_COLUMNS,
        STYLES,
        wrapped=(4, 14),
    )
    org, scope = ctx.org, ctx.scope
    now = dt.datetime.combine(ctx.as_of, dt.time(23, 59))
    head: list[Any] | None = None
    moves: list[tuple[str, dt.datetime, str, str]] = []

    def flush() -> None:
        if head is not None:
            path = _path(moves, now)
            table.add([*head[:10], *path, *head[10:]])
            ctx.ticker.tick()

    current = None
    for row in conn.execute(stmt, execution_options={"yield_per": STREAM}):
        (pid, raised_on, raised_unit, by_id, title, owner_id, due, status, unit_id, tier,
         solved_on, answer, ncode, kcode, cm, kind, at, src, dst) = row  # fmt: skip
        if pid != current:
            flush()
            current, moves = pid, []
            head = None
            if raised_unit in scope:
                by = org.person.get(by_id) if by_id is not None else None
                owner = org.person.get(owner_id) if owner_id is not None else None
                became = kcode or (f"CM {cm}" if cm is not None else None)
                head = [pid, raised_on, org.code(raised_unit), by.name if by else None, title,
                        owner.name if owner else None, due, status, org.code(unit_id), tier,
                        solved_on, answer or None, ncode, became]  # fmt: skip
        if head is not None:
            moves.append((kind, at, org.code(src) if src else "", org.code(dst) if dst else ""))
    flush()
    table.finish()
