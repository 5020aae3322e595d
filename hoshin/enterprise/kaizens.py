"""Kaizens of every team, their links to the department's priorities, and the sustainment
checks and action items of the finished ones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from hoshin.enterprise.records import Kaizen, Row, Target, Unit, digits_for
from hoshin.enterprise.vocabulary import (
    ACTION_TITLES,
    CHECK_NOTES,
    DURATION,
    KAIZEN_VERBS,
    MIN_AGE_AFTER_END,
    ORIGIN_MIX,
    STATUS_WEIGHTS,
    UNPLANNED,
    vocab,
)
from hoshin.model.kinds import (
    FINISHED_STATUSES,
    CheckResult,
    Direction,
    EdgeKind,
    KaizenStatus,
    KaizenType,
    NodeKind,
    Origin,
)
from hoshin.text.formats import number

if TYPE_CHECKING:
    from hoshin.enterprise.generator import Generator


def write_kaizens(gen: Generator, units: list[Unit]) -> list[Kaizen]:
    teams = [u for u in units if u.depth == 3]
    kaizens: list[Kaizen] = []
    total = len(teams) * gen.shape.kaizens_per_team
    gen.write("Kaizens", "nodes", _kaizen_rows(gen, teams, kaizens), total)
    links = [
        gen.edge(EdgeKind.SUPPORTS, k.id, k.priority, None)
        for k in kaizens
        if k.priority is not None
    ]
    gen.write("Kaizen links", "edges", links, len(links))
    return kaizens


def _kaizen_rows(gen: Generator, teams: list[Unit], out: list[Kaizen]) -> Iterator[Row]:
    rng, as_of = gen.rng, gen.as_of
    statuses, status_weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    origins, types = list(Origin), list(KaizenType)
    for team in teams:
        assert team.parent is not None
        matrix = gen.matrices[team.parent.id]
        # Teams differ in how much improvement they pull rather than receive.
        mix = [max(0.05, share + rng.uniform(-0.2, 0.2)) for share in ORIGIN_MIX]
        subjects = vocab(team.function).subjects
        for _ in range(gen.shape.kaizens_per_team):
            origin = rng.choices(origins, mix)[0]
            status = rng.choices(statuses, status_weights)[0]
            ktype = rng.choice(types)
            duration = rng.randint(*DURATION[ktype])
            if status in FINISHED_STATUSES:
                earliest = duration + MIN_AGE_AFTER_END[status]
                start = as_of - dt.timedelta(days=rng.randint(earliest, 364))
            elif status in (KaizenStatus.APPROVED, KaizenStatus.IN_PROGRESS):
                start = as_of - dt.timedelta(days=rng.randint(0, min(364, duration + 60)))
            else:
                start = as_of - dt.timedelta(days=rng.randint(0, 364))
            end = start + dt.timedelta(days=duration) if status in FINISHED_STATUSES else None
            function = team.function
            if rng.random() < 0.1:  # kaizen is more than operations: teams cross over
                function = rng.choice(gen.function_names)
            priority = (
                None if rng.random() < gen.shape.orphan_share else rng.choice(matrix.priorities)
            )
            effect: Target | None = None
            if priority is not None and matrix.measured_by.get(priority) and rng.random() < 0.4:
                effect = rng.choice(matrix.measured_by[priority])
            title = f"{rng.choice(KAIZEN_VERBS)} {rng.choice(subjects)}"
            row = gen.node(
                NodeKind.KAIZEN,
                team,
                title,
                function_id=gen.functions.get(function or ""),
                start_date=start,
                due_date=None if status in UNPLANNED else start + dt.timedelta(days=duration),
                status=status.value,
                origin=origin.value,
                kaizen_type=ktype.value,
                end_date=end,
                effect_target_id=effect.id if effect else None,
                expected_effect=_effect(gen, effect) if effect else "",
            )
            out.append(Kaizen(row["id"], team, priority, status, end))
            yield row


def _effect(gen: Generator, target: Target) -> str:
    amount = abs(target.goal - target.baseline) * gen.rng.uniform(0.05, 0.3)
    sign = "+" if target.kpi.direction is Direction.UP else "-"
    return f"{sign}{number(round(amount, digits_for(amount)))} {target.kpi.uom}"


def write_sustainment(gen: Generator, kaizens: list[Kaizen]) -> None:
    """Checks at 30, 90 and 180 days after a finished kaizen's end, up to one ahead of
    as_of, and the action items its team still owes (or has closed)."""
    checks: list[Row] = []
    items: list[Row] = []
    for kaizen in kaizens:
        if kaizen.end is not None:
            _sustain(gen, kaizen, kaizen.end, checks, items)
    gen.write("Sustainment checks", "sustainment_checks", checks, len(checks))
    gen.write("Action items", "action_items", items, len(items))


def _sustain(
    gen: Generator, kaizen: Kaizen, end: dt.date, checks: list[Row], items: list[Row]
) -> None:
    rng, as_of, status = gen.rng, gen.as_of, kaizen.status
    past = [end + dt.timedelta(days=d) for d in (30, 90, 180)]
    future = [d for d in past if d > as_of][:1]
    past = [d for d in past if d <= as_of]
    for i, due in enumerate(past):
        result: CheckResult | None = CheckResult.HELD
        if status is KaizenStatus.REGRESSED and i == len(past) - 1:
            result = CheckResult.SLIPPED
        elif status is KaizenStatus.DONE and rng.random() < 0.25:
            result = None  # overdue: sustainment debt
        checked = min(as_of, due + dt.timedelta(days=rng.randint(0, 7))) if result else None
        note = rng.choice(CHECK_NOTES) if result is CheckResult.SLIPPED else ""
        checks.append(_check(gen, kaizen.id, due, result, checked, note))
    for due in future:
        checks.append(_check(gen, kaizen.id, due, None, None, ""))

    owners = kaizen.team.people
    titles = rng.sample(ACTION_TITLES, rng.randint(0, 2))
    if status is KaizenStatus.REGRESSED:
        titles.append("Find why the gain slipped")
    for title in titles:
        due = end + dt.timedelta(days=rng.randint(7, 30))
        # Old items are mostly closed; the open ones pile up on recent kaizens.
        odds = 0.85 if (as_of - due).days > 60 else 0.35
        closed = status is KaizenStatus.SUSTAINED or (
            title != "Find why the gain slipped" and rng.random() < odds
        )
        done_on = min(as_of, due + dt.timedelta(days=rng.randint(-5, 10))) if closed else None
        items.append(
            {
                "id": next(gen.ids["action_items"]),
                "kaizen_id": kaizen.id,
                "title": title,
                "owner_id": rng.choice(owners),
                "due": due,
                "done": closed,
                "done_on": done_on,
            }
        )


def _check(
    gen: Generator,
    kaizen: int,
    due: dt.date,
    result: CheckResult | None,
    on: dt.date | None,
    note: str,
) -> Row:
    return {
        "id": next(gen.ids["sustainment_checks"]),
        "kaizen_id": kaizen,
        "due": due,
        "result": result.value if result else None,
        "checked_on": on,
        "note": note,
    }
