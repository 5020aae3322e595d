"""Plan locations as people read them: a file's name, ``user@host/db``, never a password."""

from __future__ import annotations

import pytest

from app.plans import locations
from hoshin.model.errors import PlanError

URL = "postgresql+psycopg://ann:s3cr%40t@db.example.com:5433/strategy?connect_timeout=10"


def test_the_password_is_taken_out_and_put_back() -> None:
    bare = locations.without_password(URL)
    assert bare == "postgresql+psycopg://ann@db.example.com:5433/strategy?connect_timeout=10"
    assert locations.password_of(URL) == "s3cr@t"
    assert locations.password_of(bare) is None
    assert locations.with_password(bare, "s3cr@t") == URL
    assert locations.without_password("/plans/a.hoshin") == "/plans/a.hoshin"


def test_a_location_reads_as_a_file_name_or_user_at_host_slash_database() -> None:
    assert locations.describe("/plans/acme.hoshin") == "acme.hoshin"
    assert locations.describe(URL) == "ann@db.example.com:5433/strategy"
    assert locations.describe("postgresql+psycopg://bob:x@db/plan") == "bob@db/plan"
    assert locations.recent_label(URL) == "strategy — ann@db.example.com:5433 (PostgreSQL)"
    assert locations.recent_label("/plans/acme.hoshin") == "acme.hoshin — /plans"


@pytest.mark.parametrize(
    "message",
    [
        f"{URL} cannot be read as a plan: boom.",
        "Cannot use 'postgresql+psycopg://ann:s3cr%40t@db' as a plan location",
        "password s3cr@t was rejected",
    ],
)
def test_an_error_message_loses_the_password(message: str) -> None:
    text = locations.redact(message, URL)
    assert "s3cr" not in text


def test_a_missing_password_is_told_apart_from_other_failures() -> None:
    def failure(text: str) -> PlanError:
        try:
            try:
                raise OSError(text)
            except OSError as inner:
                raise PlanError("x cannot be read as a plan") from inner
        except PlanError as exc:
            return exc

    assert locations.needs_password(failure("fe_sendauth: no password supplied"))
    assert locations.needs_password(failure('FATAL: password authentication failed for "a"'))
    assert not locations.needs_password(failure("Connection refused"))
    message = locations.failure_message(URL, failure("Connection refused"))
    assert message == (
        "Cannot connect to ann@db.example.com:5433/strategy: nothing answers at "
        "db.example.com:5433. Is the server running, and are the host and port right?"
    )
