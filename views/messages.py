"""A non-modal notice above the centre views: says why an edit was refused.

A modal box for every refusal would stop the user in the middle of their work (and, raised
from a focus-out, steal the focus it came from); a bar they can read and dismiss does not.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

HIDE_AFTER_MS = 10_000


class NoticeBar(QFrame):
    """A dismissable one-line notice that hides itself after a while."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.mark = QLabel("⚠", self)
        self.mark.setObjectName("noticeMark")
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # What the notice offers to do about it (e.g. reload after a stale edit).
        self.action = QPushButton(self)
        self.action.hide()
        self.action.clicked.connect(self._act)
        self._callback: Callable[[], object] | None = None
        close = QToolButton(self)
        close.setText("✕")
        close.setToolTip("Dismiss")
        close.setAutoRaise(True)
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.mark)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.action, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_message(
        self,
        message: str,
        timeout_ms: int = HIDE_AFTER_MS,
        action: tuple[str, Callable[[], object]] | None = None,
    ) -> None:
        """Show ``message``; with ``action`` (label, callback) a button offers it, and the
        notice stays until it is used or dismissed."""
        self.text.setText(message)
        self._callback = action[1] if action else None
        self.action.setText(action[0] if action else "")
        self.action.setVisible(action is not None)
        self.show()
        if action is None:
            self._timer.start(timeout_ms)
        else:
            self._timer.stop()

    def _act(self) -> None:
        callback, self._callback = self._callback, None
        self.hide()
        if callback is not None:
            callback()

    def message(self) -> str:
        return "" if self.isHidden() else self.text.text()
