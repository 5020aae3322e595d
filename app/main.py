"""Starting the desktop app: ``hoshin``, ``hoshin open PATH`` or ``python -m app.main``."""

from __future__ import annotations

import logging
import signal
import sys

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from app import crash
from app.settings import AppSettings
from app.window.main_window import MainWindow, app_icon

log = logging.getLogger(__name__)


def make_application(argv: list[str]) -> QApplication:
    """The QApplication, named so that QSettings and the data folder find their place."""
    QCoreApplication.setOrganizationName("Hoshin")
    QCoreApplication.setApplicationName("Hoshin")
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(["hoshin", *argv])
    app.setApplicationDisplayName("Hoshin")
    app.setWindowIcon(app_icon())
    return app


def open_initial_plan(window: MainWindow, argv: list[str]) -> None:
    """The plan named on the command line, else the last one if it still opens."""
    if argv:
        window.files.open_path(argv[0])
        return
    last = window.settings.get("files/last")
    if last:
        window.files.open_path(last, quiet=True)


def close_on_signals(window: MainWindow) -> QTimer:
    """Ctrl+C or a ``kill`` closes the window as the Quit action would (layout saved).

    Python handles signals only when it runs, and a waiting Qt event loop does not run it;
    a timer hands control to Python four times a second.
    """
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: quit_now(window))
    timer = QTimer(window)
    timer.timeout.connect(lambda: None)
    timer.start(250)
    return timer


def quit_now(window: MainWindow) -> None:
    """Close the window, and any dialog in front of it: a modal dialog runs its own event
    loop, which would otherwise keep the app alive after its window closed."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()
    window.close()
    QApplication.quit()  # leaves every event loop, nested ones too


def main(argv: list[str]) -> int:
    """Run the app until its window closes; returns the exit code."""
    app = make_application(argv)
    crash.setup_logging()
    crash.install()
    window = MainWindow(settings=AppSettings())
    window.show()
    close_on_signals(window)
    open_initial_plan(window, argv)
    code = app.exec()
    plan = window.document.plan
    if plan is not None:
        plan.close()  # checkpoints the WAL, so the plan is one file again
    return int(code)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
