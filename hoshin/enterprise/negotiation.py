"""One catchball negotiation, as the messages people would have sent. Pure: no database.

A thread's outcome is drawn first (the nodes it touches depend on it: the child's goal and
due date, its commitment, a team's annual objective), then a script of messages that leads
there, then the script is replayed through :mod:`hoshin.catchball.rules` — the same
functions the real Throw, Reply and Lock go through — so that each message's state and
round and the thread's ``waiting`` are what the operations would have written, and a
script the rules would refuse fails loudly here instead of landing in a plan.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from hoshin.catchball.rules import (
    Kind,
    Said,
    Side,
    State,
    check,
    next_round,
    next_state,
    waiting_side,
)
from hoshin.enterprise import vocabulary as words
from hoshin.enterprise.records import Cycle, digits_for
from hoshin.text.formats import number

U, L, OUT = Side.UPPER, Side.LOWER, Side.OUTSIDE
DAY = 86_400.0
#: Share of talk that comes from people outside the two units.
OUTSIDER_SHARE = 0.08
#: Chance that a side revises its own offer before the other side answers.
REVISE = 0.3


@dataclass(frozen=True)
class Outcome:
    """Where a thread ends. ``rounds`` is the round it reaches; ``agreed_by`` the side that
    agreed to the other's last offer (None when it never agreed)."""

    state: State
    rounds: int
    agreed_by: Side | None = None
    reopened: bool = False

    @property
    def agreed(self) -> bool:
        return self.agreed_by is not None

    @property
    def takes_throw(self) -> bool:
        """The unit below agreed to the throw as it was: the throw is the agreement."""
        return self.agreed_by is L and self.rounds == 1


def draw_outcome(rng: random.Random, mix: Sequence[tuple[str, int]], can_reopen: bool) -> Outcome:
    """An outcome from a mix of ``(state name, weight)``; "reopened" needs a goal to change."""
    name = rng.choices([n for n, _w in mix], [w for _n, w in mix])[0]
    rounds = rng.choices(*words.ROUNDS)[0]
    if name == "reopened" and not can_reopen:
        name = "locked"
    if name == "proposed":
        return Outcome(State.PROPOSED, 1)
    if name in ("locked", "agreed", "reopened"):
        state = State.AGREED if name == "agreed" else State.LOCKED
        if name == "reopened":
            state = State.IN_DISCUSSION
        return Outcome(state, rounds, rng.choice((U, L)), reopened=name == "reopened")
    return Outcome(State(name), rounds)


@dataclass(frozen=True)
class Topic:
    """What a thread is about, as its messages quote it. A target thread negotiates a value
    (``goal`` is where an agreement lands: the child's goal); a priority thread negotiates
    a date, an owner and resources (``due`` is the date an agreement gives the child)."""

    code: str
    upper: str  # unit names, as people write them
    lower: str
    year: int
    goal: float | None = None
    baseline: float = 0.0
    parent_goal: float = 0.0  # the parent's goal when the ball was thrown
    parent_goal_now: float = 0.0  # differs when the parent's goal changed since
    uom: str = ""
    up_is_better: bool = True
    due: dt.date | None = None
    lower_owner: int | None = None  # whom the unit below names as owner in its offers

    @property
    def is_target(self) -> bool:
        return self.goal is not None


@dataclass(frozen=True)
class Cast:
    """Who speaks: each side's lead (who throws, counters, agrees) and everyone else."""

    upper_lead: int
    lower_lead: int
    upper: Sequence[int]
    lower: Sequence[int]
    outsiders: Sequence[int]
    locker: int  # the manager of the unit above, who locks agreements


@dataclass
class Draft:
    """One message before it has an id, a time, a state and a round."""

    kind: Kind
    side: Side | None  # None for Hoshin's own message (a reopen)
    author: int | None
    gap: float  # seconds after the previous message
    value: float | None = None
    due: dt.date | None = None
    owner: int | None = None
    resources: str = ""
    text: str = ""


class Script:
    """Builds the drafts of one thread, from the throw to where its outcome says it ends."""

    def __init__(
        self, rng: random.Random, topic: Topic, outcome: Outcome, cast: Cast, talk: float
    ) -> None:
        self.rng, self.topic, self.outcome, self.cast = rng, topic, outcome, cast
        self.drafts: list[Draft] = []
        # Talk after each offer is geometric: most offers draw a little, a few a lot.
        self._more_talk = talk / (1.0 + talk)
        self._offers = {U: 0, L: 0}
        t = topic
        # What messages quote of the topic, formatted once: a thread has dozens of them.
        self._words = dict(
            code=t.code, upper=t.upper, lower=t.lower, year=t.year, uom=t.uom,
            parent=number(t.parent_goal), baseline=number(t.baseline),
        )  # fmt: skip
        self._up, self._down = self._values()
        # Each thread goes through its questions and remarks without repeating one until
        # all were used: a long negotiation revisits points, a short one does not.
        kind_questions = words.QUESTIONS_TARGET if topic.is_target else words.QUESTIONS_PRIORITY
        self._questions = Cycle(rng, kind_questions + words.QUESTIONS_GENERAL)
        self._remarks = Cycle(rng, words.REMARKS)

    # -- what the offers say -------------------------------------------------------------

    def _values(self) -> tuple[list[float], list[float]]:
        """Offers from above start near the parent's goal, offers from below nearer the
        baseline; both close in on the agreed goal round by round."""
        t = self.topic
        if t.goal is None:
            return [], []
        rng, goal, sign = self.rng, t.goal, 1 if t.up_is_better else -1
        span = abs(goal - t.baseline) or abs(goal) * 0.05 or 1.0
        if self.outcome.takes_throw:
            first = goal
        elif sign * (t.parent_goal - goal) > 0:
            first = t.parent_goal  # the unit above asks for its own ambition
        else:
            first = goal + sign * span * rng.uniform(0.15, 0.4)
        low = goal - sign * span * rng.uniform(0.3, 0.7)
        shrink = rng.uniform(0.35, 0.65)
        up = [self._clean(goal + (first - goal) * shrink**i) for i in range(5)]
        down = [self._clean(goal + (low - goal) * shrink**i) for i in range(5)]
        return up, down

    def _clean(self, value: float) -> float:
        value = max(0.0, min(value, 100.0) if self.topic.uom == "%" else value)
        return round(value, digits_for(self.topic.baseline))

    def _say(self, templates: Sequence[str], **extra: object) -> str:
        return self._fill(self.rng.choice(templates), **extra)

    def _fill(self, template: str, **extra: object) -> str:
        return template.format(**self._words, **extra)

    def _remark(self) -> str:
        return self._remarks.draw(1)[0]

    def _author(self, side: Side, lead_share: float = 0.75) -> int:
        c = self.cast
        if side is OUT:
            return self.rng.choice(c.outsiders)
        lead, everyone = (c.upper_lead, c.upper) if side is U else (c.lower_lead, c.lower)
        return lead if self.rng.random() < lead_share else self.rng.choice(everyone)

    def _gap(self, mean_days: float = 1.0) -> float:
        return 600.0 + self.rng.expovariate(1.0 / (mean_days * DAY))

    def _add(
        self,
        kind: Kind,
        side: Side,
        gap: float,
        text: str,
        value: float | None = None,
        due: dt.date | None = None,
        owner: int | None = None,
        resources: str = "",
    ) -> None:
        author = self.cast.locker if kind is Kind.LOCK else self._author(side)
        self.drafts.append(Draft(kind, side, author, gap, value, due, owner, resources, text))

    # -- the moves -------------------------------------------------------------------------

    def offer(self, side: Side, kind: Kind, final: bool = False) -> None:
        """An offer (throw, proposal or counter); ``final`` is the one agreed to."""
        rng, t = self.rng, self.topic
        n = self._offers[side]
        self._offers[side] += 1
        gap = 0.0 if kind is Kind.THROW else self._gap()
        value: float | None = None
        due: dt.date | None = None
        owner: int | None = None
        resources = ""
        if t.goal is not None:  # a target: the offers are values
            value = t.goal if final else (self._up if side is U else self._down)[min(n, 4)]
            shown = number(value)
            if kind is Kind.THROW:
                text = self._say(words.THROW_TARGET, value=shown)
            elif side is U:
                text = self._say(words.OFFER_UP, value=shown)
            else:
                if rng.random() < 0.3:
                    resources = rng.choice(words.RESOURCES)
                if rng.random() < 0.5:
                    owner = t.lower_owner
                templates = words.OFFER_DOWN if resources else words.OFFER_DOWN[:3]
                text = self._say(templates, value=shown, resources=resources)
        elif kind is Kind.THROW:  # a priority: what is thrown is words only
            text = self._say(words.THROW_PRIORITY)
        else:  # a priority: the offers are dates, an owner, resources
            if final:
                due = t.due
            else:
                months = rng.randint(1, 6) if side is L else -rng.randint(1, 3)
                due = _add_months(t.due or dt.date(t.year, 12, 31), months)
            when = due.isoformat() if due else "the end of the year"
            if side is U:
                text = self._say(words.OFFER_UP_PRIORITY, due=when)
            else:
                owner, resources = self.cast.lower_lead, rng.choice(words.RESOURCES)
                text = self._say(words.OFFER_DOWN_PRIORITY, due=when, resources=resources)
        self._add(kind, side, gap, text, value, due, owner, resources)

    def talk(self, offerer: Side, speakers: frozenset[Side] = frozenset((U, L, OUT))) -> None:
        """Questions with their answers, and remarks, after an offer, from ``speakers``."""
        rng = self.rng
        while rng.random() < self._more_talk:
            if OUT in speakers and self.cast.outsiders and rng.random() < OUTSIDER_SHARE:
                if rng.random() < 0.3:
                    self.ask(OUT, L if L in speakers else U)
                else:
                    self._add(Kind.COMMENT, OUT, self._gap(), self._remark())
                continue
            asker = offerer.other if rng.random() < 0.65 else offerer
            if asker not in speakers:
                asker = asker.other
            if asker not in speakers:
                continue
            if rng.random() < 0.7:
                self.ask(asker, asker.other if asker.other in speakers else None)
            else:
                self._add(Kind.COMMENT, asker, self._gap(), self._remark())

    def ask(self, asker: Side, answerer: Side | None) -> None:
        """A question, mostly answered by the other side (not when it cannot speak yet)."""
        question, answers = self._questions.draw(1)[0]
        self._add(Kind.QUESTION, asker, self._gap(), self._fill(question))
        if answerer is not None and self.rng.random() < 0.85:
            self._add(Kind.COMMENT, answerer, self._gap(0.5), self._say(answers))

    def negotiate(self, count: int, last: Kind | None = None) -> None:
        """``count`` turns, the throw first and then each side in turn, with talk after
        each offer; ``last`` forces the kind of the last one. After the questions a side
        now and then revises its own offer (a new proposal: the round stays)."""
        for i in range(count):
            side = U if i % 2 == 0 else L
            if i == 0:
                kind = Kind.THROW
            elif i == count - 1 and last is not None:
                kind = last
            else:
                kind = self.rng.choices((Kind.COUNTER, Kind.PROPOSAL, Kind.REJECT), (75, 15, 10))[0]
            final = self.outcome.agreed and i == count - 1
            if kind is Kind.REJECT:  # turn the offer down, then make one of one's own
                self._add(Kind.REJECT, side, self._gap(), self._say(words.REJECTS))
                kind = Kind.PROPOSAL
            self.offer(side, kind, final=final)
            if i < count - 1 or self.outcome.agreed or last is not None:
                self.talk(side)
            if 0 < i < count - 1 and self.rng.random() < REVISE:
                self.offer(side, Kind.PROPOSAL)
                self.talk(side)

    def build(self) -> list[Draft]:
        """The drafts from the throw to the outcome."""
        rng, outcome, rounds = self.rng, self.outcome, self.outcome.rounds
        state = outcome.state
        if outcome.agreed:
            self.negotiate(2 * rounds - 1 if outcome.agreed_by is L else 2 * rounds)
            assert outcome.agreed_by is not None
            self._add(Kind.AGREE, outcome.agreed_by, self._gap(), rng.choice(words.AGREES))
            if rng.random() < 0.4:
                side = rng.choice((U, L))
                self._add(Kind.COMMENT, side, self._gap(0.3), rng.choice(words.AFTER_AGREEMENT))
            if state is not State.AGREED:
                self._lock_and_follow_up()
            if outcome.reopened:
                self._reopen()
        elif state is State.PROPOSED:
            self.negotiate(1)
            self.talk(U, frozenset((U, OUT)))  # the unit below has not caught the ball yet
        elif state is State.COUNTERED:
            count = 2 * rounds - (1 if rounds > 1 and rng.random() < 0.4 else 0)
            self.negotiate(count, last=Kind.COUNTER)
        elif state is State.IN_DISCUSSION:
            self._in_discussion(rounds)
        else:  # withdrawn, at some point of the negotiation
            self.negotiate(rng.randint(1, 2 * rounds))
            self._add(Kind.WITHDRAW, U, self._gap(3), self._say(words.WITHDRAWS))
            if rng.random() < 0.3:
                self._add(Kind.COMMENT, rng.choice((L, U)), self._gap(), self._remark())
        return self.drafts

    def _in_discussion(self, rounds: int) -> None:
        rng = self.rng
        way = rng.random()
        if rounds == 1 and way < 0.5:  # caught: the unit below asks before it offers
            self.negotiate(1)
            self.ask(L, U)
            self.talk(L)
        elif way < 0.7:  # the last word is a new proposal
            self.negotiate(max(2, 2 * rounds - (1 if rng.random() < 0.4 else 0)), Kind.PROPOSAL)
        else:  # the last offer was turned down
            count = 2 * rounds - (1 if rng.random() < 0.5 else 0)
            self.negotiate(count)
            side = U if count % 2 == 0 else L  # whoever answers the last offer
            self._add(Kind.REJECT, side, self._gap(), self._say(words.REJECTS))
            self.talk(side.other)

    def _lock_and_follow_up(self) -> None:
        rng = self.rng
        self._add(Kind.LOCK, U, self._gap(4), "")  # Lock takes no words
        while rng.random() < 0.7:  # comments on the commitment during the year
            text = rng.choice(words.FOLLOW_UPS)
            self._add(Kind.COMMENT, rng.choice((U, L, L)), rng.uniform(20, 40) * DAY, text)

    def _reopen(self) -> None:
        """Hoshin reopens the agreement after the parent's goal changed; it writes this
        message itself (no author, no direction), in the words of the real operation."""
        t = self.topic
        sep = f" {t.uom}" if t.uom else ""
        text = words.REOPEN.format(
            upper=t.upper, code=t.code, old=number(t.parent_goal), new=number(t.parent_goal_now),
            agreed=number(t.goal), uom_sep=sep,
        )  # fmt: skip
        gap = self.rng.uniform(15, 60) * DAY
        self.drafts.append(Draft(Kind.REOPEN, None, None, gap, text=text))
        if self.rng.random() < 0.5:
            self.ask(L, None)  # the unit above has not answered yet: it is waited for


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, 28 if month == 2 and day.day > 28 else min(day.day, 30))


@dataclass(frozen=True)
class Replayed:
    """Each message's state and round after it, as the operations would have written them."""

    states: list[State]
    rounds: list[int]
    waiting: Side | None
    agreed_at: int | None  # index of the agreement, if any


def replay(drafts: Sequence[Draft], upper: str, lower: str) -> Replayed:
    """Run the drafts through the rules, as Throw, Reply, Lock and a reopen would.

    Raises:
        TransitionError: a draft the rules refuse (a bug in the script, not in the plan).
    """
    history: list[Said] = []
    states: list[State] = []
    rounds: list[int] = []
    state, round_, agreed_at = State.PROPOSED, 1, None
    for i, draft in enumerate(drafts):
        kind, side = draft.kind, draft.side
        if kind is Kind.THROW:
            state, round_ = State.PROPOSED, 1
        elif kind is Kind.REOPEN:
            state = State.IN_DISCUSSION
        else:
            assert side is not None
            check(state, kind, side, history, upper, lower)
            round_ = next_round(round_, kind, side, history)
            state = next_state(state, kind, side)
            if kind is Kind.AGREE:
                agreed_at = i
        history.append(Said(kind, side))
        states.append(state)
        rounds.append(round_)
    return Replayed(states, rounds, waiting_side(state, history), agreed_at)
