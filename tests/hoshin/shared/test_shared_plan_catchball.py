"""Catchball's order in plain SQL (issue 16, the known limit "which offer an agreement
answers" closed): the database follows hoshin/catchball/rules.py for every message a
login writes, and the two agree case by case."""

from __future__ import annotations

import itertools
from typing import Any

import psycopg
import pytest

from hoshin.catchball.operations import Lock, Reply, Throw
from hoshin.catchball.rules import Kind, Said, Side, State, check, next_state
from hoshin.model.errors import TransitionError
from hoshin.plan import Plan
from tests.hoshin.shared.test_shared_plan_attacks import _as_login, _connect, _unchanged, shared

__all__ = ["shared"]  # the fixture, shared with the attacks

ME = "hoshin_person(current_user)"


def _throw(url: str) -> int:
    """KPI-2 thrown by Helen (Company) to Operations at 22: round 1, proposed."""
    with Plan.open(url) as owner:
        owner.actor = "Helen Ward"
        return int(owner.execute(Throw("KPI-2", "OPS", "Helen Ward", 22, "22 days")).result)


def _reply(url: str, login: str, person: str, thread: int, kind: str, value: Any = None) -> None:
    """A move through Hoshin, as the person's own login."""
    with Plan.open(_as_login(url, login)) as plan:
        plan.execute(Reply(thread, kind, person, value, "As we said"))


def _say(
    conn: psycopg.Connection,
    thread: int,
    kind: str,
    state: str,
    direction: str | None,
    value: float | None = None,
    round_: int = 1,
    author: str = ME,
    message: str = "(hoshin_next_ids('catchball_messages', 1))[1]",
) -> None:
    conn.execute(
        "INSERT INTO catchball_messages (id, thread_id, author_id, kind, text, round, state, "
        f"direction, value, resources, created_at) VALUES ({message}, %s, {author}, %s, 'x', "
        "%s, %s, %s, %s, '', now())",
        (thread, kind, round_, state, direction, value),
    )


def _move(conn: psycopg.Connection, thread: int, state: str, **more: Any) -> None:
    sets = ", ".join(f"{k} = %s" for k in more)
    conn.execute(
        f"UPDATE catchball_threads SET state = %s, version = version + 1{', ' if sets else ''}"
        f"{sets} WHERE id = %s",
        (state, *more.values(), thread),
    )


def _refused_at_commit(url: str, login: str, *statements: Any) -> None:
    """The moves, in one transaction, are refused (now or at commit) and change nothing."""
    with (
        _unchanged(url),
        _connect(url, login) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
        conn.transaction(),
    ):
        for statement in statements:
            statement(conn)


# -- the rules, case by case ------------------------------------------------------------------


def test_defect_6_the_databases_rules_are_the_cores_case_by_case(shared: str) -> None:
    """Every state, kind of reply, side of its author and side of the standing offer: the
    database refuses exactly what rules.check refuses, and moves to rules.next_state."""
    kinds = [k for k in Kind if k not in (Kind.THROW, Kind.REOPEN)]  # not replies
    sides = [Side.UPPER, Side.LOWER, Side.OUTSIDE]
    disagreements = []
    cases = 0
    with _connect(shared, "gareth") as conn:
        for state, kind, side, offer in itertools.product(State, kinds, sides, [None, *sides[:2]]):
            history = [] if offer is None else [Said(Kind.PROPOSAL, offer)]
            try:
                check(state, kind, side, history, "above", "below")
                core = None
            except TransitionError as exc:
                core = str(exc)
            row = conn.execute(
                "SELECT hoshin_cb_refusal(%s, %s, %s, %s), hoshin_cb_next_state(%s, %s, %s)",
                (state.value, kind.value, side.value, offer and offer.value,
                 state.value, kind.value, side.value),
            ).fetchone()  # fmt: skip
            assert row is not None
            refusal, moved = row
            cases += 1
            if (core is None) != (refusal is None):
                disagreements.append(f"{state} {kind} from {side}, offer {offer}: core {core!r}, "
                                     f"database {refusal!r}")  # fmt: skip
            if moved != next_state(state, kind, side).value:
                disagreements.append(f"{state} {kind} from {side}: next {moved}")
    assert cases == len(State) * len(kinds) * 3 * 3
    assert disagreements == []


# -- attacks -----------------------------------------------------------------------------------


def test_defect_6_nobody_agrees_to_their_own_sides_offer(shared: str) -> None:
    thread = _throw(shared)
    _reply(shared, "kenji", "Kenji Watanabe", thread, "counter", 23)  # Operations' offer
    agree = lambda c: _say(c, thread, "agree", "agreed", "up")  # noqa: E731
    _refused_at_commit(
        shared,
        "kenji",
        lambda c: _move(c, thread, "agreed", agreed_value=23, agreed_at="2026-06-15"),
        agree,
    )
    _refused_at_commit(shared, "kenji", lambda c: _move(c, thread, "countered"),
                       lambda c: _say(c, thread, "counter", "countered", "up", 24))  # fmt: skip
    _refused_at_commit(shared, "kenji", lambda c: _move(c, thread, "in discussion"),
                       lambda c: _say(c, thread, "reject", "in discussion", "up"))  # fmt: skip


def test_defect_6_an_agreement_holds_the_value_of_the_offer_it_answers(shared: str) -> None:
    thread = _throw(shared)
    _reply(shared, "kenji", "Kenji Watanabe", thread, "counter", 23)
    # Helen agrees to Operations' 23, but writes 22 (her own throw) into the thread.
    _refused_at_commit(
        shared,
        "helen",
        lambda c: _move(c, thread, "agreed", agreed_value=22, agreed_at="2026-06-15"),
        lambda c: _say(c, thread, "agree", "agreed", "down"),
    )
    # The allowed path in plain SQL: the value of the offer answered.
    with _connect(shared, "helen") as conn, conn.transaction():
        _move(conn, thread, "agreed", agreed_value=23, agreed_at="2026-06-15")
        _say(conn, thread, "agree", "agreed", "down")
    with _connect(shared) as admin:
        row = admin.execute(
            "SELECT state, agreed_value FROM catchball_threads WHERE id = %s", (thread,)
        ).fetchone()
    assert row == ("agreed", 23)


def test_defect_6_no_answer_without_an_offer_on_the_table(shared: str) -> None:
    thread = _throw(shared)
    _reply(shared, "kenji", "Kenji Watanabe", thread, "reject")  # the throw, answered
    for kind, state in (("agree", "agreed"), ("counter", "countered"), ("reject", "in discussion")):
        _refused_at_commit(shared, "helen", lambda c, s=state: _move(c, thread, s),
                           lambda c, k=kind, s=state: _say(c, thread, k, s, "down"))  # fmt: skip


def test_defect_6_a_thread_is_what_its_messages_say(shared: str) -> None:
    with _connect(shared, "kenji") as conn:  # an id handed out, left unused: before the throw
        early = conn.execute("SELECT (hoshin_next_ids('catchball_messages', 1))[1]").fetchone()
    assert early is not None
    thread = _throw(shared)
    for login, statements in (
        ("kenji", [lambda c: _move(c, thread, "agreed", agreed_value=22)]),  # no message
        ("kenji", [lambda c: _say(c, thread, "comment", "agreed", "up")]),  # a comment agreeing
        ("kenji", [lambda c: _move(c, thread, "countered"),  # the wrong direction
                   lambda c: _say(c, thread, "counter", "countered", "down", 23)]),
        ("kenji", [lambda c: _move(c, thread, "countered", round=5),  # the wrong round
                   lambda c: _say(c, thread, "counter", "countered", "up", 23, round_=5)]),
        ("helen", [lambda c: _say(c, thread, "throw", "proposed", "down", 21)]),  # a 2nd throw
        ("helen", [lambda c: _move(c, thread, "in discussion"),  # a reopen of nothing agreed
                   lambda c: _say(c, thread, "reopen", "in discussion", None, author="NULL")]),
        ("kenji", [lambda c: _move(c, thread, "withdrawn"),  # only the unit above withdraws
                   lambda c: _say(c, thread, "withdraw", "withdrawn", "up")]),
        ("kenji", [lambda c: _move(c, thread, "countered"),  # before the throw, in the past
                   lambda c: _say(c, thread, "counter", "countered", "up", 23,
                                  message=str(early[0]))]),
    ):  # fmt: skip
        _refused_at_commit(shared, login, *statements)


def test_defect_6_a_message_is_taken_back_only_as_its_threads_last(shared: str) -> None:
    thread = _throw(shared)
    _reply(shared, "kenji", "Kenji Watanabe", thread, "counter", 23)
    _reply(shared, "helen", "Helen Ward", thread, "agree")
    _refused_at_commit(
        shared,
        "kenji",
        lambda c: c.execute(
            "DELETE FROM catchball_messages WHERE thread_id = %s AND kind = 'counter'", (thread,)
        ),
    )


def test_defect_6_plain_sql_that_follows_the_rules_goes_through(shared: str) -> None:
    thread = _throw(shared)
    with _connect(shared, "kenji") as conn, conn.transaction():  # Operations counters
        _move(conn, thread, "countered", waiting="upper")
        _say(conn, thread, "counter", "countered", "up", 23)
    with _connect(shared, "helen") as conn, conn.transaction():  # the next round, from above
        _move(conn, thread, "in discussion", round=2, waiting="lower")
        _say(conn, thread, "proposal", "in discussion", "down", 22.5, round_=2)
    _reply(shared, "kenji", "Kenji Watanabe", thread, "agree")  # through Hoshin, after SQL
    with _connect(shared) as admin:
        row = admin.execute(
            "SELECT state, round, agreed_value FROM catchball_threads WHERE id = %s", (thread,)
        ).fetchone()
    assert row == ("agreed", 2, 22.5)


def test_defect_6_only_the_unit_above_commits_a_goal(shared: str) -> None:
    """A lower manager does not write the committed goal a lock freezes (the deployment
    gap reads it) into the target below; the lock, by the unit above, still does."""
    thread = _throw(shared)
    _reply(shared, "kenji", "Kenji Watanabe", thread, "agree")
    with _connect(shared) as admin:
        child = admin.execute(
            "SELECT child_node_id FROM catchball_threads WHERE id = %s", (thread,)
        ).fetchone()
    assert child is not None
    _refused_at_commit(
        shared,
        "kenji",
        lambda c: c.execute("UPDATE nodes SET committed_goal = 30 WHERE id = %s", child),
    )
    with Plan.open(_as_login(shared, "helen")) as helen:
        helen.execute(Lock(thread, "Helen Ward"))
    with _connect(shared) as admin:
        row = admin.execute("SELECT committed_goal FROM nodes WHERE id = %s", child).fetchone()
    assert row == (22,)


def test_defect_6_an_agreement_reopens_only_with_a_new_goal_above(shared: str) -> None:
    """Helen may change KPI-2's goal, so she may write Hoshin's "reopened" note: but only
    in the edit that changes that goal, as Hoshin does."""
    thread = _throw(shared)
    _reply(shared, "kenji", "Kenji Watanabe", thread, "agree")
    reopen = [
        lambda c: _move(c, thread, "in discussion", waiting="upper"),
        lambda c: _say(c, thread, "reopen", "in discussion", None, author="NULL"),
    ]
    _refused_at_commit(shared, "helen", *reopen)
    with _connect(shared, "helen") as conn, conn.transaction():  # allowed: with a new goal
        conn.execute("UPDATE nodes SET goal = 20, version = version + 1 WHERE code = 'KPI-2'")
        for statement in reopen:
            statement(conn)
    with _connect(shared) as admin:
        row = admin.execute("SELECT state FROM catchball_threads WHERE id = %s", (thread,))
        assert row.fetchone() == ("in discussion",)
