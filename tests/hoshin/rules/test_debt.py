"""The sustainment-debt rule in SQL and in Python says the same of every case.

Bulk readers test the rule in SQL (:func:`debt.owed`, or :func:`debt.owed_record` per kaizen
and :func:`debt.owes` after the join); readers that hold a kaizen's rows already test it in
Python (:func:`debt.kaizen_owes`, :func:`debt.item_is_owed`, :func:`debt.check_states`). One
plan holds a kaizen of every status with every check history and set of action items.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from itertools import product
from typing import Any

from sqlalchemy import Integer, cast, func, insert, select

from hoshin.model import entities as e
from hoshin.model.kinds import KaizenStatus, NodeKind
from hoshin.plan import Plan
from hoshin.rules import debt

AS_OF = dt.date(2026, 6, 15)


def _day(offset: int | None) -> dt.date | None:
    return None if offset is None else AS_OF + dt.timedelta(days=offset)


#: Check histories, in the order the checks were written: (due, result, checked on), in
#: days from AS_OF.
HISTORIES: list[list[tuple[int, str | None, int | None]]] = [
    [],
    [(-3, None, None)],  # overdue
    [(0, None, None)],  # due today: not late yet
    [(5, None, None)],  # planned
    [(-10, "slipped", -10)],  # slipped, not made good
    [(-10, "slipped", -10), (-2, "held", -2)],  # made good by a later check
    [(-10, "held", -10), (-2, "slipped", -2)],  # held, then slipped: owed
    [(-4, "slipped", -4), (-4, "held", -4)],  # the same day, the held one written after
    [(-4, "held", -4), (-4, "slipped", -4)],  # the same day, the held one written before
    [(-5, "slipped", None), (10, "held", -7)],  # held on a day before the slip's due day
    [(-9, "slipped", -9), (-3, "slipped", -3), (-1, None, None)],  # two slips and overdue
]
#: The rows of each kaizen as written, by node id: (status, checks, items done or not).
Written = dict[int, tuple[str, list[debt.Check], list[bool]]]
#: Action items of a kaizen: done or not.
ITEMS: list[list[bool]] = [[], [False], [True], [False, False, True]]


def _plan(plan: Plan) -> Written:
    """A kaizen per status, history and items; its rows by node id, as they were written."""
    written: Written = {}
    year = plan.year
    with plan.session() as s:
        unit = s.execute(select(e.Unit.id)).scalar_one()
        cases = list(product(KaizenStatus, HISTORIES, ITEMS))
        for seq, (status, history, items) in enumerate(cases, start=1):
            kid = s.execute(
                insert(e.Node).returning(e.Node.id),
                [{"code": f"KZ-{seq}", "seq": seq, "kind": NodeKind.KAIZEN.value,
                  "unit_id": unit, "title": f"Case {seq}", "status": status.value,
                  "year": year}],
            ).scalar_one()  # fmt: skip
            checks: list[debt.Check] = []
            for due, result, on in history:
                cid = s.execute(
                    insert(e.SustainmentCheck).returning(e.SustainmentCheck.id),
                    [{"kaizen_id": kid, "due": _day(due), "result": result,
                      "checked_on": _day(on)}],
                ).scalar_one()  # fmt: skip
                day = _day(due)
                assert day is not None
                checks.append((cid, day, result, _day(on)))
            for n, done in enumerate(items):
                s.execute(
                    insert(e.ActionItem),
                    [{"kaizen_id": kid, "title": f"Item {n}", "done": done}],
                )
            written[kid] = (status.value, checks, items)
        s.commit()
    return written


def _python(
    written: Written,
) -> dict[int, Counter[str]]:
    out: dict[int, Counter[str]] = defaultdict(Counter)
    for kid, (status, checks, items) in written.items():
        out[kid][debt.ITEMS] += sum(debt.item_is_owed(done, status) for done in items)
        states = debt.check_states(checks, dropped=status == debt.DROPPED, as_of=AS_OF)
        for state in states.values():
            kind = debt.CHECK_KIND.get(state)
            if kind is not None and debt.kaizen_owes(kind, status):
                out[kid][kind] += 1
    return {k: +c for k, c in out.items() if +c}


def _sql_joined(plan: Plan) -> dict[int, Counter[str]]:
    n = e.Node.__table__.c
    out: dict[int, Counter[str]] = defaultdict(Counter)
    with plan.session() as s:
        for kind in debt.KINDS:
            records = debt.table(kind)
            rows = s.execute(
                select(n.id, func.count())
                .join(records, records.c.kaizen_id == n.id)
                .where(debt.owed(kind, records.c, n.status, AS_OF))
                .group_by(n.id)
            )
            for kid, count in rows:
                out[kid][kind] += count
    return dict(out)


def _sql_counted_first(plan: Plan) -> dict[int, Counter[str]]:
    n = e.Node.__table__.c
    out: dict[int, Counter[str]] = defaultdict(Counter)
    with plan.session() as s:
        for kind in debt.KINDS:
            records = debt.table(kind).c
            per: Any = (
                select(records.kaizen_id.label("kaizen_id"), func.count().label("n"))
                .where(debt.owed_record(kind, records, AS_OF))
                .group_by(records.kaizen_id)
                .subquery()
            )
            rows = s.execute(
                select(n.id, cast(func.sum(per.c.n), Integer))
                .join(per, per.c.kaizen_id == n.id)
                .where(debt.owes(kind, n.status))
                .group_by(n.id)
            )
            for kid, count in rows:
                out[kid][kind] += count
    return dict(out)


def test_the_sql_and_the_python_rule_owe_the_same_records(empty_plan: Plan) -> None:
    written = _plan(empty_plan)
    python = _python(written)
    assert _sql_joined(empty_plan) == python
    assert _sql_counted_first(empty_plan) == python
    # The cases do reach every kind and every state, owed or not.
    assert {kind for c in python.values() for kind in c} == set(debt.KINDS)
    states = {
        state
        for status, checks, _items in written.values()
        for state in debt.check_states(checks, dropped=status == debt.DROPPED, as_of=AS_OF).values()
    }
    assert states == {"held", "slipped", "recovered", "overdue", "planned", "dropped"}


def test_a_kaizen_of_each_status_owes_by_sql_as_in_python(empty_plan: Plan) -> None:
    statuses: list[str | None] = [s.value for s in KaizenStatus]
    with empty_plan.session() as s:
        for kind in debt.KINDS:
            for status in [*statuses, None]:
                said = s.execute(select(debt.owes(kind, cast(status, e.Node.status.type)))).scalar()
                assert bool(said) is debt.kaizen_owes(kind, status), (kind, status)


def test_what_each_kind_owes() -> None:
    """The rule of DESIGN §5–6 in words: open items of finished kaizens only; checks of any
    kaizen but a dropped one."""
    finished = {"done", "sustained", "regressed"}
    for status in KaizenStatus:
        assert debt.kaizen_owes(debt.ITEMS, status.value) is (status.value in finished)
        for kind in (debt.OVERDUE, debt.SLIPS):
            assert debt.kaizen_owes(kind, status.value) is (status is not KaizenStatus.DROPPED)
