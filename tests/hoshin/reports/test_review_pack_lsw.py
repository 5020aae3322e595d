"""The review pack's health table carries Leader Standard Work: adherence and presence of
the unit at the end of the month and the month before, as hoshin.rules.standard_work says."""

from __future__ import annotations

import datetime as dt

from hoshin.plan import Plan
from hoshin.reads.units import UnitTree
from hoshin.reports.review_pack import build_pack
from hoshin.rules import standard_work


def test_the_pack_shows_lsw_adherence_and_presence_of_the_unit(demo_plan: Plan) -> None:
    pack = build_pack(demo_plan, "OPS", "2026-06", today=dt.date(2026, 6, 15))
    rows = {m.label.split(" (")[0]: m for m in pack.measures}
    with demo_plan.session() as s:
        tree = UnitTree.load(s)
        end = standard_work.measure(s, tree, dt.date(2026, 6, 30))
        before = standard_work.measure(s, tree, dt.date(2026, 5, 31))
    lsw = rows["LSW adherence"]
    assert lsw.percent and lsw.now == end["lsw_adherence"]["units"]["OPS"]["adherence"]
    assert lsw.before == before["lsw_adherence"]["units"]["OPS"]["adherence"]
    assert lsw.now is not None and 0 < lsw.now < 1
    presence = rows["Leadership presence"]
    assert presence.now == end["leadership_presence"]["per_unit"]["OPS"]["share"]
    walks = rows["Findings per walk"]
    assert walks.text(0.25) == "0.25"
