"""Entry point of ``hoshin``: parse, dispatch, and turn every failure into one line.

Bad input never shows a traceback: a domain error prints ``hoshin: error: <reason>`` on
stderr and exits 1 (2 for a usage error); the plan is left as it was, because every edit
is one transaction that is rolled back on error.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import NoReturn

from hoshin import __version__, masking
from hoshin.cli import (
    audit_cmds,
    catchball_cmds,
    db_cmds,
    edit_cmds,
    excel_cmds,
    inspect_cmds,
    plan_cmds,
    review_cmds,
    role_cmds,
)
from hoshin.errors import HoshinError

log = logging.getLogger("hoshin")

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    """An argparse parser whose errors are one line (argparse prints usage on two)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def build_parser() -> Parser:
    parser = Parser(
        prog="hoshin",
        description="Hoshin Kanri strategy deployment: one plan, one graph.",
    )
    parser.add_argument("--version", action="version", version=f"hoshin {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    plan_cmds.register(sub)
    edit_cmds.register(sub)
    inspect_cmds.register(sub)
    catchball_cmds.register(sub)
    review_cmds.register(sub)
    db_cmds.register(sub)
    audit_cmds.register(sub)
    role_cmds.register(sub)
    excel_cmds.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    urls = [a for a in args_list if masking.is_url(a)]
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
        if args.command is None:
            return plan_cmds.start_app(None)
        return int(args.run(args) or 0)
    except UsageError as exc:
        print(f"hoshin: error: {_one_line(exc, urls)}", file=sys.stderr)
        return EXIT_USAGE
    except HoshinError as exc:
        print(f"hoshin: error: {_one_line(exc, urls)}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("hoshin: interrupted; the plan keeps every edit made before.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: say so in one line, keep the details for the log
        log.debug("unexpected error", exc_info=True)
        reason = _one_line(exc, urls)
        print(f"hoshin: internal error: {type(exc).__name__}: {reason}", file=sys.stderr)
        return EXIT_INTERNAL


def _one_line(exc: BaseException, urls: list[str]) -> str:
    """The reason on one line (a driver's message, psycopg's say, may span several),
    without the password of any URL given on the command line."""
    return masking.mask(" ".join(str(exc).split()), urls)
