"""``hoshin problem …``: raise at a huddle, escalate, send back, solve, list and show."""

from __future__ import annotations

import json

import pytest

from tests.hoshin.clitools import Cli


@pytest.fixture
def huddle(acme: Cli) -> Cli:
    """Problem 1 raised by Helen at PLT, owned by Gareth, due 2026-12-20."""
    acme("problem raise PATH --unit PLT --what 'Pallets block the aisle' --owner Gareth "
         "--due 2026-12-20 --on 2026-12-01 -q")  # fmt: skip
    return acme


def test_raise_escalate_return_and_solve_say_where_it_is(huddle: Cli) -> None:
    assert huddle("problem start PATH 1") == (
        "Problem in progress: #1 Pallets block the aisle — in progress at PLT (tier 1), "
        "owner Gareth, due 2026-12-20"
    )
    assert "open at CO (tier 2)" in huddle("problem escalate PATH 1 --note 'Needs racking'")
    assert "open at PLT (tier 1)" in huddle("problem return PATH 1 --answer 'Use bay 4'")
    assert "solved at PLT (tier 1)" in huddle("problem solve PATH 1 --answer 'Moved to bay 4'")
    shown = json.loads(huddle("problem show PATH 1 --json"))
    assert shown["escalations"] == 1
    assert [(s["kind"], s["by"], s["from"], s["to"]) for s in shown["steps"]] == [
        ("raised", "Helen", None, "PLT"),
        ("started", "Helen", None, "PLT"),
        ("escalated", "Helen", "PLT", "CO"),
        ("returned", "Helen", "CO", "PLT"),
        ("solved", "Helen", None, "PLT"),
    ]
    assert [(t["unit"], t["tier"], t["ended"]) for t in shown["tiers"]] == [
        ("PLT", 1, "escalated"),
        ("CO", 2, "returned"),
        ("PLT", 1, "solved"),
    ]


def test_list_json_and_overdue(huddle: Cli) -> None:
    listed = json.loads(huddle("problem list PATH --unit PLT --as-of 2026-12-21 --json"))
    assert [(p["id"], p["owner"], p["overdue"]) for p in listed] == [(1, "Gareth", True)]
    assert huddle("problem list PATH --unit CO") == "No problems."
    assert "OVERDUE" in huddle("problem list PATH --as-of 2026-12-21")


def test_a_solved_problem_becomes_a_kaizen(huddle: Cli) -> None:
    huddle("problem solve PATH 1 --answer 'Marked lanes' --on 2026-12-02")
    assert huddle("problem kaizen PATH 1 -q") == "KZ-1"
    assert json.loads(huddle("problem show PATH 1 --json"))["kaizen"] == "KZ-1"


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ("problem raise PATH --unit XX --what a", "No unit XX in this plan."),
        ("problem raise PATH --unit PLT --what ' '", "The problem cannot be empty."),
        ("problem raise PATH --unit PLT --what a --due 2026-02-30", "not '2026-02-30'"),
        ("problem escalate PATH 9", "No problem 9 in this plan."),
        ("problem return PATH 1 --answer x", "raised at PLT: there is no tier below"),
        ("problem kaizen PATH 1", "Problem 1 is not solved yet"),
        ("problem countermeasure PATH 1 --month 2026-11", "not solved yet"),
        ("problem reopen PATH 1", "Problem 1 is not solved"),
        (
            "problem edit PATH 1 --due 2026-11-30",
            "The due date (2026-11-30) is before the day it was raised (2026-12-01).",
        ),
    ],
)
def test_bad_input_is_one_line_and_the_plan_unchanged(
    huddle: Cli, command: str, words: str
) -> None:
    assert words in huddle.fails(command)
