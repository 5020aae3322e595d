"""What every catchball view of one document shares: who "I" am, and the open-thread counts.

One :class:`CatchballContext` per document (a child of it, found with :meth:`of`), so the
X-matrix, the strategy tree, the board, the panel and the inbox read the badge counts with
one query between two catchball edits, not one each.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, Signal

from hoshin.changes import Changes
from hoshin.reads import catchball as reads
from hoshin.reads.catchball import Me
from views.document import PlanDocument
from views.following import FollowsDocument, change_filter


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
            self._counts = reads.open_thread_counts(plan)
        return self._counts

    def count(self, node_id: int) -> int:
        return self.counts().get(node_id, 0)

    def unit_names(self) -> dict[str, str]:
        """Unit code -> name, for every unit (a thousand rows at most): read once."""
        if self._unit_names is None:
            plan = self.document.plan
            if plan is None:
                return {}
            self._unit_names = reads.unit_names(plan)
        return self._unit_names

    # -- the current person --------------------------------------------------------------

    def me(self) -> Me | None:
        """The current person, or None when the user has not said who they are."""
        key, plan = self.document.current_person, self.document.plan
        if not key or plan is None:
            return None
        if self._me_key != key:
            self._me_key, self._me = key, reads.me(plan, key)
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
