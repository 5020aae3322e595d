"""What ``python -m app.screenshots`` stages its pictures on: the units, node, thread and
person that show the most of a plan. Reads only; a handful of queries each.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select

from hoshin.catchball.rules import OPEN_STATES
from hoshin.model import entities as e
from hoshin.model.kinds import NodeKind
from hoshin.plan import Plan
from hoshin.reads.units import UnitTree


def showcase_units(plan: Plan) -> tuple[int, int]:
    """The top unit, and the department (third level) with the most kaizens below it."""
    n = e.Node
    with plan.session() as s:
        tree = UnitTree.load(s)
        counts = s.execute(
            select(n.unit_id, func.count())
            .where(n.kind == NodeKind.KAIZEN.value)
            .group_by(n.unit_id)
        ).all()
    root = tree.root()
    below: Counter[int] = Counter()
    for unit_id, count in counts:
        for above in tree.chain(unit_id):
            below[above] += count
    departments = [u for u in tree.units if tree.depth(u) == 2] or [root]
    return root, max(departments, key=lambda u: (below[u], -u))


def has_catchball(plan: Plan) -> bool:
    """Whether any catchball thread was ever thrown in the plan."""
    with plan.session() as s:
        return bool(s.execute(select(func.count()).select_from(e.CatchballThread)).scalar())


@dataclass(frozen=True, slots=True)
class Negotiation:
    """Who negotiates what in a staged catchball: the top unit's first target, the first
    unit below the top that has people (and its first person), and the top's first person.
    """

    code: str
    title: str
    baseline: float | None
    goal: float | None
    unit_of_measure: str | None
    below_code: str
    below_person: str
    upper_person: str


def negotiation(plan: Plan) -> Negotiation | None:
    """What to stage a negotiation on; None when the plan lacks a target or people."""
    u, n, p = e.Unit, e.Node, e.Person
    with plan.session() as s:
        root = s.execute(select(u.id).where(u.parent_id.is_(None))).scalar_one()
        target = s.execute(
            select(n.code, n.title, n.baseline, n.goal, n.unit_of_measure)
            .where(n.unit_id == root, n.kind == NodeKind.TARGET.value)
            .order_by(n.id)
        ).first()
        below = s.execute(
            select(u.code, p.key).join(p, p.unit_id == u.id).where(u.parent_id == root)
            .order_by(u.id, p.id)
        ).first()  # fmt: skip
        upper = s.execute(select(p.key).where(p.unit_id == root).order_by(p.id)).scalar()
    if target is None or below is None or upper is None:
        return None
    return Negotiation(*target, below.code, below.key, upper)


def liveliest_thread(plan: Plan) -> tuple[int, int, str | None]:
    """The open thread with the most messages, its thrown node, and a person whose turn it
    is; without an open thread, (0, the top unit's first target, None)."""
    t, m, p = e.CatchballThread, e.CatchballMessage, e.Person
    with plan.session() as s:
        row = s.execute(
            select(t.id, t.node_id, t.waiting, t.upper_unit_id, t.lower_unit_id)
            .join(m, m.thread_id == t.id)
            .where(t.state.in_([state.value for state in OPEN_STATES]))
            .group_by(t.id)
            .order_by(func.count().desc(), t.id)
            .limit(1)
        ).first()
        if row is None:
            root = s.execute(select(e.Unit.id).where(e.Unit.parent_id.is_(None))).scalar_one()
            first = s.execute(
                select(e.Node.id).where(
                    e.Node.unit_id == root, e.Node.kind == NodeKind.TARGET.value
                )
            ).scalar()
            return 0, int(first or 0), None
        unit = row.lower_unit_id if row.waiting == "lower" else row.upper_unit_id
        person = s.execute(select(p.key).where(p.unit_id == unit).order_by(p.id)).scalar()
    return int(row.id), int(row.node_id), person


def my_work_people(plan: Plan) -> list[tuple[str, str, int]]:
    """Whose "My work" the pictures show, as (picture name, person key, unit id): the first
    person of the top unit (an executive), of the showcase department (a manager) and of
    the department's first team (a team leader), the ones that head them in a plan
    without roles."""
    root, department = showcase_units(plan)
    p, u = e.Person.__table__.c, e.Unit.__table__.c
    with plan.session() as s:
        team = s.execute(select(func.min(u.id)).where(u.parent_id == department)).scalar()
        heads = dict(
            s.execute(
                select(p.unit_id, p.key).where(
                    p.id.in_(select(func.min(p.id)).group_by(p.unit_id).scalar_subquery())
                )
            ).all()
        )
    team = team if team is not None else department
    return [
        ("my-work-executive.png", heads[root], root),
        ("my-work-manager.png", heads[department], department),
        ("my-work-team-leader.png", heads[team], team),
    ]
