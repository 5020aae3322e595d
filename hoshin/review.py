"""The X-matrix review checks of DESIGN §3, over the whole plan with bulk queries."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hoshin import entities as e
from hoshin.graph import StrategyGraph
from hoshin.kinds import EdgeKind, NodeKind, Role
from hoshin.plan_settings import PlanSettings

#: Check names, stable: they are JSON keys of ``hoshin check --json``.
PRIORITY_SUPPORTS_NOTHING = "priority-supports-nothing"
BREAKTHROUGH_UNSUPPORTED = "breakthrough-unsupported"
OWNER_NOT_ONE_PRIMARY = "owner-not-one-primary"
OWNER_OVERLOADED = "owner-overloaded"
TOO_MANY_BREAKTHROUGHS = "too-many-breakthroughs"
TOO_MANY_ANNUAL = "too-many-annual"

CHECKS = (
    PRIORITY_SUPPORTS_NOTHING,
    BREAKTHROUGH_UNSUPPORTED,
    OWNER_NOT_ONE_PRIMARY,
    OWNER_OVERLOADED,
    TOO_MANY_BREAKTHROUGHS,
    TOO_MANY_ANNUAL,
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


def review(session: Session, graph: StrategyGraph, settings: PlanSettings) -> list[Finding]:
    """Every finding of every check, ordered by unit, check and code."""
    units = dict(session.execute(select(e.Unit.id, e.Unit.code)).all())
    out: list[Finding] = []
    per_unit: dict[int, Counter[NodeKind]] = defaultdict(Counter)
    supports_up: set[int] = set()
    supported: set[int] = set()
    for edge in graph.edges():
        if edge.kind is EdgeKind.SUPPORTS:
            supports_up.add(edge.source)
            supported.add(edge.target)
    nodes = sorted(graph.nodes(), key=lambda n: n.id)
    for node in nodes:
        per_unit[node.unit_id][node.kind] += 1
        unit = units[node.unit_id]
        if node.kind is NodeKind.PRIORITY and node.id not in supports_up:
            out.append(priority_supports_nothing(unit, node.code))
        if node.kind is NodeKind.BREAKTHROUGH and node.id not in supported:
            out.append(breakthrough_unsupported(unit, node.code))
    out.extend(_owner_findings(session, graph, units, settings))
    for unit_id, counts in per_unit.items():
        unit = units[unit_id]
        most_bt, most_ao = int(settings["max_breakthroughs"]), int(settings["max_annual"])
        if counts[NodeKind.BREAKTHROUGH] > most_bt:
            out.append(too_many_breakthroughs(unit, counts[NodeKind.BREAKTHROUGH], most_bt))
        if counts[NodeKind.ANNUAL] > most_ao:
            out.append(too_many_annual(unit, counts[NodeKind.ANNUAL], most_ao))
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
        if role == Role.PRIMARY:
            primaries[node_id] += 1
            per_person[person_id] += 1
    out: list[Finding] = []
    for node in sorted(graph.nodes(), key=lambda n: n.id):
        if node.kind in (NodeKind.PRIORITY, NodeKind.TARGET) and primaries[node.id] != 1:
            out.append(not_one_primary(units[node.unit_id], node.code, primaries[node.id]))
    limit = int(settings["owner_overload"])
    loaded = [pid for pid, n in per_person.items() if n > limit]
    if loaded:
        p = e.Person
        people = session.execute(select(p.id, p.key, p.name, p.unit_id).where(p.id.in_(loaded)))
        for pid, key, name, unit_id in people:
            out.append(owner_overloaded(units[unit_id], key, name, per_person[pid], limit))
    return out
