"""A node's history as the history panel shows it: audit entries, newest first, a page at
a time, each with the words a person reads (what changed, whose ownership, which month).

A page is three queries whatever its length: the entries, the people they name, and what
:class:`hoshin.reads.audit_text.Describer` reads to word them.
"""

from __future__ import annotations

import json
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from hoshin.model import entities as e
from hoshin.plan import Plan
from hoshin.reads import audit_text
from hoshin.reports import audit_csv
from hoshin.store import audit
from hoshin.store.chunks import chunks
from hoshin.store.steps import Row


def history_page(plan: Plan, node_id: int, *, before: int | None, limit: int) -> list[Row]:
    """The ``limit`` entries of ``node_id`` older than entry ``before`` (None: the newest).

    Besides the audit columns, a row holds ``sentence`` (the entry in a person's words, as
    ``hoshin audit`` says it), ``subject`` (the person an owner added or removed), and for
    an update ``change`` and ``month``.
    """
    with plan.session() as s:
        rows = audit.history(s, node_id, limit=limit, before=before)
        _name_owners(s, rows)
        describer = audit_text.Describer(s, plan.graph, rows)
        for row in rows:
            row["sentence"] = describer.sentence(row)
            if row["action"] == "update":
                row["change"] = describer.change(row)
                row["month"] = describer.month_of(row)
    return rows


def write_history_csv(plan: Plan, node_id: int, out: TextIO) -> int:
    """Write the node's whole history to ``out`` with the columns of ``hoshin audit --csv``;
    returns how many entries."""
    with plan.session() as s:
        return audit_csv.write_csv(audit_csv.all_history(s, node_id), out)


def _name_owners(session: Session, rows: list[Row]) -> None:
    """Give each owner added or removed its person's name (``subject``), in one query."""
    wanted: dict[int, list[Row]] = {}
    for row in rows:
        if row["table_name"] != "responsibilities" or row["action"] == "update":
            continue
        try:
            person = json.loads(row["new"] or row["old"] or "{}").get("person_id")
        except (AttributeError, ValueError):
            continue
        if isinstance(person, int):
            wanted.setdefault(person, []).append(row)
    p = e.Person
    for batch in chunks(sorted(wanted)):
        for person_id, name in session.execute(select(p.id, p.name).where(p.id.in_(batch))):
            for row in wanted[person_id]:
                row["subject"] = name
