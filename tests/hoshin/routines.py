"""Helpers of the tests of Leader Standard Work."""

from __future__ import annotations

from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.operations import Batch, RemoveRoutine
from hoshin.plan import Plan


def clear_routines(plan: Plan) -> None:
    """Remove every routine of the plan (the sample plan's own), answers and findings too."""
    with plan.session() as s:
        ids = list(s.execute(select(e.Routine.id)).scalars())
    if ids:
        plan.execute(Batch("Clear routines", [RemoveRoutine(i) for i in ids]))
