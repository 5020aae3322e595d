"""The years of a plan: closing one (read-only) and reopening it, and the year-end
reflection on a node with its decision for next year."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.model.errors import NotFoundError, ValidationError
from hoshin.model.kinds import Access, NodeKind
from hoshin.operations.base import UNSET, Operation, Tx
from hoshin.rules import validate
from hoshin.rules.years import CLOSED, OPEN, years

#: What may become of a node next year.
DECISIONS = ("carry", "modify", "drop", "complete")
#: How a node did this year.
RESULTS = ("achieved", "partly", "missed")
#: The kinds a reflection is on (DESIGN: the objectives, the priorities and targets) and
#: the kaizens, whose decision a rollover applies too.
REFLECTED = frozenset(NodeKind)
#: The longest comment on a reflection, in characters (a few paragraphs).
MAX_COMMENT = 4000


def _year_row(tx: Tx, year: int) -> Any:
    found = tx.session.execute(select(e.Year.__table__).where(e.Year.year == year)).mappings()
    row = found.first()
    if row is None:
        listed = ", ".join(str(y) for y, _ in years(tx.session)) or "none"
        raise NotFoundError(f"The plan has no year {year}; its years: {listed}.")
    return row


def _top_unit(tx: Tx) -> int | None:
    return tx.session.execute(select(e.Unit.id).where(e.Unit.parent_id.is_(None))).scalar()


@dataclass(frozen=True)
class SetYearState(Operation):
    """Close a year (its nodes become read-only) or reopen it: an executive's decision."""

    year: int
    state: str  # open | closed

    @property
    def label(self) -> str:
        return f"{'Close' if self.state == CLOSED else 'Reopen'} {self.year}"

    def apply(self, tx: Tx) -> None:
        if self.state not in (OPEN, CLOSED):
            raise ValidationError(f"A year is open or closed, not {self.state!r}.")
        row = _year_row(tx, validate.year(self.year))
        top = _top_unit(tx)
        if top is not None:
            tx.require(top, Access.EXECUTIVE, self.label.lower())
        if row["state"] == self.state:
            raise ValidationError(f"{self.year} is {self.state} already.")
        closed_at = tx.now() if self.state == CLOSED else None
        tx.rec.update_where(
            e.Year, {"state": self.state, "closed_at": closed_at}, e.Year.year == self.year
        )


@dataclass(frozen=True)
class AddYear(Operation):
    """A new (open) year of the plan; what a rollover starts with."""

    year: int

    @property
    def label(self) -> str:
        return f"Add the year {self.year}"

    def apply(self, tx: Tx) -> None:
        year = validate.year(self.year)
        if tx.session.get(e.Year, year) is not None:
            raise ValidationError(f"The plan has the year {year} already.")
        top = _top_unit(tx)
        if top is not None:
            tx.require(top, Access.EXECUTIVE, self.label.lower())
        tx.rec.insert(e.Year, [{"year": year, "state": OPEN, "closed_at": None}])


@dataclass(frozen=True)
class Reflect(Operation):
    """Record (or change) the year-end reflection on a node: its result, what helped and
    hindered, the lesson, and the decision for next year. Fields left UNSET keep their
    value; ``modify`` needs a new title or goal."""

    code: str
    decision: Any = UNSET
    new_title: Any = UNSET
    new_goal: Any = UNSET
    result: Any = UNSET
    helped: Any = UNSET
    hindered: Any = UNSET
    lesson: Any = UNSET
    author: str | None = None  # a person's key or name; else the person editing

    @property
    def label(self) -> str:
        return f"Reflect on {self.code.strip().upper()}"

    def apply(self, tx: Tx) -> None:
        node = tx.node(self.code)
        values: dict[str, Any] = {}
        if self.decision is not UNSET:
            values["decision"] = _word(self.decision, DECISIONS, "decision")
        if self.result is not UNSET:
            values["result"] = _word(self.result, RESULTS, "result")
        if self.new_title is not UNSET:
            values["new_title"] = (
                None if self.new_title in (None, "") else validate.title(self.new_title)
            )
        if self.new_goal is not UNSET:
            if self.new_goal is not None and node["kind"] != NodeKind.TARGET.value:
                raise ValidationError(f"{node['code']} is not a target: it has no goal.")
            values["new_goal"] = validate.number(self.new_goal, "new goal")
        for field in ("helped", "hindered", "lesson"):
            given = getattr(self, field)
            if given is not UNSET:
                values[field] = (given or "").strip()
        if self.author is not None:
            values["author_id"] = tx.person(self.author)["id"]
        elif tx.guard is not None:
            values["author_id"] = tx.guard.person_id
        values["updated_at"] = tx.now()
        r = e.Reflection
        found = (
            tx.session.execute(select(r.__table__).where(r.node_id == node["id"]))
            .mappings()
            .first()
        )
        merged = {**(dict(found) if found else {}), **values}
        if merged.get("decision") == "modify" and not (
            merged.get("new_title") or merged.get("new_goal") is not None
        ):
            raise ValidationError(
                f"Modifying {node['code']} needs its new wording (--title) or goal (--goal)."
            )
        if found is None:
            tx.rec.insert_one(
                r,
                {
                    "node_id": node["id"],
                    "helped": "",
                    "hindered": "",
                    "lesson": "",
                    "author_id": None,
                    **values,
                },
            )
        else:
            tx.rec.update_where(r, values, r.id == found["id"])


@dataclass(frozen=True)
class CommentReflection(Operation):
    """Comment on a node's year-end reflection, catchball-style: the unit above sees its
    units' answers and says what it thinks. A member of the node's unit or of a unit
    above may; a comment is written in its author's own name and only ever added (undo
    takes it back)."""

    code: str
    text: str
    author: str | None = None  # a person's key or name; else the person editing

    @property
    def label(self) -> str:
        return f"Comment on the reflection on {self.code.strip().upper()}"

    def apply(self, tx: Tx) -> int:
        node = tx.node(self.code)
        text = (self.text or "").strip()
        if not text:
            raise ValidationError("A comment needs some words.")
        if len(text) > MAX_COMMENT:
            raise ValidationError(f"A comment is at most {MAX_COMMENT} characters.")
        author = None
        if self.author is not None:
            author = tx.person(self.author)["id"]
        elif tx.guard is not None:
            author = tx.guard.person_id
        return tx.rec.insert_one(
            e.ReflectionComment,
            {"node_id": node["id"], "author_id": author, "at": tx.now(), "text": text},
        )


def _word(value: object, words: tuple[str, ...], what: str) -> str | None:
    if value is None:
        return None
    text = str(value).strip().lower()
    if text not in words:
        raise ValidationError(f"A {what} is one of {', '.join(words)}, not {value!r}.")
    return text


__all__ = ["DECISIONS", "RESULTS", "AddYear", "CommentReflection", "Reflect", "SetYearState"]
