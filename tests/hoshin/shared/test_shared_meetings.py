"""Review meetings and the reminder log on a shared plan: the database lets a manager of a
unit run its meetings and nobody else (plain SQL included), and lets only an executive of
the top unit (or the plan's owner) write the reminder log."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from hoshin.cli.main import main
from hoshin.model.entities import ReminderSent
from hoshin.model.errors import PermissionDeniedError
from hoshin.operations import SetAccess, UpdatePerson
from hoshin.operations.meetings import NewMeeting, RecordDecision, SetMeetingHeld
from hoshin.plan import Plan
from hoshin.reads.meetings import meeting
from hoshin.store.dbcopy import copy_plan
from tests import pg
from tests.smtp import smtp_server

LOGINS = {
    "helen_m": ("Helen Ward", "CO", "executive"),
    "kenji_m": ("Kenji Watanabe", "OPS", "manager"),
    "aisha_m": ("Aisha Bello", "T-AS", "member"),
}


@pytest.fixture
def shared(demo_plan: Plan, pg_server: str) -> Iterator[str]:
    url = pg.new_database(pg_server)
    copy_plan(demo_plan.location, url)
    for login, (person, _unit, _role) in LOGINS.items():
        assert main(["db", "login", url, person, login]) == 0
    with Plan.open(url) as owner:
        owner.actor = "Helen Ward"
        for person, unit, role in LOGINS.values():
            owner.execute(SetAccess(person, unit, role))
    yield url
    pg.drop_roles(url, list(LOGINS))


def _as(url: str, login: str) -> str:
    return make_url(url).set(username=login).render_as_string(hide_password=False)


def _sql(url: str, login: str, statement: str) -> None:
    u = make_url(url)
    with psycopg.connect(
        host=u.host, port=u.port, user=login, dbname=u.database, autocommit=True
    ) as conn:
        conn.execute(statement)


def test_a_manager_runs_his_units_meeting_and_no_other(shared: str) -> None:
    with Plan.open(_as(shared, "kenji_m")) as kenji:
        ops = kenji.execute(NewMeeting("OPS", "2026-06-15")).result  # the database agrees
        kenji.execute(RecordDecision(ops, "Second shift", owner="P-26", due="2026-06-30"))
        kenji.execute(SetMeetingHeld(ops))
        with pytest.raises(PermissionDeniedError, match=r"may not hold review meetings of CO"):
            kenji.execute(NewMeeting("CO", "2026-06-15"))
    with Plan.open(_as(shared, "helen_m")) as helen:
        company = helen.execute(NewMeeting("CO", "2026-06-15")).result
    # Around the core, plain SQL: the policies refuse what the core would.
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        _sql(
            shared,
            "kenji_m",
            "INSERT INTO meeting_decisions (id, meeting_id, text, done, version) "
            f"VALUES (9000, {company}, 'sneaked in', false, 1)",
        )
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        _sql(
            shared,
            "aisha_m",
            "INSERT INTO meetings (id, unit_id, day, title, held, notes, version) "
            "VALUES (9001, (SELECT id FROM units WHERE code = 'T-AS'), '2026-06-15', 'M', "
            "false, '', 1)",
        )
    _sql(shared, "kenji_m", f"UPDATE meetings SET notes = 'x' WHERE id = {company}")  # unseen
    with Plan.open(shared) as owner, owner.session() as s:
        assert meeting(s, company).notes == ""  # the policy hid the row from his update
        assert [d.text for d in meeting(s, ops).decisions] == ["Second shift"]


def test_only_an_executive_of_the_top_unit_writes_the_reminder_log(shared: str) -> None:
    row = (
        "INSERT INTO reminders_sent (id, person_id, day, sent_at, item, fingerprint) "
        "VALUES ((hoshin_next_ids('reminders_sent', 1))[1], "
        "(SELECT id FROM people WHERE key = 'P-26'), '2026-06-15', "
        "'2026-06-15 07:00', 'k', 'f')"
    )
    for login in ("kenji_m", "aisha_m"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _sql(shared, login, row)
    _sql(shared, "helen_m", row)
    with Plan.open(shared) as owner, owner.session() as s:
        assert s.execute(select(func.count()).select_from(ReminderSent)).scalar() == 1


def test_reminders_on_a_shared_plan_by_an_executive_not_by_a_manager(
    shared: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with Plan.open(shared) as owner:
        owner.actor = "Helen Ward"
        owner.execute(UpdatePerson("Yuki Tanaka", email="yuki@northwind.example"))
    with smtp_server() as (box, port):
        smtp = ["--as-of", "2026-06-15", "--smtp", f"127.0.0.1:{port}"]
        assert main(["remind", _as(shared, "kenji_m"), *smtp]) == 1
        refused = capsys.readouterr().err
        assert refused.startswith("hoshin: error: Kenji Watanabe may not send reminders: ")
        assert box.messages == []
        assert main(["remind", _as(shared, "helen_m"), *smtp]) == 0
        assert capsys.readouterr().out.startswith(f"Sent 1 digests by 127.0.0.1:{port}")
        assert main(["remind", shared, *smtp]) == 0  # the owner: nothing new to tell
        assert capsys.readouterr().out.startswith(f"Sent 0 digests by 127.0.0.1:{port}")
    assert [m["Subject"] for m in box.to("yuki@northwind.example")] == [
        "Hoshin Northwind Instruments: 1 overdue"
    ]
    with Plan.open(shared) as owner, owner.session() as s:
        assert s.execute(select(func.count()).select_from(ReminderSent)).scalar() == 1


def test_the_owner_of_an_action_item_closes_it_and_changes_nothing_else(shared: str) -> None:
    """A member whose action item a manager decided marks it done (My work tells her how),
    in the core and in plain SQL; she does not move its date, rewrite it or hand it on,
    nor close another's."""
    from hoshin.operations.meetings import SetDecisionDone

    with Plan.open(_as(shared, "kenji_m")) as kenji:
        ops = kenji.execute(NewMeeting("OPS", "2026-06-15")).result
        hers = kenji.execute(
            RecordDecision(ops, "Retrain the line", owner="Aisha Bello", due="2026-06-30")
        ).result
        his = kenji.execute(
            RecordDecision(ops, "Order the fixture", owner="Kenji Watanabe", due="2026-06-30")
        ).result
    with Plan.open(_as(shared, "aisha_m")) as aisha:
        aisha.execute(SetDecisionDone(hers, on="2026-06-20"))
        aisha.execute(SetDecisionDone(hers, done=False))  # and open again
        with pytest.raises(PermissionDeniedError, match="close action items"):
            aisha.execute(SetDecisionDone(his))
    _sql(shared, "aisha_m", f"UPDATE meeting_decisions SET done = true WHERE id = {hers}")
    for forged in ("due = '2027-01-01'", "text = 'Nothing to do'", "owner_id = NULL"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _sql(shared, "aisha_m", f"UPDATE meeting_decisions SET {forged} WHERE id = {hers}")
    _sql(shared, "aisha_m", f"UPDATE meeting_decisions SET done = true WHERE id = {his}")
    with Plan.open(shared) as owner, owner.session() as s:
        found = {d.text: (d.done, str(d.due)) for d in meeting(s, ops).decisions}
    assert found == {
        "Retrain the line": (True, "2026-06-30"),  # closed by her, as decided
        "Order the fixture": (False, "2026-06-30"),  # not hers: the policy hid it
    }
