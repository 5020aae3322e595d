"""The sample plan's month of daily management: problems raised at the team huddles over
the 30 days before the plan's day, most solved at tier 1, some escalated once, some twice,
one that became a kaizen, a few open past their due date.

The problems and their steps are written by one operation (:class:`SeedProblems`), with
the times a real month would have had (an edit's own clock would stamp every step with the
moment the sample was made). The Assembly team (T-AS) and Plant Leeds tell the story the
screenshots show.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.model.kinds import NodeKind, ProblemEvent, ProblemStatus
from hoshin.operations.base import Operation, Tx

#: What teams raise, whatever their function.
TITLES = [
    "Handover notes missing from the night shift",
    "Shared drive full: reports cannot be saved",
    "Two people trained on the new system, four needed",
    "Customer complaint answered late: no owner on the rota",
    "Standard work sheet out of date",
    "Supplier invoice on hold: PO number missing",
    "Meeting room booked twice for the weekly review",
    "Waiting for parts from the central store",
    "Laptop replacement delayed three weeks",
    "Dashboard figures do not match the ERP",
    "New starter without system access on day one",
    "Forecast file sent in the wrong format",
    "Safety walk found a blocked fire exit",
    "Spare parts count wrong after the stock take",
    "Test data missing for the release",
    "Printer queue lost overnight",
]
ANSWERS = [
    "Agreed the rule at the huddle; on the board",
    "Owner named; checked the next day",
    "Fixed with the supplier",
    "Budget released by the department",
    "Changed the standard; trained the team",
]

#: The Assembly story: (title, days ago raised, path, due in days or None, kaizen?).
#: A path is the units it went through, then "solved", "open" or "started".
STORY: list[tuple[str, int, list[str], int | None, bool]] = [
    ("Kitting cart short of sensor housings", 27, ["T-AS", "solved"], 3, True),
    ("Torque wrench out of calibration", 12, ["T-AS", "PLT", "OPS", "solved"], 7, False),
    ("Andon on line 2 ignored on the night shift", 6, ["T-AS", "PLT", "started"], 10, False),
    ("Test bench fixture worn", 9, ["T-AS", "started"], 4, False),
    ("Label printer jams on every reel change", 2, ["T-AS", "open"], 5, False),
    ("Forklift battery charger broken", 4, ["T-MC", "PLT", "open"], 6, False),
]


@dataclass(frozen=True)
class SeedProblems(Operation):
    """The sample's problems and their histories, in one edit."""

    as_of: dt.date
    seed: int = 7

    @property
    def label(self) -> str:
        return "Sample problems"

    def apply(self, tx: Tx) -> int:
        s = tx.session
        units = {code: (uid, parent) for uid, code, parent in s.execute(
            select(e.Unit.id, e.Unit.code, e.Unit.parent_id))}  # fmt: skip
        code_of = {uid: code for code, (uid, _p) in units.items()}
        people: dict[int, list[int | None]] = {}
        for pid, unit_id in s.execute(select(e.Person.id, e.Person.unit_id).order_by(e.Person.id)):
            people.setdefault(unit_id, []).append(pid)
        targets: dict[int, int] = {}
        for nid, unit_id in s.execute(
            select(e.Node.id, e.Node.unit_id).where(e.Node.kind == NodeKind.TARGET.value)
        ):
            targets.setdefault(unit_id, nid)
        kaizen = s.execute(
            select(e.Node.id).where(e.Node.title == "Kanban loop for sensor housings")
        ).scalar()
        teams = sorted(
            (c for c, (uid, _p) in units.items() if c.startswith("T-") and uid in people),
        )
        rng = random.Random(self.seed)
        plans: list[tuple[str, int, list[str], int | None, bool]] = list(STORY)
        for team_code in teams:
            for _ in range(rng.randint(2, 4)):
                path = [team_code]
                roll = rng.random()
                above = units[team_code][1]
                if roll < 0.6:
                    path.append("solved")
                elif roll < 0.75:
                    path.append(rng.choice(["open", "started"]))
                elif above is not None:
                    path.append(code_of[above])
                    top = units[code_of[above]][1]
                    if roll > 0.9 and top is not None:
                        path.append(code_of[top])
                    path.append(rng.choice(["solved", "solved", "started"]))
                else:
                    path.append("solved")
                plans.append(
                    (rng.choice(TITLES), rng.randint(1, 29), path, rng.randint(2, 9), False)
                )
        problems: list[dict[str, Any]] = []
        steps: list[dict[str, Any]] = []
        ids = tx.rec.new_ids(e.Problem, len(plans))
        step_ids = iter(tx.rec.new_ids(e.ProblemStep, sum(len(p[2]) + 1 for p in plans)))
        for pid, (title, ago, path, due_in, became) in zip(ids, plans, strict=True):
            raised_on = self.as_of - dt.timedelta(days=ago)
            team = units[path[0]][0]
            crew = people.get(team) or [None]
            by = crew[-1]
            at = dt.datetime.combine(raised_on, dt.time(8, 30))
            moves = [p for p in path[1:] if p in units]
            end = path[-1]

            def step(kind: ProblemEvent, who: int | None, src: int | None, dst: int,
                     when: dt.datetime, note: str = "", pid: int = pid) -> None:  # fmt: skip
                steps.append({"id": next(step_ids), "problem_id": pid, "kind": kind.value,
                              "at": when, "by_id": who, "from_unit_id": src,
                              "to_unit_id": dst, "note": note})  # fmt: skip

            step(ProblemEvent.RAISED, by, None, team, at)
            here, tier = team, 1
            spent = 0
            for up in moves:
                gap = rng.randint(1, 3) if pid % 3 else 1
                if spent + gap >= ago:
                    break
                spent += gap
                at = dt.datetime.combine(raised_on + dt.timedelta(days=spent), dt.time(9, 15))
                manager = (people.get(here) or [by])[0]
                step(ProblemEvent.ESCALATED, manager, here, units[up][0], at,
                     "Needs a decision above the team")  # fmt: skip
                here, tier = units[up][0], tier + 1
            status = ProblemStatus.OPEN.value
            solved_on = None
            answer = ""
            holder = (people.get(here) or [by])[0]
            if end == "started":
                status = ProblemStatus.IN_PROGRESS.value
                step(ProblemEvent.STARTED, holder, None, here, at + dt.timedelta(hours=1))
            elif end == "solved":
                days = min(ago - spent - 1, rng.randint(0, 3)) if ago - spent > 1 else 0
                at = dt.datetime.combine(
                    raised_on + dt.timedelta(days=spent + max(days, 0)), dt.time(15, 0)
                )
                status = ProblemStatus.SOLVED.value
                solved_on = at.date()
                answer = rng.choice(ANSWERS)
                step(ProblemEvent.SOLVED, holder, None, here, at, answer)
            problems.append(
                {
                    "id": pid,
                    "version": 1,
                    "title": title,
                    "detail": "",
                    "unit_id": here,
                    "raised_unit_id": team,
                    "tier": tier,
                    "status": status,
                    "raised_by_id": by,
                    "owner_id": crew[0],
                    "raised_on": raised_on,
                    "due": raised_on + dt.timedelta(days=due_in) if due_in else None,
                    "solved_on": solved_on,
                    "answer": answer,
                    "node_id": targets.get(team) if pid % 4 == 0 else None,
                    "kaizen_id": kaizen if became and status == "solved" else None,
                    "countermeasure_id": None,
                }
            )
        tx.rec.insert(e.Problem, problems)
        tx.rec.insert(e.ProblemStep, steps)
        return len(problems)
