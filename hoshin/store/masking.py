"""Locations and messages fit to show: a database password is never printed or kept.

A URL may carry a password after the user name (``user:secret@host``) or as a query
parameter (``?password=secret``); a driver's message may repeat either. Everything Hoshin
prints, logs or remembers about a location goes through :func:`without_password` or
:func:`mask` — the CLI's errors and confirmations, the app's dialogs and its settings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

#: Query parameters (libpq's and the drivers') whose value is a secret.
SECRET_PARAMETERS = frozenset({"password", "sslpassword", "passwd", "pwd"})

_USER_PASSWORD = re.compile(r"(://[^:/@?#\s]*):[^@/?#\s]*@")
_PARAMETER = re.compile(
    r"(\b(?:" + "|".join(sorted(SECRET_PARAMETERS)) + r")\s*=\s*)('[^']*'|[^&\s'\"]+)",
    re.IGNORECASE,
)
HIDDEN = "***"


def is_url(location: str) -> bool:
    return "://" in location


def without_password(location: str) -> str:
    """``location`` with any password taken out (user part and query); a path as it is."""
    if not is_url(location):
        return location
    try:
        parts = urlsplit(location)
    except ValueError:
        return mask(location)
    netloc = parts.netloc
    if "@" in netloc:
        user, host = netloc.rsplit("@", 1)
        netloc = f"{user.split(':', 1)[0]}@{host}"
    query = parts.query
    pairs = parse_qsl(query, keep_blank_values=True)
    if any(k.lower() in SECRET_PARAMETERS for k, _v in pairs):
        query = urlencode([(k, v) for k, v in pairs if k.lower() not in SECRET_PARAMETERS])
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def passwords_of(location: str) -> set[str]:
    """Every password ``location`` carries, as written and as decoded."""
    found: set[str] = set()
    if not is_url(location):
        return found
    try:
        parts = urlsplit(location)
    except ValueError:
        return found
    if parts.password:
        found |= {parts.password, unquote(parts.password)}
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key.lower() in SECRET_PARAMETERS and value:
            found |= {value, quote(value, safe=""), quote(value)}
    return {p for p in found if p}


def mask(text: str, locations: Iterable[str] = ()) -> str:
    """``text`` (a message, a URL) with every password hidden: those of ``locations``
    wherever they appear, and anything written where a password goes."""
    for location in locations:
        if is_url(location):
            text = text.replace(location, without_password(location))
            for secret in sorted(passwords_of(location), key=len, reverse=True):
                text = text.replace(secret, HIDDEN)
    text = _USER_PASSWORD.sub(rf"\1:{HIDDEN}@", text)
    return _PARAMETER.sub(rf"\1{HIDDEN}", text)
