"""The sample plan's Leader Standard Work: a realistic month of routines and their answers.

Executives and managers walk the teams below them, teams hold their tier-1 huddle every
working day and departments their tier-2 huddle, leaders coach a kaizen a month. The last
five weeks before the as-of date are answered: mostly done, some missed, some skipped with a
reason, and the last few days left open (overdue on "My standard work"). Findings of walks
became kaizens that the sample's teams run (linked, not made again), action items or stay open.

Routine and finding ids are those a new plan gives in order (1, 2, …): the operations are
built before any runs, so they name what the earlier ones will have made.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from hoshin.model.kinds import Cadence
from hoshin.operations import (
    AddFinding,
    AddRoutine,
    AnswerOccurrence,
    FindingToAction,
    FindingToKaizen,
    Operation,
)
from hoshin.rules.cadence import Schedule, occurrences

W, D, WD, MN = Cadence.WEEKLY, Cadence.DAILY, Cadence.WEEKDAYS, Cadence.MONTHLY_NTH

#: (person, unit where it happens, title, cadence, fields, node served)
ROUTINES: list[tuple[str, str, str, Cadence, dict[str, Any], str | None]] = [
    ("Helen Ward", "CO", "Tier-3 review of the company board", W, {"weekday": 0}, "AO-2"),
    ("Helen Ward", "PLT", "Gemba walk at Plant Leeds", W, {"weekday": 2, "every": 2}, "IP-2"),
    ("Helen Ward", "T-SD", "Gemba walk at the Support desk", MN, {"weekday": 3, "nth": 2}, None),
    ("David Kim", "CO", "Coach one kaizen", MN, {"weekday": 3, "nth": -1}, "IP-5"),
    ("Kenji Watanabe", "T-AS", "Gemba walk at Assembly", W, {"weekday": 1}, "IP-2"),
    ("Kenji Watanabe", "OPS", "Tier-3 huddle of Operations", W, {"weekday": 0}, None),
    ("Maria Lopez", "T-SN", "Gemba walk at Sales North", W, {"weekday": 3}, "IP-1"),
    ("Priya Nair", "T-SE", "Gemba walk at Sensors", W, {"weekday": 2}, "IP-3"),
    ("Gareth Evans", "PLT", "Tier-2 huddle of the plant", WD, {}, None),
    ("Gareth Evans", "T-MC", "Gemba walk at Machining", W, {"weekday": 3}, None),
    ("Gareth Evans", "T-AS", "Review the sustainment board", MN, {"weekday": 4, "nth": -1}, None),
    ("Mark Hughes", "T-AS", "Tier-1 huddle of Assembly", WD, {}, None),
    ("Pete Walsh", "T-MC", "Tier-1 huddle of Machining", WD, {}, None),
    ("Raj Patel", "T-SD", "Tier-1 huddle of the Support desk", WD, {}, "IP-4"),
    ("Ivan Petrov", "T-QL", "Check the defect photo board", D, {}, None),
]

#: (routine index, text, unit visited or None, what it became: ("kaizen", code) of the
#: visited team, ("action", owner), or None). Written on the routine's latest done walk.
FINDINGS: list[tuple[int, str, str | None, tuple[str, str] | None]] = [
    (4, "Sensor housings waiting at the kanban post for a whole shift", None, ("kaizen", "KZ-114")),
    (4, "Andon cord on line 2 pulled, nobody came for 6 minutes", None, ("kaizen", "KZ-117")),
    (4, "Final test bench shadow board missing two gauges", None, ("action", "Mark Hughes")),
    (9, "Tool presetting sheet not used on the night shift", None, ("kaizen", "KZ-118")),
    (9, "Coolant leak under machine 4", None, ("action", "Pete Walsh")),
    (1, "Assembly and Machining plan their changeovers separately", "T-AS", None),
    (6, "Lead hand-off from marketing still by e-mail", "T-SN", None),
    (2, "Calibration questions take three transfers", None, ("kaizen", "KZ-112")),
]

SKIP_REASONS = ("Customer visit", "Public holiday", "Board meeting off site", "Sick leave")


def build(as_of: dt.date, seed: int = 11) -> list[Operation]:
    """The operations of the sample's standard work, as of ``as_of``."""
    rng = random.Random(seed)
    start = as_of - dt.timedelta(days=35)
    ops: list[Operation] = []
    done_on: dict[int, list[dt.date]] = {}
    for index, (person, unit, title, cadence, fields, node) in enumerate(ROUTINES):
        ops.append(AddRoutine(person, unit, title, cadence.value, start=start, node=node, **fields))
        routine_id = index + 1
        sched = Schedule(
            cadence.value,
            start,
            fields.get("every", 1),
            fields.get("weekday"),
            None,
            fields.get("nth"),
        )
        for day in occurrences(sched, start, as_of):
            recent = (as_of - day).days
            if recent <= 2 and rng.random() < 0.7:
                continue  # the last days: left open, overdue on My standard work
            roll = rng.random()
            if roll < 0.8:
                ops.append(AnswerOccurrence(routine_id, "done", day))
                done_on.setdefault(index, []).append(day)
            elif roll < 0.9:
                ops.append(AnswerOccurrence(routine_id, "missed", day))
            elif roll < 0.96:
                reason = rng.choice(SKIP_REASONS)
                ops.append(AnswerOccurrence(routine_id, "skipped", day, reason=reason))
    finding_id = 0
    for index, text, visited, became in FINDINGS:
        days = done_on.get(index)
        if not days:
            continue
        ops.append(AddFinding(index + 1, days[-1], text, visited))
        finding_id += 1
        if became is None:
            continue
        kind, what = became
        if kind == "kaizen":
            ops.append(FindingToKaizen(finding_id, None, existing=what))
        else:
            ops.append(FindingToAction(finding_id, what, days[-1] + dt.timedelta(days=14)))
    return ops
