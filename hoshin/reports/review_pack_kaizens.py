"""The kaizens of the review pack: done this month, wins, and sustainment due or slipped.

Dropped kaizens are never progress: not done, not a win, and their checks are not due.
Each list is one bulk query over the units reviewed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from hoshin.model import entities as e
from hoshin.model.kinds import CheckResult, KaizenStatus, NodeKind, Origin


@dataclass(frozen=True)
class KaizenItem:
    code: str
    title: str
    team: str
    status: str
    effect: str  # the expected effect, with the target it moves
    when: dt.date | None = None


def done_in(
    s: Session, units: list[int], first: dt.date, last: dt.date
) -> tuple[list[KaizenItem], int]:
    """Kaizens finished this month with their expected effect; and how many were dropped."""
    n, u = e.Node.__table__.c, e.Unit.__table__.c
    effect = aliased(e.Node.__table__)
    rows = s.execute(
        select(n.code, n.title, u.name, n.status, n.expected_effect, effect.c.code, n.end_date)
        .join(e.Unit.__table__, u.id == n.unit_id)
        .outerjoin(effect, effect.c.id == n.effect_target_id)
        .where(
            n.kind == NodeKind.KAIZEN.value,
            n.unit_id.in_(units),
            n.end_date.between(first, last),
        )
        .order_by(n.unit_id, n.seq)
    ).all()
    progress = {KaizenStatus.DONE.value, KaizenStatus.SUSTAINED.value, KaizenStatus.REGRESSED.value}
    done = [
        KaizenItem(
            code,
            title,
            team,
            status,
            " — ".join(x for x in (target or "", expected or "") if x),
            end,
        )
        for code, title, team, status, expected, target, end in rows
        if status in progress
    ]
    dropped = sum(1 for r in rows if r[3] == KaizenStatus.DROPPED.value)
    return done, dropped


def wins_in(s: Session, units: list[int], first: dt.date, last: dt.date) -> list[KaizenItem]:
    """Sustainment checks that held this month, and kaizens the teams began on their own.

    A dropped kaizen is no win, however it started.
    """
    n, u, c = e.Node.__table__.c, e.Unit.__table__.c, e.SustainmentCheck.__table__.c
    live = and_(
        n.kind == NodeKind.KAIZEN.value,
        n.unit_id.in_(units),
        n.status != KaizenStatus.DROPPED.value,
    )
    base = select(n.code, n.title, u.name, n.status).join(e.Unit.__table__, u.id == n.unit_id)
    held = (
        select(c.kaizen_id, func.max(c.checked_on).label("on"))
        .where(c.result == CheckResult.HELD.value, c.checked_on.between(first, last))
        .group_by(c.kaizen_id)
        .subquery()
    )
    out = [
        KaizenItem(code, title, team, status, "sustainment check held", on)
        for code, title, team, status, on in s.execute(
            base.add_columns(held.c.on).join(held, held.c.kaizen_id == n.id).where(live)
        )
    ]
    seen = {k.code for k in out}
    out += [
        KaizenItem(code, title, team, status, "begun by the team (bottom-up)", start)
        for code, title, team, status, start in s.execute(
            base.add_columns(n.start_date).where(
                live, n.origin == Origin.BOTTOM_UP.value, n.start_date.between(first, last)
            )
        )
        if code not in seen
    ]
    return sorted(out, key=lambda k: (k.when or first, k.code))


def checks_in(
    s: Session, units: list[int], first: dt.date, last: dt.date
) -> tuple[list[KaizenItem], list[KaizenItem]]:
    """Sustainment checks still open and due by the end of next month; checks slipped."""
    n, u, c = e.Node.__table__.c, e.Unit.__table__.c, e.SustainmentCheck.__table__.c
    next_first = last + dt.timedelta(days=1)
    horizon = (next_first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    base = (
        select(n.code, n.title, u.name, n.status, c.due, c.checked_on, c.result, c.note)
        .join(e.Node.__table__, n.id == c.kaizen_id)
        .join(e.Unit.__table__, u.id == n.unit_id)
        .where(
            n.kind == NodeKind.KAIZEN.value,
            n.unit_id.in_(units),
            n.status != KaizenStatus.DROPPED.value,
        )
        .order_by(c.due, n.code)
    )
    due = [
        KaizenItem(code, title, team, "overdue" if d < first else "due", "", d)
        for code, title, team, _st, d, *_r in s.execute(
            base.where(and_(c.result.is_(None), c.due <= horizon))
        )
    ]
    slipped = [
        KaizenItem(code, title, team, status, note or "", checked or d)
        for code, title, team, status, d, checked, _r, note in s.execute(
            base.where(
                c.result == CheckResult.SLIPPED.value,
                c.checked_on.between(first, last)
                | (c.checked_on.is_(None) & c.due.between(first, last)),
            )
        )
    ]
    return due, slipped
