"""The agenda of a unit's review meeting, assembled from the plan (``hoshin review --agenda``,
the Meeting dialog): what is wrong first, then what waits for an answer, then wins.

The month under review is the last complete month before the meeting's day (a review on
7 December looks at November). The unit's own rows and those of every unit below it are
taken, as the monthly review does; open catchball is the unit's own (threads it is a side
of). Escalations are the open problems the unit holds that a unit below raised (the
huddle's read); overdue obligations come from the obligations read (:func:`_overdue`).
Each source is one or two bulk queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from hoshin.catchball.rules import OPEN_STATES
from hoshin.model import entities as e
from hoshin.model.agenda import AgendaKind
from hoshin.model.kinds import FINISHED_STATUSES, NodeKind
from hoshin.reads.obligations import obligations
from hoshin.reads.problems import unit_problems
from hoshin.reads.units import UnitTree
from hoshin.rules.bowling import Status, last_complete_month, load_targets
from hoshin.text.formats import month_label


@dataclass(frozen=True)
class AgendaEntry:
    """One item of an agenda as assembled: what it is about and the key to open it."""

    kind: AgendaKind
    title: str
    item: str | None = None  # a node's code, an obligation's key, a thread's "catchball:N"
    node_id: int | None = None


def review_month(day: dt.date) -> str:
    """The month a meeting on ``day`` reviews: the last complete one (``YYYY-MM``)."""
    return last_complete_month(day)


def assemble(session: Session, unit_id: int, day: dt.date) -> list[AgendaEntry]:
    """The agenda of ``unit_id``'s review meeting on ``day``, in agenda order."""
    tree = UnitTree.load(session)
    units = tree.subtree(unit_id)
    month = review_month(day)
    targets = load_targets(session, int(month[:4]), units)
    red, wins = [], []
    for t in targets:
        status = t.status(month)
        if status is Status.RED and not t.countermeasures.get(month):
            owner = f" (owner {t.owner})" if t.owner else ""
            red.append(
                AgendaEntry(
                    AgendaKind.RED,
                    f"{t.code} {t.title}: red in {month_label(month)}, no countermeasure{owner}",
                    t.code,
                    t.id,
                )
            )
        elif status is Status.GREEN:
            title = f"{t.code} {t.title}: green in {month_label(month)}"
            wins.append(AgendaEntry(AgendaKind.WIN, title, t.code, t.id))
    wins += _kaizens_done(session, units, month)
    # A red month's countermeasure, overdue, is the red item itself: said once.
    told = {f"countermeasure:{x.node_id}:{month}" for x in red}
    return [
        *red,
        *(x for x in _overdue(session, units, day) if x.item not in told),
        *_escalations(session, unit_id, day),
        *_catchball(session, unit_id),
        *wins,
    ]


def _kaizens_done(session: Session, units: list[int], month: str) -> list[AgendaEntry]:
    first = dt.date(int(month[:4]), int(month[5:]), 1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    n = e.Node
    rows = session.execute(
        select(n.id, n.code, n.title)
        .where(
            n.kind == NodeKind.KAIZEN.value,
            n.unit_id.in_(units),
            n.status.in_([s.value for s in FINISHED_STATUSES]),
            n.end_date.between(first, last),
        )
        .order_by(n.seq)
    )
    return [
        AgendaEntry(AgendaKind.WIN, f"{code} {title}: done in {month_label(month)}", code, nid)
        for nid, code, title in rows
    ]


def _catchball(session: Session, unit_id: int) -> list[AgendaEntry]:
    t, n, up, low = e.CatchballThread, e.Node, e.Unit.__table__.alias(), e.Unit.__table__.alias()
    rows = session.execute(
        select(t.id, n.id, n.code, n.title, up.c.code, low.c.code, t.state, t.waiting)
        .join(n, n.id == t.node_id)
        .join(up, up.c.id == t.upper_unit_id)
        .join(low, low.c.id == t.lower_unit_id)
        .where(
            or_(t.upper_unit_id == unit_id, t.lower_unit_id == unit_id),
            t.state.in_([s.value for s in OPEN_STATES]),
        )
        .order_by(t.id)
    )
    out = []
    for tid, nid, code, title, upper, lower, state, waiting in rows:
        waits = {"upper": upper, "lower": lower}.get(waiting or "")
        on = f", waiting for {waits}" if waits else ""
        out.append(
            AgendaEntry(
                AgendaKind.CATCHBALL,
                f"{code} {title}: catchball {upper} → {lower} {state}{on}",
                f"catchball:{tid}",
                nid,
            )
        )
    return out


def _overdue(session: Session, units: list[int], day: dt.date) -> list[AgendaEntry]:
    """Obligations of the unit's people past their due date on ``day`` (the obligations
    read, one item per obligation however many owe it)."""
    people = list(session.execute(select(e.Person.id).where(e.Person.unit_id.in_(units))).scalars())
    if not people:
        return []
    seen: set[str] = set()
    out = []
    late = [
        ob
        for agenda in obligations(session, day, people).values()
        for ob in agenda.own
        if ob.days_overdue > 0
    ]
    for ob in sorted(late, key=lambda o: (-o.days_overdue, o.key)):
        if ob.key in seen:
            continue
        seen.add(ob.key)
        days = "working day" if ob.days_overdue == 1 else "working days"
        out.append(
            AgendaEntry(
                AgendaKind.OVERDUE,
                f"{ob.title} — {ob.owner}, due {ob.due.isoformat()}, {ob.days_overdue} {days} late",
                ob.key,
                ob.node_id,
            )
        )
    return out


def _escalations(session: Session, unit_id: int, day: dt.date) -> list[AgendaEntry]:
    """Problems escalated to the unit: open ones it holds that a unit below raised (the
    huddle's read, :func:`hoshin.reads.problems.unit_problems`)."""
    out = []
    # Where each problem is now, whatever the meeting's day: the agenda is what the unit
    # must take up, not a look back at its huddle.
    for card in unit_problems(session, unit_id, day, today=day):
        if card.escalated_up or card.solved or card.raised_unit == card.unit:
            continue
        late = ", overdue" if card.overdue else ""
        due = f", due {card.due.isoformat()}" if card.due else ""
        out.append(
            AgendaEntry(
                AgendaKind.ESCALATION,
                f"Problem {card.id} {card.title}: escalated from {card.raised_unit}{due}{late}",
                f"problem:{card.id}",
                None,
            )
        )
    return out
