"""The deployment gap (DESIGN §6, docs/measures.md): a commitment weaker than its parent's goal.

A target deployed through catchball carries what the unit below agreed to. When the
latest thread about it is agreed or locked at a value weaker than the parent target's goal
— by the parent's direction: higher for "up", lower for "down" — the difference is the gap.
One rule, read once: the X-matrix finding, ``hoshin check``, the Deployment sheet and the
monthly review all call :func:`deployment_gaps`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Connection, Executable, bindparam, select
from sqlalchemy.orm import Session, aliased

from hoshin.catchball.rules import State
from hoshin.model import entities as e
from hoshin.model.kinds import Direction, NodeKind
from hoshin.text.formats import number

#: Differences below this are rounding, not a gap.
EPSILON = 1e-9


def gap_of(direction: str | None, parent_goal: float | None, committed: float | None) -> float:
    """How much weaker ``committed`` is than ``parent_goal``; 0 when as strong or stronger.

    Lead time (down): goal 22, committed 23 → 1. Conversion (up): goal 24, committed 22 → 2.
    """
    if parent_goal is None or committed is None:
        return 0.0
    weaker = committed - parent_goal if direction == Direction.DOWN else parent_goal - committed
    return weaker if weaker > EPSILON else 0.0


def _amount(value: float, unit: str | None) -> str:
    if not unit:
        return number(value)
    if value == 1 and unit.endswith("s") and len(unit) > 2:
        unit = unit[:-1]  # "1 day", not "1 days"
    return f"{number(value)} {unit}" if unit != "%" else f"{number(value)} %"


@dataclass(frozen=True)
class Gap:
    """One deployed target committed weaker than its parent's goal."""

    thread_id: int
    state: str  # agreed or locked
    parent_id: int
    parent_code: str
    parent_unit: str
    child_id: int
    child_code: str
    child_unit: str
    direction: str
    unit_of_measure: str | None
    parent_goal: float
    committed: float
    gap: float

    @property
    def message(self) -> str:
        """``KPI-1 is deployed to DIV as KPI-5, locked at 23 days: 1 day short of the goal
        of 22 days (lower is better).``"""
        uom = self.unit_of_measure
        better = "lower" if self.direction == Direction.DOWN else "higher"
        return (
            f"{self.parent_code} is deployed to {self.child_unit} as {self.child_code}, "
            f"{self.state} at {_amount(self.committed, uom)}: {_amount(self.gap, uom)} short of "
            f"the goal of {_amount(self.parent_goal, uom)} ({better} is better)."
        )

    @property
    def short(self) -> str:
        """For a cell: ``gap: 1 day short of 22 days``."""
        uom = self.unit_of_measure
        return f"gap: {_amount(self.gap, uom)} short of {_amount(self.parent_goal, uom)}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "parent": self.parent_code,
            "parent_unit": self.parent_unit,
            "child": self.child_code,
            "child_unit": self.child_unit,
            "thread": self.thread_id,
            "state": self.state,
            "direction": self.direction,
            "parent_goal": self.parent_goal,
            "committed": self.committed,
            "gap": self.gap,
        }


def deployment_gaps(
    session: Session | Connection,
    *,
    parent_ids: Collection[int] | None = None,
    unit_ids: Collection[int] | None = None,
) -> list[Gap]:
    """Every deployment gap of the plan, or of these parent targets, or where one of these
    units is the unit above or below; ordered by parent code, then child code.

    One query over the catchball threads (a thread row carries its state and agreement):
    the latest thread per (parent target, unit below) decides, so a target thrown again
    and under negotiation has no gap until it is agreed.
    """
    params: dict[str, list[int]] = {}
    if parent_ids is not None:
        params["parents"] = list(parent_ids)
    if unit_ids is not None:
        params["units"] = list(unit_ids)
    stmt = _gaps_stmt(parent_ids is not None, unit_ids is not None)
    latest: dict[tuple[int, int], Any] = {}
    target = NodeKind.TARGET.value
    for row in session.execute(stmt, params):
        if row[-1] == target:
            latest[(row[1], row[2])] = row  # ordered by id: the last one stays
    agreed = {State.AGREED.value, State.LOCKED.value}
    out: list[Gap] = []
    for row in latest.values():
        (tid, pid, _low, state, agreed_value, pcode, punit, cid, ccode, cunit, direction, uom,
         parent_goal, child_goal, committed_goal, _kind) = row  # fmt: skip
        if state not in agreed or parent_goal is None:
            continue
        if state == State.LOCKED.value and committed_goal is not None:
            committed = committed_goal
        else:
            committed = agreed_value if agreed_value is not None else child_goal
        gap = gap_of(direction, parent_goal, committed)
        if gap and committed is not None:
            out.append(
                Gap(
                    tid, state, pid, pcode, punit, cid, ccode, cunit, direction or "up", uom,
                    float(parent_goal), float(committed), round(gap, 9),
                )
            )  # fmt: skip
    out.sort(key=lambda g: (g.parent_code, g.child_code))
    return out


@cache
def _gaps_stmt(by_parent: bool, by_unit: bool) -> Executable:
    """The threads with both ends, and the kind of their parent, built once: building this
    SELECT over four aliases cost five times what running it does (1.7 ms against 0.3 ms),
    and the X-matrix reads it at every rebuild.

    Only targets have gaps. Filtered here, the kind would lead SQLite (without statistics)
    to walk every target of the plan instead of the threads of the few parents asked for
    (0.22 ms against 0.08 for the enterprise company), so a filtered read tests the kind in
    the loop of :func:`deployment_gaps`; the plan-wide read filters here, where it saves rows.
    """
    t = e.CatchballThread
    parent, child = aliased(e.Node), aliased(e.Node)
    up, low = aliased(e.Unit), aliased(e.Unit)
    stmt = (
        select(
            t.id, t.node_id, t.lower_unit_id, t.state, t.agreed_value, parent.code, up.code,
            child.id, child.code, low.code, parent.direction, parent.unit_of_measure,
            parent.goal, child.goal, child.committed_goal, parent.kind,
        )
        .join(parent, parent.id == t.node_id)
        .join(child, child.id == t.child_node_id)
        .join(up, up.id == t.upper_unit_id)
        .join(low, low.id == t.lower_unit_id)
        .order_by(t.id)
    )  # fmt: skip
    if not (by_parent or by_unit):
        stmt = stmt.where(parent.kind == NodeKind.TARGET.value)
    if by_parent:
        stmt = stmt.where(t.node_id.in_(bindparam("parents", expanding=True)))
    if by_unit:
        ids: Any = bindparam("units", expanding=True)
        stmt = stmt.where(t.upper_unit_id.in_(ids) | t.lower_unit_id.in_(ids))
    return stmt
