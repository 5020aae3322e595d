"""The About sheet, first in the workbook: what the plan is, what each sheet holds, the legend.

It carries no export time on purpose: two exports of the same plan on the same day hold
the same values. The plan's settings stand here too, so the import restores them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openpyxl.workbook import Workbook

from hoshin.excel import names
from hoshin.excel.write import styles as st
from hoshin.excel.write.cells import SheetWriter, height_for, lines_for
from hoshin.excel.write.data import Context
from hoshin.model.kinds import Strength
from hoshin.model.plan_settings import OPTIONS
from hoshin.rules.years import years

WIDTHS = (26.0, 84.0, 14.0)
SHEETS = "Sheets"
LEGEND = "Legend"
SETTINGS = "Plan settings"


@dataclass(frozen=True)
class SheetEntry:
    name: str
    what: str
    unit_code: str | None = None


#: The About row naming the plan's year of the workbook (read back by the import).
STRATEGY_YEAR = "Strategy year"


def setting_text(key: str, value: Any) -> Any:
    """A setting as a person reads it; :func:`hoshin.excel.read.reading.parse_setting`
    reverses it."""
    if key == "symbols":
        order = (Strength.STRONG, Strength.MEDIUM, Strength.WEAK)
        return ", ".join(f"{s.value} {value.get(s.value, '')}" for s in order)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


def write_about(wb: Workbook, ctx: Context, sheets: list[SheetEntry]) -> None:
    w = SheetWriter(wb, names.ABOUT)
    w.set_widths(WIDTHS)
    w.print_setup(gridlines=False, smallest_pt=st.SIZE)  # no notes
    w.row([names.MARKER], st.TITLE, height=24.0)
    w.blank()
    scope = (
        "the whole plan"
        if ctx.whole_plan
        else f"{ctx.org.by_id[ctx.root_id].code} {ctx.org.by_id[ctx.root_id].name} "
        "and the units below it"
    )
    facts: list[tuple[str, Any, str]] = [
        ("Plan", ctx.plan.name, st.LINE),
        ("As of", ctx.as_of, st.DATE),
        ("Plan year", ctx.year, st.INTEGER),
        # The plan's year these sheets hold (its nodes'): an import makes its plan in it.
        (STRATEGY_YEAR, ctx.plan.year, st.INTEGER),
        ("Years", _years_text(ctx), st.LINE),
        ("Scope", scope, st.LINE),
        (
            "Read back",
            "hoshin import THIS.xlsx -o PLAN.hoshin rebuilds the plan from this "
            "workbook (keep the sheet names and headings).",
            st.TEXT,
        ),
    ]
    for label, value, style in facts:
        w.row([label, value], [st.LABEL, style])

    w.blank()
    _section(w, SHEETS)
    w.row(["Sheet", "What it shows", "Unit"], st.HEADER)
    for entry in sheets:
        height = height_for(lines_for(entry.what, WIDTHS[1]))
        w.row([entry.name, entry.what, entry.unit_code], [st.CODE, st.TEXT, st.LINE], height=height)

    w.blank()
    _section(w, LEGEND)
    w.row(["Mark", "Meaning"], st.HEADER)
    for strength in (Strength.STRONG, Strength.MEDIUM, Strength.WEAK):
        w.row(
            [ctx.symbol(strength), f"X-matrix corner: a {strength.value} correlation"],
            [st.LINE, st.TEXT],
        )
    legend = [
        (names.UNRATED, "X-matrix corner: linked, with no strength yet"),
        (names.PRIMARY, "X-matrix owner block: primary owner"),
        (names.SECONDARY, "X-matrix owner block: secondary owner"),
        (names.DEPLOYED_FROM, "deployed from: the item of the unit above this one came from"),
        ("comment", "a comment on an X-matrix corner cell holds the rationale of the link"),
        ("✔ green", "bowling chart: the actual meets the plan in the target's direction"),
        ("≈ yellow", "bowling chart: the actual misses the plan by at most 5 %"),
        ("✖ red", "bowling chart: the actual misses the plan by more than 5 %"),
        ("yellow label", "X-matrix: the review found something to look at (listed below it)"),
    ]
    for mark, meaning in legend:
        w.row([mark, meaning], [st.LINE, st.TEXT])

    w.blank()
    _section(w, SETTINGS)
    w.row(["Setting", "Value", "Key"], st.HEADER)
    values = ctx.plan.settings.values
    for key, option in OPTIONS.items():
        if key == "org_name":
            continue
        w.row([option.label, setting_text(key, values[key]), key], [st.LINE, st.TEXT, st.LINE])
    ctx.ticker.tick()


def _years_text(ctx: Context) -> str:
    """Every year of the plan and its state: "2026 closed, 2027 open"."""
    with ctx.plan.session(all_years=True) as session:
        return ", ".join(f"{year} {state}" for year, state in years(session))


def _section(w: SheetWriter, title: str) -> None:
    r = w.row([title, None, None], st.SECTION, height=20.0)
    w.merge(r, 1, r, len(WIDTHS))
