"""The core's command line: parse, dispatch, and turn every failure into one line.

Bad input never shows a traceback: a domain error prints ``hoshin: error: <reason>`` on
stderr and exits 1 (2 for a usage error); the plan is left as it was, because every edit
is one transaction that is rolled back on error.

The parser built here holds every command that runs without Qt, and ``python -m hoshin``
runs it as it is. The installed ``hoshin`` command is composed one layer up
(:mod:`app.cli`): the desktop shell passes an :data:`Extension` to :func:`main` that adds
what needs Qt (``open``, ``hoshin`` alone, and the review as a PDF). The core never
imports the shell, so the import contracts see every dependency.
"""

from __future__ import annotations

import argparse
import logging
import sqlite3
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NoReturn, TypeAlias

from sqlalchemy.exc import DBAPIError

from hoshin import __version__
from hoshin.cli import (
    a3_cmds,
    agenda_cmds,
    audit_cmds,
    catchball_cmds,
    common,
    countermeasure_cmds,
    db_cmds,
    edit_cmds,
    excel_cmds,
    figure_cmds,
    inspect_cmds,
    meeting_cmds,
    org_cmds,
    organisation_cmds,
    plan_cmds,
    problem_cmds,
    remind_cmds,
    review_cmds,
    role_cmds,
    routine_cmds,
    settings_cmds,
    sustain_cmds,
    track_cmds,
    year_cmds,
)
from hoshin.model.errors import HoshinError
from hoshin.rules import validate
from hoshin.store import masking
from hoshin.store.storage import explain

log = logging.getLogger("hoshin")

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70

#: Commands the desktop shell adds (app/cli.py). The core names them only to say, when it
#: runs alone, where they are: "invalid choice" would leave a person guessing.
SHELL_COMMANDS = ("open",)


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    """An argparse parser whose errors are one line (argparse prints usage on two), and
    whose options take a value that starts with '-' (``--goal -1e3``, ``--title -2+3``).

    argparse reads any token that starts with '-' and is not a plain negative number as
    an option, so ``--title -2+3`` failed with "expected one argument". Here the token
    after an option that expects a value is that value, unless it is itself one of the
    command's options: ``--title --unit CO`` still says that --title lacks its value.
    """

    #: The top parser's commands (None on a command's own parser).
    commands: Commands | None = None

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")

    def parse_known_args(  # the one signature of argparse's overloads
        self, args: Iterable[str] | None = None, namespace: Any = None
    ) -> tuple[Any, list[str]]:
        if args is not None:
            args = self._join_dash_values(list(args))
        if self._intermixes():
            # ``show PATH --year 2026 KZ-1``: plain argparse gives an optional positional
            # its (empty) value before the option, then calls KZ-1 unrecognized. A
            # command without subcommands reads its positionals wherever they stand.
            self._intermixing = True
            try:
                return super().parse_known_intermixed_args(args, namespace)
            finally:
                self._intermixing = False
        return super().parse_known_args(args, namespace)

    _intermixing = False

    def _intermixes(self) -> bool:
        """Whether this parser reads positionals between options (argparse's intermixed
        parsing, which refuses parsers with subcommands; and it calls back into
        ``parse_known_args``, hence the guard)."""
        if self._intermixing or self.commands is not None:
            return False
        return not any(a.nargs in (argparse.PARSER, argparse.REMAINDER) for a in self._actions)

    def _join_dash_values(self, args: list[str]) -> list[str]:
        """``--opt -x`` → ``--opt=-x`` for this parser's options that take one value."""
        out: list[str] = []
        i = 0
        while i < len(args):
            token = args[i]
            if token == "--":
                return out + args[i:]
            following = args[i + 1] if i + 1 < len(args) else None
            action = self._action_of(token)
            if (
                action is not None
                and action.nargs is None  # exactly one value (store, append)
                and following is not None
                and following.startswith("-")
                and following not in ("-", "--")
                and self._action_of(following.split("=", 1)[0]) is None
            ):
                out.append(f"{token}={following}")
                i += 2
                continue
            out.append(token)
            i += 1
        return out

    def _action_of(self, token: str) -> argparse.Action | None:
        """The option ``token`` names, exactly or as an unambiguous ``--`` abbreviation."""
        options = self._option_string_actions
        if token in options:
            return options[token]
        if token.startswith("--") and len(token) > 2:
            found = {a for s, a in options.items() if s.startswith(token)}
            if len(found) == 1:
                return found.pop()
        return None


#: The subparsers action of the top parser: one parser per command, by name in ``choices``.
Commands: TypeAlias = "argparse._SubParsersAction[Parser]"

#: Adds commands or options to the core's parser: ``extend(parser, commands)``.
Extension: TypeAlias = Callable[[Parser, Commands], None]


def build_parser(*extensions: Extension) -> Parser:
    """The parser of every command of the core, then of each extension in turn."""
    parser = Parser(
        prog="hoshin",
        description="Hoshin Kanri strategy deployment: one plan, one graph.",
        epilog="Every command that changes a plan says in one line what it did (-q: only "
        "the new code, for scripts). A value may start with '-' (--goal -1e3, --title -2+3); "
        "words of a value may be joined any way (in-progress, in_progress, 'in progress'). "
        "Edits are recorded as made by $HOSHIN_PERSON (a key such as P-3, or a name).",
    )
    parser.add_argument("--version", action="version", version=f"hoshin {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    parser.commands = sub
    plan_cmds.register(sub)
    org_cmds.register(sub)
    organisation_cmds.register(sub)
    edit_cmds.register(sub)
    figure_cmds.register(sub)
    inspect_cmds.register(sub)
    catchball_cmds.register(sub)
    review_cmds.register(sub)
    a3_cmds.register(sub)
    countermeasure_cmds.register(sub)
    db_cmds.register(sub)
    audit_cmds.register(sub)
    role_cmds.register(sub)
    excel_cmds.register(sub)
    sustain_cmds.register(sub)
    year_cmds.register(sub)
    routine_cmds.register(sub)
    track_cmds.register(sub)
    meeting_cmds.register(sub)
    remind_cmds.register(sub)
    problem_cmds.register(sub)
    agenda_cmds.register(sub)
    settings_cmds.register(sub)
    for extend in extensions:
        extend(parser, sub)
    return parser


def main(argv: Sequence[str] | None = None, *, extensions: Sequence[Extension] = ()) -> int:
    """Run one command; the exit code. ``extensions`` add the shell's commands."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    common.new_command()
    urls = [a for a in args_list if masking.is_url(a)]
    parser = build_parser(*extensions)
    try:
        _require_text(args_list)
        _require_core_command(parser, args_list)
        args = parser.parse_args(args_list)
        _require_integers(args)
        run: Callable[[argparse.Namespace], int | None] | None = getattr(args, "run", None)
        if run is None:
            raise UsageError(
                "give a command (see 'hoshin --help'); the desktop app starts from the "
                "installed 'hoshin' command"
            )
        return int(run(args) or 0)
    except UsageError as exc:
        print(f"hoshin: error: {_one_line(exc, urls)}", file=sys.stderr)
        return EXIT_USAGE
    except HoshinError as exc:
        print(f"hoshin: error: {_one_line(exc, urls)}", file=sys.stderr)
        return EXIT_ERROR
    except (DBAPIError, sqlite3.DatabaseError) as exc:  # damaged, busy, not ours
        log.debug("database error", exc_info=True)
        reason = explain(exc)
        shown = _one_line(reason[:1].upper() + reason[1:], urls)
        print(f"hoshin: error: {shown}.", file=sys.stderr)
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


def _require_text(args: list[str]) -> None:
    """Refuse an argument that is not UTF-8 text (Python carries its bytes as surrogates,
    which no plan, file name in a URL, or terminal can take)."""
    for arg in args:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            raise UsageError(f"the argument {shown!r} is not valid UTF-8 text") from None


def _require_core_command(parser: Parser, args: list[str]) -> None:
    """Say where a command of the desktop shell is when the core runs without it."""
    if not args or args[0] not in SHELL_COMMANDS:
        return
    if parser.commands is not None and args[0] not in parser.commands.choices:
        raise UsageError(
            f"'{args[0]}' needs the desktop app: run it as the installed 'hoshin' command "
            "(python -m hoshin runs the commands that need no Qt)"
        )


def _require_integers(args: argparse.Namespace) -> None:
    """Every whole number a command takes is an id or a count SQLite must hold."""
    for name, value in vars(args).items():
        if isinstance(value, int) and not isinstance(value, bool):
            validate.integer(value, name.replace("_", " "))


def _one_line(exc: BaseException | str, urls: list[str]) -> str:
    """The reason on one line (a driver's message, psycopg's say, may span several),
    without the password of any URL given on the command line."""
    return masking.mask(" ".join(str(exc).split()), urls)
