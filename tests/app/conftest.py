"""Fixtures for the shell: settings in a temporary folder, a main window on the sample plan.

Nothing here touches the user's real settings or log: QSettings and QStandardPaths point
into the test's own temporary folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.settings import AppSettings
from app.window.main_window import MainWindow


@pytest.fixture(autouse=True)
def isolated_settings(qapp: object, tmp_path: Path) -> Iterator[Path]:
    QCoreApplication.setOrganizationName("Hoshin")
    QCoreApplication.setApplicationName("Hoshin")
    QStandardPaths.setTestModeEnabled(True)
    folder = tmp_path / "settings"
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder
    QStandardPaths.setTestModeEnabled(False)


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    return AppSettings(QSettings(str(tmp_path / "hoshin.ini"), QSettings.Format.IniFormat))


class Boxes:
    """Message boxes the code under test would have shown, with the answer to give."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str, str]] = []
        self.answer = QMessageBox.StandardButton.Yes

    def record(self, kind: str) -> Any:
        def show(_parent: object, title: str, text: str, *_args: object) -> Any:
            self.shown.append((kind, title, text))
            return self.answer

        return show

    def texts(self) -> list[str]:
        return [text for _kind, _title, text in self.shown]


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    found = Boxes()
    for kind in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(found.record(kind)))
    return found


@pytest.fixture
def window(
    qtbot: QtBot, settings: AppSettings, demo_path: Path, boxes: Boxes
) -> Iterator[MainWindow]:
    win = MainWindow(settings=settings)
    qtbot.add_widget(win)
    assert win.files.open_path(str(demo_path))
    yield win
    win.watcher.stop()
    win.document.undo_stack.clear()
    if win.document.plan is not None:
        win.document.plan.close()
