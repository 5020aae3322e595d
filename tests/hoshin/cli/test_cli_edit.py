"""``hoshin add|set|link|unlink|node delete``: what a person types, what they are told."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.plan import Plan
from tests.hoshin.clitools import Cli


def _link(cli: Cli, source: str, target: str) -> tuple[str, str | None, str]:
    with Plan.open(cli.plan) as plan, plan.session() as s:
        g = plan.graph
        edge = g.edge_between(g.id_of(source), g.id_of(target))
        assert edge is not None
        rationale = s.execute(select(e.Edge.rationale).where(e.Edge.id == edge.id)).scalar_one()
        return edge.kind.value, edge.strength.value if edge.strength else None, rationale


def test_link_on_an_existing_link_changes_its_strength_and_rationale(acme: Cli) -> None:
    """The README's own example: AO-1 supports BT-1 already; --strength sets it."""
    assert acme("link PATH AO-1 BT-1 --strength strong") == "AO-1 supports BT-1: strength strong"
    assert _link(acme, "AO-1", "BT-1") == ("supports", "strong", "")
    assert (
        acme("link PATH AO-1 BT-1 --rationale 'Most of the lead time is waiting'")
        == "AO-1 supports BT-1: rationale “Most of the lead time is waiting”"
    )
    assert _link(acme, "AO-1", "BT-1") == ("supports", "strong", "Most of the lead time is waiting")
    assert acme("link PATH AO-1 BT-1 --strength Weak -q") == ""
    assert _link(acme, "AO-1", "BT-1")[1] == "weak"
    # Nothing new to say is still a refusal, and it says what to give.
    assert acme.fails("link PATH AO-1 BT-1 --strength weak") == (
        "AO-1 already supports BT-1 (weak); give another strength or rationale to change the link."
    )
    # A new link says it is new.
    assert acme("link PATH KPI-1 BT-1 --strength medium --rationale 'Days, not weeks'") == (
        "KPI-1 now measures BT-1 (medium), rationale “Days, not weeks”"
    )
    assert _link(acme, "KPI-1", "BT-1") == ("measures", "medium", "Days, not weeks")


def test_add_gives_its_links_a_strength_and_rationale(acme: Cli) -> None:
    assert (
        acme(
            "add PATH annual --unit CO --title 'On-time delivery 95 %' --supports BT-1 "
            "--strength medium --rationale 'Late orders wait'"
        )
        == "AO-2 added: annual “On-time delivery 95 %” in CO; supports BT-1 (medium)"
    )
    assert _link(acme, "AO-2", "BT-1") == ("supports", "medium", "Late orders wait")
    assert acme.fails("add PATH annual --unit CO --title X --strength strong") == (
        "--strength and --rationale are for --supports or --measures links."
    )
    assert acme.fails("add PATH annual --unit CO --title X --supports BT-1 --strength total") == (
        "Strength must be one of weak, medium, strong, not 'total'."
    )


def test_a_refused_link_says_what_the_kind_may_link_to(acme: Cli) -> None:
    # A priority and a breakthrough of one unit: not "can only be deployed below".
    assert acme.fails("add PATH priority --unit CO --title Kanban --supports BT-1") == (
        "IP-2 (priority) cannot be linked to BT-1 (breakthrough) of its own unit: an improvement "
        "priority (IP-…) supports an annual objective (AO-…), and deploys to a breakthrough "
        "objective (BT-…) of a unit below."
    )
    assert acme.fails("link PATH BT-1 AO-1") == (
        "BT-1 (breakthrough) cannot be linked to AO-1 (annual) by any kind of link: a "
        "breakthrough objective (BT-…) links to nothing itself: an annual objective (AO-…) "
        "supports it, a target (KPI-…) measures it, and an improvement priority (IP-…) of the "
        "unit above deploys to it. The other way round works: link AO-1 to BT-1."
    )
    assert acme.fails("link PATH KPI-1 AO-1 --kind supports") == (
        "KPI-1 (target) cannot support AO-1 (annual): a target (KPI-…) measures an improvement "
        "priority (IP-…) or a breakthrough objective (BT-…), and deploys to a target of a unit "
        "below."
    )
    acme("add PATH breakthrough --unit CO --title 'Zero defects' -q")
    assert acme.fails("link PATH IP-1 BT-2 --kind deploys") == (
        "IP-1 can only be deployed to a unit below its own; BT-2 is not in a unit below (an "
        "improvement priority (IP-…) supports an annual objective (AO-…), and deploys to a "
        "breakthrough objective (BT-…) of a unit below)."
    )


@pytest.mark.parametrize(
    "typed", ["in progress", "in-progress", "in_progress", "In-Progress", "IN  PROGRESS"]
)
def test_a_multi_word_value_is_read_however_its_words_are_joined(acme: Cli, typed: str) -> None:
    acme("add PATH kaizen --unit PLT --title Kanban --supports IP-1 --origin TOP_DOWN -q")
    acme("set PATH KZ-1 --status approved")
    assert acme(f"set PATH KZ-1 --status '{typed}'") == "KZ-1: status in progress"
    assert acme("set PATH KZ-1 --origin 'bottom up'") == "KZ-1: origin bottom-up"
    assert acme.fails("set PATH KZ-1 --status 'in progres'").startswith(
        "Status must be one of idea, approved, in progress, done"
    )


def test_an_option_value_may_start_with_a_dash(acme: Cli) -> None:
    assert (
        acme("add PATH target --unit CO --title -2+3 --goal -1e3 --baseline -5 --direction up")
        == "KPI-2 added: target “-2+3” in CO"
    )
    with Plan.open(acme.plan) as plan, plan.session() as s:
        row = s.execute(
            select(e.Node.title, e.Node.goal, e.Node.baseline).where(e.Node.code == "KPI-2")
        ).one()
    assert tuple(row) == ("-2+3", -1000.0, -5.0)
    assert acme("set PATH KPI-2 --goal -2.5e2 --description -") == (
        "KPI-2: description -, goal -250"
    )
    assert acme("set PATH KPI-2 --title=--odd") == "KPI-2: title “--odd”"
    # An option where a value belongs is still missing its value, as before.
    assert acme.fails("add PATH annual --unit CO --title --supports BT-1", exit_code=2) == (
        "argument --title: expected one argument (see 'hoshin add --help')"
    )


def test_the_help_of_add_and_set_says_values_may_start_with_a_dash(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from hoshin.cli.main import main

    for command in ("add", "set"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "--goal -1e3, --title -2+3" in " ".join(capsys.readouterr().out.split())


def test_every_edit_confirms_itself_and_quiet_prints_only_a_new_code(acme: Cli) -> None:
    assert acme("set PATH KPI-1 --aggregation LAST --owner Helen") == (
        "KPI-1: aggregation last, primary owner Helen"
    )
    assert acme("set PATH KPI-1 --due 2026-12-31 -q") == ""
    assert acme("unlink PATH KPI-1 IP-1 -q") == ""
    assert acme("link PATH KPI-1 IP-1 -q") == ""
    assert acme("add PATH kaizen --unit PLT --title Kanban --supports IP-1 --quiet") == "KZ-1"


def test_node_delete_names_what_goes_with_the_node_and_asks_for_yes(acme: Cli) -> None:
    acme("set PATH KPI-1 --owner Helen")
    acme("measure PATH KPI-1 --month 2026-01 --plan 29 --actual 28")
    acme("measure PATH KPI-1 --month 2026-02 --plan 28")
    acme("catchball throw PATH KPI-1 --to PLT --as Helen --value 25 -q")  # KPI-2 in PLT
    assert acme.fails("node delete PATH KPI-1") == (
        "Deleting KPI-1 also removes 2 links (measures IP-1, deploys to KPI-2); 1 owner (Helen); "
        "2 monthly figures; 1 catchball thread (1 message). Add --yes to delete it with them."
    )
    assert acme("node delete PATH KPI-1 --yes") == (
        "Deleted KPI-1 “Lead time”, with 2 links (measures IP-1, deploys to KPI-2); 1 owner "
        "(Helen); 2 monthly figures; 1 catchball thread (1 message)"
    )
    # A node with nothing attached goes without asking; a gone node is not found.
    acme("add PATH breakthrough --unit CO --title 'Zero defects' -q")
    assert acme("node delete PATH BT-2") == "Deleted BT-2 “Zero defects”"
    assert acme.fails("node delete PATH KPI-1") == "No node KPI-1 in this plan."
    with Plan.open(acme.plan) as plan, plan.session() as s:
        assert "KPI-1" not in plan.graph and "KPI-2" in plan.graph
        assert not s.execute(select(e.Measurement.id)).all()
        assert not s.execute(select(e.CatchballThread.id)).all()
    # The audit log keeps what went, in words.
    audit = acme("audit PATH --limit 12")
    assert "    KPI-1 “Lead time” deleted" in audit.splitlines()
    assert "    KPI-1 (deleted) no longer measures IP-1" in audit.splitlines()


def test_catchball_confirms_each_step_and_refuses_in_plain_grammar(acme: Cli) -> None:
    assert acme("catchball throw PATH KPI-1 --to PLT --as Helen --value 25") == (
        "Thread 1: KPI-1 → PLT as KPI-2, proposed, round 1, waiting for PLT — Helen threw 25"
    )
    assert acme("catchball reply PATH 1 --kind agree --as Gareth") == (
        "Thread 1: KPI-1 → PLT as KPI-2, agreed, round 1, waiting for CO — Gareth agreed"
    )
    assert acme.fails("catchball reply PATH 1 --kind agree --as Gareth") == (
        "An agreed thread cannot take an agree; it may take: comment, question, lock."
    )
    assert acme("catchball lock PATH 1 --as Helen") == (
        "Thread 1: KPI-1 → PLT as KPI-2, locked at 25 — Helen locked"
    )
