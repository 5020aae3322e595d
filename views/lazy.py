"""Read again only what is seen: a view behind another tab notes that it is out of date
and reads when it comes to the front (the X-matrix, Health, Bowling and Review tabs, the
catchball docks, the node history).

A dock tabbed behind another stays ``isVisible()`` in Qt; only the dock's
``visibilityChanged`` says whether its tab is the one shown, so the window tells the view
through :meth:`Lazy.set_active`.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget


class Lazy:
    """The stale flag of one widget and when to act on it.

    Args:
        widget: the view; it calls :meth:`shown` from its ``showEvent``.
        refresh: reads everything again.
        deferred: read on the next turn of the event loop, so that a burst of edits (an
            undo of a batch) reads once.
    """

    def __init__(
        self, widget: QWidget, refresh: Callable[[], None], *, deferred: bool = False
    ) -> None:
        self._widget = widget
        self._refresh = refresh
        self.stale = True
        self.active = True
        self._timer: QTimer | None = None
        if deferred:
            self._timer = QTimer(widget, singleShot=True, interval=0)
            self._timer.timeout.connect(self._run_if_still_seen)

    def mark(self) -> None:
        """What the view shows may be out of date: read now if it is seen, else later."""
        self.stale = True
        self._run_if_seen()

    def forget(self) -> None:
        """Out of date, read when next seen or asked: for a notice another always follows."""
        self.stale = True

    def shown(self) -> None:
        self._run_if_seen()

    def now(self) -> None:
        """Read now if out of date, seen or not: for a caller that needs what it shows."""
        if self.stale:
            self._run()

    def set_active(self, active: bool) -> None:
        """Whether the view's dock tab is the one in front."""
        self.active = active
        self._run_if_seen()

    def _run_if_seen(self) -> None:
        if not shiboken6.isValid(self._widget):
            return
        if not (self.stale and self.active and self._widget.isVisible()):
            return
        if self._timer is not None:
            self._timer.start()
        else:
            self._run()

    def _run_if_still_seen(self) -> None:
        # The dock may have gone behind another tab since the read was scheduled (as it
        # does when the window first shows its tabbed docks).
        if shiboken6.isValid(self._widget) and self.active and self._widget.isVisible():
            self._run()

    def _run(self) -> None:
        # A deferred read may come due while Qt is deleting the view (a closed window):
        # there is nothing left to show then.
        if not shiboken6.isValid(self._widget):
            return
        if self.stale:
            self.stale = False
            try:
                self._refresh()
            except RuntimeError as exc:
                # Qt deletes a closed view's children before the view itself: a read that
                # came due in between has nothing left to show. Anything else is a bug.
                if "already deleted" not in str(exc):
                    raise
