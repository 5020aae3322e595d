"""The enterprise's problems: every team's, with steps that agree with where each is."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from hoshin.model import entities as e
from hoshin.plan import Plan
from hoshin.reads.daily_management import daily_management
from hoshin.reads.problems import problem_path
from hoshin.reads.units import UnitTree
from tests.conftest import AS_OF, TINY_ENTERPRISE


def test_every_team_raised_its_problems_and_each_path_ends_where_the_problem_is(
    enterprise_template: Path,
) -> None:
    with Plan.open(enterprise_template) as plan, plan.session() as s:
        per_team = Counter(
            dict(s.execute(select(e.Problem.raised_unit_id, func.count()).group_by(
                e.Problem.raised_unit_id)).all())
        )  # fmt: skip
        assert len(per_team) == TINY_ENTERPRISE.teams
        assert set(per_team.values()) == {TINY_ENTERPRISE.problems_per_team}
        rows = s.execute(select(e.Problem.id, e.Problem.tier, e.Problem.status)).all()
        tiers = Counter(tier for _id, tier, _status in rows)
        assert set(tiers) == {1, 2, 3}  # some escalated once, some twice
        for pid, tier, status in rows[::37]:
            path = problem_path(s, pid)
            assert path.escalations == tier - 1
            assert path.stays[-1].tier == tier
            assert (path.stays[-1].ended == "solved") == (status == "solved")
        dm = daily_management(s, UnitTree.load(s), AS_OF, 365)["plan"]
    assert dm["raised"] == TINY_ENTERPRISE.teams * TINY_ENTERPRISE.problems_per_team
    assert 0.5 < dm["share_solved_at_tier_1"] < 1
