"""A plan: one database, its strategy graph, and the one way to change it (``execute``)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, RowMapping, func, insert, select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from hoshin.catchball.reopen import reopen_after_goal_change
from hoshin.changes import Changes
from hoshin.graph import StrategyGraph
from hoshin.model import entities as e
from hoshin.model.errors import HoshinError, NotFoundError, PermissionDeniedError, PlanError
from hoshin.model.kinds import DEFAULT_FUNCTIONS
from hoshin.model.lookups import find_person
from hoshin.model.plan_settings import PlanSettings, encode
from hoshin.operations import AddUnit, Applied, Operation, Revert, Tx
from hoshin.operations.base import FollowUps, utc_now
from hoshin.rules import permissions, validate
from hoshin.rules import years as years_rule
from hoshin.shared import live
from hoshin.store import audit, conflicts, storage
from hoshin.store.steps import Step

Listener = Callable[[Changes], None]

#: What an edit sets off in other packages (the operations import none of them).
FOLLOW_UPS = FollowUps(goal_changed=(reopen_after_goal_change,))


class Plan:
    """An open plan. Every edit goes through :meth:`execute`, one transaction each."""

    def __init__(self, engine: Engine, location: str) -> None:
        self.engine = engine
        self.location = location
        self._graph: StrategyGraph | None = None
        self._settings: PlanSettings | None = None
        self._listeners: list[Listener] = []
        self.clock: Callable[[], dt.datetime] = utc_now  # tests set a fixed clock
        self.actor: str | None = None  # the person editing (key or name): the audit's "who"
        self._roles: permissions.Roles | None = None
        self.horizon = conflicts.Horizon()  # what this client has seen (stale edits)
        # The database owner's administration (hoshin db …) is not subject to roles.
        self.administrator = False
        # (table, id) → the version of each row this plan wrote last: what undo expects.
        self._written: dict[tuple[str, Any], int | None] = {}
        # Names this open plan in change notifications, so it can skip its own.
        self.instance = uuid.uuid4().hex[:12]
        # The year shown and edited; None: the plan's current (latest open) year, not read
        # yet. Chosen by use_year, it stays; else it follows the plan (a rollover).
        self._year: int | None = None
        self._year_chosen = False

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, location: str | Path) -> Plan:
        loc = str(location)
        plan = cls(storage.open_engine(loc), loc)
        try:
            plan._require_organisation()
            plan.actor = plan.login_person()  # on a shared plan, whoever logged in
        except SQLAlchemyError as exc:
            plan.close()
            raise PlanError(f"Cannot read {loc}: {exc}") from exc
        except BaseException:
            plan.close()
            raise
        return plan

    def _require_organisation(self) -> None:
        """Every plan is made with its top unit; a plan without one was left half-made (by
        an import or a copy killed before Hoshin built them under a temporary name) and
        would open as a silently empty plan."""
        with self.session(all_years=True) as session:
            # Read with the plan opened, so that reads later cost no query for it.
            self._year = years_rule.current_year(session)
            if session.execute(select(e.Unit.id).limit(1)).first() is None:
                raise PlanError(
                    f"{self.location} is an incomplete plan: it has no organisation (an "
                    "import or a copy was interrupted while writing it). Import or copy "
                    "it again to another name."
                )

    @classmethod
    def create(
        cls,
        location: str | Path,
        org_name: str,
        *,
        functions: tuple[str, ...] = DEFAULT_FUNCTIONS,
        org_code: str = "CO",
        year: int | None = None,
    ) -> Plan:
        """Create a plan with its top unit; nothing is left behind if any step fails.

        ``year``: the plan's first year (this calendar year if None)."""
        loc = str(location)
        name = validate.title(org_name, "organisation name")
        engine = storage.create_engine_for_new_plan(loc)
        plan = cls(engine, loc)
        try:
            with Session(storage.for_writing(engine)) as session, session.begin():
                session.execute(insert(e.Setting), [{"key": "org_name", "value": encode(name)}])
                first = validate.year(year) if year is not None else utc_now().year
                session.execute(insert(e.Year), [{"year": first, "state": "open"}])
                session.execute(
                    insert(e.Function),
                    [{"name": f, "position": i} for i, f in enumerate(functions)],
                )
            plan.execute(AddUnit(name, None, code=org_code))
        except BaseException:
            plan.close()
            if not storage.is_url(loc):
                storage.remove_plan_files(Path(loc))
            raise
        return plan

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Plan:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def name(self) -> str:
        return self.settings.org_name

    @property
    def is_file(self) -> bool:
        return not storage.is_url(self.location)

    # -- reading -------------------------------------------------------------------------

    @contextmanager
    def session(self, *, all_years: bool = False) -> Iterator[Session]:
        """A session to read the plan: it shows the plan's year (:meth:`use_year`), every
        query of nodes limited to it, unless ``all_years``."""
        with Session(self.engine) as session:
            if not all_years:
                years_rule.scope(session, self.year)
            yield session

    @property
    def graph(self) -> StrategyGraph:
        if self._graph is None:
            with Session(self.engine) as session:
                self._graph = StrategyGraph.load(session, self._year)
                self.horizon.reset(session)
        return self._graph

    @property
    def year(self) -> int:
        """The year this plan object shows and edits (see :meth:`use_year`)."""
        if self._graph is not None:
            return self._graph.year
        if self._year is None:
            with Session(self.engine) as session:
                self._year = years_rule.current_year(session)
            self._year_chosen = False
        return self._year

    def use_year(self, year: int | None) -> None:
        """Show and edit ``year`` (None: the plan's current year, its latest open one)."""
        current = None
        if year is not None:
            with Session(self.engine) as session:
                known = [y for y, _ in years_rule.years(session)]
                current = years_rule.current_year(session)
            if year not in known:
                listed = ", ".join(map(str, known)) or "none"
                raise NotFoundError(f"The plan has no year {year}; its years: {listed}.")
        # The current year chosen: follow the plan (a rollover moves it on).
        self._year_chosen = year is not None and year != current
        self._year = year
        self._graph = None

    @property
    def settings(self) -> PlanSettings:
        if self._settings is None:
            with self.session(all_years=True) as session:
                self._settings = PlanSettings.load(session)
        return self._settings

    @property
    def roles(self) -> permissions.Roles:
        if self._roles is None:
            with self.session(all_years=True) as session:
                self._roles = permissions.load(session)
        return self._roles

    def refusal(self, node_id: int) -> str | None:
        """Why the person editing may not change this node, in words; None if they may
        (or the plan has no roles). Views show it before anyone types in vain."""
        roles = self.roles
        if not roles.enforced or self.administrator or not self.graph.has_node(node_id):
            return None
        if not self.actor:
            return permissions.NO_PERSON
        with self.session(all_years=True) as session:
            try:
                person = find_person(session, self.actor)
                guard = permissions.Guard(session, self.graph, roles, person)
                guard(Step("update", "nodes", ({"id": node_id},), context=({"id": node_id},)))
            except HoshinError as exc:
                return str(exc)
        return None

    def login_person(self) -> str | None:
        """On a shared plan, the key of the person whose database login this is."""
        if self.engine.dialect.name != "postgresql":
            return None
        with self.session(all_years=True) as session:
            found = session.execute(
                select(e.Person.key).where(e.Person.login == func.current_user())
            ).scalar()
        return str(found) if found is not None else None

    def _forget_year(self) -> None:
        """A year was made, closed, reopened or removed: follow the plan's current year,
        unless a year still in the plan was chosen."""
        self._graph = None
        if self._year_chosen and self._year is not None:
            with Session(self.engine) as session:
                self._year_chosen = session.get(e.Year, self._year) is not None
        if not self._year_chosen:
            self._year = None

    def reload(self) -> None:
        """Forget derived state, after another process changed the plan."""
        self._forget_year()
        self._settings = None
        self._roles = None
        self.horizon.forget()

    def catch_up(self, changes: Changes, upto: int = 0) -> None:
        """Follow what another session changed (a live note, up to audit id ``upto``):
        re-read just that."""
        self.horizon.advance(upto)
        if changes.settings:
            self._settings = None
        if changes.roles:
            self._roles = None
        if changes.years:
            self._forget_year()
        if self._graph is not None and (changes.structure or changes.units):
            with self.session(all_years=True) as session:
                self._graph.refresh(session, changes)

    def outside_changes(self) -> tuple[Changes, int] | None:
        """What other sessions changed since this plan last caught up, read from the audit
        log, and how far that goes (for :meth:`catch_up`); None when there is too much to
        follow, or the plan was never read: then read everything again."""
        if self.horizon.last is None:
            return None
        with self.session(all_years=True) as session:
            return audit.changes_since(session, self.horizon.last, self.horizon.mine)

    def data_version(self) -> int:
        """A number that changes when *another* connection commits (SQLite only; else 0)."""
        if self.engine.dialect.name != "sqlite":
            return 0
        with self.engine.connect() as conn:
            return int(conn.exec_driver_sql("PRAGMA data_version").scalar() or 0)

    # -- changing ------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener`` with what each edit of this plan object changed."""
        self._listeners.append(listener)

    def execute(self, op: Operation) -> Applied:
        """Apply ``op`` in one transaction; on any error nothing is written.

        Returns what changed, the inverse (for undo) and the operation's result.
        """
        if storage.is_read_only(self.engine):
            raise PlanError(
                f"{self.location} is read-only for you (the file or its folder); "
                f"{op.label} was not made."
            )
        graph = self.graph
        roles = self.roles  # read before the write transaction opens
        tx: Tx | None = None
        try:
            with Session(storage.for_writing(self.engine)) as session, session.begin():
                person = find_person(session, self.actor) if self.actor else None
                tx = Tx(
                    session,
                    graph,
                    self.settings,
                    self.clock,
                    guard=self._guard(session, roles, person),
                    known=self._written,
                    horizon=self.horizon,
                    follow_ups=FOLLOW_UPS,
                    year=graph.year,
                )
                result = tx.run(op)
                changes = tx.rec.changes
                inverse = Revert(op.label, list(reversed(tx.rec.inverse)))
                who = person["id"] if person is not None else None
                ids = audit.write(session, audit.entries(tx.rec.done, op.label, tx.now(), who))
                live.announce(session, changes, self.instance, max(ids, default=0))
        except Exception as exc:
            if tx is not None:
                tx.rec.take_pending()
                touched = tx.rec.changes
                if touched:
                    # The graph followed the rolled-back writes; bring it back, by id.
                    with self.session(all_years=True) as session:
                        graph.refresh(session, touched)
            if isinstance(exc, HoshinError):
                raise
            if isinstance(exc, DBAPIError) and _is_policy_refusal(exc):
                raise PermissionDeniedError(
                    f"{op.label} was refused by the shared plan's permissions: {exc.orig}"
                ) from exc
            if isinstance(exc, IntegrityError):
                raise PlanError(f"{op.label} was refused by the database: {exc.orig}") from exc
            if isinstance(exc, OperationalError):
                raise PlanError(f"{op.label} could not be written: {exc.orig}") from exc
            if isinstance(exc, DBAPIError):
                raise PlanError(f"{op.label} was not made: {storage.explain(exc)}.") from exc
            if isinstance(exc, SQLAlchemyError):
                raise PlanError(f"{op.label} failed: {exc}") from exc
            raise
        self._written.update(tx.rec.wrote)
        self.horizon.wrote(ids)
        if changes.settings:
            self._settings = None
        if changes.roles:
            self._roles = None
        if changes.years:  # a year opened, closed or added: the current year may move
            self._forget_year()
        applied = Applied(op.done_label(result), changes, inverse, result)
        for listener in list(self._listeners):
            listener(changes)
        return applied

    def _guard(
        self, session: Session, roles: permissions.Roles, person: RowMapping | None
    ) -> permissions.Guard | None:
        """The permissions an edit by ``person`` is held to; None on a plan without roles
        (or for the database owner's administration)."""
        if not roles.enforced or self.administrator:
            return None
        if person is None:
            raise PermissionDeniedError(permissions.NO_PERSON)
        return permissions.Guard(session, self.graph, roles, person)


def _is_policy_refusal(exc: DBAPIError) -> bool:
    """PostgreSQL refused a write by row-level security or a missing grant (SQLSTATE 42501)."""
    return getattr(exc.orig, "sqlstate", None) == "42501"
