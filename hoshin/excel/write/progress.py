"""Progress and cancellation of a long export, as the app's progress dialog needs them."""

from __future__ import annotations

import time
from collections.abc import Callable

from hoshin.excel.errors import ExportCancelled

#: ``progress(done, total, text)``: called from the exporting thread.
ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]


class Ticker:
    """Counts work done (rows, mostly) and reports it at most every ``every`` seconds.

    Asking ``cancelled()`` once per report keeps a cancel prompt (well under a second)
    without calling back into the GUI for each of a million cells.
    """

    def __init__(
        self,
        total: int,
        progress: ProgressFn | None = None,
        cancelled: CancelledFn | None = None,
        every: float = 0.1,
    ) -> None:
        self.total = max(total, 1)
        self.done = 0
        self.text = ""
        self._progress = progress
        self._cancelled = cancelled
        self._every = every
        self._last = 0.0

    def stage(self, text: str) -> None:
        """Start a new stage (a sheet): always reported, always checked for a cancel."""
        self.text = text
        self._report(force=True)

    def tick(self, n: int = 1) -> None:
        self.done += n
        if self._progress is None and self._cancelled is None:
            return
        self._report(force=False)

    def finish(self, text: str = "Done") -> None:
        self.done = self.total
        self.text = text
        if self._progress is not None:
            self._progress(self.total, self.total, text)

    def _report(self, *, force: bool) -> None:
        now = time.monotonic()
        if not force and now - self._last < self._every:
            return
        self._last = now
        if self._cancelled is not None and self._cancelled():
            raise ExportCancelled("The export was cancelled; no file was written.")
        if self._progress is not None:
            self._progress(min(self.done, self.total), self.total, self.text)
