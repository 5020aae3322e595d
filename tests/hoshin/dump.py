"""A plan's whole content as plain data, to compare two states of a plan exactly.

The audit log is left out: it is the history of edits, and an undo adds to it. So are row
versions: every write raises them, undo included, so that a version is never reused.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.plan import Plan


def dump(plan: Plan) -> dict[str, list[tuple[Any, ...]]]:
    out: dict[str, list[tuple[Any, ...]]] = {}
    with plan.session() as session:
        for name, table in e.Base.metadata.tables.items():
            if name == "audit_log":
                continue  # history: undo appends to it, as it should
            columns = [c for c in table.columns if c.name != "version"]
            rows = session.execute(select(*columns)).all()
            out[name] = sorted((tuple(r) for r in rows), key=repr)
    return out
