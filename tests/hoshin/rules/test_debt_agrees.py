"""Every reader of the sustainment debt counts the same items (the rule of ``hoshin.rules.debt``).

The sample plan is given the cases that used to split the readers: two slips in a row (one
count each, not one per kaizen), a slip made good by a later held check recorded the same
day, a regressed kaizen and a dropped kaizen with an overdue check. Per unit, the check
(``hoshin check --json``), the board's cards, the Health tab's figures and the workbook's
Health sheet then give the same debt, on the sample plan and on a small plan whose debt
is counted by hand.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from hoshin.cli.main import main
from hoshin.excel import export_workbook, names
from hoshin.excel.sheets.register import sustainment_debt
from hoshin.model import entities as e
from hoshin.model.kinds import NodeKind
from hoshin.operations import (
    AddActionItem,
    AddCheck,
    AddNode,
    AddUnit,
    MoveKaizen,
    RecordCheck,
)
from hoshin.plan import Plan
from hoshin.reads import board, health
from hoshin.reads import sustainment as core
from hoshin.reads.health_tab import HealthData
from hoshin.reads.monthly_review import build_review
from hoshin.reads.units import UnitTree
from hoshin.rules import debt
from tests.conftest import AS_OF


def _kaizen(plan: Plan, status: str, origin: str = "bottom-up", unit: str = "T-AS") -> str:
    fields = {"status": status, "origin": origin, "start_date": AS_OF}
    return str(plan.execute(AddNode(NodeKind.KAIZEN, unit, "Case", fields)).result)


def _cases(plan: Plan) -> dict[str, str]:
    twice = _kaizen(plan, "done")
    plan.execute(AddCheck(twice, AS_OF - dt.timedelta(days=9), "slipped"))
    plan.execute(AddCheck(twice, AS_OF - dt.timedelta(days=4), "slipped"))
    healed = _kaizen(plan, "done")
    slip = int(plan.execute(AddCheck(healed, AS_OF, "slipped")).result)
    held = int(plan.execute(AddCheck(healed, AS_OF + dt.timedelta(days=30))).result)
    plan.execute(RecordCheck(held, "held", AS_OF))  # the same day, after the slip
    dropped = _kaizen(plan, "in progress")
    plan.execute(AddCheck(dropped, AS_OF - dt.timedelta(days=3)))  # overdue, then dropped
    plan.execute(MoveKaizen(dropped, "dropped"))
    assert slip < held
    return {"twice": twice, "healed": healed, "dropped": dropped}


def test_health_board_register_and_drill_down_count_the_same(demo_plan: Plan) -> None:
    cases = _cases(demo_plan)
    graph = demo_plan.graph
    with demo_plan.session() as s:
        full = health.measure(s, graph, as_of=AS_OF)["sustainment_debt"]
        kaizens = [
            int(i) for i in s.execute(select(e.Node.id).where(e.Node.kind == "kaizen")).scalars()
        ]
        cards = board.cards_by_id(s, kaizens, board.BoardFilter(), as_of=AS_OF)
        register = sustainment_debt(s, AS_OF)
        units = list(s.execute(select(e.Unit.id)).scalars())
        listed = core.records(s, kaizens, AS_OF)
    drill = core.debt_items(demo_plan, units, AS_OF)
    per_card = {graph.code(k): c.debt for k, c in cards.items() if c.debt}
    per_register = {graph.code(k): d.total for k, d in register.items() if d.total}
    per_drill: dict[str, int] = {}
    for item in drill:
        per_drill[item.kaizen_code] = per_drill.get(item.kaizen_code, 0) + 1
    per_list: dict[str, int] = {}
    for r in listed:
        if r.owed:
            per_list[r.kaizen] = per_list.get(r.kaizen, 0) + 1
    assert per_card == per_register == per_drill == per_list
    assert sorted(per_card) == sorted(full["kaizens"])
    assert sum(per_card.values()) == full["plan"]["total"]
    assert per_card[cases["twice"]] == 2  # two slips, neither made good
    assert cases["healed"] not in per_card
    assert cases["dropped"] not in per_card


def test_the_review_shows_a_regressed_team_in_debt_and_no_dropped_kaizen_as_new(
    demo_plan: Plan,
) -> None:
    month = f"{AS_OF:%Y-%m}"
    before = build_review(demo_plan, "CO", month)
    regressed = _kaizen(demo_plan, "done")
    demo_plan.execute(MoveKaizen(regressed, "regressed"))  # records the slip it needs
    gone = _kaizen(demo_plan, "in progress")
    demo_plan.execute(MoveKaizen(gone, "dropped"))
    review = build_review(demo_plan, "CO", month)
    debt = {code: d["slipped_checks"] for code, _name, d in review.debt}
    was = {code: d["slipped_checks"] for code, _name, d in before.debt}
    assert debt["T-AS"] == was.get("T-AS", 0) + 1
    new = {k.code for k in review.new_bottom_up}
    assert regressed in new and gone not in new


# -- the check, the board, the Health tab and the workbook, unit by unit ------------------------

Debt = dict[str, int]  # the four keys of debt.KEYS


def _by_check(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[dict[str, Debt], Debt]:
    """``hoshin check PATH --json``: the debt of every unit, and of the plan."""
    capsys.readouterr()
    assert main(["check", str(path), "--json", "--as-of", AS_OF.isoformat()]) == 0
    found = json.loads(capsys.readouterr().out)["health"]["sustainment_debt"]
    return found["units"], found["plan"]


def _by_board(plan: Plan, units: UnitTree) -> dict[str, int]:
    """The debt on the board's cards, added up over each unit's subtree (cards say a total)."""
    with plan.session() as s:
        kaizens = list(s.execute(select(e.Node.id).where(e.Node.kind == "kaizen")).scalars())
        cards = board.cards_by_id(s, kaizens, board.BoardFilter(), as_of=AS_OF)
    out = {}
    for unit in units.units.values():
        below = set(units.subtree(unit.id))
        out[unit.code] = sum(c.debt for c in cards.values() if c.unit_id in below)
    return out


def _by_health_tab(plan: Plan, units: UnitTree) -> dict[str, Debt]:
    data = HealthData(plan, AS_OF, 90)
    return {u.code: data.for_unit(u.id).debt[u.code] for u in units.units.values()}


def _by_workbook(plan: Plan, out: Path) -> tuple[dict[str, Debt], int]:
    """The Health sheet's unit table (its top levels) and its plan-wide debt figure."""
    export_workbook(plan, out, as_of=AS_OF)
    sheet = load_workbook(out)[names.HEALTH]
    units: dict[str, Debt] = {}
    total, in_table = None, False
    for row in sheet.iter_rows(values_only=True):
        label = row[0]
        if label == "Sustainment debt":
            total = row[1]
        in_table = in_table or label == "Unit"  # the unit table's header
        if in_table and isinstance(label, str) and " · " in label:
            code = label.split(" · ", 1)[0].strip()
            units[code] = dict(zip(debt.KEYS, row[7:11], strict=True))
    assert isinstance(total, int) and units
    return units, total


def _every_reader(
    plan: Plan, path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> dict[str, Debt]:
    """The debt of every unit, once all four readers are shown to agree on it."""
    units = UnitTree.of(plan)
    checked, plan_wide = _by_check(path, capsys)
    tab = _by_health_tab(plan, units)
    cards = _by_board(plan, units)
    sheet, sheet_total = _by_workbook(plan, tmp_path / "plan.xlsx")
    assert tab == checked
    assert cards == {code: d["total"] for code, d in checked.items()}
    assert sheet == {code: checked[code] for code in sheet}
    root = next(u.code for u in units.units.values() if u.parent_id is None)
    assert root in sheet
    assert plan_wide == checked[root]
    assert sheet_total == plan_wide["total"]
    return checked


def test_the_check_board_health_tab_and_workbook_agree_on_the_sample_plan(
    demo_plan: Plan, demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _cases(demo_plan)
    found = _every_reader(demo_plan, demo_path, tmp_path, capsys)
    assert found["CO"]["total"] > 0
    assert found["CO"]["slipped_checks"] > 0 and found["CO"]["open_action_items"] > 0


def test_the_check_board_health_tab_and_workbook_give_the_debt_counted_by_hand(
    empty_plan: Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = empty_plan
    plan.execute(AddUnit("Sales", "CO", function="Sales", code="SAL"))
    plan.execute(AddUnit("Team A", "SAL", function="Sales", code="TA"))
    plan.execute(AddUnit("Plant", "CO", function="Operations", code="PLT"))
    day = dt.timedelta(days=1)

    done = _kaizen(plan, "done", unit="TA")  # two open items (one more is closed)
    plan.execute(AddActionItem(done, "Update the standard"))
    plan.execute(AddActionItem(done, "Train the second shift"))
    plan.execute(AddActionItem(done, "Closed already", done_on=AS_OF - day))
    running = _kaizen(plan, "in progress", unit="TA")  # an open item is work, not debt
    plan.execute(AddActionItem(running, "Measure the baseline"))
    plan.execute(AddCheck(running, AS_OF - 3 * day))  # overdue
    idea = _kaizen(plan, "idea", unit="TA")
    plan.execute(AddCheck(idea, AS_OF + 10 * day))  # not due yet

    twice = _kaizen(plan, "done", unit="PLT")  # two slips, neither made good
    plan.execute(AddCheck(twice, AS_OF - 9 * day, "slipped", on=AS_OF - 9 * day))
    plan.execute(AddCheck(twice, AS_OF - 4 * day, "slipped", on=AS_OF - 4 * day))
    healed = _kaizen(plan, "done", unit="PLT")  # a slip made good by a later held check
    plan.execute(AddCheck(healed, AS_OF - 20 * day, "slipped", on=AS_OF - 20 * day))
    plan.execute(AddCheck(healed, AS_OF - day, "held", on=AS_OF - day))
    dropped = _kaizen(plan, "in progress", unit="PLT")  # a dropped kaizen owes nothing
    plan.execute(AddCheck(dropped, AS_OF - 5 * day))
    plan.execute(MoveKaizen(dropped, "dropped"))
    regressed = _kaizen(plan, "done", unit="PLT")  # regressing records the slip it needs
    plan.execute(MoveKaizen(regressed, "regressed"))
    open_item = _kaizen(plan, "done", unit="PLT")
    plan.execute(AddActionItem(open_item, "Label the racks", due=AS_OF + day))
    plan.execute(AddCheck(open_item, AS_OF + 10 * day))  # not due yet

    found = _every_reader(plan, Path(plan.location), tmp_path, capsys)
    team = {"open_action_items": 2, "overdue_checks": 1, "slipped_checks": 0, "total": 3}
    assert found["TA"] == found["SAL"] == team
    assert found["PLT"] == {
        "open_action_items": 1,
        "overdue_checks": 0,
        "slipped_checks": 3,
        "total": 4,
    }
    assert found["CO"] == {
        "open_action_items": 3,
        "overdue_checks": 1,
        "slipped_checks": 3,
        "total": 7,
    }
    with plan.session() as s:
        in_debt = health.measure(s, plan.graph, as_of=AS_OF)["sustainment_debt"]["kaizens"]
    assert in_debt == sorted([done, running, twice, regressed, open_item])
