"""The tables of a plan, as SQLAlchemy 2 typed mappings.

One table holds every node kind (kind-specific columns are nullable) so that the strategy
graph loads with two bulk queries whatever the plan's size. Enumerated values are stored as
the strings of :mod:`hoshin.model.kinds` and validated by the operations, not by the database, so
that adding a value never needs a table rebuild on SQLite.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: Stable constraint names, so migrations can name what they alter on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Versioned:
    """Optimistic locking: every write of a row raises its version by one, and a write
    that expects another version than the stored one is refused as stale (see steps.py).
    Never restored by undo, so a version is never reused for different contents."""

    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1", nullable=False)


class Setting(Versioned, Base):
    """One plan-wide setting (organisation name, symbols, thresholds…), JSON-encoded."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Function(Versioned, Base):
    """A business function (Sales, HR, Operations…); the list is the plan's own."""

    __tablename__ = "functions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Unit(Versioned, Base):
    """An organisation unit; units form a tree (company at the root)."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    level: Mapped[str] = mapped_column(String(80))
    function_id: Mapped[int | None] = mapped_column(ForeignKey("functions.id"))


class Person(Versioned, Base):
    __tablename__ = "people"
    # An index, not a constraint: SQLite adds it without rebuilding the table.
    __table_args__ = (Index("uq_people_login", "login", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    # The database login of this person on a shared plan: row-level security finds the
    # person (and so their roles) by ``current_user``.
    login: Mapped[str | None] = mapped_column(String(63))
    # Where reminders reach the person (hoshin remind); None: nowhere.
    email: Mapped[str | None] = mapped_column(String(254))


class UnitRole(Versioned, Base):
    """A person's role on a unit, valid for the unit and every unit below it."""

    __tablename__ = "unit_roles"
    __table_args__ = (UniqueConstraint("person_id", "unit_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))


class Node(Versioned, Base):
    """A breakthrough, annual objective, priority, target or kaizen."""

    __tablename__ = "nodes"
    __table_args__ = (
        Index("ix_nodes_kind_seq", "kind", "seq"),
        # A unit's board: its kaizens by status in code order, without a table scan.
        Index("ix_nodes_unit_status_seq", "unit_id", "status", "seq"),
        # A code names one node of a year: a carried node keeps its code in the next year.
        UniqueConstraint("year", "code", name="uq_nodes_year"),
        # Every read sees one year: a unit's nodes of a kind, the graph of the year.
        Index("ix_nodes_year_unit_kind", "year", "unit_id", "kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32))
    # The number in the code, kept apart so the next code is one indexed max().
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    function_id: Mapped[int | None] = mapped_column(ForeignKey("functions.id"))
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    # target
    unit_of_measure: Mapped[str | None] = mapped_column(String(40))
    direction: Mapped[str | None] = mapped_column(String(8))
    baseline: Mapped[float | None] = mapped_column(Float)
    goal: Mapped[float | None] = mapped_column(Float)
    # how the months add up to the year to date (kinds.Aggregation)
    aggregation: Mapped[str | None] = mapped_column(String(8))
    # kaizen
    status: Mapped[str | None] = mapped_column(String(16), index=True)
    origin: Mapped[str | None] = mapped_column(String(16))
    kaizen_type: Mapped[str | None] = mapped_column(String(16))
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    effect_target_id: Mapped[int | None] = mapped_column(ForeignKey("nodes.id"))
    expected_effect: Mapped[str] = mapped_column(String(200), default="")
    # catchball: the goal frozen when the agreement was locked (the baseline commitment)
    committed_goal: Mapped[float | None] = mapped_column(Float)
    # The plan's year this node belongs to (see Year), and the node of the year before it
    # was carried from by a rollover (history across years); a plain id, not a key.
    year: Mapped[int] = mapped_column(Integer)
    previous_id: Mapped[int | None] = mapped_column(Integer)
    # target: how often its values are recorded (kinds.Tracking; None: monthly)
    tracking: Mapped[str | None] = mapped_column(String(8))


class Year(Versioned, Base):
    """A year of the plan: open (editable) or closed (read-only until an executive
    reopens it)."""

    __tablename__ = "years"
    __table_args__ = (CheckConstraint("state IN ('open', 'closed')", name="state"),)

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    state: Mapped[str] = mapped_column(String(8))
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Reflection(Versioned, Base):
    """The year-end reflection on a node: how it went and what to do with it next year."""

    __tablename__ = "reflections"
    __table_args__ = (
        CheckConstraint("decision IN ('carry', 'modify', 'drop', 'complete')", name="decision"),
        CheckConstraint("result IN ('achieved', 'partly', 'missed')", name="result"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    node_id: Mapped[int] = mapped_column(ForeignKey("nodes.id", ondelete="CASCADE"), unique=True)
    decision: Mapped[str | None] = mapped_column(String(8))
    new_title: Mapped[str | None] = mapped_column(String(500))
    new_goal: Mapped[float | None] = mapped_column(Float)
    result: Mapped[str | None] = mapped_column(String(8))
    helped: Mapped[str] = mapped_column(Text, default="")
    hindered: Mapped[str] = mapped_column(Text, default="")
    lesson: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Edge(Versioned, Base):
    """A directed link between two nodes: supports, measures or deploys."""

    __tablename__ = "edges"
    __table_args__ = (UniqueConstraint("source_id", "target_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    source_id: Mapped[int] = mapped_column(ForeignKey("nodes.id", ondelete="CASCADE"))
    target_id: Mapped[int] = mapped_column(ForeignKey("nodes.id", ondelete="CASCADE"), index=True)
    strength: Mapped[str | None] = mapped_column(String(8))
    rationale: Mapped[str] = mapped_column(Text, default="")


class Responsibility(Versioned, Base):
    """A person answers for a priority or target, as primary or secondary owner."""

    __tablename__ = "responsibilities"
    __table_args__ = (UniqueConstraint("node_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    node_id: Mapped[int] = mapped_column(ForeignKey("nodes.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))


class Measurement(Versioned, Base):
    """Plan and actual of a target for one month (``YYYY-MM``)."""

    __tablename__ = "measurements"
    __table_args__ = (UniqueConstraint("node_id", "month"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    node_id: Mapped[int] = mapped_column(ForeignKey("nodes.id", ondelete="CASCADE"))
    month: Mapped[str] = mapped_column(String(7))
    plan: Mapped[float | None] = mapped_column(Float)
    actual: Mapped[float | None] = mapped_column(Float)


class SustainmentCheck(Versioned, Base):
    """A dated check that a finished kaizen's gain still holds."""

    __tablename__ = "sustainment_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kaizen_id: Mapped[int] = mapped_column(ForeignKey("nodes.id", ondelete="CASCADE"), index=True)
    due: Mapped[dt.date] = mapped_column(Date)
    result: Mapped[str | None] = mapped_column(String(8))
    checked_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    # Indexed: a manager's "My work" reads the checks of the managers below by owner.
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )


class ActionItem(Versioned, Base):
    """An open point left by a kaizen, with an owner and a due date."""

    __tablename__ = "action_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kaizen_id: Mapped[int] = mapped_column(ForeignKey("nodes.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    # Indexed: a manager's "My work" reads the action items of the managers below by owner.
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    due: Mapped[dt.date | None] = mapped_column(Date)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_on: Mapped[dt.date | None] = mapped_column(Date)


class CatchballThread(Versioned, Base):
    """A negotiation about one node between the unit above (throws) and the unit below."""

    __tablename__ = "catchball_threads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    node_id: Mapped[int] = mapped_column(ForeignKey("nodes.id"), index=True)
    # The lower unit's deployed counterpart, whose goal the agreement sets.
    child_node_id: Mapped[int | None] = mapped_column(ForeignKey("nodes.id"), index=True)
    upper_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    lower_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    state: Mapped[str] = mapped_column(String(16), index=True)
    # The side that must answer next ("upper"/"lower"), kept by every message so that an
    # inbox is one indexed query, not a scan of 200,000 messages.
    waiting: Mapped[str | None] = mapped_column(String(8))
    round: Mapped[int] = mapped_column(Integer, default=1)
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime)
    agreed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    agreed_value: Mapped[float | None] = mapped_column(Float)
    # The thrown node's goal when the agreement was locked, to say what changed later.
    locked_parent_goal: Mapped[float | None] = mapped_column(Float)


class CatchballMessage(Base):
    """One message of a thread; messages are only ever appended."""

    __tablename__ = "catchball_messages"
    # The last message of each open thread (what an obligation is dated from) read from the
    # index alone.
    __table_args__ = (Index("ix_catchball_messages_thread_at", "thread_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    thread_id: Mapped[int] = mapped_column(
        ForeignKey("catchball_threads.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    direction: Mapped[str | None] = mapped_column(String(4))
    round: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16))  # the thread's state after this message
    value: Mapped[float | None] = mapped_column(Float)
    due: Mapped[dt.date | None] = mapped_column(Date)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    resources: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Countermeasure(Versioned, Base):
    """What a target's owner does about a red month: what, who, by when."""

    __tablename__ = "countermeasures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    node_id: Mapped[int] = mapped_column(ForeignKey("nodes.id", ondelete="CASCADE"), index=True)
    month: Mapped[str] = mapped_column(String(7))
    what: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    due: Mapped[dt.date | None] = mapped_column(Date)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_on: Mapped[dt.date | None] = mapped_column(Date)


#: The kinds of A3, of its list rows, and the 6 Ms a fishbone cause is filed under. Fixed
#: by CHECK constraints (unlike the other enumerations): an A3's layout is built on them.
A3_KINDS = ("problem", "strategy")
A3_ITEM_KINDS = ("why", "cause", "step")
SIX_MS = ("man", "machine", "method", "material", "measurement", "environment")


def _in(column: str, words: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(w) for w in words)})"


class A3(Versioned, Base):
    """A one-page structured document on a node: a problem-solving A3 (on a target or a
    kaizen) or a strategy A3 (on an annual objective or a breakthrough). One per node.

    Every section is a text column; which ones an A3 shows depends on its kind (see
    :mod:`hoshin.operations.a3`). Its rows need the same role as the node's own.
    """

    __tablename__ = "a3s"
    __table_args__ = (
        CheckConstraint(_in("kind", A3_KINDS), name="kind"),
        # What the rows' (a3_id, node_id) point at: a row of an A3 is always of its node.
        UniqueConstraint("id", "node_id", name="uq_a3s_id_node"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    node_id: Mapped[int] = mapped_column(
        ForeignKey("nodes.id", ondelete="CASCADE"), unique=True, index=True
    )
    kind: Mapped[str] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(String(500))
    background: Mapped[str] = mapped_column(Text, default="")
    current_condition: Mapped[str] = mapped_column(Text, default="")
    goal: Mapped[str] = mapped_column(Text, default="")
    analysis: Mapped[str] = mapped_column(Text, default="")
    plan_text: Mapped[str] = mapped_column(Text, default="")
    owners_text: Mapped[str] = mapped_column(Text, default="")
    risks: Mapped[str] = mapped_column(Text, default="")
    follow_up: Mapped[str] = mapped_column(Text, default="")


class A3Item(Versioned, Base):
    """A list row of an A3: a why of the 5 whys, a fishbone cause (under one of the 6 Ms)
    or a step of the implementation plan (what, who, when). ``node_id`` repeats the A3's
    node so that roles (core and database alike) are checked as for any row of a node."""

    __tablename__ = "a3_items"
    __table_args__ = (
        CheckConstraint(_in("kind", A3_ITEM_KINDS), name="kind"),
        ForeignKeyConstraint(
            ["a3_id", "node_id"],
            ["a3s.id", "a3s.node_id"],
            ondelete="CASCADE",
            name="fk_a3_items_a3",
        ),
        CheckConstraint(
            f"(kind = 'cause') = (category IS NOT NULL) AND "
            f"(category IS NULL OR {_in('category', SIX_MS)})",
            name="category",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    a3_id: Mapped[int] = mapped_column(Integer, index=True)
    node_id: Mapped[int] = mapped_column(ForeignKey("nodes.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(12))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    due: Mapped[dt.date | None] = mapped_column(Date)


class A3Link(Versioned, Base):
    """An A3's countermeasure: an existing countermeasure or kaizen it points at (one of
    the two). ``node_id`` is the A3's node, as for :class:`A3Item`."""

    __tablename__ = "a3_links"
    __table_args__ = (
        CheckConstraint("(countermeasure_id IS NULL) <> (kaizen_id IS NULL)", name="one_target"),
        ForeignKeyConstraint(
            ["a3_id", "node_id"],
            ["a3s.id", "a3s.node_id"],
            ondelete="CASCADE",
            name="fk_a3_links_a3",
        ),
        UniqueConstraint("a3_id", "countermeasure_id", name="uq_a3_links_countermeasure"),
        UniqueConstraint("a3_id", "kaizen_id", name="uq_a3_links_kaizen"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    a3_id: Mapped[int] = mapped_column(Integer, index=True)
    node_id: Mapped[int] = mapped_column(ForeignKey("nodes.id", ondelete="CASCADE"), index=True)
    countermeasure_id: Mapped[int | None] = mapped_column(
        ForeignKey("countermeasures.id", ondelete="CASCADE"), index=True
    )
    kaizen_id: Mapped[int | None] = mapped_column(
        ForeignKey("nodes.id", ondelete="CASCADE"), index=True
    )


class ReflectionComment(Base):
    """A comment on a node's year-end reflection, by the unit above or the node's own
    (catchball-style); comments are only ever appended."""

    __tablename__ = "reflection_comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    node_id: Mapped[int] = mapped_column(ForeignKey("nodes.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    text: Mapped[str] = mapped_column(Text)


class TargetValue(Versioned, Base):
    """A target's value for one day, or one week (dated on its Monday), when the target is
    tracked finer than monthly (Node.tracking)."""

    __tablename__ = "target_values"
    __table_args__ = (UniqueConstraint("node_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    node_id: Mapped[int] = mapped_column(ForeignKey("nodes.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)


class MonthFigure(Base):
    """The monthly figure a target's finer values make (hoshin.rules.finer_months): their
    count and their aggregate by the target's aggregation, before it is settled to 9
    decimals. Kept by the database itself: its triggers (migration 0012) work a month out
    again whenever one of its values or the target's aggregation changes, so every write
    (an edit, an undo, an import, a login's own SQL on a shared plan) leaves it true, and
    no login may write it. Reads then need not aggregate a year of daily values."""

    __tablename__ = "month_figures"

    node_id: Mapped[int] = mapped_column(
        ForeignKey("nodes.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM
    count: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)


#: Tables the database keeps from others (MonthFigure): never copied, audited or undone.
DERIVED_TABLES = frozenset({"month_figures"})


class Routine(Versioned, Base):
    """A recurring task of a person's Leader Standard Work (DESIGN §6b). Its occurrences are
    derived from the cadence (hoshin.rules.cadence), never stored ahead; only answered ones
    are (RoutineAnswer)."""

    __tablename__ = "routines"
    # (id, person_id) is named by an answer, so an answer is always of its routine's person.
    __table_args__ = (UniqueConstraint("id", "person_id", name="uq_routines_id_person"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)  # where it happens
    node_id: Mapped[int | None] = mapped_column(  # the priority or target it serves
        ForeignKey("nodes.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    cadence: Mapped[str] = mapped_column(String(12))  # kinds.Cadence
    every: Mapped[int] = mapped_column(Integer, default=1)  # weekly: every N weeks
    weekday: Mapped[int | None] = mapped_column(Integer)  # 0 = Monday (weekly, monthly-nth)
    day: Mapped[int | None] = mapped_column(Integer)  # 1..31 (monthly-day)
    nth: Mapped[int | None] = mapped_column(Integer)  # 1..4, or -1 the last (monthly-nth)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)


class RoutineAnswer(Versioned, Base):
    """One answered occurrence of a routine: done, missed or skipped (with a reason)."""

    __tablename__ = "routine_answers"
    __table_args__ = (
        UniqueConstraint("routine_id", "day"),
        ForeignKeyConstraint(
            ["routine_id", "person_id"],
            ["routines.id", "routines.person_id"],
            name="fk_routine_answers_routine",
            ondelete="CASCADE",
        ),
        # Adherence per person over a window: one range scan.
        Index("ix_routine_answers_person_day", "person_id", "day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    routine_id: Mapped[int] = mapped_column(Integer)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date)  # the occurrence's date
    state: Mapped[str] = mapped_column(String(8))  # kinds.AnswerState
    reason: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))


class Problem(Versioned, Base):
    """A problem of daily management, raised at a unit's huddle; it climbs the tiers by
    escalation (unit_id is where it is now, tier how far it climbed: 1 where raised)."""

    __tablename__ = "problems"
    __table_args__ = (
        # A unit's huddle: its problems by status, without a table scan.
        Index("ix_problems_unit_status", "unit_id", "status"),
        # The measures read a window's problems from the index alone (measured: a third
        # of the time at the enterprise's 60,000 problems).
        Index("ix_problems_raised_on", "raised_on", "raised_unit_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    detail: Mapped[str] = mapped_column(Text, default="")
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    raised_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    tier: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(12))  # kinds.ProblemStatus
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    raised_on: Mapped[dt.date] = mapped_column(Date)
    due: Mapped[dt.date | None] = mapped_column(Date)
    solved_on: Mapped[dt.date | None] = mapped_column(Date)
    answer: Mapped[str] = mapped_column(Text, default="")
    # The target or priority it concerns, and what it became once solved.
    node_id: Mapped[int | None] = mapped_column(ForeignKey("nodes.id", ondelete="SET NULL"))
    kaizen_id: Mapped[int | None] = mapped_column(ForeignKey("nodes.id", ondelete="SET NULL"))
    countermeasure_id: Mapped[int | None] = mapped_column(
        ForeignKey("countermeasures.id", ondelete="SET NULL")
    )


class ProblemStep(Base):
    """One step of a problem's history (kinds.ProblemEvent): who did what, when, from which
    unit to which. Only ever appended; the path up the tiers is read from here."""

    __tablename__ = "problem_steps"
    __table_args__ = (
        # A problem's path read from the index alone, in order (the measures read 35,000).
        Index(
            "ix_problem_steps_problem_id",
            "problem_id", "at", "id", "kind", "from_unit_id", "to_unit_id",
        ),
    )  # fmt: skip

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12))
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    from_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    to_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    note: Mapped[str] = mapped_column(Text, default="")


class Finding(Versioned, Base):
    """What a leader saw during a routine (typically a gemba walk), in the unit visited;
    in one action it becomes a kaizen idea, a problem, or an action item (the finding
    itself with an owner and a due date)."""

    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("routine_answers.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)  # visited
    text: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(8))  # kinds.FindingOutcome
    kaizen_id: Mapped[int | None] = mapped_column(ForeignKey("nodes.id", ondelete="SET NULL"))
    problem_id: Mapped[int | None] = mapped_column(ForeignKey("problems.id", ondelete="SET NULL"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    due: Mapped[dt.date | None] = mapped_column(Date)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_on: Mapped[dt.date | None] = mapped_column(Date)


class ReminderSent(Base):
    """One obligation told to one person in one digest (hoshin remind): the log that keeps
    reminders quiet. An item is told again only when its fingerprint (its due date, its
    escalation step, what changed) differs from the last one told."""

    __tablename__ = "reminders_sent"
    __table_args__ = (Index("ix_reminders_sent_person_day", "person_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date)  # the digest's day (as of)
    sent_at: Mapped[dt.datetime] = mapped_column(DateTime)
    item: Mapped[str] = mapped_column(String(160))  # the obligation's key, e.g. actual:412:2026-10
    fingerprint: Mapped[str] = mapped_column(String(64))


class Meeting(Versioned, Base):
    """A review meeting of a unit: its agenda, the decisions taken, its minutes."""

    __tablename__ = "meetings"
    __table_args__ = (Index("ix_meetings_unit_day", "unit_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    held: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")


class MeetingItem(Versioned, Base):
    """An item of a meeting's agenda: what it is about (a red target, an overdue
    obligation, an escalation, an open catchball, a win, or a point of its own)."""

    __tablename__ = "meeting_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(500))
    item: Mapped[str | None] = mapped_column(String(160))  # the obligation's or node's key
    node_id: Mapped[int | None] = mapped_column(ForeignKey("nodes.id", ondelete="SET NULL"))


class MeetingDecision(Versioned, Base):
    """A decision recorded during a meeting, against an agenda item or the meeting; with an
    owner and a due date it is an action item that joins the owner's work."""

    __tablename__ = "meeting_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_items.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    due: Mapped[dt.date | None] = mapped_column(Date)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_on: Mapped[dt.date | None] = mapped_column(Date)


class AuditEntry(Base):
    """Who changed what, when, from what to what. Appended by every edit; never undone."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    edit: Mapped[str] = mapped_column(String(200))  # the operation's label
    action: Mapped[str] = mapped_column(String(8))  # insert | update | delete
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(64))
    node_id: Mapped[int | None] = mapped_column(Integer, index=True)  # the node it concerns
    field: Mapped[str | None] = mapped_column(String(40))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
