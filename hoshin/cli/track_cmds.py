"""``hoshin track``: a target's daily or weekly values (finer tracking, DESIGN §6).

    hoshin track PATH TARGET --date D --value V      record (or change) a value
    hoshin track PATH TARGET --date D --clear        clear it
    hoshin track set PATH TARGET --tracking daily|weekly|monthly [--aggregation …]
    hoshin track list PATH TARGET [--from D] [--to D] [--json]

The first word is the plan unless it is ``set`` or ``list`` (as ``hoshin reflect``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from hoshin.cli.common import YEAR_HELP, add_quiet, open_plan, say, shown_year
from hoshin.model.errors import ValidationError
from hoshin.model.kinds import Aggregation, Tracking
from hoshin.operations.target_values import SetTargetValue, SetTracking
from hoshin.plan import Plan
from hoshin.reads.target_values import target_values
from hoshin.rules import validate
from hoshin.rules.target_values import AGGREGATION_RULE, month_of
from hoshin.text import formats

ACTIONS = ("set", "list")


def register(sub: Any) -> None:
    p = sub.add_parser(
        "track",
        help="a target's daily or weekly values: record, clear, `track set` how often it is "
        "tracked, `track list` its values",
        description="hoshin track PATH TARGET --date D --value V  |  "
        "hoshin track PATH TARGET --date D --clear  |  "
        "hoshin track set PATH TARGET --tracking daily|weekly|monthly [--aggregation A]  |  "
        "hoshin track list PATH TARGET [--from D] [--to D] [--json]",
        epilog="A target tracked daily or weekly has its monthly actual derived from its "
        f"values: {AGGREGATION_RULE} A month without values keeps its typed actual. A "
        "weekly value is dated on its week's Monday: a date later in the week is moved "
        "to its Monday.",
    )
    p.add_argument("first", metavar="PATH", help="the plan (or `set`/`list`, then the plan)")
    p.add_argument("second", metavar="TARGET", help="the target (the plan after set/list)")
    p.add_argument("third", metavar="TARGET", nargs="?", help=argparse.SUPPRESS)
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the day (or a day of the week)")
    p.add_argument("--value", metavar="N", help="the value of that day or week")
    p.add_argument("--clear", action="store_true", help="clear the value of --date")
    p.add_argument("--tracking", choices=[t.value for t in Tracking], help="with set: how often")
    p.add_argument(
        "--aggregation",
        choices=[a.value for a in Aggregation],
        help="with set: how values make the month (and months the year)",
    )
    p.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="with list: first day")
    p.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="with list: last day")
    p.add_argument("--json", action="store_true", help="with list: as JSON")
    p.add_argument("--year", type=validate.year, help=YEAR_HELP)
    add_quiet(p)
    p.set_defaults(run=_track)


def _track(args: argparse.Namespace) -> int:
    action = args.first if args.first in ACTIONS else None
    if action is None and args.third is not None:
        raise ValidationError(f"One target at a time: {args.third!r} is one too many.")
    if action is not None and args.third is None:
        raise ValidationError(f"Give the plan and the target: hoshin track {action} PATH TARGET.")
    path, code = (args.second, args.third) if action else (args.first, args.second)
    _only(args, action)
    if action == "set":
        return _set(args, path, code)
    if action == "list":
        return _list(args, path, code)
    return _record(args, path, code)


def _only(args: argparse.Namespace, action: str | None) -> None:
    """Refuse options of another form in one line (none is silently ignored)."""
    given = {
        "--date": args.date is not None,
        "--value": args.value is not None,
        "--clear": args.clear,
        "--tracking": args.tracking is not None,
        "--aggregation": args.aggregation is not None,
        "--from": args.start is not None,
        "--to": args.end is not None,
        "--json": args.json,
    }
    allowed = {
        None: {"--date", "--value", "--clear"},
        "set": {"--tracking", "--aggregation"},
        "list": {"--from", "--to", "--json"},
    }[action]
    wrong = [name for name, on in given.items() if on and name not in allowed]
    if wrong:
        form = f"`hoshin track {action}`" if action else "recording a value"
        raise ValidationError(f"{', '.join(wrong)} does not go with {form}.")


def _record(args: argparse.Namespace, path: str, code: str) -> int:
    if args.date is None:
        raise ValidationError("Give the --date of the value (YYYY-MM-DD).")
    if args.clear == (args.value is not None):
        raise ValidationError("Give either --value N or --clear.")
    with open_plan(path) as plan:
        shown_year(plan, args.year)
        op = SetTargetValue(code, args.date, None if args.clear else args.value)
        day: dt.date = plan.execute(op).result
        say(args, _recorded_text(plan, code, args.date, day, cleared=args.clear))
    return 0


def _recorded_text(plan: Plan, code: str, given: str, day: dt.date, *, cleared: bool) -> str:
    """ "KPI-9 2026-03-02 value 20 (green); 2026-03 actual 21.5, derived from 3 daily
    values" — the value as it now stands and the month it makes."""
    node_id = plan.graph.id_of(code)
    with plan.session() as s:
        found = target_values(s, node_id, day, day)
        month = target_values(s, node_id, day.replace(day=1), day)
    head = f"{found.code} {day.isoformat()}"
    if found.tracking == Tracking.WEEKLY.value:
        head = f"{found.code} week of {day.isoformat()}"
        if day.isoformat() != str(given).strip():
            head += f" (the Monday of {str(given).strip()})"
    if cleared or not found.values:
        text = f"{head} cleared"
    else:
        row = found.values[0]
        judged = f" ({row.status.value})" if row.status is not None else ""
        text = f"{head} value {formats.number(row.value)}{judged}"
    derived = month.months.get(month_of(day))
    if derived is not None:
        text += f"; {month_of(day)} actual {formats.number(derived.value)}, {derived.note}"
    return text


def _set(args: argparse.Namespace, path: str, code: str) -> int:
    if args.tracking is None:
        raise ValidationError("Give --tracking daily, weekly or monthly.")
    with open_plan(path) as plan:
        shown_year(plan, args.year)
        plan.execute(SetTracking(code, args.tracking, args.aggregation))
        with plan.session() as s:
            found = target_values(s, plan.graph.id_of(code))
    say(args, f"{found.code} is tracked {found.tracking}, added up by {found.aggregation}")
    return 0


def _list(args: argparse.Namespace, path: str, code: str) -> int:
    start = validate.date(args.start, "--from date")
    end = validate.date(args.end, "--to date")
    validate.date_order(start, end, "--to date")
    with open_plan(path) as plan:
        shown_year(plan, args.year)
        with plan.session() as s:
            found = target_values(s, plan.graph.id_of(code), start, end)
    if args.json:
        print(json.dumps(_as_json(found), indent=2, ensure_ascii=False))
        return 0
    print(f"{found.code} {found.title}: tracked {found.tracking}, by {found.aggregation}")
    for row in found.values:
        judged = row.status.value if row.status is not None else ""
        plan_text = f"plan {formats.number(row.plan)}" if row.plan is not None else ""
        print(f"  {row.day.isoformat()}  {formats.number(row.value):>10}  {judged:<6} {plan_text}")
    for month, derived in sorted(found.months.items()):
        print(f"  {month} actual {formats.number(derived.value)}, {derived.note}")
    if not found.values:
        print("  No values recorded" + (" in that period." if start or end else " yet."))
    return 0


def _as_json(found: Any) -> dict[str, Any]:
    return {
        "code": found.code,
        "title": found.title,
        "tracking": found.tracking,
        "aggregation": found.aggregation,
        "direction": found.direction,
        "values": [
            {
                "date": r.day.isoformat(),
                "value": r.value,
                "plan": r.plan,
                "status": r.status.value if r.status is not None else None,
            }
            for r in found.values
        ],
        "months": [
            {"month": m, "actual": d.value, "values": d.count, "note": d.note}
            for m, d in sorted(found.months.items())
        ],
    }
