"""The core's permission rules and the database's agree, case by case (issue 16).

Generated, not hand-listed: for each role a login may hold on a unit (and no role at all),
for each table a login may write, for sample rows spread over the plan (each node kind, in
the unit, below it, above it, beside it), and for adding a row like each (its own id, code
and name), changing and removing each row, the core's :class:`hoshin.rules.permissions.Guard`
is asked, and the same write is tried with plain SQL as that login (in a transaction
rolled back). Both must say the same.

Catchball's tables are not here: the core's rules for them are the catchball
operations', not the guard's, and tests/hoshin/shared/test_shared_plan_catchball.py holds the
database to them; nor the audit log, written by every edit in its author's name.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from hoshin.cli.main import main
from hoshin.model import entities as e
from hoshin.model.errors import PermissionDeniedError
from hoshin.model.lookups import find_person
from hoshin.operations import AddA3Row, LinkA3, NewA3, SetAccess
from hoshin.plan import Plan
from hoshin.rules import permissions
from hoshin.store.dbcopy import copy_plan
from hoshin.store.steps import Step
from tests import pg

#: One login per role on Operations (unit 3), and one without a role.
HOLDERS = {
    "m_viewer": ("Ivan Petrov", "viewer"),
    "m_member": ("Mei Chen", "member"),
    "m_manager": ("Kenji Watanabe", "manager"),
    "m_executive": ("Gareth Evans", "executive"),
    "m_none": ("Pete Walsh", None),
}
UNIT = "OPS"
ACTIONS = ("insert", "update", "delete")
#: The units samples are drawn from: the top, the unit, below it (two levels), beside it.
SAMPLE_UNITS = ("CO", "OPS", "PLT", "T-AS", "PD", "ENG")
#: Tables a login may write, and the column tying a row to a node (None: by unit or plan).
TABLES: dict[str, str | None] = {
    "nodes": "id",
    "edges": "source_id",
    "responsibilities": "node_id",
    "measurements": "node_id",
    "countermeasures": "node_id",
    "sustainment_checks": "kaizen_id",
    "action_items": "kaizen_id",
    "a3s": "node_id",
    "a3_items": "node_id",
    "a3_links": "node_id",
    "units": None,
    "people": None,
    "unit_roles": None,
    "settings": None,
    "functions": None,
    # Leader Standard Work: by the unit of the person the row belongs to.
    "routines": None,
    "routine_answers": None,
    "findings": None,
}


@pytest.fixture
def plan_url(demo_plan: Plan, pg_server: str) -> Iterator[str]:
    url = pg.new_database(pg_server)
    copy_plan(demo_plan.location, url)
    with Plan.open(url) as owner:
        owner.actor = "Helen Ward"
        owner.execute(SetAccess("Helen Ward", "CO", "executive"))
        for person, role in HOLDERS.values():
            if role is not None:
                owner.execute(SetAccess(person, UNIT, role))
        _write_a3s(owner)
    for login, (person, _role) in HOLDERS.items():
        assert main(["db", "login", url, person, login]) == 0
    yield url
    pg.drop_roles(url, list(HOLDERS))


def _write_a3s(plan: Plan) -> None:
    """An A3, with a why, a cause and a kaizen linked, on a node of each kind in each
    sample unit (the sample plan has none)."""
    with plan.session() as session:
        units = {uid: code for uid, code in session.execute(select(e.Unit.id, e.Unit.code))}
        nodes = session.execute(select(e.Node.code, e.Node.kind, e.Node.unit_id)).all()
    kaizen = next(code for code, kind, _unit in nodes if kind == "kaizen")
    seen: set[tuple[str, int]] = set()
    for code, kind, unit in nodes:
        if units[unit] in SAMPLE_UNITS and (kind, unit) not in seen:
            seen.add((kind, unit))
            plan.execute(NewA3(code))
            plan.execute(AddA3Row(code, "why", "Why it slipped"))
            plan.execute(AddA3Row(code, "cause", "The rota", category="method"))
            plan.execute(LinkA3(code, kaizen=kaizen))


def _samples(plan: Plan) -> dict[str, list[dict[str, Any]]]:
    """A few rows of each table: one per (node kind, unit) or per unit, over SAMPLE_UNITS."""
    graph = plan.graph
    out: dict[str, list[dict[str, Any]]] = {}
    with plan.session() as session:
        found = session.execute(select(e.Unit.code, e.Unit.id).where(e.Unit.code.in_(SAMPLE_UNITS)))
        units = {str(code): int(uid) for code, uid in found}
        wanted = set(units.values())
        for table, column in TABLES.items():
            t = e.Base.metadata.tables[table]
            rows = [dict(r) for r in session.execute(select(t).order_by(*t.primary_key)).mappings()]
            seen: set[tuple[Any, ...]] = set()
            picked = []
            for row in rows:
                if column is not None:
                    node = graph.node(row[column])
                    key: tuple[Any, ...] = (node.kind, node.unit_id, row.get("kind"))
                    unit = node.unit_id
                elif table == "units":
                    key, unit = (row["id"],), row["id"]
                elif table in ("people", "unit_roles"):
                    key, unit = (row["unit_id"],), row["unit_id"]
                elif table in ("routines", "routine_answers", "findings"):
                    person = permissions.routine_person(session, table, row)
                    unit = session.execute(
                        select(e.Person.unit_id).where(e.Person.id == person)
                    ).scalar_one()
                    key = (unit, person)
                else:  # settings and functions: the plan's
                    key, unit = (table,), units["CO"]
                if unit in wanted and key not in seen:
                    seen.add(key)
                    picked.append(row)
            out[table] = picked[:40]
    return out


def _core_allows(plan: Plan, login: str, step: Step) -> bool:
    with plan.session() as session:
        person = find_person(session, HOLDERS[login][0])
        guard = permissions.Guard(session, plan.graph, permissions.load(session), person)
        try:
            guard(step)
        except PermissionDeniedError:
            return False
    return True


#: Columns that are unique alone, made new in an added row (a login never sets a login).
_FRESH = {"code": "MX-{n}", "key": "matrix_{n}", "name": "Matrix {n}", "login": None}


def _added(table: str, row: dict[str, Any], n: int) -> dict[str, Any]:
    """A new row like ``row``: its id left to the plan, its unique words new."""
    new = {k: v for k, v in row.items() if k != "id"}
    for column, value in _FRESH.items():
        if column in new and (table != "nodes" or column != "name"):
            new[column] = value.format(n=n) if isinstance(value, str) else value
    return new


def _sql_allows(conn: psycopg.Connection, table: str, action: str, row: dict[str, Any]) -> bool:
    pk = "key" if table == "settings" else "id"
    params: tuple[Any, ...] = (row.get(pk),)
    if action == "insert":
        names = list(row)
        marks = ["%s"] * len(names)
        if pk == "id":  # an id the plan hands out, as Hoshin's own adds take
            names.append("id")
            marks.append(f"(hoshin_next_ids('{table}', 1))[1]")
        verb = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(marks)})"
        params = tuple(row.values())
    elif action == "update":
        verb = f"UPDATE {table} SET version = version WHERE {pk} = %s"
    else:
        verb = f"DELETE FROM {table} WHERE {pk} = %s"
    try:
        with conn.transaction(force_rollback=True):
            return conn.execute(verb, params).rowcount == 1
    except psycopg.errors.IntegrityError:
        # The policies let it through (they come first); the plan's own keys and links held
        # it: a row added twice, a row others point at.
        return True
    except psycopg.errors.InsufficientPrivilege:
        return False


def test_the_database_allows_exactly_what_the_core_allows(plan_url: str) -> None:
    u = make_url(plan_url)
    disagreements: list[str] = []
    cases = dict.fromkeys(ACTIONS, 0)
    allowed = dict.fromkeys(ACTIONS, 0)
    with Plan.open(plan_url) as plan:
        samples = _samples(plan)
        assert all(samples[t] for t in ("a3s", "a3_items", "a3_links")), "no A3 rows to try"
        for login in HOLDERS:
            with psycopg.connect(
                host=u.host, port=u.port, user=login, dbname=u.database, autocommit=True
            ) as conn:
                for table, rows in samples.items():
                    for n, row in enumerate(rows):
                        pk = "key" if table == "settings" else "id"
                        added = _added(table, row, n)
                        for action in ACTIONS:
                            step = {
                                "insert": Step("insert", table, ({**added, "id": -1},)),
                                "update": Step("update", table, ({pk: row[pk]},), context=(row,)),
                                "delete": Step("delete", table, (row,)),
                            }[action]
                            core = _core_allows(plan, login, step)
                            sql = _sql_allows(conn, table, action, added if action == "insert"
                                              else row)  # fmt: skip
                            cases[action] += 1
                            allowed[action] += core
                            if core != sql:
                                disagreements.append(
                                    f"{login} {action} {table} {row[pk]}: core "
                                    f"{'allows' if core else 'refuses'}, database "
                                    f"{'allows' if sql else 'refuses'}"
                                )
    assert all(n > 250 for n in cases.values()), cases
    assert all(0 < allowed[a] < cases[a] for a in ACTIONS), allowed  # both answers, each way
    assert disagreements == []
