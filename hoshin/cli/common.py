"""What the commands share: opening a plan with the person who edits it, and saying what
an edit did."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys

from sqlalchemy import select

from hoshin.changes import Changes
from hoshin.model import entities as e
from hoshin.model.errors import ValidationError
from hoshin.plan import Plan
from hoshin.rules import validate

ACTOR_VARIABLE = "HOSHIN_PERSON"
NO_PERSON_NOTE = (
    f"hoshin: note: edits are recorded without a person; set {ACTOR_VARIABLE} "
    "(a key such as P-3, or a name)"
)

#: Notes printed during this command: each is said once however many edits it makes.
_said: set[str] = set()


def new_command() -> None:
    """Forget the notes of the last command (the tests run many in one process)."""
    _said.clear()


def open_plan(path: str, actor: str | None = None) -> Plan:
    """Open a plan; its edits are recorded in the audit log as made by ``actor``, else by
    the person named in $HOSHIN_PERSON (a key such as P-3, or a name), else (on a shared
    plan) by the person whose database login this is, else by nobody — and then, on a
    plan that has people, the first edit says so once on stderr."""
    plan = Plan.open(path)
    plan.actor = actor or os.environ.get(ACTOR_VARIABLE) or plan.actor
    if not plan.actor and _has_people(plan):

        def note(_changes: Changes) -> None:
            if NO_PERSON_NOTE not in _said:
                _said.add(NO_PERSON_NOTE)
                print(NO_PERSON_NOTE, file=sys.stderr)

        plan.subscribe(note)
    return plan


def _has_people(plan: Plan) -> bool:
    """Whether the plan names anyone (a plan being set up has nobody to name yet)."""
    with plan.session() as session:
        return session.execute(select(e.Person.id).limit(1)).first() is not None


#: The ``--year`` of every command that reads.
YEAR_HELP = "the plan's year to read (default: its current year, the latest open one)"


def shown_year(plan: Plan, year: int | None, *, strict: bool = True) -> None:
    """Show the plan's ``year`` (None: its current year). Not ``strict``: a year the plan
    does not hold leaves it on its current year (``show --year`` also picks a target's
    figures, which may be of any year)."""
    if year is None:
        return
    if not strict:
        with plan.session(all_years=True) as session:
            if session.get(e.Year, year) is None:
                return
    plan.use_year(year)


def add_quiet(parser: argparse.ArgumentParser) -> None:
    """The ``--quiet`` of every command that changes a plan (see :func:`say`)."""
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="for scripts: print only the new code or id, or nothing",
    )


def say(args: argparse.Namespace, sentence: str, bare: object = None) -> None:
    """Confirm an edit in one line on stdout ("KPI-4 2026-10 actual 25.3 (red)").

    With ``--quiet`` print only ``bare`` (the new code or id a script captures), or
    nothing when the edit made nothing new.
    """
    if getattr(args, "quiet", False):
        if bare is not None:
            print(bare)
    else:
        print(sentence)


def given_day(text: str | None, what: str = "as-of date") -> dt.date | None:
    """The day an ``--as-of DATE`` names; None when it was not given (the command's own
    default then). Given empty (``--as-of "$DAY"`` with DAY unset), it is refused rather
    than read as today."""
    if text is not None and not text.strip():
        raise ValidationError(f"The {what} is empty: give a date as YYYY-MM-DD.")
    return validate.date(text, what)
