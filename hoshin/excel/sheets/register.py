"""The kaizen register: one row per kaizen, its line of sight as columns, its sustainment debt.

Line of sight is the graph's own (:meth:`StrategyGraph.line_of_sight`), memoised per node:
every kaizen of a team reaches the strategy through the same few priorities, so the walk up
is done once per priority, not once per kaizen.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from openpyxl.workbook import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from hoshin.excel import names
from hoshin.excel.sheets.objectives import codes_text
from hoshin.excel.write import styles as st
from hoshin.excel.write.cells import Put
from hoshin.excel.write.data import Context
from hoshin.excel.write.tables import Table
from hoshin.graph import StrategyGraph
from hoshin.model import entities as e
from hoshin.model.kinds import FINISHED_STATUSES, EdgeKind, NodeKind
from hoshin.rules import debt

NO_SIGHT = "none: serves no breakthrough"
_FINISHED = {s.value for s in FINISHED_STATUSES}


@dataclass(frozen=True, slots=True)
class Debt:
    open_items: int = 0
    overdue: int = 0
    slipped: int = 0

    @property
    def total(self) -> int:
        return self.open_items + self.overdue + self.slipped


def sustainment_debt(session: Session, as_of: dt.date) -> dict[int, Debt]:
    """Per kaizen id, its debt by the rules of :mod:`hoshin.reads.health` (DESIGN §6)."""
    conn = session.connection()  # Core rows: plain tuples, no ORM row processing
    n, a, c = e.Node, e.ActionItem, e.SustainmentCheck
    items: Counter[int] = Counter(
        kid
        for (kid,) in conn.execute(
            select(a.kaizen_id).join(n, n.id == a.kaizen_id).where(debt.item_owed(a, n.status))
        )
    )
    overdue: Counter[int] = Counter()
    slipped: Counter[int] = Counter()
    checks: dict[int, list[debt.Check]] = defaultdict(list)
    for kid, cid, due, result, on in conn.execute(
        select(c.kaizen_id, c.id, c.due, c.result, c.checked_on)
        .join(n, n.id == c.kaizen_id)
        .where(debt.counted(n.status))
    ):
        checks[kid].append((cid, due, result, on))
    for kid, rows in checks.items():
        for state in debt.check_states(rows, dropped=False, as_of=as_of).values():
            overdue[kid] += state == "overdue"
            slipped[kid] += state == "slipped"
    ids = set(items) | set(overdue) | set(slipped)
    return {k: Debt(items[k], overdue[k], slipped[k]) for k in ids}


class Sight:
    """Line of sight per node, each walk done once."""

    def __init__(self, graph: StrategyGraph) -> None:
        self.graph = graph
        self._memo: dict[int, list[int]] = {}

    def of(self, node_id: int) -> list[int]:
        up = self.graph.serves(node_id)
        if len(up) == 1 and not self.graph.is_top(node_id):
            # One way up: the path is this node and the path of the one above.
            above = self._cached(up[0])
            if self.graph.is_top(above[-1]):
                return [node_id, *above]
            return [node_id]
        return self._cached(node_id)

    def _cached(self, node_id: int) -> list[int]:
        found = self._memo.get(node_id)
        if found is None:
            found = self._memo[node_id] = self.graph.line_of_sight(node_id)
        return found


def supports_of(session: Session) -> dict[int, list[tuple[str, str | None]]]:
    """Per kaizen id, the priorities it supports directly: (code, strength)."""
    ed, kz, target = e.Edge, e.Node, e.Node.__table__.alias("t")
    out: dict[int, list[tuple[str, str | None]]] = defaultdict(list)
    for kid, code, strength in session.connection().execute(
        select(ed.source_id, target.c.code, ed.strength)
        .join(kz, kz.id == ed.source_id)
        .join(target, target.c.id == ed.target_id)
        .where(kz.kind == NodeKind.KAIZEN.value, ed.kind == EdgeKind.SUPPORTS.value)
        .order_by(ed.source_id, target.c.seq, target.c.id)
    ):
        out[kid].append((code, strength))
    return out


def write_register(
    wb: Workbook, ctx: Context, session: Session, titles: dict[int, tuple[str, str]]
) -> None:
    """Write the Kaizens sheet. ``titles`` maps a node id to its (code, title)."""
    graph = ctx.plan.graph
    sight = Sight(graph)
    debt = sustainment_debt(session, ctx.as_of)
    supports = supports_of(session)
    conn = session.connection()  # Core rows: plain tuples, no ORM row processing
    fn = dict(conn.execute(select(e.Function.id, e.Function.name)).all())
    n = e.Node
    rows = conn.execute(
        select(
            n.id,
            n.code,
            n.title,
            n.unit_id,
            n.function_id,
            n.origin,
            n.status,
            n.kaizen_type,
            n.start_date,
            n.due_date,
            n.end_date,
            n.effect_target_id,
            n.expected_effect,
            n.description,
        )
        .where(n.kind == NodeKind.KAIZEN.value)
        .order_by(n.seq, n.id)
    )
    text, line, code, date, num = st.TEXT, st.LINE, st.CODE, st.DATE, st.INTEGER
    styles = [
        code,
        text,
        line,
        text,
        line,
        line,
        line,
        line,
        date,
        date,
        date,
        text,
        text,
        text,
        text,
        text,
        num,
        num,
        num,
        num,
        line,
        text,
        text,
    ]
    table = Table(
        wb,
        names.KAIZENS,
        names.KAIZEN_COLUMNS,
        styles,
        wrapped=(1, 3, 11, 12, 13, 14, 15, 21, 22),
        header_height=40.0,
        print_key_cols=2,  # the code and title print on every page of a column group
    )
    org = ctx.org
    kind_of = {node.id: node.kind for node in graph.nodes()}

    def label(node_id: int | None) -> str | None:
        if node_id is None:
            return None
        code_, title = titles[node_id]
        return f"{code_} {title}"

    for (
        kid,
        kcode,
        title,
        unit_id,
        function_id,
        origin,
        status,
        ktype,
        start,
        due,
        end,
        effect,
        expected,
        description,
    ) in rows:
        if unit_id not in ctx.scope:
            continue
        path = sight.of(kid)
        has_sight = len(path) > 1
        priority = next((p for p in path[1:] if kind_of[p] is NodeKind.PRIORITY), None)
        annual = next((p for p in reversed(path) if kind_of[p] is NodeKind.ANNUAL), None)
        d = debt.get(kid, Debt())
        unit = org.by_id[unit_id]
        values: list[object] = [
            kcode,
            title,
            unit.code,
            unit.name,
            fn.get(function_id) if function_id is not None else None,
            origin,
            status,
            ktype,
            start,
            due,
            end,
            codes_text(supports.get(kid, [])),
            label(priority),
            label(annual),
            label(path[-1]) if has_sight else None,
            " → ".join(titles[p][0] for p in path) if has_sight else Put(NO_SIGHT, st.FLAG),
            d.open_items,
            d.overdue,
            d.slipped,
            Put(d.total, st.FLAG) if d.total else 0,
            titles[effect][0] if effect in titles else None,
            expected or None,
            description or None,
        ]
        table.add(values)
        ctx.ticker.tick()
    table.finish()
