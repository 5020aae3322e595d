"""The ``hoshin`` command as installed: the core's commands, and those that need Qt.

The core (:mod:`hoshin.cli.main`) holds every command that runs without Qt; this module
adds, on top of it, ``open`` (and ``hoshin`` alone) to start the desktop app, and the
review, the A3 page and the reflection report written as PDFs. Qt is imported only when one
of those runs, so the other commands start as fast as ``python -m hoshin`` does, and work
where Qt cannot load.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from hoshin.cli import a3_cmds, meeting_cmds, review_cmds, year_cmds
from hoshin.cli import main as core
from hoshin.model.errors import HoshinError, ValidationError
from hoshin.reads.a3 import A3Doc
from hoshin.reads.meetings import MeetingView
from hoshin.reports.reflection_report import ReflectionReport
from hoshin.reports.review_pack import ReviewPack


def add_desktop(parser: core.Parser, commands: core.Commands) -> None:
    """Add the commands and outputs of the desktop app to the core's parser."""
    p = commands.add_parser("open", help="open a plan in the desktop app")
    p.add_argument("path", metavar="PATH", nargs="?")
    p.set_defaults(run=lambda args: start_app(args.path))
    parser.set_defaults(run=lambda _args: start_app(None))  # `hoshin` alone: the last plan
    review_cmds.add_pdf_writer(commands, write_review_pdf)
    a3_cmds.add_pdf_writer(commands, write_a3_pdf)
    year_cmds.add_pdf_writer(commands, write_reflection_pdf)
    meeting_cmds.add_pdf_writer(commands, write_meeting_pdf)


def start_app(path: str | None) -> int:
    """Run the desktop app on ``path`` (else the last plan) until its window closes."""
    if path is not None and not path.strip():
        raise ValidationError("Give the path of a plan to open.")
    try:
        from app import main as gui  # Qt loads here, not for every command
    except ImportError as exc:
        raise HoshinError(f"The desktop app cannot start: {exc}.") from exc
    return gui.main([path] if path else [])


def write_review_pdf(pack: ReviewPack, out: Path) -> None:
    try:
        from views.review.pdf import write_pack
    except ImportError as exc:
        raise HoshinError(f"PDF output needs the desktop libraries: {exc}.") from exc
    write_pack(pack, out)


def write_a3_pdf(doc: A3Doc, out: Path) -> None:
    try:
        from views.a3.pdf import write_a3
    except ImportError as exc:
        raise HoshinError(f"PDF output needs the desktop libraries: {exc}.") from exc
    cut = write_a3(doc, out)
    if cut:  # the page says so too; the person at the terminal should know now
        print(
            f"hoshin: note: cut to fit the page: {', '.join(cut)}; "
            f"'hoshin a3 show' has the whole text.",
            file=sys.stderr,
        )


def write_reflection_pdf(report: ReflectionReport, out: Path) -> None:
    try:
        from views.reflection.pdf import write_report
    except ImportError as exc:
        raise HoshinError(f"PDF output needs the desktop libraries: {exc}.") from exc
    write_report(report, out)


def write_meeting_pdf(view: MeetingView, out: Path, minutes: bool) -> None:
    try:
        from views.meeting.pdf import write_meeting
    except ImportError as exc:
        raise HoshinError(f"PDF output needs the desktop libraries: {exc}.") from exc
    write_meeting(view, out, minutes)


def main(argv: Sequence[str] | None = None) -> int:
    """The installed ``hoshin`` command."""
    return core.main(argv, extensions=[add_desktop])


if __name__ == "__main__":
    sys.exit(main())
