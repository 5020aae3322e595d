"""The history of a login's transaction is what the database saw (issue 16, the known
limit "an audit entry a login writes itself" closed): an entry a login writes must be a
change of the same transaction, as the database saw it, or the transaction is refused;
Hoshin's own edits through a login still leave exactly the history they leave in a file.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from sqlalchemy import select

from hoshin.catchball.operations import Lock, Reply, Throw
from hoshin.model import entities as e
from hoshin.model.kinds import NodeKind, OwnerRole
from hoshin.operations import (
    AddActionItem,
    AddCheck,
    AddCountermeasure,
    AddFunction,
    AddNode,
    AddPerson,
    AddUnit,
    Applied,
    Assign,
    DeleteNode,
    EditActionItem,
    Link,
    RecordCheck,
    RemoveActionItem,
    RemoveCheck,
    RemoveCountermeasure,
    RemovePerson,
    RemoveUnit,
    SetAccess,
    SetActionItemDone,
    SetCountermeasureDone,
    SetLink,
    SetMeasurement,
    SetMeasurements,
    SetSetting,
    Unassign,
    Unlink,
    UpdateCountermeasure,
    UpdateNode,
    UpdateUnit,
)
from hoshin.plan import Plan
from tests.hoshin.shared.test_shared_plan_attacks import (
    _as_login,
    _connect,
    _entries,
    _last_entry,
    _unchanged,
    shared,
)

__all__ = ["shared"]  # the fixture, shared with the attacks

#: A moment with a fraction of a second: Python writes it "2026-06-15 10:30:05.120000",
#: PostgreSQL "2026-06-15T10:30:05.12"; both are the same time.
MOMENT = dt.datetime(2026, 6, 15, 10, 30, 5, 120000)


def _kaizen(conn: psycopg.Connection) -> tuple[int, str]:
    row = conn.execute("SELECT id, title FROM nodes WHERE code = 'KZ-117'").fetchone()
    assert row is not None
    return int(row[0]), str(row[1])


def _entry(conn: psycopg.Connection, values: dict[str, Any]) -> None:
    """An audit entry in Aisha's name (the database stamps id, time and author anyway)."""
    row = {"at": "2001-01-01", "person_id": 25, "edit": "Mine", **values}
    names = ", ".join(row)
    marks = ", ".join(["%s"] * len(row))
    conn.execute(f"INSERT INTO audit_log ({names}) VALUES ({marks})", list(row.values()))


def _title(node: int, old: str, new: str, **more: Any) -> dict[str, Any]:
    return {
        "action": "update",
        "table_name": "nodes",
        "row_id": str(node),
        "node_id": node,
        "field": "title",
        "old": json.dumps(old),
        "new": json.dumps(new),
        **more,
    }


def test_defect_11_an_entry_for_a_change_never_made_is_refused(shared: str) -> None:
    with _connect(shared, "aisha") as conn:
        node, title = _kaizen(conn)
    with _unchanged(shared), _connect(shared, "aisha") as conn:
        for values in (
            _title(node, title, "Mine"),  # nothing was renamed
            {"action": "delete", "table_name": "nodes", "row_id": str(node), "node_id": node,
             "old": json.dumps({"id": node, "title": title})},  # nothing was removed
            {"action": "insert", "table_name": "nodes", "row_id": "9999", "node_id": 9999,
             "new": json.dumps({"id": 9999, "title": "Ghost"})},  # nothing was added
            {"action": "update", "table_name": "no_such_table", "row_id": "1", "field": "x"},
        ):  # fmt: skip
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="no change"):
                _entry(conn, values)
        with pytest.raises(psycopg.errors.InvalidTextRepresentation):  # history is JSON
            _entry(conn, _title(node, title, "Mine") | {"new": "not json"})


@pytest.mark.parametrize(
    "forged",
    [
        "the old value",
        "the new value",
        "another node",
        "another field",
        "another row",
        "a removal",
        "written before the change",
        "twice for one change",
        "written before the change, constraints immediate",
    ],
)
def test_defect_11_an_entry_that_misstates_a_real_change_is_refused(
    shared: str, forged: str
) -> None:
    with _connect(shared, "aisha") as conn:
        node, title = _kaizen(conn)
    entry = {
        "the old value": _title(node, "Something else", "Mine"),
        "the new value": _title(node, title, "Pwned"),
        "another node": _title(node, title, "Mine", node_id=1),
        "another field": _title(node, title, "Mine", field="description"),
        "another row": _title(node, title, "Mine", row_id="1"),
        "a removal": _title(node, title, "Mine", action="delete", field=None),
    }.get(forged, _title(node, title, "Mine"))
    with (
        _unchanged(shared),
        _connect(shared, "aisha") as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege, match="no change"),
        conn.transaction(),
    ):
        if "immediate" in forged:  # checks run at once, not at commit: no way round
            conn.execute("SET CONSTRAINTS ALL IMMEDIATE")
        if "before" in forged:
            _entry(conn, entry)
        conn.execute("UPDATE nodes SET title = 'Mine' WHERE code = 'KZ-117'")
        if "before" not in forged:
            _entry(conn, entry)
        if "twice" in forged:
            _entry(conn, entry)


def test_defect_11_an_added_or_removed_row_is_recorded_as_it_was(shared: str) -> None:
    """A whole row written in an entry must be the row: a wrong field is refused."""
    with _connect(shared, "aisha") as conn:
        node = _kaizen(conn)[0]
    with (
        _unchanged(shared),
        _connect(shared, "aisha") as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege, match="no change"),
        conn.transaction(),
    ):
        item = conn.execute(
            "INSERT INTO action_items (id, kaizen_id, title, done, due) VALUES "
            "((hoshin_next_ids('action_items', 1))[1], %s, 'Tidy', false, '2026-07-01') "
            "RETURNING id",
            (node,),
        ).fetchone()
        assert item is not None
        row = {"id": item[0], "kaizen_id": node, "title": "Tidy up", "done": False,
               "due": "2026-07-01", "version": 1}  # fmt: skip
        _entry(conn, {"action": "insert", "table_name": "action_items", "row_id": str(item[0]),
                      "node_id": node, "new": json.dumps(row)})  # fmt: skip


def test_defect_11_a_logins_own_entries_stand_for_its_changes(shared: str) -> None:
    """The allowed path: entries that say what the database saw, with values as Python
    writes them (a time with a space and six decimals), stand for their changes, and the
    database adds only what they leave out."""
    with Plan.open(shared) as owner:  # a thread Aisha may comment on, as anyone may
        owner.actor = "Helen Ward"
        thread = int(owner.execute(Throw("KPI-2", "OPS", "Helen Ward", 22, "22 days")).result)
    last = _last_entry(shared)
    with _connect(shared, "aisha") as conn:
        node, title = _kaizen(conn)
    with _connect(shared, "aisha") as conn, conn.transaction():
        conn.execute("UPDATE nodes SET title = 'Mine', description = 'Hers' WHERE id = %s", (node,))
        _entry(conn, _title(node, title, "Mine", edit="Rename KZ-117"))
        said = conn.execute(
            "INSERT INTO catchball_messages (id, thread_id, kind, author_id, round, state, "
            "resources, text, created_at) SELECT (hoshin_next_ids('catchball_messages', 1))[1], "
            "t.id, 'comment', 25, t.round, t.state, '', 'Assembly can help', %s "
            "FROM catchball_threads t WHERE t.id = %s RETURNING row_to_json(catchball_messages)",
            (MOMENT, thread),
        ).fetchone()
        assert said is not None
        row = {k: v for k, v in said[0].items() if v is not None}
        assert row["created_at"] == "2026-06-15T10:30:05.12"
        row["created_at"] = str(MOMENT)  # as Python writes it: "2026-06-15 10:30:05.120000"
        _entry(conn, {"edit": "Comment", "action": "insert", "table_name": "catchball_messages",
                      "row_id": str(row["id"]), "new": json.dumps(row)})  # fmt: skip
    made = _entries(shared, last)
    assert [(r[0], r[1], r[2], r[3], r[6]) for r in made] == [
        ("Rename KZ-117", "Aisha Bello", "update", "nodes", "title"),
        ("Comment", "Aisha Bello", "insert", "catchball_messages", None),
        ("SQL by aisha", "Aisha Bello", "update", "nodes", "description"),
    ]


def test_defect_11_the_record_of_entries_is_out_of_reach(shared: str) -> None:
    from sqlalchemy.engine import make_url

    with _connect(shared, "aisha") as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM hoshin_audit_claims")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE hoshin_audit_claims SET used = true")
        for function in ("hoshin_audit_claim", "hoshin_audit_sql", "hoshin_audit_verify"):
            with pytest.raises(psycopg.Error, match=r"only be called as triggers|permission"):
                conn.execute(f"SELECT {function}()")
    # Nor attached to a table of one's own (where an administrator left TEMP to logins).
    with _connect(shared) as admin:
        admin.execute(f'GRANT TEMPORARY ON DATABASE "{make_url(shared).database}" TO aisha')
    with _unchanged(shared), _connect(shared, "aisha") as conn:
        conn.execute("CREATE TEMP TABLE nodes (id int, title text)")
        for function in ("hoshin_audit_sql('id', 'id')", "hoshin_audit_claim()"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(
                    "CREATE TRIGGER t AFTER INSERT ON pg_temp.nodes FOR EACH ROW "
                    f"EXECUTE FUNCTION public.{function}"
                )


# -- Hoshin's own edits through a login leave the history they leave in a file -------------


Step = Callable[[Plan, list[Any]], Applied]


def _do(*ops: Callable[[list[Any]], Any]) -> list[Step]:
    """Steps of one scenario: each makes its operation from the results so far."""
    return [lambda plan, got, op=op: plan.execute(op(got)) for op in ops]


SCENARIOS: dict[str, list[Step]] = {
    "rename": _do(lambda _: UpdateNode("KZ-117", {"title": "Ana's words", "description": "x"})),
    "goal and dates": _do(
        lambda _: UpdateNode("KPI-9", {"goal": 21.5, "baseline": 30, "due_date": "2026-12-31"})
    ),
    "kaizen with links": _do(
        lambda _: AddNode(
            NodeKind.KAIZEN,
            "T-AS",
            "Shadow board",
            {"origin": "bottom-up", "start_date": "2026-06-01"},
            links=["IP-9"],
        ),
    ),
    "remove a priority": _do(lambda _: DeleteNode("IP-1")),
    "links": _do(
        lambda _: Unlink("AO-1", "BT-3"),
        lambda _: Link("AO-1", "BT-3"),
        lambda _: SetLink("AO-1", "BT-3", strength="weak", rationale="Partly"),
    ),
    "owners": _do(
        lambda _: Assign("IP-9", "Maria Lopez", OwnerRole.SECONDARY),
        lambda _: Unassign("IP-9", "Maria Lopez"),
    ),
    "figures": _do(
        lambda _: SetMeasurement("KPI-9", "2026-05", actual=7.25),
        lambda _: SetMeasurements(
            [(1, "KPI-9", "2026-06", None, 6), (2, "KPI-2", "2026-06", 20, 21)]
        ),
    ),
    "countermeasure": _do(
        lambda _: AddCountermeasure("KPI-1", "2026-01", "Re-train the callers", due="2026-07-01"),
        lambda got: UpdateCountermeasure(got[0], what="Second shift", owner="Ana Costa", due=None),
        lambda got: SetCountermeasureDone(got[0], True, "2026-06-20"),
        lambda got: RemoveCountermeasure(got[0]),
    ),
    "sustainment": _do(
        lambda _: AddCheck("KZ-117", "2026-07-01"),
        lambda got: RecordCheck(got[0], "held", "2026-07-02"),
        lambda got: RemoveCheck(got[0]),
        lambda _: AddActionItem("KZ-117", "Update the standard", due="2026-08-01"),
        lambda got: SetActionItemDone(got[3], True, "2026-06-20"),
        lambda got: EditActionItem(got[3], title="Train both shifts", due=None),
        lambda got: RemoveActionItem(got[3]),
    ),
    "organisation": _do(
        lambda _: AddFunction("Legal"),
        lambda _: AddUnit("Night shift", "PLT", level="Team"),
        lambda got: UpdateUnit(str(got[1]), name="Night and weekend shift"),
        lambda _: AddPerson("Zoe Adams", "OPS"),
        lambda _: SetAccess("Zoe Adams", "OPS", "member"),
        lambda _: SetAccess("Zoe Adams", "OPS", None),
        lambda _: RemovePerson("Zoe Adams"),
        lambda got: RemoveUnit(str(got[1])),
    ),
    "settings": _do(lambda _: SetSetting("max_breakthroughs", 6)),
}


def _written(plan: Plan, after: int) -> list[tuple[Any, ...]]:
    """What the history says after entry ``after``, ids of new rows aside (a file counts
    from the highest, a shared plan from a sequence) and Hoshin's stamps aside."""
    a = e.AuditEntry
    with plan.session() as s:
        rows = s.execute(
            select(a.edit, a.person_id, a.action, a.table_name, a.field, a.old, a.new)
            .where(a.id > after)
            .order_by(a.id)
        ).all()
    return [tuple(r) for r in rows]


def _without_ids(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    out = []
    for edit, person, action, table, field, old, new in rows:
        if action != "update":  # a whole row: its own id and version aside
            whole = json.loads(new or old)
            whole.pop("id", None)
            old, new = None, sorted(whole)
        out.append((edit, person, action, table, field, old, new))
    return out


def _top(plan: Plan) -> int:
    with plan.session() as s:
        return int(s.execute(select(e.AuditEntry.id).order_by(e.AuditEntry.id.desc())).scalar())


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_defect_11_hoshins_edits_through_a_login_leave_the_files_history(
    shared: str, demo_plan: Plan, name: str
) -> None:
    """Each scenario, then its undo, by the top executive: in a file and through her login
    the same entries (no entry of the database's own, none refused)."""
    histories = []
    demo_plan.actor = "Helen Ward"  # roles in the file too, as on the shared plan
    demo_plan.execute(SetAccess("Helen Ward", "CO", "executive"))
    for plan in (demo_plan, Plan.open(_as_login(shared, "helen"))):
        plan.actor = "Helen Ward"
        plan.clock = lambda: MOMENT
        start = _top(plan)
        got: list[Any] = []
        done = []
        for step in SCENARIOS[name]:
            applied = step(plan, got)
            got.append(applied.result)
            done.append(applied)
        for applied in reversed(done):
            plan.execute(applied.inverse)
        histories.append(_without_ids(_written(plan, start)))
        if plan is not demo_plan:
            plan.close()
    in_file, through_login = histories
    # Rows a step removes come in the order each database reads them.
    assert sorted(through_login, key=repr) == sorted(in_file, key=repr)
    assert not [h for h in through_login if str(h[0]).startswith("SQL by")]
    assert len(in_file) >= 2


def test_defect_11_catchball_through_logins_leaves_the_files_history(
    shared: str, demo_plan: Plan
) -> None:
    """A throw, a counter, an agreement, a lock and a re-goal that reopens the thread,
    each by the person whose move it is, through their own logins."""
    moves: list[tuple[str, Callable[[int], Any]]] = [
        ("helen", lambda _: Throw("KPI-2", "OPS", "Helen Ward", 22, "22 days")),
        ("kenji", lambda t: Reply(t, "counter", "Kenji Watanabe", 23, "With the old press")),
        ("helen", lambda t: Reply(t, "agree", "Helen Ward")),
        ("helen", lambda t: Lock(t, "Helen Ward")),
        ("helen", lambda _: UpdateNode("KPI-2", {"goal": 20})),
    ]
    people = {"helen": "Helen Ward", "kenji": "Kenji Watanabe"}
    start = _top(demo_plan)
    thread = 0
    for login, move in moves:
        demo_plan.actor = people[login]
        demo_plan.clock = lambda: MOMENT
        result = demo_plan.execute(move(thread)).result
        thread = thread or int(result)
    in_file = _without_ids(_written(demo_plan, start))
    start = _last_entry(shared)
    thread = 0
    for login, move in moves:
        with Plan.open(_as_login(shared, login)) as plan:
            plan.actor = people[login]
            plan.clock = lambda: MOMENT
            result = plan.execute(move(thread)).result
            thread = thread or int(result)
    with Plan.open(shared) as owner:
        through_logins = _without_ids(_written(owner, start))
    assert through_logins == in_file
    assert [r for r in through_logins if r[2] == "insert" and r[3] == "catchball_messages"]
