"""Counting what a piece of code asks the database: "one query, not one per row" checks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from hoshin.plan import Plan


@contextmanager
def counting_queries(plan: Plan) -> Iterator[list[str]]:
    """The SQL statements sent to ``plan``'s database inside the block."""
    statements: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(plan.engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(plan.engine, "before_cursor_execute", note)


def selects(statements: list[str]) -> int:
    return sum(1 for s in statements if s.lstrip().upper().startswith("SELECT"))
