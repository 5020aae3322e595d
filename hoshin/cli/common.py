"""What the commands share: opening a plan with the person who edits it."""

from __future__ import annotations

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
