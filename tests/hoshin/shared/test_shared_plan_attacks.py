"""Attacks on a shared plan with plain SQL, as a person with a database login would try
them (issue 16). Each test names the defect it closes, asserts the refusal and that the
plan is exactly as it was; a test per rule shows that what the core allows still works."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy.engine import make_url

from hoshin.catchball.operations import Lock, Reply, Throw
from hoshin.cli.main import main
from hoshin.model.entities import AuditEntry
from hoshin.model.kinds import NodeKind
from hoshin.operations import AddNode, SetAccess, SetMeasurement, UpdateNode
from hoshin.plan import Plan
from hoshin.shared import rls
from hoshin.store.dbcopy import copy_plan
from tests import pg

#: Logins of the fixture: who they are and the role they hold (None: no role at all).
LOGINS = {
    "helen": ("Helen Ward", "CO", "executive"),
    "priya": ("Priya Nair", "PD", "executive"),
    "kenji": ("Kenji Watanabe", "OPS", "manager"),
    "aisha": ("Aisha Bello", "T-AS", "member"),
    "gareth": ("Gareth Evans", None, None),
}


@pytest.fixture
def shared(demo_plan: Plan, pg_server: str) -> Iterator[str]:
    """The sample plan on PostgreSQL: Helen runs the company, Priya product development,
    Kenji manages Operations, Aisha is a member of Assembly; Gareth has a login, no role."""
    url = pg.new_database(pg_server)
    copy_plan(demo_plan.location, url)
    for login, (person, _unit, _role) in LOGINS.items():
        assert main(["db", "login", url, person, login]) == 0
    with Plan.open(url) as owner:
        owner.actor = "Helen Ward"
        for person, unit, role in LOGINS.values():
            if unit is not None:
                owner.execute(SetAccess(person, unit, role))
    yield url
    pg.drop_roles(url, [*LOGINS, "aisha2", "intruder"])


def _as_login(url: str, login: str) -> str:
    return make_url(url).set(username=login).render_as_string(hide_password=False)


def _group(url: str) -> str:
    return rls.group_name(make_url(url).database or "")


def _connect(url: str, login: str | None = None) -> psycopg.Connection:
    u = make_url(url)
    return psycopg.connect(
        host=u.host, port=u.port, user=login or u.username, dbname=u.database, autocommit=True
    )


def _state(url: str) -> dict[str, list[str]]:
    """Every row of every table of the plan (history and row versions included), as the
    cluster's superuser reads it."""
    with _connect(url) as conn:
        tables = [
            str(r[0])
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {
            t: [str(r[0]) for r in conn.execute(f'SELECT x::text FROM "{t}" x ORDER BY 1')]
            for t in tables
        }


@contextmanager
def _unchanged(url: str) -> Iterator[None]:
    before = _state(url)
    yield
    assert _state(url) == before


def _refused(conn: psycopg.Connection, sql: str) -> None:
    """The statement fails, or (row-level security) touches no row."""
    try:
        done = conn.execute(sql).rowcount
    except psycopg.Error:
        return
    assert done == 0, f"{sql!r} changed {done} rows"


# -- 1. the takeover through pg_temp ------------------------------------------------------


def test_defect_1_a_login_cannot_create_temporary_tables_in_a_plan(shared: str) -> None:
    with _unchanged(shared), _connect(shared, "gareth") as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("CREATE TEMP TABLE unit_roles (person_id int, unit_id int, role text)")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("CREATE TABLE public.unit_roles_x (id int)")


def test_defect_1_a_temporary_unit_roles_table_does_not_open_the_plan(shared: str) -> None:
    # Where TEMP cannot be revoked (the owner does not own the database), the definer
    # functions still read the plan's own tables: pg_temp is searched last, names qualified.
    database = make_url(shared).database
    with _connect(shared) as admin:
        admin.execute(f'GRANT TEMPORARY ON DATABASE "{database}" TO gareth')
    with _unchanged(shared), _connect(shared, "gareth") as conn:
        conn.execute("CREATE TEMP TABLE unit_roles (person_id int, unit_id int, role text)")
        assert conn.execute("SELECT public.hoshin_open()").fetchone() == (False,)
        _refused(conn, "DELETE FROM public.unit_roles")
        _refused(conn, "UPDATE public.nodes SET title = 'Pwned'")
        conn.execute("CREATE TEMP TABLE people (id int, login name)")
        conn.execute("CREATE TEMP TABLE units (id int, parent_id int)")
        conn.execute("INSERT INTO pg_temp.people VALUES (10, 'gareth')")
        conn.execute("INSERT INTO pg_temp.units VALUES (1, NULL)")
        conn.execute("INSERT INTO pg_temp.unit_roles VALUES (10, 1, 'executive')")
        assert conn.execute("SELECT public.hoshin_open()").fetchone() == (False,)
        assert conn.execute("SELECT public.hoshin_top_level(current_user)").fetchone() == (-1,)
        _refused(conn, "DELETE FROM public.unit_roles")
        _refused(conn, "INSERT INTO public.unit_roles (id, person_id, unit_id, role) "
                       "VALUES (900, 10, 1, 'executive')")  # fmt: skip
        _refused(conn, "UPDATE public.settings SET value = '\"Pwned\"' WHERE key = 'org_name'")
        _refused(conn, "UPDATE public.nodes SET title = 'Pwned'")
        _refused(conn, "INSERT INTO public.catchball_messages (thread_id, author_id, kind, "
                       "text, round, state, resources, created_at) SELECT id, 1, 'comment', "
                       "'as Helen', 1, state, '', now() "
                       "FROM public.catchball_threads")  # fmt: skip
        conn.execute("DROP TABLE pg_temp.unit_roles")
        _refused(conn, "UPDATE public.nodes SET title = 'Pwned'")


def test_defect_1_a_function_planted_in_the_schema_is_refused(shared: str) -> None:
    # PostgreSQL 14 and older let PUBLIC create in schema public; db upgrade takes it away.
    with _connect(shared) as admin:
        admin.execute("GRANT CREATE ON SCHEMA public TO PUBLIC")
    assert main(["db", "upgrade", shared]) == 0
    with (
        _unchanged(shared),
        _connect(shared, "gareth") as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute(
            "CREATE FUNCTION public.hoshin_rank(role integer) RETURNS integer "
            "LANGUAGE sql AS 'SELECT 3'"
        )


def test_defect_1_every_definer_function_pins_its_search_path(shared: str) -> None:
    with _connect(shared) as admin:
        rows = admin.execute(
            "SELECT proname, proconfig FROM pg_proc WHERE proname LIKE 'hoshin%'"
        ).fetchall()
    assert rows
    for name, config in rows:
        assert config is not None, name
        path = next(c for c in config if c.startswith("search_path="))
        assert path.split("=", 1)[1].replace(" ", "").split(",")[-1] == "pg_temp", name
        assert path.split("=", 1)[1].startswith("pg_catalog"), name


def test_the_allowed_path_still_works_for_each_role(shared: str) -> None:
    with _connect(shared, "aisha") as conn:  # a member: a kaizen of her team
        assert conn.execute("UPDATE nodes SET title = 'Mine' WHERE code = 'KZ-117'").rowcount == 1
    with _connect(shared, "kenji") as conn:  # a manager: a target of Operations
        assert conn.execute("UPDATE nodes SET goal = 3 WHERE code = 'KPI-9'").rowcount == 1
    with _connect(shared, "helen") as conn:  # the top executive: the plan's settings
        done = conn.execute("UPDATE settings SET value = '\"Northwind\"' WHERE key = 'org_name'")
        assert done.rowcount == 1


# -- 3. a department executive becomes the plan's executive --------------------------------


def test_defect_3_a_department_executive_cannot_detach_a_unit_to_run_the_plan(
    shared: str,
) -> None:
    with _connect(shared, "priya") as conn:  # allowed: a unit under her own
        made = conn.execute(
            "INSERT INTO units (id, code, name, parent_id, level, version) VALUES "
            "((hoshin_next_ids('units', 1))[1], 'PD-X', 'Skunk works', 4, 'Department', 1) "
            "RETURNING id"
        ).fetchone()
        assert made is not None
        unit = made[0]
    with _unchanged(shared), _connect(shared, "priya") as conn:
        _refused(conn, f"UPDATE units SET parent_id = NULL WHERE id = {unit}")
        _refused(conn, f"UPDATE units SET parent_id = {unit} WHERE id = 1")  # the top, below hers
        _refused(conn, "INSERT INTO units (id, code, name, parent_id, level, version) VALUES "
                       "((hoshin_next_ids('units', 1))[1], 'TOP2', 'Second company', NULL, "
                       "'Company', 1)")  # fmt: skip
        _refused(conn, "UPDATE settings SET value = '\"Pwned\"' WHERE key = 'org_name'")
        assert conn.execute("SELECT hoshin_top_level('priya')").fetchone() == (-1,)
    with _unchanged(shared), _connect(shared, "helen") as conn:  # not even the top executive
        _refused(conn, "DELETE FROM units WHERE id = 1")
        _refused(conn, f"UPDATE units SET parent_id = {unit} WHERE id = 1")
    with (  # one top unit, whoever writes
        _unchanged(shared),
        _connect(shared) as admin,
        pytest.raises(psycopg.errors.ExclusionViolation),
    ):
        admin.execute(
            "INSERT INTO units (id, code, name, parent_id, level, version) "
            "VALUES (102, 'TOP3', 'Another company', NULL, 'Company', 1)"
        )


# -- 4. a target whose catchball is agreed or locked can be re-goaled -----------------------


def _locked_thread(url: str) -> int:
    """KPI-2 thrown to Operations at 22, agreed by Kenji, locked by Helen (in the core)."""
    with Plan.open(url) as owner:
        owner.actor = "Helen Ward"
        thread = int(owner.execute(Throw("KPI-2", "OPS", "Helen Ward", 22, "22 days")).result)
        owner.actor = "Kenji Watanabe"
        owner.execute(Reply(thread, "agree", "Kenji Watanabe"))
        owner.actor = "Helen Ward"
        owner.execute(Lock(thread, "Helen Ward"))
    return thread


def test_defect_4_the_top_executive_re_goals_a_locked_target_on_a_shared_plan(
    shared: str,
) -> None:
    thread = _locked_thread(shared)
    with Plan.open(_as_login(shared, "helen")) as helen:
        applied = helen.execute(UpdateNode("KPI-2", {"goal": 20}))
        with _connect(shared) as admin:
            state = admin.execute(
                "SELECT state FROM catchball_threads WHERE id = %s", (thread,)
            ).fetchone()
            last = admin.execute(
                "SELECT kind, author_id FROM catchball_messages WHERE thread_id = %s "
                "ORDER BY id DESC LIMIT 1",
                (thread,),
            ).fetchone()
        assert state == ("in discussion",)
        assert last == ("reopen", None)
        before_undo = _state(shared)["catchball_messages"]
        helen.execute(applied.inverse)  # and undo, which takes the reopen back
    after = _state(shared)
    assert len(after["catchball_messages"]) == len(before_undo) - 1
    with _connect(shared) as admin:
        assert admin.execute(
            "SELECT state FROM catchball_threads WHERE id = %s", (thread,)
        ).fetchone() == ("locked",)


def test_defect_4_only_who_may_change_the_goal_writes_hoshins_reopen(shared: str) -> None:
    thread = _locked_thread(shared)
    with _unchanged(shared), _connect(shared, "aisha") as conn:
        _refused(conn, "INSERT INTO catchball_messages (thread_id, author_id, kind, text, "
                       f"round, state, resources, created_at) VALUES ({thread}, NULL, "
                       "'reopen', 'forged', 1, 'in discussion', '', now())")  # fmt: skip
        _refused(conn, "DELETE FROM catchball_messages")


# -- 2 and 7. the audit log -----------------------------------------------------------------


def _audit(url: str) -> list[tuple[object, ...]]:
    with _connect(url) as admin:
        return admin.execute("SELECT id, person_id, at, edit FROM audit_log ORDER BY id").fetchall()


def test_defect_2_no_login_chooses_an_audit_entrys_id_time_or_author(shared: str) -> None:
    before = _audit(shared)
    with _connect(shared) as admin:
        before_title = admin.execute("SELECT title FROM nodes WHERE code = 'KZ-117'").fetchone()[0]
    with _unchanged(shared), _connect(shared, "aisha") as conn:
        for forged in (
            "(id, at, person_id, edit, action, table_name, row_id) VALUES "
            "(2147483647, now(), 25, 'forged', 'update', 'nodes', '1')",
            "(at, person_id, edit, action, table_name, row_id) VALUES "
            "(now(), 1, 'as Helen', 'update', 'nodes', '1')",
            "(at, edit, action, table_name, row_id) VALUES "
            "(now(), 'by nobody', 'update', 'nodes', '1')",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"INSERT INTO audit_log {forged}")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # nor burn the ids
            conn.execute("SELECT nextval(pg_get_serial_sequence('audit_log', 'id'))")
        conn.execute(f'SET ROLE "{_group(shared)}"')
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO audit_log (at, edit, action, table_name, row_id) "
                "VALUES (now(), 'anonymous', 'update', 'nodes', '1')"
            )
    # Allowed: her own entry for her own change, stamped by the server.
    with _connect(shared, "aisha") as conn, conn.transaction():
        conn.execute("UPDATE nodes SET title = 'Mine' WHERE code = 'KZ-117'")
        row = conn.execute(
            "INSERT INTO audit_log (at, person_id, edit, action, table_name, row_id, node_id, "
            "field, old, new) SELECT '2001-01-01', 25, 'backdated', 'update', 'nodes', "
            "id::text, id, 'title', %s, '\"Mine\"' FROM nodes WHERE code = 'KZ-117' "
            "RETURNING id, at, person_id",
            (json.dumps(before_title, ensure_ascii=False),),
        ).fetchone()
    assert row is not None
    assert row[0] == before[-1][0] + 1  # the next id, not one she chose
    assert row[1].year >= 2026 and row[2] == 25  # the server's clock, her name
    assert _audit(shared)[:-1] == before  # and hers is the only entry added


def test_defect_2_a_forged_entry_does_not_move_another_clients_horizon(shared: str) -> None:
    with Plan.open(_as_login(shared, "kenji")) as kenji:
        with (
            _connect(shared, "aisha") as conn,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            conn.execute(
                "INSERT INTO audit_log (id, at, person_id, edit, action, table_name, "
                "row_id) VALUES (2147483647, now(), 25, 'forged', 'update', 'nodes', '1')"
            )
        assert len(kenji.graph) > 0  # Kenji reads the plan after the forged entry
        seen = kenji.horizon.last
        assert seen == _audit(shared)[-1][0] < 2147483647
        with Plan.open(_as_login(shared, "aisha")) as aisha:
            aisha.execute(UpdateNode("KZ-117", {"title": "Aisha's wording"}))
        found = kenji.outside_changes()  # what Kenji's app follows: Aisha's edit, seen
        assert found is not None
        changes, upto = found
        assert upto > seen
        assert kenji.graph.id_of("KZ-117") in changes.nodes


def test_defect_7_a_person_with_history_is_not_deleted(shared: str) -> None:
    with _connect(shared, "aisha") as conn:  # Aisha edits: her name is in the history
        assert conn.execute("UPDATE nodes SET title = 'Mine' WHERE code = 'KZ-117'").rowcount == 1
    assert _entries(shared, _last_entry(shared) - 1)[0][:2] == ("SQL by aisha", "Aisha Bello")
    with (
        _unchanged(shared),
        _connect(shared, "kenji") as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege, match="history"),
    ):
        conn.execute("DELETE FROM people WHERE name = 'Aisha Bello'")
    with _connect(shared, "kenji") as conn:  # a newcomer without history may go
        made = conn.execute(
            "INSERT INTO people (id, key, name, unit_id, version) VALUES "
            "((hoshin_next_ids('people', 1))[1], 'P-500', 'Zoe Adams', 20, 1) RETURNING id"
        ).fetchone()
        assert made is not None
        assert conn.execute("DELETE FROM people WHERE id = %s", made).rowcount == 1


def test_defect_7_the_core_keeps_a_person_with_history_too(demo_plan: Plan) -> None:
    from hoshin.model.errors import ValidationError
    from hoshin.operations import RemovePerson

    demo_plan.actor = "Aisha Bello"
    demo_plan.execute(UpdateNode("KZ-117", {"title": "Mine"}))
    with pytest.raises(ValidationError, match="Aisha Bello made edits that the history keeps"):
        demo_plan.execute(RemovePerson("Aisha Bello"))
    demo_plan.execute(RemovePerson("Mark Hughes"))  # no history: removed as before


# -- 8. denial of service from low roles ----------------------------------------------------


def test_defect_8_words_outside_the_cores_vocabulary_are_refused(shared: str) -> None:
    with _unchanged(shared), _connect(shared, "aisha") as conn:
        for sql in (
            "UPDATE nodes SET status = 'pwned' WHERE code = 'KZ-117'",
            "UPDATE nodes SET kaizen_type = 'pwned' WHERE code = 'KZ-117'",
            "UPDATE edges SET kind = 'zzz' WHERE source_id = "
            "(SELECT id FROM nodes WHERE code = 'KZ-117')",
        ):
            with pytest.raises(psycopg.errors.CheckViolation):
                conn.execute(sql)
    with _connect(shared, "aisha") as conn:  # allowed: a status of the lifecycle
        done = conn.execute("UPDATE nodes SET status = 'done' WHERE code = 'KZ-117'")
        assert done.rowcount == 1
    with _connect(shared) as admin:  # every word column has its check, from the enums
        checks = admin.execute(
            "SELECT count(*) FROM pg_constraint WHERE conname LIKE 'hoshin_%_words'"
        ).fetchone()
    assert checks == (len(rls._vocabulary()),)  # every column of words the core knows


def test_defect_8_a_login_cannot_take_the_last_id_or_code(shared: str) -> None:
    from hoshin.model.kinds import NodeKind
    from hoshin.operations import AddNode

    with _unchanged(shared), _connect(shared, "aisha") as conn:
        for values in ("2147483647, 'KZ-999', 999", "900, 'KZ-2147483647', 2147483647"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="next"):
                conn.execute(
                    "INSERT INTO nodes (id, code, seq, kind, unit_id, title, description, "
                    f"expected_effect, version, year) VALUES ({values}, 'kaizen', 20, 'Mine', "
                    "'', '', 1, (SELECT max(year) FROM years))"
                )
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="next"):
            conn.execute("UPDATE nodes SET id = 2147483647 WHERE code = 'KZ-117'")
    with Plan.open(_as_login(shared, "aisha")) as aisha:  # the core's adds carry on
        assert aisha.execute(AddNode(NodeKind.KAIZEN, "T-AS", "Shadow board")).result == "KZ-141"


def test_defect_8_a_forged_notification_neither_breaks_nor_moves_a_reader(shared: str) -> None:
    from hoshin.shared import live

    with Plan.open(_as_login(shared, "kenji")) as kenji:
        feed = live.ChangeFeed(kenji.engine, kenji.instance)
        try:
            high = _audit(shared)[-1][0]
            # One transaction: the three arrive together, when it commits.
            with _connect(shared, "gareth") as conn, conn.transaction():
                for payload in (
                    "not json",
                    '{"by": "x", "upto": 1, "c": {"nodes": ["DROP"]}}',
                    '{"by": "x", "upto": 2147483647, "c": {"nodes": [1]}}',
                ):
                    conn.execute("SELECT pg_notify('hoshin_changes', %s)", (payload,))
            notes = feed.read(timeout=1.0)
        finally:
            feed.close()
    assert len(notes) == 1  # the two malformed ones are dropped
    assert notes[0].upto == high and notes[0].changes is not None
    assert notes[0].changes.nodes == {1}


def test_defect_8_a_held_table_lock_refuses_an_edit_in_seconds_not_forever(
    shared: str, monkeypatch: pytest.MonkeyPatch
) -> None:

    from hoshin.model.errors import PlanError
    from hoshin.store import storage

    monkeypatch.setattr(storage, "LOCK_TIMEOUT", "1s")
    with _connect(shared, "aisha") as conn, Plan.open(_as_login(shared, "kenji")) as kenji:
        assert len(kenji.graph) > 0
        conn.autocommit = False
        conn.execute("LOCK TABLE nodes IN ACCESS EXCLUSIVE MODE")
        # The edit gives up with a sentence (the lock timeout), instead of freezing the app.
        with pytest.raises(PlanError, match="lock timeout"):
            kenji.execute(UpdateNode("KPI-9", {"goal": 3}))
        conn.rollback()
        kenji.execute(UpdateNode("KPI-9", {"goal": 3}))  # once the lock is gone: written


# -- 5. db login ----------------------------------------------------------------------------


def _roles(url: str) -> list[tuple[object, ...]]:
    with _connect(url) as admin:
        return admin.execute(
            "SELECT r.rolname, r.rolcanlogin, r.rolpassword IS NOT NULL, "
            f"pg_has_role(r.oid, '{_group(url)}', 'MEMBER') "
            "FROM pg_authid r WHERE r.rolname NOT LIKE 'pg%' ORDER BY 1"
        ).fetchall()


def test_defect_5_db_login_takes_over_no_role_of_the_server(
    shared: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with _connect(shared) as admin:
        admin.execute("CREATE ROLE intruder")  # a role of someone else on the server
    capsys.readouterr()
    before = _roles(shared)
    with _unchanged(shared):
        for name, why in (
            ("intruder", "exists already and is not this person's login"),
            ("helen", "exists already and is not this person's login"),  # another's
            ("postgres", "keeps for itself"),
            ("current_user", "keeps for itself"),
            ("hoshin", "keeps for itself"),  # the owner
            ("pg_monitor", "keeps for itself"),
            ("hoshin_people", "keeps for itself"),
            ('x"; DROP TABLE nodes; --', "cannot be a login"),
        ):
            assert main(["db", "login", shared, "Mei Chen", name]) == 1
            err = capsys.readouterr().err
            assert why in err and err.startswith("hoshin: error: ") and err.count("\n") == 1
    assert _roles(shared) == before


def test_defect_5_re_linking_a_person_retires_the_old_login(
    shared: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOSHIN_DB_PASSWORD", "s3cret pass")
    assert main(["db", "login", shared, "Aisha Bello", "aisha2"]) == 0
    roles = {r[0]: r[1:] for r in _roles(shared)}
    assert roles["aisha2"] == (True, True, True)  # logs in, with a password, in the group
    assert roles["aisha"] == (False, False, False)  # the old one may not log in any more
    with Plan.open(_as_login(shared, "aisha2")) as aisha:
        assert aisha.actor == "P-25"
    with _connect(shared, "aisha2") as conn:  # the session limits of a login, in this plan
        limits = {
            name: conn.execute(f"SHOW {name}").fetchone()
            for name in ("idle_in_transaction_session_timeout", "statement_timeout")
        }
    assert limits == {
        "idle_in_transaction_session_timeout": ("5min",),
        "statement_timeout": ("5min",),
    }
    assert main(["db", "login", shared, "Aisha Bello", "aisha2"]) == 0  # again: harmless


def test_defect_5_the_password_reaches_the_server_hashed(
    shared: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOSHIN_DB_PASSWORD", "s3cret pass")
    statements: list[str] = []
    real: Any = psycopg.Cursor.execute

    def spy(self: psycopg.Cursor[Any], query: Any, *args: Any, **kwargs: Any) -> Any:
        statements.append(query.as_string(self) if hasattr(query, "as_string") else str(query))
        statements.extend(str(a) for a in args)
        return real(self, query, *args, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "execute", spy)
    assert main(["db", "login", shared, "Mei Chen", "mei"]) == 0
    monkeypatch.undo()
    try:
        with _connect(shared) as admin:
            kept = admin.execute("SELECT rolpassword FROM pg_authid WHERE rolname = 'mei'")
            row = kept.fetchone()
        assert row is not None
        stored = str(row[0])
        sent = "\n".join(statements)
        assert stored.startswith("SCRAM-SHA-256$4096:") and stored in sent
        assert "s3cret" not in sent
    finally:
        pg.drop_roles(shared, ["mei"])


# -- 9. passwords in sight ------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://ann:s3cr%40t@127.0.0.1:1/strategy",
        "postgresql+psycopg://ann@127.0.0.1:1/strategy?password=s3cr%40t",
        "postgresql+psycopg://ann@127.0.0.1:1/strategy?connect_timeout=2&password=s3cr@t",
    ],
)
def test_defect_9_no_error_prints_a_password(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (
        ["show", url],
        ["db", "upgrade", url],
        ["db", "init", url, "--org", "A"],
        ["db", "copy", url, "/nonexistent/x.hoshin"],
        ["show", url, "--bogus"],
    ):
        assert main(argv) != 0
        out = capsys.readouterr()
        assert out.err.startswith("hoshin: ")
        assert "s3cr" not in out.err + out.out, argv


def test_defect_9_the_masking_covers_the_user_part_and_query_parameters() -> None:
    from hoshin.store.masking import mask, without_password

    assert without_password("postgresql://a:pw@h/db?password=x&sslmode=require") == (
        "postgresql://a@h/db?sslmode=require"
    )
    assert without_password("postgresql://a@h/db?sslmode=require") == (
        "postgresql://a@h/db?sslmode=require"
    )
    assert without_password("/plans/a.hoshin") == "/plans/a.hoshin"
    said = "could not connect: host=h user=a password=hunter2 dbname=db (postgresql://a:pw@h/db)"
    assert mask(said) == (
        "could not connect: host=h user=a password=*** dbname=db (postgresql://a:***@h/db)"
    )


def test_defect_9_the_apps_settings_keep_no_password() -> None:
    from app.plans import locations

    kept = locations.without_password("postgresql+psycopg://ann@db/plan?password=s3cret&x=1")
    assert kept == "postgresql+psycopg://ann@db/plan?x=1"


def test_defect_9_settings_of_an_older_version_lose_query_passwords(tmp_path: Path) -> None:
    import json

    from PySide6.QtCore import QSettings

    from app.settings import AppSettings

    qs = QSettings(str(tmp_path / "hoshin.ini"), QSettings.Format.IniFormat)
    qs.setValue("version", 2)
    qs.setValue("files/recent", json.dumps(["postgresql+psycopg://ann@db/plan?password=s3cret"]))
    settings = AppSettings(qs)
    assert settings.recent_plans() == ["postgresql+psycopg://ann@db/plan"]
    settings.add_recent("postgresql+psycopg://bob@db/other?sslpassword=s3cret")
    qs.sync()
    assert "s3cret" not in (tmp_path / "hoshin.ini").read_text()


# -- 6. catchball: parties and transitions ---------------------------------------------------


def _msg(thread: int, kind: str, author: str = "hoshin_person(current_user)") -> str:
    return (
        "INSERT INTO catchball_messages (thread_id, author_id, kind, text, round, state, "
        f"resources, created_at) VALUES ({thread}, {author}, '{kind}', 'x', 1, 'agreed', '', "
        "now())"
    )


def test_defect_6_catchball_parties_and_transitions_hold_in_plain_sql(shared: str) -> None:
    with Plan.open(shared) as owner:
        owner.actor = "Helen Ward"
        thread = int(owner.execute(Throw("KPI-2", "OPS", "Helen Ward", 22, "22 days")).result)
        owner.execute(SetAccess("Gareth Evans", "OPS", "member"))
    with _unchanged(shared):
        with _connect(shared, "gareth") as conn:  # a member of the side below
            _refused(conn, f"UPDATE catchball_threads SET state = 'agreed', agreed_value = 1 "
                           f"WHERE id = {thread}")  # fmt: skip
            _refused(conn, _msg(thread, "agree"))
            _refused(conn, _msg(thread, "comment", author="1"))  # in Helen's name
            _refused(conn, f"DELETE FROM catchball_threads WHERE id = {thread}")
            _refused(conn, "DELETE FROM catchball_messages")
        with _connect(shared, "aisha") as conn:  # no party to this thread
            _refused(conn, _msg(thread, "agree"))
            _refused(conn, _msg(thread, "lock"))
        with _connect(shared, "kenji") as conn:  # a manager below: no lock, no new agreed
            _refused(conn, _msg(thread, "lock"))
            _refused(conn, f"UPDATE catchball_threads SET state = 'locked' WHERE id = {thread}")
            _refused(conn, f"UPDATE catchball_threads SET lower_unit_id = 4 WHERE id = {thread}")
            _refused(
                conn,
                "INSERT INTO catchball_threads (id, node_id, upper_unit_id, lower_unit_id, "
                "state, round, opened_at, agreed_value, version) SELECT 50, id, 3, 9, "
                "'agreed', 1, now(), 1, 1 FROM nodes WHERE code = 'KPI-9'",
            )
        with _connect(shared, "helen") as conn:  # the thrower: not while it has messages
            _refused(conn, f"DELETE FROM catchball_threads WHERE id = {thread}")
    # What the rules allow goes through, through the core, as each person's own login.
    with Plan.open(_as_login(shared, "gareth")) as gareth:
        gareth.execute(Reply(thread, "comment", "Gareth Evans", text="Leeds can help"))
    with Plan.open(_as_login(shared, "kenji")) as kenji:
        kenji.execute(Reply(thread, "agree", "Kenji Watanabe"))
    with Plan.open(_as_login(shared, "helen")) as helen:
        applied = helen.execute(Lock(thread, "Helen Ward"))
        helen.execute(applied.inverse)  # and undo
        helen.execute(Lock(thread, "Helen Ward"))
    with _connect(shared) as admin:
        state = admin.execute("SELECT state FROM catchball_threads WHERE id = %s", (thread,))
        assert state.fetchone() == ("locked",)


def test_defect_6_an_undone_throw_removes_its_thread(shared: str) -> None:
    with Plan.open(_as_login(shared, "helen")) as helen:
        applied = helen.execute(Throw("KPI-2", "OPS", "Helen Ward", 22, "22 days"))
        helen.execute(applied.inverse)
    with _connect(shared) as admin:
        assert admin.execute("SELECT count(*) FROM catchball_threads").fetchone() == (0,)


# -- 10. reading and plans without roles ------------------------------------------------------


def test_defect_10_a_login_of_another_plan_cannot_even_connect(
    shared: str, demo_path: Path, pg_server: str
) -> None:
    other = pg.new_database(pg_server)
    copy_plan(str(demo_path), other)
    assert main(["db", "login", other, "Mei Chen", "mei_other"]) == 0
    try:
        with pytest.raises(psycopg.OperationalError, match="permission denied"):
            _connect(shared, "mei_other")
        with _connect(other, "mei_other") as conn:  # its own plan: reads it
            assert conn.execute("SELECT count(*) FROM units").fetchone() == (28,)
    finally:
        pg.drop_roles(other, ["mei_other"])


def test_defect_10_a_plan_without_roles_is_written_by_its_owner_alone(
    demo_path: Path, pg_server: str
) -> None:
    from hoshin.model.errors import PermissionDeniedError

    url = pg.new_database(pg_server)
    copy_plan(str(demo_path), url)
    assert main(["db", "login", url, "Kenji Watanabe", "kenji_open"]) == 0
    try:
        with _unchanged(url), _connect(url, "kenji_open") as conn:
            _refused(conn, "UPDATE nodes SET goal = 0 WHERE code = 'KPI-9'")
            _refused(conn, "INSERT INTO unit_roles (id, person_id, unit_id, role) "
                           "VALUES (1, 4, 1, 'executive')")  # fmt: skip
        with Plan.open(_as_login(url, "kenji_open")) as kenji, pytest.raises(PermissionDeniedError):
            kenji.execute(UpdateNode("KPI-9", {"goal": 3}))
        with Plan.open(url) as owner:  # the owner names the first executive, and a manager
            owner.actor = "Helen Ward"
            owner.execute(SetAccess("Helen Ward", "CO", "executive"))
            owner.execute(SetAccess("Kenji Watanabe", "OPS", "manager"))
        with Plan.open(_as_login(url, "kenji_open")) as kenji:
            kenji.execute(UpdateNode("KPI-9", {"goal": 3}))
    finally:
        pg.drop_roles(url, ["kenji_open"])


def test_defect_7_nobody_renames_a_person_to_rewrite_the_history(shared: str) -> None:
    with _unchanged(shared), _connect(shared, "kenji") as conn:
        for sql in (
            "UPDATE people SET name = 'Helen Ward' WHERE login = 'kenji'",
            "UPDATE people SET name = 'Helen Ward' WHERE name = 'Gareth Evans'",
            "UPDATE people SET key = 'P-1' WHERE name = 'Gareth Evans'",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)


# -- 11. plain SQL leaves history ------------------------------------------------------------


def _entries(url: str, after: int = 0) -> list[tuple[Any, ...]]:
    """The audit entries after id ``after``, as the superuser reads them."""
    with _connect(url) as admin:
        return admin.execute(
            "SELECT a.edit, p.name, a.action, a.table_name, a.row_id, a.node_id, a.field, "
            "a.old, a.new FROM audit_log a LEFT JOIN people p ON p.id = a.person_id "
            "WHERE a.id > %s ORDER BY a.id",
            (after,),
        ).fetchall()


def _last_entry(url: str) -> int:
    with _connect(url) as admin:
        return int(admin.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0])


def test_defect_11_a_plain_sql_update_is_audited_in_the_logins_name(
    shared: str, capsys: pytest.CaptureFixture[str]
) -> None:
    last = _last_entry(shared)
    with _connect(shared) as admin:
        node, title = admin.execute("SELECT id, title FROM nodes WHERE code = 'KZ-117'").fetchone()
    with _connect(shared, "aisha") as conn:  # her own kaizen: the policies allow it
        assert conn.execute("UPDATE nodes SET title = 'Mine' WHERE code = 'KZ-117'").rowcount == 1
    assert _entries(shared, last) == [
        ("SQL by aisha", "Aisha Bello", "update", "nodes", str(node), node, "title",
         f'"{title}"', '"Mine"'),
    ]  # fmt: skip
    capsys.readouterr()
    assert main(["audit", shared, "KZ-117", "--limit", "1"]) == 0
    shown = capsys.readouterr().out.splitlines()
    assert shown[0].endswith("Aisha Bello: SQL by aisha")
    assert shown[1] == f"    KZ-117 renamed from “{title}” to “Mine”"


def test_defect_11_a_row_changed_twice_in_one_transaction_has_both_changes(shared: str) -> None:
    last = _last_entry(shared)
    with _connect(shared) as admin:
        title = admin.execute("SELECT title FROM nodes WHERE code = 'KZ-117'").fetchone()[0]
    with _connect(shared, "aisha") as conn, conn.transaction():
        conn.execute("UPDATE nodes SET title = 'Mine' WHERE code = 'KZ-117'")
        conn.execute("UPDATE nodes SET title = 'Mine again' WHERE code = 'KZ-117'")
    assert [(r[0], r[6], r[7], r[8]) for r in _entries(shared, last)] == [
        ("SQL by aisha", "title", f'"{title}"', '"Mine"'),
        ("SQL by aisha", "title", '"Mine"', '"Mine again"'),
    ]


def test_defect_11_plain_sql_adds_and_removals_are_audited_with_their_rows(shared: str) -> None:
    last = _last_entry(shared)
    with _connect(shared) as admin:
        node = admin.execute("SELECT id FROM nodes WHERE code = 'KZ-117'").fetchone()[0]
    with _connect(shared, "aisha") as conn:
        with conn.transaction():  # one transaction: both are recorded at its commit
            made = conn.execute(
                "INSERT INTO action_items (id, kaizen_id, title, done) VALUES "
                f"((hoshin_next_ids('action_items', 1))[1], {node}, 'Tidy', false) RETURNING id"
            ).fetchone()
            assert made is not None
            item = made[0]
            conn.execute("UPDATE action_items SET title = 'Tidy up' WHERE id = %s", (item,))
        conn.execute("DELETE FROM action_items WHERE id = %s", (item,))
    made = _entries(shared, last)
    assert [(r[0], r[1], r[2], r[3], r[4], r[5], r[6]) for r in made] == [
        ("SQL by aisha", "Aisha Bello", "insert", "action_items", str(item), node, None),
        ("SQL by aisha", "Aisha Bello", "update", "action_items", str(item), node, "title"),
        ("SQL by aisha", "Aisha Bello", "delete", "action_items", str(item), node, None),
    ]
    assert '"title": "Tidy"' in made[0][8] and made[0][7] is None
    assert (made[1][7], made[1][8]) == ('"Tidy"', '"Tidy up"')
    assert '"title": "Tidy up"' in made[2][7] and made[2][8] is None


def test_defect_11_hoshins_own_edits_are_recorded_once_and_undo_still_works(
    shared: str, demo_plan: Plan
) -> None:
    """The same edits, on the same sample, leave as many entries on a shared plan (made by
    a login, so the database looks at every row) as in a file (where only the core
    writes them), none of them labelled as plain SQL."""
    edits = [
        UpdateNode("KZ-117", {"title": "Aisha's wording", "description": "Shorter"}),
        SetMeasurement("KPI-9", "2026-05", actual=7),
        AddNode(NodeKind.KAIZEN, "T-AS", "A new kaizen"),
    ]
    in_file = []
    demo_plan.actor = "Aisha Bello"
    for edit in edits:
        with demo_plan.session() as s:
            before = s.query(AuditEntry).count()
        applied = demo_plan.execute(edit)
        demo_plan.execute(applied.inverse)
        with demo_plan.session() as s:
            in_file.append(s.query(AuditEntry).count() - before)
    with _connect(shared) as admin:
        admin.execute(
            "INSERT INTO unit_roles (id, person_id, unit_id, role) SELECT "
            "(SELECT max(id) + 1 FROM unit_roles), p.id, u.id, 'manager' "
            "FROM people p, units u WHERE p.login = 'aisha' AND u.code = 'OPS'"
        )  # her target's unit too, for the month's figure
        title = admin.execute("SELECT title FROM nodes WHERE code = 'KZ-117'").fetchone()[0]
    shared_counts = []
    with Plan.open(_as_login(shared, "aisha")) as aisha:
        for edit in edits:
            last = _last_entry(shared)
            applied = aisha.execute(edit)
            aisha.execute(applied.inverse)
            made = _entries(shared, last)
            assert not [r for r in made if r[0].startswith("SQL by")]
            assert {r[1] for r in made} == {"Aisha Bello"}
            shared_counts.append(len(made))
    assert shared_counts == in_file and all(n >= 2 for n in in_file)
    with _connect(shared) as admin:  # undone: the kaizen has its title back
        assert admin.execute("SELECT title FROM nodes WHERE code = 'KZ-117'").fetchone() == (title,)


# -- 12. a group per plan --------------------------------------------------------------------


def test_defect_12_a_login_of_another_plan_reads_nothing_even_let_in(
    shared: str, demo_path: Path, pg_server: str
) -> None:
    """Both plans have the same schema; an administrator lets B's login connect to A by
    mistake: A's tables are still not B's group's to read (not even an empty answer)."""
    other = pg.new_database(pg_server)
    copy_plan(str(demo_path), other)
    assert main(["db", "login", other, "Mei Chen", "mei_other"]) == 0
    assert _group(shared) != _group(other)
    try:
        with _connect(shared) as admin:
            admin.execute(f'GRANT CONNECT ON DATABASE "{make_url(shared).database}" TO mei_other')
        with _connect(shared, "mei_other") as conn:
            for table in ("units", "nodes", "people", "audit_log"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(f"SELECT count(*) FROM {table}")
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f'SET ROLE "{_group(shared)}"')
        with _connect(other, "mei_other") as conn:  # its own plan: reads it
            assert conn.execute("SELECT count(*) FROM units").fetchone() == (28,)
    finally:
        pg.drop_roles(other, ["mei_other"])


def test_defect_12_the_group_name_is_the_databases_and_fits(shared: str) -> None:
    assert rls.group_name("strategy") == "hoshin_people_strategy"
    odd = [rls.group_name(n) for n in ("Strategy 2027", "strategy_2027", "x" * 63, "x" * 62)]
    assert len(set(odd)) == 4 and all(len(n) <= 63 for n in odd)
    assert all(n.replace("_", "").isalnum() and n.islower() for n in odd)


def test_defect_12_upgrade_moves_a_plan_off_the_shared_group(
    shared: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A plan made before each plan had a group: its group, its grants and its policies
    were ``hoshin_people`` (renaming the plan's group makes one exactly so). ``db upgrade``
    moves its logins to the plan's own group and leaves the shared one nothing here."""
    group = _group(shared)
    with _connect(shared) as admin:
        admin.execute(f'ALTER ROLE "{group}" RENAME TO hoshin_people')
    try:
        capsys.readouterr()
        assert main(["db", "login", shared, "Mei Chen", "mei"]) == 1  # not before the upgrade
        assert "run hoshin db upgrade URL as its owner first" in capsys.readouterr().err
        assert main(["db", "upgrade", shared]) == 0
        assert group in capsys.readouterr().out
        with _connect(shared) as admin:
            members = admin.execute(
                "SELECT r.rolname, pg_has_role(r.oid, 'hoshin_people', 'MEMBER'), "
                "pg_has_role(r.oid, %s, 'MEMBER') FROM pg_roles r "
                "WHERE r.rolname = ANY(%s) ORDER BY 1",
                (group, list(LOGINS)),
            ).fetchall()
            assert members == [(login, False, True) for login in sorted(LOGINS)]
            assert admin.execute(
                "SELECT count(*) FROM information_schema.role_table_grants "
                "WHERE grantee = 'hoshin_people' AND table_schema = 'public'"
            ).fetchone() == (0,)
            assert admin.execute(
                "SELECT count(*) FROM pg_policies WHERE 'hoshin_people' = ANY(roles)"
            ).fetchone() == (0,)
        with _connect(shared, "aisha") as conn:  # still reads and writes her plan
            assert conn.execute("SELECT count(*) FROM units").fetchone() == (28,)
            done = conn.execute("UPDATE nodes SET title = 'Mine' WHERE code = 'KZ-117'")
            assert done.rowcount == 1
        with _connect(shared, "gareth") as conn:  # and no more than her roles allow
            _refused(conn, "UPDATE nodes SET title = 'Pwned' WHERE code = 'KZ-117'")
    finally:
        pg.drop_roles(shared, ["hoshin_people", "mei"])
