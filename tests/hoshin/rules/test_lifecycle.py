"""The kaizen lifecycle rule (DESIGN §5), whatever the way in, and what it does to debt."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.model.errors import NotFoundError, TransitionError, ValidationError
from hoshin.model.kinds import NodeKind
from hoshin.operations import (
    AddActionItem,
    AddCheck,
    AddNode,
    AddPerson,
    AddUnit,
    EditActionItem,
    EditCheck,
    MoveKaizen,
    RecordCheck,
    RemoveActionItem,
    RemoveCheck,
    SetActionItemDone,
    SetSetting,
    UpdateNode,
)
from hoshin.plan import Plan
from hoshin.reads.checkup import check_report
from tests.hoshin.dump import dump

NOW = dt.datetime(2026, 6, 10, 9, 30)
TODAY = NOW.date()


@pytest.fixture
def plan(tmp_path: Path) -> Iterator[Plan]:
    plan = Plan.create(tmp_path / "l.hoshin", "Acme")
    plan.clock = lambda: NOW
    plan.execute(AddUnit("Team A", "CO", code="TA"))
    plan.execute(AddPerson("Ana Costa", "TA"))
    yield plan
    plan.close()


def kaizen(plan: Plan, status: str | None = None, **fields: object) -> str:
    given = dict(fields)
    if status is not None:
        given["status"] = status
    return str(plan.execute(AddNode(NodeKind.KAIZEN, "TA", "Faster changeover", given)).result)


def node(plan: Plan, code: str) -> dict[str, object]:
    with plan.session() as s:
        row = s.execute(select(e.Node.__table__).where(e.Node.code == code)).mappings().one()
    return dict(row)


def checks(plan: Plan, code: str) -> list[tuple[Any, ...]]:
    c = e.SustainmentCheck
    with plan.session() as s:
        kid = s.execute(select(e.Node.id).where(e.Node.code == code)).scalar_one()
        rows = s.execute(
            select(c.id, c.due, c.result, c.checked_on, c.note).where(c.kaizen_id == kid)
        ).all()
    return [tuple(r) for r in rows]


def debt(plan: Plan, as_of: dt.date = TODAY) -> dict[str, int]:
    return dict(check_report(plan, as_of=as_of)["health"]["sustainment_debt"]["units"]["TA"])


# -- start date ------------------------------------------------------------------------------


def test_approving_an_idea_starts_it_on_the_day_of_the_edit(plan: Plan) -> None:
    code = kaizen(plan)
    assert node(plan, code)["start_date"] is None  # an idea is not started
    plan.execute(MoveKaizen(code, "approved"))
    assert node(plan, code)["start_date"] == TODAY


def test_a_start_given_is_kept(plan: Plan) -> None:
    code = kaizen(plan, "in progress", start_date="2026-05-02")
    assert node(plan, code)["start_date"] == dt.date(2026, 5, 2)


@pytest.mark.parametrize("status", ["approved", "in progress", "done"])
def test_a_kaizen_added_as_started_gets_a_start(plan: Plan, status: str) -> None:
    assert node(plan, kaizen(plan, status))["start_date"] == TODAY


def test_a_kaizen_due_before_today_starts_no_later_than_it_is_due(plan: Plan) -> None:
    code = kaizen(plan, "in progress", due_date="2026-06-01")
    assert node(plan, code)["start_date"] == dt.date(2026, 6, 1)


# -- done proposes the first check -----------------------------------------------------------


def test_done_proposes_a_check_in_thirty_days_and_undo_removes_it(plan: Plan) -> None:
    code = kaizen(plan, "in progress")
    before = dump(plan)
    applied = plan.execute(MoveKaizen(code, "done"))
    assert [(due, result) for _i, due, result, _o, _n in checks(plan, code)] == [
        (dt.date(2026, 7, 10), None)
    ]
    plan.execute(applied.inverse)
    assert dump(plan) == before


def test_the_days_to_the_first_check_are_a_plan_setting(plan: Plan) -> None:
    plan.execute(SetSetting("check_after_days", 14))
    code = kaizen(plan, "done")  # added done: the same rule as moving to done
    assert [due for _i, due, *_ in checks(plan, code)] == [dt.date(2026, 6, 24)]


def test_no_check_is_proposed_when_one_is_open(plan: Plan) -> None:
    code = kaizen(plan, "in progress")
    plan.execute(AddCheck(code, "2026-09-01"))
    plan.execute(MoveKaizen(code, "done"))
    assert [due for _i, due, *_ in checks(plan, code)] == [dt.date(2026, 9, 1)]


# -- sustained needs a held check; regressed needs or records a slip -------------------------


def test_sustained_needs_the_last_check_held_by_set_and_by_add(plan: Plan) -> None:
    code = kaizen(plan, "done")
    with pytest.raises(TransitionError, match=f"{code} cannot be sustained"):
        plan.execute(UpdateNode(code, {"status": "sustained"}))
    with pytest.raises(TransitionError, match="cannot be sustained"):
        kaizen(plan, "sustained")
    check_id = checks(plan, code)[0][0]
    plan.execute(RecordCheck(int(check_id), "held", "2026-06-10"))
    plan.execute(MoveKaizen(code, "sustained"))
    assert node(plan, code)["status"] == "sustained"


def test_regressed_by_hand_records_a_slipped_check_and_is_debt(plan: Plan) -> None:
    code = kaizen(plan, "done")
    assert debt(plan)["total"] == 0
    before = dump(plan)
    applied = plan.execute(MoveKaizen(code, "regressed"))
    slipped = [r for r in checks(plan, code) if r[2] == "slipped"]
    assert [(due, on, note) for _i, due, _r, on, note in slipped] == [
        (TODAY, TODAY, f"Recorded by moving {code} to regressed.")
    ]
    assert debt(plan) == {
        "open_action_items": 0,
        "overdue_checks": 0,
        "slipped_checks": 1,
        "total": 1,
    }
    plan.execute(applied.inverse)  # one undo takes back the move and its record
    assert dump(plan) == before


def test_regressed_after_a_slipped_check_records_nothing_more(plan: Plan) -> None:
    code = kaizen(plan, "done")
    proposed = int(checks(plan, code)[0][0])
    plan.execute(RecordCheck(proposed, "slipped", "2026-06-10"))
    assert node(plan, code)["status"] == "regressed"  # the slip regressed it
    assert len(checks(plan, code)) == 1


def test_a_regressed_kaizen_leaves_the_debt_when_a_later_check_holds(plan: Plan) -> None:
    code = kaizen(plan, "done")
    plan.execute(MoveKaizen(code, "regressed"))
    later = int(plan.execute(AddCheck(code, "2026-07-01")).result)
    assert debt(plan)["total"] == 1
    plan.execute(RecordCheck(later, "held", "2026-06-10"))  # same day, recorded after
    assert debt(plan)["total"] == 0
    plan.execute(MoveKaizen(code, "sustained"))
    assert node(plan, code)["status"] == "sustained"


def test_clearing_the_held_check_of_a_sustained_kaizen_is_refused(plan: Plan) -> None:
    code = kaizen(plan, "done")
    check_id = int(checks(plan, code)[0][0])
    plan.execute(RecordCheck(check_id, "held", "2026-06-10"))
    plan.execute(MoveKaizen(code, "sustained"))
    with pytest.raises(TransitionError, match=f"move {code} back to done"):
        plan.execute(RemoveCheck(check_id))
    with pytest.raises(TransitionError):
        plan.execute(RecordCheck(check_id, None))


# -- checks and action items: add, edit, remove, close, reopen -------------------------------


def test_a_check_is_planned_changed_and_removed_with_undo(plan: Plan) -> None:
    code = kaizen(plan, "in progress")
    before = dump(plan)
    added = plan.execute(AddCheck(code, "2026-08-01", owner="Ana Costa", note="press 3"))
    check_id = int(added.result)
    edited = plan.execute(EditCheck(check_id, due="2026-08-15", owner=None))
    c = e.SustainmentCheck
    with plan.session() as s:
        row = s.execute(select(c.due, c.owner_id, c.note).where(c.id == check_id)).one()
    assert tuple(row) == (dt.date(2026, 8, 15), None, "press 3")
    removed = plan.execute(RemoveCheck(check_id))
    assert removed.result == code
    assert checks(plan, code) == []
    for applied in (removed, edited, added):
        plan.execute(applied.inverse)
    assert dump(plan) == before


def test_an_action_item_counts_once_its_kaizen_is_done_until_closed(plan: Plan) -> None:
    code = kaizen(plan, "in progress")
    added = plan.execute(AddActionItem(code, "Train the second shift", "P-1", "2026-07-01"))
    item = int(added.result)
    assert debt(plan)["open_action_items"] == 0  # work, not debt, while in progress
    plan.execute(MoveKaizen(code, "done"))
    assert debt(plan)["open_action_items"] == 1
    plan.execute(EditActionItem(item, title="Train both shifts", due=None))
    plan.execute(SetActionItemDone(item, True, "2026-06-10"))
    assert debt(plan)["open_action_items"] == 0
    with pytest.raises(ValidationError, match=f"Action item {item} is done already"):
        plan.execute(SetActionItemDone(item, True))
    plan.execute(SetActionItemDone(item, False))
    assert debt(plan)["open_action_items"] == 1
    plan.execute(RemoveActionItem(item))
    assert debt(plan)["open_action_items"] == 0


def test_errors_name_the_code_or_id(plan: Plan) -> None:
    with pytest.raises(NotFoundError, match="No sustainment check 99"):
        plan.execute(EditCheck(99, note="x"))
    with pytest.raises(NotFoundError, match="No action item 7"):
        plan.execute(RemoveActionItem(7))
    with pytest.raises(NotFoundError, match="KZ-404"):
        plan.execute(AddCheck("KZ-404", "2026-07-01"))
    plan.execute(AddNode(NodeKind.BREAKTHROUGH, "CO", "Win"))
    with pytest.raises(ValidationError, match="BT-1 is a breakthrough objective"):
        plan.execute(AddActionItem("BT-1", "x"))
    with pytest.raises(NotFoundError, match="Nobody"):
        plan.execute(AddCheck(kaizen(plan), "2026-07-01", owner="Nobody"))


# -- a dropped kaizen counts in no measure ---------------------------------------------------


def test_a_dropped_kaizen_is_neither_demand_nor_debt(plan: Plan) -> None:
    code = kaizen(plan, "in progress", origin="bottom-up")
    plan.execute(MoveKaizen(code, "done"))
    plan.execute(AddActionItem(code, "Train the second shift"))
    plan.execute(AddCheck(code, "2026-06-01"))  # overdue
    demand = check_report(plan, as_of=TODAY)["health"]["demand"]["units"]["TA"]
    assert (demand["started"], demand["bottom_up"]) == (1, 1)
    assert debt(plan)["overdue_checks"] == 1
    plan.execute(MoveKaizen(code, "in progress"))
    plan.execute(MoveKaizen(code, "dropped"))
    demand = check_report(plan, as_of=TODAY)["health"]["demand"]["units"]["TA"]
    assert demand["started"] == 0 and demand["ratio"] is None
    assert debt(plan)["total"] == 0


# -- the workbook import: the kaizen's checks are its history ---------------------------------


def test_an_import_restores_a_status_by_the_same_rule_without_proposing(plan: Plan) -> None:
    from hoshin.excel.read.import_ops import RestoreStatus
    from hoshin.model.kinds import KaizenStatus

    done = kaizen(plan, "in progress")
    plan.execute(RestoreStatus(done, KaizenStatus.DONE))
    assert node(plan, done)["status"] == "done" and checks(plan, done) == []  # none proposed
    sustained = kaizen(plan, "in progress")
    with pytest.raises(TransitionError, match=f"{sustained} cannot be sustained"):
        plan.execute(RestoreStatus(sustained, KaizenStatus.SUSTAINED))
    plan.execute(AddCheck(sustained, "2026-05-01", "held", "2026-05-02"))
    plan.execute(RestoreStatus(sustained, KaizenStatus.SUSTAINED))
    assert node(plan, sustained)["status"] == "sustained"
    regressed = kaizen(plan, "in progress")
    plan.execute(RestoreStatus(regressed, KaizenStatus.REGRESSED))  # no slip in the workbook
    assert [r[2] for r in checks(plan, regressed)] == ["slipped"]
