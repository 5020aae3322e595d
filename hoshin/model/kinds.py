"""The vocabulary of a plan: node and edge kinds, strengths, kaizen lifecycle.

Values are stored as these strings in the database, so renaming a member is a migration.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

E = TypeVar("E", bound=StrEnum)


class NodeKind(StrEnum):
    BREAKTHROUGH = "breakthrough"
    ANNUAL = "annual"
    PRIORITY = "priority"
    TARGET = "target"
    KAIZEN = "kaizen"

    @property
    def prefix(self) -> str:
        return CODE_PREFIX[self]

    @property
    def label(self) -> str:
        return NODE_LABEL[self]


CODE_PREFIX: dict[NodeKind, str] = {
    NodeKind.BREAKTHROUGH: "BT",
    NodeKind.ANNUAL: "AO",
    NodeKind.PRIORITY: "IP",
    NodeKind.TARGET: "KPI",
    NodeKind.KAIZEN: "KZ",
}

NODE_LABEL: dict[NodeKind, str] = {
    NodeKind.BREAKTHROUGH: "Breakthrough objective",
    NodeKind.ANNUAL: "Annual objective",
    NodeKind.PRIORITY: "Improvement priority",
    NodeKind.TARGET: "Target",
    NodeKind.KAIZEN: "Kaizen",
}


class EdgeKind(StrEnum):
    SUPPORTS = "supports"
    MEASURES = "measures"
    DEPLOYS = "deploys"


#: The (source kind, target kind) pairs each edge kind may join (DESIGN §2).
ALLOWED_LINKS: dict[EdgeKind, frozenset[tuple[NodeKind, NodeKind]]] = {
    EdgeKind.SUPPORTS: frozenset(
        {
            (NodeKind.ANNUAL, NodeKind.BREAKTHROUGH),
            (NodeKind.PRIORITY, NodeKind.ANNUAL),
            (NodeKind.KAIZEN, NodeKind.PRIORITY),
        }
    ),
    EdgeKind.MEASURES: frozenset(
        {
            (NodeKind.TARGET, NodeKind.PRIORITY),
            (NodeKind.TARGET, NodeKind.BREAKTHROUGH),
        }
    ),
    EdgeKind.DEPLOYS: frozenset(
        {
            (NodeKind.PRIORITY, NodeKind.BREAKTHROUGH),
            (NodeKind.TARGET, NodeKind.TARGET),
        }
    ),
}


def edge_kind_for(source: NodeKind, target: NodeKind, *, across_units: bool) -> EdgeKind | None:
    """The edge kind that joins two node kinds, when the user did not name one.

    A priority -> breakthrough or target -> target pair across units is a deployment;
    otherwise the only kind whose pairs contain it.
    """
    if across_units and (source, target) in ALLOWED_LINKS[EdgeKind.DEPLOYS]:
        return EdgeKind.DEPLOYS
    for kind in (EdgeKind.SUPPORTS, EdgeKind.MEASURES, EdgeKind.DEPLOYS):
        if (source, target) in ALLOWED_LINKS[kind]:
            return kind
    return None


def _a(kind: NodeKind) -> str:
    """ "an annual objective (AO-…)": a kind as a sentence names it, with its codes."""
    label = kind.label.lower()
    return f"{'an' if label[0] in 'aeiou' else 'a'} {label} ({kind.prefix}-…)"


#: What a node of each kind may link to, in words: every refused link names it.
LINK_RULES: dict[NodeKind, str] = {
    NodeKind.BREAKTHROUGH: (
        f"{_a(NodeKind.BREAKTHROUGH)} links to nothing itself: "
        f"{_a(NodeKind.ANNUAL)} supports it, {_a(NodeKind.TARGET)} measures it, and "
        f"{_a(NodeKind.PRIORITY)} of the unit above deploys to it"
    ),
    NodeKind.ANNUAL: f"{_a(NodeKind.ANNUAL)} supports {_a(NodeKind.BREAKTHROUGH)}",
    NodeKind.PRIORITY: (
        f"{_a(NodeKind.PRIORITY)} supports {_a(NodeKind.ANNUAL)}, and "
        f"deploys to {_a(NodeKind.BREAKTHROUGH)} of a unit below"
    ),
    NodeKind.TARGET: (
        f"{_a(NodeKind.TARGET)} measures {_a(NodeKind.PRIORITY)} or "
        f"{_a(NodeKind.BREAKTHROUGH)}, and deploys to a target of a unit below"
    ),
    NodeKind.KAIZEN: f"{_a(NodeKind.KAIZEN)} supports {_a(NodeKind.PRIORITY)}",
}


class Strength(StrEnum):
    WEAK = "weak"
    MEDIUM = "medium"
    STRONG = "strong"

    @property
    def weight(self) -> int:
        return {"weak": 1, "medium": 3, "strong": 9}[self.value]


#: Default symbols; the plan's settings may replace them.
DEFAULT_SYMBOLS: dict[Strength, str] = {
    Strength.STRONG: "●",
    Strength.MEDIUM: "○",
    Strength.WEAK: "△",
}


class Direction(StrEnum):
    UP = "up"  # higher is better
    DOWN = "down"  # lower is better


class Aggregation(StrEnum):
    """How a target's monthly values add up to its year to date (DESIGN §6)."""

    SUM = "sum"  # revenue, units shipped
    AVERAGE = "average"  # a rate or a score
    LAST = "last"  # the latest value: headcount, a backlog
    MIN = "min"
    MAX = "max"


class Origin(StrEnum):
    TOP_DOWN = "top-down"
    BOTTOM_UP = "bottom-up"
    JOINT = "joint"


class KaizenType(StrEnum):
    EVENT = "event"
    PROJECT = "project"
    DAILY = "daily"


class KaizenStatus(StrEnum):
    IDEA = "idea"
    APPROVED = "approved"
    IN_PROGRESS = "in progress"
    DONE = "done"
    SUSTAINED = "sustained"
    REGRESSED = "regressed"
    DROPPED = "dropped"


#: Lifecycle moves a person may make (DESIGN §5). ``regressed`` normally follows a
#: slipped sustainment check, but a person may record it by hand too.
KAIZEN_MOVES: dict[KaizenStatus, frozenset[KaizenStatus]] = {
    KaizenStatus.IDEA: frozenset({KaizenStatus.APPROVED, KaizenStatus.DROPPED}),
    KaizenStatus.APPROVED: frozenset(
        {KaizenStatus.IDEA, KaizenStatus.IN_PROGRESS, KaizenStatus.DROPPED}
    ),
    KaizenStatus.IN_PROGRESS: frozenset(
        {KaizenStatus.APPROVED, KaizenStatus.DONE, KaizenStatus.DROPPED}
    ),
    KaizenStatus.DONE: frozenset(
        {KaizenStatus.IN_PROGRESS, KaizenStatus.SUSTAINED, KaizenStatus.REGRESSED}
    ),
    KaizenStatus.SUSTAINED: frozenset({KaizenStatus.REGRESSED}),
    KaizenStatus.REGRESSED: frozenset(
        {KaizenStatus.IN_PROGRESS, KaizenStatus.DONE, KaizenStatus.SUSTAINED, KaizenStatus.DROPPED}
    ),
    KaizenStatus.DROPPED: frozenset({KaizenStatus.IDEA}),
}

#: Statuses of a kaizen that is being worked on or kept alive.
ACTIVE_STATUSES: frozenset[KaizenStatus] = frozenset(
    {
        KaizenStatus.APPROVED,
        KaizenStatus.IN_PROGRESS,
        KaizenStatus.DONE,
        KaizenStatus.SUSTAINED,
        KaizenStatus.REGRESSED,
    }
)

#: Statuses whose kaizen has finished its event: sustainment applies to them.
FINISHED_STATUSES: frozenset[KaizenStatus] = frozenset(
    {KaizenStatus.DONE, KaizenStatus.SUSTAINED, KaizenStatus.REGRESSED}
)


class OwnerRole(StrEnum):
    """A person's responsibility for a priority or target (DESIGN §2); not an access role
    (:class:`Access`)."""

    PRIMARY = "primary"
    SECONDARY = "secondary"


class Access(StrEnum):
    """A person's role on a unit (and every unit below it), weakest first."""

    VIEWER = "viewer"
    MEMBER = "member"
    MANAGER = "manager"
    EXECUTIVE = "executive"

    @property
    def rank(self) -> int:
        return _ACCESS_RANK[self]


_ACCESS_RANK = {a: i for i, a in enumerate(Access)}


class CheckResult(StrEnum):
    HELD = "held"
    SLIPPED = "slipped"


class Tracking(StrEnum):
    """How often a target's values are recorded: monthly (the default), or finer, per
    week (on the week's Monday) or per day; the monthly actual is then derived from them
    by the target's aggregation (DESIGN §6b)."""

    MONTHLY = "monthly"
    WEEKLY = "weekly"
    DAILY = "daily"


class Cadence(StrEnum):
    """How a routine of Leader Standard Work repeats (DESIGN §6b)."""

    DAILY = "daily"  # every day
    WEEKDAYS = "weekdays"  # Monday to Friday
    WEEKLY = "weekly"  # on one weekday, every N weeks (``every``)
    MONTHLY_DAY = "monthly-day"  # on a day of the month (the last day if the month is shorter)
    MONTHLY_NTH = "monthly-nth"  # on the Nth weekday of the month (-1: the last)


class AnswerState(StrEnum):
    """What became of one occurrence of a routine."""

    DONE = "done"
    MISSED = "missed"
    SKIPPED = "skipped"  # with a reason it is not due (DESIGN §6)


class FindingOutcome(StrEnum):
    """What a finding of a routine (a gemba walk) became, in one action."""

    KAIZEN = "kaizen"  # a kaizen idea in the visited team
    PROBLEM = "problem"  # a problem on the visited team's huddle board
    ACTION = "action"  # an action item: the finding itself, with an owner and a due date


class ProblemStatus(StrEnum):
    """Where a problem of daily management is, at the unit that holds it now; an
    escalated problem is open again at the unit above (its tier says how far it climbed)."""

    OPEN = "open"
    IN_PROGRESS = "in progress"
    SOLVED = "solved"


class ProblemEvent(StrEnum):
    """One step of a problem's history."""

    RAISED = "raised"
    STARTED = "started"  # in progress
    ESCALATED = "escalated"  # to the unit above
    RETURNED = "returned"  # sent back down with an answer
    SOLVED = "solved"
    REOPENED = "reopened"
    CHANGED = "changed"  # owner, due date or wording


DEFAULT_FUNCTIONS: tuple[str, ...] = (
    "Sales",
    "Marketing",
    "Customer service",
    "Product development",
    "HR",
    "Finance",
    "IT",
    "Operations",
    "Quality",
    "Supply chain",
)

DEFAULT_LEVELS: tuple[str, ...] = ("Company", "Division", "Department", "Team")


def parse_enum(enum: type[E], value: str, what: str) -> E:
    """Read a user's word for an enum member, or raise a ValueError naming the choices."""
    text = _words(value)
    for member in enum:
        if text in (_words(member.value), _words(member.name)):
            return member
    choices = ", ".join(m.value for m in enum)
    raise ValueError(f"{what} must be one of {choices}, not {value!r}")


def _words(text: str) -> str:
    """A word as typed, whatever joins its parts: "In-Progress", "in_progress" and
    "in  progress" all read "in progress" (and "top-down" reads "top down")."""
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())
