"""The review findings on one unit's X-matrix: the plan-wide checks, for its items."""

from __future__ import annotations

from hoshin.plan import Plan
from hoshin.reads.xmatrix.model import XMatrix
from hoshin.reads.xmatrix_checks import review


def test_findings_mark_the_items_the_review_flags(demo_plan: Plan, company: XMatrix) -> None:
    assert company.findings["IP-6"] == ["IP-6 supports no annual objective."]
    assert company.findings["KPI-7"] == ["KPI-7 has no primary owner; it needs exactly one."]
    assert company.severity("IP-6") == "error"
    assert company.severity("KPI-7") == "warning"
    assert company.severity("IP-1") is None
    # Same findings as the plan-wide review, restricted to this unit's items.
    with demo_plan.session() as session:
        everything = review(session, demo_plan.graph, demo_plan.settings)
    mine = {i.code for i in company.items} | {company.unit_code}
    expected = {(f.code, f.message) for f in everything if f.code in mine}
    got = {(code, m) for code, messages in company.findings.items() for m in messages}
    assert {g for g in got if g[0] in mine} == expected
