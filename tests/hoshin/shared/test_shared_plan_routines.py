"""Leader Standard Work on a shared plan, in plain SQL through each login: the database
holds the core's rule (one's own routines, answers and findings; a manager's of the
person's unit), and a finding made a kaizen is held to the kaizen's own policy."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest

from hoshin.model.errors import PermissionDeniedError
from hoshin.operations import AddRoutine, AnswerOccurrence
from hoshin.plan import Plan
from tests.hoshin.shared.test_shared_plan_attacks import (
    _as_login,
    _connect,
    _refused,
    _unchanged,
    shared,
)

__all__ = ["shared"]

ROUTINE = (
    "INSERT INTO routines (id, person_id, unit_id, title, cadence, every, start_date, version) "
    "VALUES ((hoshin_next_ids('routines', 1))[1], {person}, "
    "(SELECT id FROM units WHERE code = 'T-AS'), 'Walk', 'daily', 1, '2026-06-01', 1) "
    "RETURNING id"
)


def _person(name: str) -> str:
    return f"(SELECT id FROM people WHERE name = '{name}')"


def _add(url: str, login: str, person: str) -> int:
    with _connect(url, login) as conn:
        row = conn.execute(ROUTINE.format(person=person)).fetchone()
    assert row is not None
    return int(row[0])


def _answer(url: str, login: str, routine: int, day: str) -> None:
    with _connect(url, login) as conn:
        conn.execute(
            "INSERT INTO routine_answers (id, routine_id, person_id, day, state, reason, note, "
            "version) SELECT (hoshin_next_ids('routine_answers', 1))[1], r.id, r.person_id, "
            "%s, 'done', '', '', 1 FROM routines r WHERE r.id = %s",
            (day, routine),
        )


def _finding(url: str, login: str, routine: int) -> None:
    with _connect(url, login) as conn:
        conn.execute(
            "INSERT INTO findings (id, answer_id, unit_id, text, done, version) "
            "SELECT (hoshin_next_ids('findings', 1))[1], a.id, r.unit_id, 'Cable', false, 1 "
            "FROM routine_answers a JOIN routines r ON r.id = a.routine_id "
            "WHERE a.routine_id = %s",
            (routine,),
        )


def test_each_login_writes_the_routines_its_role_allows_in_plain_sql(shared: str) -> None:
    # Aisha (member of Assembly) keeps her own standard work, with its findings.
    mine = _add(shared, "aisha", "hoshin_person(current_user)")
    _answer(shared, "aisha", mine, "2026-06-02")
    _finding(shared, "aisha", mine)
    # Gareth has a login and no role: his own routines are still his.
    _add(shared, "gareth", "hoshin_person(current_user)")
    # Kenji manages Operations, above Assembly: he answers Aisha's; Helen is the executive.
    _answer(shared, "kenji", mine, "2026-06-03")
    _answer(shared, "helen", mine, "2026-06-04")
    # Not: a member for a teammate, a login without a role for another, an executive of
    # another division, anybody's answer of Aisha's routine outside their reach.
    for login, person in (
        ("aisha", _person("Mark Hughes")),
        ("gareth", _person("Aisha Bello")),
        ("priya", _person("Aisha Bello")),
    ):
        with (
            _unchanged(shared),
            _connect(shared, login) as conn,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            conn.execute(ROUTINE.format(person=person))
    for login in ("gareth", "priya"):
        with (
            _unchanged(shared),
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            _answer(shared, login, mine, "2026-06-05")
        with _unchanged(shared), _connect(shared, login) as conn:
            done = conn.execute("DELETE FROM routine_answers WHERE routine_id = %s", (mine,))
            assert done.rowcount == 0
            _refused(
                conn,
                "UPDATE findings SET text = 'mine now' WHERE answer_id IN "
                f"(SELECT id FROM routine_answers WHERE routine_id = {mine})",
            )
    with _unchanged(shared), pytest.raises(psycopg.errors.InsufficientPrivilege):
        _finding(shared, "priya", mine)


def test_a_cadence_or_answer_word_the_core_does_not_know_is_refused(shared: str) -> None:
    with (
        _unchanged(shared),
        _connect(shared, "aisha") as conn,
        pytest.raises(psycopg.errors.CheckViolation),
    ):
        conn.execute(
            ROUTINE.format(person="hoshin_person(current_user)").replace("'daily'", "'hourly'")
        )


def test_hoshin_through_a_login_agrees_with_the_database(shared: str) -> None:
    with Plan.open(_as_login(shared, "aisha")) as plan:
        plan.actor = "Aisha Bello"
        plan.clock = lambda: dt.datetime(2026, 6, 15, 9, 0)
        mine = plan.execute(
            AddRoutine("Aisha Bello", "T-AS", "Check the andon", "weekdays", start="2026-06-01")
        ).result
        plan.execute(AnswerOccurrence(mine, "done", "2026-06-12"))
        with pytest.raises(PermissionDeniedError):
            plan.execute(AddRoutine("Mark Hughes", "T-AS", "Walk", "daily", start="2026-06-01"))


def test_deleting_a_kaizen_a_finding_became_unlinks_it_and_nothing_more(shared: str) -> None:
    """Kenji (manager of Operations) made a finding of his walk in Assembly a kaizen; Aisha
    (member of Assembly) may delete that kaizen, which unlinks the finding, but may not
    otherwise touch Kenji's finding."""
    from hoshin.operations import AddFinding, DeleteNode, FindingToKaizen

    with Plan.open(_as_login(shared, "kenji")) as plan:
        plan.actor = "Kenji Watanabe"
        plan.clock = lambda: dt.datetime(2026, 6, 15, 9, 0)
        walk = plan.execute(
            AddRoutine("Kenji Watanabe", "T-AS", "Walk", "weekly", weekday=1, start="2026-06-01")
        ).result
        plan.execute(AnswerOccurrence(walk, "done", "2026-06-09"))
        found = plan.execute(AddFinding(walk, "2026-06-09", "Tools hunted for")).result
        code = plan.execute(FindingToKaizen(found, "top-down")).result
    for sql in (
        "UPDATE findings SET text = 'mine' WHERE id = %s",
        "UPDATE findings SET kaizen_id = NULL, text = 'mine' WHERE id = %s",
    ):
        with (
            _unchanged(shared),
            _connect(shared, "aisha") as conn,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            conn.execute(sql, (found,))
    with Plan.open(_as_login(shared, "aisha")) as plan:
        plan.actor = "Aisha Bello"
        applied = plan.execute(DeleteNode(code))
        with _connect(shared) as admin:
            row = admin.execute(
                "SELECT kaizen_id, outcome FROM findings WHERE id = %s", (found,)
            ).fetchone()
        assert row == (None, None)
        plan.execute(applied.inverse)
    with _connect(shared) as admin:
        row = admin.execute("SELECT outcome FROM findings WHERE id = %s", (found,)).fetchone()
    assert row == ("kaizen",)
