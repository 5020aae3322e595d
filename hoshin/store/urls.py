"""Database URLs (a shared plan's location), read and built without the shell importing
SQLAlchemy: the shell shows and edits them, the store opens them.

``URL`` is SQLAlchemy's immutable URL (``url.set(password=…)``, ``url.host``,
``url.get_backend_name()``, ``url.render_as_string(hide_password=False)``).
"""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from hoshin.store import storage

__all__ = ["URL", "parse_url", "read_url", "server_url"]


def read_url(text: str) -> URL:
    """``text`` as a URL.

    Raises:
        ValueError: it cannot be read as one (the reason is the message).
    """
    try:
        return make_url(text)
    except (ArgumentError, ValueError) as exc:
        raise ValueError(str(exc)) from exc


def parse_url(location: str) -> URL | None:
    """``location`` as a URL; None for a file path or a URL that cannot be read."""
    if not storage.is_url(location):
        return None
    try:
        return read_url(location)
    except ValueError:
        return None


def server_url(
    driver: str,
    *,
    username: str | None,
    password: str | None,
    host: str | None,
    port: int | None,
    database: str | None,
) -> URL:
    """The URL of a database on a server, from its parts (None: not given)."""
    return URL.create(
        driver, username=username, password=password, host=host, port=port, database=database
    )
