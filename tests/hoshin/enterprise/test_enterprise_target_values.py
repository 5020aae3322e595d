"""The generated plan tracks every target daily: a value for each of the 90 days before
its date, and monthly actuals derived from them that tell the typed actuals' story."""

from __future__ import annotations

from sqlalchemy import func, select

from hoshin.enterprise.target_values import DAYS
from hoshin.model import entities as e
from hoshin.plan import Plan
from hoshin.rules.bowling import load_targets


def test_every_target_has_a_value_for_each_of_the_last_90_days(enterprise_plan: Plan) -> None:
    n, v = e.Node, e.TargetValue
    with enterprise_plan.session() as s:
        targets = s.execute(select(func.count()).where(n.kind == "target")).scalar()
        daily = s.execute(select(func.count()).where(n.tracking == "daily")).scalar()
        per_target = s.execute(
            select(func.count(), func.min(v.day), func.max(v.day)).group_by(v.node_id)
        ).all()
        rows = load_targets(s, 2026)
    assert daily == targets == len(per_target)
    # As of 15 June 2026: 17 March to 14 June, every day.
    assert {tuple(r) for r in per_target} == {(DAYS, *_days())}
    # March to June are derived (June from its 14 days); January and February are typed.
    assert all(set(t.derived) == {"2026-03", "2026-04", "2026-05", "2026-06"} for t in rows)
    assert all(t.derived["2026-06"].count == 14 for t in rows)


def _days() -> tuple[object, object]:
    import datetime as dt

    return dt.date(2026, 3, 17), dt.date(2026, 6, 14)
