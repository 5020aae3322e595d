"""``hoshin countermeasure add|done|reopen|edit|remove|list``: answering a month behind plan."""

from __future__ import annotations

import argparse
import json
from typing import Any

from hoshin.cli.common import add_quiet, open_plan, say
from hoshin.model.errors import NotFoundError
from hoshin.operations import (
    AddCountermeasure,
    Operation,
    RemoveCountermeasure,
    SetCountermeasureDone,
    UpdateCountermeasure,
)
from hoshin.plan import Plan
from hoshin.reads.countermeasures import CountermeasureRow, countermeasures
from hoshin.rules import validate


def register(sub: Any) -> None:
    top = sub.add_parser("countermeasure", help="answer a month of a target behind plan")
    cm = top.add_subparsers(dest="action", metavar="ACTION", required=True)

    p = cm.add_parser("add", help="a countermeasure for a red or yellow month")
    p.add_argument("path", metavar="PATH")
    p.add_argument("code", metavar="TARGET")
    p.add_argument("--month", required=True, metavar="YYYY-MM")
    p.add_argument("--what", required=True, metavar="TEXT")
    p.add_argument("--owner", metavar="PERSON", help="key or name")
    p.add_argument("--due", metavar="YYYY-MM-DD")
    add_quiet(p)
    p.set_defaults(run=_add)

    p = cm.add_parser("done", help="close a countermeasure (today, or --on)")
    p.add_argument("path", metavar="PATH")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--on", metavar="YYYY-MM-DD", help="the day it was done (default today)")
    add_quiet(p)
    p.set_defaults(run=_done)

    p = cm.add_parser("reopen", help="open a closed countermeasure again")
    p.add_argument("path", metavar="PATH")
    p.add_argument("id", type=int, metavar="ID")
    add_quiet(p)
    p.set_defaults(run=_reopen)

    p = cm.add_parser("edit", help="change what, owner or due date ('' clears owner or due)")
    p.add_argument("path", metavar="PATH")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--what", metavar="TEXT")
    p.add_argument("--owner", metavar="PERSON")
    p.add_argument("--due", metavar="YYYY-MM-DD")
    add_quiet(p)
    p.set_defaults(run=_edit)

    p = cm.add_parser("remove", help="remove a countermeasure written by mistake")
    p.add_argument("path", metavar="PATH")
    p.add_argument("id", type=int, metavar="ID")
    add_quiet(p)
    p.set_defaults(run=_remove)

    p = cm.add_parser("list", help="countermeasures of the plan, a target or a month")
    p.add_argument("path", metavar="PATH")
    p.add_argument("code", nargs="?", metavar="TARGET")
    p.add_argument("--month", metavar="YYYY-MM")
    p.add_argument("--json", action="store_true", help="a JSON list")
    p.set_defaults(run=_list)


def _one(plan: Plan, countermeasure_id: int) -> CountermeasureRow:
    with plan.session() as session:
        found = countermeasures(session, ids=[countermeasure_id])
    if not found:
        raise NotFoundError(f"No countermeasure {countermeasure_id} in this plan.")
    return found[0]


def _edit_and_say(args: argparse.Namespace, op: Operation, verb: str) -> int:
    with open_plan(args.path) as plan:
        plan.execute(op)
        row = _one(plan, args.id)
    say(args, f"Countermeasure {verb}: {row.sentence()}")
    return 0


def _add(args: argparse.Namespace) -> int:
    op = AddCountermeasure(args.code, args.month, args.what, args.owner, args.due)
    with open_plan(args.path) as plan:
        new = int(plan.execute(op).result)
        row = _one(plan, new)
    say(args, f"Countermeasure added: {row.sentence()}", bare=new)
    return 0


def _done(args: argparse.Namespace) -> int:
    return _edit_and_say(args, SetCountermeasureDone(args.id, True, args.on), "done")


def _reopen(args: argparse.Namespace) -> int:
    return _edit_and_say(args, SetCountermeasureDone(args.id, False), "reopened")


def _edit(args: argparse.Namespace) -> int:
    given = {k: getattr(args, k) for k in ("what", "owner", "due") if getattr(args, k) is not None}
    fields = {k: (v if v.strip() or k == "what" else None) for k, v in given.items()}
    return _edit_and_say(args, UpdateCountermeasure(args.id, **fields), "changed")


def _remove(args: argparse.Namespace) -> int:
    with open_plan(args.path) as plan:
        row = _one(plan, args.id)
        plan.execute(RemoveCountermeasure(args.id))
    say(args, f"Countermeasure removed: {row.sentence()}")
    return 0


def _list(args: argparse.Namespace) -> int:
    month = validate.month(args.month) if args.month else None
    with Plan.open(args.path) as plan:
        node_id = plan.graph.id_of(args.code) if args.code else None
        with plan.session() as session:
            rows = countermeasures(session, node_id=node_id, month=month)
    if args.json:
        print(json.dumps([r.as_dict() for r in rows], indent=2, ensure_ascii=False))
    elif not rows:
        print("No countermeasures.")
    else:
        for row in rows:
            print(row.sentence())
    return 0
