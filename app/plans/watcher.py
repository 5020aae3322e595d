"""Noticing that another process (a ``hoshin`` CLI edit, a colleague) changed the plan.

What changed is read from the audit log, so each view refreshes only that and the undo
history stays; an outside write the log does not name (a schema upgrade), or too many to
follow, reloads the whole plan instead.

SQLite's ``PRAGMA data_version`` changes when *another connection* commits, and it is
cheap to ask. The watcher keeps a connection of its own for it: the plan's engine pools its
connections, and a value read on one pooled connection cannot be compared with one read on
another. Seen from the watcher's connection, the app's own edits are "other" too, so after
each of them the watcher takes the new value as its baseline before the next poll.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from hoshin.changes import Changes
from hoshin.store import storage
from views.document import PlanDocument
from views.following import FollowsDocument

log = logging.getLogger(__name__)

POLL_MS = 1000


class ExternalChangeWatcher(FollowsDocument, QObject):
    """Polls the open plan and reloads the document when someone else changed it.

    Signals:
        reloaded(): an outside change is shown (followed, or the plan read again).
    """

    reloaded = Signal()

    def __init__(self, document: PlanDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._conn: sqlite3.Connection | None = None
        self._location: str | None = None
        self._baseline = 0
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.poll)
        self.follow(document)

    def on_changes(self, changes: Changes) -> None:
        self._rebaseline()  # our own edit (any) is not an outside change

    def plan_reset(self) -> None:
        plan = self.document.plan
        location = plan.location if plan is not None and plan.is_file else None
        if self._conn is not None and location == self._location:
            self._rebaseline()  # a reload of the same plan
            return
        self.stop()
        if location is None or plan is None or plan.engine.dialect.name != "sqlite":
            return
        try:
            # Read-only: the watcher must never be the one that writes or locks the plan.
            uri = Path(location).resolve().as_uri() + "?mode=ro"
            self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        except sqlite3.Error as exc:
            log.warning("cannot watch %s for outside changes: %s", location, exc)
            return
        self._location = location
        self._rebaseline()
        self._timer.start()

    def _version(self) -> int:
        assert self._conn is not None
        row = self._conn.execute("PRAGMA data_version").fetchone()
        return int(row[0]) if row else 0

    def _rebaseline(self) -> None:
        if self._conn is None:
            return
        try:
            self._baseline = self._version()
        except sqlite3.Error as exc:
            log.warning("cannot read the plan's data version: %s", exc)

    def poll(self) -> bool:
        """Show what another process committed since the last look.

        Returns:
            True when an outside change was found and shown.
        """
        if self._conn is None or self.document.plan is None:
            return False
        try:
            version = self._version()
        except sqlite3.Error as exc:
            log.warning("cannot read the plan's data version: %s", exc)
            return False
        if version == self._baseline:
            return False
        self._baseline = version
        outside = self._outside()
        if outside is not None and outside[0]:
            self.document.apply_remote(*outside)
        else:
            log.info("the plan changed on disk; reloading")
            self.document.reload()  # either way the document's signals rebaseline
        self.reloaded.emit()
        return True

    def _outside(self) -> tuple[Changes, int] | None:
        plan = self.document.plan
        try:
            return plan.outside_changes() if plan is not None else None
        except storage.DatabaseFailure as exc:
            log.warning("cannot read what changed in the plan: %s", exc)
            return None

    def stop(self) -> None:
        self._timer.stop()
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        self._location = None
