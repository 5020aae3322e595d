"""Words, symbols and colours of catchball, in one place so panel, inbox and badges agree.

Every colour comes with a word or an arrow: a conversation must read the same in greyscale.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QColor

from hoshin.catchball.queries import ThreadSummary
from hoshin.catchball.rules import Kind, State
from hoshin.text import formats

#: What a message *is*, as the conversation labels it.
KIND_LABEL: dict[str, str] = {
    Kind.THROW: "Thrown",
    Kind.COMMENT: "Comment",
    Kind.QUESTION: "Question",
    Kind.PROPOSAL: "Proposal",
    Kind.COUNTER: "Counter-proposal",
    Kind.AGREE: "Agreement",
    Kind.REJECT: "Rejection",
    Kind.WITHDRAW: "Withdrawal",
    Kind.LOCK: "Locked",
    Kind.REOPEN: "Reopened",
}

#: What a person *does* when sending a kind, as the composer offers it.
KIND_VERB: dict[Kind, str] = {
    Kind.COMMENT: "Comment",
    Kind.QUESTION: "Ask a question",
    Kind.PROPOSAL: "Propose",
    Kind.COUNTER: "Counter-propose",
    Kind.AGREE: "Agree",
    Kind.REJECT: "Reject the offer",
    Kind.WITHDRAW: "Withdraw the thread",
}
#: The kinds the composer offers, in this order (throw and lock have their own buttons).
COMPOSER_KINDS = (
    Kind.COMMENT,
    Kind.QUESTION,
    Kind.PROPOSAL,
    Kind.COUNTER,
    Kind.AGREE,
    Kind.REJECT,
    Kind.WITHDRAW,
)
#: Kinds that carry a value, a date, an owner and resources.
OFFER_KINDS = frozenset({Kind.PROPOSAL, Kind.COUNTER})

ARROW = {"down": "↓", "up": "↑"}
REOPEN_MARK = "⟳"

#: (text, background) of a message kind's label.
KIND_COLOURS: dict[str, tuple[QColor, QColor]] = {
    Kind.THROW: (QColor("#1d4f91"), QColor("#dde9f8")),
    Kind.PROPOSAL: (QColor("#1d4f91"), QColor("#dde9f8")),
    Kind.COUNTER: (QColor("#8a4b00"), QColor("#fdebd3")),
    Kind.AGREE: (QColor("#1c6b33"), QColor("#dcf2e2")),
    Kind.LOCK: (QColor("#ffffff"), QColor("#2f3b48")),
    Kind.REJECT: (QColor("#9b2216"), QColor("#fbe4e1")),
    Kind.WITHDRAW: (QColor("#4a535e"), QColor("#e6e9ed")),
    Kind.REOPEN: (QColor("#7a4d00"), QColor("#ffe7a8")),
}
NEUTRAL_KIND = (QColor("#39424e"), QColor("#eef0f3"))

#: Bubble tint per direction: from the unit above, from the unit below, from outside.
DOWN_BG, DOWN_BORDER = QColor("#f1f6fd"), QColor("#c4d6ee")
UP_BG, UP_BORDER = QColor("#f1faf3"), QColor("#bfe0c8")
OUTSIDE_BG, OUTSIDE_BORDER = QColor("#f6f7f9"), QColor("#d5dae1")
REOPEN_BG, REOPEN_BORDER = QColor("#fff8e1"), QColor("#e0b23c")
MUTED = QColor("#5f6873")

STATE_COLOUR: dict[str, QColor] = {
    State.DRAFT: QColor("#6b7480"),
    State.PROPOSED: QColor("#1d4f91"),
    State.IN_DISCUSSION: QColor("#8a4b00"),
    State.COUNTERED: QColor("#8a4b00"),
    State.AGREED: QColor("#1c6b33"),
    State.LOCKED: QColor("#2f3b48"),
    State.WITHDRAWN: QColor("#6b7480"),
}


def number(value: float | None, unit: str | None = None) -> str:
    """``−18 %``: a typographic minus, no trailing ``.0``, the unit when there is one."""
    return formats.signed(value, unit)


def when(moment: dt.datetime | None) -> str:
    """A stored time (UTC, naive) in the user's local time: ``5 Jan 2026 09:00``."""
    if moment is None:
        return ""
    local = moment.replace(tzinfo=dt.UTC).astimezone()
    return f"{local.day} {local:%b %Y %H:%M}"


def days(n: int) -> str:
    return "today" if n == 0 else ("1 day" if n == 1 else f"{n} days")


def days_open(t: ThreadSummary, now: dt.datetime) -> int:
    """Days since the throw; a reopened thread counts from its throw, not its agreement."""
    if t.state in (State.AGREED, State.LOCKED):
        return t.days_open(now)  # until the agreement
    return max(0, (now - t.opened_at).days)


def state_label(state: str) -> str:
    return state[:1].upper() + state[1:]
