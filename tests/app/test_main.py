"""Starting the app, and what happens when something unexpected goes wrong."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from app import crash
from app import main as app_main
from app.settings import AppSettings

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


@pytest.fixture
def no_event_loop(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Run ``main`` up to its event loop and return at once; keep the windows it made."""
    windows: list[object] = []
    real = app_main.MainWindow

    def make(*args: object, **kwargs: object) -> object:
        win = real(*args, **kwargs)  # type: ignore[arg-type]
        windows.append(win)
        return win

    monkeypatch.setattr(app_main, "MainWindow", make)
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    monkeypatch.setattr(crash, "install", lambda: None)  # leave pytest's hook alone
    monkeypatch.setattr(crash, "setup_logging", lambda: Path("unused"))
    return windows


def test_main_opens_the_plan_it_is_given(no_event_loop: list[object], demo_path: Path) -> None:
    assert app_main.main([str(demo_path)]) == 0
    (window,) = no_event_loop
    assert "Northwind Instruments" in window.windowTitle()  # type: ignore[attr-defined]
    window.close()  # type: ignore[attr-defined]


def test_main_reopens_the_last_plan(no_event_loop: list[object], demo_path: Path) -> None:
    AppSettings().add_recent(str(demo_path.resolve()))
    assert app_main.main([]) == 0
    (window,) = no_event_loop
    assert window.document.plan is not None  # type: ignore[attr-defined]
    window.close()  # type: ignore[attr-defined]


def test_a_last_plan_that_no_longer_opens_is_skipped_quietly(
    no_event_loop: list[object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    AppSettings().add_recent(str(tmp_path / "gone.hoshin"))
    assert app_main.main([]) == 0
    (window,) = no_event_loop
    assert window.document.plan is None  # type: ignore[attr-defined]
    assert window.windowTitle() == "Hoshin"  # type: ignore[attr-defined]
    assert shown == []
    window.close()  # type: ignore[attr-defined]


def test_an_unexpected_error_is_logged_and_shown_and_the_app_goes_on(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.informativeText()))
    try:
        raise RuntimeError("a bug in a slot")
    except RuntimeError:
        info = sys.exc_info()
    with caplog.at_level(logging.ERROR, logger="hoshin.app"):
        crash.excepthook(*info)  # type: ignore[arg-type]
    assert "a bug in a slot" in caplog.text
    assert shown and "RuntimeError: a bug in a slot" in shown[0]
    assert str(crash.log_path()) in shown[0]


def test_the_log_goes_to_the_users_data_folder(qapp: QApplication) -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        path = crash.setup_logging()
        logging.getLogger("hoshin.app").error("written to the log")
        for handler in root.handlers:
            handler.flush()
        assert path.name == "hoshin.log"
        assert "written to the log" in path.read_text(encoding="utf-8")
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()
