"""Problems of daily management as the huddle, the problem card and the CLI show them.

One statement per question, whatever the plan's size: a unit's huddle reads the problems
it holds through ``ix_problems_unit_status`` and those it escalated up through
``raised_unit_id`` (a problem climbs the chain of parents one tier at a time and comes back
down the same way, so one that passed through a unit was raised in it or below it and sits
above it now); a problem's path reads its own steps only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import Select

from hoshin.model import entities as e
from hoshin.model.errors import NotFoundError
from hoshin.model.kinds import ProblemEvent, ProblemStatus

_OPEN = (ProblemStatus.OPEN.value, ProblemStatus.IN_PROGRESS.value)


@dataclass(frozen=True)
class ProblemCard:
    """One problem as a card shows it."""

    id: int
    title: str
    detail: str
    status: str
    tier: int
    unit_id: int
    unit: str  # the code of the unit that holds it now
    raised_unit: str
    raised_by: str
    owner: str
    raised_on: dt.date
    due: dt.date | None
    solved_on: dt.date | None
    answer: str
    node: str  # the code of the target or priority it concerns ("" none)
    kaizen: str  # the kaizen it became ("" none)
    countermeasure_id: int | None
    escalated_up: bool = False  # shown on a lower huddle: it climbed from here
    overdue: bool = False  # open past its due date on the day asked

    @property
    def solved(self) -> bool:
        return self.status == ProblemStatus.SOLVED

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "tier": self.tier,
            "unit": self.unit,
            "raised_unit": self.raised_unit,
            "raised_by": self.raised_by,
            "owner": self.owner,
            "raised_on": self.raised_on.isoformat(),
            "due": self.due.isoformat() if self.due else None,
            "solved_on": self.solved_on.isoformat() if self.solved_on else None,
            "answer": self.answer,
            "node": self.node or None,
            "kaizen": self.kaizen or None,
            "countermeasure": self.countermeasure_id,
            "escalated_up": self.escalated_up,
            "overdue": self.overdue,
        }


def _cards() -> Select[*tuple[Any, ...]]:
    p = e.Problem
    here, raised = aliased(e.Unit), aliased(e.Unit)
    by, owner = aliased(e.Person), aliased(e.Person)
    node, kaizen = aliased(e.Node), aliased(e.Node)
    return (
        select(
            p.id,
            p.title,
            p.detail,
            p.status,
            p.tier,
            p.unit_id,
            here.code,
            raised.code,
            by.name,
            owner.name,
            p.raised_on,
            p.due,
            p.solved_on,
            p.answer,
            node.code,
            kaizen.code,
            p.countermeasure_id,
        )
        .join(here, here.id == p.unit_id)
        .join(raised, raised.id == p.raised_unit_id)
        .outerjoin(by, by.id == p.raised_by_id)
        .outerjoin(owner, owner.id == p.owner_id)
        .outerjoin(node, node.id == p.node_id)
        .outerjoin(kaizen, kaizen.id == p.kaizen_id)
    )


def _card(row: Sequence[object], day: dt.date | None, up: bool = False) -> ProblemCard:
    (pid, title, detail, status, tier, unit_id, unit, raised_unit, by, owner) = row[:10]
    raised_on, due, solved_on, answer, node, kaizen, cm = row[10:]
    assert isinstance(raised_on, dt.date)
    late = (
        day is not None
        and isinstance(due, dt.date)
        and status != ProblemStatus.SOLVED
        and due < day
    )
    return ProblemCard(
        id=cast(int, pid),
        title=str(title),
        detail=str(detail or ""),
        status=str(status),
        tier=cast(int, tier),
        unit_id=cast(int, unit_id),
        unit=str(unit),
        raised_unit=str(raised_unit),
        raised_by=str(by or ""),
        owner=str(owner or ""),
        raised_on=raised_on,
        due=due if isinstance(due, dt.date) else None,
        solved_on=solved_on if isinstance(solved_on, dt.date) else None,
        answer=str(answer or ""),
        node=str(node or ""),
        kaizen=str(kaizen or ""),
        countermeasure_id=cast("int | None", cm),
        escalated_up=up,
        overdue=bool(late),
    )


def unit_id_of(session: Session, code: str) -> int:
    """The id of the unit with ``code`` (as a person types it)."""
    found = session.execute(select(e.Unit.id).where(e.Unit.code == code.strip().upper())).scalar()
    if found is None:
        raise NotFoundError(f"No unit {code.strip()} in this plan.")
    return int(found)


def _subtree(session: Session, unit_id: int) -> list[int]:
    """``unit_id`` and every unit below it (one read of the units)."""
    children: dict[int, list[int]] = {}
    for uid, parent in session.execute(select(e.Unit.id, e.Unit.parent_id)):
        if parent is not None:
            children.setdefault(parent, []).append(uid)
    out, todo = [], [unit_id]
    while todo:
        u = todo.pop()
        out.append(u)
        todo.extend(children.get(u, ()))
    return out


def _ancestors(session: Session, unit_id: int) -> list[int]:
    parents: dict[int, int | None] = {
        uid: parent for uid, parent in session.execute(select(e.Unit.id, e.Unit.parent_id))
    }
    out: list[int] = []
    up = parents.get(unit_id)
    while up is not None and up not in out:
        out.append(up)
        up = parents.get(up)
    return out


def unit_problems(
    session: Session, unit_id: int, day: dt.date, today: dt.date | None = None
) -> list[ProblemCard]:
    """The huddle of ``unit_id`` on ``day``: the problems it holds that were raised by then
    and are open (or were solved that day), then, marked, those it escalated up that are
    still open above it. Overdue first, then by due date, then oldest first.

    A day before ``today`` (the calendar's) shows each problem as it stood that evening:
    where it was, at which tier, open or solved (read back from its steps,
    :func:`_as_it_stood`).
    """
    if day < (today or dt.date.today()):
        return _past_huddle(session, unit_id, day)
    p = e.Problem
    live = or_(p.status.in_(_OPEN), p.solved_on == day)
    held = [
        _card(r, day)
        for r in session.execute(
            _cards().where(p.unit_id == unit_id, live, p.raised_on <= day)
        ).all()
    ]
    above = _ancestors(session, unit_id)
    up: list[ProblemCard] = []
    if above:
        below = _subtree(session, unit_id)
        up = [
            _card(r, day, up=True)
            for r in session.execute(
                _cards().where(
                    p.raised_unit_id.in_(below),
                    p.unit_id.in_(above),
                    live,
                    p.raised_on <= day,
                )
            ).all()
        ]
    return sorted(held, key=_order) + sorted(up, key=_order)


def _past_huddle(session: Session, unit_id: int, day: dt.date) -> list[ProblemCard]:
    """:func:`unit_problems` on a past ``day``. A problem that was at the unit that day was
    raised in it or below (problems climb one parent at a time), and was not solved before
    that day for good; those are read with their steps and replayed up to the day."""
    p = e.Problem
    below = _subtree(session, unit_id)
    above = set(_ancestors(session, unit_id))
    maybe = and_(
        p.raised_unit_id.in_(below),
        p.raised_on <= day,
        or_(p.status.in_(_OPEN), p.solved_on >= day),
    )
    rows = {r[0]: r for r in session.execute(_cards().where(maybe)).all()}
    if not rows:
        return []
    s = e.ProblemStep
    steps: dict[int, list[tuple[str, dt.datetime, int | None]]] = {}
    for pid, kind, at, to_unit in session.execute(
        select(s.problem_id, s.kind, s.at, s.to_unit_id)
        .where(s.problem_id.in_(select(p.id).where(maybe)))
        .order_by(s.problem_id, s.at, s.id)
    ):
        steps.setdefault(pid, []).append((kind, at, to_unit))
    units = session.execute(select(e.Unit.id, e.Unit.code))
    codes: dict[int, str] = {uid: code for uid, code in units}
    held: list[ProblemCard] = []
    up: list[ProblemCard] = []
    for pid, row in rows.items():
        stood = _as_it_stood(row, steps.get(pid, []), day)
        if stood is None:
            continue
        where, tier, status, solved_on = stood
        live = status != ProblemStatus.SOLVED or solved_on == day
        if not live or (where != unit_id and where not in above):
            continue
        then = (*row[:3], status, tier, where, codes.get(where, ""), *row[7:12], solved_on)
        card = _card((*then, *row[13:]), day, up=where != unit_id)
        (held if where == unit_id else up).append(card)
    return sorted(held, key=_order) + sorted(up, key=_order)


#: Steps after which a problem is open again (started anew where it arrives).
_MOVES_OR_REOPENS = (
    ProblemEvent.RAISED,
    ProblemEvent.ESCALATED,
    ProblemEvent.RETURNED,
    ProblemEvent.REOPENED,
)


def _as_it_stood(
    row: Sequence[object], steps: list[tuple[str, dt.datetime, int | None]], day: dt.date
) -> tuple[int, int, str, dt.date | None] | None:
    """A problem's unit, tier, status and day solved at the end of ``day``, from its steps
    in order (None: not raised by then): where and at which tier by :func:`stretches`, the
    one rule of a problem's path, replayed up to the day. The last solve of a problem
    solved now counts from the day it was recorded as solved, which may be earlier than
    the step."""
    status_now, solved_now = row[3], row[12]
    last_solve = max(
        (i for i, (kind, _, _) in enumerate(steps) if kind == ProblemEvent.SOLVED),
        default=None,
    )
    upto: list[tuple[str, dt.datetime, None, int | None]] = []
    for i, (kind, at, to_unit) in enumerate(steps):
        if i == last_solve and status_now == ProblemStatus.SOLVED and solved_now is not None:
            at = dt.datetime.combine(cast(dt.date, solved_now), dt.time())
        if at.date() > day:
            break
        upto.append((kind, at, None, to_unit))
    runs = stretches(upto)
    if not runs:
        return None
    where, tier, ended, _since, left = runs[-1]
    if ended == ProblemEvent.SOLVED and left is not None:
        return where, tier, ProblemStatus.SOLVED.value, left.date()
    # Open, or in progress since it was started at the unit it stands at.
    status = ProblemStatus.OPEN.value
    for kind, _at, _none, _to in upto:
        if kind == ProblemEvent.STARTED:
            status = ProblemStatus.IN_PROGRESS.value
        elif kind in _MOVES_OR_REOPENS:
            status = ProblemStatus.OPEN.value
    return where, tier, status, None


def _order(card: ProblemCard) -> tuple[object, ...]:
    return (card.solved, not card.overdue, card.due or dt.date.max, card.raised_on, card.id)


def problem_list(
    session: Session,
    *,
    unit_id: int | None = None,
    status: str | None = None,
    day: dt.date | None = None,
) -> list[ProblemCard]:
    """Every problem (of the unit that holds it now, of a status), newest first: what
    ``hoshin problem list`` prints."""
    p = e.Problem
    stmt = _cards()
    if unit_id is not None:
        stmt = stmt.where(p.unit_id == unit_id)
    if status == "open":
        stmt = stmt.where(p.status.in_(_OPEN))
    elif status is not None:
        stmt = stmt.where(p.status == status)
    rows = session.execute(stmt.order_by(p.raised_on.desc(), p.id.desc())).all()
    return [_card(r, day) for r in rows]


def problem_card(session: Session, problem_id: int, day: dt.date | None = None) -> ProblemCard:
    rows = session.execute(_cards().where(e.Problem.id == problem_id)).all()
    if not rows:
        raise NotFoundError(f"No problem {problem_id} in this plan.")
    return _card(rows[0], day)


def node_problems(session: Session, node_id: int) -> list[ProblemCard]:
    """Problems that concern a node (a target, a priority): its "served by" lists them."""
    p = e.Problem
    rows = session.execute(_cards().where(p.node_id == node_id).order_by(p.raised_on.desc()))
    return [_card(r, None) for r in rows.all()]


@dataclass(frozen=True)
class PathStep:
    """One step of a problem's history."""

    kind: str
    at: dt.datetime
    by: str
    from_unit: str
    to_unit: str
    note: str

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "at": self.at.isoformat(sep=" "),
            "by": self.by or None,
            "from": self.from_unit or None,
            "to": self.to_unit or None,
            "note": self.note,
        }


@dataclass(frozen=True)
class TierStay:
    """A stretch of a problem at one unit: from when it arrived to when it left (went up,
    came back down or was solved there; None: it is still there)."""

    unit: str
    tier: int
    arrived: dt.datetime
    left: dt.datetime | None
    ended: str  # how it left: escalated, returned, solved, or "" (still there)

    def days(self, now: dt.datetime) -> float:
        end = self.left or now
        return round((end - self.arrived).total_seconds() / 86400, 1)


@dataclass(frozen=True)
class ProblemPath:
    """A problem's way up (and down) the tiers."""

    card: ProblemCard
    steps: list[PathStep]
    stays: list[TierStay]

    @property
    def escalations(self) -> int:
        return sum(1 for s in self.steps if s.kind == ProblemEvent.ESCALATED)

    def as_dict(self, now: dt.datetime) -> dict[str, object]:
        return {
            **self.card.as_dict(),
            "escalations": self.escalations,
            "steps": [s.as_dict() for s in self.steps],
            "tiers": [
                {
                    "unit": s.unit,
                    "tier": s.tier,
                    "arrived": s.arrived.isoformat(sep=" "),
                    "left": s.left.isoformat(sep=" ") if s.left else None,
                    "ended": s.ended or None,
                    "days": s.days(now),
                }
                for s in self.stays
            ],
        }


#: A step: kind, at, by (name), from code, to code, note.
StepRow = tuple[str, dt.datetime, str, str, str, str]


#: A moment of a step: a datetime (the card), or days as a number (the measures read
#: them so from the database, without making 100,000 datetimes).
At = TypeVar("At", dt.datetime, float)
#: A stretch at one unit: unit, tier, how it ended ("" still there), arrived, left.
Stretch = tuple[Any, int, str, At, "At | None"]


def stretches(steps: Iterable[tuple[str, At, Any, Any]]) -> list[Stretch[At]]:
    """The stretches at each unit from steps (kind, at, from unit, to unit), in order: the
    one rule the problem card, the workbook and the measures share. A problem is at the
    unit it was raised in from then; an escalation or a return ends its stretch there and
    starts one a tier up or down; solving ends it; reopening starts it again."""
    out: list[Stretch[At]] = []
    unit: Any = None
    tier = 0
    since: At | None = None
    for kind, at, _from, to in steps:
        if kind == ProblemEvent.RAISED:
            unit, tier, since = to, 1, at
        elif kind in (ProblemEvent.ESCALATED, ProblemEvent.RETURNED) and since is not None:
            out.append((unit, tier, str(kind), since, at))
            unit, tier, since = to, tier + (1 if kind == ProblemEvent.ESCALATED else -1), at
        elif kind == ProblemEvent.SOLVED and since is not None:
            out.append((unit, tier, str(kind), since, at))
            since = None
        elif kind == ProblemEvent.REOPENED and since is None:
            since = at
    if since is not None:
        out.append((unit, tier, "", since, None))
    return out


def stays_of(steps: Iterable[tuple[str, dt.datetime, str, str]]) -> list[TierStay]:
    """The stretches of :func:`stretches` as the card shows them."""
    return [
        TierStay(str(u), t, since, left, ended) for u, t, ended, since, left in stretches(steps)
    ]


def problem_path(session: Session, problem_id: int) -> ProblemPath:
    """A problem with every step of its history and the time it spent at each tier."""
    card = problem_card(session, problem_id)
    s = e.ProblemStep
    by, src, dst = aliased(e.Person), aliased(e.Unit), aliased(e.Unit)
    rows = session.execute(
        select(s.kind, s.at, by.name, src.code, dst.code, s.note)
        .outerjoin(by, by.id == s.by_id)
        .outerjoin(src, src.id == s.from_unit_id)
        .outerjoin(dst, and_(dst.id == s.to_unit_id))
        .where(s.problem_id == problem_id)
        .order_by(s.at, s.id)
    ).all()
    steps = [
        PathStep(str(k), at, str(b or ""), str(f or ""), str(t or ""), str(n or ""))
        for k, at, b, f, t, n in rows
    ]
    stays = stays_of((st.kind, st.at, st.from_unit, st.to_unit) for st in steps)
    return ProblemPath(card, steps, stays)


def overdue_problems(
    session: Session, unit_ids: Iterable[int], day: dt.date, limit: int = 200
) -> list[ProblemCard]:
    """Problems held in ``unit_ids`` that are not solved and were due before ``day``, the
    longest overdue first: what the Health tab lists behind "open past due"."""
    p = e.Problem
    cards: list[ProblemCard] = []
    ids = list(unit_ids)
    for start in range(0, len(ids), 900):
        some = ids[start : start + 900]
        late = _cards().where(p.unit_id.in_(some), p.status.in_(_OPEN), p.due < day)
        rows = session.execute(late).all()
        cards += [_card(r, day) for r in rows]
    cards.sort(key=lambda c: (c.due or day, c.id))
    return cards[:limit]
