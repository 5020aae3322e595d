"""The review pack as one HTML document, for Qt's rich-text layout (``views.review.pdf``).

Qt's rich text honours a subset of HTML: ``page-break-before`` starts a section on a new
page, ``<thead>`` rows repeat at the top of every page a table runs onto, and cell
padding must be a table attribute. Charts are ``<img>`` whose sources the renderer
supplies (``chart_src``), so this module stays free of Qt.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from hoshin.reports.review_pack import MARKS, ReviewPack
from hoshin.reports.review_pack_kaizens import KaizenItem
from hoshin.rules.bowling import DERIVED_MARK, Status, TargetRow
from hoshin.text.formats import grouped, month_label
from hoshin.text.wording import count

COLOURS = {Status.GREEN: "#d6efd8", Status.YELLOW: "#fbeec2", Status.RED: "#f7d0cc"}
INK = {Status.GREEN: "#1f6b2a", Status.YELLOW: "#8a6300", Status.RED: "#b3261e"}
CHARTS_PER_ROW = 4
CHART_ROWS_FIRST, CHART_ROWS_LATER = 3, 4  # rows of charts on the summary page, and after
CHART_WIDTH, CHART_HEIGHT = 236, 118  # layout pixels (1/96 in): four across a landscape A4
#: Rows a list shows before "and N more": a pack is read in minutes, the workbook has all.
LIST_LIMIT = 30

TABLE = "<table cellpadding='3' cellspacing='0' border='1' width='100%'>"
STYLE = (
    "body{font-family:'DejaVu Sans',sans-serif;font-size:9pt;color:#1d2733}"
    "h1{font-size:26pt;margin:0} h2{font-size:15pt;margin:0 0 6pt 0;color:#17324d}"
    "h3{font-size:11pt;margin:10pt 0 4pt 0;color:#17324d}"
    "p{margin:0 0 4pt 0} .sub{color:#4a5563} .small{font-size:8pt;color:#4a5563}"
    "table{border-collapse:collapse} th{background:#e6ebf1;text-align:left;font-weight:bold}"
    "td,th{border:1px solid #c4ccd6;vertical-align:top} td.num,th.num{text-align:right}"
    ".missing{color:#b3261e;font-weight:bold}"
)
BREAK = " style='page-break-before:always'"
PLAIN = "style='border:none'"


def pack_title(pack: ReviewPack) -> str:
    r = pack.review
    return f"Monthly review — {r.unit_name} ({r.unit_code}) — {month_label(r.month)}"


def header_text(pack: ReviewPack) -> str:
    """What the top of every page says: plan, unit, month."""
    r = pack.review
    unit = f"{r.unit_name} ({r.unit_code})"
    plan = "" if r.org == r.unit_name else f"{r.org} · "
    return f"{plan}{unit} · {month_label(r.month)}"


def status_cell(status: Status | None, text: str) -> str:
    if status is None:
        return f"<td class='num'>{text}</td>"
    return (
        f"<td class='num' style='background:{COLOURS[status]};color:{INK[status]}'>"
        f"{MARKS[status]} {text}</td>"
    )


def pack_html(
    pack: ReviewPack, chart_src: Callable[[str], str] | None = None, *, paper: bool = True
) -> str:
    """The whole pack; ``chart_src(code)`` names the trend image of a target.

    Without ``chart_src`` (a plain HTML file has no chart images) the trends are left out.
    ``paper=False`` drops the cover's top space, which on a screen is only a gap.
    """
    parts = [f"<html><head><meta charset='utf-8'><style>{STYLE}</style></head><body>"]
    parts += _cover(pack, paper)
    parts += _summary(pack, chart_src)
    parts += _red(pack)
    parts += _deployment(pack)
    parts += _kaizens(pack)
    parts.append("</body></html>")
    return "".join(parts)


def _esc(text: str) -> str:
    return html.escape(text)


def _cover(pack: ReviewPack, paper: bool) -> list[str]:
    r = pack.review
    counts = pack.counts()
    made = pack.made_on.strftime("%-d %B %Y")
    rows = [
        ("Unit", f"{r.unit_name} ({r.unit_code})"),
        ("Month", month_label(r.month)),
        ("Prepared by", pack.author or "–"),
        ("Date", made),
    ]
    out = [
        "<p style='font-size:48pt'>&nbsp;</p>" if paper else "",
        "<p style='font-size:14pt;color:#4a5563'>" + _esc(r.org) + "</p>",
        "<h1>Monthly review</h1>",
        f"<p style='font-size:18pt;color:#17324d;margin-bottom:24pt'>{_esc(r.unit_name)}"
        f" — {month_label(r.month)}</p>",
        "<table cellpadding='4' cellspacing='0' border='0' style='border:none'>",
    ]
    out += [
        f"<tr><td {PLAIN}><span style='color:#4a5563;font-size:12pt'>{k}</span></td>"
        f"<td {PLAIN}><span style='font-size:12pt;font-weight:bold'>{_esc(v)}</span></td></tr>"
        for k, v in rows
    ]
    out.append("</table>")
    out.append(
        "<p style='margin-top:24pt;font-size:11pt'>"
        f"{count(len(pack.own), 'target')}: {counts[Status.RED]} red, "
        f"{counts[Status.YELLOW]} yellow, {counts[Status.GREEN]} green"
        + (f", {counts[None]} without figures" if counts[None] else "")
        + ".</p>"
    )
    out.append(
        "<p class='sub' style='font-size:10pt'>Contents: summary · red targets and their "
        "countermeasures · deployment · kaizens</p>"
    )
    return out


def _tiles(pack: ReviewPack) -> str:
    counts = pack.counts()
    cells = []
    for status, word in (
        (Status.RED, "red"),
        (Status.YELLOW, "within 5 %"),
        (Status.GREEN, "on plan"),
    ):
        cells.append(
            f"<td width='22%' style='background:{COLOURS[status]};color:{INK[status]}'>"
            f"<span style='font-size:18pt'><b>{counts[status]}</b></span> "
            f"<span style='font-size:11pt'>{MARKS[status]} {word}</span></td>"
        )
    cells.append(
        "<td width='22%' style='background:#eef1f5;color:#4a5563'>"
        f"<span style='font-size:18pt'><b>{counts[None]}</b></span> "
        "<span style='font-size:11pt'>without figures</span></td>"
    )
    row = "".join(cells)
    return f"<table cellpadding='6' cellspacing='4' border='0'><tr>{row}</tr></table>"


def _summary(pack: ReviewPack, chart_src: Callable[[str], str] | None) -> list[str]:
    out = [f"<h2{BREAK}>Summary</h2>", _tiles(pack)]
    if pack.deeper:
        deeper = pack.deeper
        out.append(
            f"<p class='small'>Shown: the targets of {_esc(pack.review.unit_name)} and of the "
            f"units right below it. Further down, {count(sum(deeper.values()), 'target')}: "
            f"{deeper.get(Status.RED, 0)} red, {deeper.get(Status.YELLOW, 0)} within 5 %, "
            f"{deeper.get(Status.GREEN, 0)} on plan, {deeper.get(None, 0)} without figures "
            "(each unit's own review shows them).</p>"
        )
    if chart_src is not None:
        out += _trends(pack, chart_src)
    out += _all_targets(pack)
    out += _health(pack)
    out += _threads(pack)
    return out


def _trends(pack: ReviewPack, chart_src: Callable[[str], str]) -> list[str]:
    out = []
    out.append(
        "<h3>Every target over the year</h3><p class='small'>Plan (grey line) against actual "
        "(points coloured by the bowling rule: ✔ green at or better than plan, ≈ yellow "
        "within 5 %, ✖ red further behind); dashed: the goal.</p>"
    )
    targets = pack.own
    mixed = len({t.unit_id for t in targets}) > 1
    # Qt splits a table row between a chart's title and its image when the page ends
    # there; so each page's charts are a table of their own, starting a new page.
    first, later = CHART_ROWS_FIRST * CHARTS_PER_ROW, CHART_ROWS_LATER * CHARTS_PER_ROW
    chunks = [targets[:first]] + [targets[i : i + later] for i in range(first, len(targets), later)]
    for n, chunk in enumerate(chunks):
        if n:
            out.append(f"<h3{BREAK}>Every target over the year (continued)</h3>")
        out.append("<table cellpadding='2' cellspacing='2' border='0' width='100%'>")
        for i in range(0, len(chunk), CHARTS_PER_ROW):
            out.append("<tr>")
            for t in chunk[i : i + CHARTS_PER_ROW]:
                out.append(_chart_cell(pack, t, mixed, chart_src))
            out.append("</tr>")
        out.append("</table>")
    return out


def _chart_cell(
    pack: ReviewPack, t: TargetRow, mixed: bool, chart_src: Callable[[str], str]
) -> str:
    status = t.status(pack.month)
    mark = f" <span style='color:{INK[status]}'>{MARKS[status]}</span>" if status else ""
    unit = f"{_esc(pack.unit_of(t))} · " if mixed else ""
    return (
        f"<td width='25%'><b>{_esc(t.code)}</b>{mark} {_esc(_short(t.title))}"
        f"<br/><span class='small'>{unit}{_esc(t.unit_of_measure)}</span><br/>"
        f"<img src='{chart_src(t.code)}' width='{CHART_WIDTH}' "
        f"height='{CHART_HEIGHT}'/></td>"
    )


def _short(title: str, limit: int = 26) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def _target_head(mixed: bool) -> str:
    unit = "<th>Unit</th>" if mixed else ""
    return f"<th>Target</th>{unit}<th>Measured in</th>"


def _target_cells(pack: ReviewPack, t: TargetRow, mixed: bool) -> str:
    unit = f"<td>{_esc(pack.unit_of(t))}</td>" if mixed else ""
    return f"<td><b>{_esc(t.code)}</b> {_esc(t.title)}</td>{unit}<td>{_esc(t.unit_of_measure)}</td>"


def _actual(pack: ReviewPack, t: TargetRow, month: str) -> str:
    """The actual of ``month``, marked † when derived from daily or weekly values."""
    mark = DERIVED_MARK if t.derived_note(month) else ""
    return f"{pack.fmt(t, t.actual.get(month))}{mark}"


def _derived_footnote(targets: list[TargetRow], month: str) -> list[str]:
    """ "† Actual derived from finer values: KPI-9 from 22 daily values." under a table."""
    notes = [
        f"{_esc(t.code)} {_esc(t.derived_note(month).removeprefix('derived '))}"
        for t in targets
        if t.derived_note(month)
    ]
    if not notes:
        return []
    return [
        f"<p class='small'>{DERIVED_MARK} Actual derived from daily or weekly values by the "
        f"target's aggregation: {'; '.join(notes)}.</p>"
    ]


def _all_targets(pack: ReviewPack) -> list[str]:
    m = pack.month
    mixed = len({t.unit_id for t in pack.own}) > 1
    out = [
        f"<h3>Targets in {month_label(m)}</h3>{TABLE}<thead><tr>{_target_head(mixed)}"
        "<th class='num'>Plan</th><th class='num'>Actual</th><th class='num'>Goal</th>"
        "<th>Owner</th></tr></thead>"
    ]
    for t in pack.own:
        out.append(
            f"<tr>{_target_cells(pack, t, mixed)}<td class='num'>{pack.fmt(t, t.plan.get(m))}</td>"
            f"{status_cell(t.status(m), _actual(pack, t, m))}"
            f"<td class='num'>{pack.fmt(t, t.goal)}</td><td>{_esc(t.owner) or '–'}</td></tr>"
        )
    out.append("</table>")
    out += _derived_footnote(pack.own, m)
    return out + _below(pack)


def _below(pack: ReviewPack) -> list[str]:
    below = pack.below()
    if not below or pack.own is pack.targets:
        return []
    out = [
        f"<h3>Targets of the units right below in {month_label(pack.month)}</h3>{TABLE}"
        "<thead><tr><th>Unit</th><th class='num'>Targets</th>"
        f"<th class='num'>{MARKS[Status.RED]} red</th>"
        f"<th class='num'>{MARKS[Status.YELLOW]} within 5 %</th>"
        f"<th class='num'>{MARKS[Status.GREEN]} on plan</th>"
        "<th class='num'>Without figures</th></tr></thead>"
    ]
    for unit, counts in below:
        cells = "".join(
            status_cell(status, str(counts.get(status, 0)))
            if counts.get(status, 0) and status is Status.RED
            else f"<td class='num'>{counts.get(status, 0)}</td>"
            for status in (Status.RED, Status.YELLOW, Status.GREEN, None)
        )
        total = sum(counts.values())
        out.append(f"<tr><td>{_esc(unit)}</td><td class='num'>{total}</td>{cells}</tr>")
    out.append("</table>")
    return out


def _health(pack: ReviewPack) -> list[str]:
    r = pack.review
    prev = dt.date(int(r.month[:4]), int(r.month[5:]), 1) - dt.timedelta(days=1)
    out = [
        f"<h3>Health of {_esc(r.unit_name)}</h3>{TABLE}<thead><tr><th>Measure</th>"
        f"<th class='num'>{prev.strftime('%B')}</th><th class='num'>{month_label(r.month)}</th>"
        "<th>Since last month</th></tr></thead>"
    ]
    ink = {"better": INK[Status.GREEN], "worse": INK[Status.RED], "same": "#4a5563", "": ""}
    arrow = {"better": "▲ better", "worse": "▼ worse", "same": "= same", "": "–"}
    for h in pack.measures:
        out.append(
            f"<tr><td>{_esc(h.label)}</td><td class='num'>{h.text(h.before)}</td>"
            f"<td class='num'><b>{h.text(h.now)}</b></td>"
            f"<td style='color:{ink[h.trend]}'>{arrow[h.trend]}</td></tr>"
        )
    out.append("</table>")
    out.append(
        "<p class='small'>Each figure as at the last day of its month. Coverage and line of "
        "sight count the kaizens begun by then, by today's state.</p>"
    )
    return out


def _threads(pack: ReviewPack) -> list[str]:
    out = [f"<h3>Catchball still open ({len(pack.threads)})</h3>"]
    if not pack.threads:
        return [*out, "<p class='sub'>No catchball open: every deployed target is agreed.</p>"]
    out.append(
        f"{TABLE}<thead><tr><th>Node</th><th>Between</th><th>State</th>"
        "<th class='num'>Round</th><th class='num'>Days open</th><th>Waiting for</th>"
        "</tr></thead>"
    )
    for t in pack.threads[:LIST_LIMIT]:
        out.append(
            f"<tr><td><b>{_esc(t.code)}</b> {_esc(t.title)}</td>"
            f"<td>{_esc(t.upper)} → {_esc(t.lower)}</td><td>{_esc(t.state)}</td>"
            f"<td class='num'>{t.round}</td><td class='num'>{t.days_open}</td>"
            f"<td>{_esc(t.waiting) or '–'}</td></tr>"
        )
    out.append("</table>")
    out += _more(len(pack.threads))
    return out


def _red(pack: ReviewPack) -> list[str]:
    m = pack.month
    red = pack.red
    mixed = len({t.unit_id for t in red}) > 1
    out = [f"<h2{BREAK}>Red targets and their countermeasures ({len(red)})</h2>"]
    if pack.own is not pack.targets:
        out.append(
            f"<p class='small'>The targets of {_esc(pack.review.unit_name)} and of the units "
            "right below it that are red this month.</p>"
        )
    need = pack.review.needs_a3
    if need:
        out.append(
            f"<p class='missing'>A3 needed ({pack.review.a3_after} red months in a row, no A3 "
            "yet): " + ", ".join(f"{_esc(n.code)} ({_esc(n.unit)})" for n in need) + ".</p>"
        )
    if not red:
        return [*out, "<p class='sub'>No target is red this month.</p>"]
    missing = [t for t in red if not pack.countermeasures.get(t.code)]
    if missing:
        out.append(
            f"<p class='missing'>⚠ {count(len(missing), 'red target')} without a "
            "countermeasure: " + ", ".join(_esc(t.code) for t in missing) + ".</p>"
        )
    out.append(
        f"{TABLE}<thead><tr>{_target_head(mixed)}<th>Owner</th><th class='num'>Plan</th>"
        "<th class='num'>Actual</th><th>Countermeasure</th><th>Who</th><th>Due</th>"
        "<th>State</th></tr></thead>"
    )
    for t in red:
        cms = pack.countermeasures.get(t.code, [])
        lead = (
            f"<tr>{_target_cells(pack, t, mixed)}<td>{_esc(t.owner) or '–'}</td>"
            f"<td class='num'>{pack.fmt(t, t.plan.get(m))}</td>"
            f"{status_cell(Status.RED, _actual(pack, t, m))}"
        )
        if not cms:
            out.append(
                f"{lead}<td colspan='4' style='background:{COLOURS[Status.RED]}'>"
                "<span class='missing'>⚠ No countermeasure — one is needed</span></td></tr>"
            )
            continue
        blank = "<td></td>" * (5 + (1 if mixed else 0))
        for i, cm in enumerate(cms):
            state_ink = INK[Status.RED] if cm.state == "overdue" else "#1d2733"
            out.append(
                f"{lead if i == 0 else '<tr>' + blank}<td>{_esc(cm.what)}</td>"
                f"<td>{_esc(cm.owner) or '–'}</td>"
                f"<td>{cm.due.isoformat() if cm.due else '–'}</td>"
                f"<td style='color:{state_ink}'>{cm.state}</td></tr>"
            )
    out.append("</table>")
    out += _derived_footnote(red, m)
    return out


def _deployment(pack: ReviewPack) -> list[str]:
    out = [f"<h2{BREAK}>Deployment ({len(pack.deployments)})</h2>"]
    if not pack.deployments:
        return [*out, "<p class='sub'>No target of this unit is deployed to a unit below.</p>"]
    out.append(
        "<p class='small'>Each deployed goal against what the units below committed to, added "
        "up the way the target adds up; the gap is how far the commitments fall short. A "
        "figure still in catchball carries its state.</p>"
    )
    out.append(
        f"{TABLE}<thead><tr><th>Deployed target</th><th>Unit</th><th>Measured in</th>"
        "<th class='num'>Goal</th><th>Committed below</th><th>Unit</th>"
        "<th class='num'>Commitment</th><th class='num'>Latest actual</th>"
        "<th class='num'>Covered</th><th class='num'>Gap</th></tr></thead>"
    )
    for d in pack.deployments:
        dec = d.decimals
        gap = d.gap
        gap_cell = (
            "<td class='num'>–</td>"
            if gap is None
            else status_cell(Status.RED if gap > 0 else Status.GREEN, grouped(gap, dec))
        )
        for i, c in enumerate(d.children):
            latest = grouped(c.latest_actual, dec)
            # A figure still under negotiation is no commitment yet: say so beside it.
            talks = c.negotiating and f"<br/><span class='small'>{_esc(c.negotiating)}</span>"
            if c.latest_month:
                latest += f" <span class='small'>({c.latest_month})</span>"
            head = (
                f"<td><b>{_esc(d.code)}</b> {_esc(d.title)}</td><td>{_esc(d.unit)}</td>"
                f"<td>{_esc(d.unit_of_measure)}</td>"
                f"<td class='num'>{grouped(d.goal, dec)}</td>"
                if i == 0
                else "<td></td><td></td><td></td><td></td>"
            )
            tail = (
                f"<td class='num'>{grouped(d.covered, dec)} "
                f"<span class='small'>({d.aggregation})</span></td>{gap_cell}"
                if i == 0
                else "<td></td><td></td>"
            )
            out.append(
                f"<tr>{head}<td><b>{_esc(c.code)}</b> {_esc(c.title)}</td><td>{_esc(c.unit)}</td>"
                f"<td class='num'>{grouped(c.commitment, dec)}{talks}</td>"
                f"{status_cell(c.status, latest)}{tail}</tr>"
            )
    out.append("</table>")
    return out


def _kaizen_table(title: str, items: list[KaizenItem], extra: str, empty: str) -> list[str]:
    out = [f"<h3>{title} ({len(items)})</h3>"]
    if not items:
        return [*out, f"<p class='sub'>{empty}</p>"]
    out.append(
        f"{TABLE}<thead><tr><th>Kaizen</th><th>Team</th><th>State</th><th>{extra}</th>"
        "<th>Date</th></tr></thead>"
    )
    out += [
        f"<tr><td><b>{_esc(k.code)}</b> {_esc(k.title)}</td><td>{_esc(k.team)}</td>"
        f"<td>{_esc(k.status)}</td><td>{_esc(k.effect) or '–'}</td>"
        f"<td>{k.when.isoformat() if k.when else '–'}</td></tr>"
        for k in items[:LIST_LIMIT]
    ]
    out.append("</table>")
    out += _more(len(items))
    return out


def _more(total: int) -> list[str]:
    """The line under a list cut at ``LIST_LIMIT``."""
    if total <= LIST_LIMIT:
        return []
    return [f"<p class='small'>… and {total - LIST_LIMIT:,} more (the workbook lists all).</p>"]


def _kaizens(pack: ReviewPack) -> list[str]:
    m = month_label(pack.month)
    out = [f"<h2{BREAK}>Kaizens</h2>"]
    out += _kaizen_table(
        f"Done in {m}", pack.done, "Expected effect", "No kaizen finished this month."
    )
    if pack.dropped:
        out.append(
            f"<p class='small'>{count(pack.dropped, 'kaizen')} dropped this month "
            "(not counted as progress).</p>"
        )
    out += _kaizen_table("Wins", pack.wins, "Why it counts", "No sustainment check held.")
    out += _kaizen_table(
        "Sustainment checks due by the end of next month",
        pack.checks_due,
        "Note",
        "No sustainment check is due.",
    )
    out += _kaizen_table(
        f"Sustainment checks that slipped in {m}",
        pack.checks_slipped,
        "Note",
        "No check slipped this month.",
    )
    out += _debt(pack)
    return out


def _debt(pack: ReviewPack) -> list[str]:
    debt = pack.review.debt
    out = [f"<h3>Sustainment debt by team ({len(debt)})</h3>"]
    if not debt:
        return [*out, "<p class='sub'>No team carries sustainment debt.</p>"]
    out.append(
        f"{TABLE}<thead><tr><th>Team</th><th class='num'>Open action items</th>"
        "<th class='num'>Overdue checks</th><th class='num'>Slipped checks</th>"
        "<th class='num'>Total</th></tr></thead>"
    )
    out += [
        f"<tr><td>{_esc(name)} ({_esc(code)})</td>"
        + "".join(
            f"<td class='num'>{d[k]}</td>"
            for k in ("open_action_items", "overdue_checks", "slipped_checks", "total")
        )
        + "</tr>"
        for code, name, d in debt[:LIST_LIMIT]
    ]
    out.append("</table>")
    out += _more(len(debt))
    return out
