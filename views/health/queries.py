"""Qt-free reads for the health tab: per-unit counts and the items behind a debt figure.

Everything is one bulk query (chunked by unit ids where a subtree is long); nothing is
read per kaizen. The debt items follow ``hoshin.reads.health``'s definition row for row, so the
drill-down of a unit lists exactly as many items as its debt figure counts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hoshin.model import entities as e
from hoshin.model.kinds import (
    ACTIVE_STATUSES,
    FINISHED_STATUSES,
    CheckResult,
    KaizenStatus,
    NodeKind,
)
from hoshin.rules import debt

N = e.Node.__table__.c
KAIZEN = N.kind == NodeKind.KAIZEN.value
CHUNK = 900  # below SQLite's oldest bound-parameter limit


def chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]


@dataclass(frozen=True)
class UnitInfo:
    id: int
    code: str
    name: str
    parent_id: int | None


class Units:
    """The organisation tree, read once: children, subtrees and names by id."""

    def __init__(self, rows: Iterable[tuple[int, str, str, int | None]]) -> None:
        self.by_id: dict[int, UnitInfo] = {}
        self.children: dict[int | None, list[int]] = defaultdict(list)
        for uid, code, name, parent in rows:
            self.by_id[uid] = UnitInfo(uid, code, name, parent)
            self.children[parent].append(uid)
        for kids in self.children.values():
            kids.sort(key=lambda u: self.by_id[u].code)

    @classmethod
    def load(cls, session: Session) -> Units:
        u = e.Unit.__table__.c
        return cls(session.execute(select(u.id, u.code, u.name, u.parent_id)).all())

    def subtree(self, unit_id: int) -> list[int]:
        """The unit and every unit below it."""
        out, frontier = [], [unit_id]
        while frontier:
            uid = frontier.pop()
            out.append(uid)
            frontier.extend(self.children.get(uid, ()))
        return out

    def owner_below(self, unit_id: int, top: int) -> int | None:
        """The child of ``top`` whose subtree holds ``unit_id`` (``top`` itself if it is)."""
        cursor: int | None = unit_id
        while cursor is not None:
            info = self.by_id.get(cursor)
            if info is None:
                return None
            if cursor == top or info.parent_id == top:
                return cursor
            cursor = info.parent_id
        return None


class UnitTree:
    """The open plan's :class:`Units`, read on first use and again after :meth:`forget`
    (when units changed or another plan was opened)."""

    def __init__(self, document: Any) -> None:
        self._document = document
        self._units: Units | None = None

    def get(self) -> Units:
        if self._units is None:
            plan = self._document.plan
            assert plan is not None
            with plan.session() as s:
                self._units = Units.load(s)
        return self._units

    def forget(self) -> None:
        self._units = None


def coverage_by_unit(session: Session) -> tuple[list[str], dict[int, Counter[str]]]:
    """The plan's functions in their order, and active kaizens per unit and function."""
    f = e.Function.__table__.c
    names = dict(session.execute(select(f.id, f.name).order_by(f.position, f.id)).all())
    active = [s.value for s in ACTIVE_STATUSES]
    per_unit: dict[int, Counter[str]] = defaultdict(Counter)
    for unit_id, function_id, count in session.execute(
        select(N.unit_id, N.function_id, func.count())
        .where(KAIZEN, N.status.in_(active))
        .group_by(N.unit_id, N.function_id)
    ):
        if function_id in names:
            per_unit[unit_id][names[function_id]] += count
    return list(names.values()), per_unit


def live_kaizens_by_unit(session: Session) -> dict[int, int]:
    """Kaizens that are not dropped, per unit (the base of the line-of-sight share)."""
    return dict(
        session.execute(
            select(N.unit_id, func.count())
            .where(KAIZEN, debt.counted(N.status))
            .group_by(N.unit_id)
        ).all()
    )


# -- what the debt is made of ------------------------------------------------------------

ACTION, CHECK = "action item", "check"


@dataclass(frozen=True)
class SustainmentItem:
    """An action item or a sustainment check of a kaizen, as the drill-down lists it.

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
        return self.state in ("open", "overdue", "slipped")


def _kaizen_columns() -> tuple[Any, ...]:
    u = e.Unit.__table__.c
    return (N.id, N.code, N.title, u.code)


def debt_items(session: Session, unit_ids: list[int], as_of: dt.date) -> list[SustainmentItem]:
    """Every item counted in the sustainment debt of these units, most urgent first."""
    a, c, p, u = (t.__table__.c for t in (e.ActionItem, e.SustainmentCheck, e.Person, e.Unit))
    items: list[SustainmentItem] = []
    for chunk in chunks(unit_ids):
        # Only kaizens have checks and action items; saying "kind = kaizen" as well makes
        # SQLite walk every kaizen by kind instead of the few of these units.
        where_unit = N.unit_id.in_(chunk)
        actions = (
            select(a.id, *_kaizen_columns(), a.title, p.name, a.due)
            .join(e.Node.__table__, N.id == a.kaizen_id)
            .join(e.Unit.__table__, u.id == N.unit_id)
            .outerjoin(e.Person.__table__, p.id == a.owner_id)
            .where(where_unit, debt.item_owed(a, N.status))
        )
        for aid, kid, code, title, unit, text, owner, due in session.execute(actions):
            items.append(
                SustainmentItem(ACTION, aid, kid, code, title, unit, text, owner or "", due, "open")
            )
        checks = (
            select(c.id, *_kaizen_columns(), c.due, c.result, p.name)
            .join(e.Node.__table__, N.id == c.kaizen_id)
            .join(e.Unit.__table__, u.id == N.unit_id)
            .outerjoin(e.Person.__table__, p.id == c.owner_id)
            .where(where_unit, debt.counted(N.status), debt.check_owed(c, as_of))
        )
        for cid, kid, code, title, unit, due, result, owner in session.execute(checks):
            state = "slipped" if result == CheckResult.SLIPPED.value else "overdue"
            items.append(
                SustainmentItem(
                    CHECK, cid, kid, code, title, unit, _check_text(due), owner or "", due, state
                )
            )
    items.sort(key=_urgency)
    return items


def kaizen_items(session: Session, kaizen_id: int, as_of: dt.date) -> list[SustainmentItem]:
    """Every action item and check of one kaizen, open or not, in due-date order."""
    a, c, p, u = (t.__table__.c for t in (e.ActionItem, e.SustainmentCheck, e.Person, e.Unit))
    head = session.execute(
        select(*_kaizen_columns(), N.status)
        .join(e.Unit.__table__, u.id == N.unit_id)
        .where(N.id == kaizen_id, KAIZEN)
    ).first()
    if head is None:
        return []
    kid, code, title, unit, status = head
    finished = status in {s.value for s in FINISHED_STATUSES}
    items: list[SustainmentItem] = []
    for aid, text, owner, due, done, done_on in session.execute(
        select(a.id, a.title, p.name, a.due, a.done, a.done_on)
        .outerjoin(e.Person.__table__, p.id == a.owner_id)
        .where(a.kaizen_id == kaizen_id)
    ):
        # An open item of a kaizen still in progress is work, not yet debt.
        state = "done" if done else ("open" if finished else "planned")
        items.append(
            SustainmentItem(
                ACTION, aid, kid, code, title, unit, text, owner or "", due, state, done_on
            )
        )
    checks = session.execute(
        select(c.id, c.due, c.result, c.checked_on, p.name, c.note)
        .outerjoin(e.Person.__table__, p.id == c.owner_id)
        .where(c.kaizen_id == kaizen_id)
    ).all()
    states = debt.check_states(
        ((cid, due, result, on) for cid, due, result, on, _o, _n in checks),
        dropped=status == KaizenStatus.DROPPED.value,
        as_of=as_of,
    )
    for cid, due, _result, checked_on, owner, note in checks:
        items.append(
            SustainmentItem(
                CHECK,
                cid,
                kid,
                code,
                title,
                unit,
                note or _check_text(due),
                owner or "",
                due,
                states[cid],
                checked_on,
            )
        )
    items.sort(key=lambda i: (i.due or dt.date.max, i.kind, i.id))
    return items


CHECK_TEXT = "Sustainment check"


def _check_text(_due: dt.date) -> str:
    return CHECK_TEXT


_STATE_ORDER = {"slipped": 0, "overdue": 1, "open": 2}


def _urgency(item: SustainmentItem) -> tuple[int, dt.date, str, int]:
    return (_STATE_ORDER.get(item.state, 3), item.due or dt.date.max, item.kaizen_code, item.id)
