"""Problems of daily management on a shared plan: the database holds each login to the
core's rules in plain SQL. A member of the unit that holds a problem raises and works on it;
moving it a tier needs a manager of the lower unit; a step of the history is its author's."""

from __future__ import annotations

import psycopg
import pytest

from hoshin.operations.problems import EscalateProblem, RaiseProblem, SolveProblem, StartProblem
from hoshin.plan import Plan
from hoshin.reads.problems import problem_path
from tests.hoshin.shared.test_shared_plan_attacks import _as_login, _connect, _refused, _unchanged
from tests.hoshin.shared.test_shared_plan_attacks import shared as shared

ME = "hoshin_person(current_user)"
UNIT = "(SELECT id FROM units WHERE code = '{}')"


def _insert(conn: psycopg.Connection, unit: str, by: str = ME) -> int:
    row = conn.execute(
        "INSERT INTO problems (id, version, title, detail, unit_id, raised_unit_id, tier, status,"
        f" raised_by_id, raised_on, answer) VALUES ((hoshin_next_ids('problems', 1))[1], 1, 'x',"
        f" '', {UNIT.format(unit)}, {UNIT.format(unit)}, 1, 'open', {by}, current_date, '')"
        " RETURNING id"
    ).fetchone()
    assert row is not None
    return int(row[0])


def _move(conn: psycopg.Connection, problem: int, unit: str, tier: int) -> int:
    return conn.execute(
        f"UPDATE problems SET unit_id = {UNIT.format(unit)}, tier = %s, version = version + 1"
        " WHERE id = %s",
        (tier, problem),
    ).rowcount


def _step(conn: psycopg.Connection, problem: int, by: str) -> None:
    conn.execute(
        "INSERT INTO problem_steps (id, problem_id, kind, at, by_id, note) VALUES "
        f"((hoshin_next_ids('problem_steps', 1))[1], %s, 'started', now(), {by}, '')",
        (problem,),
    )


def test_a_member_raises_and_works_on_problems_of_their_unit_only(shared: str) -> None:
    with _connect(shared, "aisha") as conn:
        mine = _insert(conn, "T-AS")
        with conn.transaction():  # a step comes with the change of the problem it records
            done = conn.execute("UPDATE problems SET status = 'in progress' WHERE id = %s", (mine,))
            assert done.rowcount == 1
            _step(conn, mine, ME)
    with _unchanged(shared), _connect(shared, "aisha") as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _insert(conn, "PLT")  # a unit above her own
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _step(conn, mine, "(SELECT id FROM people WHERE login = 'kenji')")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE problem_steps SET note = 'rewritten'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _move(conn, mine, "PLT", 2)  # escalating is a manager's
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                f"UPDATE problems SET raised_unit_id = {UNIT.format('PLT')} WHERE id = %s", (mine,)
            )
    with _unchanged(shared), _connect(shared, "gareth") as conn:  # a login with no role
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _insert(conn, "T-AS")
        _refused(conn, "UPDATE problems SET status = 'solved'")
        _refused(conn, "DELETE FROM problems")
        _refused(conn, "DELETE FROM problem_steps")


def test_a_manager_moves_a_problem_one_tier_and_the_member_no_longer_holds_it(
    shared: str,
) -> None:
    with _connect(shared, "aisha") as conn:
        problem = _insert(conn, "T-AS")
    with _connect(shared, "kenji") as conn:  # manager of OPS, so of PLT and T-AS
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _move(conn, problem, "OPS", 3)  # two tiers at once
        assert _move(conn, problem, "PLT", 2) == 1
    with _unchanged(shared), _connect(shared, "aisha") as conn:
        _refused(conn, f"UPDATE problems SET status = 'solved' WHERE id = {problem}")
    with _connect(shared, "kenji") as conn:
        assert _move(conn, problem, "T-AS", 1) == 1  # sent back down


def test_through_hoshin_each_login_does_what_its_role_allows(shared: str) -> None:
    with Plan.open(_as_login(shared, "aisha")) as aisha:
        problem = aisha.execute(RaiseProblem("Torque tool out of calibration", "T-AS")).result
        aisha.execute(StartProblem(problem))
    with Plan.open(_as_login(shared, "kenji")) as kenji:
        up = kenji.execute(EscalateProblem(problem, "Calibration lab is Quality's"))
        kenji.execute(up.inverse)  # undone by the manager who escalated it
        kenji.execute(EscalateProblem(problem, "Calibration lab is Quality's"))
        kenji.execute(SolveProblem(problem, "Lab slot booked for Monday"))
        with kenji.session() as s:
            path = problem_path(s, problem)
    assert [(st.kind, st.by, st.to_unit) for st in path.steps] == [
        ("raised", "Aisha Bello", "T-AS"),
        ("started", "Aisha Bello", "T-AS"),
        ("escalated", "Kenji Watanabe", "PLT"),
        ("solved", "Kenji Watanabe", "PLT"),
    ]
