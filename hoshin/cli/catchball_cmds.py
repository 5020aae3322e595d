"""``hoshin catchball …``: negotiate targets between levels from the command line."""

from __future__ import annotations

import argparse
import json
from typing import Any

from hoshin.catchball import queries
from hoshin.catchball.operations import Lock, Reply, Throw
from hoshin.catchball.rules import Kind
from hoshin.cli.common import add_quiet, open_plan, say
from hoshin.operations.base import Tx, utc_now
from hoshin.plan import Plan
from hoshin.reads.audit_text import DID  # the past tense, as the audit log speaks it

REPLY_KINDS = [k.value for k in Kind if k not in (Kind.THROW, Kind.REOPEN, Kind.LOCK)]
ARROW = {"down": "↓", "up": "↑", None: "•"}


def register(sub: Any) -> None:
    cb = sub.add_parser("catchball", help="negotiate a target or priority with the level below")
    cb_sub = cb.add_subparsers(dest="catchball_command", metavar="ACTION", required=True)

    p = cb_sub.add_parser("list", help="threads of a unit, or waiting for a person")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--unit", metavar="CODE")
    p.add_argument("--waiting-for", metavar="PERSON", help="key or name")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_list)

    p = cb_sub.add_parser(
        "throw", help="send a node to a unit below; says what it opened (-q: the thread id)"
    )
    p.add_argument("path", metavar="PATH")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--to", required=True, metavar="UNIT")
    p.add_argument("--as", dest="author", required=True, metavar="PERSON")
    p.add_argument("--value", metavar="V")
    p.add_argument("--message", default="", metavar="TEXT")
    add_quiet(p)
    p.set_defaults(run=_throw)

    p = cb_sub.add_parser("reply", help="answer in a thread")
    p.add_argument("path", metavar="PATH")
    p.add_argument("thread", type=int, metavar="THREAD")
    p.add_argument("--kind", required=True, choices=REPLY_KINDS)
    p.add_argument("--as", dest="author", required=True, metavar="PERSON")
    p.add_argument("--value", metavar="V")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="a proposed due date")
    p.add_argument("--owner", metavar="PERSON", help="a proposed owner")
    p.add_argument("--resources", default="", metavar="TEXT", help="resources asked")
    p.add_argument("--message", default="", metavar="TEXT")
    add_quiet(p)
    p.set_defaults(run=_reply)

    p = cb_sub.add_parser("lock", help="lock an agreement (the unit above)")
    p.add_argument("path", metavar="PATH")
    p.add_argument("thread", type=int, metavar="THREAD")
    p.add_argument("--as", dest="author", required=True, metavar="PERSON")
    add_quiet(p)
    p.set_defaults(run=_lock)

    p = cb_sub.add_parser("show", help="one thread with its whole conversation")
    p.add_argument("path", metavar="PATH")
    p.add_argument("thread", type=int, metavar="THREAD")
    p.set_defaults(run=_show)


def _throw(args: argparse.Namespace) -> int:
    with open_plan(args.path, args.author) as plan:
        op = Throw(args.code, args.to, args.author, args.value, args.message)
        thread = plan.execute(op).result
        say(args, _state_text(plan, thread), bare=thread)
    return 0


def _reply(args: argparse.Namespace) -> int:
    op = Reply(
        args.thread, args.kind, args.author, args.value, args.message, args.date, args.owner,
        args.resources,
    )  # fmt: skip
    with open_plan(args.path, args.author) as plan:
        plan.execute(op)
        say(args, _state_text(plan, args.thread))
    return 0


def _lock(args: argparse.Namespace) -> int:
    with open_plan(args.path, args.author) as plan:
        plan.execute(Lock(args.thread, args.author))
        say(args, _state_text(plan, args.thread))
    return 0


def _state_text(plan: Plan, thread_id: int) -> str:
    """ "Thread 2: KPI-3 → OPS as KPI-5, waiting for OPS — Helen threw 22": where a
    thread stands after an edit, and the message that brought it there."""
    with plan.session() as session:
        t, messages = queries.thread(session, thread_id)
    child = f" as {t.child_code}" if t.child_code else ""
    if t.waiting_unit:
        where = f"{t.state}, round {t.round}, waiting for {t.waiting_unit}"
    elif t.agreed_value is not None:
        where = f"{t.state} at {t.agreed_value:g}"
    else:
        where = t.state
    said = ""
    if messages:
        last = messages[-1]
        value = f" {last['value']:g}" if last["value"] is not None else ""
        said = f" — {last['author'] or 'Hoshin'} {DID.get(last['kind'], last['kind'])}{value}"
    return f"Thread {t.id}: {t.code} → {t.lower}{child}, {where}{said}"


def _resolve(plan: Plan, unit: str | None, person: str | None) -> tuple[int | None, int | None]:
    """Unit and person ids from what was typed, with the usual errors."""
    with plan.session() as session:
        tx = Tx(session, plan.graph, plan.settings)
        unit_id = int(tx.unit(unit)["id"]) if unit else None
        person_id = int(tx.person(person)["id"]) if person else None
    return unit_id, person_id


def _list(args: argparse.Namespace) -> int:
    now = utc_now()
    with Plan.open(args.path) as plan:
        unit_id, person_id = _resolve(plan, args.unit, args.waiting_for)
        with plan.session() as session:
            threads = queries.list_threads(session, unit_id=unit_id, waiting_for=person_id)
    if args.json:
        print(json.dumps([t.as_dict(now) for t in threads], indent=2, ensure_ascii=False))
        return 0
    if not threads:  # an empty answer is still an answer
        whom = f" for {args.waiting_for.strip()}" if args.waiting_for else ""
        where = f" in {args.unit.strip().upper()}" if args.unit else ""
        print(f"No catchball thread waits{whom}{where}." if whom else f"No threads{where}.")
    for t in threads:
        waiting = f"waiting for {t.waiting_unit}" if t.waiting_unit else "nobody to answer"
        print(
            f"{t.id:>5}  {t.code} {t.upper} → {t.lower}  {t.state:<13} round {t.round}  "
            f"{waiting}  {t.days_open(now)} d  {t.title}"
        )
    return 0


def _show(args: argparse.Namespace) -> int:
    with Plan.open(args.path) as plan, plan.session() as session:
        summary, messages = queries.thread(session, args.thread)
    print(
        f"Thread {summary.id}: {summary.code} {summary.title} — {summary.upper} → "
        f"{summary.lower} (counterpart {summary.child_code or 'none'})"
    )
    waiting = summary.waiting_unit or "nobody"
    print(f"State: {summary.state}, round {summary.round}, waiting for {waiting}")
    for m in messages:
        who = f"{m['author']} ({m['author_unit']})" if m["author"] else "Hoshin"
        parts = [f"{m['created_at']:%Y-%m-%d %H:%M}", ARROW[m["direction"]], who, m["kind"]]
        if m["value"] is not None:
            parts.append(f"{m['value']:g}")
        if m["due"] is not None:
            parts.append(f"by {m['due']}")
        if m["owner"]:
            parts.append(f"owner {m['owner']}")
        if m["resources"]:
            parts.append(f"asks {m['resources']}")
        line = "  " + " ".join(parts) + f" [r{m['round']}, {m['state']}]"
        print(line + (f": {m['text']}" if m["text"] else ""))
    return 0
