"""What every catchball view of one document shares: who "I" am, and the open-thread counts.

One :class:`CatchballContext` per document (a child of it, found with :meth:`of`), so the
X-matrix, the strategy tree, the board, the panel and the inbox read the badge counts with
one query between two catchball edits, not one each.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from sqlalchemy import select

from hoshin.catchball import queries
from hoshin.changes import Changes
from hoshin.model import entities as e
from views.document import PlanDocument
from views.following import FollowsDocument, change_filter


@dataclass(frozen=True)
class Me:
    """The current person, as catchball needs them."""

    id: int
    key: str
    name: str
    unit_id: int
    unit_code: str
    unit_name: str


class CatchballContext(FollowsDocument, QObject):
    """Shared catchball state of a document; refreshed from its signals, never polled.

    Signals:
        countsChanged(): the open-thread counts may differ (a catchball edit, another plan).
        threadRequested(int): a view asked to show a thread (id), e.g. one just thrown;
            the panel shows it and the window brings the panel forward.
    """

    countsChanged = Signal()
    threadRequested = Signal(int)

    NAME = "catchballContext"

    def __init__(self, document: PlanDocument) -> None:
        super().__init__(document)
        self.setObjectName(self.NAME)
        self.document = document
        self._counts: dict[int, int] | None = None
        self._me: Me | None = None
        self._me_key: str | None = None
        self._unit_names: dict[str, str] | None = None
        self.follow(document)

    @classmethod
    def of(cls, document: PlanDocument) -> CatchballContext:
        """The document's context, made on first use."""
        found = document.findChild(cls, cls.NAME)
        return found if isinstance(found, cls) else cls(document)

    # -- open-thread counts --------------------------------------------------------------

    def counts(self) -> dict[int, int]:
        """Open threads per node id (thrown or counterpart); read once, then cached."""
        if self._counts is None:
            plan = self.document.plan
            if plan is None:
                return {}
            with plan.session() as session:
                self._counts = queries.open_thread_counts(session)
        return self._counts

    def count(self, node_id: int) -> int:
        return self.counts().get(node_id, 0)

    def unit_names(self) -> dict[str, str]:
        """Unit code -> name, for every unit (a thousand rows at most): read once."""
        if self._unit_names is None:
            plan = self.document.plan
            if plan is None:
                return {}
            with plan.session() as session:
                self._unit_names = dict(session.execute(select(e.Unit.code, e.Unit.name)).all())
        return self._unit_names

    # -- the current person --------------------------------------------------------------

    def me(self) -> Me | None:
        """The current person, or None when the user has not said who they are."""
        key, plan = self.document.current_person, self.document.plan
        if not key or plan is None:
            return None
        if self._me_key != key:
            self._me_key, self._me = key, None
            with plan.session() as session:
                row = session.execute(
                    select(e.Person.id, e.Person.key, e.Person.name, e.Unit.id, e.Unit.code,
                           e.Unit.name)
                    .join(e.Unit, e.Unit.id == e.Person.unit_id)
                    .where(e.Person.key == key)
                ).first()  # fmt: skip
            if row is not None:
                self._me = Me(*row)
        return self._me

    def set_person(self, key: str | None) -> None:
        """Act as ``key`` from now on (the settings dialog's choice, or a test's)."""
        self.document.current_person = key

    def show_thread(self, thread_id: int) -> None:
        """Ask the panel to show ``thread_id`` (selecting its node is the caller's part)."""
        self.threadRequested.emit(thread_id)

    def now(self) -> dt.datetime:
        """The plan's clock (UTC, naive): what "days open" is counted against."""
        plan = self.document.plan
        return plan.clock() if plan is not None else dt.datetime.now(dt.UTC).replace(tzinfo=None)

    # -- following the document ----------------------------------------------------------

    def plan_reset(self) -> None:
        self._counts = self._unit_names = None
        self._me_key = self._me = None
        self.countsChanged.emit()

    @change_filter("people", "units", "threads")
    def on_changes(self, changes: Changes) -> None:
        if changes.people or changes.units:
            self._me_key = self._me = None  # a renamed or moved person
            self._unit_names = None
        if changes.threads:
            self._counts = None
            self.countsChanged.emit()
