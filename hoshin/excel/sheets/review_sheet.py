"""The Review sheet: the monthly review of the exported scope for the last complete month.

The same content as the Review tab and its PDF (:mod:`hoshin.reads.monthly_review`): red targets
first with their countermeasures, the month's figures, what improved, sustainment debt.
Derived from the plan: the import does not read it back, the next export writes it again.
"""

from __future__ import annotations

from openpyxl.workbook import Workbook

from hoshin.excel.write import printing
from hoshin.excel.write import styles as st
from hoshin.excel.write.cells import Put, SheetWriter, height_for, lines_for
from hoshin.excel.write.data import Context
from hoshin.reads.monthly_review import Countermeasure, MonthlyReview, build_review
from hoshin.rules.bowling import Status, last_complete_month

NAME = "Review"
#: Code, title, owner or unit of measure, plan, actual, goal, countermeasure, who, due: the
#: tables share these columns, narrow enough for A4 landscape (hoshin.excel.write.printing).
WIDTHS = (8.0, 26.0, 12.0, 8.0, 9.0, 8.0, 24.0, 12.0, 10.0)
TARGET_STYLES = (st.CODE, st.TEXT, st.TEXT, None, None, None)
TEAM_TO = 5  # a kaizen's team spans the owner, plan and actual columns
TEAM_W = sum(WIDTHS[2:TEAM_TO])
_FIGURE = {
    Status.GREEN: st.FIGURE_GREEN,
    Status.YELLOW: st.FIGURE_YELLOW,
    Status.RED: st.FIGURE_RED,
}


def _figure(value: float | None, status: Status | None = None, note: str = "") -> Put | None:
    """A figure; ``note``: "derived from 22 daily values" for an actual made of finer ones."""
    if value is None:
        return None
    comment = f"{note.capitalize()}." if note else None
    return Put(value, _FIGURE[status] if status else st.FIGURE, comment)


def write_review(wb: Workbook, ctx: Context) -> None:
    month = last_complete_month(ctx.as_of)
    unit = next(u for u in ctx.units if u.id == ctx.root_id)
    review = build_review(ctx.plan, unit.code, month)
    w = SheetWriter(wb, NAME)
    w.set_widths(WIDTHS)
    layout = w.print_setup(gridlines=False)
    pager = printing.Pager(w.ws, WIDTHS, layout) if layout else None
    last = len(WIDTHS)
    r = w.row([review.title], st.TITLE, height=22.0)
    w.merge(r, 1, r, last)
    r = w.row([f"{review.org} · the unit and every unit below it"], st.SUBTITLE)
    w.merge(r, 1, r, last)
    _red(w, pager, review)
    _targets(w, pager, review)
    for heading, rows in (
        ("Kaizens done this month", review.done),
        ("Kaizens whose sustainment check held this month", review.sustained),
        ("New bottom-up kaizens", review.new_bottom_up),
    ):
        _section(w, pager, f"{heading} ({len(rows)})", len(rows))
        if rows:
            r = w.row(["Kaizen", "Title", "Team"], st.HEADER)
            w.merge(r, 3, r, TEAM_TO)
            for k in rows:
                lines = max(lines_for(k.title, WIDTHS[1]), lines_for(k.team, TEAM_W))
                r = w.row([k.code, k.title, k.team], [st.CODE, st.TEXT, st.TEXT],
                          height=height_for(lines))  # fmt: skip
                w.merge(r, 3, r, TEAM_TO)
        else:
            w.row(["None."], st.NOTE)
    _section(w, pager, "Sustainment debt by team", len(review.debt))
    if review.debt:
        w.row(
            ["Team", "Name", "Open actions", "Overdue checks", "Slipped checks", "Debt in all"],
            st.HEADER,
            height=height_for(2),
        )
        for code, name, d in review.debt:
            w.row(
                [code, name, d["open_action_items"], d["overdue_checks"], d["slipped_checks"],
                 d["total"]],
                [st.CODE, st.TEXT, st.INTEGER, st.INTEGER, st.INTEGER, st.INTEGER],
                height=height_for(lines_for(name, WIDTHS[1])),
            )  # fmt: skip
    else:
        w.row(["No sustainment debt."], st.NOTE)


def _section(w: SheetWriter, pager: printing.Pager | None, title: str, rows: int = 3) -> None:
    """A heading, kept on a page with its table: all of a short one, else three rows."""
    w.blank()
    if pager is not None:
        pager.keep(w.row_index, 20.0 + height_for(2) + min(rows, 15) * height_for(1))
    r = w.row([title], st.SECTION, height=20.0)
    w.merge(r, 1, r, len(WIDTHS))


def _red(w: SheetWriter, pager: printing.Pager | None, review: MonthlyReview) -> None:
    red = review.by_status(Status.RED)
    _section(w, pager, f"Red targets and their countermeasures ({len(red)})", len(red))
    if not red:
        w.row(["No red target this month."], st.NOTE)
        return
    w.row(["Target", "Title", "Owner", "Plan", "Actual", "Goal", "Countermeasure", "Who", "Due"],
          st.HEADER)  # fmt: skip
    for t in red:
        cms: list[Countermeasure | None] = [*review.countermeasures.get(t.code, [])] or [None]
        for i, cm in enumerate(cms):
            first = i == 0
            what = cm.what + (" (done)" if cm.done else "") if cm else "no countermeasure yet"
            title = t.title if first else None
            lines = max(lines_for(title, WIDTHS[1]), lines_for(what, WIDTHS[6]))
            w.row(
                [
                    t.code if first else None,
                    title,
                    t.owner if first else None,
                    _figure(t.plan.get(review.month)) if first else None,
                    _figure(t.actual.get(review.month), Status.RED, t.derived_note(review.month))
                    if first
                    else None,
                    _figure(t.goal) if first else None,
                    what,
                    cm.owner if cm else None,
                    Put(cm.due, st.DATE) if cm and cm.due else None,
                ],
                [*TARGET_STYLES, st.TEXT if cm else st.FLAG, st.TEXT, None],
                height=height_for(lines),
            )


def _targets(w: SheetWriter, pager: printing.Pager | None, review: MonthlyReview) -> None:
    _section(w, pager, "All targets this month", len(review.targets))
    w.row(["Target", "Title", "Unit of measure", "Plan", "Actual", "Goal"], st.HEADER,
          height=height_for(2))  # fmt: skip
    for t in review.targets:
        w.row(
            [
                t.code,
                t.title,
                t.unit_of_measure,
                _figure(t.plan.get(review.month)),
                _figure(
                    t.actual.get(review.month),
                    t.status(review.month),
                    t.derived_note(review.month),
                ),
                _figure(t.goal),
            ],
            [st.CODE, st.TEXT, st.TEXT, None, None, None],
            height=height_for(lines_for(t.title, WIDTHS[1])),
        )
