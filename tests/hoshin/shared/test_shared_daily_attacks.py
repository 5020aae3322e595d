"""Attacks in plain SQL on what schemas 0009 and 0010 added (Leader Standard Work,
problems, finer tracking, reflections' comments, meetings, reminders, e-mail addresses),
as a login of each role and one without would try them. Each asserts the refusal and that
the plan is exactly as it was; the allowed path beside it still works."""

from __future__ import annotations

import psycopg
import pytest

from hoshin.cli.main import main
from hoshin.model.errors import ValidationError
from hoshin.operations import AnswerOccurrence, ClearAnswer, DeleteNode, SetAccess
from hoshin.operations.problems import RaiseProblem, StartProblem
from hoshin.plan import Plan
from tests import pg
from tests.hoshin.shared.test_shared_plan_attacks import (
    _as_login,
    _connect,
    _refused,
    _unchanged,
    shared,
)

__all__ = ["shared"]

ME = "hoshin_person(current_user)"
UNIT = "(SELECT id FROM units WHERE code = '{}')"
KENJI = "(SELECT id FROM people WHERE login = 'kenji')"
HELEN = "(SELECT id FROM people WHERE login = 'helen')"


def _routine_of(conn: psycopg.Connection, name: str) -> int:
    """A routine of the sample plan belonging to ``name``."""
    row = conn.execute(
        "SELECT r.id FROM routines r JOIN people p ON p.id = r.person_id WHERE p.name = %s "
        "ORDER BY r.id LIMIT 1",
        (name,),
    ).fetchone()
    assert row is not None, name
    return int(row[0])


def _own_routine(conn: psycopg.Connection) -> int:
    row = conn.execute(
        "INSERT INTO routines (id, person_id, unit_id, title, cadence, every, start_date, "
        f"version) VALUES ((hoshin_next_ids('routines', 1))[1], {ME}, {UNIT.format('T-AS')}, "
        "'Walk', 'daily', 1, '2026-06-01', 1) RETURNING id"
    ).fetchone()
    assert row is not None
    return int(row[0])


def _answer(conn: psycopg.Connection, routine: int, person: str, by: str, day: str) -> None:
    conn.execute(
        "INSERT INTO routine_answers (id, routine_id, person_id, day, state, reason, note, "
        f"recorded_by_id, version) VALUES ((hoshin_next_ids('routine_answers', 1))[1], %s, "
        f"{person}, %s, 'done', '', '', {by}, 1)",
        (routine, day),
    )


# -- routines and their answers -------------------------------------------------------------


def test_an_answer_is_given_to_the_routine_of_its_own_person_only(shared: str) -> None:
    # Aisha answering Kenji's routine as herself would take his day: the key of an answer
    # names the routine with its person, so the database refuses it.
    with _connect(shared, "kenji") as conn:
        kenjis = _routine_of(conn, "Kenji Watanabe")
    with (
        _unchanged(shared),
        _connect(shared, "aisha") as conn,
        pytest.raises(psycopg.errors.ForeignKeyViolation),
    ):
        _answer(conn, kenjis, ME, ME, "2026-11-30")
        mine = conn.execute(
            "SELECT a.id FROM routine_answers a JOIN routines r ON r.id = a.routine_id "
            f"WHERE r.person_id = {ME} LIMIT 1"
        ).fetchone()
        if mine is not None:  # nor move one of her answers onto his routine
            with pytest.raises(psycopg.errors.ForeignKeyViolation):
                conn.execute(
                    "UPDATE routine_answers SET routine_id = %s WHERE id = %s", (kenjis, mine[0])
                )
    with _connect(shared, "aisha") as conn:  # her own routine, answered by herself: fine
        _answer(conn, _own_routine(conn), ME, ME, "2026-06-02")


def test_an_answer_is_recorded_in_the_recorders_own_name(shared: str) -> None:
    # Hole: recorded_by_id was not checked: Aisha could record her answer "by Kenji", her
    # manager, as if he had checked it.
    with _connect(shared, "aisha") as conn:
        mine = _own_routine(conn)
    with (
        _unchanged(shared),
        _connect(shared, "aisha") as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        _answer(conn, mine, ME, KENJI, "2026-06-02")
    with _connect(shared, "aisha") as conn:
        _answer(conn, mine, ME, ME, "2026-06-02")
        _answer(conn, mine, ME, "NULL", "2026-06-03")
    with (
        _unchanged(shared),
        _connect(shared, "aisha") as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute(
            f"UPDATE routine_answers SET recorded_by_id = {KENJI} WHERE routine_id = %s",
            (mine,),
        )


def test_an_answer_recorded_by_a_manager_comes_back_with_his_name_on_undo(shared: str) -> None:
    # The allowed path: Kenji records Aisha's answer; Aisha clears it and undoes that, so
    # the answer comes back recorded by Kenji, through her own login.
    with _connect(shared, "aisha") as conn:
        mine = _own_routine(conn)
    with Plan.open(_as_login(shared, "kenji")) as kenji:
        answer = kenji.execute(AnswerOccurrence(mine, "done", "2026-06-02")).result
    with Plan.open(_as_login(shared, "aisha")) as aisha:
        cleared = aisha.execute(ClearAnswer(mine, "2026-06-02"))
        aisha.execute(cleared.inverse)
    with _connect(shared) as admin:
        row = admin.execute(
            "SELECT p.login FROM routine_answers a JOIN people p ON p.id = a.recorded_by_id "
            "WHERE a.id = %s",
            (answer,),
        ).fetchone()
    assert row == ("kenji",)


# -- problems -------------------------------------------------------------------------------


def _raise(conn: psycopg.Connection, *, by: str = ME, raised: str = "T-AS", tier: int = 1) -> int:
    row = conn.execute(
        "INSERT INTO problems (id, version, title, detail, unit_id, raised_unit_id, tier, status,"
        f" raised_by_id, raised_on, answer) VALUES ((hoshin_next_ids('problems', 1))[1], 1, 'x',"
        f" '', {UNIT.format('T-AS')}, {UNIT.format(raised)}, {tier}, 'open', {by}, current_date,"
        " '') RETURNING id"
    ).fetchone()
    assert row is not None
    return int(row[0])


def test_a_problem_is_raised_in_its_raisers_own_name_where_it_is(shared: str) -> None:
    # Holes: raised_by_id, raised_unit_id and tier of a new problem were not checked: Aisha
    # could raise one "by Helen", or as raised at the top (so every manager of the company
    # may move it), or at tier 3 on her own team's board.
    with (
        _unchanged(shared),
        _connect(shared, "aisha") as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        _raise(conn, by=HELEN)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _raise(conn, raised="CO")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _raise(conn, tier=3)
    with _connect(shared, "aisha") as conn:
        mine = _raise(conn)
    with (
        _unchanged(shared),
        _connect(shared, "aisha") as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute(f"UPDATE problems SET raised_by_id = {HELEN} WHERE id = %s", (mine,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE problems SET tier = 5 WHERE id = %s", (mine,))
    with (
        _unchanged(shared),
        _connect(shared, "kenji") as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):  # up, but tier unchanged
        conn.execute(f"UPDATE problems SET unit_id = {UNIT.format('PLT')} WHERE id = %s", (mine,))
    with _connect(shared, "kenji") as conn:  # the escalation itself: one tier up
        done = conn.execute(
            f"UPDATE problems SET unit_id = {UNIT.format('PLT')}, tier = 2 WHERE id = %s", (mine,)
        )
        assert done.rowcount == 1


def test_through_hoshin_nobody_raises_a_problem_in_someone_elses_name(shared: str) -> None:
    with (
        Plan.open(_as_login(shared, "aisha")) as aisha,
        _unchanged(shared),
        pytest.raises(ValidationError, match="cannot act on problems as Helen Ward"),
    ):
        aisha.execute(RaiseProblem("Guard missing", "T-AS", raised_by="Helen Ward"))


def test_a_problems_history_is_taken_back_from_its_end_only(shared: str) -> None:
    # Holes: a member could delete every step she ever wrote (DELETE FROM problem_steps),
    # and delete a problem of her unit with its whole path (the steps go with it).
    with _unchanged(shared), _connect(shared, "aisha") as conn:
        _refused(conn, f"DELETE FROM problem_steps WHERE by_id = {ME}")
        _refused(conn, f"DELETE FROM problems WHERE unit_id = {UNIT.format('T-AS')}")
    with _unchanged(shared), _connect(shared, "kenji") as conn:
        _refused(conn, "DELETE FROM problem_steps")
        _refused(conn, f"DELETE FROM problems WHERE unit_id = {UNIT.format('PLT')}")
    # The allowed path: an edit and its undo, through Hoshin.
    with Plan.open(_as_login(shared, "aisha")) as aisha:
        raised = aisha.execute(RaiseProblem("Guard missing", "T-AS"))
        started = aisha.execute(StartProblem(raised.result))
        aisha.execute(started.inverse)
        aisha.execute(raised.inverse)
    with _connect(shared) as admin:
        gone = admin.execute("SELECT count(*) FROM problems WHERE title = 'Guard missing'")
        assert gone.fetchone() == (0,)


def test_a_step_of_a_problems_history_comes_with_the_change_it_records(shared: str) -> None:
    # Hole: a member could add steps to a problem's path without the problem moving (an
    # "escalated to CO" that never happened; ReturnProblem reads where it came from).
    with _unchanged(shared), _connect(shared, "aisha") as conn:
        _refused(
            conn,
            "INSERT INTO problem_steps (id, problem_id, kind, at, by_id, from_unit_id, "
            "to_unit_id, note) SELECT (hoshin_next_ids('problem_steps', 1))[1], id, "
            f"'escalated', now(), {ME}, {UNIT.format('QA')}, unit_id, '' FROM problems "
            f"WHERE unit_id = {UNIT.format('T-AS')} AND status = 'open' LIMIT 1",
        )
    with _connect(shared, "aisha") as conn, conn.transaction():  # with its change: fine
        row = conn.execute(
            "UPDATE problems SET status = 'in progress', version = version + 1 "
            f"WHERE unit_id = {UNIT.format('T-AS')} AND status = 'open' "
            "AND id = (SELECT min(id) FROM problems WHERE status = 'open' "
            f"AND unit_id = {UNIT.format('T-AS')}) RETURNING id"
        ).fetchone()
        assert row is not None
        conn.execute(
            "INSERT INTO problem_steps (id, problem_id, kind, at, by_id, to_unit_id, note) "
            f"SELECT (hoshin_next_ids('problem_steps', 1))[1], id, 'started', now(), {ME}, "
            "unit_id, '' FROM problems WHERE id = %s",
            (row[0],),
        )


# -- the rest: refused already, kept so -----------------------------------------------------


@pytest.mark.parametrize("login", ["aisha", "kenji", "priya", "gareth"])
def test_no_login_empties_a_table_of_daily_management(shared: str, login: str) -> None:
    tables = [
        "routines", "routine_answers", "findings", "problems", "problem_steps", "target_values",
        "reflection_comments", "meetings", "meeting_items", "meeting_decisions", "reminders_sent",
    ]  # fmt: skip
    with _unchanged(shared), _connect(shared, login) as conn:
        for table in tables:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"TRUNCATE {table}")
        for table in ("problem_steps", "problems", "reminders_sent", "meetings"):
            _refused(conn, f"DELETE FROM {table}")


def test_only_the_top_executive_writes_the_reminder_log(shared: str) -> None:
    sent = (
        "INSERT INTO reminders_sent (id, person_id, day, sent_at, item, fingerprint) VALUES "
        f"((hoshin_next_ids('reminders_sent', 1))[1], {KENJI}, current_date, now(), 'KZ-117', "
        "'x')"
    )
    for login in ("aisha", "kenji", "priya", "gareth"):  # nobody silences Kenji's reminders
        with (
            _unchanged(shared),
            _connect(shared, login) as conn,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            conn.execute(sent)
    with _connect(shared, "helen") as conn:
        conn.execute(sent)


def test_an_email_address_is_set_by_a_manager_of_the_persons_unit_only(shared: str) -> None:
    email = "UPDATE people SET email = 'me@evil.test' WHERE name = %s"
    with _unchanged(shared):
        with _connect(shared, "aisha") as conn:  # a member: nobody's, not even her own
            _refused(conn, email % "'Aisha Bello'")
            _refused(conn, email % "'Kenji Watanabe'")
        with _connect(shared, "kenji") as conn:  # a manager of OPS: not the CEO's
            _refused(conn, email % "'Helen Ward'")
        with _connect(shared, "gareth") as conn:
            _refused(conn, email % "'Gareth Evans'")
    with _connect(shared, "kenji") as conn:
        assert conn.execute(email % "'Aisha Bello'").rowcount == 1


def test_tracking_is_a_managers_and_words_stay_the_cores(shared: str) -> None:
    with _unchanged(shared):
        with _connect(shared, "aisha") as conn:
            _refused(conn, "UPDATE nodes SET tracking = 'daily' WHERE code = 'KPI-9'")
        with _connect(shared, "kenji") as conn:
            _refused(conn, "UPDATE nodes SET tracking = 'daily' WHERE code = 'KPI-1'")
            with pytest.raises(psycopg.errors.CheckViolation):
                conn.execute("UPDATE nodes SET tracking = 'hourly' WHERE code = 'KPI-9'")
        with (
            _connect(shared, "aisha") as conn,
            pytest.raises(psycopg.errors.CheckViolation),
        ):
            conn.execute("UPDATE problems SET status = 'hacked' WHERE unit_id = 20")
            with pytest.raises(psycopg.errors.StringDataRightTruncation):
                conn.execute("UPDATE problems SET title = repeat('x', 501) WHERE unit_id = 20")
            with pytest.raises(psycopg.errors.NotNullViolation):
                conn.execute("UPDATE problems SET title = NULL WHERE unit_id = 20")


def test_nobody_links_anothers_routine_or_finding_to_a_node_of_theirs(shared: str) -> None:
    # Hole: "setting a link back" (the undo of deleting a node) let whoever may change a
    # node link anybody's routine or finding to it: Kenji could make Helen's routine serve
    # KPI-9, Aisha mark someone's open finding as made into her kaizen (it left their list).
    kpi9 = "(SELECT id FROM nodes WHERE code = 'KPI-9')"
    kz = "(SELECT id FROM nodes WHERE code = 'KZ-114')"
    with _unchanged(shared):
        with _connect(shared, "kenji") as conn:
            _refused(
                conn,
                f"UPDATE routines SET node_id = {kpi9} WHERE node_id IS NULL "
                f"AND person_id = {HELEN}",
            )
        with _connect(shared, "aisha") as conn:
            _refused(
                conn,
                f"UPDATE findings SET kaizen_id = {kz}, outcome = 'kaizen' WHERE outcome IS NULL",
            )
    # The allowed path: deleting a node unlinks them, its undo links them back (the history
    # shows they held it).
    with Plan.open(_as_login(shared, "aisha")) as aisha:
        deleted = aisha.execute(DeleteNode("KZ-114"))
        aisha.execute(deleted.inverse)
    with _connect(shared) as admin:
        back = admin.execute(f"SELECT count(*) FROM findings WHERE kaizen_id = {kz}").fetchone()
    assert back == (1,)


def test_ids_far_ahead_are_refused_on_the_new_tables(shared: str) -> None:
    with (
        _unchanged(shared),
        _connect(shared, "aisha") as conn,
        pytest.raises(psycopg.Error),
    ):
        conn.execute(
            "INSERT INTO routines (id, person_id, unit_id, title, cadence, every, "
            f"start_date, version) VALUES (2147483647, {ME}, {UNIT.format('T-AS')}, 'Walk', "
            "'daily', 1, '2026-06-01', 1)"
        )
        with pytest.raises(psycopg.Error):
            conn.execute(
                "INSERT INTO problem_steps (id, problem_id, kind, at, by_id, note) SELECT "
                f"2147483647, id, 'started', now(), {ME}, '' FROM problems "
                f"WHERE unit_id = {UNIT.format('T-AS')} LIMIT 1"
            )


def test_a_viewer_writes_only_their_own_standard_work(shared: str) -> None:
    # Mark Hughes views Assembly: he keeps his own routines (everyone's own, as the core
    # says), and writes nothing else of daily management there.
    with Plan.open(shared) as owner:
        owner.actor = "Helen Ward"
        owner.execute(SetAccess("Mark Hughes", "T-AS", "viewer"))
    assert main(["db", "login", shared, "Mark Hughes", "mark"]) == 0
    try:
        with _connect(shared, "aisha") as conn:
            aishas = _own_routine(conn)
        with _unchanged(shared), _connect(shared, "mark") as conn:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                _raise(conn)
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                _answer(
                    conn, aishas, "(SELECT id FROM people WHERE login = 'aisha')", ME, "2026-06-02"
                )
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(
                    "INSERT INTO meetings (id, unit_id, day, title, held, notes, version) VALUES "
                    f"((hoshin_next_ids('meetings', 1))[1], {UNIT.format('T-AS')}, "
                    "'2026-06-15', 'M', false, '', 1)"
                )
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(
                    "INSERT INTO target_values (id, node_id, day, value, version) VALUES "
                    "((hoshin_next_ids('target_values', 1))[1], (SELECT id FROM nodes WHERE "
                    "code = 'KZ-114'), '2026-06-02', 1, 1)"
                )
            _refused(conn, "UPDATE people SET email = 'm@evil.test' WHERE login = 'aisha'")
            _refused(conn, "UPDATE problems SET status = 'solved'")
            _refused(conn, "UPDATE routines SET title = 'Mine now'")
        with _connect(shared, "mark") as conn:
            _own_routine(conn)
    finally:
        pg.drop_roles(shared, ["mark"])
