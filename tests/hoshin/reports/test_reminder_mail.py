"""A reminder digest as an e-mail: the commands it gives can be pasted as they are."""

from __future__ import annotations

import datetime as dt

from hoshin.reads.obligations import Obligation
from hoshin.reads.reminders import OVERDUE, Digest, Told
from hoshin.reports.reminder_mail import build_message
from tests.smtp import parse

DAY = dt.date(2026, 11, 12)


def _digest() -> Digest:
    actual = Obligation(
        key="actual:4:2026-10",
        kind="actual",
        title="Record the actual of October 2026 for KPI-1",
        node_id=4,
        node_code="KPI-1",
        node_title="Scrap rate",
        unit_id=3,
        owner_id=3,
        owner="Tina Fox",
        due=dt.date(2026, 11, 9),
        days_overdue=3,
        step=1,
        state="open",
        fingerprint="2026-11-09|1|open",
    )
    return Digest(3, "P-3", "Tina Fox", "tina@example.com", DAY, [Told(OVERDUE, actual)])


def _texts(path: str) -> tuple[str, str]:
    now = dt.datetime(2026, 11, 12, 7, tzinfo=dt.UTC)
    msg = parse(
        bytes(build_message(_digest(), sender="h@example.com", plan_name="W", path=path, now=now))
    )
    plain, page = msg.get_body(("plain",)), msg.get_body(("html",))
    assert plain is not None and page is not None
    return plain.get_content(), page.get_content()


def test_a_plan_path_with_a_space_is_quoted_in_every_command() -> None:
    plain, page = _texts("/srv/plans/north wind.hoshin")
    assert "hoshin measure '/srv/plans/north wind.hoshin' KPI-1 --month 2026-10" in plain
    assert "hoshin agenda '/srv/plans/north wind.hoshin' --as P-3" in plain
    assert "hoshin agenda &#x27;/srv/plans/north wind.hoshin&#x27; --as P-3" in page


def test_a_shared_plans_password_is_never_mailed() -> None:
    plain, page = _texts("postgresql+psycopg://hoshin:s3cret@db.example.com/acme")
    for text in (plain, page):
        assert "s3cret" not in text
    assert "hoshin agenda postgresql+psycopg://hoshin@db.example.com/acme --as P-3" in plain
