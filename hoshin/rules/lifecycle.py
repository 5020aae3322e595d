"""The kaizen lifecycle rule (DESIGN §5), one rule for every way in.

Adding a kaizen (``AddNode``), changing its status (``UpdateNode``, the board's drag), a
sustainment check recorded (``RecordCheck``) and the workbook import all come through
here, so ``add kaizen --status done`` cannot skip what ``set --status done`` does:

- entering approved, in progress or a finished status without a start date: the start is
  the date of that edit (a kaizen that is worked on is "started" for the demand ratio);
- entering done: the first sustainment check is proposed, due ``check_after_days`` (a plan
  setting) later, unless an open check is planned already;
- entering sustained: the last recorded check must have held;
- entering regressed: the last recorded check must have slipped, else one is recorded,
  dated the edit, saying the move recorded it.

Every write goes through ``tx.rec``, in the edit that moved the kaizen: one undo.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from hoshin.model import entities as e
from hoshin.model.errors import TransitionError
from hoshin.model.kinds import ACTIVE_STATUSES, KAIZEN_MOVES, CheckResult, KaizenStatus

if TYPE_CHECKING:
    from hoshin.operations.base import Tx

#: Statuses of a started kaizen: what the demand ratio and the 30-day test count.
STARTED_STATUSES = ACTIVE_STATUSES

#: The plan setting that says when the first check of a finished kaizen falls due.
CHECK_AFTER = "check_after_days"


def check_move(code: str, old: KaizenStatus, new: KaizenStatus) -> None:
    """Refuse a move the lifecycle does not allow, naming where the kaizen may go."""
    if new not in KAIZEN_MOVES[old]:
        allowed = ", ".join(sorted(s.value for s in KAIZEN_MOVES[old]))
        raise TransitionError(
            f"{code} cannot move from {old.value} to {new.value}; from {old.value} it may go to "
            f"{allowed}."
        )


def last_result(tx: Tx, kaizen_id: int | None) -> str | None:
    """The result of the kaizen's latest recorded check (by the date checked, then id)."""
    if kaizen_id is None:
        return None
    c = e.SustainmentCheck
    row = tx.session.execute(
        select(c.result)
        .where(c.kaizen_id == kaizen_id, c.result.is_not(None))
        .order_by(func.coalesce(c.checked_on, c.due).desc(), c.id.desc())
        .limit(1)
    ).first()
    return None if row is None else str(row[0])


def _has_open_check(tx: Tx, kaizen_id: int) -> bool:
    c = e.SustainmentCheck
    found = tx.session.execute(
        select(c.id).where(c.kaizen_id == kaizen_id, c.result.is_(None)).limit(1)
    ).first()
    return found is not None


def before(
    tx: Tx,
    code: str,
    kaizen_id: int | None,
    new: KaizenStatus,
    merged: Mapping[str, Any],
) -> dict[str, Any]:
    """Check that the kaizen may enter ``new``; return node values the entry brings.

    Args:
        kaizen_id: None for a kaizen being added (it has no checks yet).
        merged: the kaizen's fields as they will be after the edit, before these.
    """
    if new is KaizenStatus.SUSTAINED and last_result(tx, kaizen_id) != CheckResult.HELD.value:
        raise TransitionError(
            f"{code} cannot be sustained before a sustainment check held: record a check "
            f"of {code} as held first, then move it."
        )
    extra: dict[str, Any] = {}
    if new in STARTED_STATUSES and merged.get("start_date") is None:
        today = tx.now().date()
        # A kaizen planned to end (or be due) before today started no later than that.
        limits = [d for d in (merged.get("due_date"), merged.get("end_date")) if d is not None]
        extra["start_date"] = min([today, *limits])
    return extra


def after(
    tx: Tx,
    code: str,
    kaizen_id: int,
    old: KaizenStatus | None,
    new: KaizenStatus,
    *,
    propose: bool = True,
) -> None:
    """Write what entering ``new`` brings: a proposed check, a recorded slip.

    ``propose=False`` when the kaizen's checks are restored from a record (an import).
    """
    if old is new:
        return
    today = tx.now().date()
    if propose and new is KaizenStatus.DONE and not _has_open_check(tx, kaizen_id):
        days = int(tx.settings[CHECK_AFTER])
        tx.rec.insert_one(
            e.SustainmentCheck,
            {
                "kaizen_id": kaizen_id,
                "due": today + dt.timedelta(days=days),
                "result": None,
                "checked_on": None,
                "note": "",
            },
        )
    if new is KaizenStatus.REGRESSED and last_result(tx, kaizen_id) != CheckResult.SLIPPED.value:
        tx.rec.insert_one(
            e.SustainmentCheck,
            {
                "kaizen_id": kaizen_id,
                "due": today,
                "result": CheckResult.SLIPPED.value,
                "checked_on": today,
                "note": f"Recorded by moving {code} to regressed.",
            },
        )


def after_check(tx: Tx, kaizen_id: int) -> None:
    """Keep the kaizen's status true to its checks after one was recorded, changed or removed.

    A slip regresses a done or sustained kaizen; a sustained kaizen whose last check no
    longer held (its held check cleared or removed) is refused: move it first.
    """
    n = e.Node
    row = tx.session.execute(select(n.code, n.status).where(n.id == kaizen_id)).first()
    if row is None:
        return
    code, status = row
    last = last_result(tx, kaizen_id)
    if last == CheckResult.SLIPPED.value and status in (
        KaizenStatus.DONE.value,
        KaizenStatus.SUSTAINED.value,
    ):
        tx.rec.update_where(e.Node, {"status": KaizenStatus.REGRESSED.value}, n.id == kaizen_id)
    elif status == KaizenStatus.SUSTAINED.value and last != CheckResult.HELD.value:
        raise TransitionError(
            f"{code} is sustained on the strength of this check; move {code} back to done "
            f"before you clear or remove it."
        )
