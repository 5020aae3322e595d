"""Pictures of daily management: ``huddle.png`` (the Huddle tab of the Assembly team),
``huddle-wall.png`` (the same board in wall mode) and ``problem-path.png`` (the path of the
problem escalated twice, up to Operations).

The sample's teams track no target daily yet; on a throwaway copy the Assembly team gets a
first-pass-yield target tracked daily and an andon-response target tracked weekly, with six
weeks of values, so that the strip shows red and green. The plan itself is only read.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hoshin.model.kinds import NodeKind
from hoshin.operations import AddNode, Batch, SetMeasurement
from hoshin.operations.target_values import SetTargetValues, SetTracking
from hoshin.plan import Plan
from hoshin.reads.problems import problem_list, unit_id_of

WALL_SIZE = (1600, 900)
TEAM = "T-AS"


def _stage(plan: Plan, day: dt.date) -> None:
    """Two tracked targets of T-AS with six weeks of values up to ``day``."""
    fields = {"direction": "up", "unit_of_measure": "%", "baseline": 92, "goal": 97}
    add = AddNode(NodeKind.TARGET, TEAM, "First-pass yield", fields)
    yield_code = plan.execute(add).result
    fields = {"direction": "down", "unit_of_measure": "min", "baseline": 6, "goal": 3}
    andon = plan.execute(AddNode(NodeKind.TARGET, TEAM, "Andon response", fields)).result
    ops = [SetTracking(yield_code, "daily", "average"), SetTracking(andon, "weekly", "average")]
    months = sorted({(day - dt.timedelta(days=d)).strftime("%Y-%m") for d in range(0, 50)})
    for month in months:
        ops += [SetMeasurement(yield_code, month, plan=95)]
        ops += [SetMeasurement(andon, month, plan=4)]
    rows: list[tuple[int, str, object, object]] = []
    for d in range(42):
        when = day - dt.timedelta(days=41 - d)
        if when.weekday() < 5:
            value = 96.0 if (d * 7) % 10 > 2 else 89.5  # red below the plan of 95
            rows.append((len(rows) + 1, yield_code, when.isoformat(), value))
        if when.weekday() == 0:
            late = when.isocalendar().week % 3 == 0  # every third week behind
            rows.append((len(rows) + 1, andon, when.isoformat(), 5.5 if late else 3.5))
    ops.append(SetTargetValues(rows, "the screenshot"))
    plan.execute(Batch("Track the Assembly team's targets", ops))


def unit_id_of_code(plan: Plan, code: str) -> int:
    with plan.session() as s:
        return unit_id_of(s, code)


def render_huddle(plan_path: str, outdir: str) -> list[Path]:
    """Draw the three pictures; returns their paths."""
    from app.plans.backup import save_copy
    from app.screenshots import _save, _settle, _window, _workspace
    from views.huddle import HuddleView

    shots: list[Path] = []
    with _workspace(outdir) as (out, tmp):
        with Plan.open(plan_path) as plan:
            location = str(save_copy(plan, Path(tmp) / "huddle.hoshin"))
            with plan.session() as s:
                raised = [c.raised_on for c in problem_list(s)]
        day = max(raised) + dt.timedelta(days=2) if raised else dt.date.today()
        with Plan.open(location) as copy:
            _stage(copy, day)
        with _window(location, tmp) as window:
            doc = window.document
            assert doc.plan is not None
            team = unit_id_of_code(doc.plan, TEAM)
            huddle = window.huddle
            assert isinstance(huddle, HuddleView)
            doc.select_node(0)
            doc.select_unit(team)
            window.show_view(huddle)
            huddle.set_day(day)
            shots.append(_save(window, out / "huddle.png"))

            wall = HuddleView(doc, today=lambda: day, wall=True)
            wall.set_unit(team)
            wall.resize(*WALL_SIZE)
            wall.show()
            shots.append(_save(wall, out / "huddle-wall.png"))
            wall.close()

            with doc.plan.session() as s:
                twice = max(problem_list(s), key=lambda c: (c.tier, c.raised_unit == "T-AS", -c.id))
            dialog = huddle.show_path(twice.id)
            assert dialog is not None
            dialog.resize(760, 460)
            _settle()
            shots.append(_save(dialog, out / "problem-path.png"))
            dialog.close()
    return shots
