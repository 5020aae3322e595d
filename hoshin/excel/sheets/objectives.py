"""The Objectives sheet: every breakthrough, annual objective, priority and target, flat.

What the X-matrix sheets cannot show in a label (dates, function, description, where a node
was deployed from, a target's committed goal) stands here, so the import loses nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from openpyxl.workbook import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from hoshin.excel import names
from hoshin.excel.write import styles as st
from hoshin.excel.write.data import MATRIX_KINDS, Context, code_key
from hoshin.excel.write.tables import Table
from hoshin.model import entities as e
from hoshin.model.kinds import EdgeKind, NodeKind

KIND_ORDER = {k: i for i, k in enumerate(MATRIX_KINDS)}


@dataclass(frozen=True, slots=True)
class MatrixNode:
    id: int
    code: str
    seq: int
    kind: NodeKind
    unit_id: int
    title: str
    description: str
    function: str | None
    start: object
    due: object
    unit_of_measure: str | None
    direction: str | None
    baseline: float | None
    goal: float | None
    committed_goal: float | None
    aggregation: str | None = None  # a target's year-to-date rule


def load_matrix_nodes(session: Session, ctx: Context) -> list[MatrixNode]:
    """The scope's matrix nodes, by unit (tree order), kind (S, W, N, E) and code number."""
    conn = session.connection()  # Core rows: plain tuples, no ORM row processing
    fn = dict(conn.execute(select(e.Function.id, e.Function.name)).all())
    n = e.Node
    rows = conn.execute(
        select(
            n.id,
            n.code,
            n.seq,
            n.kind,
            n.unit_id,
            n.title,
            n.description,
            n.function_id,
            n.start_date,
            n.due_date,
            n.unit_of_measure,
            n.direction,
            n.baseline,
            n.goal,
            n.committed_goal,
            n.aggregation,
        ).where(n.kind.in_([k.value for k in MATRIX_KINDS]))
    ).all()
    order = {u.id: i for i, u in enumerate(ctx.org.units)}
    nodes = [
        MatrixNode(
            r[0],
            r[1],
            r[2],
            NodeKind(r[3]),
            r[4],
            r[5],
            r[6] or "",
            fn.get(r[7]) if r[7] is not None else None,
            r[8],
            r[9],
            r[10],
            r[11],
            r[12],
            r[13],
            r[14],
            r[15],
        )
        for r in rows
        if r[4] in ctx.scope
    ]
    nodes.sort(key=lambda x: (order[x.unit_id], KIND_ORDER[x.kind], x.seq, x.id))
    return nodes


def deploy_parents(session: Session) -> dict[int, list[str]]:
    """For each deployed node, the codes of the nodes it was deployed from."""
    ed, parent = e.Edge, aliased(e.Node)
    out: dict[int, list[str]] = defaultdict(list)
    for child, code in session.connection().execute(
        select(ed.target_id, parent.code)
        .join(parent, parent.id == ed.source_id)
        .where(ed.kind == EdgeKind.DEPLOYS.value)
    ):
        out[child].append(code)
    for codes in out.values():
        codes.sort(key=code_key)
    return out


def links_across(session: Session) -> dict[int, list[tuple[str, str | None]]]:
    """Supports and measures links from a matrix node to a node of another unit.

    An X-matrix shows the links within its unit only; these stand on the Objectives sheet
    so that they are seen, and read back.
    """
    ed, source, target = e.Edge, aliased(e.Node), aliased(e.Node)
    out: dict[int, list[tuple[str, str | None]]] = defaultdict(list)
    for source_id, code, strength in session.connection().execute(
        select(ed.source_id, target.code, ed.strength)
        .join(source, source.id == ed.source_id)
        .join(target, target.id == ed.target_id)
        .where(
            ed.kind.in_([EdgeKind.SUPPORTS.value, EdgeKind.MEASURES.value]),
            source.kind.in_([k.value for k in MATRIX_KINDS]),
            source.unit_id != target.unit_id,
        )
        .order_by(ed.source_id, target.seq, target.id)
    ):
        out[source_id].append((code, strength))
    return out


def codes_text(found: list[tuple[str, str | None]]) -> str | None:
    """``IP-7 (strong), IP-8``: codes with the strength of the link, when it has one."""
    if not found:
        return None
    return ", ".join(f"{code} ({strength})" if strength else code for code, strength in found)


def write_objectives(wb: Workbook, ctx: Context, session: Session, nodes: list[MatrixNode]) -> None:
    """The Objectives sheet of ``nodes``, as :func:`load_matrix_nodes` reads them."""
    parents = deploy_parents(session)
    across = links_across(session)
    text, line, code, date, num = st.TEXT, st.LINE, st.CODE, st.DATE, st.NUMBER
    table = Table(
        wb,
        names.OBJECTIVES,
        names.OBJECTIVE_COLUMNS,
        [code, line, line, text, line, text, line, date, date, line, line, num, num, num, text],
        wrapped=(3, 5, 14),
        print_key_cols=4,  # code, kind, unit and title print on every page of a column group
    )
    for x in nodes:
        target = x.kind is NodeKind.TARGET
        table.add(
            [
                x.code,
                x.kind.value,
                ctx.org.code(x.unit_id),
                x.title,
                ", ".join(parents.get(x.id, [])) or None,
                codes_text(across.get(x.id, [])),
                x.function,
                x.start,
                x.due,
                x.unit_of_measure if target else None,
                x.direction if target else None,
                x.baseline if target else None,
                x.goal if target else None,
                x.committed_goal if target else None,
                x.description or None,
            ]
        )
        ctx.ticker.tick()
    table.finish()
