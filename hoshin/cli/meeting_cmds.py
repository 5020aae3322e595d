"""``hoshin meeting``: the review meeting of a unit, and ``review --agenda|--minutes``.

    hoshin review PATH --agenda --unit OPS --date 2026-12-07 [-o agenda.pdf]
    hoshin meeting decide PATH 1 --item 2 --text "Add a second shift" --owner P-26 --due 2026-12-20
    hoshin meeting held PATH 1 --notes "..."
    hoshin review PATH --minutes 1 -o minutes.pdf

``review --agenda`` makes the unit's meeting of that day with its agenda assembled from the
plan (or shows the one made already); decisions and action items are recorded against the
agenda's numbered items; the minutes are written as PDF (drawn by Qt: the installed
``hoshin`` lends the writer) or HTML.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Callable
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hoshin.cli.common import add_quiet, open_plan, say
from hoshin.model.errors import HoshinError, ValidationError
from hoshin.operations.base import UNSET, Operation, Tx
from hoshin.operations.meetings import (
    AddAgendaPoint,
    NewMeeting,
    RecordDecision,
    RemoveDecision,
    RemoveMeeting,
    SetDecisionDone,
    SetMeetingHeld,
    UpdateDecision,
)
from hoshin.plan import Plan
from hoshin.reads import meetings as q
from hoshin.reports.minutes import agenda_html, document_title, minutes_html
from hoshin.rules import validate
from hoshin.store import outputs
from hoshin.store.storage import is_url
from hoshin.text.wording import count

if TYPE_CHECKING:
    from hoshin.cli.main import Commands

#: Writes a meeting's agenda (minutes=False) or minutes to a PDF file (the shell's, by Qt).
MeetingPdfWriter = Callable[[q.MeetingView, Path, bool], None]


def add_pdf_writer(commands: Commands, write: MeetingPdfWriter) -> None:
    """Let ``review --agenda/--minutes`` write a PDF with ``write`` (drawn by Qt)."""
    commands.choices["review"].set_defaults(write_meeting_pdf=write)


def _id(text: str) -> int:
    try:
        value = int(text.strip().lstrip("#"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"an id is a number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"an id is a positive number, not {text!r}")
    return value


def register(sub: Any) -> None:
    top = sub.add_parser("meeting", help="review meetings: agenda points, decisions, held")
    what = top.add_subparsers(dest="meeting_command", metavar="ACTION", required=True)

    p = what.add_parser("list", help="the review meetings of the plan, or of a unit")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--unit", metavar="CODE")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(run=_list)

    p = what.add_parser("show", help="a meeting's agenda and decisions")
    p.add_argument("path", metavar="PATH")
    p.add_argument("meeting", type=_id, metavar="MEETING")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(run=_show)

    p = what.add_parser("point", help="add a point of its own to a meeting's agenda")
    p.add_argument("path", metavar="PATH")
    p.add_argument("meeting", type=_id, metavar="MEETING")
    p.add_argument("--title", required=True)
    add_quiet(p)
    p.set_defaults(run=_point)

    p = what.add_parser(
        "decide",
        help="record a decision (with --owner and --due: an action item) against an item",
    )
    p.add_argument("path", metavar="PATH")
    p.add_argument("meeting", type=_id, metavar="MEETING")
    p.add_argument("--text", required=True, help="what was decided")
    p.add_argument("--item", type=_id, metavar="N", help="the agenda item's number")
    p.add_argument("--owner", metavar="PERSON", help="who acts on it (key or name)")
    p.add_argument("--due", metavar="DATE", help="YYYY-MM-DD")
    add_quiet(p)
    p.set_defaults(run=_decide)

    p = what.add_parser("edit", help="change a decision's words, owner or due date")
    p.add_argument("path", metavar="PATH")
    p.add_argument("decision", type=_id, metavar="DECISION")
    p.add_argument("--text")
    p.add_argument("--owner", metavar="PERSON", help="a key or name; '' for nobody")
    p.add_argument("--due", metavar="DATE", help="YYYY-MM-DD; '' for none")
    add_quiet(p)
    p.set_defaults(run=_edit)

    p = what.add_parser("done", help="mark a decision's action item done (--reopen: open)")
    p.add_argument("path", metavar="PATH")
    p.add_argument("decision", type=_id, metavar="DECISION")
    p.add_argument("--on", metavar="DATE", help="the day it was done (default today)")
    p.add_argument("--reopen", action="store_true")
    add_quiet(p)
    p.set_defaults(run=_done)

    p = what.add_parser("undecide", help="remove a decision recorded by mistake")
    p.add_argument("path", metavar="PATH")
    p.add_argument("decision", type=_id, metavar="DECISION")
    add_quiet(p)
    p.set_defaults(run=_undecide)

    p = what.add_parser("held", help="mark a meeting held, with its notes")
    p.add_argument("path", metavar="PATH")
    p.add_argument("meeting", type=_id, metavar="MEETING")
    p.add_argument("--notes", metavar="TEXT")
    p.add_argument("--not", dest="held", action="store_false", help="not held after all")
    add_quiet(p)
    p.set_defaults(run=_held)

    p = what.add_parser(
        "remove",
        help="remove a meeting with its agenda and decisions",
        epilog="A meeting with nothing on its agenda and no decisions goes at once. When "
        "agenda items or decisions would go with it, the command names them and removes it "
        "only with --yes; one decision goes with 'meeting undecide'.",
    )
    p.add_argument("path", metavar="PATH")
    p.add_argument("meeting", type=_id, metavar="MEETING")
    p.add_argument("--yes", action="store_true", help="also when agenda items or decisions go")
    add_quiet(p)
    p.set_defaults(run=_remove)


def add_review_options(p: argparse.ArgumentParser) -> None:
    """``--agenda``, ``--date`` and ``--minutes`` of ``hoshin review``."""
    p.add_argument(
        "--agenda",
        action="store_true",
        help="make (or show) the unit's review meeting of --date with its agenda; "
        "-o also writes it as PDF or HTML",
    )
    p.add_argument("--date", metavar="DATE", help="with --agenda: the meeting's day (today)")
    p.add_argument(
        "--minutes", type=_id, metavar="MEETING", help="write the minutes of a meeting (-o)"
    )
    p.set_defaults(write_meeting_pdf=None)


# -- review --agenda / --minutes ------------------------------------------------------------


def review_meeting(args: argparse.Namespace) -> int:
    """``hoshin review --agenda`` or ``--minutes``."""
    if args.agenda and args.minutes is not None:
        raise ValidationError("Give --agenda or --minutes, not both.")
    out = Path(args.output) if args.output else None
    if out is not None:
        if out.suffix.lower() not in (".pdf", ".html", ".htm"):
            raise ValidationError("The meeting is written as .pdf or .html; give one of those.")
        outputs.guard(out, reading=[] if is_url(args.path) else [args.path], force=args.force)
        if not out.parent.exists():
            raise ValidationError(f"The folder {out.parent} does not exist.")
        if out.suffix.lower() == ".pdf" and args.write_meeting_pdf is None:
            # Refused before the agenda's meeting is made: a refusal leaves the plan as it was.
            raise HoshinError(
                "The meeting as a PDF needs the desktop app: run the installed 'hoshin' "
                "command, or write it as .html."
            )
    elif args.minutes is not None:
        raise ValidationError("Give the file to write the minutes to: -o minutes.pdf")
    with open_plan(args.path) as plan:
        if args.agenda:
            if not args.unit:
                raise ValidationError("Give the unit whose meeting it is: --unit CODE")
            day = validate.date(args.date, "meeting date") or dt.date.today()
            meeting_id, made = _meeting_of(plan, args.unit, day)
        else:
            meeting_id, made = args.minutes, False
        with plan.session() as s:
            view = q.meeting(s, meeting_id)
    if args.agenda:
        print(f"Meeting {view.id}: {view.heading}{' (made now)' if made else ''}")
        for line in agenda_lines(view):
            print(line)
    if out is not None:
        minutes = args.minutes is not None
        if out.suffix.lower() == ".pdf":
            write: MeetingPdfWriter = args.write_meeting_pdf  # there: checked above
            write(view, out, minutes)
        else:
            page = minutes_html(view) if minutes else agenda_html(view)
            out.write_text(page, encoding="utf-8")
        print(f"Wrote {out}: {document_title(view, minutes=minutes)}")
    return 0


def _meeting_of(plan: Plan, unit: str, day: dt.date) -> tuple[int, bool]:
    """The unit's meeting of ``day``: the one made already, else a new one."""
    with plan.session() as s:
        unit_id = int(Tx(s, plan.graph, plan.settings).unit(unit)["id"])
        found = q.latest_of_unit(s, unit_id, day)
    if found is not None:
        return found, False
    return int(plan.execute(NewMeeting(unit, day)).result), True


def agenda_lines(view: q.MeetingView) -> list[str]:
    """The agenda as text: sections, numbered items, decisions under them."""
    if not view.items:
        return ["  Nothing on the agenda."]
    out = []
    for kind, rows in groupby(view.items, key=lambda r: r.kind):
        out.append(kind.heading)
        for row in rows:
            out.append(f"  {row.number:>2}. {row.title}")
            out += [f"      → {_decision_text(d)}" for d in view.decisions_on(row.number)]
    general = view.decisions_on(None)
    if general:
        out.append("Decisions on the meeting as a whole")
        out += [f"      → {_decision_text(d)}" for d in general]
    return out


def _decision_text(d: q.DecisionRow) -> str:
    who = f" ({d.owner_key} {d.owner}" if d.owner else ""
    if who:
        who += f", due {d.due.isoformat()}" if d.due else ""
        who += ", done)" if d.done else ")"
    return f"[{d.id}] {d.text}{who}"


# -- meeting verbs --------------------------------------------------------------------------


def _view(plan: Plan, meeting_id: int) -> q.MeetingView:
    with plan.session() as s:
        return q.meeting(s, meeting_id)


def _list(args: argparse.Namespace) -> int:
    with Plan.open(args.path) as plan, plan.session() as s:
        unit_id = None
        if args.unit:
            unit_id = int(Tx(s, plan.graph, plan.settings).unit(args.unit)["id"])
        found = q.meetings(s, unit_id)
    if args.json:
        rows = [
            {
                "id": m.id,
                "unit": m.unit_code,
                "date": m.day.isoformat(),
                "title": m.title,
                "held": m.held,
                "items": m.items,
                "decisions": m.decisions,
            }
            for m in found
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not found:
        print("No review meetings. Make one: hoshin review PATH --agenda --unit CODE")
    for m in found:
        held = "held" if m.held else "to hold"
        print(
            f"{m.id:>4}  {m.day.isoformat()}  {m.unit_code:<8} {m.title}  ({held}; "
            f"{count(m.items, 'item')}, {count(m.decisions, 'decision')})"
        )
    return 0


def _show(args: argparse.Namespace) -> int:
    with Plan.open(args.path) as plan:
        view = _view(plan, args.meeting)
    if args.json:
        print(json.dumps(view_json(view), indent=2, ensure_ascii=False))
        return 0
    print(f"Meeting {view.id}: {view.heading} ({'held' if view.held else 'not yet held'})")
    for line in agenda_lines(view):
        print(line)
    if view.notes:
        print(f"Notes: {view.notes}")
    return 0


def view_json(view: q.MeetingView) -> dict[str, Any]:
    return {
        "id": view.id,
        "unit": view.unit_code,
        "date": view.day.isoformat(),
        "title": view.title,
        "held": view.held,
        "notes": view.notes,
        "items": [
            {"number": i.number, "kind": i.kind.value, "title": i.title, "item": i.item}
            for i in view.items
        ],
        "decisions": [
            {
                "id": d.id,
                "item": d.item,
                "text": d.text,
                "owner": d.owner_key,
                "due": d.due.isoformat() if d.due else None,
                "done": d.done,
            }
            for d in view.decisions
        ],
    }


def _run(args: argparse.Namespace, op: Operation) -> Any:
    with open_plan(args.path) as plan:
        return plan.execute(op).result


def _point(args: argparse.Namespace) -> int:
    number = _run(args, AddAgendaPoint(args.meeting, args.title))
    say(args, f"Meeting {args.meeting}: item {number} {args.title.strip()}", bare=number)
    return 0


def _decision_line(args: argparse.Namespace, meeting_id: int | None, decision_id: int) -> str:
    with Plan.open(args.path) as plan, plan.session() as s:
        if meeting_id is None:
            meeting_id = q.meeting_of_decision(s, decision_id)
        view = q.meeting(s, meeting_id)
    d = next(x for x in view.decisions if x.id == decision_id)
    on = f" on item {d.item}" if d.item is not None else ""
    return f"Meeting {view.id}{on}: {_decision_text(d)}"


def _decide(args: argparse.Namespace) -> int:
    op = RecordDecision(args.meeting, args.text, args.item, args.owner, args.due)
    decision_id = int(_run(args, op))
    say(args, _decision_line(args, args.meeting, decision_id), bare=decision_id)
    return 0


def _edit(args: argparse.Namespace) -> int:
    def given(value: str | None) -> Any:
        return UNSET if value is None else (value if value.strip() else None)

    op = UpdateDecision(
        args.decision,
        text=UNSET if args.text is None else args.text,
        owner=given(args.owner),
        due=given(args.due),
    )
    _run(args, op)
    say(args, _decision_line(args, None, args.decision))
    return 0


def _done(args: argparse.Namespace) -> int:
    _run(args, SetDecisionDone(args.decision, not args.reopen, args.on))
    say(args, _decision_line(args, None, args.decision))
    return 0


def _undecide(args: argparse.Namespace) -> int:
    _run(args, RemoveDecision(args.decision))
    say(args, f"Removed decision {args.decision}")
    return 0


def _held(args: argparse.Namespace) -> int:
    _run(args, SetMeetingHeld(args.meeting, args.held, args.notes))
    say(args, f"Meeting {args.meeting}: {'held' if args.held else 'not held'}")
    return 0


def _remove(args: argparse.Namespace) -> int:
    with open_plan(args.path) as plan:
        view = _view(plan, args.meeting)
        parts = [
            count(n, word)
            for n, word in ((len(view.items), "agenda item"), (len(view.decisions), "decision"))
            if n
        ]
        # As ``node delete`` and ``unit remove``: what goes along is named, and goes only
        # with --yes (a held meeting's decisions are its record).
        if parts and not args.yes:
            raise ValidationError(
                f"Removing meeting {view.id} ({view.heading}) also removes "
                f"{'; '.join(parts)}. Add --yes to remove it with them."
            )
        plan.execute(RemoveMeeting(view.id))
    with_ = f"; also gone: {'; '.join(parts)}" if parts else ""
    say(args, f"Removed meeting {view.id} {view.heading}{with_}")
    return 0
