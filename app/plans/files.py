"""Opening, creating and copying plans; the recent list; exports of the X-matrix.

A plan that fails to open never replaces the one on screen: the new plan is opened first
and handed to the document only when it opened, so the window stays usable either way.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from app.plans import backup, locations
from hoshin.model.errors import HoshinError
from hoshin.plan import Plan
from hoshin.reads.people import is_person
from hoshin.store import storage

if TYPE_CHECKING:
    from app.window.main_window import MainWindow

log = logging.getLogger(__name__)

PLAN_FILTER = "Hoshin plans (*.hoshin);;All files (*)"


class NewPlanDialog(QDialog):
    """Asks for the organisation's name and where to keep the new plan."""

    def __init__(self, start_dir: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New plan")
        self.setMinimumWidth(520)
        self.org = QLineEdit(self)
        self.org.setPlaceholderText("e.g. Northwind Instruments")
        self.path = QLineEdit(self)
        self.path.setPlaceholderText("Where to keep the plan file")
        self._start_dir = start_dir
        browse = QPushButton("Browse…", self)
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Organisation:", self.org)
        form.addRow("File:", where)
        form.addRow(buttons)

    def _browse(self) -> None:
        name = self.org.text().strip() or "plan"
        path, _ = QFileDialog.getSaveFileName(
            self, "New plan", str(Path(self._start_dir) / f"{name}.hoshin"), PLAN_FILTER
        )
        if path:
            self.path.setText(_with_suffix(path))


def _with_suffix(path: str) -> str:
    return path if Path(path).suffix else path + storage.PLAN_SUFFIX


class PlanFiles(QObject):
    """The File menu's work, for one main window.

    Signals:
        recentChanged(): the list of recent plans changed.
    """

    recentChanged = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.document = window.document
        self.settings = window.settings

    def _start_dir(self) -> str:
        plan = self.document.plan
        if plan is not None and plan.is_file:
            return str(Path(plan.location).parent)
        files = [p for p in self.settings.recent_plans() if not storage.is_url(p)]
        return str(Path(files[0]).parent) if files else str(Path.home())

    def _refuse(self, title: str, message: str) -> None:
        QMessageBox.warning(self.window, title, message)

    # -- opening -------------------------------------------------------------------------

    def open_path(self, location: str, *, quiet: bool = False) -> bool:
        """Open a plan in place of the one on screen; on failure keep the one on screen.

        ``quiet`` (reopening the last plan at start) logs a failure instead of asking the
        user to read a message about a file they did not just choose. A database that
        wants a password the URL does not give (a recent plan is remembered without it)
        asks for one; the password is used to connect and never stored.
        """
        if not storage.is_url(location):
            location = str(Path(location).expanduser().resolve())
        asked = False
        while True:
            try:
                plan = self._open(location)
            except HoshinError as exc:
                if locations.needs_password(exc) and (
                    asked or locations.password_of(location) is None
                ):
                    password = self.ask_password(location, again=asked)
                    if password is None:
                        return False  # the user chose not to connect: nothing to explain
                    location, asked = locations.with_password(location, password), True
                    continue
                return self._open_failed(location, exc, quiet)
            break
        try:
            plan.graph  # noqa: B018 - read it now: a damaged plan fails here, not in a view
        except Exception as exc:  # any driver's error: the plan cannot be shown either way
            log.exception("reading %s failed", locations.without_password(location))
            plan.close()
            reason = getattr(exc, "orig", None) or exc
            error = HoshinError(f"{location} cannot be read: {reason}.")
            return self._open_failed(location, error, quiet)
        self._take(plan)
        return True

    def _open(self, location: str) -> Plan:
        if not storage.is_url(location):
            return Plan.open(location)
        # A server may take a while to answer; say so instead of looking frozen.
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return Plan.open(location)
        finally:
            QGuiApplication.restoreOverrideCursor()

    def ask_password(self, location: str, *, again: bool = False) -> str | None:
        """The password for a database URL, or None when the user cancels."""
        where = locations.describe(location)
        label = f"Password for {where}:"
        if again:
            label = f"The server did not accept that password.\n\n{label}"
        password, ok = QInputDialog.getText(
            self.window, "Connect to shared plan", label, QLineEdit.EchoMode.Password
        )
        return password if ok else None

    def _open_failed(self, location: str, error: BaseException, quiet: bool) -> bool:
        if storage.is_url(location):
            reason = locations.failure_message(location, error)
        else:
            reason = str(error)
        log.warning("cannot open %s: %s", locations.without_password(location), reason)
        if not storage.is_url(location) and not Path(location).exists():
            self.settings.forget_recent(location)
            self.recentChanged.emit()
        if not quiet:
            self._refuse("Cannot open the plan", reason)
        return False

    def _take(self, plan: Plan) -> None:
        person = self.settings.person_for(plan.location)
        if person is not None and not is_person(plan, person):
            person = None  # remembered, but gone from the plan
        self.document.current_person = person
        self.document.set_plan(plan)
        self.settings.add_recent(plan.location)
        self.settings.sync()
        self.recentChanged.emit()

    def open_dialog(self) -> bool:
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Open plan", self._start_dir(), PLAN_FILTER
        )
        return self.open_path(path) if path else False

    def new_plan(self) -> bool:
        dialog = NewPlanDialog(self._start_dir(), self.window)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            path = dialog.path.text().strip()
            if not path:
                self._refuse("New plan", "Choose where to keep the plan file.")
                continue
            try:
                plan = Plan.create(_with_suffix(str(Path(path).expanduser())), dialog.org.text())
            except HoshinError as exc:
                self._refuse("Cannot create the plan", str(exc))
                continue  # let the user fix the name or the path
            self._take(plan)
            return True
        return False

    def clear_recent(self) -> None:
        self.settings.set("files/recent", [])
        self.recentChanged.emit()

    # -- writing copies ------------------------------------------------------------------

    def save_copy(self) -> bool:
        plan = self.document.plan
        if plan is None:
            return False
        stem = Path(plan.location).stem if plan.is_file else "plan"
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            "Save a copy of the plan",
            str(Path(self._start_dir()) / f"{stem} copy.hoshin"),
            PLAN_FILTER,
        )
        if not path:
            return False
        try:
            dest = backup.save_copy(plan, _with_suffix(path))
        except HoshinError as exc:
            self._refuse("Cannot save a copy", str(exc))
            return False
        self.window.statusBar().showMessage(f"Saved a copy as {dest}.", 8000)
        return True

    def export_xmatrix(self, fmt: str) -> bool:
        """Export the X-matrix of the unit on screen as ``pdf`` or ``png``."""
        view = self.window.xmatrix
        method = getattr(view, f"export_{fmt}", None)
        plan = self.document.plan
        if method is None or plan is None:
            return False
        label = fmt.upper()
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            f"Export the X-matrix as {label}",
            str(Path(self._start_dir()) / f"X-matrix.{fmt}"),
            f"{label} files (*.{fmt})",
        )
        if not path:
            return False
        if not path.lower().endswith(f".{fmt}"):
            path += f".{fmt}"
        try:
            method(path)
        except (HoshinError, OSError) as exc:
            self._refuse("Cannot export the X-matrix", str(exc))
            return False
        self.window.statusBar().showMessage(f"Exported the X-matrix to {path}.", 8000)
        return True
