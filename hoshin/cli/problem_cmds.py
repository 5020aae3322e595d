"""``hoshin problem raise|start|edit|escalate|return|solve|reopen|kaizen|countermeasure|list|show``:
problems of daily management, raised at a huddle and climbing the tiers."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from hoshin.cli.common import add_quiet, given_day, open_plan, say
from hoshin.operations.base import Operation
from hoshin.operations.problems import (
    EditProblem,
    EscalateProblem,
    ProblemToCountermeasure,
    ProblemToKaizen,
    RaiseProblem,
    ReopenProblem,
    ReturnProblem,
    SolveProblem,
    StartProblem,
)
from hoshin.plan import Plan
from hoshin.reads.problems import (
    ProblemCard,
    problem_card,
    problem_list,
    problem_path,
    unit_id_of,
)


def _common(p: argparse.ArgumentParser, with_id: bool = True) -> None:
    p.add_argument("path", metavar="PATH")
    if with_id:
        p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--as", dest="actor", metavar="PERSON", help="who does it (key or name)")
    add_quiet(p)


def register(sub: Any) -> None:
    top = sub.add_parser("problem", help="problems raised at a huddle, escalated up the tiers")
    pr = top.add_subparsers(dest="action", metavar="ACTION", required=True)

    p = pr.add_parser("raise", help="raise a problem at a unit's huddle")
    _common(p, with_id=False)
    p.add_argument("--unit", required=True, metavar="UNIT")
    p.add_argument("--what", required=True, metavar="TEXT")
    p.add_argument("--owner", metavar="PERSON", help="key or name")
    p.add_argument("--due", metavar="YYYY-MM-DD")
    p.add_argument("--node", metavar="CODE", help="the target or priority it concerns")
    p.add_argument("--detail", default="", metavar="TEXT")
    p.add_argument("--on", metavar="YYYY-MM-DD", help="the day it was raised (default today)")
    p.set_defaults(run=_raise)

    p = pr.add_parser("start", help="someone works on it: in progress")
    _common(p)
    p.set_defaults(run=lambda a: _do(a, lambda by: StartProblem(a.id, by=by), "in progress"))

    p = pr.add_parser("edit", help="change its wording, owner or due date ('' clears)")
    _common(p)
    p.add_argument("--what", metavar="TEXT")
    p.add_argument("--owner", metavar="PERSON")
    p.add_argument("--due", metavar="YYYY-MM-DD")
    p.set_defaults(run=_edit)

    p = pr.add_parser("escalate", help="move it to the huddle of the unit above")
    _common(p)
    p.add_argument("--note", default="", metavar="TEXT", help="why it goes up")
    p.set_defaults(run=_escalate)

    p = pr.add_parser("return", help="send it back down to the unit that escalated it")
    _common(p)
    p.add_argument("--answer", required=True, metavar="TEXT")
    p.set_defaults(run=_return)

    p = pr.add_parser("solve", help="solved where it is")
    _common(p)
    p.add_argument("--answer", required=True, metavar="TEXT")
    p.add_argument("--on", metavar="YYYY-MM-DD", help="the day it was solved (default today)")
    p.set_defaults(
        run=lambda a: _do(a, lambda by: SolveProblem(a.id, a.answer, a.on, by=by), "solved")
    )

    p = pr.add_parser("reopen", help="a solved problem came back")
    _common(p)
    p.add_argument("--note", default="", metavar="TEXT")
    p.set_defaults(run=lambda a: _do(a, lambda by: ReopenProblem(a.id, a.note, by=by), "reopened"))

    p = pr.add_parser("kaizen", help="a solved problem becomes a kaizen of the raising team")
    _common(p)
    p.add_argument("--title", metavar="TEXT", help="the kaizen's title (default the problem's)")
    p.set_defaults(run=_kaizen)

    p = pr.add_parser("countermeasure", help="a solved problem answers a red month")
    _common(p)
    p.add_argument("--month", required=True, metavar="YYYY-MM")
    p.add_argument("--target", metavar="CODE", help="default: the target it concerns")
    p.set_defaults(run=_countermeasure)

    p = pr.add_parser("list", help="problems of the plan or of the unit that holds them")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--unit", metavar="UNIT")
    p.add_argument("--status", choices=["open", "in progress", "solved"], help="open: not solved")
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="the day for 'overdue' (today)")
    p.add_argument("--json", action="store_true", help="a JSON list")
    p.set_defaults(run=_list)

    p = pr.add_parser("show", help="a problem with its path up the tiers")
    p.add_argument("path", metavar="PATH")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--json", action="store_true", help="as JSON")
    p.set_defaults(run=_show)


def sentence(card: ProblemCard) -> str:
    where = f"at {card.unit} (tier {card.tier})"
    owner = f", owner {card.owner}" if card.owner else ""
    due = f", due {card.due.isoformat()}" if card.due else ""
    late = " OVERDUE" if card.overdue else ""
    return f"#{card.id} {card.title} — {card.status} {where}{owner}{due}{late}"


def _say(args: argparse.Namespace, plan: Plan, problem_id: int, verb: str, bare: Any) -> None:
    with plan.session() as s:
        card = problem_card(s, problem_id)
    say(args, f"Problem {verb}: {sentence(card)}", bare=bare)


def _open(args: argparse.Namespace) -> Plan:
    return open_plan(args.path, args.actor)


def _do(args: argparse.Namespace, make: Callable[[str | None], Operation], verb: str) -> int:
    """Run one step on problem ``args.id``, taken by the person editing (its history
    names who took each step)."""
    with _open(args) as plan:
        plan.execute(make(plan.actor))
        _say(args, plan, args.id, verb, None)
    return 0


def _raise(args: argparse.Namespace) -> int:
    with _open(args) as plan:
        op = RaiseProblem(
            args.what,
            args.unit,
            raised_by=plan.actor,
            owner=args.owner,
            due=args.due,
            node=args.node,
            detail=args.detail,
            on=args.on,
        )
        new = int(plan.execute(op).result)
        _say(args, plan, new, "raised", new)
    return 0


def _edit(args: argparse.Namespace) -> int:
    given = {k: getattr(args, k) for k in ("what", "owner", "due") if getattr(args, k) is not None}
    fields = {("title" if k == "what" else k): (v if v.strip() or k == "what" else None)
              for k, v in given.items()}  # fmt: skip
    return _do(args, lambda by: EditProblem(args.id, **fields, by=by), "changed")


def _escalate(args: argparse.Namespace) -> int:
    return _do(args, lambda by: EscalateProblem(args.id, args.note, by=by), "escalated")


def _return(args: argparse.Namespace) -> int:
    return _do(args, lambda by: ReturnProblem(args.id, args.answer, by=by), "sent back")


def _kaizen(args: argparse.Namespace) -> int:
    with _open(args) as plan:
        code = plan.execute(ProblemToKaizen(args.id, args.title)).result
        _say(args, plan, args.id, f"became kaizen {code}", code)
    return 0


def _countermeasure(args: argparse.Namespace) -> int:
    with _open(args) as plan:
        cm = plan.execute(ProblemToCountermeasure(args.id, args.month, args.target)).result
        _say(args, plan, args.id, f"became countermeasure {cm}", cm)
    return 0


def _list(args: argparse.Namespace) -> int:
    day = given_day(args.as_of, "date") or dt.date.today()
    with Plan.open(args.path) as plan, plan.session() as s:
        unit_id = unit_id_of(s, args.unit) if args.unit else None
        cards = problem_list(s, unit_id=unit_id, status=args.status, day=day)
    if args.json:
        print(json.dumps([c.as_dict() for c in cards], indent=2, ensure_ascii=False))
    elif not cards:
        print("No problems.")
    else:
        for card in cards:
            print(sentence(card))
    return 0


def _show(args: argparse.Namespace) -> int:
    with Plan.open(args.path) as plan, plan.session() as s:
        path = problem_path(s, args.id)
        now = plan.clock()
    if args.json:
        print(json.dumps(path.as_dict(now), indent=2, ensure_ascii=False))
        return 0
    print(sentence(path.card))
    if path.card.answer:
        print(f"  answer: {path.card.answer}")
    print(f"  path ({path.escalations} escalation{'s' if path.escalations != 1 else ''}):")
    for stay in path.stays:
        until = stay.ended or "still there"
        days = stay.days(now)
        print(f"    tier {stay.tier} {stay.unit}: {days:g} day{'' if days == 1 else 's'}, {until}")
    for st in path.steps:
        move = f" {st.from_unit} → {st.to_unit}" if st.from_unit else f" at {st.to_unit}"
        who = f" by {st.by}" if st.by else ""
        note = f": {st.note}" if st.note else ""
        print(f"  {st.at:%Y-%m-%d %H:%M} {st.kind}{move}{who}{note}")
    return 0
