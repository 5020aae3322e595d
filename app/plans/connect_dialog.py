"""File ▸ Connect to shared plan…: a plan on a PostgreSQL server.

The dialog only builds the URL; opening goes through :meth:`app.plans.files.PlanFiles.open_path`
like any plan, so a connection that fails leaves the plan on screen as it was and says why,
and the dialog comes back with what the user typed.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from app.plans import locations
from hoshin.store import storage
from hoshin.store.urls import URL, read_url, server_url

if TYPE_CHECKING:
    from app.window.main_window import MainWindow

DRIVER = "postgresql+psycopg"
#: Seconds to wait for a server before saying it does not answer (libpq waits for ever).
CONNECT_TIMEOUT = "10"
URL_EXAMPLE = "postgresql+psycopg://user:password@host:5432/database"


def _with_defaults(url: URL) -> URL:
    """Hoshin's PostgreSQL driver for a bare ``postgresql://``, and a connect timeout."""
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername=DRIVER)
    if url.get_backend_name() == "postgresql" and "connect_timeout" not in url.query:
        url = url.update_query_dict({"connect_timeout": CONNECT_TIMEOUT})
    return url


def parse_url(text: str) -> URL:
    """A pasted URL, understood; ValueError says what is wrong with it."""
    text = text.strip()
    if not storage.is_url(text):
        raise ValueError(f"A URL starts with the database kind, e.g. {URL_EXAMPLE}")
    try:
        url = read_url(text)
    except ValueError as exc:
        raise ValueError(f"This is not a database URL: {exc}") from exc
    if url.get_backend_name() == "postgresql" and not url.database:
        raise ValueError("The URL names no database: add /database at its end.")
    return _with_defaults(url)


class ConnectDialog(QDialog):
    """Server, port, database, user and password; or one pasted URL.

    A pasted URL fills the fields (shown, not editable) so the user sees how it was
    understood; clearing it makes the fields editable again.
    """

    def __init__(self, initial: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Connect to shared plan")
        self.setMinimumWidth(520)
        self.host = QLineEdit("localhost", self)
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.port.setValue(locations.PG_DEFAULT_PORT)
        self.database = QLineEdit(self)
        self.database.setPlaceholderText("e.g. strategy")
        self.user = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("asked for when needed; never stored")
        self.url = QLineEdit(self)
        self.url.setClearButtonEnabled(True)
        self.url.setPlaceholderText(URL_EXAMPLE)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setObjectName("connectHint")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Connect")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        intro = QLabel(
            "A plan that many people edit at once lives on a PostgreSQL server. "
            "The connection is remembered among the recent plans, without its password.",
            self,
        )
        intro.setWordWrap(True)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        form = QFormLayout(self)
        form.addRow(intro)
        form.addRow("Server:", self.host)
        form.addRow("Port:", self.port)
        form.addRow("Database:", self.database)
        form.addRow("User:", self.user)
        form.addRow("Password:", self.password)
        form.addRow(line)
        form.addRow("Or a URL:", self.url)
        form.addRow(self.hint)
        form.addRow(self.buttons)

        for edit in (self.host, self.database, self.user, self.password):
            edit.textChanged.connect(self._update)
        self.port.valueChanged.connect(self._update)
        self.url.textChanged.connect(self._url_changed)
        if initial:
            self._fill(initial)
        self._update()
        (self.database if self.host.text() else self.host).setFocus()
        # The size hint wraps the introduction at its narrowest; ask at the real width.
        width = max(self.minimumWidth(), self.sizeHint().width())
        self.resize(width, form.totalHeightForWidth(width))

    # -- reading what was typed ----------------------------------------------------------

    def _fill(self, location: str) -> None:
        """Fields from a known connection (a recent plan: no password)."""
        try:
            url = read_url(location)
        except ValueError:
            return
        self.host.setText(url.host or "")
        self.port.setValue(url.port or locations.PG_DEFAULT_PORT)
        self.database.setText(url.database or "")
        self.user.setText(url.username or "")
        self.password.setText("" if url.password is None else str(url.password))

    def _fields_url(self) -> URL:
        return _with_defaults(
            server_url(
                DRIVER,
                username=self.user.text().strip() or None,
                password=self.password.text() or None,
                host=self.host.text().strip() or None,
                port=self.port.value(),
                database=self.database.text().strip() or None,
            )
        )

    def _url_changed(self, text: str) -> None:
        pasted = bool(text.strip())
        for widget in (self.host, self.port, self.database, self.user, self.password):
            widget.setEnabled(not pasted)
        if pasted:
            with contextlib.suppress(ValueError):  # _update says what is wrong
                self._fill(parse_url(text).render_as_string(hide_password=False))
        self._update()

    def problem(self) -> str | None:
        """Why the connection cannot be tried yet, or None."""
        if self.url.text().strip():
            try:
                parse_url(self.url.text())
            except ValueError as exc:
                return str(exc)
            return None
        if not self.database.text().strip():
            return "Name the database that holds the plan."
        return None

    def location(self) -> str:
        """The URL to open, with its password when one was typed."""
        pasted = self.url.text().strip()
        url = parse_url(pasted) if pasted else self._fields_url()
        return url.render_as_string(hide_password=False)

    def _update(self) -> None:
        problem = self.problem()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(problem is None)
        if problem is not None:
            self.hint.setText(problem)
        else:
            self.hint.setText(f"Connects to {locations.describe(self.location())}.")
        # A URL that cannot be read is an error; an empty field is only the next step.
        wrong = problem is not None and bool(self.url.text().strip())
        self.hint.setStyleSheet("color: #b3261e;" if wrong else "")

    def accept(self) -> None:
        if self.problem() is None:
            super().accept()


def _initial(window: MainWindow) -> str | None:
    """The connection to offer: the shared plan on screen, else the latest one opened."""
    plan = window.document.plan
    if plan is not None and locations.is_postgresql(plan.location):
        return locations.without_password(plan.location)
    recent = window.settings.recent_plans()
    return next((p for p in recent if locations.is_postgresql(p)), None)


def connect_to_shared_plan(window: MainWindow) -> bool:
    """Ask where the shared plan is and open it; after a failure, ask again."""
    dialog = ConnectDialog(_initial(window), window)
    while dialog.exec() == QDialog.DialogCode.Accepted:
        if window.files.open_path(dialog.location()):
            return True
    return False
