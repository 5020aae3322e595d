"""What an imported workbook says, as plain records, before any of it becomes a plan.

Both readers (a Hoshin workbook, a person's X-matrix sheet) fill a :class:`Content`; one
builder turns it into operations. Every record keeps the cell it came from, so an error
found while building names the cell a person has to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hoshin.excel.read.import_ops import Thread
from hoshin.model.kinds import NodeKind, OwnerRole, Strength


@dataclass
class UnitRec:
    code: str
    name: str
    parent: str | None
    level: str | None
    function: str | None
    where: str


@dataclass
class PersonRec:
    key: str
    name: str
    unit: str
    where: str
    email: str | None = None  # checked by the reader (a bad address refuses the import)


@dataclass
class NodeRec:
    """A breakthrough, annual objective, priority or target."""

    code: str
    kind: NodeKind
    unit: str
    title: str
    where: str
    fields: dict[str, Any] = field(default_factory=dict)
    parents: list[str] = field(default_factory=list)  # deployed from
    committed_goal: float | None = None


@dataclass
class LinkRec:
    source: str
    target: str
    strength: Strength | None
    rationale: str
    where: str


@dataclass
class OwnerRec:
    code: str
    key: str
    role: OwnerRole
    where: str


@dataclass
class MeasurementRec:
    code: str
    month: str
    plan: float | None
    actual: float | None
    where: str


@dataclass
class KaizenRec:
    code: str
    unit: str
    title: str
    fields: dict[str, Any]
    supports: list[tuple[str, Strength | None]]
    where: str


@dataclass
class CheckRec:
    code: str
    due: Any
    result: str | None
    on: Any
    note: str
    where: str
    owner: str | None = None  # a person's key


@dataclass
class ItemRec:
    code: str
    title: str
    owner: str | None
    due: Any
    done: bool
    done_on: Any
    where: str


@dataclass
class CountermeasureRec:
    code: str
    month: str
    what: str
    owner: str | None
    due: Any
    done: bool
    where: str
    done_on: Any = None


@dataclass
class A3Rec:
    """A row of the A3s sheet: one part of one A3."""

    code: str
    kind: str
    part: str
    m: str | None
    text: str
    who: str | None
    when: Any
    links: str | None
    where: str


@dataclass
class ReflectionRec:
    """A row of the Reflection sheet: the year-end reflection recorded on one node."""

    code: str
    result: str | None
    decision: str | None
    new_title: str | None
    new_goal: float | None
    helped: str
    hindered: str
    lesson: str
    author: str | None  # a person's key
    where: str


@dataclass
class Content:
    plan_name: str
    source: str  # "Hoshin workbook" or "X-matrix sheet"
    settings: dict[str, Any] = field(default_factory=dict)
    year: int | None = None  # the plan's year the workbook holds (About); None: not said
    functions: list[str] = field(default_factory=list)
    units: list[UnitRec] = field(default_factory=list)
    people: list[PersonRec] = field(default_factory=list)
    nodes: dict[str, NodeRec] = field(default_factory=dict)
    links: list[LinkRec] = field(default_factory=list)
    owners: list[OwnerRec] = field(default_factory=list)
    measurements: list[MeasurementRec] = field(default_factory=list)
    kaizens: list[KaizenRec] = field(default_factory=list)
    checks: list[CheckRec] = field(default_factory=list)
    items: list[ItemRec] = field(default_factory=list)
    countermeasures: list[CountermeasureRec] = field(default_factory=list)
    a3s: list[A3Rec] = field(default_factory=list)
    reflections: list[ReflectionRec] = field(default_factory=list)
    threads: list[Thread] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # The Target values sheet: code → (tracking, where), and (line, code, date, value).
    tracking: dict[str, tuple[str, str]] = field(default_factory=dict)
    target_values: list[tuple[int, str, object, object]] = field(default_factory=list)
    # The plan's other years (the Years sheet; docs/years.md): each year's state, the
    # nodes of the years the other sheets do not show, what each node was carried from.
    year_states: dict[int, str] = field(default_factory=dict)
    year_nodes: list[Any] = field(default_factory=list)  # years_reader.YearNodeRec
    carried: list[Any] = field(default_factory=list)  # years_reader.CarriedRec
