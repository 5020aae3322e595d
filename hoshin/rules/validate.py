"""Turning what a person typed into values, or a ValidationError that says why not."""

from __future__ import annotations

import datetime as dt
import math
import re
from enum import StrEnum
from typing import TypeVar

from hoshin.model.errors import ValidationError
from hoshin.model.kinds import parse_enum

E = TypeVar("E", bound=StrEnum)

MAX_TITLE = 500
# ASCII digits only: ``\d`` also takes full-width and other digits, which would store a
# month no query finds ("２０２６-０１" is not "2026-01").
_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")
#: The years a plan's dates and months may fall in. Reviews, windows and year-to-date
#: reach a year or more either side of a date; Python's calendar ends at years 1 and 9999.
FIRST_YEAR, LAST_YEAR = 1900, 2999
#: The longest health window: a century (a window reaches back from the as-of date).
MAX_WINDOW_DAYS = 36_500
#: SQLite's integer: a larger number given as an id or a count cannot even be compared.
MAX_INTEGER = 2**63 - 1
# Characters a one-line title must not hold: C0 and C1 controls, DEL, and the Unicode
# line and paragraph separators (each starts a new line somewhere: a terminal, a CSV, a
# cell). U+009B is the one-byte CSI a terminal takes as the start of an escape sequence.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def title(value: str | None, what: str = "title") -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError(f"The {what} cannot be empty.")
    if len(text) > MAX_TITLE:
        raise ValidationError(f"The {what} is {len(text)} characters; at most {MAX_TITLE}.")
    if _CONTROL.search(text):
        raise ValidationError(f"The {what} cannot hold line breaks or control characters.")
    return text


def number(value: object, what: str) -> float | None:
    """A finite number, or None for an empty value. Accepts ``1 234,5`` and a Unicode minus."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValidationError(f"The {what} must be a number, not {value!r}.")
    if isinstance(value, int | float):
        result = float(value)
    else:
        text = str(value).strip().replace("\u2212", "-").replace("\u00a0", "").replace(" ", "")
        if not text:
            return None
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            result = float(text)
        except ValueError:
            raise ValidationError(f"The {what} must be a number, not {value!r}.") from None
    if not math.isfinite(result):
        raise ValidationError(f"The {what} must be a finite number, not {value!r}.")
    return result


def date(value: object, what: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        result = value.date()
    elif isinstance(value, dt.date):
        result = value
    else:
        text = str(value).strip()
        try:
            if not text.isascii():
                raise ValueError(text)
            result = dt.date.fromisoformat(text)
        except ValueError:
            raise ValidationError(
                f"The {what} must be a date as YYYY-MM-DD, not {value!r}."
            ) from None
    if not FIRST_YEAR <= result.year <= LAST_YEAR:
        raise ValidationError(
            f"The {what} must fall between {FIRST_YEAR} and {LAST_YEAR}, not {result.isoformat()}."
        )
    return result


def month(value: object) -> str:
    """A month as ``YYYY-MM``."""
    if isinstance(value, dt.date):
        return f"{value.year:04d}-{value.month:02d}"
    text = str(value).strip()
    match = _MONTH.match(text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValidationError(f"A month is written YYYY-MM, not {value!r}.")
    if not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
        raise ValidationError(
            f"A month must fall between {FIRST_YEAR} and {LAST_YEAR}, not {value!r}."
        )
    return text


def window_days(value: int) -> int:
    """A health window: a positive number of days, at most a century."""
    if not 0 < value <= MAX_WINDOW_DAYS:
        raise ValidationError(
            f"The window must be from 1 to {MAX_WINDOW_DAYS:,} days, not {value:,}."
        )
    return value


def integer(value: int, what: str) -> int:
    """A whole number a command takes (an id, a count) that SQLite can hold."""
    if abs(value) > MAX_INTEGER:
        raise ValidationError(f"The {what} {value} is too large; no plan holds such a number.")
    return value


def choice(enum: type[E], value: object, what: str) -> E:
    if isinstance(value, enum):
        return value
    try:
        return parse_enum(enum, str(value), what)
    except ValueError as exc:
        raise ValidationError(str(exc).capitalize() + ".") from None


def date_order(
    start: dt.date | None, end: dt.date | None, end_what: str, start_what: str = "the start"
) -> None:
    if start is not None and end is not None and end < start:
        raise ValidationError(
            f"The {end_what} ({end.isoformat()}) is before {start_what} ({start.isoformat()})."
        )


def year(value: object) -> int:
    """A plan's year: a whole number between FIRST_YEAR and LAST_YEAR."""
    try:
        result = int(str(value).strip())
    except ValueError:
        raise ValidationError(f"A year is a number such as 2027, not {value!r}.") from None
    if not FIRST_YEAR <= result <= LAST_YEAR:
        raise ValidationError(
            f"A year must fall between {FIRST_YEAR} and {LAST_YEAR}, not {result}."
        )
    return result


#: An address as people type it: one @, no spaces, a dot in the domain. Not RFC 5322 in
#: full (quoted local parts are legal and never seen); a mail server says the rest.
_EMAIL = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^@\s<>(),;:\"\[\].]+$")
MAX_EMAIL = 254


def email(value: str | None) -> str | None:
    """An e-mail address, or None for an empty value (no address)."""
    text = (value or "").strip()
    if not text:
        return None
    if len(text) > MAX_EMAIL or _CONTROL.search(text) or not _EMAIL.match(text):
        shown = text if len(text) <= 60 else text[:57] + "..."
        raise ValidationError(
            f"{_CONTROL.sub('?', shown)!s} is not an e-mail address (like name@example.com)."
        )
    return text
