"""The Organisation sheet: units (indented by level), people and functions, side by side."""

from __future__ import annotations

from openpyxl.workbook import Workbook

from hoshin.excel import names
from hoshin.excel.write import styles as st
from hoshin.excel.write.cells import SheetWriter, height_for, lines_for
from hoshin.excel.write.data import Context

GAP = 1.5
UNITS_AT = 1
PEOPLE_AT = UNITS_AT + len(names.UNIT_COLUMNS) + 1
FUNCTIONS_AT = PEOPLE_AT + len(names.PEOPLE_COLUMNS) + 1
#: Where a workbook written before the E-mail column has its functions: the import looks
#: for them from here on, so it reads both layouts.
OLD_FUNCTIONS_AT = PEOPLE_AT + len(names.PEOPLE_REQUIRED) + 1
EMAIL_WIDTH = dict(names.PEOPLE_COLUMNS)["E-mail"]


def write_organisation(wb: Workbook, ctx: Context) -> None:
    w = SheetWriter(wb, names.ORGANISATION)
    columns = [
        *names.UNIT_COLUMNS,
        ("", GAP),
        *names.PEOPLE_COLUMNS,
        ("", GAP),
        *names.FUNCTION_COLUMNS,
    ]
    w.set_widths([width for _h, width in columns])
    w.freeze("A2")
    # No notes on this sheet: its smallest text is the 10-point body, which keeps the
    # sheet on one A3 page wide (fitted, at 81 %) with the E-mail column.
    w.landscape(smallest_pt=st.SIZE)
    w.ws.print_title_rows = "1:1"
    header_styles = [st.HEADER if h else None for h, _w in columns]
    w.row([h or None for h, _w in columns], header_styles, height=18.0)

    # In the order the units were made (a parent always before its units): the import
    # makes them in this order again, so views that list units by id read the same.
    units = sorted(ctx.units, key=lambda u: u.id)
    people = [p for p in ctx.org.people if p.unit_id in ctx.scope]
    functions = ctx.org.functions
    unit_styles = [st.CODE, st.TEXT, st.LINE, st.LINE, st.LINE]
    for i in range(max(len(units), len(people), len(functions))):
        values: list[object] = []
        styles: list[str | None] = []
        if i < len(units):
            u = units[i]
            depth = ctx.org.depth[u.id] - ctx.org.depth[ctx.root_id]
            parent = ctx.org.code(u.parent_id)
            values += [u.code, u.name, parent or None, u.level, u.function]
            styles += [*unit_styles[:1], st.INDENT[min(depth, 5)], *unit_styles[2:]]
        else:
            values += [None] * 5
            styles += [None] * 5
        values.append(None)
        styles.append(None)
        height = None  # the application's own, for one line
        if i < len(people):
            p = people[i]
            if (lines := lines_for(p.email, EMAIL_WIDTH)) > 1:
                height = height_for(lines)
            values += [p.key, p.name, ctx.org.code(p.unit_id), p.email]
            # An address longer than its column wraps onto a second line of its row
            # rather than running under the next column, cut off.
            styles += [st.CODE, st.LINE, st.LINE, st.TEXT]
        else:
            values += [None] * 4
            styles += [None] * 4
        values.append(None)
        styles.append(None)
        if i < len(functions):
            values.append(functions[i])
            styles.append(st.LINE)
        w.row(values, styles, height=height)
        ctx.ticker.tick()
