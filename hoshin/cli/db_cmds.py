"""``hoshin db …``: shared plans on a database server (PostgreSQL)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from hoshin import storage
from hoshin.dbcopy import copy_plan
from hoshin.plan import Plan


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

    p = db_sub.add_parser("copy", help="copy a whole plan: file ↔ database, either way")
    p.add_argument("source", metavar="SRC")
    p.add_argument("destination", metavar="DST", help="a new file, or an empty database")
    p.set_defaults(run=_copy)


def _init(args: argparse.Namespace) -> int:
    with Plan.create(args.url, args.org) as plan:
        print(f"Created a plan for {plan.name} in {_safe(args.url)}.")
    return 0


def _upgrade(args: argparse.Namespace) -> int:
    storage.open_engine(args.url).dispose()  # opening upgrades, or refuses a newer schema
    print(f"{_safe(args.url)} is at schema {storage.schema_revisions()[0]}.")
    return 0


def _copy(args: argparse.Namespace) -> int:
    def progress(table: str, rows: int) -> None:
        print(f"\r{table}: {rows:,} rows   ", end="", file=sys.stderr, flush=True)

    total = copy_plan(args.source, args.destination, progress)
    print(file=sys.stderr)
    print(f"Copied {total:,} rows to {_safe(args.destination)}.")
    return 0


def _safe(location: str) -> str:
    """A location fit to print: a URL's password is never shown."""
    if "://" in location and "@" in location:
        scheme, rest = location.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}@{host}"
    return location
