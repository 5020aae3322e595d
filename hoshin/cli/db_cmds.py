"""``hoshin db …``: shared plans on a database server (PostgreSQL)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from hoshin.model.errors import PlanError
from hoshin.model.lookups import find_person
from hoshin.operations import SetLogin
from hoshin.plan import Plan
from hoshin.shared import logins, rls
from hoshin.store import storage
from hoshin.store.dbcopy import copy_plan
from hoshin.store.masking import without_password


def register(sub: Any) -> None:
    db = sub.add_parser("db", help="shared plans: create, upgrade, copy to and from a file")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)

    p = db_sub.add_parser("init", help="create a plan in an empty database")
    p.add_argument("url", metavar="URL", help="e.g. postgresql+psycopg://user@host/db")
    p.add_argument("--org", required=True, metavar="NAME")
    p.set_defaults(run=_init)

    p = db_sub.add_parser("upgrade", help="bring a plan's schema to this Hoshin's")
    p.add_argument("url", metavar="URL")
    p.set_defaults(run=_upgrade)

    p = db_sub.add_parser(
        "login", help="give a person of the plan a database login (run as the plan's owner)"
    )
    p.add_argument("url", metavar="URL")
    p.add_argument("person", metavar="PERSON", help="key (P-3) or name")
    p.add_argument("login", metavar="LOGIN", help="lower-case letters, digits and _")
    p.add_argument(
        "--password-env",
        metavar="VAR",
        default="HOSHIN_DB_PASSWORD",
        help="environment variable holding the password (default HOSHIN_DB_PASSWORD); "
        "without it, the server's own authentication (peer, certificates) applies",
    )
    p.set_defaults(run=_login)

    p = db_sub.add_parser("copy", help="copy a whole plan: file ↔ database, either way")
    p.add_argument("source", metavar="SRC")
    p.add_argument("destination", metavar="DST", help="a new file, or an empty database")
    p.set_defaults(run=_copy)


def _init(args: argparse.Namespace) -> int:
    with Plan.create(args.url, args.org) as plan:  # a shared plan's permissions come with it
        print(f"Created a plan for {plan.name} in {without_password(args.url)}.")
        if plan.engine.dialect.name == "postgresql":
            print(f"Permissions are enforced by the database for members of {_group(plan)}.")
    return 0


def _upgrade(args: argparse.Namespace) -> int:
    with Plan.open(args.url) as plan:  # opening upgrades, or refuses a newer schema
        _secure(plan)
    print(f"{without_password(args.url)} is at schema {storage.schema_revisions()[0]}.")
    return 0


def _group(plan: Plan) -> str:
    return rls.group_name(plan.engine.url.database or "")


def _secure(plan: Plan) -> None:
    """On PostgreSQL: the group role, grants and row-level security of a shared plan (a
    new plan has them; an upgraded one gets them, refreshed)."""
    if plan.engine.dialect.name == "postgresql":
        with plan.engine.begin() as conn:
            rls.install(conn)
        print(f"Permissions are enforced by the database for members of {_group(plan)}.")


def _login(args: argparse.Namespace) -> int:
    if not args.url.startswith("postgresql"):
        raise PlanError("Database logins are for shared plans on PostgreSQL; give its URL.")
    password = os.environ.get(args.password_env) or None
    login = args.login.strip().lower()
    with Plan.open(args.url) as plan:
        plan.administrator = True  # the owner sets logins; roles bind the people
        with plan.session() as session:
            person = find_person(session, args.person)
            previous = person["login"]
            logins.check(session.connection(), login, previous)
        # Every check is made; the role is then made in one transaction, and should the
        # server still refuse it, the person's login is set back: all or nothing.
        applied = plan.execute(SetLogin(person["key"], login))
        try:
            with plan.engine.begin() as conn:
                logins.create(conn, login, password, previous)
        except SQLAlchemyError as exc:
            plan.execute(applied.inverse)
            reason = getattr(exc, "orig", None) or exc
            raise PlanError(f"The login {login} could not be made: {reason}") from exc
    how = "with the password given" if password else "without a password (server authentication)"
    was = f" ({previous} may no longer log in)" if previous and previous != login else ""
    print(f"{person['name']} logs in as {login} {how}{was}.")
    return 0


def _copy(args: argparse.Namespace) -> int:
    def progress(table: str, rows: int) -> None:
        print(f"\r{table}: {rows:,} rows   ", end="", file=sys.stderr, flush=True)

    total = copy_plan(args.source, args.destination, progress)
    print(file=sys.stderr)
    print(f"Copied {total:,} rows to {without_password(args.destination)}.")
    return 0
