"""The year-end reflection of a year, unit by unit: each unit's breakthroughs, annual
objectives, priorities and targets with their figures filled in from the plan, the result
the figures suggest, and the reflection recorded so far (the reflection view and its
workbook sheet ask this).

A few bulk queries, however many units: the nodes, their reflections, the targets'
figures (:func:`hoshin.rules.bowling.load_targets`) and the units.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hoshin.model import entities as e
from hoshin.model.kinds import EdgeKind, NodeKind
from hoshin.reads.units import UnitTree
from hoshin.rules import permissions
from hoshin.rules.bowling import load_targets, months_of
from hoshin.rules.reflection import combined_result, suggested_result
from hoshin.rules.years import closed_line, closed_years

if TYPE_CHECKING:
    from hoshin.plan import Plan

#: The kinds reflected on, in the order a unit's table lists them.
KINDS = (NodeKind.BREAKTHROUGH, NodeKind.ANNUAL, NodeKind.PRIORITY, NodeKind.TARGET)
_ORDER = {kind.value: i for i, kind in enumerate(KINDS)}


@dataclass(frozen=True)
class ReflectionComment:
    """A comment on a reflection, by the unit above or the unit's own (oldest first)."""

    author: str | None
    at: dt.datetime
    text: str

    def describe(self) -> str:
        """ "Kenji Watanabe, 7 Dec 2026: Good start"."""
        return f"{self.author or 'someone'}, {self.at:%-d %b %Y}: {self.text}"


@dataclass
class ReflectionLine:
    """One objective of a unit: its figures (a target's), the suggested result and the
    reflection recorded so far."""

    node_id: int
    code: str
    kind: str
    title: str
    unit_id: int
    unit_of_measure: str = ""
    direction: str = ""
    baseline: float | None = None
    goal: float | None = None
    last_actual: float | None = None
    last_month: str | None = None  # the month of the last actual, YYYY-MM
    ytd_plan: float | None = None
    ytd_actual: float | None = None
    suggested: str | None = None  # achieved / partly / missed, by the figures
    suggested_from: int = 0  # an objective's: how many targets its suggestion weighs
    result: str | None = None  # as recorded
    helped: str = ""
    hindered: str = ""
    lesson: str = ""
    decision: str | None = None
    new_title: str | None = None
    new_goal: float | None = None
    author: str | None = None
    refusal: str | None = None  # why the person using the app may not change it; None: may
    comments: list[ReflectionComment] = field(default_factory=list)
    comment_refusal: str | None = None  # why they may not comment on it; None: may

    @property
    def is_target(self) -> bool:
        return self.kind == NodeKind.TARGET.value

    @property
    def recorded(self) -> bool:
        return bool(self.result or self.decision or self.helped or self.hindered or self.lesson)


@dataclass
class UnitReflection:
    unit_id: int
    code: str
    name: str
    lines: list[ReflectionLine] = field(default_factory=list)

    @property
    def done(self) -> int:
        """How many of its objectives have a decision recorded."""
        return sum(1 for line in self.lines if line.decision)


@dataclass
class YearReflection:
    year: int
    closed: bool
    units: list[UnitReflection] = field(default_factory=list)

    def unit(self, unit_id: int) -> UnitReflection | None:
        return next((u for u in self.units if u.unit_id == unit_id), None)


def load_reflection(
    session: Session,
    year: int,
    unit_ids: list[int] | None = None,
    rights: permissions.Rights | None = None,
) -> YearReflection:
    """The reflection of ``year`` for the units ``unit_ids`` (None: every unit), each unit
    listed once it has an objective, in the unit tree's order. ``rights`` fills in each
    line's refusal (None: nobody is refused)."""
    closed = year in closed_years(session)
    n = e.Node.__table__.c
    stmt = select(n.id, n.code, n.kind, n.title, n.unit_id, n.seq).where(
        n.year == year, n.kind.in_([k.value for k in KINDS])
    )
    if unit_ids is not None:
        stmt = stmt.where(n.unit_id.in_(unit_ids))
    lines: dict[int, ReflectionLine] = {}
    seqs: dict[int, int] = {}
    for node_id, code, kind, title, unit_id, seq in session.execute(stmt):
        lines[node_id] = ReflectionLine(node_id, code, kind, title, unit_id)
        seqs[node_id] = seq
    if lines:
        ids = stmt.with_only_columns(n.id).scalar_subquery()
        r, p = e.Reflection.__table__.c, e.Person.__table__.c
        for row in session.execute(
            select(
                r.node_id,
                r.result,
                r.helped,
                r.hindered,
                r.lesson,
                r.decision,
                r.new_title,
                r.new_goal,
                p.name,
            )
            .outerjoin(e.Person.__table__, p.id == r.author_id)
            .where(r.node_id.in_(ids))
        ):
            line = lines[row[0]]
            line.result, line.helped, line.hindered, line.lesson = row[1], row[2], row[3], row[4]
            line.decision, line.new_title, line.new_goal, line.author = row[5:9]
        for node_id, said in comments_on(session, ids).items():
            lines[node_id].comments = said
        months = months_of(year)
        for target in load_targets(session, year, unit_ids):
            if (shown := lines.get(target.id)) is None:
                continue
            shown.unit_of_measure, shown.direction = target.unit_of_measure, target.direction
            shown.baseline, shown.goal = target.baseline, target.goal
            reported = [m for m in months if target.actual.get(m) is not None]
            if reported:
                shown.last_month = reported[-1]
                shown.last_actual = target.actual[reported[-1]]
            shown.ytd_plan, shown.ytd_actual = target.year_to_date(months)
            shown.suggested = suggested_result(
                target.direction, target.goal, target.baseline, shown.ytd_actual
            )
        _suggest_objectives(session, lines, ids)
    tree = UnitTree.load(session)
    by_unit: dict[int, list[ReflectionLine]] = defaultdict(list)
    for line in sorted(lines.values(), key=lambda x: (_ORDER[x.kind], seqs[x.node_id])):
        if closed:
            line.refusal = line.comment_refusal = closed_line(year)
        elif rights is not None:
            answer = rights.can_change_node(line.unit_id, line.kind, line.code)
            line.refusal = None if answer else answer.reason
            may = rights.can_comment_reflection(line.unit_id, line.code)
            line.comment_refusal = None if may else may.reason
        by_unit[line.unit_id].append(line)
    units = [
        UnitReflection(uid, tree.units[uid].code, tree.units[uid].name, by_unit[uid])
        for uid in _tree_order(tree)
        if uid in by_unit
    ]
    return YearReflection(year, closed, units)


def comments_on(session: Session, node_ids: Any) -> dict[int, list[ReflectionComment]]:
    """The comments on the reflections of ``node_ids`` (ids, or a subquery of them), each
    node's oldest first; one query."""
    c, p = e.ReflectionComment.__table__.c, e.Person.__table__.c
    out: dict[int, list[ReflectionComment]] = defaultdict(list)
    for node_id, author, at, text in session.execute(
        select(c.node_id, p.name, c.at, c.text)
        .outerjoin(e.Person.__table__, p.id == c.author_id)
        .where(c.node_id.in_(node_ids))
        .order_by(c.at, c.id)
    ):
        out[node_id].append(ReflectionComment(author, at, text))
    return out


def _suggest_objectives(session: Session, lines: dict[int, ReflectionLine], ids: Any) -> None:
    """Each breakthrough, annual objective and priority shown gets the result its targets
    suggest together (:func:`~hoshin.rules.reflection.combined_result`): the targets that
    measure it, and those of the objectives that support it, down the X-matrix (a
    breakthrough <- annual objective <- priority <- target); one query for the links."""
    g = e.Edge.__table__.c
    below: dict[int, list[int]] = defaultdict(list)
    for source, target in session.execute(
        select(g.source_id, g.target_id).where(
            g.target_id.in_(ids),
            g.kind.in_([EdgeKind.SUPPORTS.value, EdgeKind.MEASURES.value]),
        )
    ):
        below[target].append(source)
    found: dict[int, set[int]] = {}

    def targets(node_id: int, seen: frozenset[int]) -> set[int]:
        if node_id in found:
            return found[node_id]
        out: set[int] = set()
        for source in below.get(node_id, []):
            line = lines.get(source)
            if line is None or source in seen:
                continue  # a kaizen, or a node of a unit not shown
            out |= {source} if line.is_target else targets(source, seen | {source})
        found[node_id] = out
        return out

    for line in lines.values():
        if not line.is_target:
            line.suggested = combined_result(
                [lines[t].suggested for t in sorted(targets(line.node_id, frozenset()))]
            )
            line.suggested_from = len(targets(line.node_id, frozenset()))


def _tree_order(tree: UnitTree) -> list[int]:
    out: list[int] = []
    todo = list(reversed(tree.children.get(None, [])))
    while todo:
        uid = todo.pop()
        out.append(uid)
        todo.extend(reversed(tree.children.get(uid, [])))
    return out


def read_reflection(plan: Plan, unit_ids: list[int] | None = None) -> YearReflection:
    """:func:`load_reflection` of the plan's shown year, with the rights of the person
    using it, in a session of its own."""
    with plan.session() as session:
        rights = permissions.rights(
            session, plan.graph, plan.roles, plan.actor, administrator=plan.administrator
        )
        return load_reflection(session, plan.year, unit_ids, rights)
