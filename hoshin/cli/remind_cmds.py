"""``hoshin remind``: one e-mail digest per person of what they owe, sent by SMTP (or
written as .eml files), quiet by the rules of :mod:`hoshin.reads.reminders`.

    hoshin remind PATH --smtp mail.example.com:587 --from hoshin@example.com
    hoshin remind PATH --dry-run --out /tmp/digests [--as-of 2026-12-07]

The server is spoken to with STARTTLS when it offers it; a login is made when
HOSHIN_SMTP_USER is set (password in HOSHIN_SMTP_PASSWORD), and only over an encrypted
connection unless the server is on this machine. A digest is logged as told only once the
server accepted it: an unreachable server or a refused login sends and logs nothing.
Meant for cron or a systemd timer (README, "Reminders").
"""

from __future__ import annotations

import argparse
import datetime as dt
import ipaddress
import os
import smtplib
import socket
import ssl
from email.utils import getaddresses
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from hoshin.cli.common import given_day, open_plan
from hoshin.model import entities as e
from hoshin.model.errors import HoshinError, PermissionDeniedError, ValidationError
from hoshin.model.kinds import Access
from hoshin.model.lookups import find_person
from hoshin.plan import Plan
from hoshin.reads.reminders import Round, plan_digests
from hoshin.reports.reminder_mail import build_message
from hoshin.rules import permissions, validate
from hoshin.store.reminder_log import record_sent

USER_VARIABLE, PASSWORD_VARIABLE = "HOSHIN_SMTP_USER", "HOSHIN_SMTP_PASSWORD"
DEFAULT_PORT = 587
TIMEOUT_S = 30


def register(sub: Any) -> None:
    p = sub.add_parser(
        "remind",
        help="e-mail each person a digest of what they owe (quiet: new or changed items, "
        "at most one a day)",
        epilog=f"Login: ${USER_VARIABLE} and ${PASSWORD_VARIABLE}. Run it daily from cron or "
        "a systemd timer (see the README).",
    )
    p.add_argument("path", metavar="PATH")
    p.add_argument("--as-of", metavar="DATE", help="the day to remind of (default today)")
    p.add_argument("--smtp", metavar="HOST[:PORT]", help=f"the mail server (port {DEFAULT_PORT})")
    p.add_argument("--from", dest="sender", metavar="ADDR", help="the sender's address")
    p.add_argument("--dry-run", action="store_true", help="send nothing, log nothing")
    p.add_argument("--out", metavar="DIR", help="with --dry-run: write each digest as DIR/*.eml")
    p.set_defaults(run=_remind)


def _server(value: str) -> tuple[str, int]:
    host, colon, port = value.strip().rpartition(":")
    if not colon or "]" in port:  # no port (or a bare IPv6 address)
        host, port = value.strip(), str(DEFAULT_PORT)
    host = host.strip("[]")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValidationError(f"{value!r} is not a mail server: give HOST or HOST:PORT.")
    return host, int(port)


def _where(host: str, port: int) -> str:
    """The server as it is written: an IPv6 address in brackets ([::1]:587)."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _remind(args: argparse.Namespace) -> int:
    if args.dry_run:
        if not args.out:
            raise ValidationError("A dry run writes the digests to a folder: give --out DIR.")
        out = Path(args.out)
        if out.exists() and not out.is_dir():
            raise ValidationError(f"{out} is a file, not a folder: give a folder to --out.")
    elif args.out:
        raise ValidationError("--out is for a dry run: add --dry-run, or leave --out out.")
    elif not args.smtp:
        raise ValidationError("Give the mail server (--smtp HOST[:PORT]), or --dry-run --out DIR.")
    server = _server(args.smtp) if args.smtp else None
    as_of = given_day(args.as_of) or dt.date.today()
    sender = _sender(args.sender or os.environ.get("HOSHIN_SMTP_FROM") or "")
    sender = sender or f"hoshin@{socket.getfqdn() or 'localhost'}"
    with open_plan(args.path) as plan:
        if args.dry_run:
            # As README's `--out /tmp/digests` reads: the folder is made when it is not
            # there; only once the plan opened, so a refused run leaves no folder behind.
            try:
                Path(args.out).mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ValidationError(
                    f"Cannot make the folder {args.out}: {exc.strerror}."
                ) from None
        if not args.dry_run:
            _require_log_writer(plan)
        with plan.session() as s:
            found = plan_digests(s, as_of, plan.settings)
        name = plan.name
        if args.dry_run:
            written = _write(found, Path(args.out), sender, name, args.path)
            said = f"Wrote {written} digests to {args.out} (nothing sent, nothing logged)"
            print(said + _tail(found))
            return 0
        assert server is not None
        sent = _send(plan, found, server, sender, name, args.path)
    print(f"Sent {sent} digests by {_where(*server)}{_tail(found)}")
    return 0


def _sender(value: str) -> str:
    """The sender as given (a display name may come with it), refused before anything
    is sent when it holds no one e-mail address: a server may well accept any words."""
    text_ = value.strip()
    if not text_:
        return ""
    found = getaddresses([text_])
    try:
        addressed = len(found) == 1 and validate.email(found[0][1]) is not None
    except ValidationError:
        addressed = False
    if not addressed:
        raise ValidationError(
            f"--from {text_!r} is not an e-mail address (like hoshin@example.com)."
        )
    return text_


def _tail(found: Round) -> str:
    parts = []
    if found.held_back:
        parts.append(f"{len(found.held_back)} held back by the quiet rules")
    if found.no_address:
        parts.append(f"{found.no_address} without an e-mail address")
    return f"; {', '.join(parts)}" if parts else ""


def _require_log_writer(plan: Plan) -> None:
    """Who sends reminders writes the log: the plan's owner (a file's, or the database
    owner of a shared plan) or an executive of the top unit, as the database's policy says."""
    roles = plan.roles
    if not roles.enforced or plan.administrator:
        return
    with Session(plan.engine) as session:
        if session.get_bind().dialect.name == "postgresql":
            trusted = session.execute(text("SELECT hoshin_trusted(current_user)")).scalar()
            if trusted:
                return
        if not plan.actor:
            raise PermissionDeniedError(permissions.NO_PERSON)
        person = find_person(session, plan.actor)
        guard = permissions.Guard(session, plan.graph, roles, person)
        top = session.execute(select(e.Unit.id).where(e.Unit.parent_id.is_(None))).scalar()
        guard.require(top, Access.EXECUTIVE, "send reminders")


def _write(found: Round, out: Path, sender: str, name: str, path: str) -> int:
    now = dt.datetime.now(dt.UTC)
    for digest in found.digests:
        msg = build_message(digest, sender=sender, plan_name=name, path=path, now=now)
        (out / f"{digest.as_of.isoformat()}-{digest.key}.eml").write_bytes(bytes(msg))
    return len(found.digests)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _connect(host: str, port: int) -> smtplib.SMTP:
    """A connection, upgraded by STARTTLS when offered, logged in when asked to."""
    where = _where(host, port)
    try:
        smtp = smtplib.SMTP(host, port, timeout=TIMEOUT_S)
    except (OSError, smtplib.SMTPException) as exc:
        raise HoshinError(
            f"Cannot reach the mail server {where}: {_reason(exc)}; nothing was sent."
        ) from exc
    user = os.environ.get(USER_VARIABLE, "").strip()
    try:
        smtp.ehlo()
        encrypted = False
        if smtp.has_extn("starttls"):
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
            encrypted = True
        if user:
            if not encrypted and not _loopback(host):
                raise HoshinError(
                    f"The mail server {where} offers no STARTTLS: the password of {user} is "
                    "not sent unencrypted; nothing was sent."
                )
            smtp.login(user, os.environ.get(PASSWORD_VARIABLE, ""))
    except smtplib.SMTPAuthenticationError as exc:
        smtp.close()
        raise HoshinError(
            f"The mail server {where} refused the login of {user}: {_reason(exc)}; "
            "nothing was sent."
        ) from exc
    except (OSError, smtplib.SMTPException) as exc:
        smtp.close()
        raise HoshinError(
            f"The mail server {where} failed: {_reason(exc)}; nothing was sent."
        ) from exc
    except HoshinError:
        smtp.close()
        raise
    return smtp


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        said = exc.smtp_error
        words = said.decode("utf-8", "replace") if isinstance(said, bytes) else str(said)
        return f"{exc.smtp_code} {' '.join(words.split())}"
    text_ = " ".join(str(exc).split()).rstrip(".")  # the line goes on after it: no ".;"
    return text_ or type(exc).__name__


def _send(
    plan: Plan, found: Round, server: tuple[str, int], sender: str, name: str, path: str
) -> int:
    if not found.digests:
        return 0
    host, port = server
    smtp = _connect(host, port)
    sent = 0
    refused: list[str] = []
    try:
        for digest in found.digests:
            now = dt.datetime.now(dt.UTC)
            msg = build_message(digest, sender=sender, plan_name=name, path=path, now=now)
            try:
                smtp.send_message(msg)
            except smtplib.SMTPRecipientsRefused:
                refused.append(f"{digest.key} <{digest.email}>")
                continue
            except (OSError, smtplib.SMTPException) as exc:
                raise HoshinError(
                    f"The mail server {_where(host, port)} failed after {sent} digests: "
                    f"{_reason(exc)}; the rest are sent next time."
                ) from exc
            # Accepted: now, and only now, the items count as told.
            with Session(plan.engine) as session, session.begin():
                record_sent(session, digest, now)
            sent += 1
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()
    if refused:
        raise HoshinError(
            f"Sent {sent} digests; the mail server refused {len(refused)} addresses "
            f"({', '.join(refused[:5])}{' …' if len(refused) > 5 else ''}): correct them "
            "with 'hoshin person set --email'."
        )
    return sent
