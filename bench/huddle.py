"""Figures of daily management on the enterprise plan: the Huddle tab of a department (its
board read, and the tab drawn offscreen from it), and the daily-management measures of the
whole company (part of the full check)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from sqlalchemy import func, select

from bench.figures import Figure, median_time
from hoshin.model import entities as e
from hoshin.plan import Plan
from hoshin.reads.daily_management import daily_management
from hoshin.reads.huddle import huddle_board
from hoshin.reads.units import UnitTree


def _busiest_department(plan: Plan) -> tuple[int, str, dt.date]:
    """The department whose huddle holds most problems, and the plan's last day raised."""
    p, u = e.Problem, e.Unit
    with plan.session() as s:
        day = s.execute(select(func.max(p.raised_on))).scalar() or dt.date.today()
        tree = UnitTree.load(s)
        departments = {
            uid for uid, info in tree.units.items() if len(tree.chain(uid)) == 3
        }  # company → division → department
        counts = s.execute(
            select(p.unit_id, func.count()).where(p.unit_id.in_(departments)).group_by(p.unit_id)
        ).all()
        unit_id = max(counts, key=lambda r: r[1])[0] if counts else next(iter(departments))
        code = s.execute(select(u.code).where(u.id == unit_id)).scalar_one()
    return int(unit_id), str(code), day


def figures(path: Path, repeat: int) -> list[Figure]:
    with Plan.open(path) as plan:
        unit_id, code, day = _busiest_department(plan)
        with plan.session() as s:
            board = huddle_board(s, unit_id, day)
            problems = s.execute(select(func.count()).select_from(e.Problem)).scalar_one()

        def read() -> None:
            with plan.session() as s:
                huddle_board(s, unit_id, day)

        def measures() -> None:
            with plan.session() as s:
                daily_management(s, UnitTree.load(s), day, 90)

        read_ms = median_time(read, repeat)
        measures_ms = median_time(measures, repeat)
        tab_ms = _tab(plan, unit_id, day, repeat)
    note = (
        f"{code}: {len(board.problems)} cards ({sum(c.escalated_up for c in board.problems)} "
        f"escalated up), {len(board.strip.targets)} tracked targets; {problems:,} problems"
    )
    return [
        Figure("Huddle tab of a department: the board read", read_ms, "ms", target=100, note=note),
        Figure(
            "Huddle tab of a department: read and drawn (offscreen)",
            tab_ms,
            "ms",
            target=100,
            note="HuddleView.refresh: the read, the strip and the cards",
        ),
        Figure(
            "daily-management measures of the whole company (90 days)",
            measures_ms,
            "ms",
            target=1000,
            note="part of the full check",
        ),
    ]


def _tab(plan: Plan, unit_id: int, day: dt.date, repeat: int) -> float:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from views.document import PlanDocument
    from views.huddle import HuddleView

    app = QApplication.instance() or QApplication([])
    doc = PlanDocument()
    doc.set_plan(plan)
    view = HuddleView(doc, today=lambda: day)
    view.resize(1400, 900)
    view.show()
    view.set_unit(unit_id)
    app.processEvents()

    def refresh() -> None:
        view.refresh()
        app.processEvents()

    took = median_time(refresh, repeat)
    view.close()
    doc.plan = None
    return took
