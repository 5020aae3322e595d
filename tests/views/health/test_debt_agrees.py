"""Every reader of the sustainment debt counts the same items (the rule of ``hoshin.rules.debt``).

The sample plan is given the cases that used to split the readers: two slips in a row (one
count each, not one per kaizen), a slip made good by a later held check recorded the same
day, a regressed kaizen and a dropped kaizen with an overdue check.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from hoshin.excel.sheets.register import sustainment_debt
from hoshin.model import entities as e
from hoshin.model.kinds import NodeKind
from hoshin.operations import AddCheck, AddNode, MoveKaizen, RecordCheck
from hoshin.plan import Plan
from hoshin.reads import board, health
from hoshin.reads import sustainment as core
from hoshin.reads.monthly_review import build_review
from tests.conftest import AS_OF


def _kaizen(plan: Plan, status: str, origin: str = "bottom-up") -> str:
    fields = {"status": status, "origin": origin, "start_date": AS_OF}
    return str(plan.execute(AddNode(NodeKind.KAIZEN, "T-AS", "Case", fields)).result)


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
