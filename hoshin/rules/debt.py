"""Sustainment debt and what counts as started: the rules of DESIGN §5–6, written once.

Every reader (the health measures, the monthly review, the board's cards, the health
tab's drill-down, the workbook's register and sustainment sheet, ``hoshin sustain list``)
builds its query from these expressions or asks the Python twins below, so they agree:

- an action item is owed while it is open and its kaizen is finished (done, sustained,
  regressed); before that it is work, not debt;
- a check is owed while it is overdue (no result, due before the day asked about), or
  slipped and no later check of the same kaizen held; "later" orders checks by the day
  they were checked (their due day if none was written), then by id;
- a dropped kaizen owes nothing and counts in no measure; an idea is not started.

The debt has three kinds (:data:`KINDS`), the keys every reader reports. Each kind is a
condition on a record (:func:`owed_record`) and one on its kaizen (:func:`owes`): a bulk
query can test the two apart (count the records per kaizen first, join the kaizens after)
or together (:func:`owed`), and a reader that has the statuses at hand already tests the
kaizen's side in Python (:func:`kaizen_owes`). A test proves the SQL and the Python agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Table, and_, exists, func, or_

from hoshin.model import entities as e
from hoshin.model.kinds import ACTIVE_STATUSES, FINISHED_STATUSES, CheckResult, KaizenStatus

FINISHED = tuple(s.value for s in FINISHED_STATUSES)
#: A kaizen that is being worked on or kept alive is started; ideas and dropped ones are not.
STARTED = tuple(s.value for s in ACTIVE_STATUSES)
DROPPED = KaizenStatus.DROPPED.value
HELD, SLIPPED = CheckResult.HELD.value, CheckResult.SLIPPED.value

#: The kinds of debt (DESIGN §6), as every reader names its counts.
ITEMS, OVERDUE, SLIPS = "open_action_items", "overdue_checks", "slipped_checks"
KINDS = (ITEMS, OVERDUE, SLIPS)
#: A reader's counts of one unit or kaizen: each kind and their ``total``.
KEYS = (*KINDS, "total")


def counted(status: Any) -> Any:
    """A kaizen (by its status column) that counts in the measures: not dropped."""
    return status != DROPPED


def started(status: Any) -> Any:
    """A kaizen (by its status column) that counts in the demand ratio when it started."""
    return status.in_(STARTED)


def active(status: Any) -> Any:
    """A kaizen that counts in the function coverage: the started ones (DESIGN §6)."""
    return started(status)


def item_owed(items: Any, status: Any) -> Any:
    """An open action item of a finished kaizen (``items``: the action_items columns)."""
    return owed(ITEMS, items, status, None)


def overdue(checks: Any, as_of: dt.date | Any) -> Any:
    """A check with no result, due before ``as_of`` (``checks``: sustainment_checks columns)."""
    return and_(checks.result.is_(None), checks.due < as_of)


def when(checks: Any) -> Any:
    """The day a check counts from: when it was checked, else when it was due."""
    return func.coalesce(checks.checked_on, checks.due)


def held_later(checks: Any) -> Any:
    """EXISTS a held check of the same kaizen after this one."""
    held = e.SustainmentCheck.__table__.alias("held_later")
    return exists().where(
        held.c.kaizen_id == checks.kaizen_id,
        held.c.result == HELD,
        or_(
            when(held.c) > when(checks),
            and_(when(held.c) == when(checks), held.c.id > checks.id),
        ),
    )


def slip_owed(checks: Any) -> Any:
    """A slipped check that no later check of its kaizen made good."""
    return and_(checks.result == SLIPPED, ~held_later(checks))


def check_owed(checks: Any, as_of: dt.date | Any) -> Any:
    """A check that is overdue or slipped and not made good (either check kind of debt)."""
    return or_(overdue(checks, as_of), slip_owed(checks))


# -- the three kinds, in SQL ---------------------------------------------------------------


def table(kind: str) -> Table:
    """The records a kind of debt counts: action items, or sustainment checks."""
    found = e.ActionItem.__table__ if kind == ITEMS else e.SustainmentCheck.__table__
    assert isinstance(found, Table)
    return found


def owed_record(kind: str, records: Any, as_of: dt.date | Any) -> Any:
    """A record of :func:`table` (``records``: its columns) that is owed if its kaizen owes."""
    if kind == ITEMS:
        return records.done.is_(False)
    if kind == OVERDUE:
        return overdue(records, as_of)
    return slip_owed(records)


def owes(kind: str, status: Any) -> Any:
    """A kaizen (by its status column) whose records of ``kind`` count in its debt."""
    return status.in_(FINISHED) if kind == ITEMS else counted(status)


def owed(kind: str, records: Any, status: Any, as_of: dt.date | Any) -> Any:
    """A record of ``kind`` in the debt, its kaizen's ``status`` joined: both conditions."""
    return and_(owed_record(kind, records, as_of), owes(kind, status))


# -- the same rule over rows already read ----------------------------------------------------


def kaizen_owes(kind: str, status: str | None) -> bool:
    """:func:`owes` of a status read already (NULL is not "not dropped" in SQL either)."""
    if kind == ITEMS:
        return status in FINISHED
    return status is not None and status != DROPPED


def item_is_owed(done: bool, status: str | None) -> bool:
    """An action item (done or not) of a kaizen of ``status`` counts in the debt."""
    return not done and kaizen_owes(ITEMS, status)


def is_overdue(due: dt.date, result: str | None, as_of: dt.date) -> bool:
    """:func:`overdue` of a check read already."""
    return result is None and due < as_of


Check = tuple[int, dt.date, str | None, dt.date | None]  # id, due, result, checked_on


def check_states(checks: Iterable[Check], *, dropped: bool, as_of: dt.date) -> dict[int, str]:
    """The state of each check of one kaizen, by id.

    ``held``; ``slipped`` (owed) or ``recovered`` (a later check held); ``overdue`` (owed)
    or ``planned`` (due ``as_of`` or later); ``dropped`` for an unheld check of a dropped
    kaizen, which owes nothing.
    """
    rows = list(checks)
    held_keys = [((on or due), cid) for cid, due, result, on in rows if result == HELD]
    out: dict[int, str] = {}
    for cid, due, result, on in rows:
        if result == HELD:
            out[cid] = "held"
        elif dropped:
            out[cid] = "dropped"
        elif result == SLIPPED:
            key = ((on or due), cid)
            out[cid] = "recovered" if any(h > key for h in held_keys) else "slipped"
        else:
            out[cid] = "overdue" if is_overdue(due, result, as_of) else "planned"
    return out


#: The states of :func:`check_states` (and an action item's ``open``) that are debt.
OWED_STATES = frozenset({"slipped", "overdue", "open"})
#: Which kind of debt an owed check state counts in.
CHECK_KIND = {"overdue": OVERDUE, "slipped": SLIPS}
