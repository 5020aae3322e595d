"""Plan locations as people read them and as the settings keep them.

A location is a plan file's path or a database URL. A URL may carry a password; the
password is used to connect and then forgotten: what the settings remember, what the
window title and the recent lists show, and what an error message says never holds it.
"""

from __future__ import annotations

import re
from pathlib import Path

from hoshin.store import masking, storage
from hoshin.store.urls import URL, parse_url

#: What libpq and the server say when the password is missing or wrong.
_AUTH_FAILED = (
    "no password supplied",
    "password authentication failed",
    "password is required",
)
PG_DEFAULT_PORT = 5432


def _render(url: URL) -> str:
    return url.render_as_string(hide_password=False)


def without_password(location: str) -> str:
    """``location`` with any password taken out (``?password=`` too); a file path as it is."""
    return masking.without_password(location)


def password_of(location: str) -> str | None:
    url = parse_url(location)
    return None if url is None or url.password is None else str(url.password)


def with_password(location: str, password: str) -> str:
    """``location`` (a URL) connecting with ``password``."""
    url = parse_url(location)
    if url is None:
        raise ValueError("only a database URL takes a password")
    return _render(url.set(password=password))


def is_postgresql(location: str) -> bool:
    url = parse_url(location)
    return url is not None and url.get_backend_name() == "postgresql"


def describe(location: str) -> str:
    """What the title bar shows: a file's name, or ``user@host/database``."""
    if not storage.is_url(location):
        return Path(location).name
    url = parse_url(location)
    if url is None:
        return without_password(location)
    if url.get_backend_name() == "sqlite":
        return Path(url.database or "").name or "memory"
    host = url.host or "localhost"
    if url.port and url.port != PG_DEFAULT_PORT:
        host = f"{host}:{url.port}"
    user = f"{url.username}@" if url.username else ""
    return f"{user}{host}/{url.database or ''}"


def recent_label(location: str) -> str:
    """One line of a recent-plans list: a file's name and folder, or a database and server."""
    if not storage.is_url(location):
        path = Path(location)
        return f"{path.name} — {path.parent}"
    url = parse_url(location)
    if url is None:
        return without_password(location)
    where = describe(location).rsplit("/", 1)[0]
    kind = "PostgreSQL" if url.get_backend_name() == "postgresql" else url.get_backend_name()
    return f"{url.database} — {where} ({kind})"


def redact(text: str, location: str) -> str:
    """``text`` (an error message naming ``location``) without the location's password."""
    return masking.mask(text, [location])


def _messages(error: BaseException) -> list[str]:
    """The texts of ``error`` and of every error it was raised from."""
    found: list[str] = []
    seen: set[int] = set()
    todo: list[BaseException | None] = [error]
    while todo:
        exc = todo.pop()
        if exc is None or id(exc) in seen:
            continue
        seen.add(id(exc))
        found.append(str(exc))
        todo += [exc.__cause__, exc.__context__, getattr(exc, "orig", None)]
    return found


def needs_password(error: BaseException) -> bool:
    """Whether opening failed because the server wants a password it did not get."""
    return any(phrase in text.lower() for text in _messages(error) for phrase in _AUTH_FAILED)


def failure_message(location: str, error: BaseException) -> str:
    """One sentence a user can act on, for a plan at a URL that could not be opened."""
    texts = " ".join(_messages(error))
    lower = texts.lower()
    where = describe(location)
    url = parse_url(location)
    server = f"{url.host or 'localhost'}:{url.port or PG_DEFAULT_PORT}" if url else where
    if needs_password(error):
        who = url.username if url is not None and url.username else "this user"
        return f"Cannot connect to {where}: the server did not accept the password for {who}."
    if "connection refused" in lower:
        return (
            f"Cannot connect to {where}: nothing answers at {server}. "
            "Is the server running, and are the host and port right?"
        )
    if "failed to resolve host" in lower or "name or service not known" in lower:
        host = url.host if url is not None else where
        return f"Cannot connect to {where}: the host {host} is not known."
    missing = re.search(r'database "([^"]+)" does not exist', texts)
    if missing:
        return f"Cannot connect to {where}: the server has no database {missing.group(1)}."
    if "timeout expired" in lower or "timed out" in lower:
        return f"Cannot connect to {where}: {server} did not answer in time."
    return redact(str(error).replace(location, where), location)
