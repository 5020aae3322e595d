"""The organisation's unit tree, read with one query: the one reader every screen shares.

Company → division → department → team (DESIGN §2). The table is small (1,111 units in
the enterprise plan the design is held to), so it is read whole and walked in Python:
subtrees, the units above one, the teams below one and the depth of the tree cost no
further query, whatever the screen asks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from hoshin.model import entities as e
from hoshin.plan import Plan


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """One unit as the tree holds it."""

    id: int
    code: str
    name: str
    parent_id: int | None
    level: str = ""
    function_id: int | None = None


class UnitTree:
    """The units by id (in id order) and the ids below each (``None``: the top ones).

    ``children`` keeps the table's order (ids), which the workbook writes in; the screens'
    lists (:meth:`subtree`, :meth:`leaves`) put siblings by name, as a person reads them.
    """

    def __init__(self, units: Iterable[UnitInfo]) -> None:
        self.units: dict[int, UnitInfo] = {u.id: u for u in sorted(units, key=lambda u: u.id)}
        self.children: dict[int | None, list[int]] = defaultdict(list)
        for unit in self.units.values():
            self.children[unit.parent_id].append(unit.id)

    @classmethod
    def load(cls, session: Session | Connection) -> UnitTree:
        """The whole tree, in one query."""
        u = e.Unit.__table__.c  # plain rows: no ORM bookkeeping
        rows = session.execute(
            select(u.id, u.code, u.name, u.parent_id, u.level, u.function_id).order_by(u.id)
        )
        return cls(UnitInfo(*row) for row in rows)

    @classmethod
    def of(cls, plan: Plan) -> UnitTree:
        """The tree of an open plan (a session of its own)."""
        with plan.session() as session:
            return cls.load(session)

    # -- one unit ------------------------------------------------------------------------

    def name(self, unit_id: int) -> str:
        unit = self.units.get(unit_id)
        return unit.name if unit else ""

    def code(self, unit_id: int | None) -> str:
        unit = self.units.get(unit_id) if unit_id is not None else None
        return unit.code if unit else ""

    def by_code(self, code: str) -> UnitInfo | None:
        return next((u for u in self.units.values() if u.code == code), None)

    def is_root(self, unit_id: int) -> bool:
        unit = self.units.get(unit_id)
        return unit is not None and unit.parent_id is None

    def root(self) -> int:
        """The top unit (the company); 0 in a plan without units."""
        return next(iter(self.children.get(None, ())), 0)

    # -- walking -------------------------------------------------------------------------

    def chain(self, unit_id: int) -> list[int]:
        """The unit and every unit above it, nearest first: where a count rolls up to."""
        out = [unit_id]
        unit = self.units.get(unit_id)
        parent = unit.parent_id if unit else None
        while parent is not None and parent not in out:  # a damaged tree must not hang
            out.append(parent)
            above = self.units.get(parent)
            parent = above.parent_id if above else None
        return out

    def ancestors(self, unit_id: int) -> list[int]:
        """The units above ``unit_id``, nearest first, that the plan holds."""
        return [u for u in self.chain(unit_id)[1:] if u in self.units]

    def depth(self, unit_id: int) -> int:
        """How far below the top the unit is: 0 for the company, 3 for a team."""
        return len(self.chain(unit_id)) - 1

    def levels(self) -> int:
        """How many levels the organisation has (0 without units)."""
        return max((self.depth(u) + 1 for u in self.units), default=0)

    def subtree(self, unit_id: int) -> list[int]:
        """The unit and every unit below it, depth first, siblings by name."""
        out: list[int] = []
        stack = [unit_id]
        while stack:
            current = stack.pop()
            if current in self.units:
                out.append(current)
                stack.extend(reversed(self._by_name(self.children.get(current, []))))
        return out

    def leaves(self, unit_id: int) -> list[int]:
        """The units without units below them in ``unit_id``'s subtree: its teams."""
        return [u for u in self.subtree(unit_id) if not self.children.get(u)]

    def tree_order(self) -> list[tuple[int, int]]:
        """Every unit with its depth, each before the units below it, siblings by id."""
        roots = [u.id for u in self.units.values() if u.parent_id not in self.units]
        out: list[tuple[int, int]] = []
        stack = [(root, 0) for root in reversed(roots)]
        while stack:
            unit_id, depth = stack.pop()
            out.append((unit_id, depth))
            stack.extend((c, depth + 1) for c in reversed(self.children.get(unit_id, [])))
        return out

    def _by_name(self, ids: list[int]) -> list[int]:
        return sorted(ids, key=lambda u: self.units[u].name.lower())


def root_unit(plan: Plan) -> int:
    """The plan's top unit (the company): where a plan opens; 0 without one."""
    with plan.session() as session:
        found = session.execute(select(e.Unit.id).where(e.Unit.parent_id.is_(None))).scalar()
    return int(found or 0)


def unit_info(plan: Plan, unit_id: int) -> UnitInfo | None:
    """One unit, without reading the tree; None when there is no such unit."""
    u = e.Unit.__table__.c
    with plan.session() as session:
        row = session.execute(
            select(u.id, u.code, u.name, u.parent_id, u.level, u.function_id).where(u.id == unit_id)
        ).first()
    return UnitInfo(*row) if row is not None else None
