"""``hoshin export`` and ``hoshin import``: the Excel deployment workbook, out and back in."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select

from hoshin.cli.common import YEAR_HELP, shown_year
from hoshin.model import entities as e
from hoshin.model.errors import NotFoundError
from hoshin.plan import Plan
from hoshin.rules import validate
from hoshin.rules.validate import date
from hoshin.store import outputs
from hoshin.store.storage import is_url


def register(sub: Any) -> None:
    p = sub.add_parser("export", help="write the deployment workbook (.xlsx) of a plan")
    p.add_argument("path", metavar="PATH", help="the plan")
    p.add_argument("-o", "--output", required=True, metavar="OUT.xlsx", help="the workbook")
    p.add_argument("--unit", metavar="CODE", help="only this unit and the units below it")
    p.add_argument("--as-of", metavar="DATE", help="read the plan as of this day (YYYY-MM-DD)")
    p.add_argument("--progress", action="store_true", help="show progress on stderr")
    p.add_argument("--force", action="store_true", help="replace OUT.xlsx if it exists")
    p.add_argument("--year", type=validate.year, metavar="YYYY", help=YEAR_HELP)
    p.set_defaults(run=_export)

    p = sub.add_parser("import", help="build a plan from a workbook (Hoshin's, or an X-matrix)")
    p.add_argument("workbook", metavar="IN.xlsx")
    p.add_argument("-o", "--output", required=True, metavar="PATH", help="the new plan")
    p.set_defaults(run=_import)


def _show(done: int, total: int, text: str) -> None:
    print(f"\r{text}: {100 * done // max(total, 1):3d} %   ", end="", file=sys.stderr, flush=True)


def _export(args: argparse.Namespace) -> int:
    from hoshin.excel import export_workbook

    as_of = date(args.as_of, "as-of date")  # checked before the plan is opened
    reading = [] if is_url(args.path) else [args.path]
    outputs.guard(Path(args.output), reading=reading, force=args.force)
    with Plan.open(args.path) as plan:
        shown_year(plan, args.year)
        unit_id = None
        if args.unit:
            with plan.session() as session:
                unit_id = session.execute(
                    select(e.Unit.id).where(e.Unit.code == args.unit.strip().upper())
                ).scalar()
            if unit_id is None:
                raise NotFoundError(f"No unit {args.unit.strip()} in this plan.")
        summary = export_workbook(
            plan,
            args.output,
            unit_id=unit_id,
            as_of=as_of,
            progress=_show if args.progress else None,
            replace=args.force,
        )
    if args.progress:
        print(file=sys.stderr)
    print(f"Wrote {summary.path}: {len(summary.sheets)} sheets, {summary.cells:,} cells.")
    return 0


def _import(args: argparse.Namespace) -> int:
    from hoshin.excel import import_workbook

    report = import_workbook(args.workbook, args.output)
    for line in report.lines():
        print(line)
    return 0
