"""Live updates of a shared plan: PostgreSQL's notes of other people's edits, shown at once.

The feed's connection is watched by a ``QSocketNotifier``: no thread, no polling; when a
note arrives Qt's event loop calls :meth:`LiveFeed.read`, and the document re-reads just
what the note names (a catchball message, a node), so every view refreshes only that.
A file plan is watched by :mod:`app.plans.watcher` instead.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QSocketNotifier, Signal

from hoshin.shared import live
from views.document import PlanDocument
from views.following import FollowsDocument

log = logging.getLogger(__name__)


class LiveFeed(FollowsDocument, QObject):
    """Listens to the open shared plan and applies other people's edits to the document.

    Signals:
        received(int): notes were applied (how many).
    """

    received = Signal(int)

    def __init__(self, document: PlanDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._feed: live.ChangeFeed | None = None
        self._notifier: QSocketNotifier | None = None
        self._instance: str | None = None
        self.follow(document, changes=False)

    @property
    def listening(self) -> bool:
        return self._feed is not None

    def plan_reset(self) -> None:
        plan = self.document.plan
        if plan is not None and plan.instance == self._instance:
            return  # the same plan, reloaded: keep listening
        self.stop()
        if plan is None or plan.engine.dialect.name != "postgresql":
            return
        try:
            self._feed = live.ChangeFeed(plan.engine, plan.instance)
        except Exception as exc:  # the plan still works, only without live updates
            log.warning("no live updates for this plan: %s", exc)
            return
        self._instance = plan.instance
        self._notifier = QSocketNotifier(self._feed.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self.read)

    def read(self) -> int:
        """Apply the notes that arrived; returns how many."""
        if self._feed is None:
            return 0
        try:
            notes = self._feed.read()
        except Exception as exc:
            log.warning("the live connection to the plan failed: %s", exc)
            self.stop()
            return 0
        for note in notes:
            if note.changes is None:  # too much to name: read everything again
                self.document.reload()
                break
            self.document.apply_remote(note.changes, note.upto)
        if notes:
            self.received.emit(len(notes))
        return len(notes)

    def stop(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._feed is not None:
            self._feed.close()
            self._feed = None
        self._instance = None
