"""The Years sheet: every node of every year of the plan, so that a workbook round trip
keeps the years (docs/years.md, "The workbook").

The other sheets show one year (the one exported). Here each node of the plan stands with
its year and the node it was carried from ("KPI-4 of 2026"); the nodes of the other years
stand whole: their fields, what they serve (with the strength), their owners (by key),
a target's monthly figures ("2026-01 30/29; 2026-03 28/27": plan/actual) and the
reflection recorded on them. Written only for a plan of more than one year; read back by
:func:`hoshin.excel.read.years_reader.read_years`. Text goes through the text helper:
never a formula.
"""

from __future__ import annotations

from collections import defaultdict

from openpyxl.workbook import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from hoshin.excel import names
from hoshin.excel.write import styles as st
from hoshin.excel.write.data import Context
from hoshin.excel.write.tables import Table
from hoshin.model import entities as e
from hoshin.model.kinds import NodeKind
from hoshin.rules.years import years
from hoshin.store.chunks import chunks

KIND_ORDER = {k.value: i for i, k in enumerate(NodeKind)}


def figures_text(months: list[tuple[str, float | None, float | None]]) -> str | None:
    """``2026-01 30/29; 2026-04 27/``: each month's plan/actual, an empty side when not
    given (read back by :func:`hoshin.excel.read.years_reader.parse_figures`)."""

    def num(v: float | None) -> str:
        return "" if v is None else f"{v:g}"

    return "; ".join(f"{m} {num(p)}/{num(a)}" for m, p, a in months) or None


def holds_years(ctx: Context) -> bool:
    """Whether the plan holds more than one year (and the workbook a Years sheet)."""
    with ctx.plan.session(all_years=True) as s:
        return len(years(s)) > 1


def write_years(wb: Workbook, ctx: Context) -> None:
    """The Years sheet (the export's session reads one year; this sheet reads them all)."""
    with ctx.plan.session(all_years=True) as s:
        _write(wb, ctx, s)


def _write(wb: Workbook, ctx: Context, s: Session) -> None:
    shown = ctx.plan.year
    n = e.Node.__table__.c
    conn = s.connection()
    functions = dict(conn.execute(select(e.Function.id, e.Function.name)).all())
    rows = [
        r for r in conn.execute(select(e.Node.__table__)).mappings() if r["unit_id"] in ctx.scope
    ]
    order = {u.id: i for i, u in enumerate(ctx.org.units)}
    rows.sort(key=lambda r: (r["year"], order[r["unit_id"]], KIND_ORDER[r["kind"]], r["seq"]))
    codes = {i: c for i, c in conn.execute(select(n.id, n.code))}
    years_of = {i: y for i, y in conn.execute(select(n.id, n.year))}
    others = [r["id"] for r in rows if r["year"] != shown]
    serves: dict[int, list[str]] = defaultdict(list)
    owners: dict[int, list[str]] = defaultdict(list)
    figures: dict[int, list[tuple[str, float | None, float | None]]] = defaultdict(list)
    reflections: dict[int, dict[str, object]] = {}
    g, r_, p, m, rf = (
        e.Edge.__table__.c,
        e.Responsibility.__table__.c,
        e.Person.__table__.c,
        e.Measurement.__table__.c,
        e.Reflection.__table__.c,
    )
    for batch in chunks(others):
        for source, target, strength in conn.execute(
            select(g.source_id, g.target_id, g.strength)
            .where(g.source_id.in_(batch))
            .order_by(g.source_id, g.id)
        ):
            serves[source].append(f"{codes[target]} ({strength})" if strength else codes[target])
        for node_id, key, role in conn.execute(
            select(r_.node_id, p.key, r_.role)
            .join(e.Person.__table__, p.id == r_.person_id)
            .where(r_.node_id.in_(batch))
            .order_by(r_.node_id, r_.role, p.key)
        ):
            owners[node_id].append(f"{key} {role}")
        for node_id, month, plan, actual in conn.execute(
            select(m.node_id, m.month, m.plan, m.actual)
            .where(m.node_id.in_(batch))
            .order_by(m.node_id, m.month)
        ):
            figures[node_id].append((month, plan, actual))
        for row in conn.execute(
            select(*rf, p.name.label("by"))
            .outerjoin(e.Person.__table__, p.id == rf.author_id)
            .where(rf.node_id.in_(batch))
        ).mappings():
            reflections[row["node_id"]] = dict(row)
    code, line, text, number, date, integer = (
        st.CODE,
        st.LINE,
        st.TEXT,
        st.NUMBER,
        st.DATE,
        st.INTEGER,
    )
    table = Table(
        wb,
        names.YEARS,
        names.YEAR_COLUMNS,
        [
            *(integer, code, line, code, text, line, text, text, line),
            *(date, date, date, line, line, line, line, line, line, number, number, text, text),
            *(line, line, text, number, text, text, text, line),
        ],
        wrapped=(4, 6, 7, 20, 21, 24, 26, 27, 28),
        freeze_cols=2,
    )
    for row in rows:
        before = row["previous_id"]
        carried = f"{codes[before]} of {years_of[before]}" if before in codes else None
        head = [row["year"], row["code"], row["kind"], ctx.org.code(row["unit_id"]), row["title"]]
        if row["year"] == shown:  # its fields, links and figures are on the other sheets
            table.add([*head, carried] + [None] * (len(names.YEAR_COLUMNS) - 6))
            continue
        node_id, target = row["id"], row["kind"] == NodeKind.TARGET.value
        said = reflections.get(node_id, {})
        table.add(
            [
                *head,
                carried,
                ", ".join(serves.get(node_id, [])) or None,
                ", ".join(owners.get(node_id, [])) or None,
                functions.get(row["function_id"]),
                row["start_date"],
                row["due_date"],
                row["end_date"],
                row["status"],
                row["origin"],
                row["kaizen_type"],
                row["unit_of_measure"] if target else None,
                row["direction"] if target else None,
                row["aggregation"] if target else None,
                row["baseline"] if target else None,
                row["goal"] if target else None,
                figures_text(figures.get(node_id, [])),
                row["description"] or None,
                said.get("result"),
                said.get("decision"),
                said.get("new_title"),
                said.get("new_goal"),
                said.get("helped") or None,
                said.get("hindered") or None,
                said.get("lesson") or None,
                said.get("by"),
            ]
        )
        ctx.ticker.tick()
    table.finish()
