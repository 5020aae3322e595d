"""What the generator remembers while it writes, and the small helpers its stages share."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, NamedTuple, TypeVar

from hoshin.enterprise.vocabulary import Kpi
from hoshin.model import entities as e
from hoshin.model.kinds import Direction, KaizenStatus
from hoshin.text.formats import number

T = TypeVar("T")
Row = dict[str, Any]
Progress = Callable[[str, int, int], None]

ORG_NAME = "Globex Corporation"
#: Rows per INSERT: large enough that per-statement cost vanishes, small enough to stream.
CHUNK = 5000
TABLES = e.Base.metadata.tables


@dataclass(eq=False)
class Unit:
    id: int
    code: str
    name: str
    depth: int
    function: str | None
    parent: Unit | None = None
    people: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Target:
    id: int
    kpi: Kpi
    baseline: float
    goal: float


class Cycle(Generic[T]):
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
class XMatrix:
    unit: Unit
    breakthroughs: list[int]
    annual: list[int]
    priorities: list[int]
    targets: list[Target]
    priority_cycle: Cycle[int]
    target_cycle: Cycle[Target]
    #: priority id -> targets measuring it, for a kaizen's expected effect.
    measured_by: dict[int, list[Target]]


class Kaizen(NamedTuple):
    id: int
    team: Unit
    priority: int | None
    status: KaizenStatus
    end: dt.date | None


# -- small helpers -------------------------------------------------------------------------


def node_defaults() -> Row:
    row: Row = {c.name: None for c in TABLES["nodes"].columns}
    row.update(description="", expected_effect="", version=1)
    return row


NODE = node_defaults()


def chunked(rows: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(rows)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def pick(rng: random.Random, items: Sequence[T], count: int) -> list[T]:
    """``count`` items, distinct while there are enough, in a random order."""
    out: list[T] = []
    while len(out) < count:
        out.extend(rng.sample(items, min(len(items), count - len(out))))
    return out


def digits_for(value: float) -> int:
    return 2 if abs(value) < 10 else 1 if abs(value) < 1000 else 0


def better_goal(kpi: Kpi, baseline: float, gain: float) -> float:
    """A goal ``gain`` better than ``baseline`` in the KPI's direction, never equal to it."""
    digits = digits_for(baseline)
    step = 10.0**-digits
    if kpi.direction is Direction.UP:
        goal = baseline * (1 + gain)
        if kpi.uom == "%":
            goal = min(goal, baseline + (100 - baseline) * 0.6)
        return max(round(goal, digits), round(baseline + step, digits))
    return min(round(baseline * (1 - gain), digits), round(baseline - step, digits))


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def draw_baseline(rng: random.Random, kpi: Kpi, around: float | None = None) -> float:
    """A baseline in the KPI's usual range, or within 15 % of ``around`` (a parent's)."""
    if around is None:
        value = rng.uniform(kpi.low, kpi.high)
    else:
        value = around * rng.uniform(0.85, 1.15)
        if kpi.uom == "%":
            value = min(value, 99.0)
    return round(value, digits_for(value))


def annual_title(kpi: Kpi, baseline: float, goal: float) -> str:
    """An annual objective's title: the KPI's move from baseline to goal."""
    verb = "Raise" if kpi.direction is Direction.UP else "Cut"
    what = kpi.name[0].lower() + kpi.name[1:]
    return f"{verb} {what} from {number(baseline)} to {number(goal)} {kpi.uom}"
