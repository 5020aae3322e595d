"""Catchball: the worked example of the issue, end to end, and every refusal."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from hoshin.catchball import queries
from hoshin.catchball.operations import Lock, Reply, Throw
from hoshin.cli.main import main
from hoshin.model import entities as e
from hoshin.model.errors import TransitionError, ValidationError
from hoshin.model.kinds import NodeKind
from hoshin.operations import AddNode, AddPerson, AddUnit, UpdateNode
from hoshin.plan import Plan
from hoshin.reads.checkup import check_report
from tests.hoshin.dump import dump

T0 = dt.datetime(2026, 1, 5, 9, 0)


def _clock(plan: Plan) -> list[dt.datetime]:
    """A clock that moves a day per edit, so days to agreement are known."""
    now = [T0]

    def tick() -> dt.datetime:
        now[0] += dt.timedelta(hours=6)
        return now[0]

    plan.clock = tick
    return now


@pytest.fixture
def plan(tmp_path: Path) -> Plan:
    """A company and its plant, with the company's lead-time target."""
    plan = Plan.create(tmp_path / "cb.hoshin", "Acme")
    _clock(plan)
    for op in (
        AddUnit("Plant Leeds", "CO", function="Operations", code="PLT"),
        AddUnit("Sales", "CO", function="Sales", code="SAL"),
        AddPerson("Helen Ward", "CO"),  # P-1, company
        AddPerson("Gareth Evans", "PLT"),  # P-2, plant
        AddPerson("Ana Costa", "SAL"),  # P-3, a stranger to this thread
        AddNode(
            NodeKind.TARGET, "CO", "Lead time",
            {"unit_of_measure": "%", "direction": "down", "baseline": 0, "goal": -20},
        ),
    ):  # fmt: skip
        plan.execute(op)
    return plan


def _goal(plan: Plan, code: str) -> tuple[float | None, float | None]:
    with plan.session() as s:
        node = s.get(e.Node, plan.graph.id_of(code))
        assert node is not None
        return node.goal, node.committed_goal


def test_the_worked_example(plan: Plan) -> None:
    thread = plan.execute(Throw("KPI-1", "PLT", "Helen Ward", -20, "Lead time -20 %")).result
    assert _goal(plan, "KPI-2") == (-20, None)  # the plant's own target, deployed
    assert [plan.graph.code(i) for i in plan.graph.deployed_to(plan.graph.id_of("KPI-1"))] == [
        "KPI-2"
    ]
    plant, company = "Gareth Evans", "Helen Ward"
    plan.execute(Reply(thread, "counter", plant, -15, "-15 % without capital spend"))
    plan.execute(Reply(thread, "counter", company, -19, "Can you reach -19 %?"))
    plan.execute(Reply(thread, "counter", plant, -16, "-16 % at most without capital"))
    plan.execute(Reply(thread, "question", company, text="What would capital buy you?"))
    plan.execute(Reply(thread, "counter", company, -18.5))
    plan.execute(
        Reply(thread, "proposal", plant, -18, "-18 % with capital approval", resources="capital")
    )
    with plan.session() as s:
        summary, messages = queries.thread(s, thread)
    assert summary.round == 3
    assert summary.waiting_unit == "CO"
    assert [m["direction"] for m in messages] == ["down", "up", "down", "up", "down", "down", "up"]

    plan.execute(Reply(thread, "agree", company))
    assert _goal(plan, "KPI-2") == (-18, None)
    plan.execute(Lock(thread, company))
    assert _goal(plan, "KPI-2") == (-18, -18)  # frozen as the baseline commitment

    plan.execute(UpdateNode("KPI-1", {"goal": -25}))
    with plan.session() as s:
        summary, messages = queries.thread(s, thread)
    assert summary.state == "in discussion"
    assert summary.waiting_unit == "CO"
    last = messages[-1]
    assert last["kind"] == "reopen" and last["author"] is None
    assert "changed the goal of KPI-1 from -20 to -25 %" in last["text"]
    assert "agreement of -18 %" in last["text"]


def test_agreement_comes_from_the_side_that_received_the_offer(plan: Plan) -> None:
    thread = plan.execute(Throw("KPI-1", "PLT", "Helen Ward", -20)).result
    with pytest.raises(TransitionError, match="your own side's"):
        plan.execute(Reply(thread, "agree", "Helen Ward"))
    plan.execute(Reply(thread, "agree", "Gareth Evans"))
    assert _goal(plan, "KPI-2") == (-20, None)


def test_a_stranger_may_comment_but_not_agree(plan: Plan) -> None:
    thread = plan.execute(Throw("KPI-1", "PLT", "Helen Ward", -20)).result
    before = dump(plan)
    with pytest.raises(TransitionError, match="Only people of Acme and Plant Leeds may agree"):
        plan.execute(Reply(thread, "agree", "Ana Costa"))
    assert dump(plan) == before
    plan.execute(Reply(thread, "comment", "Ana Costa", text="Sales would love -20 %"))
    with plan.session() as s:
        assert queries.thread(s, thread)[0].state == "proposed"  # a comment moves nothing


@pytest.mark.parametrize(
    ("moves", "bad", "words"),
    [
        ([], Reply(1, "lock", "Helen Ward"), "cannot take a lock"),
        ([], Reply(1, "withdraw", "Gareth Evans"), "Only the unit above"),
        ([Reply(1, "agree", "Gareth Evans")], Reply(1, "counter", "Gareth Evans", -1), "agreed"),
        ([], Lock(1, "Helen Ward"), "proposed thread cannot take a lock"),
        ([Reply(1, "reject", "Gareth Evans")], Reply(1, "agree", "Gareth Evans"), "no offer"),
        ([], Reply(1, "proposal", "Gareth Evans"), "needs a value"),
    ],
)
def test_illegal_moves_are_refused_with_the_allowed_ones(
    plan: Plan, moves: list[Reply], bad: Reply | Lock, words: str
) -> None:
    plan.execute(Throw("KPI-1", "PLT", "Helen Ward", -20))
    for move in moves:
        plan.execute(move)
    before = dump(plan)
    with pytest.raises((TransitionError, ValidationError), match=words):
        plan.execute(bad)
    assert dump(plan) == before


def test_a_withdrawal_is_recorded_and_ends_the_thread(plan: Plan) -> None:
    thread = plan.execute(Throw("KPI-1", "PLT", "Helen Ward", -20)).result
    plan.execute(Reply(thread, "withdraw", "Helen Ward", text="Superseded by the new plan"))
    with plan.session() as s:
        summary, messages = queries.thread(s, thread)
    assert (summary.state, summary.waiting_unit) == ("withdrawn", None)
    assert messages[-1]["kind"] == "withdraw"
    with pytest.raises(TransitionError, match="withdrawn thread cannot take a proposal"):
        plan.execute(Reply(thread, "proposal", "Helen Ward", -10))
    # A new throw may start once the old one is withdrawn.
    assert plan.execute(Throw("KPI-1", "PLT", "Helen Ward", -10)).result == thread + 1


def test_throwing_needs_adjacent_levels_and_the_owning_unit(plan: Plan) -> None:
    plan.execute(AddUnit("Line 2", "PLT", code="L2"))
    with pytest.raises(ValidationError, match="not directly below"):
        plan.execute(Throw("KPI-1", "L2", "Helen Ward", -20))
    with pytest.raises(ValidationError, match="not in the unit that owns"):
        plan.execute(Throw("KPI-1", "PLT", "Gareth Evans", -20))
    plan.execute(Throw("KPI-1", "PLT", "Helen Ward", -20))
    with pytest.raises(ValidationError, match="in catchball with PLT already"):
        plan.execute(Throw("KPI-1", "PLT", "Helen Ward", -20))


def test_undo_of_an_agreement_restores_the_goal(plan: Plan) -> None:
    thread = plan.execute(Throw("KPI-1", "PLT", "Helen Ward", -20)).result
    plan.execute(Reply(thread, "counter", "Gareth Evans", -15))
    before = dump(plan)
    applied = plan.execute(Reply(thread, "agree", "Helen Ward"))
    assert _goal(plan, "KPI-2") == (-15, None)
    plan.execute(applied.inverse)
    assert dump(plan) == before


def test_inbox_and_health(plan: Plan) -> None:
    thread = plan.execute(Throw("KPI-1", "PLT", "Helen Ward", -20)).result
    with plan.session() as s:
        plant = s.query(e.Person.id).filter_by(name="Gareth Evans").scalar()
        company = s.query(e.Person.id).filter_by(name="Helen Ward").scalar()
        assert [t.id for t in queries.list_threads(s, waiting_for=plant)] == [thread]
        assert queries.list_threads(s, waiting_for=company) == []
    plan.execute(Reply(thread, "counter", "Gareth Evans", -15))
    plan.execute(Reply(thread, "agree", "Helen Ward"))
    cb = check_report(plan, as_of=dt.date(2026, 1, 10))["health"]["catchball"]
    assert cb["open"] == 0 and cb["threads"] == 1
    assert cb["median_rounds_to_agreement"] == 1
    assert cb["median_days_to_agreement"] == 0.5  # thrown, countered, agreed: 12 hours


def test_the_worked_example_through_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cli.hoshin"
    Plan.create(path, "Acme").close()

    def hoshin(*args: str) -> str:
        code = main([a.replace("PATH", str(path)) for a in args])
        out, err = capsys.readouterr()
        assert code == 0, err
        return out.strip()

    hoshin("unit", "add", "PATH", "--name", "Plant", "--parent", "CO", "--code", "PLT")
    hoshin("person", "add", "PATH", "--name", "Helen", "--unit", "CO")
    hoshin("person", "add", "PATH", "--name", "Gareth", "--unit", "PLT")
    hoshin("add", "PATH", "target", "--unit", "CO", "--title", "Lead time", "--unit-of-measure",
           "%", "--direction", "down", "--baseline", "0", "--goal", "-20")  # fmt: skip
    thread = hoshin("catchball", "throw", "PATH", "KPI-1", "--to", "PLT", "--as", "Helen",
                    "--value", "-20", "--message", "Lead time -20 %")  # fmt: skip
    assert thread == (
        "Thread 1: KPI-1 → PLT as KPI-2, proposed, round 1, waiting for PLT — Helen threw -20"
    )
    assert "waiting for PLT" in hoshin("catchball", "list", "PATH", "--unit", "PLT")
    replies = [
        ("counter", "Gareth", "-15", "without capital spend"),
        ("counter", "Helen", "-19", ""),
        ("counter", "Gareth", "-16", ""),
        ("counter", "Helen", "-18.5", ""),
        ("proposal", "Gareth", "-18", "with capital approval"),
    ]
    for kind, who, value, text in replies:
        hoshin("catchball", "reply", "PATH", "1", "--kind", kind, "--as", who, "--value", value,
               "--message", text)  # fmt: skip
    listed = json.loads(hoshin("catchball", "list", "PATH", "--waiting-for", "Helen", "--json"))
    assert [(t["id"], t["round"]) for t in listed] == [(1, 3)]
    hoshin("catchball", "reply", "PATH", "1", "--kind", "agree", "--as", "Helen")
    assert "goal: -18" in hoshin("show", "PATH", "KPI-2")
    locked = hoshin("catchball", "lock", "PATH", "1", "--as", "Helen")
    assert locked == "Thread 1: KPI-1 → PLT as KPI-2, locked at -18 — Helen locked"
    assert hoshin("catchball", "reply", "PATH", "1", "--kind", "comment", "--as", "Gareth",
                  "--message", "Thanks", "-q") == ""  # fmt: skip
    hoshin("set", "PATH", "KPI-1", "--goal", "-25")
    shown = hoshin("catchball", "show", "PATH", "1")
    assert "State: in discussion" in shown
    assert "changed the goal of KPI-1 from -20 to -25 %" in shown
    code = main(["catchball", "reply", str(path), "1", "--kind", "agree", "--as", "Nobody"])
    assert code == 1 and "No person Nobody" in capsys.readouterr().err


def _waiting(plan: Plan, thread: int) -> str | None:
    with plan.session() as s:
        return queries.thread(s, thread)[0].waiting_unit


def _inbox(plan: Plan, name: str) -> list[int]:
    with plan.session() as s:
        person = s.query(e.Person.id).filter_by(name=name).scalar()
        return [t.id for t in queries.list_threads(s, waiting_for=person)]


def test_a_question_waits_for_the_side_it_is_addressed_to(plan: Plan) -> None:
    thread = plan.execute(Throw("KPI-1", "PLT", "Helen Ward", -20)).result
    assert _waiting(plan, thread) == "PLT"
    # A comment from the plant is addressed to the company: the company sees it waiting.
    plan.execute(Reply(thread, "comment", "Gareth Evans", text="-20 % needs capital"))
    assert _waiting(plan, thread) == "CO"
    assert _inbox(plan, "Helen Ward") == [thread] and _inbox(plan, "Gareth Evans") == []
    plan.execute(Reply(thread, "comment", "Ana Costa", text="Sales would love -20 %"))
    assert _waiting(plan, thread) == "CO"  # a stranger's word moves nothing
    # The company answers: the plant owes the answer to the throw again.
    plan.execute(Reply(thread, "comment", "Helen Ward", text="Up to 50k"))
    assert _waiting(plan, thread) == "PLT"
    assert _inbox(plan, "Helen Ward") == [] and _inbox(plan, "Gareth Evans") == [thread]
    # A question after the answer waits for the company again, and its answer hands it back.
    plan.execute(Reply(thread, "question", "Gareth Evans", text="Opex or capex?"))
    assert _waiting(plan, thread) == "CO"
    plan.execute(Reply(thread, "comment", "Helen Ward", text="Capex"))
    assert _waiting(plan, thread) == "PLT"
    # The plant counters: the company owes the answer to the counter.
    plan.execute(Reply(thread, "counter", "Gareth Evans", -15))
    assert _waiting(plan, thread) == "CO"
    # A question from above waits for the plant; its answer hands the counter back.
    plan.execute(Reply(thread, "question", "Helen Ward", text="Why -15?"))
    assert _waiting(plan, thread) == "PLT"
    assert _inbox(plan, "Gareth Evans") == [thread]
    plan.execute(Reply(thread, "comment", "Gareth Evans", text="No capital"))
    assert _waiting(plan, thread) == "CO"


def test_after_the_lock_only_a_question_waits(plan: Plan) -> None:
    thread = plan.execute(Throw("KPI-1", "PLT", "Helen Ward", -20)).result
    plan.execute(Reply(thread, "agree", "Gareth Evans"))
    plan.execute(Lock(thread, "Helen Ward"))
    plan.execute(Reply(thread, "comment", "Gareth Evans", text="Thanks"))
    assert _waiting(plan, thread) is None
    plan.execute(Reply(thread, "question", "Gareth Evans", text="Monthly or weekly figures?"))
    assert _waiting(plan, thread) == "CO"
    plan.execute(Reply(thread, "comment", "Helen Ward", text="Monthly"))
    assert _waiting(plan, thread) is None


@pytest.mark.parametrize(
    ("moves", "bad", "words"),
    [
        (
            [Reply(1, "agree", "Gareth Evans")],
            Reply(1, "agree", "Gareth Evans"),
            "An agreed thread cannot take an agree; it may take: comment, question, lock.",
        ),
        (
            [Reply(1, "counter", "Gareth Evans", -15)],
            Lock(1, "Helen Ward"),
            "A countered thread cannot take a lock;",
        ),
        (
            [Reply(1, "reject", "Gareth Evans")],
            Lock(1, "Helen Ward"),
            "An in discussion thread cannot take a lock;",
        ),
        ([], Reply(1, "reopen", "Helen Ward"), "A reopen is not a reply"),
    ],
)
def test_refusals_speak_english(
    plan: Plan, moves: list[Reply], bad: Reply | Lock, words: str
) -> None:
    plan.execute(Throw("KPI-1", "PLT", "Helen Ward", -20))
    for move in moves:
        plan.execute(move)
    with pytest.raises((TransitionError, ValidationError)) as refused:
        plan.execute(bad)
    assert str(refused.value).startswith(words)


def test_owners_and_catchball_refusals_name_the_kind_with_its_article(plan: Plan) -> None:
    plan.execute(AddNode(NodeKind.BREAKTHROUGH, "CO", "Halve lead time"))
    plan.execute(AddNode(NodeKind.ANNUAL, "CO", "Lead time -20 %"))
    with pytest.raises(ValidationError, match="AO-1 is an annual"):
        plan.execute(Throw("AO-1", "PLT", "Helen Ward"))
