"""The shape of every edit: an operation applies itself in a transaction and its
inverse is the recorded list of raw steps that restores the rows exactly."""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import Session

from hoshin.changes import Changes
from hoshin.graph import StrategyGraph
from hoshin.model import entities as e
from hoshin.model.errors import NotFoundError, ValidationError
from hoshin.model.kinds import Access
from hoshin.model.plan_settings import PlanSettings
from hoshin.store.steps import Recorder, Step

#: A field an edit leaves as it is (``None`` clears one): the default of every optional
#: field of an "edit" operation.
UNSET: Any = object()


def utc_now() -> dt.datetime:
    """Now, in UTC without a zone (what every backend stores the same way)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def find_person(session: Session, who: str) -> RowMapping:
    """A person by key (``P-3``) or by exact name, ignoring case."""
    t = e.Person.__table__
    text = who.strip()
    found = session.execute(select(t).where(t.c.key == text.upper())).mappings().first()
    if found is not None:
        return found
    rows = (
        session.execute(select(t).where(t.c.name.ilike(text.replace("%", r"\%")))).mappings().all()
    )
    if len(rows) == 1:
        return rows[0]
    if len(rows) > 1:
        keys = ", ".join(r["key"] for r in rows)
        raise ValidationError(f"Several people are called {text}: use a key ({keys}).")
    raise NotFoundError(f"No person {text} in this plan.")


class Tx:
    """What an operation may use while it runs: the session, the graph and the recorder."""

    def __init__(
        self,
        session: Session,
        graph: StrategyGraph,
        settings: PlanSettings,
        clock: Callable[[], dt.datetime] = utc_now,
    ) -> None:
        self.session = session
        self.graph = graph
        self.settings = settings
        self._clock = clock
        self._now: dt.datetime | None = None
        self.rec = Recorder(session)
        self.rec.seen = graph.seen_version  # a node or link edited from an older view: stale
        self.guard: Any = None  # a permissions.Guard when the plan has roles

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
