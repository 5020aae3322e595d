"""How big a generated plan is: the shape of the organisation and of each X-matrix."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Matrix:
    """How many nodes of each X-matrix kind one unit holds.

    ``deployed_targets`` of the ``targets`` come from the parent unit's targets; every
    breakthrough of a unit below the company is deployed from a priority of its parent.
    """

    breakthroughs: int
    annual: int
    priorities: int
    targets: int
    deployed_targets: int = 0

    @property
    def nodes(self) -> int:
        return self.breakthroughs + self.annual + self.priorities + self.targets


@dataclass(frozen=True)
class Shape:
    """How big a generated plan is; :data:`ENTERPRISE` is DESIGN §8."""

    divisions: int = 10
    departments_per_division: int = 10
    teams_per_department: int = 10
    kaizens_per_team: int = 50
    people_per_team: int = 5
    #: People of the company, each division and each department (the first is the manager).
    people_per_unit: int = 6
    company: Matrix = Matrix(4, 8, 10, 20)
    # 20 + 10 × 18 + 100 × 18 = 2,000 targets at ENTERPRISE.
    division: Matrix = Matrix(3, 5, 6, 18, deployed_targets=6)
    department: Matrix = Matrix(3, 4, 5, 18, deployed_targets=6)
    #: Share of kaizens left without a priority on purpose.
    orphan_share: float = 0.03
    #: Department priorities deployed to each team (those its kaizens serve most), each
    #: with its catchball thread; 5 is the review's default most breakthroughs per unit.
    team_priorities: int = 5
    #: How much people talk in catchball: the mean number of questions, answers and
    #: remarks after each offer (about 200,000 messages at ENTERPRISE).
    talk_per_offer: float = 3.2
    #: Problems raised at each team's huddle over the year (60,000 at ENTERPRISE).
    problems_per_team: int = 60

    def __post_init__(self) -> None:
        counts = (self.divisions, self.departments_per_division, self.teams_per_department)
        if min(*counts, self.kaizens_per_team, self.people_per_team, self.team_priorities) < 0:
            raise ValueError("A shape cannot hold a negative number of anything.")
        if self.talk_per_offer < 0 or self.orphan_share < 0:
            raise ValueError("A shape cannot hold a negative number of anything.")
        if self.people_per_unit < 1 or (self.teams and self.people_per_team < 1):
            raise ValueError("Every unit needs at least one person.")
        for parent, child in ((self.company, self.division), (self.division, self.department)):
            if child.breakthroughs < 1 or child.breakthroughs > parent.priorities:
                raise ValueError(
                    "A unit deploys between one and all of its parent's priorities "
                    "as its breakthroughs."
                )
            if child.deployed_targets > min(parent.targets, child.targets):
                raise ValueError("A unit cannot take more targets than it holds or its parent has.")
        for m in (self.company, self.division, self.department):
            if min(m.breakthroughs, m.annual, m.priorities) < 1 or m.targets < 0:
                raise ValueError("Every X-matrix needs breakthroughs, annual and priorities.")

    @property
    def departments(self) -> int:
        return self.divisions * self.departments_per_division

    @property
    def teams(self) -> int:
        return self.departments * self.teams_per_department

    @property
    def units(self) -> int:
        return 1 + self.divisions + self.departments + self.teams

    @property
    def people(self) -> int:
        return (1 + self.divisions + self.departments) * self.people_per_unit + (
            self.teams * self.people_per_team
        )

    @property
    def targets(self) -> int:
        return (
            self.company.targets
            + self.divisions * self.division.targets
            + self.departments * self.department.targets
        )

    @property
    def kaizens(self) -> int:
        return self.teams * self.kaizens_per_team

    @property
    def deployments(self) -> int:
        """Breakthroughs and targets of divisions and departments deployed from above."""
        return sum(
            units * (m.breakthroughs + m.deployed_targets)
            for units, m in ((self.divisions, self.division), (self.departments, self.department))
        )

    @property
    def catchball_threads(self) -> int:
        """Threads when every team's kaizens serve every department priority (the most):
        one per deployment, and one per priority deployed to a team."""
        per_team = min(self.team_priorities, self.department.priorities)
        return self.deployments + self.teams * per_team


ENTERPRISE = Shape()
