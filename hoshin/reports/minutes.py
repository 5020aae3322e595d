"""A review meeting on paper: the agenda before it, the minutes after (HTML that Qt's PDF
writer lays out over pages, :mod:`views.meeting.pdf`; or a browser). The agenda lists the
items by section; the minutes add, under each item, the decisions and action items
recorded against it, then the decisions on the meeting as a whole and the notes."""

from __future__ import annotations

import html
from itertools import groupby

from hoshin.model.agenda import AgendaKind
from hoshin.reads.meetings import DecisionRow, MeetingView

TABLE = "<table cellpadding='3' cellspacing='0' border='1' width='100%'>"
STYLE = (
    "body{font-family:'DejaVu Sans',sans-serif;font-size:9.5pt;color:#1d2733}"
    "h1{font-size:18pt;margin:0} h2{font-size:12.5pt;margin:10pt 0 4pt 0;color:#17324d}"
    "p{margin:3pt 0 4pt 0} .sub{color:#4a5563} .small{font-size:8pt;color:#4a5563}"
    "th{background:#e6ebf1;text-align:left;font-weight:bold}"
    "td,th{border:1px solid #c4ccd6;vertical-align:top}"
)


def _e(text: str | None) -> str:
    return html.escape(text or "").replace("\n", "<br>")


def document_title(view: MeetingView, *, minutes: bool) -> str:
    return f"{'Minutes' if minutes else 'Agenda'}: {view.heading}"


def header_text(view: MeetingView) -> str:
    return f"{view.unit_code} · {view.title} · {view.day.isoformat()}"


def agenda_html(view: MeetingView) -> str:
    """The agenda as it stands: the items by section, numbered as decisions name them."""
    return _page(view, minutes=False)


def minutes_html(view: MeetingView) -> str:
    """The minutes: the agenda with the decisions and action items taken on each item."""
    return _page(view, minutes=True)


def _page(view: MeetingView, *, minutes: bool) -> str:
    state = "held" if view.held else "not yet held"
    chair = f" · chair {_e(view.chair)}" if view.chair else ""
    parts = [
        f"<html><head><meta charset='utf-8'><style>{STYLE}</style></head><body>",
        f"<h1>{_e(document_title(view, minutes=minutes))}</h1>",
        f"<p class='sub'>{_e(view.unit_name)} ({_e(view.unit_code)}) · "
        f"{view.day.isoformat()} · meeting {view.id}, {state}{chair}</p>",
    ]
    if not view.items:
        parts.append(
            "<p>Nothing on the agenda: no red target without a countermeasure, "
            "nothing overdue, no open catchball and no win this month.</p>"
        )
    for kind, rows in groupby(view.items, key=lambda r: r.kind):
        parts.append(f"<h2>{_e(AgendaKind(kind).heading)}</h2>")
        head = "<tr><th width='5%'>#</th><th>Item</th>"
        head += "<th width='40%'>Decisions and action items</th></tr>" if minutes else "</tr>"
        parts.append(TABLE + head)
        for row in rows:
            cell = ""
            if minutes:
                cell = f"<td>{_decisions(view.decisions_on(row.number))}</td>"
            parts.append(f"<tr><td>{row.number}</td><td>{_e(row.title)}</td>{cell}</tr>")
        parts.append("</table>")
    if minutes:
        general = view.decisions_on(None)
        parts.append("<h2>Decisions on the meeting as a whole</h2>")
        parts.append(f"<p>{_decisions(general)}</p>" if general else "<p>None.</p>")
        actions = [d for d in view.decisions if d.owner]
        parts.append("<h2>Action items</h2>")
        if actions:
            parts.append(
                TABLE + "<tr><th>Item</th><th>Action</th><th>Owner</th><th>Due</th>"
                "<th>State</th></tr>"
            )
            for d in actions:
                number = str(d.item) if d.item is not None else "–"
                state_of = (
                    f"done {d.done_on.isoformat()}"
                    if d.done and d.done_on
                    else ("done" if d.done else "open")
                )
                parts.append(
                    f"<tr><td>{number}</td><td>{_e(d.text)}</td><td>{_e(d.owner)}</td>"
                    f"<td>{d.due.isoformat() if d.due else '–'}</td><td>{state_of}</td></tr>"
                )
            parts.append("</table>")
        else:
            parts.append("<p>None.</p>")
        if view.notes:
            parts.append(f"<h2>Notes</h2><p>{_e(view.notes)}</p>")
    parts.append("</body></html>")
    return "".join(parts)


def _decisions(rows: list[DecisionRow]) -> str:
    if not rows:
        return ""
    out = []
    for d in rows:
        who = ""
        if d.owner:
            due = f", due {d.due.isoformat()}" if d.due else ""
            who = f" <span class='small'>({_e(d.owner)}{due}{', done' if d.done else ''})</span>"
        out.append(f"• {_e(d.text)}{who}")
    return "<br>".join(out)
