"""The Review sheet: the monthly review of the exported scope for the last complete month.

The same content as the Review tab and its PDF (:mod:`hoshin.monthly_review`): red targets
first with their countermeasures, the month's figures, what improved, sustainment debt.
Derived from the plan: the import does not read it back, the next export writes it again.
"""

from __future__ import annotations

from openpyxl.workbook import Workbook

from hoshin.bowling import Status, last_complete_month
from hoshin.excel import styles as st
from hoshin.excel.cells import Put, SheetWriter
from hoshin.excel.data import Context
from hoshin.monthly_review import Countermeasure, MonthlyReview, build_review

NAME = "Review"
WIDTHS = (12, 46, 20, 12, 12, 40, 20, 12)
_FIGURE = {
    Status.GREEN: st.FIGURE_GREEN,
    Status.YELLOW: st.FIGURE_YELLOW,
    Status.RED: st.FIGURE_RED,
}


def _figure(value: float | None, status: Status | None = None) -> Put | None:
    if value is None:
        return None
    return Put(value, _FIGURE[status] if status else st.NUMBER)


def write_review(wb: Workbook, ctx: Context) -> None:
    month = last_complete_month(ctx.as_of)
    unit = next(u for u in ctx.units if u.id == ctx.root_id)
    review = build_review(ctx.plan, unit.code, month)
    w = SheetWriter(wb, NAME)
    w.set_widths(WIDTHS)
    w.landscape(gridlines=False)
    last = len(WIDTHS)
    r = w.row([review.title], st.TITLE, height=22.0)
    w.merge(r, 1, r, last)
    r = w.row([f"{review.org} · the unit and every unit below it"], st.SUBTITLE)
    w.merge(r, 1, r, last)
    _red(w, review)
    _targets(w, review)
    for heading, rows in (
        ("Kaizens done this month", review.done),
        ("Kaizens whose sustainment check held this month", review.sustained),
        ("New bottom-up kaizens", review.new_bottom_up),
    ):
        _section(w, f"{heading} ({len(rows)})")
        if rows:
            w.row(["Kaizen", "Title", "Team"], st.HEADER)
            for k in rows:
                w.row([k.code, k.title, k.team], [st.CODE, st.TEXT, st.TEXT])
        else:
            w.row(["None."], st.NOTE)
    _section(w, "Sustainment debt by team")
    if review.debt:
        w.row(
            ["Team", "Name", "Open action items", "Overdue checks", "Slipped checks", "Total"],
            st.HEADER,
        )
        for code, name, d in review.debt:
            w.row(
                [code, name, d["open_action_items"], d["overdue_checks"], d["slipped_checks"],
                 d["total"]],
                [st.CODE, st.TEXT, st.INTEGER, st.INTEGER, st.INTEGER, st.INTEGER],
            )  # fmt: skip
    else:
        w.row(["No sustainment debt."], st.NOTE)


def _section(w: SheetWriter, title: str) -> None:
    w.blank()
    r = w.row([title], st.SECTION)
    w.merge(r, 1, r, len(WIDTHS))


def _red(w: SheetWriter, review: MonthlyReview) -> None:
    red = review.by_status(Status.RED)
    _section(w, f"Red targets and their countermeasures ({len(red)})")
    if not red:
        w.row(["No red target this month."], st.NOTE)
        return
    w.row(["Target", "Title", "Owner", "Plan", "Actual", "Countermeasure", "Who", "Due"],
          st.HEADER)  # fmt: skip
    for t in red:
        cms: list[Countermeasure | None] = [*review.countermeasures.get(t.code, [])] or [None]
        for i, cm in enumerate(cms):
            first = i == 0
            w.row(
                [
                    t.code if first else None,
                    t.title if first else None,
                    t.owner if first else None,
                    _figure(t.plan.get(review.month)) if first else None,
                    _figure(t.actual.get(review.month), Status.RED) if first else None,
                    cm.what + (" (done)" if cm.done else "") if cm else "none yet: one is needed",
                    cm.owner if cm else None,
                    Put(cm.due, st.DATE) if cm and cm.due else None,
                ],
                [st.CODE, st.TEXT, st.TEXT, None, None, st.TEXT if cm else st.NOTE, st.TEXT, None],
            )


def _targets(w: SheetWriter, review: MonthlyReview) -> None:
    _section(w, "All targets this month")
    w.row(["Target", "Title", "Unit of measure", "Plan", "Actual", "Goal"], st.HEADER)
    for t in review.targets:
        w.row(
            [
                t.code,
                t.title,
                t.unit_of_measure,
                _figure(t.plan.get(review.month)),
                _figure(t.actual.get(review.month), t.status(review.month)),
                _figure(t.goal),
            ],
            [st.CODE, st.TEXT, st.TEXT, None, None, None],
        )
