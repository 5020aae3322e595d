"""``hoshin check``: the review findings and health measures of a plan as one document.

The keys are stable and documented in docs/check-json.md; scripts may rely on them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from hoshin.catchball import queries as catchball_queries
from hoshin.plan import Plan
from hoshin.reads import health
from hoshin.reads import xmatrix_checks as review
from hoshin.reads.a3 import AFTER, targets_needing_a3
from hoshin.reads.units import UnitTree
from hoshin.rules import bowling, standard_work, validate
from hoshin.rules.deployment import deployment_gaps
from hoshin.text import formats
from hoshin.text.wording import count

SCHEMA = 1


def check_report(plan: Plan, *, as_of: dt.date | None = None, window: int | None = None) -> dict:
    as_of = validate.date(as_of, "as-of date") or dt.date.today()
    window = validate.window_days(int(plan.settings["window_days"]) if window is None else window)
    graph = plan.graph
    with plan.session() as session, bowling.read_once(session):
        findings = review.review(session, graph, plan.settings)
        measures = health.measure(session, graph, as_of=as_of, window_days=window)
        end_of_day = dt.datetime.combine(as_of, dt.time(23, 59, 59))
        measures["catchball"] = catchball_queries.health(session, end_of_day)
        measures["deployment_gaps"] = [g.as_dict() for g in deployment_gaps(session)]
        measures.update(standard_work.measure(session, UnitTree.load(session), as_of))
        need_a3 = targets_needing_a3(session, plan.settings, f"{as_of:%Y-%m}")
    counts = Counter(f.check for f in findings)
    return {
        "schema": SCHEMA,
        "plan": {"name": plan.name, "as_of": as_of.isoformat(), "window_days": window},
        "review": {
            "counts": {check: counts.get(check, 0) for check in review.CHECKS},
            "findings": [f.as_dict() for f in findings],
            "a3_after_red_months": int(plan.settings[AFTER]),
            "targets_needing_a3": [n.as_dict() for n in need_a3],
        },
        "health": measures,
    }


def render_text(report: dict[str, Any]) -> str:
    """The report for a person: findings first, then the headline of each measure."""
    lines: list[str] = []
    info = report["plan"]
    lines.append(f"{info['name']} — as of {info['as_of']}, window {info['window_days']} days")
    findings = report["review"]["findings"]
    lines.append("")
    lines.append(f"Review: {count(len(findings), 'finding')}")
    for f in findings:
        lines.append(f"  [{f['unit']}] {f['message']}")
    review = report["review"]
    need = [f"{n['code']} ({n['unit']})" for n in review["targets_needing_a3"]]
    lines.append(
        f"  Targets that need an A3 ({review['a3_after_red_months']} red months in a row, "
        "no A3): " + _some(need)
    )
    h = report["health"]
    demand = h["demand"]["plan"]
    ratio = formats.percent(demand["ratio"], missing="n/a")
    lines.append("")
    lines.append("Health:")
    lines.append(
        f"  Demand ratio: {ratio} pulled ({demand['bottom_up']} bottom-up, {demand['joint']} "
        f"joint, {demand['top_down']} top-down of {demand['started']} started)"
    )
    lines.append(
        f"  30-day test: {count(h['thirty_day_test']['plan'], 'bottom-up kaizen')} started"
    )
    debt = h["sustainment_debt"]["plan"]
    lines.append(
        f"  Sustainment debt: {debt['total']} "
        f"({count(debt['open_action_items'], 'open action item')}, "
        f"{count(debt['overdue_checks'], 'overdue check')}, {debt['slipped_checks']} slipped)"
    )
    uncovered = h["function_coverage"]["uncovered"]
    lines.append("  Functions with no active kaizen: " + _some(uncovered))
    a = h["alignment"]
    share = formats.percent(a["share"], missing="n/a")
    lines.append(
        f"  Alignment: {share} of kaizens have a line of sight; orphans: "
        + _some(a["orphan_kaizens"])
    )
    lines.append("  Priorities with no kaizen: " + _some(a["priorities_without_kaizen"]))
    rhythm = h["review_rhythm"]
    lines.append(
        f"  Review rhythm ({rhythm['last_period']}): {len(rhythm['without_actual'])} of "
        f"{count(rhythm['targets'], 'target')} without an actual; "
        f"{len(rhythm['red_without_countermeasure'])} with red months and no countermeasure"
    )
    cb = h["catchball"]
    rounds = cb["median_rounds_to_agreement"]
    lines.append(
        f"  Catchball: {cb['open']} open of {count(cb['threads'], 'thread')}; median rounds to "
        f"agreement {'n/a' if rounds is None else rounds}; units not agreed: "
        + _some(cb["units_not_agreed"])
    )
    dm = h["daily_management"]["plan"]
    tier_1 = formats.percent(dm["share_solved_at_tier_1"], missing="n/a")
    lines.append(
        f"  Daily management: {count(dm['raised'], 'problem')} raised "
        f"({'n/a' if dm['per_team_per_week'] is None else dm['per_team_per_week']} per team "
        f"per week), {tier_1} of those solved at tier 1, {dm['escalations']} escalations, "
        f"{dm['open_past_due']} open past due"
    )
    gaps = h["deployment_gaps"]
    lines.append(
        f"  Deployment gaps: {count(len(gaps), 'commitment')} weaker than the parent's goal"
        + (": " + _some([f"{g['child']} ({g['child_unit']})" for g in gaps]) if gaps else "")
    )
    lines.extend(_standard_work_lines(h))
    return "\n".join(lines)


def _standard_work_lines(h: dict[str, Any]) -> list[str]:
    adherence = h["lsw_adherence"]["plan"]
    presence = h["leadership_presence"]
    walks = h["findings"]
    per_walk = walks["per_walk"]
    return [
        f"  LSW adherence ({h['lsw_adherence']['window_days']} days): "
        f"{formats.percent(adherence['adherence'], missing='n/a')} "
        f"({adherence['done']} done of {adherence['due']} due, {adherence['missed']} missed, "
        f"{adherence['unanswered']} unanswered, {adherence['skipped']} skipped with a reason)",
        f"  Leadership presence: {formats.percent(presence['share'], missing='n/a')} "
        f"({presence['visited']} of {count(presence['units'], 'unit')} visited from above); "
        "not visited: " + _some(presence["not_visited"]),
        f"  Findings: {count(walks['findings'], 'finding')} on {count(walks['walks'], 'walk')} "
        f"({'n/a' if per_walk is None else per_walk} per walk), {walks['kaizens']} became kaizens",
    ]


def _some(codes: list[str], most: int = 12) -> str:
    """A list for a line of text: the first few, then how many more (JSON has them all)."""
    if not codes:
        return "none"
    shown = ", ".join(codes[:most])
    return shown if len(codes) <= most else f"{shown} and {len(codes) - most} more"
