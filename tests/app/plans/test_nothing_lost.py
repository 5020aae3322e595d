"""The app on a damaged plan, a plan chosen as an export target, and a ``kill`` while an
error is on screen."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app import crash
from app import main as app_main
from app.plans.workbook_export import export_dialog
from app.settings import AppSettings
from app.window.main_window import MainWindow
from hoshin.model import entities as e
from hoshin.plan import Plan
from tests.app.conftest import Boxes


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_plan_is_never_an_export_target(
    window: MainWindow, demo_path: Path, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = digest(demo_path)
    linked = demo_path.with_name("plan.xlsx")  # the plan itself, under a workbook's name
    os.link(demo_path, linked)
    other = demo_path.with_name("other.xlsx")  # another plan, so named
    other.write_bytes(demo_path.read_bytes())
    # The file dialog has asked "replace it?" and the person said yes: the plan still stands.
    for target, words in ((linked, "is the plan being read"), (other, "never writes over")):
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, t=target, **k: (str(t), ""))
        assert export_dialog(window) is None
        kind, title, text = boxes.shown[-1]
        assert (kind, title) == ("warning", "Cannot export the workbook") and words in text
    assert digest(demo_path) == before and digest(other) == before


def test_a_name_the_dialog_did_not_confirm_is_asked_about(
    window: MainWindow, demo_path: Path, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = demo_path.with_name("deployment.xlsx")
    kept.write_bytes(b"last month's workbook")
    typed = str(kept)[: -len(".xlsx")]  # typed without .xlsx: the dialog asked nothing
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (typed, ""))
    boxes.answer = QMessageBox.StandardButton.No
    assert export_dialog(window) is None
    assert boxes.shown[-1][0] == "question" and kept.read_bytes() == b"last month's workbook"
    boxes.answer = QMessageBox.StandardButton.Yes
    assert export_dialog(window) == kept
    assert kept.read_bytes()[:2] == b"PK"


@pytest.fixture
def fresh_crash_state(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[QMessageBox]]:
    """The crash dialog's state as at start; the dialogs it would show, recorded."""
    monkeypatch.setattr(crash, "_told_unreadable", False)
    shown: list[QMessageBox] = []

    def record(box: QMessageBox) -> int:
        shown.append(box)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", record)
    yield shown


def test_a_damaged_table_is_explained_once_without_sql(
    demo_path: Path, fresh_crash_state: list[QMessageBox]
) -> None:
    with sqlite3.connect(demo_path) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'measurements'")
        page = root.fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with demo_path.open("r+b") as handle:
        handle.seek((page - 1) * size)
        handle.write(b"\xff" * size)
    errors = []
    with Plan.open(demo_path) as plan:
        assert len(plan.graph) > 0  # the rest of the plan reads: it opens
        for _ in range(2):  # two views read the measurements
            try:
                with plan.session() as s:
                    s.execute(select(e.Measurement)).all()
            except Exception as exc:  # what reaches the app's hook
                errors.append(exc)
    assert len(errors) == 2
    for exc in errors:
        crash.excepthook(type(exc), exc, exc.__traceback__)
    (box,) = fresh_crash_state  # one dialog for both
    assert box.windowTitle() == "Hoshin — the plan cannot be read"
    assert box.text().startswith("The plan file is damaged (database disk image is malformed)")
    assert "SELECT" not in box.text() + box.informativeText() + box.detailedText()


def test_sigterm_while_a_modal_error_is_up_still_quits(qtbot: QtBot, settings: AppSettings) -> None:
    window = MainWindow(settings=settings)
    qtbot.add_widget(window)
    window.show()
    old = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    app_main.close_on_signals(window)
    after_dialog: list[bool] = []

    gave_up: list[bool] = []

    def give_up() -> None:  # were the signal ignored, fail instead of waiting forever
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                gave_up.append(True)
                widget.done(0)

    def error_up() -> None:
        QTimer.singleShot(300, lambda: os.kill(os.getpid(), signal.SIGTERM))
        QTimer.singleShot(6000, give_up)
        error = RuntimeError("a bug in a slot")
        crash.excepthook(RuntimeError, error, None)  # modal: returns when the box goes
        after_dialog.append(window.isVisible())

    try:
        QTimer.singleShot(0, error_up)
        qtbot.waitUntil(lambda: bool(after_dialog), timeout=10_000)
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)
    assert gave_up == []  # the signal took the dialog down
    assert after_dialog == [False]  # and the window with it
    assert not any(
        isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets()
    )
