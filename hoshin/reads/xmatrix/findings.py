"""The review findings shown on one unit's X-matrix.

They are the checks of :mod:`hoshin.reads.xmatrix_checks`, with the same check names and the
same wording, computed for this unit's items only from what the reader already holds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace

from hoshin.model.kinds import EdgeKind, OwnerRole
from hoshin.plan import Plan
from hoshin.reads import xmatrix_checks as rv
from hoshin.reads.xmatrix.model import XMatrix
from hoshin.rules.deployment import Gap


@dataclass(frozen=True)
class Context:
    """What the findings of one matrix read beyond its own items: the deployment gaps of its
    targets (in the order of its targets, then by child code), and which of its items are
    still under negotiation (no owner asked yet)."""

    gaps: list[Gap]
    negotiating: Collection[int]


def with_findings(
    plan: Plan, xm: XMatrix, resp: Iterable[tuple[int, int, str]], context: Context
) -> XMatrix:
    """``xm`` with the review findings on its items."""
    findings: dict[str, list[str]] = {}
    checks: dict[str, list[str]] = {}
    for finding in unit_findings(plan, xm, resp, context.gaps, context.negotiating):
        findings.setdefault(finding.code, []).append(finding.message)
        checks.setdefault(finding.code, []).append(finding.check)
    return replace(xm, findings=findings, checks=checks)


def unit_findings(
    plan: Plan,
    xm: XMatrix,
    responsibilities: Iterable[tuple[int, int, str]],
    gaps: Iterable[Gap] = (),
    negotiating: Collection[int] = frozenset(),
) -> list[rv.Finding]:
    """The checks of :func:`hoshin.reads.xmatrix_checks.review` for one unit's X-matrix items.

    Same check names and messages as the plan-wide review, but reading only this unit:
    links come from the in-memory graph, owners from the rows already loaded; ``gaps`` are
    the deployment gaps of its targets, ``negotiating`` its items still in an open throw.
    An overloaded owner is filed under their own unit, as the plan-wide review files it,
    whichever matrix shows them.
    """
    graph, settings = plan.graph, plan.settings
    out: list[rv.Finding] = []
    unit = xm.unit_code
    for item in xm.own_north:
        serves = (graph.edge_between(item.id, up) for up in graph.serves(item.id))
        if not any(edge is not None and edge.kind is EdgeKind.SUPPORTS for edge in serves):
            out.append(rv.priority_supports_nothing(unit, item.code))
    for item in xm.south:
        below = (graph.edge_between(down, item.id) for down in graph.served_by(item.id))
        if not any(edge is not None and edge.kind is EdgeKind.SUPPORTS for edge in below):
            out.append(rv.breakthrough_unsupported(unit, item.code))
    primaries: Counter[int] = Counter(
        node_id for node_id, _pid, role in responsibilities if role == OwnerRole.PRIMARY
    )
    for item in (*xm.own_north, *xm.own_east):
        if primaries[item.id] == 0 and item.id in negotiating:
            continue  # the owner is part of what the open throw negotiates
        if primaries[item.id] != 1:
            out.append(rv.not_one_primary(unit, item.code, primaries[item.id]))
    limit = int(settings["owner_overload"])
    for owner in xm.owners:
        load = xm.owner_load.get(owner.id, 0)
        if load > limit:
            home = owner.unit_code or unit
            out.append(rv.owner_overloaded(home, owner.key, owner.name, load, limit))
    most_bt, most_ao = int(settings["max_breakthroughs"]), int(settings["max_annual"])
    if len(xm.south) > most_bt:
        out.append(rv.too_many_breakthroughs(unit, len(xm.south), most_bt))
    if len(xm.west) > most_ao:
        out.append(rv.too_many_annual(unit, len(xm.west), most_ao))
    out.extend(rv.deployment_gap(gap) for gap in gaps)
    return out
