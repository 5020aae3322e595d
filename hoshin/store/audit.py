"""The audit log: every edit's row changes, with who and when, derived from the recorder.

Written in the edit's own transaction, so a change and its record stand or fall together.
The log is history: undoing an edit appends entries, it never removes any.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any, cast

from sqlalchemy import insert, or_, select
from sqlalchemy.orm import Session

from hoshin.changes import Changes, How
from hoshin.model import entities as e
from hoshin.store.chunks import chunks
from hoshin.store.steps import CATEGORY, HOW, Action, Row, Step

#: The column naming the node a row concerns, per table.
NODE_COLUMN = {
    "nodes": "id",
    "edges": "source_id",
    "responsibilities": "node_id",
    "measurements": "node_id",
    "countermeasures": "node_id",
    "sustainment_checks": "kaizen_id",
    "action_items": "kaizen_id",
    "catchball_threads": "node_id",
    "a3s": "node_id",
    "a3_items": "node_id",
    "a3_links": "node_id",
    "reflections": "node_id",
    "reflection_comments": "node_id",
}


def _text(value: Any) -> str | None:
    return None if value is None else json.dumps(value, default=str, ensure_ascii=False)


def entries(steps: Iterable[Step], edit: str, at: dt.datetime, person_id: int | None) -> list[Row]:
    out: list[Row] = []
    for step in steps:
        table = e.Base.metadata.tables[step.table]
        pk = next(iter(table.primary_key.columns)).name
        column = NODE_COLUMN.get(step.table)
        base = {"at": at, "person_id": person_id, "edit": edit[:200], "table_name": step.table}
        if step.action in ("insert", "delete"):
            for row in step.rows:
                key = "new" if step.action == "insert" else "old"
                payload = {k: v for k, v in row.items() if v is not None}
                out.append(
                    {
                        **base,
                        "action": step.action,
                        "row_id": str(row[pk]),
                        "node_id": row.get(column) if column else None,
                        "field": None,
                        "old": None,
                        "new": None,
                        key: _text(payload),
                    }
                )
            continue
        for new, old, context in zip(step.rows, step.before, step.context, strict=True):
            node = context.get(column) if column else None
            for field, value in new.items():
                if field == pk:
                    continue
                out.append(
                    {
                        **base,
                        "action": "update",
                        "row_id": str(new[pk]),
                        "node_id": node,
                        "field": field,
                        "old": _text(old.get(field)),
                        "new": _text(value),
                    }
                )
    return out


def write(session: Session, rows: Sequence[Row]) -> list[int]:
    """Append entries; returns their ids (the plan skips its own when it looks for others')."""
    if not rows:
        return []
    stmt = insert(e.AuditEntry).returning(e.AuditEntry.id)
    return [int(i) for i in session.scalars(stmt, list(rows))]


#: Beyond this many entries, reading everything again is quicker than following them.
FOLLOW_AT_MOST = 5000


def changes_since(session: Session, after: int, skip: set[int]) -> tuple[Changes, int] | None:
    """What other sessions changed after audit id ``after`` (``skip``: this session's own
    entries), and the last id read; None when there is too much to follow one by one."""
    a = e.AuditEntry
    rows = session.execute(
        select(a.id, a.table_name, a.action, a.row_id, a.node_id, a.old, a.new)
        .where(a.id > after)
        .order_by(a.id)
        .limit(FOLLOW_AT_MOST + 1)
    ).all()
    if len(rows) > FOLLOW_AT_MOST:
        return None
    changes = Changes()
    for entry_id, table, action, row_id, node_id, old, new in rows:
        if entry_id not in skip:
            _note(changes, table, cast(Action, action), row_id, node_id, old, new)
    _note_link_ends(session, changes)
    return changes, max((r[0] for r in rows), default=after)


def _note_link_ends(session: Session, changes: Changes) -> None:
    """Both ends of every changed link that still exists, as the edit's own Changes has
    them: an update's entry names only the link's source (a rationale shows on both)."""
    ed = e.Edge
    for batch in chunks(sorted(changes.edges)):
        for ends in session.execute(select(ed.source_id, ed.target_id).where(ed.id.in_(batch))):
            changes.nodes.note(ends, "updated")


def _note(
    changes: Changes,
    table: str,
    action: Action,
    row_id: str,
    node_id: int | None,
    old: str | None,
    new: str | None,
) -> None:
    """Put one entry's row into ``changes`` as the edit's own Changes would have it: a row
    of the kind's own table added, updated or removed; another table's row (an owner of a
    node, a message of a thread) updates the one it names."""
    category, column = CATEGORY[table]
    payload = json.loads(new or old or "null")
    how: How = "updated"
    if column in ("id", "key", "year"):
        key: Any = row_id if column == "key" else int(row_id)
        how = HOW[action]
    elif column in ("node_id", "kaizen_id") and node_id is not None:
        key = node_id
    elif isinstance(payload, dict) and payload.get(column) is not None:
        key = payload[column]  # a column the entry does not carry, from the row itself
    else:
        return
    changes.kind(category).note((key,), how)
    if table == "edges":  # a link is part of what a view shows of both its ends
        if node_id is not None:
            changes.nodes.note((node_id,), "updated")
        if isinstance(payload, dict) and payload.get("target_id") is not None:
            changes.nodes.note((payload["target_id"],), "updated")


def history(
    session: Session, node_id: int | None = None, limit: int = 200, *, before: int | None = None
) -> list[Row]:
    """The newest entries first, of the whole plan or of one node (its links included).

    ``before`` (an entry's id) reads the page after the one that ended with that entry.
    """
    a, p = e.AuditEntry, e.Person
    stmt = select(a.__table__, p.name.label("person")).outerjoin(p, p.id == a.person_id)
    if before is not None:
        stmt = stmt.where(a.id < before)
    if node_id is not None:
        stmt = stmt.where(
            or_(
                a.node_id == node_id,
                (a.table_name == "edges") & (a.new.contains(f'"target_id": {node_id}')),
                (a.table_name == "edges") & (a.old.contains(f'"target_id": {node_id}')),
            )
        )
    rows = session.execute(stmt.order_by(a.id.desc()).limit(limit)).mappings()
    return [dict(r) for r in rows]
