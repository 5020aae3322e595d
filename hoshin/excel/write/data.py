"""What every sheet of the export reads: the organisation, the scope and the plan year.

Loaded once with a few bulk queries and shared by the sheet writers, so that no sheet looks
anything up per node.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hoshin.excel.write.progress import Ticker
from hoshin.model import entities as e
from hoshin.model.kinds import NodeKind, Strength
from hoshin.plan import Plan
from hoshin.reads.units import UnitTree

MATRIX_KINDS = (NodeKind.BREAKTHROUGH, NodeKind.ANNUAL, NodeKind.PRIORITY, NodeKind.TARGET)


@dataclass(frozen=True, slots=True)
class UnitRow:
    id: int
    code: str
    name: str
    parent_id: int | None
    level: str
    function: str | None


@dataclass(frozen=True, slots=True)
class PersonRow:
    id: int
    key: str
    name: str
    unit_id: int
    email: str | None = None  # the Organisation sheet's E-mail column


@dataclass
class Org:
    """Units in tree order (each unit before the units below it), people and functions."""

    units: list[UnitRow]
    by_id: dict[int, UnitRow]
    children: dict[int, list[int]]
    depth: dict[int, int]
    people: list[PersonRow]
    person: dict[int, PersonRow]
    functions: list[str]  # in the plan's order

    @classmethod
    def load(cls, session: Session) -> Org:
        fn = dict(session.execute(select(e.Function.id, e.Function.name)).all())
        functions = list(
            session.execute(
                select(e.Function.name).order_by(e.Function.position, e.Function.id)
            ).scalars()
        )
        tree = UnitTree.load(session)
        by_id = {
            u.id: UnitRow(
                u.id,
                u.code,
                u.name,
                u.parent_id,
                u.level,
                fn.get(u.function_id) if u.function_id is not None else None,
            )
            for u in tree.units.values()
        }
        children = {i: list(tree.children.get(i, [])) for i in by_id}
        order = tree.tree_order()
        ordered = [by_id[unit_id] for unit_id, _depth in order]
        depth = dict(order)
        p = e.Person
        people = [
            PersonRow(*row)
            for row in session.execute(
                select(p.id, p.key, p.name, p.unit_id, p.email).order_by(p.id)
            )
        ]
        return cls(ordered, by_id, children, depth, people, {x.id: x for x in people}, functions)

    def subtree(self, unit_id: int) -> set[int]:
        out = {unit_id}
        stack = [unit_id]
        while stack:
            for child in self.children[stack.pop()]:
                out.add(child)
                stack.append(child)
        return out

    def code(self, unit_id: int | None) -> str:
        return self.by_id[unit_id].code if unit_id in self.by_id else ""


@dataclass
class Context:
    """One export: the plan, the date it is read as of, the scope and the progress."""

    plan: Plan
    as_of: dt.date
    year: int
    org: Org
    scope: set[int]  # ids of the units exported
    root_id: int  # the top unit of the scope
    ticker: Ticker
    symbols: dict[Strength, str] = field(default_factory=dict)

    @property
    def units(self) -> list[UnitRow]:
        """The units in scope, in tree order."""
        return [u for u in self.org.units if u.id in self.scope]

    @property
    def whole_plan(self) -> bool:
        return len(self.scope) == len(self.org.units)

    def symbol(self, strength: Strength | None) -> str:
        return self.symbols.get(strength, "") if strength is not None else ""


def plan_year(session: Session, as_of: dt.date) -> int:
    """The year the bowling chart shows: the as-of year if it has figures, else the last
    year that has some (a plan read after its year ends still shows its year)."""
    m = e.Measurement
    has_this = session.execute(
        select(m.id).where(m.month.like(f"{as_of.year:04d}-%")).limit(1)
    ).first()
    if has_this is not None:
        return as_of.year
    last = session.execute(select(func.max(m.month))).scalar()
    if last and str(last)[:4].isdigit():
        return int(str(last)[:4])
    return as_of.year


def matrix_unit_ids(session: Session) -> set[int]:
    """Units that hold a breakthrough, annual objective, priority or target."""
    n = e.Node
    return set(
        session.execute(
            select(n.unit_id).where(n.kind.in_([k.value for k in MATRIX_KINDS])).distinct()
        ).scalars()
    )


def code_key(code: str) -> tuple[str, int, str]:
    """Sort key of a code: prefix, then the number as a number (KZ-9 before KZ-10)."""
    prefix, _, digits = code.rpartition("-")
    return (prefix, int(digits), "") if digits.isdigit() else (code, 0, code)
