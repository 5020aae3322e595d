"""What the organisation tree shows: the units, and each unit's own kaizens and findings.

Nothing is rolled up here, and nothing is read per unit: one query for the units, and for
the figures one ``COUNT … GROUP BY unit``, the plan-wide review checks and the sustainment
debt per unit (:func:`hoshin.reads.health.sustainment_counts`, the rule of DESIGN §6). The
tree (``views.org_tree``) adds each unit's figures to the units above it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.plan import Plan
from hoshin.reads import health, xmatrix_checks


@dataclass(frozen=True)
class OrgUnit:
    id: int
    code: str
    name: str
    level: str
    parent_id: int | None


def units(plan: Plan) -> list[OrgUnit]:
    """Every unit with its level name, by id."""
    u = e.Unit
    with plan.session() as s:
        rows = s.execute(select(u.id, u.code, u.name, u.level, u.parent_id).order_by(u.id))
        return [OrgUnit(*row) for row in rows]


@dataclass(frozen=True)
class OrgFigures:
    """Each unit's own figures (not those of the units below it), by unit id or code."""

    kaizens: dict[int, int]  # kaizens that count (not dropped), by unit id
    findings: dict[str, list[str]]  # the review checks' messages, by unit code
    debt: dict[int, dict[str, int]]  # sustainment debt, by unit id; units without debt absent


def figures(plan: Plan, as_of: dt.date) -> OrgFigures:
    """The tree's figures as of a day: three reads of the whole plan."""
    findings: dict[str, list[str]] = defaultdict(list)
    with plan.session() as s:
        kaizens = health.live_kaizens_by_unit(s)
        for finding in xmatrix_checks.review(s, plan.graph, plan.settings):
            findings[finding.unit].append(finding.message)
        debt = health.sustainment_counts(s, as_of)
    return OrgFigures(kaizens, dict(findings), debt)
