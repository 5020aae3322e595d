"""``hoshin unit set|remove|list``, ``person set|remove`` and ``function add|list``: the
rest of the organisation, beside ``unit add`` and ``person add|list`` (:mod:`.org_cmds`).

Removing a unit or a person that takes something with it (roles, owners) names it and
goes only with ``--yes``, as ``node delete`` does; one the plan keeps (a unit not empty, a
person with history) is refused by the core, which says why.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import Any

from hoshin.cli.common import add_quiet, open_plan, say
from hoshin.model.errors import ValidationError
from hoshin.model.lookups import find_person
from hoshin.operations import AddFunction, RemovePerson, RemoveUnit, UpdatePerson, UpdateUnit
from hoshin.plan import Plan
from hoshin.reads import organisation as org
from hoshin.text.wording import count

YES_HELP = "also when roles or owners go with it"


def register_unit(unit_sub: Any) -> None:
    """``unit set``, ``unit remove`` and ``unit list``, under ``hoshin unit``."""
    p = unit_sub.add_parser("set", help="rename a unit, or set its level or function")
    p.add_argument("path", metavar="PATH")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--name")
    p.add_argument("--level", metavar="NAME", help="e.g. Department, Team, Site")
    p.add_argument("--function", metavar="NAME", help="one of 'hoshin function list'; '' for none")
    add_quiet(p)
    p.set_defaults(run=_unit_set)

    p = unit_sub.add_parser(
        "remove",
        help="remove an empty unit",
        epilog="A unit goes when it has no units below it, no people and no objectives, "
        "targets or kaizens. When people hold roles on it, the command names them and removes "
        "it only with --yes. In the app, Edit ▸ Undo brings it back.",
    )
    p.add_argument("path", metavar="PATH")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--yes", action="store_true", help=YES_HELP)
    add_quiet(p)
    p.set_defaults(run=_unit_remove)

    p = unit_sub.add_parser("list", help="the units as a tree: level, function, people")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(run=_unit_list)


def register_person(person_sub: Any) -> None:
    """``person set`` and ``person remove``, under ``hoshin person``."""
    p = person_sub.add_parser("set", help="rename a person, or move them to another unit")
    p.add_argument("path", metavar="PATH")
    p.add_argument("who", metavar="PERSON", help="key (P-3) or name")
    p.add_argument("--name")
    p.add_argument("--unit", metavar="CODE", help="move them to this unit")
    p.add_argument(
        "--email", metavar="ADDRESS", help="where reminders reach them (hoshin remind); '' clears"
    )
    add_quiet(p)
    p.set_defaults(run=_person_set)

    p = person_sub.add_parser(
        "remove",
        help="remove a person who left",
        epilog="A person whose name is on the plan's record (edits in the history, catchball "
        "messages) is kept. When they own priorities or targets, hold roles, or own action "
        "items, countermeasures or checks, the command names them and removes the person "
        "only with --yes (the items stay, without an owner).",
    )
    p.add_argument("path", metavar="PATH")
    p.add_argument("who", metavar="PERSON", help="key (P-3) or name")
    p.add_argument("--yes", action="store_true", help=YES_HELP)
    add_quiet(p)
    p.set_defaults(run=_person_remove)


def register(sub: Any) -> None:
    """``hoshin function add|list``."""
    function = sub.add_parser("function", help="the functions units and kaizens belong to")
    function_sub = function.add_subparsers(dest="function_command", metavar="ACTION", required=True)
    p = function_sub.add_parser("add", help="add a function (Legal, Procurement, …)")
    p.add_argument("path", metavar="PATH")
    p.add_argument("name", metavar="NAME")
    add_quiet(p)
    p.set_defaults(run=_function_add)

    p = function_sub.add_parser("list", help="the functions, with their units and kaizens")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(run=_function_list)


# -- units ---------------------------------------------------------------------------------


def _unit(plan: Plan, code: str) -> org.UnitRow:
    with plan.session() as s:
        wanted = code.strip().upper()
        found = next((u for u in org.units(s) if u.code == wanted), None)
    if found is None:
        raise ValidationError(f"No unit {code.strip()} in this plan.")
    return found


def _unit_set(args: argparse.Namespace) -> int:
    if args.name is None and args.level is None and args.function is None:
        raise ValidationError("Nothing to change: give --name, --level or --function.")
    with open_plan(args.path) as plan:
        plan.execute(UpdateUnit(args.code, args.name, args.level, args.function))
        unit = _unit(plan, args.code)
    said = []
    if args.name is not None:
        said.append(f"name {unit.name}")
    if args.level is not None:
        said.append(f"level {unit.level}")
    if args.function is not None:
        said.append(f"function {unit.function}" if unit.function else "no function")
    say(args, f"{unit.code}: " + ", ".join(said))
    return 0


def _unit_remove(args: argparse.Namespace) -> int:
    with open_plan(args.path) as plan:
        with plan.session() as s:
            going = org.unit_removal(s, args.code)
        parts = going.parts()
        # A unit the core keeps is refused by it, in its words; --yes would not help.
        if parts and not going.blocked and not args.yes:
            raise ValidationError(
                f"Removing {going.code} also removes {'; '.join(parts)}. Add --yes to remove "
                "it with them."
            )
        plan.execute(RemoveUnit(going.code))
    with_ = f"; also gone: {'; '.join(parts)}" if parts else ""
    say(args, f"Removed {going.code} {going.name}{with_}")
    return 0


def _unit_list(args: argparse.Namespace) -> int:
    with Plan.open(args.path) as plan, plan.session() as s:
        found = org.units(s)
    if args.json:
        print(json.dumps([_unit_json(u, found) for u in found], indent=2, ensure_ascii=False))
        return 0
    for u in found:
        code = "  " * u.depth + u.code
        people = count(u.people, "person", "people") if u.people else ""
        print(f"{code:<14} {u.name:<30} {u.level:<12} {u.function or '–':<20} {people}".rstrip())
    return 0


def _unit_json(unit: org.UnitRow, every: list[org.UnitRow]) -> dict[str, Any]:
    codes = {u.id: u.code for u in every}
    return {
        "code": unit.code,
        "name": unit.name,
        "parent": codes.get(unit.parent_id) if unit.parent_id is not None else None,
        "level": unit.level,
        "function": unit.function,
        "depth": unit.depth,
        "people": unit.people,
    }


# -- people --------------------------------------------------------------------------------


def _person_set(args: argparse.Namespace) -> int:
    if args.name is None and args.unit is None and args.email is None:
        raise ValidationError("Nothing to change: give --name, --unit or --email.")
    with open_plan(args.path) as plan:
        with plan.session() as s:
            key = str(find_person(s, args.who)["key"])  # the key: the name may change
        plan.execute(UpdatePerson(key, args.name, args.unit, args.email))
        with plan.session() as s:
            person = next(p for p in org.people(s) if p.key == key)
    said = []
    if args.name is not None:
        said.append(f"name {person.name}")
    if args.unit is not None:
        said.append(f"unit {person.unit_code} {person.unit_name}")
    if args.email is not None:
        said.append(f"e-mail {person.email}" if person.email else "no e-mail address")
    say(args, f"{person.key}: " + ", ".join(said))
    return 0


def _person_remove(args: argparse.Namespace) -> int:
    with open_plan(args.path) as plan:
        with plan.session() as s:
            going = org.person_removal(s, args.who)
        parts = going.parts()
        if parts and not going.blocked and not args.yes:
            raise ValidationError(
                f"Removing {going.key} {going.name} also takes away {'; '.join(parts)}. Add "
                "--yes to remove them all the same."
            )
        plan.execute(RemovePerson(going.key))
    with_ = f"; also gone: {'; '.join(parts)}" if parts else ""
    say(args, f"Removed {going.key} {going.name} ({going.unit_code}){with_}")
    return 0


# -- functions -----------------------------------------------------------------------------


def _function_add(args: argparse.Namespace) -> int:
    with open_plan(args.path) as plan:
        plan.execute(AddFunction(args.name))
        with plan.session() as s:
            number = len(org.functions(s))
    say(args, f"Function {args.name.strip()} added ({count(number, 'function')} in the plan)")
    return 0


def _function_list(args: argparse.Namespace) -> int:
    with Plan.open(args.path) as plan, plan.session() as s:
        found = org.functions(s)
    if args.json:
        print(json.dumps([asdict(f) for f in found], indent=2, ensure_ascii=False))
        return 0
    for f in found:
        print(f"{f.name:<24} {count(f.units, 'unit'):>9}  {count(f.kaizens, 'kaizen')}")
    return 0
