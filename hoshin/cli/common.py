"""What the commands share: opening a plan with the person who edits it."""

from __future__ import annotations

import argparse
import os

from hoshin.plan import Plan

ACTOR_VARIABLE = "HOSHIN_PERSON"


def open_plan(path: str, actor: str | None = None) -> Plan:
    """Open a plan; its edits are recorded in the audit log as made by ``actor``, else by
    the person named in $HOSHIN_PERSON (a key such as P-3, or a name), else (on a shared
    plan) by the person whose database login this is, else by nobody."""
    plan = Plan.open(path)
    plan.actor = actor or os.environ.get(ACTOR_VARIABLE) or plan.actor
    return plan


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
