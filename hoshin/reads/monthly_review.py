"""The monthly review of a unit: the improvement report that goes up the line.

Red items first with their countermeasures, then what improved (kaizens done and
sustained this month, new bottom-up kaizens), then sustainment debt per team. The content
is built here, Qt-free; ``to_html`` gives a document any renderer (Qt's PDF writer, a
browser, a mail) can show.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from hoshin.model import entities as e
from hoshin.model.errors import NotFoundError
from hoshin.model.kinds import FINISHED_STATUSES, CheckResult, NodeKind, Origin
from hoshin.plan import Plan
from hoshin.reads import health
from hoshin.reads.a3 import AFTER, NeedsA3, targets_needing_a3
from hoshin.reads.units import UnitTree
from hoshin.rules import debt, validate
from hoshin.rules.bowling import Status, TargetRow, load_targets, month_status, months_of
from hoshin.rules.deployment import Gap, deployment_gaps
from hoshin.text.formats import figure, month_label


@dataclass(frozen=True)
class Countermeasure:
    what: str
    owner: str
    due: dt.date | None
    done: bool


@dataclass(frozen=True)
class KaizenLine:
    code: str
    title: str
    team: str


@dataclass
class MonthlyReview:
    org: str
    unit_code: str
    unit_name: str
    month: str
    targets: list[TargetRow]
    countermeasures: dict[str, list[Countermeasure]] = field(default_factory=dict)
    done: list[KaizenLine] = field(default_factory=list)
    sustained: list[KaizenLine] = field(default_factory=list)
    new_bottom_up: list[KaizenLine] = field(default_factory=list)
    debt: list[tuple[str, str, dict[str, int]]] = field(default_factory=list)  # unit rows
    gaps: list[Gap] = field(default_factory=list)  # commitments weaker than the parent's goal
    needs_a3: list[NeedsA3] = field(default_factory=list)  # red months in a row, no A3
    a3_after: int = 2  # how many red months in a row make a target need an A3

    def year_to_date(self, target: TargetRow) -> tuple[float | None, float | None]:
        """Plan and actual of ``target`` from January to the review's month, by its aggregation."""
        months = months_of(int(self.month[:4]))
        return target.year_to_date(months[: months.index(self.month) + 1])

    def by_status(self, status: Status | None) -> list[TargetRow]:
        return [t for t in self.targets if t.status(self.month) is status]

    @property
    def title(self) -> str:
        label = month_label(self.month)
        return f"Monthly review — {self.unit_name} ({self.unit_code}) — {label}"


def build_review(plan: Plan, unit_code: str, month: str) -> MonthlyReview:
    """The review of ``unit_code`` and every unit below it for ``month`` (``YYYY-MM``)."""
    month = validate.month(month)
    first = dt.date(int(month[:4]), int(month[5:]), 1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    with plan.session() as s:
        unit = s.execute(
            select(e.Unit.id, e.Unit.name).where(e.Unit.code == unit_code.strip().upper())
        ).first()
        if unit is None:
            raise NotFoundError(f"No unit {unit_code.strip()} in this plan.")
        tree = UnitTree.load(s)
        units = [u for u in tree.units if unit.id in tree.chain(u)]
        review = MonthlyReview(
            plan.name, unit_code.upper(), unit.name, month, load_targets(s, first.year, units)
        )
        review.countermeasures = _countermeasures(s, [t.id for t in review.targets], month)
        review.gaps = deployment_gaps(s, unit_ids=units)
        review.needs_a3 = targets_needing_a3(s, plan.settings, month, units)
        review.a3_after = int(plan.settings[AFTER])
        review.done, review.sustained, review.new_bottom_up = _kaizens(s, units, first, last)
        debt = health.sustainment_by_unit(s, last)
        names = dict(s.execute(select(e.Unit.code, e.Unit.name)).all())
        parents = {tree.units[u].parent_id for u in units}
        teams = [tree.code(u) for u in units if u not in parents]  # the leaves: teams
        review.debt = sorted(
            (code, names[code], debt[code]) for code in teams if debt[code]["total"]
        )
    return review


def _countermeasures(
    s: Session, target_ids: list[int], month: str
) -> dict[str, list[Countermeasure]]:
    c, n, p = e.Countermeasure, e.Node, e.Person
    out: dict[str, list[Countermeasure]] = {}
    rows = s.execute(
        select(n.code, c.what, p.name, c.due, c.done)
        .join(n, n.id == c.node_id)
        .outerjoin(p, p.id == c.owner_id)
        .where(c.node_id.in_(target_ids), c.month == month)
        .order_by(c.id)
    )
    for code, what, owner, due, done in rows:
        out.setdefault(code, []).append(Countermeasure(what, owner or "", due, bool(done)))
    return out


def _kaizens(
    s: Session, units: list[int], first: dt.date, last: dt.date
) -> tuple[list[KaizenLine], list[KaizenLine], list[KaizenLine]]:
    n, u, c = e.Node, e.Unit, e.SustainmentCheck
    base = select(n.code, n.title, u.name).join(u, u.id == n.unit_id)
    kaizen = and_(n.kind == NodeKind.KAIZEN.value, n.unit_id.in_(units))
    finished = [st.value for st in FINISHED_STATUSES]
    done = s.execute(
        base.where(kaizen, n.status.in_(finished), n.end_date.between(first, last))
    ).all()
    # Joined to the kaizens that held, not `id IN (...)`: SQLite tested every counted
    # kaizen of the plan against the list, 1.4 s at the enterprise scale against 0.02 s.
    held = (
        select(c.kaizen_id)
        .where(c.result == CheckResult.HELD.value, c.checked_on.between(first, last))
        .distinct()
        .subquery()
    )
    sustained = s.execute(
        base.join(held, held.c.kaizen_id == n.id).where(kaizen, debt.counted(n.status))
    ).all()
    new = s.execute(
        base.where(
            kaizen,
            debt.started(n.status),
            n.origin == Origin.BOTTOM_UP.value,
            n.start_date.between(first, last),
        )
    ).all()

    def lines(rows: Sequence[Any]) -> list[KaizenLine]:
        return sorted((KaizenLine(*r) for r in rows), key=lambda k: k.code)

    return lines(done), lines(sustained), lines(new)


# -- rendering -------------------------------------------------------------------------------

# Qt's rich text ignores CSS padding on cells; these attributes it honours.
TABLE = "<table cellpadding='4' cellspacing='0' border='1' width='100%'>"
_COLOURS = {Status.GREEN: "#d8efd9", Status.YELLOW: "#fbefc4", Status.RED: "#f6d2cf"}


def _ytd_cell(review: MonthlyReview, t: TargetRow) -> str:
    """The year to date of ``t`` against its plan, marked like a month, naming the rule."""
    plan, actual = review.year_to_date(t)
    status = month_status(t.direction, plan, actual)
    style = f" style='background:{_COLOURS[status]}'" if status else ""
    mark = f"{status.mark} " if status else ""
    return (
        f"<td class='num'{style}>{mark}{figure(actual)} "
        f"<span class='none'>({html.escape(t.aggregation)}; plan {figure(plan)})</span></td>"
    )


def _derived(t: TargetRow, month: str) -> str:
    """Under an actual made of daily or weekly values, which: "derived from 22 daily values"."""
    note = t.derived_note(month)
    return f"<br><span class='none'>{html.escape(note)}</span>" if note else ""


def to_html(review: MonthlyReview) -> str:
    """The review as a self-contained HTML document (all text escaped)."""
    esc = html.escape
    out = [
        "<html><head><meta charset='utf-8'><style>"
        "body{font-family:'DejaVu Sans',sans-serif;font-size:9pt;color:#1d2733}"
        "h1{font-size:15pt;margin:0 0 2pt 0} h2{font-size:11pt;margin:12pt 0 4pt 0}"
        "p.sub{color:#5b6675;margin:0 0 8pt 0}"
        "table{border-collapse:collapse;width:100%} th{background:#e9edf2;text-align:left}"
        "td,th{border:1px solid #c9d1db;vertical-align:top}"
        "td.num{text-align:right} .none{color:#5b6675;font-style:italic}"
        "</style></head><body>",
        f"<h1>{esc(review.title)}</h1>",
        f"<p class='sub'>{esc(review.org)}</p>",
    ]
    red, yellow, green = (review.by_status(s) for s in (Status.RED, Status.YELLOW, Status.GREEN))
    missing = review.by_status(None)
    out.append(
        f"<p>{len(red)} red, {len(yellow)} yellow, {len(green)} green; "
        f"{len(missing)} without figures for the month.</p>"
    )
    out.append("<h2>Red targets and their countermeasures</h2>")
    if red:
        out.append(
            f"{TABLE}<tr><th>Target</th><th>Owner</th><th>Plan</th><th>Actual</th>"
            "<th>Countermeasure</th><th>Who</th><th>Due</th></tr>"
        )
        for t in red:
            cms = review.countermeasures.get(t.code, [])
            first = cms[0] if cms else None
            cm = (
                f"{esc(first.what)}{' (done)' if first.done else ''}"
                if first
                else "<span class='none'>none yet: one is needed</span>"
            )
            out.append(
                f"<tr><td><b>{esc(t.code)}</b> {esc(t.title)}</td><td>{esc(t.owner)}</td>"
                f"<td class='num'>{figure(t.plan.get(review.month))}</td>"
                f"<td class='num' style='background:{_COLOURS[Status.RED]}'>"
                f"{Status.RED.mark} {figure(t.actual.get(review.month))}"
                f"{_derived(t, review.month)}</td>"
                f"<td>{cm}</td><td>{esc(first.owner if first else '')}</td>"
                f"<td>{first.due.isoformat() if first and first.due else ''}</td></tr>"
            )
            for extra in cms[1:]:
                out.append(
                    f"<tr><td></td><td></td><td></td><td></td><td>{esc(extra.what)}</td>"
                    f"<td>{esc(extra.owner)}</td>"
                    f"<td>{extra.due.isoformat() if extra.due else ''}</td></tr>"
                )
        out.append("</table>")
    else:
        out.append("<p class='none'>No red target this month.</p>")
    out.append(f"<h2>Targets that need an A3 ({review.a3_after} red months in a row, no A3)</h2>")
    if review.needs_a3:
        out.append(
            "<ul>"
            + "".join(
                f"<li><b>{esc(n.code)}</b> {esc(n.title)} ({esc(n.unit)}): red in "
                f"{esc(', '.join(month_label(m) for m in n.red_months))}</li>"
                for n in review.needs_a3
            )
            + "</ul>"
        )
    else:
        out.append("<p class='none'>None.</p>")
    out.append("<h2>All targets this month</h2>")
    out.append(
        f"{TABLE}<tr><th>Target</th><th>Unit of measure</th><th>Plan</th><th>Actual</th>"
        "<th>Year to date</th><th>Goal</th></tr>"
    )
    for t in review.targets:
        status = t.status(review.month)
        cell = (
            f"<td class='num' style='background:{_COLOURS[status]}'>{status.mark} "
            f"{figure(t.actual.get(review.month))}{_derived(t, review.month)}</td>"
            if status
            else f"<td class='num'>{figure(t.actual.get(review.month))}"
            f"{_derived(t, review.month)}</td>"
        )
        out.append(
            f"<tr><td><b>{esc(t.code)}</b> {esc(t.title)}</td><td>{esc(t.unit_of_measure)}</td>"
            f"<td class='num'>{figure(t.plan.get(review.month))}</td>{cell}"
            f"{_ytd_cell(review, t)}<td class='num'>{figure(t.goal)}</td></tr>"
        )
    out.append("</table>")
    out.append("<h2>Deployment gaps</h2>")
    if review.gaps:
        out.append(
            f"{TABLE}<tr><th>Target</th><th>Deployed to</th><th>Catchball</th>"
            "<th>Committed</th><th>Goal</th><th>Gap</th></tr>"
        )
        for g in review.gaps:
            out.append(
                f"<tr><td><b>{esc(g.parent_code)}</b> ({esc(g.parent_unit)})</td>"
                f"<td><b>{esc(g.child_code)}</b> ({esc(g.child_unit)})</td><td>{esc(g.state)}</td>"
                f"<td class='num' style='background:{_COLOURS[Status.RED]}'>"
                f"{figure(g.committed)}</td><td class='num'>{figure(g.parent_goal)}</td>"
                f"<td class='num'>{figure(g.gap)} {esc(g.unit_of_measure or '')}</td></tr>"
            )
        out.append("</table>")
    else:
        out.append("<p class='none'>None: every agreed commitment meets its parent's goal.</p>")
    for heading, rows in (
        ("Kaizens done this month", review.done),
        ("Kaizens whose sustainment check held this month", review.sustained),
        ("New bottom-up kaizens", review.new_bottom_up),
    ):
        out.append(f"<h2>{heading} ({len(rows)})</h2>")
        if rows:
            out.append(f"{TABLE}<tr><th>Kaizen</th><th>Team</th></tr>")
            out.extend(
                f"<tr><td><b>{esc(k.code)}</b> {esc(k.title)}</td><td>{esc(k.team)}</td></tr>"
                for k in rows
            )
            out.append("</table>")
        else:
            out.append("<p class='none'>None.</p>")
    out.append("<h2>Sustainment debt by team</h2>")
    if review.debt:
        out.append(
            f"{TABLE}<tr><th>Team</th><th>Open action items</th><th>Overdue checks</th>"
            "<th>Slipped checks</th><th>Total</th></tr>"
        )
        for code, name, d in review.debt:
            out.append(
                f"<tr><td>{esc(name)} ({esc(code)})</td>"
                f"<td class='num'>{d['open_action_items']}</td>"
                f"<td class='num'>{d['overdue_checks']}</td>"
                f"<td class='num'>{d['slipped_checks']}</td><td class='num'>{d['total']}</td></tr>"
            )
        out.append("</table>")
    else:
        out.append("<p class='none'>No sustainment debt.</p>")
    out.append(
        "<p class='sub'>Marks: ✔ on or better than plan, ● within 5 % of plan, ✖ behind plan "
        "(by each target's direction).</p></body></html>"
    )
    return "".join(out)
