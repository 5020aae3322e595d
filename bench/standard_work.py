"""Figures of Leader Standard Work on the enterprise plan: "My standard work" of a leader
(the screen's read: routines, answers of three weeks, findings), and adherence with
leadership presence for the whole company (part of the full check's one-second budget)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from bench.figures import Figure, median_time
from hoshin.model import entities as e
from hoshin.plan import Plan
from hoshin.reads.standard_work import person_work
from hoshin.reads.units import UnitTree
from hoshin.rules import standard_work


def figures(path: Path, repeat: int) -> list[Figure]:
    with Plan.open(path) as plan:
        with plan.session() as s:
            r, a = e.Routine, e.RoutineAnswer
            busiest = s.execute(
                select(r.person_id, func.count()).group_by(r.person_id).order_by(
                    func.count().desc(), r.person_id).limit(1)
            ).first()  # fmt: skip
            last = s.execute(select(func.max(a.day))).scalar()
            answers = s.execute(select(func.count()).select_from(a)).scalar() or 0
            routines = s.execute(select(func.count()).select_from(r)).scalar() or 0
            key = s.execute(select(e.Person.key).where(e.Person.id == busiest[0])).scalar()
        if busiest is None or last is None:
            raise SystemExit(f"{path} holds no routines: delete it to generate it again.")
        today = last + dt.timedelta(days=1)
        mine = median_time(lambda: person_work(plan, str(key), today), repeat * 4)

        def company() -> None:
            with plan.session() as s:
                standard_work.measure(s, UnitTree.load(s), today)

        whole = median_time(company, repeat)
    return [
        Figure(
            "My standard work of a leader (the screen's read)",
            mine,
            "ms",
            target=50,
            note=f"{busiest[1]} routines; {routines:,} routines in the plan",
        ),
        Figure(
            "LSW adherence + presence + findings, whole company",
            whole,
            "ms",
            target=1000,
            note=f"{answers:,} answered occurrences; within the full check's budget",
        ),
    ]
