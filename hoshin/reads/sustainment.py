"""The checks and action items of kaizens, each with its state.

Two readers: :class:`Record` rows for ``hoshin sustain list``, and :class:`SustainmentItem`
rows for the app's sustainment lists (the health tab's drill-down behind a debt figure, the
dock and the node editor of one kaizen). States follow :mod:`hoshin.rules.debt`: a check is
``planned`` (not late yet), ``overdue``, ``held``, ``slipped``, ``recovered`` (slipped, then
a later check held) or ``dropped`` (its kaizen was dropped); an action item is ``open`` or
``done`` (the app says ``planned`` for an open item that is not debt yet). ``owed`` says
whether the record counts in the sustainment debt. A few SELECTs per call, chunked by ids.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from hoshin.model import entities as e
from hoshin.model.errors import NotFoundError
from hoshin.model.kinds import CheckResult, KaizenStatus, NodeKind
from hoshin.reads.units import UnitTree
from hoshin.rules import debt
from hoshin.rules.years import current_year
from hoshin.store.chunks import chunks

if TYPE_CHECKING:
    from hoshin.plan import Plan

CHECK, ACTION = "check", "action item"


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
        year = current_year(session)
        found = session.execute(
            select(n.id, n.kind).where(n.code == code.strip().upper(), n.year == year)
        ).first()
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
            owed = debt.item_is_owed(done, status)
            status = status or ""
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


def find_record(plan: Plan, kind: str, record_id: int, as_of: dt.date) -> Record:
    """:func:`record`, read in a session of its own (a dialog fills its fields from it)."""
    with plan.session() as s:
        return record(s, kind, record_id, as_of)


# -- the app's sustainment lists -----------------------------------------------------------


@dataclass(frozen=True)
class SustainmentItem:
    """An action item or a sustainment check of a kaizen, as the app's lists show it.

    ``state``: an action item is ``open`` (debt: its kaizen is finished), ``planned`` (its
    kaizen is still under way) or ``done``; a check is ``overdue``, ``slipped`` (debt),
    ``planned`` (not due yet), ``held``, ``recovered`` (slipped, then a later one held) or
    ``dropped`` (its kaizen was dropped).
    """

    kind: str  # ACTION or CHECK
    id: int
    kaizen_id: int
    kaizen_code: str
    kaizen_title: str
    unit_code: str
    text: str
    owner: str
    due: dt.date | None
    state: str
    on: dt.date | None = None  # when it was closed or checked

    @property
    def in_debt(self) -> bool:
        return self.state in debt.OWED_STATES


#: What a check without a note is called in the lists.
CHECK_TEXT = "Sustainment check"


def debt_items(plan: Plan, unit_ids: Sequence[int], as_of: dt.date) -> list[SustainmentItem]:
    """Every item counted in the sustainment debt of these units, most urgent first.

    Item for item what :func:`hoshin.reads.health.sustainment_counts` counts: two queries
    per chunk of units, nothing read per kaizen.
    """
    n, u, p = e.Node.__table__.c, e.Unit.__table__.c, e.Person.__table__.c
    a = debt.table(debt.ITEMS).c
    c = debt.table(debt.OVERDUE).c
    kaizen = (n.id, n.code, n.title, u.code)
    items: list[SustainmentItem] = []
    with plan.session() as s:
        for batch in chunks(unit_ids):
            # Only kaizens have checks and action items; saying "kind = kaizen" as well makes
            # SQLite walk every kaizen by kind instead of the few of these units.
            in_units = n.unit_id.in_(batch)
            actions = (
                select(a.id, *kaizen, a.title, p.name, a.due)
                .join(e.Node.__table__, n.id == a.kaizen_id)
                .join(e.Unit.__table__, u.id == n.unit_id)
                .outerjoin(e.Person.__table__, p.id == a.owner_id)
                .where(in_units, debt.owed(debt.ITEMS, a, n.status, as_of))
            )
            for aid, kid, code, title, unit, text, owner, due in s.execute(actions):
                items.append(
                    SustainmentItem(
                        ACTION, aid, kid, code, title, unit, text, owner or "", due, "open"
                    )
                )
            checks = (
                select(c.id, *kaizen, c.due, c.result, p.name)
                .join(e.Node.__table__, n.id == c.kaizen_id)
                .join(e.Unit.__table__, u.id == n.unit_id)
                .outerjoin(e.Person.__table__, p.id == c.owner_id)
                .where(
                    in_units,
                    debt.owes(debt.OVERDUE, n.status),  # the same kaizens owe either kind
                    debt.check_owed(c, as_of),
                )
            )
            for cid, kid, code, title, unit, due, result, owner in s.execute(checks):
                state = "slipped" if result == CheckResult.SLIPPED.value else "overdue"
                items.append(
                    SustainmentItem(
                        CHECK, cid, kid, code, title, unit, CHECK_TEXT, owner or "", due, state
                    )
                )
    items.sort(key=_urgency)
    return items


def kaizen_items(plan: Plan, kaizen_id: int, as_of: dt.date) -> list[SustainmentItem]:
    """Every action item and check of one kaizen, open or not, in due-date order."""
    n, u, p = e.Node.__table__.c, e.Unit.__table__.c, e.Person.__table__.c
    a, c = e.ActionItem.__table__.c, e.SustainmentCheck.__table__.c
    with plan.session() as s:
        head = s.execute(
            select(n.id, n.code, n.title, u.code, n.status)
            .join(e.Unit.__table__, u.id == n.unit_id)
            .where(n.id == kaizen_id, n.kind == NodeKind.KAIZEN.value)
        ).first()
        if head is None:
            return []
        kid, code, title, unit, status = head
        actions = s.execute(
            select(a.id, a.title, p.name, a.due, a.done, a.done_on)
            .outerjoin(e.Person.__table__, p.id == a.owner_id)
            .where(a.kaizen_id == kaizen_id)
        ).all()
        checks = s.execute(
            select(c.id, c.due, c.result, c.checked_on, p.name, c.note)
            .outerjoin(e.Person.__table__, p.id == c.owner_id)
            .where(c.kaizen_id == kaizen_id)
        ).all()
    items: list[SustainmentItem] = []
    for aid, text, owner, due, done, done_on in actions:
        # An open item of a kaizen still in progress is work, not yet debt.
        state = "done" if done else ("open" if debt.item_is_owed(done, status) else "planned")
        items.append(
            SustainmentItem(
                ACTION, aid, kid, code, title, unit, text, owner or "", due, state, done_on
            )
        )
    states = debt.check_states(
        ((cid, due, result, on) for cid, due, result, on, _o, _n in checks),
        dropped=status == KaizenStatus.DROPPED.value,
        as_of=as_of,
    )
    for cid, due, _result, checked_on, owner, note in checks:
        items.append(
            SustainmentItem(
                CHECK, cid, kid, code, title, unit, note or CHECK_TEXT, owner or "", due,
                states[cid], checked_on,
            )
        )  # fmt: skip
    items.sort(key=lambda i: (i.due or dt.date.max, i.kind, i.id))
    return items


_STATE_ORDER = {"slipped": 0, "overdue": 1, "open": 2}


def _urgency(item: SustainmentItem) -> tuple[int, dt.date, str, int]:
    return (_STATE_ORDER.get(item.state, 3), item.due or dt.date.max, item.kaizen_code, item.id)


class Owner(NamedTuple):
    """A person one can make the owner of a check or an action item."""

    key: str
    name: str
    unit_code: str


def owner_choices(plan: Plan) -> list[Owner]:
    """Every person with their unit, by name: the owner choices of the sustainment dialogs."""
    p, u = e.Person, e.Unit
    with plan.session() as s:
        rows = s.execute(
            select(p.key, p.name, u.code).join(u, u.id == p.unit_id).order_by(p.name, p.key)
        ).all()
    return [Owner(key, name, unit) for key, name, unit in rows]
