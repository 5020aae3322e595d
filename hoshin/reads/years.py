"""The years of a plan as the app shows them, and what a rollover would do."""

from __future__ import annotations

from dataclasses import dataclass

from hoshin.plan import Plan
from hoshin.rules import years as rule
from hoshin.rules.rollover import choose


@dataclass(frozen=True)
class YearRow:
    year: int
    state: str  # open | closed
    shown: bool  # the year the plan object shows

    @property
    def label(self) -> str:
        """ "2026 (closed)", "2027"."""
        return f"{self.year} (closed)" if self.state == rule.CLOSED else str(self.year)


def plan_years(plan: Plan) -> list[YearRow]:
    """Every year of the plan, oldest first."""
    shown = plan.year
    with plan.session(all_years=True) as session:
        return [YearRow(y, s, y == shown) for y, s in rule.years(session)]


@dataclass(frozen=True)
class RolloverPreview:
    """What ``Rollover(to_year)`` from the shown year would carry and leave."""

    from_year: int
    to_year: int
    carried: int
    stayed: int
    undecided: int

    def sentence(self) -> str:
        return (
            f"Make {self.to_year} from {self.from_year}: {self.carried} nodes are carried "
            f"({self.undecided} without a decision), {self.stayed} stay in {self.from_year} "
            f"only, and {self.from_year} is closed (an executive may reopen it)."
        )


def rollover_preview(plan: Plan) -> RolloverPreview:
    year = plan.year
    with plan.session(all_years=True) as session:
        choice = choose(session, year)
    return RolloverPreview(year, year + 1, len(choice.carried), choice.stayed, choice.undecided)
