"""A real SMTP server for tests (aiosmtpd): what it accepted, parsed."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from email.policy import default
from typing import Any, cast

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope, Session


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def parse(content: bytes) -> EmailMessage:
    return cast(EmailMessage, email.message_from_bytes(content, policy=default))


class Inbox:
    """What the server accepted: one parsed message per envelope."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, _server: Any, _session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        self.messages.append(parse(content))
        self.envelopes.append((str(envelope.mail_from), list(envelope.rcpt_tos)))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]


@contextmanager
def smtp_server(**options: Any) -> Iterator[tuple[Inbox, int]]:
    """A server on a free loopback port until the block ends; its inbox and port."""
    box, port = Inbox(), free_port()
    server = Controller(box, hostname="127.0.0.1", port=port, **options)
    server.start()
    try:
        yield box, port
    finally:
        server.stop()
