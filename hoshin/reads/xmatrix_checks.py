"""The X-matrix review checks of DESIGN §3, over the whole plan with bulk queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from functools import cache

from sqlalchemy import Connection, Executable, bindparam, select
from sqlalchemy.orm import Session

from hoshin.catchball.rules import OPEN_STATES
from hoshin.graph import StrategyGraph
from hoshin.model import entities as e
from hoshin.model.kinds import EdgeKind, NodeKind, OwnerRole
from hoshin.model.plan_settings import PlanSettings
from hoshin.rules.deployment import Gap, deployment_gaps

#: Check names, stable: they are JSON keys of ``hoshin check --json``.
PRIORITY_SUPPORTS_NOTHING = "priority-supports-nothing"
BREAKTHROUGH_UNSUPPORTED = "breakthrough-unsupported"
OWNER_NOT_ONE_PRIMARY = "owner-not-one-primary"
OWNER_OVERLOADED = "owner-overloaded"
TOO_MANY_BREAKTHROUGHS = "too-many-breakthroughs"
TOO_MANY_ANNUAL = "too-many-annual"
DEPLOYMENT_GAP = "deployment-gap"

CHECKS = (
    PRIORITY_SUPPORTS_NOTHING,
    BREAKTHROUGH_UNSUPPORTED,
    OWNER_NOT_ONE_PRIMARY,
    OWNER_OVERLOADED,
    TOO_MANY_BREAKTHROUGHS,
    TOO_MANY_ANNUAL,
    DEPLOYMENT_GAP,
)


@dataclass(frozen=True)
class Finding:
    """One thing a review check found. ``code`` is a node code, or a person key."""

    check: str
    unit: str
    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


# -- one constructor per finding: the wording lives here only ----------------------------


def priority_supports_nothing(unit: str, code: str) -> Finding:
    return Finding(PRIORITY_SUPPORTS_NOTHING, unit, code, f"{code} supports no annual objective.")


def breakthrough_unsupported(unit: str, code: str) -> Finding:
    return Finding(BREAKTHROUGH_UNSUPPORTED, unit, code, f"No annual objective supports {code}.")


def not_one_primary(unit: str, code: str, count: int) -> Finding:
    what = "no primary owner" if count == 0 else f"{count} primary owners"
    return Finding(OWNER_NOT_ONE_PRIMARY, unit, code, f"{code} has {what}; it needs exactly one.")


def owner_overloaded(unit: str, key: str, name: str, load: int, limit: int) -> Finding:
    message = f"{name} is primary owner of {load} items; at most {limit}."
    return Finding(OWNER_OVERLOADED, unit, key, message)


def too_many_breakthroughs(unit: str, count: int, limit: int) -> Finding:
    message = f"{unit} has {count} breakthrough objectives; at most {limit} keep the focus."
    return Finding(TOO_MANY_BREAKTHROUGHS, unit, unit, message)


def too_many_annual(unit: str, count: int, limit: int) -> Finding:
    message = f"{unit} has {count} annual objectives; at most {limit}."
    return Finding(TOO_MANY_ANNUAL, unit, unit, message)


def deployment_gap(gap: Gap) -> Finding:
    """Filed under the parent target: its goal is not fully deployed."""
    return Finding(DEPLOYMENT_GAP, gap.parent_unit, gap.parent_code, gap.message)


def under_negotiation(session: Session | Connection, node_ids: list[int] | None = None) -> set[int]:
    """Nodes created by a catchball throw whose thread is still open: their owner is part of
    what is negotiated, so a missing one is not a finding until the thread is agreed."""
    rows = session.execute(
        _negotiating_stmt(node_ids is not None),
        {"ids": list(node_ids)} if node_ids is not None else {},
    )
    open_states = {s.value for s in OPEN_STATES}
    return {node_id for node_id, state in rows if node_id is not None and state in open_states}


@cache
def _negotiating_stmt(by_node: bool) -> Executable:
    """Built once: the X-matrix asks at every rebuild, and building cost more than running.

    For given nodes the state is tested in the loop above: filtered here, it would lead
    SQLite (without statistics) to walk every open thread of the plan instead of the few
    threads of these nodes (0.25 ms against 0.01 for the enterprise company).
    """
    t = e.CatchballThread
    stmt = select(t.child_node_id, t.state)
    if by_node:
        return stmt.where(t.child_node_id.in_(bindparam("ids", expanding=True)))
    return stmt.where(t.state.in_([s.value for s in OPEN_STATES]), t.child_node_id.is_not(None))


def review(session: Session, graph: StrategyGraph, settings: PlanSettings) -> list[Finding]:
    """Every finding of every check, ordered by unit, check and code.

    One pass over the nodes, testing kinds by identity: at 60,000 nodes the checks run in
    the health view and at every full check, so the loops stay flat.
    """
    units = dict(session.execute(select(e.Unit.id, e.Unit.code)).all())
    out: list[Finding] = []
    supports = EdgeKind.SUPPORTS
    supports_up = {edge.source for edge in graph.edges() if edge.kind is supports}
    supported = {edge.target for edge in graph.edges() if edge.kind is supports}
    priority, breakthrough, annual = NodeKind.PRIORITY, NodeKind.BREAKTHROUGH, NodeKind.ANNUAL
    breakthroughs: Counter[int] = Counter()
    annuals: Counter[int] = Counter()
    for node in graph.nodes():
        kind = node.kind
        if kind is priority:
            if node.id not in supports_up:
                out.append(priority_supports_nothing(units[node.unit_id], node.code))
        elif kind is breakthrough:
            breakthroughs[node.unit_id] += 1
            if node.id not in supported:
                out.append(breakthrough_unsupported(units[node.unit_id], node.code))
        elif kind is annual:
            annuals[node.unit_id] += 1
    out.extend(_owner_findings(session, graph, units, settings))
    out.extend(deployment_gap(gap) for gap in deployment_gaps(session))
    most_bt, most_ao = int(settings["max_breakthroughs"]), int(settings["max_annual"])
    for unit_id, count in breakthroughs.items():
        if count > most_bt:
            out.append(too_many_breakthroughs(units[unit_id], count, most_bt))
    for unit_id, count in annuals.items():
        if count > most_ao:
            out.append(too_many_annual(units[unit_id], count, most_ao))
    # Each (unit, check, code) is found once, so this order is the whole order.
    out.sort(key=lambda f: (f.unit, CHECKS.index(f.check), f.code))
    return out


def _owner_findings(
    session: Session, graph: StrategyGraph, units: dict[int, str], settings: PlanSettings
) -> list[Finding]:
    r = e.Responsibility
    rows = session.execute(select(r.node_id, r.person_id, r.role)).all()
    primaries: Counter[int] = Counter()
    per_person: Counter[int] = Counter()
    for node_id, person_id, role in rows:
        if role == OwnerRole.PRIMARY:
            primaries[node_id] += 1
            per_person[person_id] += 1
    out: list[Finding] = []
    owned = (NodeKind.PRIORITY, NodeKind.TARGET)
    negotiating = under_negotiation(session)
    for node in graph.nodes():
        if node.kind in owned and primaries[node.id] != 1:
            if primaries[node.id] == 0 and node.id in negotiating:
                continue
            out.append(not_one_primary(units[node.unit_id], node.code, primaries[node.id]))
    limit = int(settings["owner_overload"])
    loaded = [pid for pid, n in per_person.items() if n > limit]
    if loaded:
        p = e.Person
        people = session.execute(select(p.id, p.key, p.name, p.unit_id).where(p.id.in_(loaded)))
        for pid, key, name, unit_id in people:
            out.append(owner_overloaded(units[unit_id], key, name, per_person[pid], limit))
    return out
