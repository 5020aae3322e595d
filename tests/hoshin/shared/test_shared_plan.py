"""A shared plan on a real PostgreSQL server: people log in as themselves, stale edits are
refused, changes are pushed to every open plan, and the database enforces the roles."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from hoshin.catchball.operations import Reply, Throw
from hoshin.cli.main import main
from hoshin.model import entities as e
from hoshin.model.errors import PermissionDeniedError, StaleEditError
from hoshin.model.kinds import NodeKind
from hoshin.operations import AddNode, SetAccess, UpdateNode
from hoshin.operations.rollover import Rollover
from hoshin.operations.years import SetYearState
from hoshin.plan import Plan
from hoshin.shared import live
from hoshin.store.dbcopy import copy_plan
from tests import pg


def _as_login(url: str, login: str) -> str:
    return make_url(url).set(username=login).render_as_string(hide_password=False)


@pytest.fixture
def shared(demo_plan: Plan, pg_server: str) -> Iterator[str]:
    """The sample plan on PostgreSQL with database permissions, roles and three logins."""
    url = pg.new_database(pg_server)
    copy_plan(demo_plan.location, url)  # a copy up enforces the roles from the start
    for person, login in (("Aisha Bello", "aisha"), ("Kenji Watanabe", "kenji"),
                          ("Mark Hughes", "mark")):  # fmt: skip
        assert main(["db", "login", url, person, login]) == 0
    with Plan.open(url) as owner:
        owner.actor = "Helen Ward"
        owner.execute(SetAccess("Helen Ward", "CO", "executive"))
        owner.execute(SetAccess("Kenji Watanabe", "OPS", "manager"))
        owner.execute(SetAccess("Aisha Bello", "T-AS", "member"))
        owner.execute(SetAccess("Mark Hughes", "T-AS", "member"))
    yield url
    pg.drop_roles(url, ["aisha", "kenji", "mark"])


def _sql(url: str, login: str) -> psycopg.Connection:
    u = make_url(url)
    return psycopg.connect(host=u.host, port=u.port, user=login, dbname=u.database, autocommit=True)


def _value(url: str, column: str, code: str) -> object:
    with Plan.open(url) as plan, plan.session() as s:
        return s.execute(select(e.Node.__table__.c[column]).where(e.Node.code == code)).scalar()


def test_db_init_and_upgrade_set_up_the_permissions(
    pg_server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = pg.new_database(pg_server)
    assert main(["db", "init", url, "--org", "Acme"]) == 0
    assert "enforced by the database for members of hoshin_people_" in capsys.readouterr().out
    assert main(["db", "upgrade", url]) == 0  # again: harmless
    assert _secured_tables(url) == len(e.Base.metadata.tables)  # all but alembic_version


def test_a_plan_made_on_a_server_from_the_app_enforces_its_roles_too(pg_server: str) -> None:
    url = pg.new_database(pg_server)
    Plan.create(url, "Acme").close()  # what File ▸ New on a shared plan does
    assert _secured_tables(url) == len(e.Base.metadata.tables)


def _secured_tables(url: str) -> int:
    with _sql(url, "hoshin") as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND rowsecurity"
        ).fetchone()
    return int(row[0]) if row is not None else 0


def test_a_person_logged_in_edits_as_themselves(shared: str) -> None:
    with Plan.open(_as_login(shared, "aisha")) as aisha:
        assert aisha.actor == "P-25"  # found by the database login
        code = aisha.execute(AddNode(NodeKind.KAIZEN, "T-AS", "Shadow board")).result
        with aisha.session() as s:
            who = s.execute(
                select(e.Person.name)
                .join(e.AuditEntry, e.AuditEntry.person_id == e.Person.id)
                .order_by(e.AuditEntry.id.desc())
                .limit(1)
            ).scalar()
    assert who == "Aisha Bello"
    assert _value(shared, "title", code) == "Shadow board"


def test_plain_sql_cannot_change_another_units_target(shared: str) -> None:
    before = _value(shared, "goal", "KPI-9")
    with _sql(shared, "aisha") as conn:
        # Row-level security: the row is not Aisha's to change, so nothing is updated.
        done = conn.execute("UPDATE nodes SET goal = 0 WHERE code = 'KPI-9'").rowcount
        assert done == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO nodes (id, code, seq, kind, unit_id, title, description, "
                "expected_effect, year) VALUES (99999, 'KPI-999', 999, 'target', 3, 'Mine now', "
                "'', '', (SELECT max(year) FROM years))"
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # no forged history
            conn.execute(
                "INSERT INTO audit_log (at, person_id, edit, action, table_name, row_id) "
                "VALUES (now(), 1, 'forged', 'update', 'nodes', '1')"
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # nor a new identity
            conn.execute("UPDATE people SET login = 'aisha2' WHERE login = 'aisha'")
        # What her role allows goes through: a kaizen of her team.
        assert conn.execute("UPDATE nodes SET title = 'Mine' WHERE code = 'KZ-117'").rowcount == 1
    assert _value(shared, "goal", "KPI-9") == before
    with _sql(shared, "kenji") as conn:  # the manager of Operations may
        assert conn.execute("UPDATE nodes SET goal = 3 WHERE code = 'KPI-9'").rowcount == 1


def test_the_database_refuses_what_the_core_would_have_refused(shared: str) -> None:
    with Plan.open(_as_login(shared, "aisha")) as aisha:
        with pytest.raises(PermissionDeniedError, match="needs the manager role on OPS"):
            aisha.execute(UpdateNode("KPI-9", {"goal": 1}))
        aisha.administrator = True  # skip the core's check: the database still refuses
        with pytest.raises(PermissionDeniedError, match="permissions"):
            aisha.execute(UpdateNode("KPI-9", {"goal": 1}))
    assert _value(shared, "goal", "KPI-9") != 1


def test_a_conflicting_edit_is_refused_and_nothing_is_lost(shared: str) -> None:
    with (
        Plan.open(_as_login(shared, "aisha")) as aisha,
        Plan.open(_as_login(shared, "mark")) as mark,
    ):
        assert len(aisha.graph) == len(mark.graph)
        mark.execute(UpdateNode("KZ-117", {"title": "Mark's wording"}))
        with pytest.raises(StaleEditError, match="KZ-117 was changed by Mark Hughes at "):
            aisha.execute(UpdateNode("KZ-117", {"title": "Aisha's wording"}))
        aisha.execute(UpdateNode("KZ-114", {"title": "Another kaizen: no conflict"}))
    assert _value(shared, "title", "KZ-117") == "Mark's wording"


def test_two_people_adding_at_once_get_distinct_codes(shared: str) -> None:
    made: dict[str, list[str]] = {"aisha": [], "mark": []}
    errors: list[BaseException] = []

    def add(login: str) -> None:
        try:
            with Plan.open(_as_login(shared, login)) as plan:
                for i in range(8):
                    title = f"{login} idea {i}"
                    made[login].append(plan.execute(AddNode(NodeKind.KAIZEN, "T-AS", title)).result)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    workers = [threading.Thread(target=add, args=(who,)) for who in made]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert errors == []
    codes = made["aisha"] + made["mark"]
    assert len(set(codes)) == 16


def test_a_catchball_round_trip_is_delivered_both_ways_as_it_happens(shared: str) -> None:
    helen = Plan.open(shared)
    helen.actor = "Helen Ward"
    thread = helen.execute(Throw("KPI-2", "OPS", "Helen Ward", 22, "Lead time 22 days")).result
    kenji = Plan.open(_as_login(shared, "kenji"))
    to_kenji = live.ChangeFeed(kenji.engine, kenji.instance)
    to_helen = live.ChangeFeed(helen.engine, helen.instance)
    try:
        assert to_kenji.read() == [] and to_helen.read() == []
        helen.execute(Reply(thread, "comment", "Helen Ward", text="Can you do 22?"))
        # The note arrives without asking (how fast is the benchmark's to say, not a test's).
        got = to_kenji.read(timeout=10.0)
        assert len(got) == 1 and got[0].changes is not None
        assert thread in got[0].changes.threads and got[0].upto > 0
        kenji.catch_up(got[0].changes, got[0].upto)  # what the app does with a note
        assert to_helen.read() == []  # Helen's own edit is not echoed back to her
        kenji.execute(Reply(thread, "counter", "Kenji Watanabe", 24, "24 without capital"))
        back = to_helen.read(timeout=10.0)
        assert len(back) == 1 and back[0].changes is not None
        assert thread in back[0].changes.threads
        assert to_kenji.read(timeout=0.2) == []
    finally:
        to_kenji.close()
        to_helen.close()
        kenji.close()
        helen.close()


def test_the_database_keeps_a_closed_year_read_only(shared: str) -> None:
    with Plan.open(shared) as owner:
        owner.actor = "Helen Ward"
        year = owner.year
        owner.execute(Rollover(year + 1))
    line = f"{year} is closed: reopen it with `hoshin year reopen {year}` (an executive)."
    with _sql(shared, "kenji") as conn:  # a manager of OPS, who may change KPI-9 otherwise
        with pytest.raises(psycopg.errors.CheckViolation, match=re.escape(line)):
            conn.execute(f"UPDATE nodes SET goal = 3 WHERE code = 'KPI-9' AND year = {year}")
        kpi = conn.execute(
            f"SELECT id FROM nodes WHERE code = 'KPI-9' AND year = {year}"
        ).fetchone()
        assert kpi is not None
        with pytest.raises(psycopg.errors.CheckViolation):  # nor its figures
            conn.execute(f"DELETE FROM measurements WHERE node_id = {kpi[0]}")
        # Next year's KPI-9 is his to change.
        done = conn.execute(f"UPDATE nodes SET goal = 3 WHERE code = 'KPI-9' AND year = {year + 1}")
        assert done.rowcount == 1
    # Reopened by an executive, the old year takes his edits again.
    with Plan.open(shared) as owner:
        owner.actor = "Helen Ward"
        owner.execute(SetYearState(year, "open"))
    with _sql(shared, "kenji") as conn:
        done = conn.execute(f"UPDATE nodes SET goal = 3 WHERE code = 'KPI-9' AND year = {year}")
        assert done.rowcount == 1
