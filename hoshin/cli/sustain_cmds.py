"""``hoshin sustain``: the checks and action items that keep a finished kaizen's gain.

    hoshin sustain check add PATH KZ-12 --due 2027-01-15 --owner "Ana Costa"
    hoshin sustain check held PATH 4 --note "cycle time still 18 min"
    hoshin sustain action add PATH KZ-12 --title "Train the second shift" --due 2027-01-10
    hoshin sustain list PATH KZ-12 --json

Each edit confirms itself in one line, read back from the plan after it was written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from hoshin.cli.common import add_quiet, given_day, open_plan, say
from hoshin.model.errors import ValidationError
from hoshin.model.kinds import CheckResult
from hoshin.operations import (
    AddActionItem,
    AddCheck,
    EditActionItem,
    EditCheck,
    Operation,
    RecordCheck,
    RemoveActionItem,
    RemoveCheck,
    SetActionItemDone,
)
from hoshin.operations.base import UNSET
from hoshin.plan import Plan
from hoshin.reads import sustainment as q
from hoshin.rules import validate


def register(sub: Any) -> None:
    top = sub.add_parser("sustain", help="sustainment checks and action items of finished kaizens")
    what = top.add_subparsers(dest="sustain_command", metavar="WHAT", required=True)

    check = what.add_parser("check", help="plan, record, change or remove a sustainment check")
    c = check.add_subparsers(dest="check_command", metavar="ACTION", required=True)
    p = c.add_parser("add", help="plan a check of a kaizen; prints its id with --quiet")
    _path(p)
    p.add_argument("kaizen", metavar="KZ")
    p.add_argument("--due", required=True, metavar="DATE", help="YYYY-MM-DD")
    p.add_argument("--owner", metavar="PERSON", help="who checks (key or name)")
    p.add_argument("--note", metavar="TEXT")
    p.set_defaults(run=_add_check)
    for result in CheckResult:
        p = c.add_parser(result.value, help=f"record that the gain {result.value}")
        _path(p)
        p.add_argument("id", type=_id, metavar="ID", help="the check's id (see sustain list)")
        p.add_argument("--on", metavar="DATE", help="the day it was checked (default today)")
        p.add_argument("--note", metavar="TEXT", help="what was seen")
        p.set_defaults(run=_record, result=result)
    p = c.add_parser("edit", help="change a check's due date, owner or note")
    _path(p)
    p.add_argument("id", type=_id, metavar="ID")
    p.add_argument("--due", metavar="DATE")
    p.add_argument("--owner", metavar="PERSON", help="a key or name; '' for nobody")
    p.add_argument("--note", metavar="TEXT")
    p.set_defaults(run=_edit_check)
    p = c.add_parser("remove", help="remove a check")
    _path(p)
    p.add_argument("id", type=_id, metavar="ID")
    p.set_defaults(run=_remove(RemoveCheck, "check"))

    action = what.add_parser("action", help="add, close, reopen, change or remove action items")
    a = action.add_subparsers(dest="action_command", metavar="ACTION", required=True)
    p = a.add_parser("add", help="add an action item to a kaizen; prints its id with --quiet")
    _path(p)
    p.add_argument("kaizen", metavar="KZ")
    p.add_argument("--title", required=True, metavar="TEXT")
    p.add_argument("--owner", metavar="PERSON")
    p.add_argument("--due", metavar="DATE")
    p.set_defaults(run=_add_item)
    p = a.add_parser("done", help="close an action item")
    _path(p)
    p.add_argument("id", type=_id, metavar="ID")
    p.add_argument("--on", metavar="DATE", help="the day it was done (default today)")
    p.set_defaults(run=_done(True))
    p = a.add_parser("reopen", help="open a closed action item again")
    _path(p)
    p.add_argument("id", type=_id, metavar="ID")
    p.set_defaults(run=_done(False))
    p = a.add_parser("edit", help="change an action item's title, owner or due date")
    _path(p)
    p.add_argument("id", type=_id, metavar="ID")
    p.add_argument("--title", metavar="TEXT")
    p.add_argument("--owner", metavar="PERSON", help="a key or name; '' for nobody")
    p.add_argument("--due", metavar="DATE", help="YYYY-MM-DD; '' for none")
    p.set_defaults(run=_edit_item)
    p = a.add_parser("remove", help="remove an action item")
    _path(p)
    p.add_argument("id", type=_id, metavar="ID")
    p.set_defaults(run=_remove(RemoveActionItem, "action item"))

    p = what.add_parser("list", help="checks and action items with their state")
    p.add_argument("path", metavar="PATH")
    p.add_argument("kaizen", nargs="?", metavar="KZ", help="one kaizen (default: all)")
    p.add_argument("--unit", metavar="CODE", help="the kaizens of a unit and the units below")
    p.add_argument("--as-of", metavar="DATE", help="the day overdue is judged on (default today)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_list)


def _path(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="PATH")
    add_quiet(p)


def _id(text: str) -> int:
    try:
        value = int(text.strip().lstrip("#"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"an id is a number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"an id is a positive number, not {text!r}")
    return value


def _today() -> dt.date:
    return dt.date.today()


def _apply(args: argparse.Namespace, op: Operation, kind: str, ident: Callable[[Any], int]) -> None:
    """Run ``op`` and confirm it with the record as the plan now holds it."""
    with open_plan(args.path) as plan:
        result = plan.execute(op).result
        record_id = ident(result)
        found = _read(plan, kind, record_id)
        added = isinstance(op, AddCheck | AddActionItem)
        say(args, found.describe() + _status_note(found), bare=record_id if added else None)


def _read(plan: Plan, kind: str, record_id: int) -> q.Record:
    with plan.session() as s:
        return q.record(s, kind, record_id, _today())


def _status_note(found: q.Record) -> str:
    """A check that moved its kaizen says so: "; KZ-12 is now regressed"."""
    if found.kind != q.CHECK:
        return ""
    if found.state == "slipped" and found.kaizen_status == "regressed":
        return f"; {found.kaizen} is regressed"
    if found.state == "held" and found.kaizen_status in ("done", "regressed"):
        return f"; {found.kaizen} may move to sustained"
    return ""


def _add_check(args: argparse.Namespace) -> int:
    op = AddCheck(args.kaizen, args.due, owner=args.owner, note=args.note or "")
    _apply(args, op, q.CHECK, int)
    return 0


def _record(args: argparse.Namespace) -> int:
    on = validate.date(args.on, "check date") or _today()
    op = RecordCheck(args.id, args.result, on, args.note)
    _apply(args, op, q.CHECK, lambda _r: args.id)
    return 0


def _edit_check(args: argparse.Namespace) -> int:
    given = {k: getattr(args, k) for k in ("due", "owner", "note") if getattr(args, k) is not None}
    if not given:
        raise ValidationError("Nothing to change: give --due, --owner or --note.")
    op = EditCheck(args.id, **{k: given.get(k, UNSET) for k in ("due", "owner", "note")})
    _apply(args, op, q.CHECK, lambda _r: args.id)
    return 0


def _add_item(args: argparse.Namespace) -> int:
    _apply(args, AddActionItem(args.kaizen, args.title, args.owner, args.due), q.ACTION, int)
    return 0


def _done(done: bool) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        on = (validate.date(args.on, "date done") or _today()) if done else None
        _apply(args, SetActionItemDone(args.id, done, on), q.ACTION, lambda _r: args.id)
        return 0

    return run


def _edit_item(args: argparse.Namespace) -> int:
    keys = ("title", "owner", "due")
    given = {k: getattr(args, k) for k in keys if getattr(args, k) is not None}
    if not given:
        raise ValidationError("Nothing to change: give --title, --owner or --due.")
    op = EditActionItem(args.id, **{k: given.get(k, UNSET) for k in keys})
    _apply(args, op, q.ACTION, lambda _r: args.id)
    return 0


def _remove(build: Callable[[int], Operation], kind: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        with open_plan(args.path) as plan:
            code = plan.execute(build(args.id)).result
        say(args, f"{code}: {kind} {args.id} removed")
        return 0

    return run


def _list(args: argparse.Namespace) -> int:
    if args.kaizen and args.unit:
        raise ValidationError("Give a kaizen or --unit, not both.")
    as_of = given_day(args.as_of) or _today()
    with open_plan(args.path) as plan, plan.session() as s:
        rows = q.records(s, q.kaizen_ids(s, code=args.kaizen, unit=args.unit), as_of)
    if args.json:
        print(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("No sustainment checks or action items.")
        return 0
    for r in rows:
        owed = "  (sustainment debt)" if r.owed else ""
        print(f"{r.describe()}  [{r.state}]{owed}")
    return 0
