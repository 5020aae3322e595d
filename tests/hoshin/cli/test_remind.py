"""``hoshin remind`` against a real SMTP server started by the test (aiosmtpd): what it
received is parsed. On the sample plan of 15 June 2026 (no roles: the first person of a
unit heads it): Yuki Tanaka owes one overdue action item; Gareth Evans, head of the plant,
hears of the three of Mark Hughes (Assembly) that escalated to him."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session
from sqlalchemy import func, select

from hoshin.model.entities import ReminderSent
from hoshin.operations import SetSetting
from hoshin.operations.meetings import NewMeeting, RecordDecision
from hoshin.plan import Plan
from tests.hoshin.clitools import Cli
from tests.smtp import Inbox, free_port, parse, smtp_server

DAY = "2026-06-15"


def _refuse(
    _server: Any, _session: Session, _envelope: Envelope, _mechanism: str, auth: Any
) -> AuthResult:
    assert isinstance(auth, LoginPassword)
    return AuthResult(success=False, handled=False)


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    with smtp_server() as running:
        yield running


@pytest.fixture
def sample(demo_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    shutil.copy2(demo_path, cli.plan)
    monkeypatch.setenv("HOSHIN_PERSON", "Helen Ward")
    monkeypatch.delenv("HOSHIN_SMTP_USER", raising=False)
    for who in ("Yuki Tanaka", "Gareth Evans"):
        address = who.lower().replace(" ", ".") + "@northwind.example"
        cli(f"person set PATH '{who}' --email {address} -q")
    return cli


def _items(message: EmailMessage) -> list[str]:
    """The keys of the items a digest lists, from its text part."""
    body = message.get_body(("plain",))
    assert body is not None
    lines = body.get_content().splitlines()
    return [
        line.split("]")[0].split()[-1].lstrip("[") for line in lines if line.startswith("  - [")
    ]


def _logged(cli: Cli) -> int:
    with Plan.open(str(cli.plan)) as plan, plan.session() as s:
        return int(s.execute(select(func.count()).select_from(ReminderSent)).scalar() or 0)


def test_one_digest_per_person_with_exactly_their_items_and_twice_sends_nothing(
    sample: Cli, inbox: tuple[Inbox, int]
) -> None:
    box, port = inbox
    said = sample(
        f"remind PATH --as-of {DAY} --smtp 127.0.0.1:{port} --from hoshin@northwind.example"
    )
    assert said == f"Sent 2 digests by 127.0.0.1:{port}; 24 without an e-mail address"
    assert len(box.messages) == 2
    (yuki,) = box.to("yuki.tanaka@northwind.example")
    (gareth,) = box.to("gareth.evans@northwind.example")
    assert _items(yuki) == ["action:17"]
    # His own weekday huddle (4 June unanswered: 7 working days late; 15-18 June due soon,
    # within 3 days) and Thursday walk, then what escalated to him: Mark Hughes's three
    # action items, the problem of Pete Walsh (due Sunday 31 May: 11 working days late)
    # and Mark's (due 10 June: 3), and Mark's huddle of 9 June (4 working days late).
    assert _items(gareth) == [
        "routine:9:2026-06-04",
        "routine:9:2026-06-15",
        "routine:9:2026-06-16",
        "routine:9:2026-06-17",
        "routine:10:2026-06-18",
        "routine:9:2026-06-18",
        "action:10",
        "action:11",
        "action:12",
        "problem:25",
        "routine:12:2026-06-09",
        "problem:4",
    ]
    assert yuki["Subject"] == "Hoshin Northwind Instruments: 1 overdue"
    assert gareth["Subject"] == (
        "Hoshin Northwind Instruments: 1 overdue, 5 due soon, 6 escalated to you"
    )
    assert yuki.get_content_type() == "multipart/alternative"
    html = yuki.get_body(("html",))
    assert html is not None and "KZ-123 action:17" in html.get_content()
    text = yuki.get_body(("plain",))
    assert text is not None
    assert "Train the second shift — Yuki Tanaka (due 2026-03-30, 55 working days late)" in (
        text.get_content()
    )
    assert f"hoshin sustain action done {sample.plan} 17" in text.get_content()
    assert box.envelopes[0][0] == "hoshin@northwind.example"
    assert _logged(sample) == 13  # one row per item told
    # Again the same day: nothing new, nothing sent.
    assert sample(f"remind PATH --as-of {DAY} --smtp 127.0.0.1:{port}") == (
        f"Sent 0 digests by 127.0.0.1:{port}; 24 without an e-mail address"
    )
    assert len(box.messages) == 2 and _logged(sample) == 13


def test_only_what_is_new_is_told_and_not_more_than_the_week_allows(
    sample: Cli, inbox: tuple[Inbox, int]
) -> None:
    box, port = inbox
    smtp = f"--smtp 127.0.0.1:{port}"
    sample(f"remind PATH --as-of {DAY} {smtp}")
    with Plan.open(str(sample.plan)) as plan:
        plan.actor = "Helen Ward"
        meeting = plan.execute(NewMeeting("QA", DAY)).result
        plan.execute(
            RecordDecision(meeting, "Recalibrate the gauges", 1, "Yuki Tanaka", "2026-06-17")
        )
    # The next day: Yuki hears of the new decision only, not again of her action item.
    sample(f"remind PATH --as-of 2026-06-16 {smtp}")
    (latest,) = box.to("yuki.tanaka@northwind.example")[1:]
    assert _items(latest) == ["decision:1"]
    assert latest["Subject"] == "Hoshin Northwind Instruments: 1 due soon"
    # At most two digests a week: the next new item waits for next week.
    with Plan.open(str(sample.plan)) as plan:
        plan.actor = "Helen Ward"
        plan.execute(SetSetting("reminders_a_week", 2))
        plan.execute(RecordDecision(meeting, "Order spare probes", 1, "Yuki Tanaka", "2026-06-18"))
    assert sample(f"remind PATH --as-of 2026-06-17 {smtp}") == (
        f"Sent 0 digests by 127.0.0.1:{port}; 1 held back by the quiet rules, "
        "24 without an e-mail address"
    )
    assert len(box.to("yuki.tanaka@northwind.example")) == 2


def test_an_unreachable_server_or_a_refused_login_sends_and_logs_nothing(
    sample: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()  # nobody listens there
    line = sample.fails(f"remind PATH --as-of {DAY} --smtp 127.0.0.1:{port}")
    assert line.startswith(f"Cannot reach the mail server 127.0.0.1:{port}: ")
    assert line.endswith("; nothing was sent.")
    with smtp_server(authenticator=_refuse, auth_require_tls=False) as (box, port):
        monkeypatch.setenv("HOSHIN_SMTP_USER", "hoshin")
        monkeypatch.setenv("HOSHIN_SMTP_PASSWORD", "wrong")
        line = sample.fails(f"remind PATH --as-of {DAY} --smtp 127.0.0.1:{port}")
    assert line.startswith(f"The mail server 127.0.0.1:{port} refused the login of hoshin: 535")
    assert box.messages == [] and _logged(sample) == 0


def test_a_dry_run_writes_eml_files_and_logs_nothing(sample: Cli, tmp_path: Path) -> None:
    out = tmp_path / "digests"
    out.mkdir()
    for _ in range(2):
        assert sample(f"remind PATH --as-of {DAY} --dry-run --out {out}") == (
            f"Wrote 2 digests to {out} (nothing sent, nothing logged); 24 without an e-mail address"
        )
    assert sorted(p.name for p in out.iterdir()) == ["2026-06-15-P-10.eml", "2026-06-15-P-28.eml"]
    parsed = parse((out / "2026-06-15-P-28.eml").read_bytes())
    assert _items(parsed) == ["action:17"]
    assert _logged(sample) == 0
    assert sample.fails("remind PATH --dry-run") == (
        "A dry run writes the digests to a folder: give --out DIR."
    )
    assert sample.fails("remind PATH") == (
        "Give the mail server (--smtp HOST[:PORT]), or --dry-run --out DIR."
    )


def test_a_dry_run_makes_its_folder_and_refuses_a_file(sample: Cli, tmp_path: Path) -> None:
    out = tmp_path / "new" / "digests"  # as README's `--out /tmp/digests`: not there yet
    assert sample(f"remind PATH --as-of {DAY} --dry-run --out {out}").startswith("Wrote 2 digests")
    assert sorted(p.name for p in out.iterdir()) == ["2026-06-15-P-10.eml", "2026-06-15-P-28.eml"]
    a_file = tmp_path / "digests.txt"
    a_file.write_text("")
    assert sample.fails(f"remind PATH --dry-run --out {a_file}") == (
        f"{a_file} is a file, not a folder: give a folder to --out."
    )


def test_a_sender_that_is_no_address_is_refused_before_anything_is_sent(
    sample: Cli, inbox: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    box, port = inbox
    smtp = f"--smtp 127.0.0.1:{port}"
    for words in ("not an address", "a@example.com, b@example.com"):
        assert sample.fails(f"remind PATH --as-of {DAY} {smtp} --from '{words}'") == (
            f"--from {words!r} is not an e-mail address (like hoshin@example.com)."
        )
    monkeypatch.setenv("HOSHIN_SMTP_FROM", "nobody")
    assert sample.fails(f"remind PATH --as-of {DAY} {smtp}") == (
        "--from 'nobody' is not an e-mail address (like hoshin@example.com)."
    )
    assert box.messages == [] and _logged(sample) == 0
    # A display name with the address is what a From line often holds: taken as given.
    said = sample(f"remind PATH --as-of {DAY} {smtp} --from 'Hoshin <hoshin@northwind.example>'")
    assert said.startswith("Sent 2 digests")
    assert {str(m["From"]) for m in box.messages} == {"Hoshin <hoshin@northwind.example>"}


def test_a_refused_dry_run_leaves_no_folder_behind(sample: Cli, tmp_path: Path) -> None:
    out = tmp_path / "digests"
    missing = tmp_path / "missing.hoshin"
    assert sample.fails(f"remind {missing} --dry-run --out {out}") == (
        f"No plan at {missing}: the file does not exist."
    )
    assert not out.exists()


def test_a_login_to_a_server_without_auth_is_one_line_and_sends_nothing(
    sample: Cli, inbox: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    box, port = inbox  # this server offers no AUTH at all
    monkeypatch.setenv("HOSHIN_SMTP_USER", "hoshin")
    monkeypatch.setenv("HOSHIN_SMTP_PASSWORD", "secret")
    assert sample.fails(f"remind PATH --as-of {DAY} --smtp 127.0.0.1:{port}") == (
        f"The mail server 127.0.0.1:{port} failed: SMTP AUTH extension not supported by "
        "server; nothing was sent."
    )
    assert box.messages == [] and _logged(sample) == 0
    # An IPv6 server is named as it is written, in brackets.
    port = free_port()
    line = sample.fails(f"remind PATH --as-of {DAY} --smtp [::1]:{port}")
    assert line.startswith(f"Cannot reach the mail server [::1]:{port}: ")
