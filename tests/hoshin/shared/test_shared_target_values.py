"""Who may record a target's daily or weekly values: a member of the target's unit (as for
its monthly figures), a manager to change how it is tracked; enforced by the core on a file
plan and by row-level security in plain SQL on a shared plan; a closed year refuses both."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy.engine import make_url

from hoshin.cli.main import main
from hoshin.model.errors import PermissionDeniedError
from hoshin.operations import SetAccess
from hoshin.operations.target_values import SetTargetValue, SetTracking
from hoshin.operations.years import SetYearState
from hoshin.plan import Plan
from hoshin.rules.years import YearClosedError
from hoshin.store.dbcopy import copy_plan
from tests import pg

#: login: (person, unit, role); Gareth has a login and no role.
LOGINS = {
    "helen": ("Helen Ward", "CO", "executive"),
    "kenji": ("Kenji Watanabe", "OPS", "manager"),
    "mei": ("Mei Chen", "OPS", "member"),
    "aisha": ("Aisha Bello", "T-AS", "member"),
    "mark": ("Mark Hughes", "OPS", "viewer"),
    "gareth": ("Gareth Evans", None, None),
}
KPI9 = "(SELECT id FROM nodes WHERE code = 'KPI-9')"


def _roles(plan: Plan) -> Plan:
    plan.actor = "Helen Ward"
    for person, unit, role in LOGINS.values():
        if unit is not None:
            plan.execute(SetAccess(person, unit, role))
    plan.execute(SetTracking("KPI-9", "daily", "average"))
    plan.execute(SetTargetValue("KPI-9", "2026-03-02", 20))
    return plan


def test_the_core_lets_a_member_of_the_unit_record_values_and_a_manager_set_tracking(
    demo_plan: Plan,
) -> None:
    plan = _roles(demo_plan)
    plan.actor = "Mei Chen"
    plan.execute(SetTargetValue("KPI-9", "2026-03-03", 21))
    with pytest.raises(PermissionDeniedError, match="the manager role on OPS"):
        plan.execute(SetTracking("KPI-9", "weekly"))
    for who in ("Aisha Bello", "Mark Hughes", "Gareth Evans"):
        plan.actor = who
        with pytest.raises(PermissionDeniedError, match="the member role on OPS"):
            plan.execute(SetTargetValue("KPI-9", "2026-03-04", 1))
    plan.actor = "Kenji Watanabe"
    plan.execute(SetTracking("KPI-9", "weekly"))


def test_a_closed_year_refuses_values(demo_plan: Plan) -> None:
    plan = _roles(demo_plan)
    plan.execute(SetYearState(2026, "closed"))
    with pytest.raises(YearClosedError, match="2026 is closed"):
        plan.execute(SetTargetValue("KPI-9", "2026-03-03", 21))


@pytest.fixture
def shared(demo_plan: Plan, pg_server: str) -> Iterator[str]:
    _roles(demo_plan)
    url = pg.new_database(pg_server)
    copy_plan(demo_plan.location, url)
    for login, (person, _unit, _role) in LOGINS.items():
        assert main(["db", "login", url, person, login]) == 0
    yield url
    pg.drop_roles(url, list(LOGINS))


def _connect(url: str, login: str | None = None) -> psycopg.Connection:
    u = make_url(url)
    return psycopg.connect(
        host=u.host, port=u.port, user=login or u.username, dbname=u.database, autocommit=True
    )


def _count(url: str) -> int:
    """Values of March (the sample's own are of May and June)."""
    with _connect(url) as conn:
        found = conn.execute(
            "SELECT count(*) FROM target_values WHERE day < '2026-04-01'"
        ).fetchone()
    return int(found[0]) if found else -1


def _insert(day: str) -> str:
    return (
        "INSERT INTO target_values (id, node_id, day, value) "
        f"VALUES ((SELECT hoshin_next_ids('target_values', 1))[1], {KPI9}, '{day}', 5)"
    )


def test_plain_sql_follows_the_same_rule_for_each_role(shared: str) -> None:
    # A member of OPS, its manager, the executive.
    for login, day in (("mei", "2026-03-10"), ("kenji", "2026-03-11"), ("helen", "2026-03-12")):
        with _connect(shared, login) as conn:
            assert conn.execute(_insert(day)).rowcount == 1
            done = conn.execute("UPDATE target_values SET value = 6 WHERE day = '2026-03-02'")
            assert done.rowcount == 1
    assert _count(shared) == 4
    # A member elsewhere, a viewer of OPS, a login without any role.
    for login in ("aisha", "mark", "gareth"):
        with _connect(shared, login) as conn, pytest.raises(psycopg.Error):
            conn.execute(_insert("2026-03-20"))
        with _connect(shared, login) as conn:
            assert conn.execute("UPDATE target_values SET value = 0").rowcount == 0
            assert conn.execute("DELETE FROM target_values").rowcount == 0
    assert _count(shared) == 4
    with _connect(shared, "mei") as conn:  # a member does not change how it is tracked
        assert (
            conn.execute("UPDATE nodes SET tracking = 'weekly' WHERE code = 'KPI-9'").rowcount == 0
        )
        assert conn.execute("DELETE FROM target_values WHERE day = '2026-03-02'").rowcount == 1
    with _connect(shared, "kenji") as conn:
        assert (
            conn.execute("UPDATE nodes SET tracking = 'weekly' WHERE code = 'KPI-9'").rowcount == 1
        )
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.execute("UPDATE nodes SET tracking = 'hourly' WHERE code = 'KPI-9'")


def test_plain_sql_cannot_write_values_of_a_closed_year(shared: str) -> None:
    with Plan.open(shared) as owner:
        owner.actor = "Helen Ward"
        owner.execute(SetYearState(2026, "closed"))
    with _connect(shared, "helen") as conn:
        with pytest.raises(psycopg.Error, match="closed"):
            conn.execute(_insert("2026-03-03"))
        with pytest.raises(psycopg.Error, match="closed"):
            conn.execute("UPDATE target_values SET value = 1")
    assert _count(shared) == 1


def test_a_shared_plan_derives_months_as_a_file_does(shared: str) -> None:
    from hoshin.rules.bowling import load_targets

    with Plan.open(shared) as owner:
        owner.actor = "Helen Ward"
        owner.execute(SetTargetValue("KPI-9", "2026-03-04", 30))
        with owner.session() as s:
            row = next(t for t in load_targets(s, 2026) if t.code == "KPI-9")
        assert (row.actual["2026-03"], row.derived_note("2026-03")) == (
            25.0,
            "derived from 2 daily values",
        )  # (20 + 30) / 2
        owner.execute(SetTracking("KPI-9", "daily", "last"))
        with owner.session() as s:
            row = next(t for t in load_targets(s, 2026, [row.unit_id]) if t.code == "KPI-9")
        assert row.actual["2026-03"] == 30.0


def test_a_shared_plan_derives_chosen_months_as_the_year(shared: str) -> None:
    """The months "My work" asks for, one date range each, read on PostgreSQL too."""
    from sqlalchemy import select

    from hoshin.model import entities as e
    from hoshin.rules.finer_months import derived_months

    with Plan.open(shared) as owner:
        owner.actor = "Helen Ward"
        owner.execute(SetTargetValue("KPI-9", "2026-03-04", 30))
        owner.execute(SetTargetValue("KPI-9", "2026-04-01", 7))
        with owner.session() as s:
            kpi9 = s.scalars(select(e.Node.id).where(e.Node.code == "KPI-9")).one()
            with s.get_bind().connect() as conn:
                march = derived_months(conn, [kpi9], None, ["2026-02", "2026-03"])
        assert {m: (d.value, d.count) for m, d in march[kpi9].items()} == {"2026-03": (25.0, 2)}
        owner.execute(SetTracking("KPI-9", "daily", "last"))
        with owner.session() as s, s.get_bind().connect() as conn:
            last = derived_months(conn, [kpi9], None, ["2026-03", "2026-04"])
        assert {m: d.value for m, d in last[kpi9].items()} == {"2026-03": 30.0, "2026-04": 7.0}


def _march(url: str) -> tuple[int, float] | None:
    """KPI-9's March as the database keeps it: (count, figure)."""
    with _connect(url) as conn:
        found = conn.execute(
            f"SELECT count, value FROM month_figures WHERE node_id = {KPI9} AND month = '2026-03'"
        ).fetchone()
    return (int(found[0]), float(found[1])) if found else None


def test_no_login_writes_the_month_figures_and_their_writes_keep_them_true(shared: str) -> None:
    """The figures "My work" and the charts read are the database's: every login reads
    them, none writes them, and a login's own SQL on the values leaves them true."""
    assert _march(shared) == (1, 20.0)  # made when the plan was copied in
    for login in LOGINS:
        with _connect(shared, login) as conn:
            for forge in (
                f"INSERT INTO month_figures VALUES ({KPI9}, '2026-07', 1, 99)",
                "UPDATE month_figures SET value = 99",
                "DELETE FROM month_figures",
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(forge)
    with _connect(shared, "mei") as conn:  # a member of OPS records two values in SQL
        conn.execute(_insert("2026-03-10"))  # 5
        conn.execute("UPDATE target_values SET value = 50 WHERE day = '2026-03-02'")
    assert _march(shared) == (2, 27.5)  # (50 + 5) / 2
    with _connect(shared, "kenji") as conn:  # the manager: summed, then one value less
        conn.execute("UPDATE nodes SET aggregation = 'sum' WHERE code = 'KPI-9'")
        assert _march(shared) == (2, 55.0)
        conn.execute("UPDATE target_values SET day = '2026-04-01' WHERE day = '2026-03-10'")
    assert _march(shared) == (1, 50.0)
    with _connect(shared, "mei") as conn:
        conn.execute("DELETE FROM target_values WHERE day = '2026-03-02'")
    assert _march(shared) is None  # no value left: the typed actual stands again
    with _connect(shared) as owner, _connect(shared, "gareth") as conn:
        everything = owner.execute("SELECT count(*) FROM month_figures").fetchone()
        assert conn.execute("SELECT count(*) FROM month_figures").fetchone() == everything


def test_a_shared_plan_upgraded_by_opening_it_lets_its_logins_read_the_figures(
    shared: str,
) -> None:
    """The owner opens a plan of schema 0011 with this Hoshin: the upgrade adds the figures
    and, at once, their grant and policy (else every login's charts fail until someone runs
    ``hoshin db upgrade``)."""
    with _connect(shared) as owner:  # the plan as schema 0011 left it
        for name in ("added", "changed", "removed", "aggregation"):
            owner.execute(f"DROP FUNCTION hoshin_month_figures_{name}() CASCADE")
        owner.execute("DROP TABLE month_figures")
        owner.execute("UPDATE alembic_version SET version_num = '0011'")
    Plan.open(shared).close()
    assert _march(shared) == (1, 20.0)  # filled from the values by the upgrade
    with _connect(shared, "mei") as conn:
        found = conn.execute(
            f"SELECT count, value FROM month_figures WHERE node_id = {KPI9} AND month = '2026-03'"
        ).fetchone()
        assert found == (1, 20.0)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM month_figures")


def test_two_logins_recording_the_same_month_at_once_both_count(shared: str) -> None:
    """Mei's value of 10 March is not yet committed when Kenji records 11 March: his write
    waits for hers, then works the month out with both (neither is refused, neither lost)."""
    import threading

    mei = _connect(shared, "mei")
    mei.autocommit = False
    mei.execute(_insert("2026-03-10"))  # 5, in an open transaction
    failed: list[BaseException] = []

    def kenji_records() -> None:
        try:
            with _connect(shared, "kenji") as kenji:
                kenji.execute(_insert("2026-03-11").replace(", 5)", ", 8)"))
        except BaseException as exc:  # reported by the assertion below
            failed.append(exc)

    second = threading.Thread(target=kenji_records)
    second.start()
    second.join(timeout=1.0)
    assert second.is_alive()  # waiting for Mei's month
    mei.commit()
    mei.close()
    second.join(timeout=10)
    assert not second.is_alive() and failed == []
    assert _march(shared) == (3, 11.0)  # (20 + 5 + 8) / 3
