"""The years of a plan: which one a plan shows, and that a closed year is read-only.

One rule, whatever the way in (an edit of the app, the CLI, an import, an undo): a row of
a node of a closed year is not written. The check costs nothing while no year is closed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, event, select
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria
from sqlalchemy.orm.util import LoaderCriteriaOption
from sqlalchemy.sql.util import ClauseAdapter

from hoshin.model import entities as e
from hoshin.model.errors import ValidationError
from hoshin.store.chunks import chunks
from hoshin.store.steps import Step, StepCheck

OPEN, CLOSED = "open", "closed"

#: The column naming the node a row belongs to, per table whose rows belong to a node.
NODE_OF: dict[str, tuple[str, ...]] = {
    "nodes": ("id",),
    "edges": ("source_id", "target_id"),
    "responsibilities": ("node_id",),
    "measurements": ("node_id",),
    "countermeasures": ("node_id",),
    "sustainment_checks": ("kaizen_id",),
    "action_items": ("kaizen_id",),
    "catchball_threads": ("node_id",),
    "reflections": ("node_id",),
    "a3s": ("node_id",),
    "a3_items": ("node_id",),
    "a3_links": ("node_id",),
    "target_values": ("node_id",),
}


class YearClosedError(ValidationError):
    """An edit of a node of a closed year."""


def closed_line(year: int) -> str:
    """The one line every refusal of a closed year says."""
    return f"{year} is closed: reopen it with `hoshin year reopen {year}` (an executive)."


def current_year(session: Session, today: dt.date | None = None) -> int:
    """The year a plan shows and edits unless told otherwise: its latest open year (its
    latest year when all are closed; this calendar year for a plan without any)."""
    y = e.Year
    found = session.execute(select(y.year).where(y.state == OPEN).order_by(y.year.desc())).first()
    if found is None:
        found = session.execute(select(y.year).order_by(y.year.desc())).first()
    return int(found[0]) if found is not None else (today or dt.date.today()).year


#: Where a read session keeps the year it shows (:func:`scope`).
YEAR_KEY = "hoshin_year"


def scope(session: Session, year: int) -> Session:
    """Make ``session`` read one year: every query of nodes (``select(e.Node…)`` or on the
    table, aliases and joins included) sees that year's only, so that every read shows
    one year without knowing of years. The plan's read sessions are scoped so."""
    session.info[YEAR_KEY] = year
    table = e.Node.__table__
    # A read on the table itself reads the year's rows instead (flattened by the database).
    of_year = ClauseAdapter(select(table).where(table.c.year == year).subquery("nodes_of_year"))

    def criteria() -> LoaderCriteriaOption:
        # A lambda, so that each alias of the nodes gets its own condition.
        return with_loader_criteria(
            e.Node,
            lambda node: node.year == year,
            include_aliases=True,
            track_closure_variables=True,
        )

    def one_year(state: ORMExecuteState) -> None:
        if state.is_select and state.is_orm_statement and not state.is_column_load:
            state.statement = state.statement.options(criteria())

    def on_table(
        _conn: Connection, statement: Any, multiparams: Any, params: Any, _options: Any
    ) -> tuple[Any, Any, Any]:
        # A read on the table, or any read run on the session's connection: an ORM read
        # run by the session is limited above.
        if not getattr(statement, "is_select", False):
            return statement, multiparams, params
        if statement._with_options:  # an ORM read the session ran, limited above
            return statement, multiparams, params
        if statement._propagate_attrs.get("compile_state_plugin") == "orm":
            statement = statement.options(criteria())  # an ORM read run on the connection
        else:
            statement = of_year.traverse(statement)
        return statement, multiparams, params

    def on_begin(_session: Session, _tx: Any, conn: Connection) -> None:
        event.listen(conn, "before_execute", on_table, retval=True)

    event.listen(session, "after_begin", on_begin)
    event.listen(session, "do_orm_execute", one_year)
    return session


def shown_year(session: Session) -> int:
    """The year a read shows: its session's (:func:`scope`), else the plan's current year."""
    year = session.info.get(YEAR_KEY)
    return int(year) if year is not None else current_year(session)


def years(session: Session) -> list[tuple[int, str]]:
    """Every year of the plan with its state, oldest first."""
    y = e.Year
    return [(int(a), str(b)) for a, b in session.execute(select(y.year, y.state).order_by(y.year))]


def closed_years(session: Session) -> frozenset[int]:
    y = e.Year
    return frozenset(session.execute(select(y.year).where(y.state == CLOSED)).scalars())


class ClosedYears:
    """Checks each step of an edit before it is written: refuses one that touches a node of
    a closed year, then hands the step to ``then`` (the permissions)."""

    def __init__(self, session: Session, then: StepCheck | None = None) -> None:
        self.session = session
        self.then = then
        self._closed: frozenset[int] | None = None

    def __call__(self, step: Step) -> None:
        if step.table == "years":
            self._closed = None  # read again at the next step: the year may open or close
        else:
            if self._closed is None:
                self._closed = closed_years(self.session)
            if self._closed and step.table in NODE_OF:
                self._check(step, self._closed)
        if self.then is not None:
            self.then(step)

    def _check(self, step: Step, closed: frozenset[int]) -> None:
        ids: set[int] = set()
        for row in (*step.rows, *step.context):
            if step.table == "nodes" and row.get("year") in closed:
                raise YearClosedError(closed_line(int(row["year"])))
            ids.update(int(row[c]) for c in NODE_OF[step.table] if row.get(c) is not None)
        year = _closed_year_of(self.session, ids, closed)
        if year is not None:
            raise YearClosedError(closed_line(year))


def _closed_year_of(session: Session, ids: Iterable[int], closed: frozenset[int]) -> int | None:
    n = e.Node.__table__.c  # the table: whatever year a session shows
    for part in chunks(sorted(ids)):
        found = session.execute(
            select(n.year).where(n.id.in_(part), n.year.in_(closed)).limit(1)
        ).scalar()
        if found is not None:
            return int(found)
    return None
