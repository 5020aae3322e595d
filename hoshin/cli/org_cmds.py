"""``hoshin unit add`` and ``hoshin person add|list``: the organisation of a plan."""

from __future__ import annotations

import argparse
import json
from typing import Any

from sqlalchemy import select

from hoshin.cli import organisation_cmds
from hoshin.cli.common import add_quiet, open_plan, say
from hoshin.model import entities as e
from hoshin.operations import AddPerson, AddUnit
from hoshin.operations.base import Tx
from hoshin.plan import Plan
from hoshin.reads.units import UnitTree


def register(sub: Any) -> None:
    unit = sub.add_parser("unit", help="organisation units")
    unit_sub = unit.add_subparsers(dest="unit_command", metavar="ACTION", required=True)
    p = unit_sub.add_parser("add", help="add a unit (-q: print only its code)")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--name", required=True)
    p.add_argument("--parent", required=True, metavar="CODE")
    p.add_argument("--level", metavar="NAME")
    p.add_argument("--function", metavar="NAME")
    p.add_argument("--code", metavar="CODE", help="a code of your own (default U-n)")
    add_quiet(p)
    p.set_defaults(run=_unit_add)
    organisation_cmds.register_unit(unit_sub)

    person = sub.add_parser("person", help="people")
    person_sub = person.add_subparsers(dest="person_command", metavar="ACTION", required=True)
    p = person_sub.add_parser("add", help="add a person (-q: print only the person's key)")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--name", required=True)
    p.add_argument("--unit", required=True, metavar="CODE")
    add_quiet(p)
    p.set_defaults(run=_person_add)

    p = person_sub.add_parser("list", help="the people of the plan, or of a unit and below")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--unit", metavar="CODE", help="only this unit and the units below it")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(run=_person_list)
    organisation_cmds.register_person(person_sub)


def _unit_add(args: argparse.Namespace) -> int:
    op = AddUnit(args.name, args.parent, args.level, args.function, args.code)
    with open_plan(args.path) as plan:
        code = plan.execute(op).result
        with plan.session() as s:
            level = s.execute(select(e.Unit.level).where(e.Unit.code == code)).scalar()
    function = f", {args.function.strip()}" if args.function else ""
    say(
        args,
        f"{code} {args.name.strip()} added under {args.parent.strip().upper()} ({level}{function})",
        bare=code,
    )
    return 0


def _person_add(args: argparse.Namespace) -> int:
    with open_plan(args.path) as plan:
        key = plan.execute(AddPerson(args.name, args.unit)).result
    say(args, f"{key} {args.name.strip()} added to {args.unit.strip().upper()}", bare=key)
    return 0


def people(plan: Plan, unit: str | None) -> list[dict[str, Any]]:
    """The people of the plan, or of ``unit`` and the units below it, by unit and key."""
    with plan.session() as s:
        units = UnitTree.load(s)
        wanted: set[int] | None = None
        if unit is not None:
            top = int(Tx(s, plan.graph, plan.settings).unit(unit)["id"])
            wanted = set(units.subtree(top))
        rows = s.execute(
            select(e.Person.key, e.Person.name, e.Person.unit_id, e.Person.login, e.Person.email)
        ).all()
        owns: dict[str, int] = {}
        for key, _responsibility in s.execute(
            select(e.Person.key, e.Responsibility.id).join(
                e.Responsibility, e.Responsibility.person_id == e.Person.id
            )
        ):
            owns[key] = owns.get(key, 0) + 1
    out = [
        {
            "key": key,
            "name": name,
            "unit": units.code(unit_id),
            "unit_name": units.name(unit_id),
            "login": login,
            "email": email,
            "owns": owns.get(key, 0),
        }
        for key, name, unit_id, login, email in rows
        if wanted is None or unit_id in wanted
    ]
    return sorted(out, key=lambda r: (r["unit"], _key_order(r["key"])))


def _key_order(key: str) -> tuple[str, int]:
    prefix, _, digits = key.rpartition("-")
    return (prefix, int(digits)) if digits.isdigit() else (key, 0)


def _person_list(args: argparse.Namespace) -> int:
    with Plan.open(args.path) as plan:
        found = people(plan, args.unit)
    if args.json:
        print(json.dumps(found, indent=2, ensure_ascii=False))
        return 0
    if not found:
        where = f" in {args.unit.strip().upper()}" if args.unit else ""
        print(f"No people{where}. Add one: hoshin person add PATH --name NAME --unit CODE")
        return 0
    for r in found:
        login = f"  (login {r['login']})" if r["login"] else ""
        owns = f"  owner of {r['owns']}" if r["owns"] else ""
        mail = f"  <{r['email']}>" if r["email"] else ""
        print(f"{r['key']:<6} {r['name']:<24} {r['unit']:<8} {r['unit_name']}{owns}{mail}{login}")
    return 0
