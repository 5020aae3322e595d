"""Reading the Target values sheet back: how each target is tracked and its daily or
weekly values. A row that cannot be read is a problem of the import's report, not a
failure: the values that can be read still come back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from hoshin.excel import names
from hoshin.excel.read.content import Content
from hoshin.excel.read.reading import Book, as_date, as_text
from hoshin.excel.read.table_reader import read_table
from hoshin.model.errors import HoshinError
from hoshin.rules import validate
from hoshin.rules.target_values import FINER

Tick = Callable[[int], None]


def _number(value: object) -> float | None:
    try:
        return validate.number(value, "value")
    except HoshinError:
        return None


def read_target_values(book: Book, content: Content, tick: Tick) -> None:
    headings = [h for h, _w in names.TARGET_VALUE_COLUMNS]
    for row in read_table(book, names.TARGET_VALUES, headings, required=("Target", "Date")):
        code = as_text(row["Target"])
        if not code:
            continue
        code = code.upper()
        tracking = (as_text(row["Tracking"]) or "").lower()
        if tracking not in FINER:
            content.problems.append(
                f"{row.at('Tracking')}: {tracking or 'no tracking'!r} is not daily or "
                "weekly; the row was left out"
            )
            continue
        content.tracking.setdefault(code, (tracking, row.at("Target")))
        day, value = as_date(row["Date"]), row["Value"]
        if day is None and value is None:
            continue  # a target tracked finer without values yet
        if not isinstance(day, dt.date) or _number(value) is None:
            content.problems.append(
                f"{row.at('Date')}: a value needs a date and a number; the row was left out"
            )
            continue
        content.target_values.append((row.number, code, day, value))
        tick(1)
