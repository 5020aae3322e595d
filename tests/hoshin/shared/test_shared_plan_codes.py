"""Ids and codes on a shared plan (issue 16, the denial of service through the allocation
lock closed): handed out without a lock a login could hold, and still dense."""

from __future__ import annotations

import psycopg
import pytest

from hoshin.model.kinds import NodeKind
from hoshin.operations import AddNode
from hoshin.plan import Plan
from hoshin.store import storage
from tests.hoshin.shared.test_shared_plan_attacks import _as_login, _connect, _unchanged, shared

__all__ = ["shared"]  # the fixture, shared with the attacks


def _kaizen_sql(code: str) -> str:
    """A kaizen of Assembly (T-AS, unit 20) added in plain SQL, with a handed-out id."""
    return (
        "INSERT INTO nodes (id, code, seq, kind, unit_id, title, description, expected_effect, "
        "status, origin, version, year) VALUES ((hoshin_next_ids('nodes', 1))[1], "
        f"'{code}', {code.split('-')[1]}, 'kaizen', 20, 'Mine', '', '', 'idea', 'bottom-up', 1, "
        "(SELECT max(year) FROM years))"
    )


def test_defect_8_held_locks_and_rows_do_not_hold_anyones_add_back(
    shared: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Aisha holds, in a transaction she keeps open, the lock the core used to take for
    every add, the next ten kaizen numbers, and a kaizen KZ-151 of her own: Kenji's add
    is written at once (an edit that waited would give up after a second) as KZ-152."""
    monkeypatch.setattr(storage, "LOCK_TIMEOUT", "1s")
    with _connect(shared, "aisha") as squatter:
        squatter.autocommit = False
        for key in ("hoshin:nodes", "hoshin:edges", "hoshin:audit_log"):
            squatter.execute("SELECT pg_advisory_lock(hashtext(%s))", (key,))
        squatter.execute(
            "SELECT pg_advisory_lock(hashtext('hoshin:code:KZ'), n) "
            "FROM generate_series(141, 150) n"
        )
        squatter.execute(_kaizen_sql("KZ-151"))
        with Plan.open(_as_login(shared, "kenji")) as kenji:
            added = kenji.execute(AddNode(NodeKind.KAIZEN, "T-AS", "Shadow board", links=["IP-9"]))
            assert added.result == "KZ-152"
        squatter.rollback()
    with Plan.open(_as_login(shared, "kenji")) as kenji:  # the next after the highest
        assert kenji.execute(AddNode(NodeKind.KAIZEN, "T-AS", "Andon")).result == "KZ-153"


def test_defect_8_codes_stay_dense_as_in_a_file(shared: str, demo_plan: Plan) -> None:
    """An undone add gives its number back, on a shared plan as in a file."""
    codes = []
    for plan in (demo_plan, Plan.open(_as_login(shared, "aisha"))):
        plan.actor = "Aisha Bello"
        first = plan.execute(AddNode(NodeKind.KAIZEN, "T-AS", "Shadow board"))
        plan.execute(first.inverse)
        again = plan.execute(AddNode(NodeKind.KAIZEN, "T-AS", "Shadow board"))
        codes.append((first.result, again.result))
        if plan is not demo_plan:
            plan.close()
    assert codes == [("KZ-141", "KZ-141"), ("KZ-141", "KZ-141")]


def test_defect_8_a_code_being_given_is_refused_at_once_not_waited_for(shared: str) -> None:
    """Two logins write KZ-141 at once in plain SQL: the second is refused on the spot
    (lock not available), instead of waiting on the first's open transaction."""
    with _connect(shared, "aisha") as first, _connect(shared, "kenji") as second:
        first.autocommit = False
        first.execute(_kaizen_sql("KZ-141"))
        with _unchanged(shared), pytest.raises(psycopg.errors.LockNotAvailable, match="KZ-141"):
            second.execute(_kaizen_sql("KZ-141"))
        first.commit()
    with _connect(shared) as admin:
        row = admin.execute("SELECT count(*) FROM nodes WHERE code = 'KZ-141'").fetchone()
    assert row == (1,)


def test_defect_8_a_login_writes_only_ids_the_plan_handed_out(shared: str) -> None:
    with _connect(shared) as admin:
        top = admin.execute("SELECT max(id) FROM nodes").fetchone()
    assert top is not None
    with _unchanged(shared), _connect(shared, "aisha") as conn:
        for forged in (top[0] + 1, top[0] + 5000, 0):  # the next one, not handed out yet
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="handed out"):
                conn.execute(_kaizen_sql("KZ-141").replace("(hoshin_next_ids('nodes', 1))[1]",
                                                           str(forged)))  # fmt: skip
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # nor move the sequence
            conn.execute("SELECT nextval(pg_get_serial_sequence('nodes', 'id'))")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT setval(pg_get_serial_sequence('nodes', 'id'), 2147483000)")
        with pytest.raises(psycopg.errors.InvalidParameterValue):  # nor ids of the history
            conn.execute("SELECT hoshin_next_ids('audit_log', 1)")
    with _connect(shared, "aisha") as conn:  # allowed: an id handed out, a code of her own
        assert conn.execute(_kaizen_sql("KZ-141")).rowcount == 1
