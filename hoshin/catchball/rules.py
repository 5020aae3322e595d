"""The state machine of a catchball thread and who may do what. Pure: no database.

The unit above throws and locks; either side proposes or counters; the agreement is given
by the side that received the standing offer (no one agrees to their own offer); anyone
outside the two units may only comment or ask.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from hoshin.model.errors import TransitionError
from hoshin.text.wording import a


class State(StrEnum):
    DRAFT = "draft"
    PROPOSED = "proposed"
    IN_DISCUSSION = "in discussion"
    COUNTERED = "countered"
    AGREED = "agreed"
    LOCKED = "locked"
    WITHDRAWN = "withdrawn"


OPEN_STATES = frozenset({State.DRAFT, State.PROPOSED, State.IN_DISCUSSION, State.COUNTERED})
NEGOTIATING = frozenset({State.PROPOSED, State.IN_DISCUSSION, State.COUNTERED})


class Kind(StrEnum):
    THROW = "throw"
    COMMENT = "comment"
    QUESTION = "question"
    PROPOSAL = "proposal"
    COUNTER = "counter"
    AGREE = "agree"
    REJECT = "reject"
    WITHDRAW = "withdraw"
    LOCK = "lock"
    REOPEN = "reopen"  # written by Hoshin itself when the parent's goal changes


OFFERS = frozenset({Kind.THROW, Kind.PROPOSAL, Kind.COUNTER})

_TALK = frozenset({Kind.COMMENT, Kind.QUESTION})
_NEGOTIATE = _TALK | {Kind.PROPOSAL, Kind.COUNTER, Kind.AGREE, Kind.REJECT, Kind.WITHDRAW}

#: The kinds a person may send, per state of the thread.
ALLOWED: dict[State, frozenset[Kind]] = {
    State.DRAFT: _TALK | {Kind.PROPOSAL, Kind.WITHDRAW},
    State.PROPOSED: _NEGOTIATE,
    State.IN_DISCUSSION: _NEGOTIATE,
    State.COUNTERED: _NEGOTIATE,
    State.AGREED: _TALK | {Kind.LOCK},
    State.LOCKED: _TALK,
    State.WITHDRAWN: frozenset({Kind.COMMENT}),
}


class Side(StrEnum):
    UPPER = "upper"
    LOWER = "lower"
    OUTSIDE = "outside"

    @property
    def other(self) -> Side:
        return {Side.UPPER: Side.LOWER, Side.LOWER: Side.UPPER}.get(self, Side.OUTSIDE)

    @property
    def direction(self) -> str | None:
        return {Side.UPPER: "down", Side.LOWER: "up"}.get(self)


@dataclass(frozen=True)
class Said:
    """What the rules need to know of one earlier message."""

    kind: Kind
    side: Side | None  # None for Hoshin's own messages


def standing_offer(history: Sequence[Said]) -> int | None:
    """Index of the offer on the table: the last offer not rejected, agreed or reopened."""
    for i in range(len(history) - 1, -1, -1):
        said = history[i]
        if said.kind in (Kind.REJECT, Kind.REOPEN, Kind.AGREE):
            return None
        if said.kind in OFFERS:
            return i
    return None


_TALKING = frozenset({State.DRAFT, *NEGOTIATING, State.AGREED})


def _asked(state: State, history: Sequence[Said]) -> Side | None:
    """The side a question or comment waits for, or None when the last word was not one.

    Talk from one side is addressed to the other: it waits for that side until it answers.
    An answer (talk after the other side's talk) hands the thread back to the negotiation;
    a question always waits. After the agreement only questions wait (a "thanks" does not).
    """
    party = [s for s in history if s.side in (Side.UPPER, Side.LOWER)]
    if not party or history[-1].side is None or party[-1].kind not in _TALK:
        return None
    last = party[-1]
    if state not in _TALKING and last.kind is not Kind.QUESTION:
        return None
    if state is State.WITHDRAWN:
        return None
    before = party[-2] if len(party) > 1 else None
    answers = before is not None and before.kind in _TALK and before.side is not last.side
    if answers and last.kind is Kind.COMMENT:
        return None
    assert last.side is not None
    return last.side.other


def waiting_side(state: State, history: Sequence[Said]) -> Side | None:
    """The side that must answer next, or None when nobody has to.

    A question or comment waits for the side it is addressed to (the other side); once
    answered, the thread waits for whoever owes the next move of the negotiation.
    """
    asked = _asked(state, history)
    if asked is not None:
        return asked
    if state in (State.DRAFT, State.AGREED):
        return Side.UPPER  # to send the draft, or to lock the agreement
    if state not in NEGOTIATING:
        return None
    offer = standing_offer(history)
    if offer is not None:
        side = history[offer].side
        return side.other if side else Side.UPPER
    last = next((s for s in reversed(history) if s.side in (Side.UPPER, Side.LOWER)), None)
    if last is None or history[-1].side is None:
        return Side.UPPER  # after a reopen, the unit above throws again
    assert last.side is not None
    return last.side.other


def check(
    state: State, kind: Kind, side: Side, history: Sequence[Said], upper: str, lower: str
) -> None:
    """Raise TransitionError if ``side`` may not send ``kind`` now; the text says why."""
    allowed = ALLOWED[state]
    if kind not in allowed:
        names = ", ".join(k.value for k in Kind if k in allowed)
        raise TransitionError(
            f"{a(state.value).capitalize()} thread cannot take {a(kind.value)}; "
            f"it may take: {names}."
        )
    if side is Side.OUTSIDE and kind not in (Kind.COMMENT, Kind.QUESTION):
        raise TransitionError(
            f"Only people of {upper} and {lower} may {kind.value}; others may comment or ask."
        )
    if kind in (Kind.WITHDRAW, Kind.LOCK) and side is not Side.UPPER:
        raise TransitionError(f"Only the unit above ({upper}) may {kind.value} this thread.")
    if state is State.DRAFT and kind is Kind.PROPOSAL and side is not Side.UPPER:
        raise TransitionError(f"The draft has not been thrown yet; {upper} sends it first.")
    if kind in (Kind.AGREE, Kind.REJECT, Kind.COUNTER):
        offer = standing_offer(history)
        if offer is None:
            raise TransitionError(f"There is no offer on the table to {kind.value}.")
        if history[offer].side is side:
            verb = {Kind.AGREE: "agree to", Kind.REJECT: "reject", Kind.COUNTER: "counter"}[kind]
            raise TransitionError(
                f"The offer on the table is your own side's; only the other side may {verb} it."
            )


def next_state(state: State, kind: Kind, side: Side) -> State:
    if kind is Kind.PROPOSAL:
        return State.PROPOSED if state is State.DRAFT else State.IN_DISCUSSION
    if kind is Kind.COUNTER:
        return State.COUNTERED
    if kind is Kind.AGREE:
        return State.AGREED
    if kind is Kind.REJECT:
        return State.IN_DISCUSSION
    if kind is Kind.WITHDRAW:
        return State.WITHDRAWN
    if kind is Kind.LOCK:
        return State.LOCKED
    if kind is Kind.REOPEN:
        return State.IN_DISCUSSION
    if state is State.PROPOSED and side is Side.LOWER:
        return State.IN_DISCUSSION  # the unit below caught the ball
    return state


def next_round(current: int, kind: Kind, side: Side, history: Sequence[Said]) -> int:
    """A round is one throw and its answer: an offer from above after one from below
    starts the next round."""
    if kind in OFFERS and side is Side.UPPER:
        last_offer = next((s for s in reversed(history) if s.kind in OFFERS), None)
        if last_offer is not None and last_offer.side is Side.LOWER:
            return current + 1
    return current
