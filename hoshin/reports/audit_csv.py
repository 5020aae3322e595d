"""The audit log as CSV, for a spreadsheet.

The columns are those of ``hoshin audit --csv``; an old or new value is written as it
reads (``Lead time``, not the log's JSON ``"Lead time"``), a whole added or removed row as
JSON. A value a person typed may start with ``=``, ``+``, ``-`` or ``@``; a spreadsheet
would run it as a formula, so such a cell gets a leading quote, by the rule the Excel
workbook uses (:data:`hoshin.excel.write.cells.FORMULA_STARTS`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from sqlalchemy.orm import Session

from hoshin.store import audit
from hoshin.store.steps import Row

COLUMNS = ("at", "person", "edit", "action", "table_name", "row_id", "field", "old", "new")
#: Entries read at a time when a whole history is written.
PAGE = 2000


def safe_cell(value: Any) -> str:
    """``value`` as CSV text that no spreadsheet reads as a formula."""
    from hoshin.excel.write.cells import FORMULA_STARTS  # the workbook's rule; openpyxl only now

    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def plain_value(raw: str | None) -> str:
    """A logged value (JSON text) as it reads; a row (an object) stays JSON."""
    if raw is None:
        return ""
    try:
        value = json.loads(raw)
    except ValueError:
        return raw
    if isinstance(value, dict | list):
        return raw
    return "" if value is None else str(value)


def all_history(session: Session, node_id: int | None) -> Iterator[Row]:
    """Every entry of a node (or of the plan), newest first, read a page at a time."""
    before: int | None = None
    while True:
        rows = audit.history(session, node_id, limit=PAGE, before=before)
        yield from rows
        if len(rows) < PAGE:
            return
        before = int(rows[-1]["id"])


def write_csv(rows: Iterable[Row], out: TextIO) -> int:
    """Write a header and ``rows``; returns how many rows were written."""
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for row in rows:
        values = {**row, "old": plain_value(row.get("old")), "new": plain_value(row.get("new"))}
        writer.writerow([safe_cell(values.get(column)) for column in COLUMNS])
        count += 1
    return count
