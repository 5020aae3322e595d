"""Commands that change a plan: units, people, nodes, links, monthly figures."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from hoshin.cli.common import open_plan
from hoshin.kinds import EdgeKind, NodeKind, Role, Strength
from hoshin.operations import (
    AddNode,
    AddPerson,
    AddUnit,
    Assign,
    Batch,
    Link,
    Operation,
    SetMeasurement,
    Unlink,
    UpdateNode,
)
from hoshin.validate import choice

# option name -> node field, for the options `add` and `set` share
NODE_OPTIONS: dict[str, str] = {
    "description": "description",
    "function": "function",
    "start": "start_date",
    "due": "due_date",
    "unit_of_measure": "unit_of_measure",
    "direction": "direction",
    "baseline": "baseline",
    "goal": "goal",
    "status": "status",
    "origin": "origin",
    "type": "kaizen_type",
    "end": "end_date",
    "effect_on": "effect_target",
    "expected_effect": "expected_effect",
}


def _node_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--description", metavar="TEXT")
    p.add_argument("--function", metavar="NAME", help="business function (kaizens)")
    p.add_argument("--start", metavar="DATE", help="start date, YYYY-MM-DD")
    p.add_argument("--due", metavar="DATE", help="due date, YYYY-MM-DD")
    p.add_argument("--unit-of-measure", metavar="TEXT", help="target: unit, e.g. %% or days")
    p.add_argument("--direction", metavar="up|down", help="target: higher or lower is better")
    p.add_argument("--baseline", metavar="N", help="target: where it stands")
    p.add_argument("--goal", metavar="N", help="target: where it must get to")
    p.add_argument("--status", metavar="STATUS", help="kaizen: idea, approved, in progress, …")
    p.add_argument("--origin", metavar="ORIGIN", help="kaizen: top-down, bottom-up or joint")
    p.add_argument("--type", metavar="TYPE", help="kaizen: event, project or daily")
    p.add_argument("--end", metavar="DATE", help="kaizen: end date, YYYY-MM-DD")
    p.add_argument("--effect-on", metavar="CODE", help="kaizen: the target it should move")
    p.add_argument("--expected-effect", metavar="TEXT", help="kaizen: e.g. '-2 days'")


def _given(args: argparse.Namespace) -> dict[str, Any]:
    return {
        field: getattr(args, option)
        for option, field in NODE_OPTIONS.items()
        if getattr(args, option) is not None
    }


def register(sub: Any) -> None:
    unit = sub.add_parser("unit", help="organisation units")
    unit_sub = unit.add_subparsers(dest="unit_command", metavar="ACTION", required=True)
    p = unit_sub.add_parser("add", help="add a unit; prints its code")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--name", required=True)
    p.add_argument("--parent", required=True, metavar="CODE")
    p.add_argument("--level", metavar="NAME")
    p.add_argument("--function", metavar="NAME")
    p.add_argument("--code", metavar="CODE", help="a code of your own (default U-n)")
    p.set_defaults(run=_printing(lambda a: AddUnit(a.name, a.parent, a.level, a.function, a.code)))

    person = sub.add_parser("person", help="people")
    person_sub = person.add_subparsers(dest="person_command", metavar="ACTION", required=True)
    p = person_sub.add_parser("add", help="add a person; prints the person's key")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--name", required=True)
    p.add_argument("--unit", required=True, metavar="CODE")
    p.set_defaults(run=_printing(lambda a: AddPerson(a.name, a.unit)))

    p = sub.add_parser("add", help="add a node; prints its code")
    p.add_argument("path", metavar="PATH")
    p.add_argument("kind", metavar="KIND", help="breakthrough, annual, priority, target, kaizen")
    p.add_argument("--unit", required=True, metavar="CODE")
    p.add_argument("--title", required=True, metavar="TEXT")
    p.add_argument("--supports", action="append", default=[], metavar="CODE")
    p.add_argument("--measures", action="append", default=[], metavar="CODE")
    _node_options(p)
    p.set_defaults(run=_printing(_add))

    p = sub.add_parser("set", help="change fields of a node")
    p.add_argument("path", metavar="PATH")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--title", metavar="TEXT")
    p.add_argument("--unit", metavar="CODE", help="move the node to another unit")
    p.add_argument("--owner", metavar="PERSON", help="primary owner (key or name)")
    p.add_argument("--secondary-owner", metavar="PERSON")
    _node_options(p)
    p.set_defaults(run=_set)

    p = sub.add_parser("link", help="link two nodes")
    p.add_argument("path", metavar="PATH")
    p.add_argument("source", metavar="FROM")
    p.add_argument("target", metavar="TO")
    p.add_argument("--kind", choices=[k.value for k in EdgeKind])
    p.add_argument("--strength", choices=[s.value for s in Strength])
    p.add_argument("--rationale", default="", metavar="TEXT")
    p.set_defaults(run=_quiet(lambda a: Link(a.source, a.target, a.kind, a.strength, a.rationale)))

    p = sub.add_parser("unlink", help="remove the link between two nodes")
    p.add_argument("path", metavar="PATH")
    p.add_argument("source", metavar="FROM")
    p.add_argument("target", metavar="TO")
    p.set_defaults(run=_quiet(lambda a: Unlink(a.source, a.target)))

    p = sub.add_parser("measure", help="record a target's plan or actual for a month")
    p.add_argument("path", metavar="PATH")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--month", required=True, metavar="YYYY-MM")
    p.add_argument("--actual", metavar="N")
    p.add_argument("--plan", metavar="N")
    p.set_defaults(run=_quiet(_measure))


def _execute(path: str, op: Operation) -> Any:
    with open_plan(path) as plan:
        return plan.execute(op).result


def _printing(build: Callable[[argparse.Namespace], Operation]) -> Callable[..., int]:
    def run(args: argparse.Namespace) -> int:
        op = build(args)  # built before opening, so a bad value never touches the file
        print(_execute(args.path, op))
        return 0

    return run


def _quiet(build: Callable[[argparse.Namespace], Operation]) -> Callable[..., int]:
    def run(args: argparse.Namespace) -> int:
        _execute(args.path, build(args))
        return 0

    return run


def _add(args: argparse.Namespace) -> Operation:
    kind = choice(NodeKind, args.kind, "kind")
    return AddNode(
        kind, args.unit, args.title, _given(args), links=[*args.supports, *args.measures]
    )


def _set(args: argparse.Namespace) -> int:
    fields = _given(args)
    if args.title is not None:
        fields["title"] = args.title
    if args.unit is not None:
        fields["unit"] = args.unit
    ops: list[Operation] = []
    if fields:
        ops.append(UpdateNode(args.code, fields))
    if args.owner:
        ops.append(Assign(args.code, args.owner, Role.PRIMARY))
    if args.secondary_owner:
        ops.append(Assign(args.code, args.secondary_owner, Role.SECONDARY))
    if not ops:
        from hoshin.errors import ValidationError

        raise ValidationError("Nothing to change: give at least one option, e.g. --title.")
    _execute(args.path, Batch(f"Change {args.code}", ops))
    return 0


def _measure(args: argparse.Namespace) -> Operation:
    values: dict[str, Any] = {}
    if args.actual is not None:
        values["actual"] = args.actual
    if args.plan is not None:
        values["plan"] = args.plan
    return SetMeasurement(args.code, args.month, **values)
