"""``hoshin role …``: who may change which unit's part of the plan."""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy import select

from hoshin.cli.common import add_quiet, open_plan, say
from hoshin.model import entities as e
from hoshin.model.kinds import Access
from hoshin.operations import SetAccess


def register(sub: Any) -> None:
    role = sub.add_parser("role", help="roles per unit: executive, manager, member, viewer")
    role_sub = role.add_subparsers(dest="role_command", metavar="ACTION", required=True)

    p = role_sub.add_parser("list", help="every role of the plan, by unit")
    p.add_argument("path", metavar="PATH")
    p.set_defaults(run=_list)

    p = role_sub.add_parser("set", help="give a person a role on a unit (and the units below)")
    p.add_argument("path", metavar="PATH")
    p.add_argument("person", metavar="PERSON", help="key (P-3) or name")
    p.add_argument("unit", metavar="UNIT", help="unit code")
    p.add_argument("role", metavar="ROLE", choices=[a.value for a in Access])
    p.add_argument("--as", dest="actor", metavar="PERSON", help="who gives the role")
    add_quiet(p)
    p.set_defaults(run=_set)

    p = role_sub.add_parser("remove", help="take a person's role on a unit away")
    p.add_argument("path", metavar="PATH")
    p.add_argument("person", metavar="PERSON")
    p.add_argument("unit", metavar="UNIT")
    p.add_argument("--as", dest="actor", metavar="PERSON")
    add_quiet(p)
    p.set_defaults(run=_remove)


def _list(args: argparse.Namespace) -> int:
    with open_plan(args.path) as plan, plan.session() as session:
        r, p, u = e.UnitRole, e.Person, e.Unit
        rows = session.execute(
            select(u.code, u.name, p.key, p.name, r.role, p.login)
            .join(p, p.id == r.person_id)
            .join(u, u.id == r.unit_id)
            .order_by(u.code, p.key)
        ).all()
    if not rows:
        print("No roles: everyone may edit this plan. Start with: hoshin role set PATH "
              "PERSON TOPUNIT executive")  # fmt: skip
        return 0
    for code, unit, key, name, role, login in rows:
        account = f"  (login {login})" if login else ""
        print(f"{code:<8} {unit:<28} {role:<10} {key:<6} {name}{account}")
    return 0


def _set(args: argparse.Namespace) -> int:
    with open_plan(args.path, args.actor) as plan:
        plan.execute(SetAccess(args.person, args.unit, args.role))
    say(args, f"{args.person} is {args.role} of {args.unit.upper()} and the units below it.")
    return 0


def _remove(args: argparse.Namespace) -> int:
    with open_plan(args.path, args.actor) as plan:
        plan.execute(SetAccess(args.person, args.unit, None))
    say(args, f"{args.person} has no role on {args.unit.upper()} any more.")
    return 0
