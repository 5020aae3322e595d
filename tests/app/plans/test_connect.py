"""File ▸ Connect to shared plan…: a plan on PostgreSQL, remembered without its password.

The connection tests run against a throw-away PostgreSQL server that wants a password
(tests/pg.py); the dialog is filled in as a user would and accepted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QInputDialog
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from app import main as app_main
from app.plans import connect_dialog
from app.plans.connect_dialog import ConnectDialog
from app.window.main_window import MainWindow
from hoshin.plan import Plan
from tests import pg
from tests.app.conftest import Boxes

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")

SECRET = "pa55-w0rd"


@pytest.fixture(scope="module")
def pg_server() -> Iterator[str]:
    """A server on which the role ``hoshin`` must give :data:`SECRET`."""
    if pg.pg_bin() is None:
        pytest.skip("PostgreSQL is not installed here (make test installs it when run as root)")
    with pg.server(password=SECRET) as url:
        yield url


@pytest.fixture
def shared_plan(pg_server: str) -> str:
    """The URL (with its password) of a new plan on the server."""
    url = pg.new_database(pg_server)
    Plan.create(url, "Shared Acme").close()
    return url


def _settings_text(window: MainWindow, tmp_path: Path) -> str:
    window.settings.sync()
    return (tmp_path / "hoshin.ini").read_text(encoding="utf-8")


class Passwords:
    """Answers to the password prompt, in order; None is Cancel. Records the prompts."""

    def __init__(self) -> None:
        self.answers: list[str | None] = []
        self.prompts: list[str] = []

    def ask(self, _parent: object, _title: str, label: str, *_args: object) -> tuple[str, bool]:
        self.prompts.append(label)
        answer = self.answers.pop(0) if self.answers else None
        return ("", False) if answer is None else (answer, True)


@pytest.fixture
def passwords(monkeypatch: pytest.MonkeyPatch) -> Passwords:
    found = Passwords()
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(found.ask))
    return found


def _answer_dialog(
    monkeypatch: pytest.MonkeyPatch, fill: Callable[[ConnectDialog], None]
) -> list[ConnectDialog]:
    """Make the connect dialog fill itself in with ``fill`` and be accepted (once)."""
    shown: list[ConnectDialog] = []

    def exec_(dialog: ConnectDialog) -> int:
        shown.append(dialog)
        if len(shown) > 1:
            return QDialog.DialogCode.Rejected  # after a failure the user gives up
        fill(dialog)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok.isEnabled(), dialog.hint.text()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ConnectDialog, "exec", exec_)
    return shown


def _fields_of(url: str) -> Callable[[ConnectDialog], None]:
    parsed = make_url(url)

    def fill(dialog: ConnectDialog) -> None:
        dialog.host.setText(parsed.host or "")
        dialog.port.setValue(parsed.port or 5432)
        dialog.database.setText(parsed.database or "")
        dialog.user.setText(parsed.username or "")
        dialog.password.setText(parsed.password or "")

    return fill


# -- the dialog on its own -----------------------------------------------------------------


def test_a_pasted_url_fills_the_fields_and_keeps_its_password(qtbot: QtBot) -> None:
    dialog = ConnectDialog()
    qtbot.add_widget(dialog)
    dialog.url.setText("postgresql://alice:s3cret@db.example.com:6543/strategy")
    assert (dialog.host.text(), dialog.port.value()) == ("db.example.com", 6543)
    assert (dialog.database.text(), dialog.user.text()) == ("strategy", "alice")
    assert not dialog.host.isEnabled()  # the URL decides while it is there
    url = make_url(dialog.location())
    assert url.drivername == "postgresql+psycopg"  # Hoshin's driver, not psycopg2
    assert url.password == "s3cret"
    assert dialog.hint.text() == "Connects to alice@db.example.com:6543/strategy."
    dialog.url.clear()
    assert dialog.host.isEnabled()


def test_connect_waits_for_a_database_name(qtbot: QtBot) -> None:
    dialog = ConnectDialog()
    qtbot.add_widget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.database.setText("strategy")
    assert ok.isEnabled()
    dialog.url.setText("postgresql+psycopg://alice@db.example.com")
    assert not ok.isEnabled()
    assert "no database" in dialog.hint.text()


# -- connecting ----------------------------------------------------------------------------


def test_a_shared_plan_opens_and_its_password_never_reaches_the_settings(
    window: MainWindow,
    shared_plan: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    boxes: Boxes,
) -> None:
    _answer_dialog(monkeypatch, _fields_of(shared_plan))
    window.commands.connect.trigger()

    assert boxes.shown == []
    plan = window.document.plan
    assert plan is not None and plan.name == "Shared Acme"
    url = make_url(shared_plan)
    assert f"hoshin@127.0.0.1:{url.port}/{url.database}" in window.windowTitle()
    assert SECRET not in window.windowTitle()
    window.settings.set_person_for(plan.location, "P-1")  # who I am in this plan
    recent = window.settings.recent_plans()
    assert make_url(recent[0]).password is None
    assert make_url(recent[0]).database == url.database
    assert window.settings.person_for(plan.location) == "P-1"
    text = _settings_text(window, tmp_path)
    assert str(url.database) in text
    assert SECRET not in text


def test_a_recent_shared_plan_asks_for_its_password_again(
    window: MainWindow,
    shared_plan: str,
    demo_path: Path,
    tmp_path: Path,
    passwords: Passwords,
    boxes: Boxes,
) -> None:
    assert window.files.open_path(shared_plan)
    remembered = window.settings.recent_plans()[0]
    assert window.files.open_path(str(demo_path))

    passwords.answers = [None]  # Cancel: nothing opens, nothing to read
    assert not window.files.open_path(remembered)
    assert window.document.plan is not None and window.document.plan.is_file
    assert boxes.shown == []

    passwords.answers = ["not it", SECRET]
    assert window.files.open_path(remembered)
    assert window.document.plan is not None and window.document.plan.name == "Shared Acme"
    assert "did not accept" not in passwords.prompts[1]
    assert "did not accept that password" in passwords.prompts[2]
    assert SECRET not in _settings_text(window, tmp_path)


def test_at_start_the_last_shared_plan_asks_for_its_password(
    window: MainWindow, shared_plan: str, demo_path: Path, passwords: Passwords
) -> None:
    assert window.files.open_path(shared_plan)
    assert window.files.open_path(str(demo_path))
    window.settings.set("files/last", window.settings.recent_plans()[1])
    passwords.answers = [SECRET]
    app_main.open_initial_plan(window, [])
    assert len(passwords.prompts) == 1
    assert window.document.plan is not None and window.document.plan.name == "Shared Acme"


@pytest.mark.parametrize(
    ("break_it", "says"),
    [
        (lambda u: u.set(password="wrong"), "did not accept the password for hoshin"),
        (lambda u: u.set(database="nowhere"), "has no database nowhere"),
        (lambda u: u.set(port=pg._free_port()), "nothing answers at 127.0.0.1"),
        (lambda u: u.set(host="no-such-host.invalid"), "no-such-host.invalid is not known"),
    ],
    ids=["wrong password", "no database", "refused", "unknown host"],
)
def test_a_bad_connection_says_why_and_keeps_the_plan_on_screen(
    window: MainWindow,
    shared_plan: str,
    monkeypatch: pytest.MonkeyPatch,
    boxes: Boxes,
    break_it: Callable[..., object],
    says: str,
) -> None:
    before = window.document.plan
    title = window.windowTitle()
    bad = break_it(make_url(shared_plan)).render_as_string(hide_password=False)  # type: ignore[attr-defined]
    shown = _answer_dialog(monkeypatch, lambda d: d.url.setText(bad))

    assert not connect_dialog.connect_to_shared_plan(window)

    assert len(boxes.shown) == 1
    kind, _title, text = boxes.shown[0]
    assert kind == "warning" and says in text
    assert SECRET not in text and "wrong" not in text
    assert len(shown) == 2  # the dialog came back to fix the connection
    assert window.document.plan is before and window.windowTitle() == title


def test_a_database_that_is_not_a_plan_is_named_as_such(
    window: MainWindow, pg_server: str, boxes: Boxes
) -> None:
    empty = pg.new_database(pg_server)
    assert not window.files.open_path(empty)
    (text,) = boxes.texts()
    assert "is a database but not a Hoshin plan" in text
    assert SECRET not in text
    assert window.document.plan is not None and window.document.plan.is_file


def test_a_url_that_is_no_database_gives_one_message(window: MainWindow, boxes: Boxes) -> None:
    before = window.document.plan
    assert not window.files.open_path("nosuchdb+driver://someone:hush@somewhere/x")
    (text,) = boxes.texts()
    assert "hush" not in text
    assert window.document.plan is before
