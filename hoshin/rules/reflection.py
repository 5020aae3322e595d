"""The result a year-end reflection suggests for a target: achieved, partly or missed.

One rule for every place that suggests it (the reflection view, its workbook sheet): the
target's year to date (:func:`hoshin.rules.bowling.year_to_date`, by its aggregation)
against its goal, judged by its direction. The person reflecting decides; this only
fills in what the figures say.
"""

from __future__ import annotations

from hoshin.model.kinds import Direction

ACHIEVED, PARTLY, MISSED = "achieved", "partly", "missed"


def suggested_result(
    direction: str | None,
    goal: float | None,
    baseline: float | None,
    actual: float | None,
) -> str | None:
    """``achieved`` when the year-to-date ``actual`` meets the goal by the direction;
    ``partly`` when it falls short but is better than the baseline; else ``missed``.
    None when there is no goal or no actual to judge (nothing to suggest)."""
    if goal is None or actual is None:
        return None
    sign = -1.0 if direction == Direction.DOWN else 1.0
    if sign * (actual - goal) >= 0:
        return ACHIEVED
    if baseline is not None and sign * (actual - baseline) > 0:
        return PARTLY
    return MISSED


def combined_result(results: list[str | None]) -> str | None:
    """The result an objective's targets suggest together (breakthroughs, annual
    objectives and priorities): ``achieved`` when every one judged is achieved, ``missed``
    when every one judged is missed, else ``partly``. Targets without a suggestion (no goal
    or no actual) are left out; None when none is left."""
    judged = [r for r in results if r is not None]
    if not judged:
        return None
    if all(r == ACHIEVED for r in judged):
        return ACHIEVED
    if all(r == MISSED for r in judged):
        return MISSED
    return PARTLY
