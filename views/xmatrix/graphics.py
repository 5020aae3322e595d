"""The graphics view under the X-matrix: Ctrl+wheel zoom, and keys turned into commands."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QGraphicsView

ZOOM_MIN, ZOOM_MAX, ZOOM_STEP = 0.25, 4.0, 1.2


def key_command(event: QKeyEvent) -> str | None:
    """The view command a key press asks for: Ctrl++/=, Ctrl+-, Ctrl+0, F2."""
    key = event.key()
    if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
        if event.matches(QKeySequence.StandardKey.ZoomIn) or key in (
            Qt.Key.Key_Plus,
            Qt.Key.Key_Equal,
        ):
            return "zoom_in"
        if event.matches(QKeySequence.StandardKey.ZoomOut) or key == Qt.Key.Key_Minus:
            return "zoom_out"
        if key == Qt.Key.Key_0:
            return "fit_to_window"
        return None
    if key == Qt.Key.Key_F2 and not event.modifiers():
        return "rename"
    return None


class MatrixGraphicsView(QGraphicsView):
    """A graphics view that zooms on Ctrl+wheel and otherwise scrolls.

    Keys the window has no shortcut for are turned into commands (:func:`key_command`).

    Signals:
        keyCommand(str): "zoom_in", "zoom_out", "fit_to_window" or "rename".
        resized(): the view changed size.
        zoomRequested(float, QPointF): multiply the zoom by a factor, keeping the given
            viewport point (under the mouse) in place.
    """

    zoomRequested = Signal(float, QPointF)
    keyCommand = Signal(str)
    resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        command = key_command(event)
        if command is None:
            super().keyPressEvent(event)
            return
        event.accept()
        self.keyCommand.emit(command)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoomRequested.emit(ZOOM_STEP**steps, event.position())
            event.accept()
            return
        super().wheelEvent(event)
