"""Unexpected exceptions: logged to a file and shown in a dialog; the app keeps running.

A bug in one slot must not take the user's window down with it: every edit is committed
at once, so there is nothing to lose by carrying on, and much to lose by quitting.
"""

from __future__ import annotations

import logging
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QApplication, QMessageBox

from hoshin.store import storage

log = logging.getLogger("hoshin.app")

_showing = False  # an error raised while the dialog is open is logged, not stacked
_told_unreadable = False  # a damaged plan is explained once; its next errors are logged


def unreadable(exc: BaseException) -> str | None:
    """Why the database refused, in words, when ``exc`` is the database's refusal (a
    damaged or locked file), not a bug; else None."""
    return storage.refusal(exc)


def log_path() -> Path:
    """Where the app log lives: the user's data folder for this app."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(folder or Path.home() / ".hoshin") / "hoshin.log"


def setup_logging() -> Path:
    """Send warnings and errors of the app and the core to the log file."""
    path = log_path()
    root = logging.getLogger()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler = logging.StreamHandler()  # a read-only home must not stop the app
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    # Libraries' chatter (alembic, SQLAlchemy) only when it matters; ours from INFO up.
    root.setLevel(logging.WARNING)
    for name in ("hoshin", "app", "views"):
        logging.getLogger(name).setLevel(logging.INFO)
    return path


def excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Log an exception nobody caught and tell the user, without quitting."""
    global _showing
    if issubclass(exc_type, KeyboardInterrupt):
        QApplication.quit()
        return
    global _told_unreadable
    log.error("unexpected error", exc_info=(exc_type, exc, tb))
    if _showing or QApplication.instance() is None:
        return
    reason = unreadable(exc)
    if reason is not None and _told_unreadable:
        return  # every view that reads the damaged part fails alike: say it once
    _showing = True
    try:
        if reason is not None:
            _told_unreadable = True
            box = QMessageBox(QApplication.activeWindow())
            box.setIcon(QMessageBox.Icon.Critical)
            box.setWindowTitle("Hoshin — the plan cannot be read")
            box.setText(reason)
            box.setInformativeText(
                "Some of the plan cannot be shown. Edits made so far are kept; "
                f"the details are in the log: {log_path()}"
            )
            box.exec()
            return
        box = QMessageBox(QApplication.activeWindow())
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("Hoshin — unexpected error")
        box.setText(
            "Something went wrong inside Hoshin. Your plan keeps every edit made so far; "
            "you can go on working."
        )
        box.setInformativeText(
            f"{exc_type.__name__}: {exc}\n\nThe details are in the log: {log_path()}"
        )
        box.setDetailedText("".join(traceback.format_exception(exc_type, exc, tb)))
        box.exec()
    finally:
        _showing = False


def install() -> None:
    sys.excepthook = excepthook
