"""Numbers and months as Hoshin writes them, in the CLI, the workbook, the reports and the
app: one spelling for each, so that a figure reads the same on every screen.

A figure is written as a person writes it (``22``, not ``22.0``; ``25.3``) and a missing
one as :data:`MISSING`, the en dash the CLI, the monthly review, the review pack and the
history have always shown.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

#: A figure that is not there: an en dash (what most screens showed already).
MISSING = "–"


def number(value: float | None, *, missing: str = MISSING) -> str:
    """A figure as a person writes it: ``22``, not ``22.0``; ``25.3``; ``1234567``.

    Args:
        value: the figure, or None.
        missing: what a missing figure reads as; the default everywhere but where a blank
            is part of the layout.
    """
    if value is None:
        return missing
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def percent(value: float | None, *, missing: str = MISSING, spaced: bool = False) -> str:
    """A share as a whole percentage: ``45%``, or ``45 %`` with ``spaced`` (the Health
    tab's tiles, set in a large font, keep the French-style space)."""
    if value is None:
        return missing
    text = f"{value:.0%}"
    return text.replace("%", " %") if spaced else text


def signed(value: float | None, unit: str | None = None, *, missing: str = "") -> str:
    """``−18 %``: :func:`number` with a typographic minus and the unit when there is one
    (catchball's offers and goals)."""
    if value is None:
        return missing
    text = number(value).replace("-", "−")
    return f"{text} {unit}" if unit else text


def grouped(value: float | None, decimals: int, *, missing: str = MISSING) -> str:
    """A figure with thousands grouped and ``decimals`` places: ``1,234.0``."""
    return missing if value is None else f"{value:,.{decimals}f}"


def figure(value: float | None, *, missing: str = MISSING) -> str:
    """A figure in a report table: thousands grouped, two places unless it is whole."""
    if value is None:
        return missing
    return grouped(value, 0 if float(value).is_integer() else 2)


def short(value: float | None, *, missing: str = MISSING) -> str:
    """A figure short enough for a month column (``12k``, ``3.5``, ``0.25``); the tooltip
    and the editor give it whole (:func:`editable`)."""
    if value is None:
        return missing
    size = abs(value)
    if size >= 10_000:
        return f"{value / 1000:.0f}k"
    digits = 0 if size >= 100 else 1 if size >= 10 else 2
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def editable(value: float | None) -> str:
    """The text an input field starts from: the figure, or empty when there is none (an
    input shows nothing to type over, not a mark)."""
    if value is None:
        return ""
    return f"{value:g}" if abs(value) < 1e15 else repr(value)


@lru_cache(maxsize=256)
def month_label(month: str) -> str:
    """``2026-03`` as ``March 2026`` (kept: a read of obligations names a dozen months in
    thousands of titles)."""
    return _first_day(month).strftime("%B %Y")


def short_month_label(month: str) -> str:
    """``2026-03`` as ``Mar 2026``."""
    return _first_day(month).strftime("%b %Y")


def _first_day(month: str) -> dt.date:
    return dt.date(int(month[:4]), int(month[5:7]), 1)


def working_days(count: int) -> str:
    """ "1 working day", "3 working days": how late an obligation is, in words."""
    return f"{count} working day" if count == 1 else f"{count} working days"
