"""The year-end reflection report: per unit, what was achieved, what was not and why, and
the decisions for next year (:mod:`hoshin.reads.reflection`, the same read as the
Reflection tab and its workbook sheet), as one HTML document for Qt's rich-text layout
(``views.reflection.pdf`` draws it on paper). Free of Qt.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from hoshin.model.errors import ValidationError
from hoshin.model.kinds import NodeKind
from hoshin.plan import Plan
from hoshin.reads.reflection import ReflectionLine, UnitReflection, YearReflection, read_reflection
from hoshin.reads.units import UnitTree
from hoshin.rules.reflection import ACHIEVED
from hoshin.text.formats import figure, month_label

TABLE = "<table cellpadding='3' cellspacing='0' border='1' width='100%'>"
STYLE = (
    "body{font-family:'DejaVu Sans',sans-serif;font-size:9pt;color:#1d2733}"
    "h1{font-size:20pt;margin:0} h2{font-size:14pt;margin:0 0 4pt 0;color:#17324d}"
    "h3{font-size:10.5pt;margin:8pt 0 3pt 0;color:#17324d}"
    "p{margin:3pt 0 4pt 0} .sub{color:#4a5563} .small{font-size:8pt;color:#4a5563}"
    "th{background:#e6ebf1;text-align:left;font-weight:bold}"
    "td,th{border:1px solid #c4ccd6;vertical-align:top}"
)
BREAK = " style='page-break-before:always'"
#: The decisions in the order the report lists them.
DECISION_ORDER = ("carry", "modify", "drop", "complete")


@dataclass(frozen=True)
class ReflectionReport:
    org: str
    year: int
    unit_code: str | None  # the unit asked for (None: the whole plan)
    made_on: dt.date
    reflection: YearReflection


def build_report(
    plan: Plan, unit: str | None = None, today: dt.date | None = None
) -> ReflectionReport:
    """The reflection of the plan's shown year, for ``unit`` and the units under it (None:
    every unit)."""
    ids: list[int] | None = None
    code = None
    with plan.session() as session:
        tree = UnitTree.load(session)
    if unit is not None:
        found = tree.by_code(unit.strip().upper())
        if found is None:
            raise ValidationError(f"The plan has no unit {unit.strip()!r}.")
        ids, code = tree.subtree(found.id), found.code
    org = tree.name(tree.root())
    return ReflectionReport(
        org, plan.year, code, today or dt.date.today(), read_reflection(plan, ids)
    )


def report_title(report: ReflectionReport) -> str:
    return f"Year-end reflection {report.year} — {report.org}"


def header_text(report: ReflectionReport) -> str:
    return f"{report.org} · reflection on {report.year}"


def _e(text: str | None) -> str:
    return html.escape(text or "").replace("\n", "<br>")


def result_of(line: ReflectionLine) -> tuple[str | None, bool]:
    """The result recorded, else the one the figures suggest (and whether it is suggested)."""
    if line.result:
        return line.result, False
    return line.suggested, line.suggested is not None


def _figures(line: ReflectionLine) -> str:
    if not line.is_target:
        return ""
    measure = f" {line.unit_of_measure}" if line.unit_of_measure else ""
    last = ""
    if line.last_month:
        last = f" · last {figure(line.last_actual)} ({month_label(line.last_month)})"
    return (
        f"<br><span class='small'>goal {figure(line.goal)}{_e(measure)} · year to date "
        f"{figure(line.ytd_actual)}{last}</span>"
    )


def _name(line: ReflectionLine) -> str:
    kind = NodeKind(line.kind).label
    return f"<b>{_e(line.code)}</b> {_e(line.title)}<br><span class='small'>{_e(kind)}</span>"


def report_html(report: ReflectionReport) -> str:
    parts = [f"<html><head><meta charset='utf-8'><style>{STYLE}</style></head><body>"]
    parts += _cover(report)
    for i, unit in enumerate(report.reflection.units):
        parts += _unit(unit, first=i == 0)
    parts.append("</body></html>")
    return "".join(parts)


def _cover(report: ReflectionReport) -> list[str]:
    lines = [line for u in report.reflection.units for line in u.lines]
    decided = sum(1 for line in lines if line.decision)
    results = [result_of(line)[0] for line in lines]
    state = "closed" if report.reflection.closed else "open"
    scope = f"unit {report.unit_code} and the units under it" if report.unit_code else "every unit"
    return [
        f"<h1>{_e(report_title(report))}</h1>",
        f"<p class='sub'>{_e(scope)} · the year is {state} · made on "
        f"{report.made_on.isoformat()}</p>",
        f"<p>{len(lines)} objectives and targets in {len(report.reflection.units)} units: "
        f"{results.count(ACHIEVED)} achieved, {results.count('partly')} partly, "
        f"{results.count('missed')} missed; {decided} with a decision for next year.</p>",
    ]


def _unit(unit: UnitReflection, *, first: bool) -> list[str]:
    out = [f"<h2{'' if first else BREAK}>{_e(unit.name)} ({_e(unit.code)})</h2>"]
    achieved = [line for line in unit.lines if result_of(line)[0] == ACHIEVED]
    short = [line for line in unit.lines if result_of(line)[0] in ("partly", "missed")]
    open_ = [line for line in unit.lines if result_of(line)[0] is None]
    out.append("<h3>What was achieved</h3>")
    if achieved:
        out.append(
            TABLE + "<tr><th width='45%'>Objective</th><th>What helped</th><th>Lesson</th></tr>"
        )
        for line in achieved:
            out.append(
                f"<tr><td>{_name(line)}{_figures(line)}{_suggested(line)}</td>"
                f"<td>{_e(line.helped)}</td><td>{_e(line.lesson)}</td></tr>"
            )
        out.append("</table>")
    else:
        out.append("<p class='sub'>Nothing recorded as achieved.</p>")
    out.append("<h3>What was not achieved, and why</h3>")
    if short:
        out.append(
            TABLE
            + "<tr><th width='30%'>Objective</th><th width='11%'>Result</th><th>What helped</th>"
            "<th>What hindered</th><th>Lesson</th></tr>"
        )
        for line in short:
            out.append(
                f"<tr><td>{_name(line)}{_figures(line)}</td>"
                f"<td>{_e(result_of(line)[0])}{_suggested(line)}</td>"
                f"<td>{_e(line.helped)}</td><td>{_e(line.hindered)}</td>"
                f"<td>{_e(line.lesson)}</td></tr>"
            )
        out.append("</table>")
    else:
        out.append("<p class='sub'>Nothing recorded as partly achieved or missed.</p>")
    if open_:
        codes = ", ".join(line.code for line in open_)
        out.append(f"<p class='small'>No result yet: {_e(codes)}.</p>")
    out.append("<h3>Decisions for next year</h3>")
    decided = sorted(
        (line for line in unit.lines if line.decision),
        key=lambda line: DECISION_ORDER.index(line.decision or "carry"),
    )
    if decided:
        out.append(
            TABLE + "<tr><th width='35%'>Objective</th><th>Decision</th><th>New title or goal</th>"
            "<th>By</th></tr>"
        )
        for line in decided:
            new = [_e(line.new_title)] if line.new_title else []
            if line.new_goal is not None:
                new.append(f"goal {figure(line.new_goal)}")
            out.append(
                f"<tr><td>{_name(line)}</td><td><b>{_e(line.decision)}</b></td>"
                f"<td>{'<br>'.join(new)}</td><td>{_e(line.author)}</td></tr>"
            )
        out.append("</table>")
    undecided = [line.code for line in unit.lines if not line.decision]
    if undecided:
        out.append(f"<p class='small'>No decision yet: {_e(', '.join(undecided))}.</p>")
    commented = [line for line in unit.lines if line.comments]
    if commented:  # what the unit above (or the unit's own) said on the answers
        out.append("<h3>Comments</h3>")
        out.append(TABLE + "<tr><th width='35%'>Objective</th><th>Comments</th></tr>")
        for line in commented:
            said = "<br>".join(
                f"<b>{_e(c.author or 'someone')}</b>, {c.at:%-d %b %Y}: {_e(c.text)}"
                for c in line.comments
            )
            out.append(f"<tr><td>{_name(line)}</td><td>{said}</td></tr>")
        out.append("</table>")
    return out


def _suggested(line: ReflectionLine) -> str:
    return " <span class='small'>(by the figures)</span>" if result_of(line)[1] else ""
