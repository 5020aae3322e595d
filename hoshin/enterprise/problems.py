"""The enterprise's daily management: problems raised at every team's huddle over the year
before ``as_of`` (60,000 at ENTERPRISE), with their steps: most solved at the team, some
escalated to the department, some on to the division, a share still open (some past due).

Written as plain tuples with :meth:`Generator.insert_values` (about 150,000 steps), from a
random stream of its own so that the stages before it draw what they always drew.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Any

from hoshin.enterprise.records import Unit
from hoshin.model.kinds import ProblemEvent, ProblemStatus

if TYPE_CHECKING:  # the generator imports this module
    from hoshin.enterprise.generator import Generator

_WHAT = (
    "Waiting for parts", "Handover notes missing", "System access missing", "Rework on",
    "Late answer to a customer in", "Tool out of calibration in", "Forecast wrong for",
    "Safety finding in", "Standard work out of date for", "Shortage of staff in",
)  # fmt: skip
_ANSWERS = ("Fixed at the huddle", "Owner named, checked next day", "Budget released",
            "Standard changed, team trained", "Supplier corrected")  # fmt: skip
DAY = dt.timedelta(days=1)


def write_problems(gen: Generator, units: list[Unit]) -> int:
    """Every team's problems and their steps; returns how many problems."""
    rng = random.Random(f"problems/{gen.as_of.isoformat()}/{gen.shape.problems_per_team}")
    teams = [u for u in units if u.depth == 3]
    p_cols, s_cols = gen.columns("problems"), gen.columns("problem_steps")
    problems: list[tuple[Any, ...]] = []
    steps: list[tuple[Any, ...]] = []
    total = len(teams) * gen.shape.problems_per_team
    gen.report("Problems", 0, total)
    done = 0

    def step(pid: int, kind: ProblemEvent, at: dt.datetime, by: int | None, src: int | None,
             dst: int, note: str = "") -> None:  # fmt: skip
        row = {"id": next(gen.ids["problem_steps"]), "problem_id": pid, "kind": kind.value,
               "at": at, "by_id": by, "from_unit_id": src, "to_unit_id": dst,
               "note": note}  # fmt: skip
        steps.append(tuple(row[c] for c in s_cols))

    for team in teams:
        chain = [team]
        while chain[-1].parent is not None and len(chain) < 3:
            chain.append(chain[-1].parent)  # team, department, division
        for _ in range(gen.shape.problems_per_team):
            pid = next(gen.ids["problems"])
            ago = rng.randint(0, 364)
            raised = gen.as_of - dt.timedelta(days=ago)
            at = dt.datetime.combine(raised, dt.time(8, 30))
            by = rng.choice(team.people) if team.people else None
            step(pid, ProblemEvent.RAISED, at, by, None, team.id)
            roll = rng.random()
            climbs = 2 if roll > 0.92 else 1 if roll > 0.78 else 0
            here, tier = team, 1
            for up in chain[1 : 1 + climbs]:
                gap = rng.randint(1, 4)
                if (at.date() - raised).days + gap >= ago:
                    break
                at = dt.datetime.combine(at.date() + gap * DAY, dt.time(9, 15))
                manager = here.people[0] if here.people else None
                step(pid, ProblemEvent.ESCALATED, at, manager, here.id, up.id)
                here, tier = up, tier + 1
            holder = here.people[0] if here.people else None
            status, solved_on, answer = ProblemStatus.OPEN.value, None, ""
            days = rng.randint(0, 6)
            if (at.date() - raised).days + days < ago and rng.random() < 0.93:
                at = dt.datetime.combine(at.date() + days * DAY, dt.time(15, 0))
                status, solved_on, answer = (
                    ProblemStatus.SOLVED.value,
                    at.date(),
                    rng.choice(_ANSWERS),
                )
                step(pid, ProblemEvent.SOLVED, at, holder, None, here.id, answer)
            elif rng.random() < 0.5:
                status = ProblemStatus.IN_PROGRESS.value
                step(pid, ProblemEvent.STARTED, at + dt.timedelta(hours=2), holder, None, here.id)
            title = f"{rng.choice(_WHAT)} {team.name} #{pid}"
            row = {
                "id": pid, "version": 1, "title": title, "detail": "", "unit_id": here.id,
                "raised_unit_id": team.id, "tier": tier, "status": status, "raised_by_id": by,
                "owner_id": team.people[-1] if team.people else None, "raised_on": raised,
                "due": raised + rng.randint(2, 10) * DAY, "solved_on": solved_on,
                "answer": answer, "node_id": None, "kaizen_id": None, "countermeasure_id": None,
            }  # fmt: skip
            problems.append(tuple(row[c] for c in p_cols))
        if len(problems) >= 20_000:
            done += len(problems)
            _flush(gen, problems, steps)
            gen.report("Problems", done, total)
    _flush(gen, problems, steps)
    gen.report("Problems", total, total)
    return total


def _flush(gen: Generator, problems: list[tuple[Any, ...]], steps: list[tuple[Any, ...]]) -> None:
    gen.insert_values("problems", problems)
    gen.insert_values("problem_steps", steps)
    problems.clear()
    steps.clear()
