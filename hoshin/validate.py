"""Turning what a person typed into values, or a ValidationError that says why not."""

from __future__ import annotations

import datetime as dt
import math
import re
from enum import StrEnum
from typing import TypeVar

from hoshin.errors import ValidationError
from hoshin.kinds import parse_enum

E = TypeVar("E", bound=StrEnum)

MAX_TITLE = 500
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def title(value: str | None, what: str = "title") -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError(f"The {what} cannot be empty.")
    if len(text) > MAX_TITLE:
        raise ValidationError(f"The {what} is {len(text)} characters; at most {MAX_TITLE}.")
    if any(ord(ch) < 32 and ch not in "\t" for ch in text):
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
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(f"The {what} must be a date as YYYY-MM-DD, not {value!r}.") from None


def month(value: object) -> str:
    """A month as ``YYYY-MM``."""
    if isinstance(value, dt.date):
        return f"{value.year:04d}-{value.month:02d}"
    text = str(value).strip()
    match = _MONTH.match(text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValidationError(f"A month is written YYYY-MM, not {value!r}.")
    return text


def choice(enum: type[E], value: object, what: str) -> E:
    if isinstance(value, enum):
        return value
    try:
        return parse_enum(enum, str(value), what)
    except ValueError as exc:
        raise ValidationError(str(exc).capitalize() + ".") from None


def date_order(start: dt.date | None, end: dt.date | None, end_what: str) -> None:
    if start is not None and end is not None and end < start:
        raise ValidationError(
            f"The {end_what} ({end.isoformat()}) is before the start ({start.isoformat()})."
        )
