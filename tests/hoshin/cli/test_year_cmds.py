"""Years, the year-end decisions and next year's plan, as a person types them."""

from __future__ import annotations

from pathlib import Path

import pytest

from hoshin.model import entities as e
from hoshin.operations import UpdateNode
from hoshin.operations.rollover import Rollover
from hoshin.operations.years import CommentReflection
from hoshin.plan import Plan
from hoshin.rules.years import YearClosedError
from tests.hoshin.clitools import Cli
from tests.hoshin.dump import dump


def _year_plan(acme: Cli) -> None:
    """acme's small plan, its 2026 lived: KPI-1 owned by Gareth with actuals (Jan 29, Mar
    27, Apr planned only); IP-2 to be dropped; kaizens KZ-1 in progress (with an action
    item), KZ-2 done, KZ-3 an idea to drop, all supporting IP-1."""
    with Plan.open(acme.plan) as plan, plan.session() as s:
        assert plan.year == s.query(e.Year).one().year
    acme("set PATH KPI-1 --owner Gareth -q")
    acme("add PATH priority --unit CO --title 'Old habit' --supports AO-1 -q")
    acme("measure PATH KPI-1 --month 2026-01 --actual 29 --plan 30 -q")
    acme("measure PATH KPI-1 --month 2026-03 --actual 27 --plan 28 -q")
    acme("measure PATH KPI-1 --month 2026-04 --plan 27 -q")
    for title, status in (("Pull flow", "in progress"), ("5S", "done"), ("Idea", "idea")):
        acme(f"add PATH kaizen --unit PLT --title '{title}' --supports IP-1 --status '{status}' -q")
    acme("sustain action add PATH KZ-1 --title 'Train shift B' -q")


def test_a_rollover_carries_what_was_decided_and_closes_the_old_year(acme: Cli) -> None:
    _year_plan(acme)
    year = int(acme("year list PATH").split()[0])
    nxt = year + 1
    acme("reflect PATH KPI-1 --decision modify --goal 20 --result partly --lesson 'Start early'")
    acme("reflect PATH IP-2 --decision drop")
    acme("reflect PATH KZ-3 --decision drop -q")
    assert acme("reflect list PATH").splitlines() == [
        "IP-2 (priority, CO): drop",
        "KPI-1 (target, CO): modify, goal 20; result partly; lesson: Start early; suggested partly",
        "KZ-3 (kaizen, PLT): drop",
        # What is left, with the result its one target (KPI-1: 28 days, 30 → 24) suggests.
        "BT-1 (breakthrough): no reflection yet; suggested partly (by 1 target)",
        "AO-1 (annual): no reflection yet; suggested partly (by 1 target)",
        "IP-1 (priority): no reflection yet; suggested partly (by 1 target)",
    ]
    out = acme(f"rollover PATH --year {nxt}").splitlines()
    # BT-1, AO-1, IP-1, KPI-1 and KZ-1 carried; IP-2 and KZ-3 dropped, KZ-2 done.
    assert out[0].startswith(f"{nxt} made from {year}: 5 nodes carried")
    assert "4 links; 1 modified, 3 left in" in out[0]
    assert out[1] == "4 nodes had no decision and were carried."  # all but KPI-1
    assert out[2] == f"{year} is closed: reopen it with `hoshin year reopen {year}` (an executive)."
    assert acme("year list PATH").splitlines() == [f"{year} closed", f"{nxt} open  (current)"]
    with Plan.open(acme.plan) as plan, plan.session(all_years=True) as s:
        new = {n.code: n for n in s.query(e.Node).filter(e.Node.year == nxt)}
        assert sorted(new) == ["AO-1", "BT-1", "IP-1", "KPI-1", "KZ-1"]
        kpi = new["KPI-1"]
        # The modified goal, the baseline from the last actual (March), not the plan.
        assert (kpi.goal, kpi.baseline, kpi.title) == (20, 27, "Lead time")
        assert plan.graph.id_of("KPI-1") == kpi.id  # a code names next year's node now
        ups = {
            (plan.graph.node(a).code, plan.graph.node(b).code)
            for a, b in (edge.upward for edge in plan.graph.edges())
        }
        assert ups == {("AO-1", "BT-1"), ("IP-1", "AO-1"), ("KPI-1", "IP-1"), ("KZ-1", "IP-1")}
        owners = s.query(e.Responsibility).filter(e.Responsibility.node_id == kpi.id).all()
        assert [(o.person_id, o.role) for o in owners] == [(2, "primary")]
        items = s.query(e.ActionItem).filter(e.ActionItem.kaizen_id == new["KZ-1"].id).all()
        assert [i.title for i in items] == ["Train shift B"]
        # No figures carried; the old year's are all still there.
        assert s.query(e.Measurement).filter(e.Measurement.node_id == kpi.id).count() == 0
        old = {n.code for n in s.query(e.Node).filter(e.Node.year == year)}
        assert {"IP-2", "KZ-2", "KZ-3", "KPI-1"} <= old
        assert (
            new["KPI-1"].previous_id
            == s.query(e.Node.id).filter(e.Node.year == year, e.Node.code == "KPI-1").scalar()
        )
    # The old year refuses every edit, in one line.
    refusal = f"{year} is closed: reopen it with `hoshin year reopen {year}` (an executive)."
    with Plan.open(acme.plan) as plan:
        plan.use_year(year)
        assert plan.graph.id_of("IP-2")
    assert acme.fails(f"year close PATH {year}") == f"{year} is closed already."
    # Next year is editable, the dropped priority is not in it.
    acme("set PATH KPI-1 --goal 19 -q")
    assert "No node IP-2" in acme.fails("set PATH IP-2 --title Back")
    # Reopened, the old year takes edits again; closed, it refuses them.
    acme(f"year reopen PATH {year} -q")
    acme(f"year close PATH {year} -q")
    with Plan.open(acme.plan) as plan:
        plan.use_year(year)
        try:
            plan.execute(UpdateNode("IP-2", {"title": "Back"}))
        except YearClosedError as exc:
            assert str(exc) == refusal
        else:
            raise AssertionError("a closed year took an edit")


def test_undo_of_a_rollover_restores_the_plan(acme: Cli) -> None:
    _year_plan(acme)
    acme("reflect PATH IP-2 --decision drop -q")
    with Plan.open(acme.plan) as plan:
        year = plan.year
        before = dump(plan)
        applied = plan.execute(Rollover(year + 1))
        assert plan.year == year + 1
        plan.execute(applied.inverse)
        assert plan.year == year
        after = dump(plan)
    assert after == before


def test_each_year_exports_and_imports_with_both_years(acme: Cli, tmp_path: Path) -> None:
    _year_plan(acme)
    acme("reflect PATH IP-2 --decision drop -q")
    year = int(acme("year list PATH").split()[0])
    acme(f"rollover PATH --year {year + 1} -q")
    for shown, has_ip2 in ((year, True), (year + 1, False)):
        book = tmp_path / f"{shown}.xlsx"
        acme(f"export PATH -o {book} --year {shown}")
        back = tmp_path / f"{shown}.hoshin"
        acme(f"import {book} -o {back}")
        with Plan.open(back) as plan:
            # Both years come back whichever was shown (the Years sheet); the latest open
            # one is current, as in the plan exported.
            assert plan.year == year + 1
            plan.use_year(shown)
            assert ("IP-2" in plan.graph) is has_ip2
            assert "KPI-1" in plan.graph
        assert acme(f"year list {back}").splitlines() == [
            f"{year} closed",
            f"{year + 1} open  (current)",
        ]
    # A year the plan does not hold is refused in one line.
    assert acme.fails("trace PATH BT-1 --year 1999").startswith("The plan has no year 1999")


def test_the_year_commands_refuse_in_one_line(acme: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    year = int(acme("year list PATH").split()[0])
    assert (
        acme.fails("reflect PATH KPI-1 --decision modify")
        == "Modifying KPI-1 needs its new wording (--title) or goal (--goal)."
    )
    assert acme.fails("reflect PATH BT-1 --decision carry --goal 3") == (
        "BT-1 is not a target: it has no goal."
    )
    assert acme.fails("reflect PATH KPI-1").startswith("Nothing to record")
    assert acme.fails("reflect PATH KZ-99 --decision drop") == "No node KZ-99 in this plan."
    assert acme.fails(f"rollover PATH --year {year}") == (
        f"Next year's plan comes after {year}, not in {year}."
    )
    assert acme.fails(f"year reopen PATH {year}") == f"{year} is open already."
    assert acme.fails("year close PATH 1999").startswith("The plan has no year 1999")
    # Closing and reopening is an executive's: Gareth, a member of the plant, may not.
    acme("role set PATH Helen CO executive -q")
    acme("role set PATH Gareth PLT manager -q")
    monkeypatch.setenv("HOSHIN_PERSON", "Gareth")
    refused = acme.fails(f"year close PATH {year}")
    assert "executive" in refused and "Gareth" in refused


def test_show_of_a_carried_target_prints_last_years_months_too(acme: Cli) -> None:
    # KPI-1 is a lead time: lower is better.
    _year_plan(acme)
    year = int(acme("year list PATH").split()[0])
    nxt = year + 1
    acme(f"rollover PATH --year {nxt} -q")
    acme(f"measure PATH KPI-1 --month {nxt}-01 --plan 26 --actual 25 -q")
    shown = acme("show PATH KPI-1").splitlines()
    last = shown.index(f"  monthly figures {year}:    plan  actual  (carried into {nxt})")
    this = shown.index(f"  monthly figures {nxt}:    plan  actual")
    assert last < this  # oldest year first
    assert shown[last + 1 : last + 5] == [
        f"    {year}-01          30      29  ✔ green",
        f"    {year}-02           –       –",
        f"    {year}-03          28      27  ✔ green",
        f"    {year}-04          27       –",
    ]
    assert shown[last + 13] == "  year to date (average): plan 29, actual 28  ✔ green"
    assert shown[this + 1] == f"    {nxt}-01          26      25  ✔ green"
    assert shown[-1] == "  year to date (average): plan 26, actual 25  ✔ green"
    # The old year shown on its own has no earlier year to print.
    old = acme(f"show PATH KPI-1 --year {year}").splitlines()
    assert old[-14] == f"  monthly figures {year}:    plan  actual"
    assert not any("carried into" in line for line in old)


def test_a_kaizens_line_of_sight_is_of_the_year_it_ran(acme: Cli) -> None:
    """KZ-1 supported IP-1 in the old year; carried, it supports a new priority in the new
    one: each year's trace shows that year's chain, the new one says where it came from."""
    _year_plan(acme)
    year = int(acme("year list PATH").split()[0])
    nxt = year + 1
    acme(f"rollover PATH --year {nxt} -q")
    acme("add PATH priority --unit CO --title 'Flow cells' --supports AO-1 -q")  # IP-3
    acme("link PATH KZ-1 IP-3 -q")
    acme("unlink PATH KZ-1 IP-1 -q")
    assert acme("trace PATH KZ-1").splitlines() == [
        "KZ-1  Pull flow  (kaizen, PLT)",
        "└─ supports IP-3  Flow cells  (priority, CO)",
        "   └─ supports AO-1  Lead time -20 %  (annual, CO)",
        "      └─ supports BT-1  Halve lead time  (breakthrough, CO)",
        "1 path to the top: BT-1.",
        f"KZ-1 was carried from KZ-1 of {year}.",
    ]
    assert acme(f"trace PATH KZ-1 --year {year}").splitlines() == [
        "KZ-1  Pull flow  (kaizen, PLT)",
        "└─ supports IP-1  Flow in every plant  (priority, CO)",
        "   └─ supports AO-1  Lead time -20 %  (annual, CO)",
        "      └─ supports BT-1  Halve lead time  (breakthrough, CO)",
        "1 path to the top: BT-1.",
    ]
    # KZ-2 was done in the old year and stays there: traced in its year, not in the new.
    assert acme(f"trace PATH KZ-2 --year {year}").splitlines()[1].startswith("└─ supports IP-1")
    assert acme.fails("trace PATH KZ-2") == "No node KZ-2 in this plan."


def test_the_unit_above_comments_on_a_reflection(acme: Cli) -> None:
    """Helen (an executive of CO) comments on KPI-1's reflection; Gareth, a member of the
    plant below, may not comment on CO's; a comment is undone like any edit; a closed
    year takes none."""
    import datetime as dt

    today = f"{dt.date.today():%-d %b %Y}"
    acme("reflect PATH KPI-1 --decision carry --lesson 'Start early' -q")
    acme("role set PATH Helen CO executive -q")
    acme("role set PATH Gareth PLT member -q")
    assert acme("reflect comment PATH KPI-1 'Agreed; start in January'").splitlines() == [
        "KPI-1 (target, CO): carry; lesson: Start early",
        f"  comment by Helen, {today}: Agreed; start in January",
    ]
    refused = acme.fails("reflect comment PATH KPI-1 'Not mine' --as Gareth")
    assert "Gareth" in refused and "add a comment on the reflection of KPI-1" in refused
    assert acme("reflect list PATH").splitlines()[:2] == [
        "KPI-1 (target, CO): carry; lesson: Start early",
        f"  comment by Helen, {today}: Agreed; start in January",
    ]
    assert acme("reflect show PATH KPI-1").splitlines()[1].endswith("Agreed; start in January")
    with Plan.open(acme.plan) as plan:
        plan.actor = "Helen"
        applied = plan.execute(CommentReflection("KPI-1", "One more"))
        with plan.session() as s:
            assert s.query(e.ReflectionComment).count() == 2
        plan.execute(applied.inverse)  # undo
        with plan.session() as s:
            assert [c.text for c in s.query(e.ReflectionComment)] == ["Agreed; start in January"]
    year = int(acme("year list PATH").split()[0])
    acme(f"rollover PATH --year {year + 1} -q")
    assert acme.fails(f"reflect comment PATH KPI-1 'Late' --year {year}") == (
        f"{year} is closed: reopen it with `hoshin year reopen {year}` (an executive)."
    )
    assert acme.fails("reflect comment PATH KPI-1").startswith("Give the node and the comment")
