"""A generated enterprise-scale plan (DESIGN §8), to hold the product to its size.

The plan is written with bulk inserts of plain rows, with ids computed here, in one
transaction: going through the operations (one graph refresh per edit) would take hours
at this size, and the operations are meant for a person's edits, not for loading. The
content is a pure function of the seed, the shape and ``as_of``; it holds on purpose what
the review and health views exist to find (orphan kaizens, targets without a primary
owner, overdue and slipped sustainment checks, open action items, red months).
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, NamedTuple, TypeVar

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from hoshin import entities as e
from hoshin import storage
from hoshin.kinds import (
    DEFAULT_LEVELS,
    FINISHED_STATUSES,
    CheckResult,
    Direction,
    EdgeKind,
    KaizenStatus,
    KaizenType,
    NodeKind,
    Origin,
    Role,
    Strength,
)
from hoshin.plan import Plan

T = TypeVar("T")
Row = dict[str, Any]
Progress = Callable[[str, int, int], None]

ORG_NAME = "Globex Corporation"
#: Rows per INSERT: large enough that per-statement cost vanishes, small enough to stream.
CHUNK = 5000
_TABLES = e.Base.metadata.tables


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

    def __post_init__(self) -> None:
        counts = (self.divisions, self.departments_per_division, self.teams_per_department)
        if min(*counts, self.kaizens_per_team, self.people_per_team) < 0:
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


ENTERPRISE = Shape()


# -- vocabulary: varied names, cheap to draw --------------------------------------------


class Kpi(NamedTuple):
    """A kind of indicator, with the range its baseline usually lies in."""

    name: str
    uom: str
    direction: Direction
    low: float
    high: float


UP, DOWN = Direction.UP, Direction.DOWN


class _Vocab(NamedTuple):
    division: str  # with {region}
    department: str  # with {city}
    teams: tuple[str, ...]
    priorities: tuple[str, ...]
    kpis: tuple[Kpi, ...]
    subjects: tuple[str, ...]  # what a kaizen improves


VOCAB: dict[str, _Vocab] = {
    "Sales": _Vocab(
        "Sales {region}", "Sales {city}",
        ("Key accounts", "Inside sales", "Field sales", "Tenders", "Channel partners"),
        ("Standardise lead qualification", "Weekly pipeline reviews in every region",
         "Value-based pricing", "Key-account plans for the top customers",
         "Faster quote turnaround", "Cross-selling of service contracts"),
        (Kpi("Lead conversion rate", "%", UP, 12, 25),
         Kpi("Quote turnaround time", "hours", DOWN, 24, 72),
         Kpi("Order intake", "M€", UP, 20, 120), Kpi("Win rate on tenders", "%", UP, 20, 40),
         Kpi("Sales cycle length", "days", DOWN, 45, 120),
         Kpi("Share of service contracts", "%", UP, 10, 35)),
        ("the lead qualification checklist", "the quote template", "CRM data entry",
         "the pipeline review", "the hand-off from marketing", "contract approval",
         "visit planning", "trade fair follow-up"),
    ),
    "Marketing": _Vocab(
        "Marketing {region}", "Marketing {city}",
        ("Digital", "Campaigns", "Content", "Events", "Market insight"),
        ("Lead scoring in every region", "One customer journey across channels",
         "Content for each buyer persona", "Marketing automation",
         "Voice-of-customer programme", "One brand in every channel"),
        (Kpi("Marketing-qualified leads", "per month", UP, 200, 1500),
         Kpi("Cost per lead", "€", DOWN, 40, 180), Kpi("Website conversion rate", "%", UP, 1, 5),
         Kpi("Campaign return on spend", "ratio", UP, 1.5, 4),
         Kpi("Brand awareness", "%", UP, 20, 60),
         Kpi("Time to launch a campaign", "days", DOWN, 20, 60)),
        ("the webinar sign-up page", "the newsletter template", "the lead scoring model",
         "the campaign brief", "event follow-up", "the social media calendar",
         "landing page load time", "the persona cards"),
    ),
    "Customer service": _Vocab(
        "Customer care {region}", "Service centre {city}",
        ("Support desk", "Field service", "Returns", "Key-account care", "Chat"),
        ("Resolve at first contact", "Self-service knowledge base", "Tiered support",
         "Proactive service for key accounts", "Call-back within the hour",
         "Root cause of every repeat complaint"),
        (Kpi("First-contact resolution", "%", UP, 55, 80),
         Kpi("Net promoter score", "points", UP, 20, 50),
         Kpi("Average handling time", "minutes", DOWN, 6, 15),
         Kpi("Case backlog", "cases", DOWN, 200, 1200),
         Kpi("Customer satisfaction", "%", UP, 70, 90),
         Kpi("Repeat complaints", "%", DOWN, 5, 20)),
        ("knowledge base answers", "call-back booking", "the tier-1 script", "the queue board",
         "the escalation path", "the returns form", "chat macros", "warranty claim checks"),
    ),
    "Product development": _Vocab(
        "R&D {region}", "R&D {city}",
        ("Sensors", "Firmware", "Mechanical design", "Test lab", "Industrial design"),
        ("Stage-gate with customer validation", "Platform and module strategy",
         "Design for manufacture", "Shorter test cycles",
         "Customer panels for each product line", "Reuse of proven components"),
        (Kpi("Time to market", "months", DOWN, 12, 30),
         Kpi("Engineering changes after release", "count", DOWN, 10, 60),
         Kpi("Projects on schedule", "%", UP, 50, 85),
         Kpi("Revenue from new products", "%", UP, 10, 35),
         Kpi("Prototype lead time", "weeks", DOWN, 4, 16),
         Kpi("Test first-pass yield", "%", UP, 70, 95)),
        ("the design review checklist", "the prototype build", "the test bench layout",
         "the requirements template", "the regression suite", "the component library",
         "customer tests in the field", "drawing release"),
    ),
    "HR": _Vocab(
        "People {region}", "HR {city}",
        ("Recruiting", "People and talent", "Learning", "Health and safety", "Payroll"),
        ("Structured onboarding", "Kaizen training for every leader", "Internal mobility",
         "Safer workplaces", "Faster hiring", "A leadership pipeline"),
        (Kpi("Employee engagement index", "index", UP, 55, 75),
         Kpi("Time to hire", "days", DOWN, 30, 90), Kpi("Voluntary turnover", "%", DOWN, 6, 18),
         Kpi("Training hours per person", "hours", UP, 10, 40),
         Kpi("Lost-time injury rate", "per 1M hours", DOWN, 1, 6),
         Kpi("Internal fill rate", "%", UP, 20, 50)),
        ("the onboarding checklist", "exit interviews", "job postings", "the training plan",
         "shift handover", "the safety walk", "absence reporting", "the interview guide"),
    ),
    "Finance": _Vocab(
        "Finance {region}", "Finance {city}",
        ("Accounting", "Controlling", "Treasury", "Accounts payable", "Accounts receivable"),
        ("Faster month-end close", "Paperless invoice matching", "Working capital discipline",
         "Cost transparency per product", "Digitised expense approvals", "Rolling forecasts"),
        (Kpi("Days to close the month", "days", DOWN, 5, 12),
         Kpi("Days sales outstanding", "days", DOWN, 35, 75),
         Kpi("Invoices matched automatically", "%", UP, 40, 85),
         Kpi("Forecast accuracy", "%", UP, 75, 95),
         Kpi("Cost of finance", "% of sales", DOWN, 0.8, 2),
         Kpi("Inventory turns", "turns", UP, 4, 10)),
        ("invoice matching", "the month-end checklist", "expense reports", "the payment run",
         "credit checks", "the cost centre report", "the budget template",
         "intercompany reconciliation"),
    ),
    "IT": _Vocab(
        "Digital {region}", "IT {city}",
        ("IT service", "Infrastructure", "Applications", "Data", "Security"),
        ("Self-service for common requests", "Core systems in the cloud", "Security by default",
         "One data platform", "Automated testing and deployment", "A standard workplace"),
        (Kpi("Ticket resolution time", "hours", DOWN, 8, 48),
         Kpi("System availability", "%", UP, 98, 99.8),
         Kpi("Deployments per month", "count", UP, 4, 40),
         Kpi("Security incidents", "count", DOWN, 5, 30),
         Kpi("Self-service share of requests", "%", UP, 20, 60),
         Kpi("Laptop set-up time", "hours", DOWN, 4, 24)),
        ("password reset", "laptop set-up", "ticket categories", "the backup check",
         "the release checklist", "access requests", "monitoring alerts",
         "the service catalogue"),
    ),
    "Operations": _Vocab(
        "Operations {region}", "Plant {city}",
        ("Assembly", "Machining", "Paint shop", "Maintenance", "Packing"),
        ("Flow production and pull scheduling", "Quick changeover on every line",
         "Total productive maintenance", "Standard work at every station",
         "Visual management on the shop floor", "Less energy per unit"),
        (Kpi("Overall equipment effectiveness", "%", UP, 55, 80),
         Kpi("Order-to-delivery lead time", "days", DOWN, 15, 45),
         Kpi("Changeover time", "minutes", DOWN, 20, 90),
         Kpi("Unplanned downtime", "hours per month", DOWN, 10, 60),
         Kpi("Productivity", "units per hour", UP, 40, 120),
         Kpi("Energy per unit", "kWh", DOWN, 2, 8)),
        ("changeover on press 3", "the kanban loop", "5S of the test bench", "andon on line 2",
         "tool presetting", "the milk run", "line balancing", "the maintenance plan"),
    ),
    "Quality": _Vocab(
        "Quality {region}", "Quality {city}",
        ("Quality lab", "Inspection", "Supplier quality", "Metrology", "Complaints"),
        ("A3 problem solving at every level", "Error-proofing of critical steps",
         "Supplier quality development", "Statistical process control",
         "Faster complaint closure", "Audit-ready every day"),
        (Kpi("Defects per million", "ppm", DOWN, 200, 2000),
         Kpi("Customer complaints", "per month", DOWN, 10, 60),
         Kpi("First-pass yield", "%", UP, 85, 97),
         Kpi("Cost of poor quality", "% of sales", DOWN, 1, 5),
         Kpi("Complaints closed in 30 days", "%", UP, 50, 85),
         Kpi("Supplier defect rate", "ppm", DOWN, 300, 3000)),
        ("gauge R&R", "the defect photo board", "calibration certificates", "control charts",
         "error-proofing at the torque station", "first-article inspection", "8D reports",
         "incoming inspection"),
    ),
    "Supply chain": _Vocab(
        "Supply chain {region}", "Distribution {city}",
        ("Logistics", "Purchasing", "Warehouse", "Planning", "Transport"),
        ("Supplier kanban", "Sales and operations planning", "Right-sized inventory",
         "On-time delivery to every customer", "Dual sourcing of critical parts",
         "Flow through the warehouse"),
        (Kpi("On-time delivery", "%", UP, 80, 97), Kpi("Inventory days", "days", DOWN, 30, 90),
         Kpi("Supplier on-time delivery", "%", UP, 75, 95),
         Kpi("Freight cost per order", "€", DOWN, 15, 60),
         Kpi("Demand forecast accuracy", "%", UP, 60, 85),
         Kpi("Picking errors", "ppm", DOWN, 300, 2500)),
        ("supplier kanban", "the outbound dock schedule", "the pick path", "cycle counts",
         "goods receipt", "pallet labels", "the replenishment signal", "carrier booking"),
    ),
}  # fmt: skip

#: Indicators any unit may track, whatever its function.
GENERAL_KPIS: tuple[Kpi, ...] = (
    Kpi("Kaizens completed per team per month", "count", UP, 0.3, 1.5),
    Kpi("Employee suggestions implemented", "per month", UP, 5, 40),
    Kpi("Overtime share", "%", DOWN, 5, 15),
    Kpi("Budget adherence", "%", UP, 90, 99),
    Kpi("Absenteeism", "%", DOWN, 2, 7),
    Kpi("Near misses reported", "per month", UP, 5, 40),
)

COMPANY_BREAKTHROUGHS = (
    "Be our customers' first choice in every market we serve",
    "Double recurring service revenue by 2030",
    "Halve order-to-delivery lead time",
    "Zero harm: no lost-time injury at any site",
    "Carbon-neutral operations by 2030",
    "A connected product in every product line",
    "Grow emerging-market sales to 30 % of revenue",
    "Top-quartile employee engagement",
)

REGIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("UK & Ireland", ("Leeds", "London", "Manchester", "Birmingham", "Glasgow", "Bristol",
                      "Dublin", "Cork", "Cardiff", "Belfast")),
    ("DACH", ("Munich", "Hamburg", "Berlin", "Stuttgart", "Cologne", "Vienna", "Zurich",
              "Basel", "Frankfurt", "Graz")),
    ("Nordics", ("Stockholm", "Gothenburg", "Oslo", "Bergen", "Copenhagen", "Aarhus",
                 "Helsinki", "Tampere", "Malmö", "Reykjavik")),
    ("Southern Europe", ("Madrid", "Barcelona", "Valencia", "Lisbon", "Porto", "Milan",
                         "Turin", "Bologna", "Lyon", "Marseille")),
    ("North America", ("Chicago", "Detroit", "Atlanta", "Houston", "Denver", "Seattle",
                       "Toronto", "Montreal", "Boston", "Phoenix")),
    ("Latin America", ("São Paulo", "Curitiba", "Monterrey", "Guadalajara", "Bogotá",
                       "Santiago", "Lima", "Buenos Aires", "Querétaro", "Medellín")),
    ("Asia Pacific", ("Singapore", "Kuala Lumpur", "Bangkok", "Jakarta", "Manila",
                      "Ho Chi Minh City", "Sydney", "Melbourne", "Auckland", "Perth")),
    ("Greater China", ("Shanghai", "Suzhou", "Shenzhen", "Guangzhou", "Beijing", "Tianjin",
                       "Chengdu", "Wuhan", "Hong Kong", "Taipei")),
    ("Japan & Korea", ("Tokyo", "Osaka", "Nagoya", "Yokohama", "Fukuoka", "Seoul", "Busan",
                       "Incheon", "Daegu", "Sendai")),
    ("India & Middle East", ("Pune", "Chennai", "Bengaluru", "Hyderabad", "Mumbai", "Delhi",
                             "Dubai", "Abu Dhabi", "Riyadh", "Doha")),
)  # fmt: skip

FIRST_NAMES = (
    "Maria", "Kenji", "Priya", "Tom", "Ana", "Lena", "Omar", "Gareth", "Mei", "Ivan", "Sara",
    "Grace", "Paul", "Nadia", "Jonas", "Eva", "Lucia", "Ben", "Chloe", "Raj", "Hannah",
    "Mark", "Aisha", "Pete", "Carlos", "Yuki", "Erik", "Fatima", "Dan", "Olivia", "Henrik",
    "Sofia", "Wei", "Amara", "Lars", "Ines", "Tariq", "Noor", "Diego", "Ingrid", "Kwame",
    "Hiro", "Zara", "Mateo", "Elif", "Sven", "Leila", "Jin", "Rosa", "Felix",
)  # fmt: skip
LAST_NAMES = (
    "Lopez", "Watanabe", "Nair", "Becker", "Costa", "Fischer", "Haddad", "Evans", "Chen",
    "Petrov", "Lindqvist", "Okafor", "Martin", "Rahman", "Berg", "Novak", "Romano", "Carter",
    "Dubois", "Patel", "Scott", "Hughes", "Bello", "Walsh", "Ruiz", "Tanaka", "Larsen",
    "Zahra", "Kowalski", "Grant", "Dahl", "Marin", "Zhang", "Mensah", "Johansson", "Silva",
    "Aziz", "Kaur", "Moreno", "Nilsen", "Osei", "Sato", "Khan", "Herrera", "Yilmaz",
    "Virtanen", "Farah", "Park", "Rossi", "Weber",
)  # fmt: skip

KAIZEN_VERBS = (
    "Standardise", "Simplify", "Visualise", "Automate", "Error-proof", "Speed up",
    "Rethink", "Shorten", "Remove waste from", "Halve the steps of",
)  # fmt: skip
CHECK_NOTES = (
    "Standard not followed on the night shift",
    "New starters were not trained",
    "The board was not updated for three weeks",
    "A supplier change undid the gain",
)
ACTION_TITLES = (
    "Update the standard work sheet",
    "Train the second shift",
    "Add the check to the layered audit",
    "Copy the change to the sister line",
    "Update the visual board",
    "Refresh the training of new starters",
)

_ORIGIN_MIX = (0.45, 0.35, 0.20)  # top-down, bottom-up, joint: the plan-wide average
_STATUS_WEIGHTS = {
    KaizenStatus.IDEA: 12,
    KaizenStatus.APPROVED: 10,
    KaizenStatus.IN_PROGRESS: 18,
    KaizenStatus.DONE: 20,
    KaizenStatus.SUSTAINED: 25,
    KaizenStatus.REGRESSED: 7,
    KaizenStatus.DROPPED: 8,
}
# Days a kaizen of each type runs, and how long before as_of a finished one must have
# started so its sustainment history makes sense (a sustained one has a held check).
_DURATION = {KaizenType.EVENT: (3, 5), KaizenType.PROJECT: (30, 120), KaizenType.DAILY: (1, 10)}
_MIN_AGE_AFTER_END = {
    KaizenStatus.DONE: 1,
    KaizenStatus.SUSTAINED: 60,
    KaizenStatus.REGRESSED: 35,
}
_UNPLANNED = frozenset({KaizenStatus.IDEA, KaizenStatus.DROPPED})  # no due date
_FIRST_LINK = (Strength.STRONG, Strength.MEDIUM, Strength.WEAK), (5, 3, 1)
_EXTRA_LINK = (Strength.STRONG, Strength.MEDIUM, Strength.WEAK), (1, 3, 3)


# -- what the generator remembers while it writes ----------------------------------------


@dataclass(eq=False)
class _Unit:
    id: int
    code: str
    name: str
    depth: int
    function: str | None
    parent: _Unit | None = None
    people: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class _Target:
    id: int
    kpi: Kpi
    baseline: float
    goal: float


class _Cycle(Generic[T]):
    """Items in a shuffled order, drawn round and round: any draw of at most ``len``
    consecutive items holds no repeat, and every item is drawn once the draws add up."""

    def __init__(self, rng: random.Random, items: Sequence[T]) -> None:
        self._items = list(items)
        rng.shuffle(self._items)
        self._next = 0

    def draw(self, count: int) -> list[T]:
        out = [self._items[(self._next + i) % len(self._items)] for i in range(count)]
        self._next += count
        return out


@dataclass(eq=False)
class _XMatrix:
    unit: _Unit
    breakthroughs: list[int]
    annual: list[int]
    priorities: list[int]
    targets: list[_Target]
    priority_cycle: _Cycle[int]
    target_cycle: _Cycle[_Target]
    #: priority id -> targets measuring it, for a kaizen's expected effect.
    measured_by: dict[int, list[_Target]]


class _Kaizen(NamedTuple):
    id: int
    team: _Unit
    priority: int | None
    status: KaizenStatus
    end: dt.date | None


# -- small helpers -------------------------------------------------------------------------


def _node_defaults() -> Row:
    row: Row = {c.name: None for c in _TABLES["nodes"].columns}
    row.update(description="", expected_effect="")
    return row


_NODE = _node_defaults()


def _chunks(rows: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(rows)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _pick(rng: random.Random, items: Sequence[T], count: int) -> list[T]:
    """``count`` items, distinct while there are enough, in a random order."""
    out: list[T] = []
    while len(out) < count:
        out.extend(rng.sample(items, min(len(items), count - len(out))))
    return out


def _decimals(value: float) -> int:
    return 2 if abs(value) < 10 else 1 if abs(value) < 1000 else 0


def _fmt(value: float) -> str:
    return f"{value:g}"


def _goal(kpi: Kpi, baseline: float, gain: float) -> float:
    """A goal ``gain`` better than ``baseline`` in the KPI's direction, never equal to it."""
    digits = _decimals(baseline)
    step = 10.0**-digits
    if kpi.direction is Direction.UP:
        goal = baseline * (1 + gain)
        if kpi.uom == "%":
            goal = min(goal, baseline + (100 - baseline) * 0.6)
        return max(round(goal, digits), round(baseline + step, digits))
    return min(round(baseline * (1 - gain), digits), round(baseline - step, digits))


def _month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


# -- the generator -------------------------------------------------------------------------


class _Generator:
    """Writes one plan, stage by stage (``write_*``) in foreign-key order, from one
    random stream: the order of the draws is part of what makes a seed reproducible."""

    def __init__(
        self,
        session: Session,
        shape: Shape,
        rng: random.Random,
        as_of: dt.date,
        progress: Progress | None,
    ) -> None:
        self.session = session
        self.shape = shape
        self.rng = rng
        self.as_of = as_of
        self.progress = progress
        by_position = select(e.Function.name, e.Function.id).order_by(e.Function.position)
        self.functions: dict[str, int] = {name: fid for name, fid in session.execute(by_position)}
        self.function_names = list(self.functions)
        self.ids = {
            name: itertools.count(self._max_id(table) + 1)
            for name, table in _TABLES.items()
            if "id" in table.c
        }
        self.seq = dict.fromkeys(NodeKind, 0)
        self.titles: dict[int, str] = {}
        self.matrices: dict[int, _XMatrix] = {}

    def _max_id(self, table: Table) -> int:
        return int(self.session.execute(select(func.max(table.c.id))).scalar() or 0)

    def _write(self, stage: str, table: str, rows: Iterable[Row], total: int) -> None:
        """Insert rows in chunks (one executemany each), reporting progress per chunk."""
        done = 0
        self._report(stage, 0, total)
        for chunk in _chunks(rows, CHUNK):
            self.session.execute(insert(_TABLES[table]), chunk)
            done += len(chunk)
            self._report(stage, done, total)

    def _report(self, stage: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(stage, done, total)

    def _node(self, kind: NodeKind, unit: _Unit, title: str, **values: Any) -> Row:
        self.seq[kind] += 1
        node_id = next(self.ids["nodes"])
        if kind is not NodeKind.KAIZEN:  # a deployed breakthrough takes its title
            self.titles[node_id] = title
        row = dict(_NODE)
        row.update(
            id=node_id,
            code=f"{kind.prefix}-{self.seq[kind]}",
            seq=self.seq[kind],
            kind=kind.value,
            unit_id=unit.id,
            title=title,
            function_id=self.functions.get(unit.function or ""),
        )
        row.update(values)
        return row

    def _function(self, index: int) -> str:
        return self.function_names[index % len(self.function_names)]

    # -- units and people ------------------------------------------------------------------

    def write_units(self) -> list[_Unit]:
        """The organisation tree, company first then level by level; returns every unit."""
        shape = self.shape
        u = _TABLES["units"].c
        co_id, co_code, co_name = self.session.execute(
            select(u.id, u.code, u.name).where(u.parent_id.is_(None))
        ).one()
        company = _Unit(co_id, co_code, co_name, 0, None)
        biggest = max(shape.divisions, shape.departments_per_division, shape.teams_per_department)
        width = max(2, len(str(biggest)))
        levels: list[list[_Unit]] = [[company], [], [], []]
        region_order = list(range(len(REGIONS)))
        self.rng.shuffle(region_order)
        for d in range(shape.divisions):
            function = self._function(d)
            region, cities = REGIONS[region_order[d % len(REGIONS)]]
            suffix = f" {d // len(REGIONS) + 1}" if shape.divisions > len(REGIONS) else ""
            name = _vocab(function).division.format(region=region) + suffix
            div = self._child(company, f"D{d + 1:0{width}d}", name, function)
            levels[1].append(div)
            for p in range(shape.departments_per_division):
                function = self._function(d + p)  # each division has its own HR, IT…
                city = cities[p % len(cities)]
                name = _vocab(function).department.format(city=city)
                dep = self._child(div, f"{div.code}-{p + 1:0{width}d}", name, function)
                levels[2].append(dep)
                for t in range(shape.teams_per_department):
                    # Mostly the department's own function; now and then a support team.
                    team_function = function
                    if self.rng.random() < 0.1:
                        team_function = self.rng.choice(self.function_names)
                    teams = _vocab(team_function).teams
                    name = f"Team {city} {teams[t % len(teams)]} {t // len(teams) + 1}"
                    code = f"{dep.code}-{t + 1:0{width}d}"
                    levels[3].append(self._child(dep, code, name, team_function))
        units = [unit for level in levels for unit in level]
        rows = (
            {
                "id": unit.id,
                "code": unit.code,
                "name": unit.name,
                "parent_id": unit.parent.id if unit.parent else None,
                "level": DEFAULT_LEVELS[unit.depth],
                "function_id": self.functions.get(unit.function or ""),
            }
            for unit in units[1:]
        )
        self._write("Units", "units", rows, len(units) - 1)
        return units

    def _child(self, parent: _Unit, code: str, name: str, function: str) -> _Unit:
        return _Unit(next(self.ids["units"]), code, name, parent.depth + 1, function, parent)

    def write_people(self, units: list[_Unit]) -> None:
        rows: list[Row] = []
        for unit in units:
            count = self.shape.people_per_team if unit.depth == 3 else self.shape.people_per_unit
            for _ in range(count):
                person_id = next(self.ids["people"])
                unit.people.append(person_id)
                name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
                rows.append(
                    {"id": person_id, "key": f"P-{person_id}", "name": name, "unit_id": unit.id}
                )
        self._write("People", "people", rows, len(rows))

    # -- X-matrices ------------------------------------------------------------------------

    def write_matrices(self, units: list[_Unit]) -> None:
        """Company, division and department X-matrices, deployed downward, with owners."""
        nodes: list[Row] = []
        edges: list[Row] = []
        owners: list[Row] = []
        specs = (self.shape.company, self.shape.division, self.shape.department)
        for unit in units:
            if unit.depth < 3:
                self._matrix(unit, specs[unit.depth], nodes, edges, owners)
        self._write("Objectives and targets", "nodes", nodes, len(nodes))
        self._write("Links", "edges", edges, len(edges))
        self._write("Responsibilities", "responsibilities", owners, len(owners))
        targets = [t for m in self.matrices.values() for t in m.targets]
        self._write("Measurements", "measurements", self._measurements(targets), 12 * len(targets))

    def _matrix(
        self, unit: _Unit, spec: Matrix, nodes: list[Row], edges: list[Row], owners: list[Row]
    ) -> None:
        rng, year = self.rng, self.as_of.year
        parent = self.matrices[unit.parent.id] if unit.parent else None
        vocab = _vocab(unit.function)
        year_start, year_end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        bt_due = dt.date(year + 3, 12, 31)  # breakthroughs look three to five years out

        if parent is None:
            bt_titles = _pick(rng, COMPANY_BREAKTHROUGHS, spec.breakthroughs)
            deployed_from: list[int] = []
        else:
            deployed_from = parent.priority_cycle.draw(spec.breakthroughs)
            bt_titles = [self.titles[p] for p in deployed_from]
        bt_rows = [self._node(NodeKind.BREAKTHROUGH, unit, t, due_date=bt_due) for t in bt_titles]
        for source, row in zip(deployed_from, bt_rows, strict=False):
            edges.append(self._edge(EdgeKind.DEPLOYS, source, row["id"], None))

        ao_rows = []
        for _ in range(spec.annual):
            kpi = rng.choice(self._kpis(unit))
            base = self._baseline(kpi)
            goal = _goal(kpi, base, rng.uniform(0.1, 0.3))
            verb = "Raise" if kpi.direction is Direction.UP else "Cut"
            what = kpi.name[0].lower() + kpi.name[1:]
            title = f"{verb} {what} from {_fmt(base)} to {_fmt(goal)} {kpi.uom}"
            ao_rows.append(
                self._node(NodeKind.ANNUAL, unit, title, start_date=year_start, due_date=year_end)
            )

        if parent is None:
            # One per function first, so every function has a company priority to deploy.
            ip_titles = []
            for i in range(spec.priorities):
                choices = _vocab(self._function(i)).priorities
                ip_titles.append(choices[i // len(self.function_names) % len(choices)])
        else:
            ip_titles = _pick(rng, vocab.priorities, spec.priorities)
        ip_rows = [self._node(NodeKind.PRIORITY, unit, t, due_date=year_end) for t in ip_titles]

        targets, kpi_rows = self._targets(unit, spec, parent, edges)
        nodes.extend([*bt_rows, *ao_rows, *ip_rows, *kpi_rows])

        bts = [r["id"] for r in bt_rows]
        aos = [r["id"] for r in ao_rows]
        ips = [r["id"] for r in ip_rows]
        edges.extend(self._cover(EdgeKind.SUPPORTS, aos, bts, extra=0.4))
        edges.extend(self._cover(EdgeKind.SUPPORTS, ips, aos, extra=0.3))
        kpis = [t.id for t in targets]
        measures = self._cover(EdgeKind.MEASURES, kpis, ips, extra=0.2)
        edges.extend(measures)
        for i, target in enumerate(targets):
            if i < len(bts) or rng.random() < 0.35:
                strength = rng.choices(*_FIRST_LINK)[0]
                edges.append(self._edge(EdgeKind.MEASURES, target.id, bts[i % len(bts)], strength))
        by_id = {t.id: t for t in targets}
        measured_by: dict[int, list[_Target]] = {}
        for edge in measures:
            measured_by.setdefault(edge["target_id"], []).append(by_id[edge["source_id"]])

        owners.extend(self._owners(unit, ips, kpis, last_is_unowned=parent is None))
        self.matrices[unit.id] = _XMatrix(
            unit, bts, aos, ips, targets, _Cycle(rng, ips), _Cycle(rng, targets), measured_by
        )

    def _kpis(self, unit: _Unit) -> tuple[Kpi, ...]:
        if unit.function is None:  # the company tracks a bit of everything
            return tuple(k for v in VOCAB.values() for k in v.kpis)
        return _vocab(unit.function).kpis + GENERAL_KPIS

    def _baseline(self, kpi: Kpi, around: float | None = None) -> float:
        if around is None:
            value = self.rng.uniform(kpi.low, kpi.high)
        else:
            value = around * self.rng.uniform(0.85, 1.15)
            if kpi.uom == "%":
                value = min(value, 99.0)
        return round(value, _decimals(value))

    def _targets(
        self, unit: _Unit, spec: Matrix, parent: _XMatrix | None, edges: list[Row]
    ) -> tuple[list[_Target], list[Row]]:
        """The unit's targets: some deployed from the parent's, the rest its own."""
        rng = self.rng
        chosen: list[tuple[Kpi, _Target | None]] = []
        if parent is not None and spec.deployed_targets:
            chosen += [(t.kpi, t) for t in parent.target_cycle.draw(spec.deployed_targets)]
        if parent is None:
            # Interleave the functions so the company's few targets span all of them.
            rounds = itertools.zip_longest(*(v.kpis for v in VOCAB.values()))
            spread = [k for kpis in rounds for k in kpis if k is not None]
            chosen += [(k, None) for k in itertools.islice(itertools.cycle(spread), spec.targets)]
        else:
            chosen += [(k, None) for k in _pick(rng, self._kpis(unit), spec.targets - len(chosen))]
        targets: list[_Target] = []
        rows: list[Row] = []
        seen: Counter[str] = Counter()
        for kpi, source in chosen:
            title = kpi.name if parent is None else f"{kpi.name}, {unit.name}"
            seen[title] += 1
            if seen[title] > 1:
                title = f"{title} ({seen[title]})"
            baseline = self._baseline(kpi, source.baseline if source else None)
            goal = _goal(kpi, baseline, rng.uniform(0.08, 0.3))
            row = self._node(
                NodeKind.TARGET,
                unit,
                title,
                due_date=dt.date(self.as_of.year, 12, 31),
                unit_of_measure=kpi.uom,
                direction=kpi.direction.value,
                baseline=baseline,
                goal=goal,
            )
            targets.append(_Target(row["id"], kpi, baseline, goal))
            rows.append(row)
            if source is not None:
                edges.append(self._edge(EdgeKind.DEPLOYS, source.id, row["id"], None))
        return targets, rows

    def _edge(self, kind: EdgeKind, source: int, target: int, strength: Strength | None) -> Row:
        return {
            "id": next(self.ids["edges"]),
            "kind": kind.value,
            "source_id": source,
            "target_id": target,
            "strength": strength.value if strength else None,
            "rationale": "",
        }

    def _cover(
        self, kind: EdgeKind, sources: list[int], targets: list[int], extra: float
    ) -> list[Row]:
        """Links so every source serves some target and every target is served; then a few
        weaker extra links, as in a real X-matrix where a row has one or two marks."""
        if not sources or not targets:
            return []
        rng = self.rng
        pairs: dict[tuple[int, int], Strength] = {}
        order = rng.sample(targets, len(targets))
        for i in range(max(len(sources), len(targets))):
            pair = (sources[i % len(sources)], order[i % len(order)])
            pairs.setdefault(pair, rng.choices(*_FIRST_LINK)[0])
        for source in sources:
            if len(targets) > 1 and rng.random() < extra:
                pairs.setdefault((source, rng.choice(targets)), rng.choices(*_EXTRA_LINK)[0])
        return [self._edge(kind, s, t, strength) for (s, t), strength in pairs.items()]

    def _owners(
        self, unit: _Unit, priorities: list[int], targets: list[int], last_is_unowned: bool
    ) -> Iterator[Row]:
        """One primary per priority and target, spread over the unit's people; now and then
        the manager takes one too many, a secondary helps, or a target has no primary."""
        rng, people = self.rng, unit.people
        rotation = itertools.cycle(rng.sample(people, len(people)))
        for node in [*priorities, *targets]:
            primary: int | None = people[0] if rng.random() < 0.1 else next(rotation)
            # The company's last target has no primary on purpose, so there always is one.
            unowned = node in targets and (
                rng.random() < 0.015 or (last_is_unowned and node == targets[-1])
            )
            if unowned:
                primary = None
            else:
                yield self._role(node, primary, Role.PRIMARY)
            if len(people) > 1 and (unowned or rng.random() < 0.25):
                yield self._role(
                    node, rng.choice([p for p in people if p != primary]), Role.SECONDARY
                )

    def _role(self, node: int, person: int | None, role: Role) -> Row:
        return {
            "id": next(self.ids["responsibilities"]),
            "node_id": node,
            "person_id": person,
            "role": role.value,
        }

    def _measurements(self, targets: list[_Target]) -> Iterator[Row]:
        """Twelve months of plan per target, from baseline to goal, and actuals for the
        months closed before as_of's month (none in January); a target's bias makes some
        run green and some red, and a few miss last month's actual."""
        rng, year, closed = self.rng, self.as_of.year, self.as_of.month - 1
        for target in targets:
            base, goal = target.baseline, target.goal
            spread = abs(goal - base)
            sign = 1 if target.kpi.direction is Direction.UP else -1
            bias = rng.gauss(0, 0.2)
            digits = _decimals(base)
            missing_last = rng.random() < 0.03  # a review-rhythm finding
            for month in range(1, 13):
                plan = round(base + (goal - base) * month / 12, digits)
                actual: float | None = None
                if month <= closed and not (missing_last and month == closed):
                    value = max(0.0, plan + sign * (bias + rng.uniform(-0.3, 0.25)) * spread)
                    actual = round(min(value, 100.0) if target.kpi.uom == "%" else value, digits)
                yield {
                    "id": next(self.ids["measurements"]),
                    "node_id": target.id,
                    "month": _month(year, month),
                    "plan": plan,
                    "actual": actual,
                }

    # -- kaizens and their sustainment -------------------------------------------------------

    def write_kaizens(self, units: list[_Unit]) -> list[_Kaizen]:
        teams = [u for u in units if u.depth == 3]
        kaizens: list[_Kaizen] = []
        total = len(teams) * self.shape.kaizens_per_team
        self._write("Kaizens", "nodes", self._kaizen_rows(teams, kaizens), total)
        links = [
            self._edge(EdgeKind.SUPPORTS, k.id, k.priority, None)
            for k in kaizens
            if k.priority is not None
        ]
        self._write("Kaizen links", "edges", links, len(links))
        return kaizens

    def _kaizen_rows(self, teams: list[_Unit], out: list[_Kaizen]) -> Iterator[Row]:
        rng, as_of = self.rng, self.as_of
        statuses, status_weights = list(_STATUS_WEIGHTS), list(_STATUS_WEIGHTS.values())
        origins, types = list(Origin), list(KaizenType)
        for team in teams:
            assert team.parent is not None
            matrix = self.matrices[team.parent.id]
            # Teams differ in how much improvement they pull rather than receive.
            mix = [max(0.05, share + rng.uniform(-0.2, 0.2)) for share in _ORIGIN_MIX]
            subjects = _vocab(team.function).subjects
            for _ in range(self.shape.kaizens_per_team):
                origin = rng.choices(origins, mix)[0]
                status = rng.choices(statuses, status_weights)[0]
                ktype = rng.choice(types)
                duration = rng.randint(*_DURATION[ktype])
                if status in FINISHED_STATUSES:
                    earliest = duration + _MIN_AGE_AFTER_END[status]
                    start = as_of - dt.timedelta(days=rng.randint(earliest, 364))
                elif status in (KaizenStatus.APPROVED, KaizenStatus.IN_PROGRESS):
                    start = as_of - dt.timedelta(days=rng.randint(0, min(364, duration + 60)))
                else:
                    start = as_of - dt.timedelta(days=rng.randint(0, 364))
                end = start + dt.timedelta(days=duration) if status in FINISHED_STATUSES else None
                function = team.function
                if rng.random() < 0.1:  # kaizen is more than operations: teams cross over
                    function = rng.choice(self.function_names)
                priority = (
                    None
                    if rng.random() < self.shape.orphan_share
                    else rng.choice(matrix.priorities)
                )
                effect: _Target | None = None
                if priority is not None and matrix.measured_by.get(priority) and rng.random() < 0.4:
                    effect = rng.choice(matrix.measured_by[priority])
                title = f"{rng.choice(KAIZEN_VERBS)} {rng.choice(subjects)}"
                row = self._node(
                    NodeKind.KAIZEN,
                    team,
                    title,
                    function_id=self.functions.get(function or ""),
                    start_date=start,
                    due_date=None if status in _UNPLANNED else start + dt.timedelta(days=duration),
                    status=status.value,
                    origin=origin.value,
                    kaizen_type=ktype.value,
                    end_date=end,
                    effect_target_id=effect.id if effect else None,
                    expected_effect=self._effect(effect) if effect else "",
                )
                out.append(_Kaizen(row["id"], team, priority, status, end))
                yield row

    def _effect(self, target: _Target) -> str:
        amount = abs(target.goal - target.baseline) * self.rng.uniform(0.05, 0.3)
        sign = "+" if target.kpi.direction is Direction.UP else "-"
        return f"{sign}{_fmt(round(amount, _decimals(amount)))} {target.kpi.uom}"

    def write_sustainment(self, kaizens: list[_Kaizen]) -> None:
        """Checks at 30, 90 and 180 days after a finished kaizen's end, up to one ahead of
        as_of, and the action items its team still owes (or has closed)."""
        checks: list[Row] = []
        items: list[Row] = []
        for kaizen in kaizens:
            if kaizen.end is not None:
                self._sustain(kaizen, kaizen.end, checks, items)
        self._write("Sustainment checks", "sustainment_checks", checks, len(checks))
        self._write("Action items", "action_items", items, len(items))

    def _sustain(self, kaizen: _Kaizen, end: dt.date, checks: list[Row], items: list[Row]) -> None:
        rng, as_of, status = self.rng, self.as_of, kaizen.status
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
            checks.append(self._check(kaizen.id, due, result, checked, note))
        for due in future:
            checks.append(self._check(kaizen.id, due, None, None, ""))

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
                    "id": next(self.ids["action_items"]),
                    "kaizen_id": kaizen.id,
                    "title": title,
                    "owner_id": rng.choice(owners),
                    "due": due,
                    "done": closed,
                    "done_on": done_on,
                }
            )

    def _check(
        self, kaizen: int, due: dt.date, result: CheckResult | None, on: dt.date | None, note: str
    ) -> Row:
        return {
            "id": next(self.ids["sustainment_checks"]),
            "kaizen_id": kaizen,
            "due": due,
            "result": result.value if result else None,
            "checked_on": on,
            "note": note,
        }


def _vocab(function: str | None) -> _Vocab:
    # A plan's function list is editable; an unknown function borrows Operations' words.
    return VOCAB.get(function or "", VOCAB["Operations"])


def generate_enterprise(
    location: str | Path,
    *,
    seed: int = 1,
    shape: Shape = ENTERPRISE,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
) -> Plan:
    """Create a new plan at ``location`` (must not exist) and fill it; returns the open Plan.

    Args:
        location: a path for a new ``.hoshin`` file, or an empty database's URL.
        seed: the same seed, shape and ``as_of`` give the same plan, row for row.
        shape: how big; :data:`ENTERPRISE` is the scale of DESIGN §8.
        as_of: the day the plan is dated around (kaizen dates, actuals); today if None.
        progress: called with (stage, done, total) at each stage and each written chunk.

    Returns:
        The open plan; its graph is derived afresh on first use.

    Raises:
        PlanError: the location exists or cannot be written. On any failure a new file is
            deleted, so no half plan is left behind.
    """
    day = as_of or dt.date.today()
    plan = Plan.create(location, ORG_NAME)
    try:
        with plan.session() as session, session.begin():
            gen = _Generator(session, shape, random.Random(seed), day, progress)
            units = gen.write_units()
            gen.write_people(units)
            gen.write_matrices(units)
            kaizens = gen.write_kaizens(units)
            gen.write_sustainment(kaizens)
            # catchball: threads and messages plug in here (200,000 messages at ENTERPRISE),
            # one _write stage per table, about the deployed priorities and targets that
            # gen.matrices remembers (each deploys edge is a negotiation between two levels).
    except BaseException:
        plan.close()
        if plan.is_file:
            storage.remove_plan_files(Path(plan.location))
        raise
    plan.reload()
    return plan
