"""A3 reads: an A3 with its follow-up figures from the plan, and the targets that need one
(known answers on the sample plan, whose figures run January to May 2026)."""

from __future__ import annotations

import datetime as dt

from hoshin.operations import (
    AddA3Row,
    LinkA3,
    NewA3,
    SetA3Section,
    SetMeasurement,
    SetSetting,
    UpdateNode,
)
from hoshin.plan import Plan
from hoshin.reads.a3 import list_a3s, read_a3, targets_needing_a3
from hoshin.reads.checkup import check_report, render_text
from hoshin.reads.monthly_review import build_review, to_html
from hoshin.reports.review_pack import build_pack
from hoshin.reports.review_pack_html import pack_html
from hoshin.rules.bowling import Status


def _needing(plan: Plan, upto: str) -> list[tuple[str, list[str]]]:
    with plan.session() as s:
        return [(n.code, n.red_months) for n in targets_needing_a3(s, plan.settings, upto)]


def test_targets_red_two_months_in_a_row_without_an_a3_need_one(demo_plan: Plan) -> None:
    # KPI-1 and KPI-6 are red in January and February, KPI-3 too; KPI-11 red in Feb only.
    assert _needing(demo_plan, "2026-02") == [
        ("KPI-1", ["2026-01", "2026-02"]),
        ("KPI-3", ["2026-01", "2026-02"]),
        ("KPI-6", ["2026-01", "2026-02"]),
    ]
    # By May none is red twice in a row: KPI-3 was red in May only, after a green April.
    assert _needing(demo_plan, "2026-05") == []
    # A red June (plan 44.3 or so; 30 is far behind) makes it two: KPI-3 needs an A3 ...
    demo_plan.execute(SetMeasurement("KPI-3", "2026-06", plan=45, actual=30))
    assert _needing(demo_plan, "2026-06") == [("KPI-3", ["2026-05", "2026-06"])]
    # ... until it has one, or the plan asks for three months.
    demo_plan.execute(SetSetting("a3_after_red_months", 3))
    assert _needing(demo_plan, "2026-06") == []
    demo_plan.execute(SetSetting("a3_after_red_months", 2))
    demo_plan.execute(NewA3("KPI-3"))
    assert _needing(demo_plan, "2026-06") == []


def test_check_and_the_monthly_review_list_them(demo_plan: Plan) -> None:
    demo_plan.execute(SetMeasurement("KPI-3", "2026-06", plan=45, actual=30))
    report = check_report(demo_plan, as_of=dt.date(2026, 6, 30))
    assert report["review"]["a3_after_red_months"] == 2
    assert [n["code"] for n in report["review"]["targets_needing_a3"]] == ["KPI-3"]
    assert (
        "  Targets that need an A3 (2 red months in a row, no A3): KPI-3 (CO)"
        in render_text(report).splitlines()
    )
    review = build_review(demo_plan, "CO", "2026-06")
    assert [n.code for n in review.needs_a3] == ["KPI-3"]
    html = to_html(review)
    assert "Targets that need an A3 (2 red months in a row, no A3)" in html
    assert "<b>KPI-3</b> Net promoter score (CO): red in May 2026, June 2026" in html
    pack = pack_html(build_pack(demo_plan, "CO", "2026-06", today=dt.date(2026, 7, 1)))
    assert "A3 needed (2 red months in a row, no A3 yet): KPI-3 (CO)." in pack


def test_an_a3_reads_with_its_targets_figures(demo_plan: Plan) -> None:
    demo_plan.execute(NewA3("KPI-3"))
    demo_plan.execute(SetA3Section("KPI-3", "goal", "NPS 45 by March"))
    demo_plan.execute(AddA3Row("KPI-3", "why", "Long waits"))
    demo_plan.execute(AddA3Row("KPI-3", "why", "Too few agents on Mondays"))
    demo_plan.execute(
        AddA3Row("KPI-3", "step", "New rota", owner="Kenji Watanabe", due="2026-07-01")
    )
    demo_plan.execute(LinkA3("KPI-3", kaizen="KZ-114"))
    with demo_plan.session() as s:
        doc = read_a3(s, demo_plan.graph, "kpi-3", 2026)
        lines = list_a3s(s, demo_plan.graph)
    assert (doc.code, doc.kind, doc.unit, doc.section("goal")) == (
        "KPI-3", "problem", "CO", "NPS 45 by March"
    )  # fmt: skip
    assert [w.text for w in doc.whys] == ["Long waits", "Too few agents on Mondays"]
    assert [(s.who, s.when) for s in doc.steps] == [("Kenji Watanabe", dt.date(2026, 7, 1))]
    assert [(link.kaizen, link.countermeasure_id) for link in doc.links] == [("KZ-114", None)]
    follow = doc.follow_up()
    # Every month has a plan; January to May an actual too.
    assert [m for m, *_ in follow] == [f"2026-{m:02d}" for m in range(1, 13)]
    assert [status for *_, status in follow] == [
        Status.RED, Status.RED, Status.YELLOW, Status.GREEN, Status.RED, *[None] * 7
    ]  # fmt: skip
    assert [(a.code, a.whys, a.steps, a.links) for a in lines] == [("KPI-3", 2, 1, 1)]


def test_a_kaizens_a3_follows_the_target_it_moves(demo_plan: Plan) -> None:
    demo_plan.execute(UpdateNode("KZ-114", {"effect_target": "KPI-9"}))
    demo_plan.execute(NewA3("KZ-114"))
    with demo_plan.session() as s:
        doc = read_a3(s, demo_plan.graph, "KZ-114", 2026)
    assert doc.figures is not None and doc.figures.code == "KPI-9"


def test_deleting_a_node_says_its_a3_and_other_a3s_links_go_too(demo_plan: Plan) -> None:
    from hoshin.reads.removal import removal

    demo_plan.execute(NewA3("KPI-3"))
    demo_plan.execute(LinkA3("KPI-3", kaizen="KZ-114"))
    demo_plan.execute(NewA3("KZ-114"))
    graph = demo_plan.graph
    with demo_plan.session() as s:
        kaizen = removal(s, graph, graph.id_of("KZ-114"))
        target = removal(s, graph, graph.id_of("KPI-3"))
    assert "its A3" in kaizen.parts() and "1 link from other A3s" in kaizen.parts()
    assert "its A3" in target.parts() and target.a3_links == 0
