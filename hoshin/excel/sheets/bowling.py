"""The bowling chart: per target a plan row and an actual row, twelve months and the year.

An actual is green when it meets the plan in the target's direction (higher or lower is
better), yellow when it misses by at most 5 % of the plan, red otherwise. The colour comes
with a mark (✔ ≈ ✖) in the cell's number format, so the chart reads in black and white and
the cell still holds the number.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from openpyxl.workbook import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from hoshin.excel import names
from hoshin.excel.sheets.objectives import MatrixNode
from hoshin.excel.write import printing
from hoshin.excel.write import styles as st
from hoshin.excel.write.cells import Put, SheetWriter, height_for, lines_for
from hoshin.excel.write.data import Context
from hoshin.model import entities as e
from hoshin.model.kinds import NodeKind, OwnerRole
from hoshin.rules.bowling import Status, month_status, year_to_date
from hoshin.rules.finer_months import DerivedMonth, derived_months

FIXED = len(names.BOWLING_FIXED)
MONTH_W, YTD_W, AGG_W = 9.0, 10.0, 11.0
HEADER_ROW = 4
# Two short lines: the sheet prints in column groups, and one long merged line would be
# cut at the edge of the first page.
LEGEND = (
    "✔ green: on plan   ≈ yellow: missed by at most 5 % of plan   ✖ red: off plan.   "
    "Whether higher or lower is better is the target's direction.",
    "Year to date: the months with an actual, added up by the target's aggregation (sum, "
    "average, last, min or max; last column), against the plan of the same months.",
)


_STYLE = {
    Status.GREEN: st.FIGURE_GREEN,
    Status.YELLOW: st.FIGURE_YELLOW,
    Status.RED: st.FIGURE_RED,
}


def judge(direction: str | None, plan: float | None, actual: float | None) -> str:
    """The style of an actual against its plan, by the one rule of hoshin.rules.bowling."""
    status = month_status(direction, plan, actual)
    return st.FIGURE if status is None else _STYLE[status]


def _figures(
    session: Session, year: int
) -> dict[int, dict[int, tuple[float | None, float | None]]]:
    m = e.Measurement
    out: dict[int, dict[int, tuple[float | None, float | None]]] = defaultdict(dict)
    for node_id, month, plan, actual in session.connection().execute(
        select(m.node_id, m.month, m.plan, m.actual).where(m.month.like(f"{year:04d}-%"))
    ):
        month_no = int(str(month)[5:7])
        out[node_id][month_no] = (plan, actual)
    return out


def _owners(session: Session, ctx: Context) -> dict[int, str]:
    r = e.Responsibility
    found: dict[int, list[str]] = defaultdict(list)
    for node_id, person_id in session.connection().execute(
        select(r.node_id, r.person_id).where(r.role == OwnerRole.PRIMARY.value).order_by(r.id)
    ):
        person = ctx.org.person.get(person_id)
        if person is not None:
            found[node_id].append(person.name)
    return {node: ", ".join(people) for node, people in found.items()}


def write_bowling(wb: Workbook, ctx: Context, session: Session, nodes: list[MatrixNode]) -> None:
    targets = [x for x in nodes if x.kind is NodeKind.TARGET]
    figures = _figures(session, ctx.year)
    derived = _derived(session, ctx.year, figures)
    owners = _owners(session, ctx)
    if ctx.year < ctx.as_of.year:
        last_month = 12
    elif ctx.year == ctx.as_of.year:
        last_month = ctx.as_of.month
    else:
        last_month = 0
    w = SheetWriter(wb, names.BOWLING)
    widths = [width for _h, width in names.BOWLING_FIXED]
    # A figure wider than its column shows as ####: fit the widest "✔ -1234.56".
    wanted = {x.id for x in targets}
    widest = max(
        (len(f"{abs(v):.2f}") + 3 for node, months in figures.items() if node in wanted
         for pair in months.values() for v in pair if v is not None),
        default=0,
    )  # fmt: skip
    month_w = max(MONTH_W, widest + 1.5)
    w.set_widths([*widths, *([month_w] * 12), max(YTD_W, month_w), AGG_W])
    w.freeze(f"J{HEADER_ROW + 1}")
    pager = printing.Pager(w.ws, w.widths.values(), w.print_setup(), repeated_pt=28.0)
    w.ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    per_unit = Counter(x.unit_id for x in targets)
    last_col = FIXED + 14
    r = w.row([f"Bowling chart {ctx.year}"], st.TITLE, height=22.0)
    w.merge(r, 1, r, last_col)
    for line in LEGEND:
        r = w.row([line], st.NOTE, height=15.0)
        w.merge(r, 1, r, last_col)
    months = [dt.date(ctx.year, m, 1) for m in range(1, 13)]
    heads: list[object] = [h or None for h, _w in names.BOWLING_FIXED]
    w.row(
        [*heads, *months, names.YTD, names.AGGREGATION],
        [st.HEADER] * FIXED + [st.HEADER_MONTH] * 12 + [st.HEADER, st.HEADER],
        height=28.0,
    )
    fixed_styles = [st.CODE, st.TEXT, st.LINE, st.TEXT, st.LINE, st.TEXT, st.NUMBER, st.NUMBER]
    for x in targets:
        data = figures.get(x.id, {})
        fixed: list[object] = [
            x.code,
            x.title,
            ctx.org.code(x.unit_id),
            owners.get(x.id),
            x.unit_of_measure,
            names.DIRECTION_WORDS.get(x.direction or "", x.direction),
            x.baseline,
            x.goal,
        ]
        plans = [data.get(m, (None, None))[0] for m in range(1, 13)]
        actuals = [data.get(m, (None, None))[1] for m in range(1, 13)]
        keys = [f"{ctx.year:04d}-{m:02d}" for m in range(1, 13)]
        ytd_plan, ytd_actual = year_to_date(
            x.aggregation,
            dict(zip(keys, plans, strict=True)),
            dict(zip(keys, actuals, strict=True)),
            keys[:last_month],
        )
        ytd_plan, ytd_actual = _rounded(ytd_plan), _rounded(ytd_actual)
        lines = max(lines_for(x.title, 30.0), lines_for(owners.get(x.id), 18.0))
        height = max(height_for(lines) / 2, 15.0)
        # A target's two rows on one page; a unit's targets too, when they fit on one.
        pager.keep(w.row_index, 2 * height * (per_unit.pop(x.unit_id, 0) or 1))
        first = w.row(
            [*fixed, names.PLAN_ROW, *plans, ytd_plan, x.aggregation or "average"],
            [*fixed_styles, st.LINE, *([st.FIGURE] * 13), st.LINE],
            height=height,
        )
        actual_styles = [judge(x.direction, p, a) for p, a in zip(plans, actuals, strict=True)]
        # A derived month keeps its number (the import reads it) and says so in a note
        # (the About sheet's line on the Target values sheet explains the notes).
        notes = derived.get(x.id, {})
        shown: list[object] = [
            Put(a, s, f"{notes[m].note.capitalize()} ({x.aggregation or 'average'}).")
            if m in notes
            else a
            for m, (a, s) in enumerate(zip(actuals, actual_styles, strict=True), start=1)
        ]
        w.row(
            [*([None] * 8), names.ACTUAL_ROW, *shown, ytd_actual],
            [*fixed_styles, st.LINE, *actual_styles, judge(x.direction, ytd_plan, ytd_actual)],
            height=height,
        )
        for c in (*range(1, FIXED), last_col):
            w.merge(first, c, first + 1, c)
        ctx.ticker.tick(2)


def _derived(
    session: Session,
    year: int,
    figures: dict[int, dict[int, tuple[float | None, float | None]]],
) -> dict[int, dict[int, DerivedMonth]]:
    """The months derived from finer values (DESIGN §6), put into ``figures`` in place of
    the typed actuals; returned per target and month number, for the cells' notes."""
    n = e.Node.__table__.c
    ids = select(n.id).where(n.kind == NodeKind.TARGET.value, n.year == year).scalar_subquery()
    out: dict[int, dict[int, DerivedMonth]] = {}
    for node_id, months in derived_months(session, ids, year).items():
        for month, found in months.items():
            number = int(month[5:7])
            plan = figures[node_id].get(number, (None, None))[0]
            figures[node_id][number] = (plan, found.value)
            out.setdefault(node_id, {})[number] = found
    return out


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
