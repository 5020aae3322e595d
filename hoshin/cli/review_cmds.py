"""``hoshin review``: the monthly review from the command line.

The core writes it as HTML; a PDF is drawn by Qt, so the desktop shell (app/cli.py) lends
the writer with :func:`add_pdf_writer` and ``python -m hoshin`` says it cannot.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hoshin.cli import meeting_cmds
from hoshin.cli.common import open_plan, shown_year
from hoshin.model.errors import HoshinError, ValidationError
from hoshin.reports.review_pack import ReviewPack, build_pack
from hoshin.reports.review_pack_html import pack_html, pack_title
from hoshin.rules import validate
from hoshin.store import outputs
from hoshin.store.storage import is_url

if TYPE_CHECKING:
    from hoshin.cli.main import Commands


def register(sub: Any) -> None:
    p = sub.add_parser("review", help="the monthly review of a unit, as a PDF (or HTML)")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--unit", metavar="CODE")
    p.add_argument("--month", metavar="YYYY-MM")
    p.add_argument("-o", "--output", metavar="FILE", help="review.pdf or .html")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.add_argument(
        "--author", metavar="NAME", help="who prepared it, for the cover (default: $HOSHIN_PERSON)"
    )
    p.add_argument(
        "--year",
        type=validate.year,
        metavar="YYYY",
        help="the plan's year to review (default: the month's, if the plan holds it)",
    )
    p.set_defaults(run=_review, write_pdf=None)
    meeting_cmds.add_review_options(p)


#: Writes a review pack to a PDF file.
PdfWriter = Callable[[ReviewPack, Path], None]


def add_pdf_writer(commands: Commands, write: PdfWriter) -> None:
    """Let ``review`` write a PDF with ``write`` (the shell's, drawn by Qt)."""
    commands.choices["review"].set_defaults(write_pdf=write)


def _review(args: argparse.Namespace) -> int:
    if args.agenda or args.minutes is not None:
        return meeting_cmds.review_meeting(args)
    missing = [
        flag
        for flag, value in (("--unit", args.unit), ("--month", args.month), ("-o", args.output))
        if not value
    ]
    if missing:
        raise ValidationError(
            f"The monthly review needs {', '.join(missing)} (or --agenda, --minutes MEETING)."
        )
    out = Path(args.output)
    if out.suffix.lower() not in (".pdf", ".html", ".htm"):
        raise ValidationError("The review is written as .pdf or .html; give one of those.")
    outputs.guard(out, reading=[] if is_url(args.path) else [args.path], force=args.force)
    if not out.parent.exists():
        raise ValidationError(f"The folder {out.parent} does not exist.")
    with open_plan(args.path) as plan:
        month_year = int(args.month[:4]) if args.month[:4].isdigit() else None
        shown_year(plan, args.year or month_year, strict=args.year is not None)
        # The cover names who prepared it: --author, else $HOSHIN_PERSON or the login.
        pack = build_pack(
            plan, args.unit, args.month, (args.author or "").strip(), author_key=plan.actor
        )
    if out.suffix.lower() == ".pdf":
        write_pdf: PdfWriter | None = args.write_pdf
        if write_pdf is None:
            raise HoshinError(
                "The review as a PDF needs the desktop app: run the installed 'hoshin' "
                "command, or write it as .html."
            )
        write_pdf(pack, out)
    else:
        out.write_text(pack_html(pack), encoding="utf-8")
    print(f"Wrote {out}: {pack_title(pack)}")
    return 0
