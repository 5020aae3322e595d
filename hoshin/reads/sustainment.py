"""The checks and action items of kaizens, each with its state (``hoshin sustain list``).

States follow :mod:`hoshin.rules.debt`: a check is ``planned`` (not late yet), ``overdue``,
``held``, ``slipped``, ``recovered`` (slipped, then a later check held) or ``dropped``
(its kaizen was dropped); an action item is ``open`` or ``done``. ``owed`` says whether
the record counts in the sustainment debt. A few SELECTs per call, chunked by kaizen ids.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hoshin.model import entities as e
from hoshin.model.errors import NotFoundError
from hoshin.model.kinds import FINISHED_STATUSES, KaizenStatus, NodeKind
from hoshin.reads.units import UnitTree
from hoshin.rules import debt
from hoshin.store.chunks import chunks

CHECK, ACTION = "check", "action item"
_FINISHED = {s.value for s in FINISHED_STATUSES}


@dataclass(frozen=True)
class Record:
    kind: str  # CHECK or ACTION
    id: int
    kaizen: str  # its code
    kaizen_status: str
    unit: str
    text: str  # an item's title; a check's note
    owner: str  # a person's name, "" when nobody
    owner_key: str
    due: dt.date | None
    state: str
    on: dt.date | None  # when checked or closed
    owed: bool

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        for key in ("due", "on"):
            out[key] = None if out[key] is None else out[key].isoformat()
        return out

    def describe(self) -> str:
        """One line for a confirmation: ``KZ-12: check 4 due 2027-01-15 (owner Ana Costa)``."""
        owner = f"owner {self.owner}" if self.owner else "no owner"
        if self.kind == CHECK:
            if self.state in ("held", "slipped", "recovered") and self.on is not None:
                result = "held" if self.state == "held" else "slipped"
                head = f"{self.kaizen}: check {self.id} {result} on {self.on.isoformat()}"
            else:
                head = f"{self.kaizen}: check {self.id} due {_day(self.due)}"
                if self.state == "overdue":
                    head += " (overdue)"
            note = f" — {self.text}" if self.text else ""
            return f"{head} ({owner}){note}"
        if self.state == "done":
            when = f"done on {_day(self.on)}"
        else:
            when = f"due {self.due.isoformat()}" if self.due else "no due date"
        return f"{self.kaizen}: action item {self.id} '{self.text}' {when} ({owner})"


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else "no date"


def kaizen_ids(session: Session, *, code: str | None = None, unit: str | None = None) -> list[int]:
    """The kaizens a listing covers: one by code, those of a unit's subtree, or all."""
    n = e.Node
    if code is not None:
        found = session.execute(select(n.id, n.kind).where(n.code == code.strip().upper())).first()
        if found is None:
            raise NotFoundError(f"No node {code.strip()} in this plan.")
        if found.kind != NodeKind.KAIZEN.value:
            raise NotFoundError(f"{code.strip().upper()} is not a kaizen.")
        return [int(found.id)]
    kinds = n.kind == NodeKind.KAIZEN.value
    if unit is None:
        return [int(i) for i in session.execute(select(n.id).where(kinds)).scalars()]
    tree = UnitTree.load(session)
    top = tree.by_code(unit.strip().upper())
    if top is None:
        raise NotFoundError(f"No unit {unit.strip()} in this plan.")
    subtree = tree.subtree(top.id)
    return [
        int(i) for i in session.execute(select(n.id).where(kinds, n.unit_id.in_(subtree))).scalars()
    ]


def records(session: Session, ids: Sequence[int], as_of: dt.date) -> list[Record]:
    """Every check and action item of these kaizens, by kaizen code, then due date."""
    n, u, c, a, p = e.Node, e.Unit, e.SustainmentCheck, e.ActionItem, e.Person
    out: list[Record] = []
    order: dict[str, int] = {}
    for chunk in chunks(ids):
        heads = {
            kid: (code, status, unit, seq)
            for kid, code, status, unit, seq in session.execute(
                select(n.id, n.code, n.status, u.code, n.seq)
                .join(u, u.id == n.unit_id)
                .where(n.id.in_(chunk))
            )
        }
        order.update((code, int(seq or 0)) for code, _st, _u, seq in heads.values())
        checks: dict[int, list[Any]] = defaultdict(list)
        for row in session.execute(
            select(c.kaizen_id, c.id, c.due, c.result, c.checked_on, c.note, p.name, p.key)
            .outerjoin(p, p.id == c.owner_id)
            .where(c.kaizen_id.in_(chunk))
        ):
            checks[row[0]].append(row[1:])
        for kid, rows in checks.items():
            code, status, unit, _seq = heads[kid]
            status = status or ""
            states = debt.check_states(
                ((cid, due, result, on) for cid, due, result, on, *_ in rows),
                dropped=status == KaizenStatus.DROPPED.value,
                as_of=as_of,
            )
            for cid, due, _result, on, note, owner, key in rows:
                state = states[cid]
                out.append(
                    Record(
                        CHECK, cid, code, status, unit, note or "", owner or "", key or "", due,
                        state, on, state in debt.OWED_STATES,
                    )
                )  # fmt: skip
        for kid, iid, title, due, done, done_on, owner, key in session.execute(
            select(a.kaizen_id, a.id, a.title, a.due, a.done, a.done_on, p.name, p.key)
            .outerjoin(p, p.id == a.owner_id)
            .where(a.kaizen_id.in_(chunk))
        ):
            code, status, unit, _seq = heads[kid]
            status = status or ""
            owed = not done and status in _FINISHED
            out.append(
                Record(
                    ACTION, iid, code, status, unit, title, owner or "", key or "", due,
                    "done" if done else "open", done_on, owed,
                )
            )  # fmt: skip
    out.sort(key=lambda r: (order[r.kaizen], r.kaizen, r.kind != CHECK, r.due or dt.date.max, r.id))
    return out


def record(session: Session, kind: str, record_id: int, as_of: dt.date) -> Record:
    """One check or action item with its state (a confirmation reads it after the edit)."""
    table = e.SustainmentCheck if kind == CHECK else e.ActionItem
    kaizen_id = session.execute(select(table.kaizen_id).where(table.id == record_id)).scalar()
    if kaizen_id is None:
        raise NotFoundError(f"No {kind} {record_id} in this plan.")
    found = [
        r for r in records(session, [kaizen_id], as_of) if r.kind == kind and r.id == record_id
    ]
    return found[0]
