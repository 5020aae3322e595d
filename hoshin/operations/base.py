"""The shape of every edit: an operation applies itself in a transaction and its
inverse is the recorded list of raw steps that restores the rows exactly."""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import Session

from hoshin.changes import Changes
from hoshin.graph import StrategyGraph
from hoshin.model import entities as e
from hoshin.model.errors import NotFoundError, ValidationError
from hoshin.model.kinds import Access
from hoshin.model.lookups import find_person
from hoshin.model.plan_settings import PlanSettings
from hoshin.rules.permissions import Guard
from hoshin.rules.years import ClosedYears
from hoshin.store.conflicts import Horizon
from hoshin.store.steps import Recorder, Step, Versions

#: A field an edit leaves as it is (``None`` clears one): the default of every optional
#: field of an "edit" operation.
UNSET: Any = object()


def utc_now() -> dt.datetime:
    """Now, in UTC without a zone (what every backend stores the same way)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


class GoalChanged(Protocol):
    """A rule that follows a node's goal change in the same edit (catchball reopens an
    agreement made under the old goal)."""

    def __call__(self, tx: Tx, node_id: int, old: float | None, new: float | None) -> None: ...


@dataclass(frozen=True)
class FollowUps:
    """Rules of other packages that an edit of a node sets off, handed to the transaction
    by whoever opens it (the plan), so that the operations import none of them."""

    goal_changed: Sequence[GoalChanged] = ()


class Tx:
    """What an operation may use while it runs: the session, the graph and the recorder.

    Built in one call with everything an edit needs.

    Args:
        session: the edit's transaction.
        graph: the plan's strategy graph, kept current as the edit writes.
        settings: the plan's settings.
        clock: the time of the edit.
        guard: the permissions of the person editing, on a plan with roles; None: any
            edit is allowed. Every written row is checked against it, and operations ask it
            for more (:meth:`require`).
        known: the versions of rows this client's earlier edits wrote (undo expects them).
        horizon: what this client has seen of other sessions' edits (a shared plan).
        follow_ups: rules of other packages an edit sets off.
        year: the plan's year the edit works in: new nodes belong to it. Whatever it is, no
            row of a node of a closed year is written (:class:`ClosedYears`).
    """

    def __init__(
        self,
        session: Session,
        graph: StrategyGraph,
        settings: PlanSettings,
        clock: Callable[[], dt.datetime] = utc_now,
        *,
        guard: Guard | None = None,
        known: Versions | None = None,
        horizon: Horizon | None = None,
        follow_ups: FollowUps = FollowUps(),
        year: int | None = None,
    ) -> None:
        self.session = session
        self.graph = graph
        self.settings = settings
        self.guard = guard
        self.follow_ups = follow_ups
        self._clock = clock
        self._now: dt.datetime | None = None
        self.year = graph.year if year is None else year
        # A node or link edited from an older view than the graph's is stale (seen).
        self.rec = Recorder(
            session,
            guard=ClosedYears(session, guard),
            seen=graph.seen_version,
            horizon=horizon,
            known=known,
        )

    def require(self, unit_id: int, need: Access, doing: str) -> None:
        """Refuse unless the person editing holds ``need`` on the unit (plans with roles)."""
        if self.guard is not None:
            self.guard.require(unit_id, need, doing)

    def now(self) -> dt.datetime:
        """The time of this edit: one moment for everything the transaction writes."""
        if self._now is None:
            self._now = self._clock()
        return self._now

    def run(self, op: Operation) -> Any:
        """Apply a (sub-)operation and bring the graph up to date before the next one."""
        result = op.apply(self)
        self.graph.refresh(self.session, self.rec.take_pending())
        return result

    # -- lookups that raise NotFoundError with the name a person typed -------------------

    def node(self, code: str) -> RowMapping:
        node_id = self.graph.id_of(code)
        row = self.session.execute(select(e.Node.__table__).where(e.Node.id == node_id))
        return row.mappings().one()

    def unit(self, code: str) -> RowMapping:
        t = e.Unit.__table__
        row = self.session.execute(select(t).where(t.c.code == code.strip().upper())).mappings()
        found = row.first()
        if found is None:
            raise NotFoundError(f"No unit {code.strip()} in this plan.")
        return found

    def person(self, who: str) -> RowMapping:
        return find_person(self.session, who)

    def function_id(self, name: str | None) -> int | None:
        if name is None or not name.strip():
            return None
        t = e.Function.__table__
        rows = self.session.execute(select(t.c.id, t.c.name)).all()
        for fid, fname in rows:
            if fname.lower() == name.strip().lower():
                return int(fid)
        known = ", ".join(sorted(n for _, n in rows))
        raise ValidationError(f"Unknown function {name.strip()!r}; the plan has {known}.")


class Operation(ABC):
    """One user action. ``apply`` validates first and writes only through ``tx.rec``."""

    @property
    @abstractmethod
    def label(self) -> str:
        """Short text for the undo history, e.g. "Add KZ-104"."""

    @abstractmethod
    def apply(self, tx: Tx) -> Any:
        """Validate, write, and return a result for the caller (a new code, say)."""

    def done_label(self, result: Any) -> str:
        """The label once applied (the undo history's entry): an edit that makes something
        new may name it, which :attr:`label` cannot know beforehand."""
        return self.label


@dataclass(frozen=True)
class Revert(Operation):
    """Replays recorded raw steps; what undo and redo run after the first time."""

    text: str
    steps: Sequence[Step]

    @property
    def label(self) -> str:
        return self.text

    def apply(self, tx: Tx) -> None:
        for step in self.steps:
            tx.rec.run(step, replay=True)
            if step.table == "units":
                # The roles restored next are checked against where the unit sits.
                tx.graph.refresh(tx.session, tx.rec.take_pending())


@dataclass(frozen=True)
class Batch(Operation):
    """Several operations as one edit (one transaction, one undo step)."""

    text: str
    ops: Sequence[Operation]

    @property
    def label(self) -> str:
        return self.text

    def apply(self, tx: Tx) -> list[Any]:
        return [tx.run(op) for op in self.ops]


@dataclass(frozen=True)
class Applied:
    """The outcome of an edit: what changed, how to undo it, and the operation's result."""

    label: str
    changes: Changes
    inverse: Revert
    result: Any = None
