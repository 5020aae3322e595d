"""``hoshin routine add|list|mine|edit|remove|copy|done|miss|skip|clear`` and ``hoshin routine
finding add|kaizen|action|done``: Leader Standard Work from the command line.

A cadence is given in words (``--when "weekly on Tuesday"``) or by flags (``--cadence weekly
--on tue --every 2``); docs/daily-management.md lists both.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
from typing import Any

from hoshin.cli.common import add_quiet, open_plan, say
from hoshin.model.errors import NotFoundError, ValidationError
from hoshin.model.kinds import Cadence
from hoshin.model.lookups import find_person
from hoshin.operations import (
    AddFinding,
    AddRoutine,
    AnswerOccurrence,
    ClearAnswer,
    CopyRoutines,
    EditRoutine,
    FindingToAction,
    FindingToKaizen,
    RemoveRoutine,
    SetFindingDone,
)
from hoshin.operations.problems import FindingToProblem
from hoshin.plan import Plan
from hoshin.reads.standard_work import RoutineInfo, my_standard_work, routine, routines
from hoshin.rules import cadence as cadences
from hoshin.rules import validate

CADENCE_HELP = (
    "how it repeats: daily, weekdays, weekly (--on DAY [--every N]), monthly-day (--day N), "
    "monthly-nth (--nth 1-4|last --on DAY)"
)
WHEN_HELP = (
    "the cadence in words instead of flags: 'daily', 'weekdays', 'weekly on Tuesday', "
    "'every 2 weeks on Tue', 'monthly on the 15th', 'monthly on the last Friday'"
)


def _cadence_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--when", metavar="WORDS", help=WHEN_HELP)
    p.add_argument("--cadence", choices=[c.value for c in Cadence], help=CADENCE_HELP)
    p.add_argument("--on", metavar="DAY", help="the weekday: mon … sun, Monday … or 0-6")
    p.add_argument("--every", metavar="N", help="weekly: every N weeks (default 1)")
    p.add_argument("--day", metavar="N", help="monthly-day: the day of the month, 1-31")
    p.add_argument("--nth", metavar="N", help="monthly-nth: 1, 2, 3, 4 or last")


def _routine_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="PATH")
    p.add_argument("id", type=int, metavar="ROUTINE", help="the routine's number (see list)")


def register(sub: Any) -> None:
    top = sub.add_parser(
        "routine",
        help="Leader Standard Work: routines, their occurrences and findings",
        description="Routines of Leader Standard Work. " + WHEN_HELP + ".",
    )
    cmds = top.add_subparsers(dest="action", metavar="ACTION", required=True)

    p = cmds.add_parser("add", help="a routine of a person (default: you, $HOSHIN_PERSON)")
    p.add_argument("path", metavar="PATH")
    p.add_argument("title", metavar="TITLE")
    p.add_argument("--person", metavar="PERSON", help="key or name (default: you)")
    p.add_argument("--unit", metavar="UNIT", help="where it happens (default: the person's)")
    p.add_argument(
        "--node", metavar="CODE", help="the node it serves: a priority or target (or any node)"
    )
    _cadence_flags(p)
    p.add_argument("--start", metavar="YYYY-MM-DD", help="default today")
    p.add_argument("--end", metavar="YYYY-MM-DD")
    add_quiet(p)
    p.set_defaults(run=_add)

    p = cmds.add_parser("list", help="routines of the plan, a person or a unit")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--person", metavar="PERSON")
    p.add_argument("--unit", metavar="UNIT", help="routines held in the unit")
    p.add_argument("--json", action="store_true", help="a JSON list")
    p.set_defaults(run=_list)

    p = cmds.add_parser("mine", help="my standard work: overdue, today, the rest of the week")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--person", metavar="PERSON", help="default: you")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="as of (default today)")
    p.add_argument("--json", action="store_true", help="a JSON object")
    p.set_defaults(run=_mine)

    p = cmds.add_parser("edit", help="change a routine ('' clears --node or --end)")
    _routine_arg(p)
    p.add_argument("--title", metavar="TEXT")
    p.add_argument("--unit", metavar="UNIT")
    p.add_argument("--node", metavar="CODE")
    _cadence_flags(p)
    p.add_argument("--start", metavar="YYYY-MM-DD")
    p.add_argument("--end", metavar="YYYY-MM-DD")
    add_quiet(p)
    p.set_defaults(run=_edit)

    p = cmds.add_parser("remove", help="remove a routine with its answers and findings")
    _routine_arg(p)
    add_quiet(p)
    p.set_defaults(run=_remove)

    p = cmds.add_parser(
        "copy",
        help="copy routines to many people: named (--to) or holding a role in a unit's subtree",
    )
    p.add_argument("path", metavar="PATH")
    p.add_argument("ids", type=int, nargs="+", metavar="ROUTINE")
    p.add_argument("--to", action="append", default=[], metavar="PERSON", help="repeatable")
    p.add_argument("--unit", metavar="UNIT", help="everyone of the unit and the units below")
    p.add_argument("--role", metavar="ROLE", help="only those with this role there")
    p.add_argument("--start", metavar="YYYY-MM-DD", help="default: the originals' start")
    p.add_argument(
        "--keep-unit", action="store_true", help="hold the copies where the originals are"
    )
    add_quiet(p)
    p.set_defaults(run=_copy)

    for verb, state, words in (
        ("done", "done", "record an occurrence done"),
        ("miss", "missed", "record an occurrence missed"),
        ("skip", "skipped", "skip an occurrence, with a reason (then it is not due)"),
    ):
        p = cmds.add_parser(verb, help=words)
        _routine_arg(p)
        p.add_argument("--date", metavar="YYYY-MM-DD", help="the occurrence (default today)")
        p.add_argument("--note", metavar="TEXT", default="")
        p.add_argument("--reason", metavar="TEXT", default="", help="why (a skip needs one)")
        add_quiet(p)
        p.set_defaults(run=_answer, state=state)

    p = cmds.add_parser("clear", help="take an answer back (its findings too)")
    _routine_arg(p)
    p.add_argument("--date", metavar="YYYY-MM-DD", help="default today")
    add_quiet(p)
    p.set_defaults(run=_clear)

    finding = cmds.add_parser("finding", help="findings of a done occurrence")
    fs = finding.add_subparsers(dest="finding_action", metavar="ACTION", required=True)
    p = fs.add_parser("add", help="a finding on a done occurrence")
    _routine_arg(p)
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the occurrence (default today)")
    p.add_argument("--unit", metavar="UNIT", help="the unit visited (default the routine's)")
    add_quiet(p)
    p.set_defaults(run=_finding_add)
    p = fs.add_parser("kaizen", help="make a finding a kaizen idea of the unit visited")
    p.add_argument("path", metavar="PATH")
    p.add_argument("id", type=int, metavar="FINDING")
    p.add_argument(
        "--origin",
        required=True,
        metavar="ORIGIN",
        help="bottom-up (raised by the team), top-down (by the leader) or joint",
    )
    p.add_argument("--title", metavar="TEXT", help="default: the finding's text")
    add_quiet(p)
    p.set_defaults(run=_finding_kaizen)
    p = fs.add_parser("action", help="make a finding an action item: an owner and a due date")
    p.add_argument("path", metavar="PATH")
    p.add_argument("id", type=int, metavar="FINDING")
    p.add_argument("--owner", required=True, metavar="PERSON")
    p.add_argument("--due", required=True, metavar="YYYY-MM-DD")
    add_quiet(p)
    p.set_defaults(run=_finding_action)
    p = fs.add_parser("problem", help="make a finding a problem on the visited unit's huddle")
    p.add_argument("path", metavar="PATH")
    p.add_argument("id", type=int, metavar="FINDING")
    p.add_argument("--owner", metavar="PERSON", help="key or name")
    p.add_argument("--due", metavar="YYYY-MM-DD")
    add_quiet(p)
    p.set_defaults(run=_finding_problem)
    p = fs.add_parser("done", help="close a finding's action item (today, or --on)")
    p.add_argument("path", metavar="PATH")
    p.add_argument("id", type=int, metavar="FINDING")
    p.add_argument("--on", metavar="YYYY-MM-DD")
    add_quiet(p)
    p.set_defaults(run=_finding_done)


# -- cadence from flags or words ---------------------------------------------------------


def _nth(value: str) -> int:
    word = value.strip().lower()
    if word == "last":
        return -1
    try:
        return int(word.rstrip("stndrh") or "x")
    except ValueError:
        raise ValidationError(f"--nth must be 1, 2, 3, 4 or last, not {value!r}.") from None


def _int(value: str, flag: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ValidationError(f"{flag} must be a whole number, not {value!r}.") from None


def _shape(args: argparse.Namespace) -> dict[str, Any]:
    """The cadence fields the person gave (flags or --when), as AddRoutine takes them."""
    flags = [args.cadence, args.on, args.every, args.day, args.nth]
    if args.when is not None:
        if any(f is not None for f in flags):
            raise ValidationError("Give the cadence in words (--when) or by flags, not both.")
        s = cadences.parse(args.when, dt.date.today())
        return {"cadence": s.cadence, "weekday": s.weekday, "day": s.day, "nth": s.nth,
                "every": s.every}  # fmt: skip
    if all(f is None for f in flags):
        return {}
    if args.cadence is None:
        raise ValidationError("Say the cadence: --cadence (or --when 'weekly on Tuesday').")
    return {
        "cadence": args.cadence,
        "weekday": cadences.weekday_of(args.on) if args.on is not None else None,
        "day": _int(args.day, "--day") if args.day is not None else None,
        "nth": _nth(args.nth) if args.nth is not None else None,
        "every": _int(args.every, "--every") if args.every is not None else 1,
    }


def _me(plan: Plan, given: str | None) -> str:
    who = given or plan.actor or os.environ.get("HOSHIN_PERSON")
    if not who:
        raise ValidationError("Say whose routines: --person (or set HOSHIN_PERSON).")
    return who


def _one(plan: Plan, routine_id: int) -> RoutineInfo:
    with plan.session() as session:
        found = routine(session, routine_id)
    if found is None:
        raise NotFoundError(f"No routine {routine_id} in this plan.")
    return found


def sentence(r: RoutineInfo) -> str:
    """``12 Gemba walk (weekly on Tuesday at T-AS; Gareth Evans, serves KPI-3)``."""
    about = [f"{r.cadence_words} at {r.unit_code}", r.person]
    if r.node_code:
        about.append(f"serves {r.node_code}")
    s = r.schedule
    dates = f"from {s.start_date.isoformat()}"
    if s.end_date:
        dates += f" to {s.end_date.isoformat()}"
    return f"{r.id} {r.title} ({'; '.join(about)}; {dates})"


# -- commands ----------------------------------------------------------------------------


def _add(args: argparse.Namespace) -> int:
    shape = _shape(args)
    if not shape:
        raise ValidationError("Say how often: --when 'weekly on Tuesday' or --cadence ….")
    with open_plan(args.path) as plan:
        op = AddRoutine(
            _me(plan, args.person), args.unit, args.title, start=args.start, end=args.end,
            node=args.node, **shape,
        )  # fmt: skip
        new = int(plan.execute(op).result)
        r = _one(plan, new)
    say(args, f"Routine added: {sentence(r)}", bare=new)
    return 0


def _list(args: argparse.Namespace) -> int:
    with Plan.open(args.path) as plan, plan.session() as session:
        person = int(find_person(session, args.person)["id"]) if args.person else None
        unit = None
        if args.unit:
            from hoshin.reads.units import UnitTree

            found = UnitTree.load(session).by_code(args.unit.strip().upper())
            if found is None:
                raise NotFoundError(f"No unit {args.unit.strip()} in this plan.")
            unit = found.id
        rows = routines(session, person_id=person, unit_id=unit)
    if args.json:
        print(json.dumps([r.as_dict() for r in rows], indent=2, ensure_ascii=False))
    elif not rows:
        print("No routines.")
    else:
        for r in rows:
            print(sentence(r))
    return 0


def _mine(args: argparse.Namespace) -> int:
    today = validate.date(args.date, "date") or dt.date.today()
    with Plan.open(args.path) as plan:
        who = _me(plan, args.person)
        with plan.session() as session:
            person = find_person(session, who)
            work = my_standard_work(session, int(person["id"]), today)
    if args.json:
        print(json.dumps(work.as_dict(), indent=2, ensure_ascii=False))
        return 0
    for title, rows in (
        ("Overdue", work.overdue),
        ("Today", work.due_today),
        ("This week", work.this_week),
    ):
        print(f"{title}:" + ("" if rows else " nothing"))
        for o in rows:
            state = o.state or "open"
            print(f"  {o.day.isoformat()} {o.routine.id} {o.routine.title} — {state}")
    return 0


def _edit(args: argparse.Namespace) -> int:
    fields: dict[str, Any] = {}
    if args.title is not None:
        fields["title"] = args.title
    if args.unit is not None:
        fields["unit"] = args.unit
    if args.node is not None:
        fields["node"] = args.node.strip() or None
    if args.start is not None:
        fields["start"] = args.start
    if args.end is not None:
        fields["end"] = args.end.strip() or None
    if args.when is not None or args.cadence is not None:
        fields.update(_shape(args))  # a new cadence, whole
    else:  # only the flags given change
        if args.on is not None:
            fields["weekday"] = cadences.weekday_of(args.on)
        if args.every is not None:
            fields["every"] = _int(args.every, "--every")
        if args.day is not None:
            fields["day"] = _int(args.day, "--day")
        if args.nth is not None:
            fields["nth"] = _nth(args.nth)
    with open_plan(args.path) as plan:
        plan.execute(EditRoutine(args.id, **fields))
        r = _one(plan, args.id)
    say(args, f"Routine changed: {sentence(r)}")
    return 0


def _remove(args: argparse.Namespace) -> int:
    with open_plan(args.path) as plan:
        r = _one(plan, args.id)
        plan.execute(RemoveRoutine(args.id))
    say(args, f"Routine removed: {sentence(r)}")
    return 0


def _copy(args: argparse.Namespace) -> int:
    op = CopyRoutines(args.ids, args.to, args.unit, args.role, args.start, args.keep_unit)
    with open_plan(args.path) as plan:
        made = plan.execute(op).result
    say(args, f"Routines copied: {len(made)} new ({', '.join(map(str, made))}).", bare=" ".join(
        map(str, made)))  # fmt: skip
    return 0


def _answer(args: argparse.Namespace) -> int:
    day = validate.date(args.date, "date") or dt.date.today()
    op = AnswerOccurrence(args.id, args.state, day, args.note, args.reason)
    with open_plan(args.path) as plan:
        plan.execute(op)
        r = _one(plan, args.id)
    why = f" ({args.reason.strip()})" if args.state == "skipped" else ""
    say(args, f"Routine {r.id} {r.title} on {day.isoformat()}: {args.state}{why}.")
    return 0


def _clear(args: argparse.Namespace) -> int:
    day = validate.date(args.date, "date") or dt.date.today()
    with open_plan(args.path) as plan:
        plan.execute(ClearAnswer(args.id, day))
        r = _one(plan, args.id)
    say(args, f"Routine {r.id} {r.title} on {day.isoformat()}: not answered.")
    return 0


def _finding_add(args: argparse.Namespace) -> int:
    day = validate.date(args.date, "date") or dt.date.today()
    with open_plan(args.path) as plan:
        new = int(plan.execute(AddFinding(args.id, day, args.text, args.unit)).result)
    say(args, f"Finding {new} added to routine {args.id} on {day.isoformat()}.", bare=new)
    return 0


def _finding_kaizen(args: argparse.Namespace) -> int:
    with open_plan(args.path) as plan:
        code = plan.execute(FindingToKaizen(args.id, args.origin, args.title)).result
    say(args, f"Finding {args.id} became kaizen {code} ({args.origin}).", bare=code)
    return 0


def _finding_action(args: argparse.Namespace) -> int:
    with open_plan(args.path) as plan:
        plan.execute(FindingToAction(args.id, args.owner, args.due))
    say(args, f"Finding {args.id} is an action item of {args.owner}, due {args.due}.")
    return 0


def _finding_problem(args: argparse.Namespace) -> int:
    with open_plan(args.path) as plan:
        new = int(
            plan.execute(FindingToProblem(args.id, args.owner, args.due, by=plan.actor)).result
        )
    say(args, f"Finding {args.id} became problem {new}.", bare=new)
    return 0


def _finding_done(args: argparse.Namespace) -> int:
    with open_plan(args.path) as plan:
        plan.execute(SetFindingDone(args.id, True, args.on))
    say(args, f"The action of finding {args.id} is done.")
    return 0
