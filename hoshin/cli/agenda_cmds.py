"""``hoshin agenda`` and ``hoshin calendar``: what a person owes, and when.

    hoshin agenda PATH --as "Eva Novak" [--as-of 2026-11-11] [--json]
    hoshin calendar PATH --as P-18 -o eva.ics [--as-of DATE] [--force]

The agenda groups the person's obligations overdue / today / this week / later, each with
the command that does it; a manager also reads what their people owe that is overdue.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

from hoshin.cli.common import given_day, open_plan
from hoshin.model.errors import ValidationError
from hoshin.model.lookups import find_person
from hoshin.reads.obligations import GROUPS, Agenda, Obligation, for_person
from hoshin.store import outputs
from hoshin.store.storage import is_url
from hoshin.text.commands import do_command
from hoshin.text.formats import working_days


def register(sub: Any) -> None:
    p = sub.add_parser("agenda", help="what a person owes: overdue, today, this week, later")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--as", dest="person", required=True, metavar="PERSON", help="key or name")
    p.add_argument("--as-of", metavar="DATE", help="the day to date against (default today)")
    p.add_argument("--json", action="store_true", help="the agenda as JSON")
    p.set_defaults(run=_agenda)

    p = sub.add_parser("calendar", help="a person's due dates, routines and meetings as .ics")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--as", dest="person", required=True, metavar="PERSON", help="key or name")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="me.ics")
    p.add_argument("--as-of", metavar="DATE", help="the day to date against (default today)")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.set_defaults(run=_calendar)


def command(ob: Obligation) -> str:
    """The command that does ``ob`` (PATH standing for the plan)."""
    return do_command(ob)


def as_json(ob: Obligation, as_of: dt.date) -> dict[str, Any]:
    return {
        "key": ob.key,
        "kind": ob.kind,
        "title": ob.title,
        "node": ob.node_code or None,
        "node_title": ob.node_title or None,
        "owner": ob.owner,
        "due": ob.due.isoformat(),
        "group": ob.group(as_of),
        "days_overdue": ob.days_overdue,
        "escalation_step": ob.step,
        "fingerprint": ob.fingerprint,
        "do": command(ob) or None,
    }


def _as_of(args: argparse.Namespace) -> dt.date:
    return given_day(args.as_of) or dt.date.today()


def _agenda(args: argparse.Namespace) -> int:
    as_of = _as_of(args)
    with open_plan(args.path) as plan, plan.session() as s:
        person = find_person(s, args.person)
        agenda = for_person(s, as_of, person["id"])
    if args.json:
        doc = {
            "person": {"key": person["key"], "name": person["name"]},
            "as_of": as_of.isoformat(),
            **{g: [as_json(o, as_of) for o in obs] for g, obs in agenda.groups().items()},
            "escalated": [as_json(o, as_of) for o in agenda.escalated],
            "people_overdue": [as_json(o, as_of) for o in agenda.people_overdue],
        }
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return 0
    print(_text(agenda, person["name"], person["key"]))
    return 0


def _line(ob: Obligation, *, owner: bool = False) -> list[str]:
    late = f", {working_days(ob.days_overdue)} late" if ob.days_overdue else ""
    told = {1: ", escalated to the manager", 2: ", escalated to the manager above"}.get(ob.step, "")
    who = f"{ob.owner}: " if owner else ""
    node = f"  [{ob.node_code} {ob.node_title}]" if ob.node_code else ""
    lines = [f"  {ob.due.isoformat()}  {who}{ob.title}{node}  (due{late}{told})"]
    if not owner and (how := command(ob)):
        lines.append(f"              do: {how}")
    return lines


def _text(agenda: Agenda, name: str, key: str) -> str:
    out = [f"My work of {name} ({key}), as of {agenda.as_of.isoformat()}"]
    groups = agenda.groups()
    if not any(groups.values()):
        out.append("Nothing owed.")
    for group in GROUPS:
        if groups[group]:
            out.append(f"{group.capitalize()} ({len(groups[group])})")
            for ob in groups[group]:
                out += _line(ob)
    if agenda.people_overdue:
        out.append(f"What my people owe, overdue ({len(agenda.people_overdue)})")
        for ob in agenda.people_overdue:
            out += _line(ob, owner=True)
    if further := agenda.escalated_from_below():
        out.append(f"Escalated to me from further down ({len(further)})")
        for ob in further:
            out += _line(ob, owner=True)
    return "\n".join(out)


def _calendar(args: argparse.Namespace) -> int:
    out = Path(args.output)
    if out.suffix.lower() != ".ics":
        raise ValidationError("A calendar is written as .ics; give a file name ending in .ics.")
    outputs.guard(out, reading=[] if is_url(args.path) else [args.path], force=args.force)
    if not out.parent.exists():
        raise ValidationError(f"The folder {out.parent} does not exist.")
    # Imported here: the iCalendar library is not loaded by every other command.
    from hoshin.reports.calendar_ics import build_calendar, write_atomically

    as_of = _as_of(args)
    with open_plan(args.path) as plan, plan.session() as s:
        data, written = build_calendar(s, args.person, as_of)
    write_atomically(out, data)
    print(f"Wrote {out}: {written.sentence()}")
    return 0
