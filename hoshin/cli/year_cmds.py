"""The years of a plan, the year-end decisions and next year's plan.

hoshin year list PATH
hoshin year close PATH 2026
hoshin year reopen PATH 2026
hoshin reflect PATH KPI-4 --decision modify --goal 30 --result partly --lesson "…"
hoshin reflect list PATH [--year 2026]
hoshin reflect show PATH KPI-4 [--year 2026]
hoshin reflect comment PATH KPI-4 "Start earlier" [--as PERSON] [--year 2026]
hoshin reflect report PATH [--unit CODE] -o reflection.pdf   (drawn by Qt: the desktop shell
    lends the writer with :func:`add_pdf_writer`, as for the review; ``python -m hoshin`` says
    it cannot)
hoshin rollover PATH --year 2027
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from hoshin.cli.common import add_quiet, open_plan, say
from hoshin.model import entities as e
from hoshin.model.errors import HoshinError, ValidationError
from hoshin.operations.base import UNSET
from hoshin.operations.rollover import RolledOver, Rollover
from hoshin.operations.years import (
    DECISIONS,
    RESULTS,
    CommentReflection,
    Reflect,
    SetYearState,
)
from hoshin.reads import reflections as q
from hoshin.reads.reflection import ReflectionLine, comments_on, load_reflection
from hoshin.reports.reflection_report import ReflectionReport, build_report, report_title
from hoshin.rules import validate
from hoshin.rules.years import CLOSED, OPEN, years
from hoshin.store import outputs
from hoshin.store.storage import is_url

if TYPE_CHECKING:
    from hoshin.cli.main import Commands

#: Writes the reflection report to a PDF file (the shell's, drawn by Qt).
PdfWriter = Callable[[ReflectionReport, Path], None]


def register(sub: Any) -> None:
    top = sub.add_parser("year", help="the years of a plan: list, close, reopen")
    what = top.add_subparsers(dest="year_command", metavar="ACTION", required=True)
    p = what.add_parser("list", help="every year of the plan, open or closed")
    p.add_argument("path")
    p.set_defaults(run=_list_years)
    for verb, state in (("close", CLOSED), ("reopen", OPEN)):
        p = what.add_parser(verb, help=f"{verb} a year (an executive)")
        p.add_argument("path")
        p.add_argument("year", type=validate.year)
        add_quiet(p)
        p.set_defaults(run=_set_state, state=state)

    p = sub.add_parser(
        "reflect",
        help="record the year-end reflection and decision on a node; `reflect list PATH`; "
        "`reflect show PATH NODE`; `reflect comment PATH NODE TEXT`; "
        "`reflect report PATH -o reflection.pdf`",
        description="hoshin reflect PATH NODE --decision …  |  hoshin reflect list PATH  |  "
        "hoshin reflect show PATH NODE  |  hoshin reflect comment PATH NODE TEXT [--as PERSON]"
        "  |  hoshin reflect report PATH [--unit CODE] -o reflection.pdf",
    )
    p.add_argument(
        "first",
        metavar="PATH",
        help="the plan (or `list`/`show`/`comment`/`report`, then the plan)",
    )
    p.add_argument(
        "second", metavar="NODE", help="the node's code (or the plan after `list`/`report`)"
    )
    p.add_argument(
        "more",
        nargs="*",
        metavar="NODE TEXT",
        help="with show: the node; with comment: the node and the comment",
    )
    p.add_argument(
        "--as",
        dest="as_person",
        metavar="PERSON",
        help="with comment: who comments (a key or name; default $HOSHIN_PERSON)",
    )
    p.add_argument("--decision", choices=DECISIONS, help="what becomes of it next year")
    p.add_argument("--title", help="its new wording (modify)")
    p.add_argument("--goal", help="its new goal (modify, a target)")
    p.add_argument("--result", choices=RESULTS, help="how it went this year")
    p.add_argument("--helped", metavar="TEXT")
    p.add_argument("--hindered", metavar="TEXT")
    p.add_argument("--lesson", metavar="TEXT")
    p.add_argument(
        "--year", type=validate.year, help="with list or report: the year (default current)"
    )
    p.add_argument("--unit", metavar="CODE", help="with report: this unit and those under it")
    p.add_argument("-o", "--output", metavar="FILE", help="with report: reflection.pdf")
    p.add_argument("--force", action="store_true", help="with report: replace FILE if it exists")
    add_quiet(p)
    p.set_defaults(run=_reflect, write_reflection_pdf=None)

    p = sub.add_parser("rollover", help="make next year's plan from this year's, in the plan")
    p.add_argument("path")
    p.add_argument("--year", type=validate.year, required=True, help="the new year, e.g. 2027")
    add_quiet(p)
    p.set_defaults(run=_rollover)


def add_pdf_writer(commands: Commands, write: PdfWriter) -> None:
    """Let ``reflect report`` write with ``write`` (the shell's, drawn by Qt)."""
    commands.choices["reflect"].set_defaults(write_reflection_pdf=write)


def _list_years(args: argparse.Namespace) -> int:
    with open_plan(args.path) as plan, plan.session() as s:
        current = plan.year
        for year, state in years(s):
            print(f"{year} {state}{'  (current)' if year == current else ''}")
    return 0


def _set_state(args: argparse.Namespace) -> int:
    with open_plan(args.path) as plan:
        plan.execute(SetYearState(args.year, args.state))
        say(args, f"{args.year} is {args.state}.")
    return 0


def _reflect(args: argparse.Namespace) -> int:
    if args.first == "report":
        return _report(args)
    if args.first in ("show", "comment"):
        return _show_or_comment(args)
    if args.more or args.as_person is not None:
        raise ValidationError(
            "Too many words: `hoshin reflect PATH NODE --decision …`; a comment is "
            "`hoshin reflect comment PATH NODE TEXT`."
        )
    if args.output is not None or args.unit is not None:
        raise ValidationError("-o and --unit go with `hoshin reflect report PATH`.")
    if args.first == "list":
        with open_plan(args.second) as plan:
            plan.use_year(args.year)
            with plan.session() as s:
                rows = q.reflections(s, plan.year)
                shown = load_reflection(s, plan.year)
                # The comments on the year's reflections (kaizens' too): one query.
                recorded = select(e.Reflection.node_id).join(
                    e.Node, e.Node.id == e.Reflection.node_id
                )
                said = {plan.graph.code(n): c for n, c in comments_on(s, recorded).items()}
            suggested = {x.code: x for u in shown.units for x in u.lines}
            for row in rows:
                line = suggested.pop(row.code, None)
                print(row.describe() + _suggested(line))
                for comment in said.get(row.code, []):
                    print(f"  comment by {comment.describe()}")
            if not rows:
                print(f"No reflection recorded for {plan.year} yet.")
            # What is left to reflect on, with what its figures suggest.
            for line in suggested.values():
                if line.suggested or line.comments:
                    print(f"{line.code} ({line.kind}): no reflection yet{_suggested(line)}")
                    _print_comments(line)
        return 0
    given = {
        "decision": args.decision,
        "new_title": args.title,
        "new_goal": args.goal,
        "result": args.result,
        "helped": args.helped,
        "hindered": args.hindered,
        "lesson": args.lesson,
    }
    if all(v is None for v in given.values()):
        raise ValidationError(
            "Nothing to record: give --decision, --title, --goal, --result, --helped, "
            "--hindered or --lesson."
        )
    op = Reflect(args.second, **{k: UNSET if v is None else v for k, v in given.items()})
    with open_plan(args.first) as plan:
        plan.execute(op)
        with plan.session() as s:
            found = q.reflection(s, plan.graph.id_of(args.second))
        say(args, found.describe() if found else f"{args.second}: recorded")
    return 0


def _print_comments(line: ReflectionLine | None) -> None:
    for comment in line.comments if line is not None else []:
        print(f"  comment by {comment.describe()}")


def _show_or_comment(args: argparse.Namespace) -> int:
    """`reflect show PATH NODE` and `reflect comment PATH NODE TEXT`."""
    want = 1 if args.first == "show" else 2
    if len(args.more) != want:
        usage = "NODE" if want == 1 else 'NODE "TEXT"'
        raise ValidationError(
            f"Give the node{'' if want == 1 else ' and the comment'}: "
            f"`hoshin reflect {args.first} PATH {usage}`."
        )
    if args.first == "show" and args.as_person is not None:
        raise ValidationError("--as goes with `hoshin reflect comment`.")
    code = args.more[0]
    with open_plan(args.second, args.as_person) as plan:
        plan.use_year(args.year)
        if args.first == "comment":
            plan.execute(CommentReflection(code, args.more[1], author=args.as_person))
        node_id = plan.graph.id_of(code)
        with plan.session() as s:
            found = q.reflection(s, node_id)
            unit = s.execute(select(e.Node.unit_id).where(e.Node.id == node_id)).scalar_one()
            shown = load_reflection(s, plan.year, [unit])
            said = comments_on(s, [node_id]).get(node_id, [])
        line = next((x for u in shown.units for x in u.lines if x.node_id == node_id), None)
        head = found.describe() if found else f"{code.strip().upper()}: no reflection yet"
        if args.first == "show" or not args.quiet:
            print(head + _suggested(line))
            for comment in said:  # a kaizen's too, which the reflection's lines leave out
                print(f"  comment by {comment.describe()}")
    return 0


def _suggested(line: ReflectionLine | None) -> str:
    if line is None or line.suggested is None:
        return ""
    if line.is_target:
        return f"; suggested {line.suggested}"
    many = "target" if line.suggested_from == 1 else "targets"
    return f"; suggested {line.suggested} (by {line.suggested_from} {many})"


def _report(args: argparse.Namespace) -> int:
    if args.output is None:
        raise ValidationError("Give the report's file: -o reflection.pdf.")
    out = Path(args.output)
    if out.suffix.lower() != ".pdf":
        raise ValidationError("The reflection report is a .pdf; give a file name ending in .pdf.")
    outputs.guard(out, reading=[] if is_url(args.second) else [args.second], force=args.force)
    if not out.parent.exists():
        raise ValidationError(f"The folder {out.parent} does not exist.")
    with open_plan(args.second) as plan:
        plan.use_year(args.year)
        report = build_report(plan, args.unit)
    write: PdfWriter | None = args.write_reflection_pdf
    if write is None:
        raise HoshinError(
            "The reflection report as a PDF needs the desktop app: run the installed 'hoshin' "
            "command."
        )
    write(report, out)
    print(f"Wrote {out}: {report_title(report)}")
    return 0


def _rollover(args: argparse.Namespace) -> int:
    with open_plan(args.path) as plan:
        done: RolledOver = plan.execute(Rollover(args.year)).result
        for line in done.lines():
            say(args, line)
    return 0
