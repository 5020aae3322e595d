"""A3s: the one-page documents written on a node, each step one reversible edit.

An A3 belongs to one node (one per node) and needs the role of that node for every row it
writes: the guard and the shared plan's policies check ``node_id`` as for the node's own
rows. Its sections are texts; its lists (5 whys, fishbone causes, implementation plan)
are rows; its countermeasures are links to countermeasures and kaizens of the plan.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.engine import RowMapping

from hoshin.model import entities as e
from hoshin.model.a3_sections import (
    CAUSE,
    HEADINGS,
    ITEM_WORDS,
    KINDS_FOR,
    SECTIONS,
    SIX_M_WORDS,
    STEP,
)
from hoshin.model.errors import NotFoundError, ValidationError
from hoshin.model.kinds import NodeKind
from hoshin.operations.base import Operation, Tx
from hoshin.rules import validate

#: The longest section an A3 page can hold (a few paragraphs), and the longest list row.
MAX_SECTION = 4000
MAX_ROW = 500
# Control characters a section must not hold (line breaks and tabs are text here).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def section_text(value: str | None, heading: str) -> str:
    """A section's text: line breaks kept, trailing space gone, length bounded."""
    text = "\n".join(line.rstrip() for line in (value or "").replace("\r\n", "\n").split("\n"))
    text = text.strip("\n")
    if len(text) > MAX_SECTION:
        raise ValidationError(f"{heading} is {len(text)} characters; at most {MAX_SECTION}.")
    if _CONTROL.search(text):
        raise ValidationError(f"{heading} cannot hold control characters.")
    return text


def a3_of(tx: Tx, code: str) -> tuple[RowMapping, RowMapping]:
    """The node and its A3, or a refusal saying how to start one."""
    node = tx.node(code)
    t = e.A3.__table__
    row = tx.session.execute(select(t).where(t.c.node_id == node["id"])).mappings().first()
    if row is None:
        raise NotFoundError(f"{node['code']} has no A3; start one with `hoshin a3 new`.")
    return node, row


@dataclass(frozen=True)
class NewA3(Operation):
    """Start the A3 of a node: a problem-solving A3 on a target or kaizen, a strategy A3 on
    an annual objective or breakthrough (either on a priority). Its title defaults to the
    node's."""

    code: str
    kind: str | None = None
    title: str | None = None

    @property
    def label(self) -> str:
        return f"Start the A3 of {self.code}"

    def apply(self, tx: Tx) -> int:
        node = tx.node(self.code)
        allowed = KINDS_FOR[NodeKind(node["kind"])]
        kind = (self.kind or allowed[0]).strip().lower()
        if kind not in allowed:
            fits = " or ".join(allowed)
            raise ValidationError(
                f"A {kind} A3 does not fit {node['code']}, a {node['kind']}: it takes a {fits} A3."
            )
        a = e.A3
        if tx.session.execute(select(a.id).where(a.node_id == node["id"])).first():
            raise ValidationError(f"{node['code']} has an A3 already; one per node.")
        title = validate.title(self.title or node["title"], "A3's title")
        return tx.rec.insert_one(e.A3, {"node_id": node["id"], "kind": kind, "title": title})


@dataclass(frozen=True)
class SetA3Section(Operation):
    """Write one section of an A3 (``title`` or a section of its kind; "" clears it)."""

    code: str
    section: str
    text: str

    @property
    def label(self) -> str:
        return f"Edit the A3 of {self.code}: {self.section}"

    def apply(self, tx: Tx) -> None:
        _node, a3 = a3_of(tx, self.code)
        name = self.section.strip().lower().replace("_", "-")
        if name == "title":
            value = validate.title(self.text, "A3's title")
            column = "title"
        else:
            columns = SECTIONS[a3["kind"]]
            if name not in columns:
                known = ", ".join(("title", *columns))
                raise ValidationError(
                    f"A {a3['kind']} A3 has no section {self.section!r}; it has {known}."
                )
            column = columns[name]
            value = section_text(self.text, HEADINGS[a3["kind"]][name])
        tx.rec.update_where(e.A3, {column: value}, e.A3.id == a3["id"])


@dataclass(frozen=True)
class AddA3Row(Operation):
    """Add a row to one of an A3's lists: a why (the next of the 5 whys), a fishbone cause
    under one of the 6 Ms, or a step of the implementation plan (what, who, when)."""

    code: str
    kind: str
    text: str
    category: str | None = None
    owner: str | None = None
    due: dt.date | str | None = None

    @property
    def label(self) -> str:
        return f"Add a {ITEM_WORDS.get(self.kind, 'row')} to the A3 of {self.code}"

    def apply(self, tx: Tx) -> int:
        node, a3 = a3_of(tx, self.code)
        kind = self.kind.strip().lower()
        if kind not in ITEM_WORDS:
            raise ValidationError(f"An A3 lists whys, causes and steps, not {self.kind!r}.")
        text = validate.title(self.text, ITEM_WORDS[kind])
        if len(text) > MAX_ROW:
            raise ValidationError(f"A {ITEM_WORDS[kind]} is at most {MAX_ROW} characters.")
        category = (self.category or "").strip().lower() or None
        if kind == CAUSE:
            if category not in SIX_M_WORDS:
                raise ValidationError(
                    "A cause is filed under one of the 6 Ms: " + ", ".join(SIX_M_WORDS) + "."
                )
        elif category is not None:
            raise ValidationError(f"Only a cause has a category (one of the 6 Ms), not a {kind}.")
        if kind != STEP and (self.owner or self.due):
            raise ValidationError("Only a step of the implementation plan has a who and a when.")
        owner = tx.person(self.owner)["id"] if self.owner else None
        due = validate.date(self.due, "when")
        i = e.A3Item
        last = tx.session.execute(
            select(func.max(i.position)).where(i.a3_id == a3["id"], i.kind == kind)
        ).scalar()
        return tx.rec.insert_one(
            e.A3Item,
            {
                "a3_id": a3["id"],
                "node_id": node["id"],
                "kind": kind,
                "position": (last or 0) + 1,
                "text": text,
                "category": category,
                "owner_id": owner,
                "due": due,
            },
        )


@dataclass(frozen=True)
class RemoveA3Row(Operation):
    """Remove a row of an A3's lists (by its id, as ``hoshin a3 show`` lists it)."""

    code: str
    row_id: int

    @property
    def label(self) -> str:
        return f"Remove row {self.row_id} of the A3 of {self.code}"

    def apply(self, tx: Tx) -> None:
        _node, a3 = a3_of(tx, self.code)
        i = e.A3Item
        gone = tx.rec.delete_where(e.A3Item, i.id == self.row_id, i.a3_id == a3["id"])
        if not gone:
            raise NotFoundError(f"The A3 of {self.code} has no row {self.row_id}.")


def _link_target(tx: Tx, countermeasure: int | None, kaizen: str | None) -> dict[str, int | None]:
    if (countermeasure is None) == (kaizen is None):
        raise ValidationError("Link a countermeasure (its number) or a kaizen (its code).")
    if countermeasure is not None:
        c = e.Countermeasure
        if not tx.session.execute(select(c.id).where(c.id == countermeasure)).first():
            raise NotFoundError(f"No countermeasure {countermeasure} in this plan.")
        return {"countermeasure_id": countermeasure, "kaizen_id": None}
    node = tx.node(str(kaizen))
    if node["kind"] != NodeKind.KAIZEN:
        raise ValidationError(f"{node['code']} is not a kaizen; an A3 links kaizens.")
    return {"countermeasure_id": None, "kaizen_id": node["id"]}


def _link_words(countermeasure: int | None, kaizen: str | None) -> str:
    return f"countermeasure {countermeasure}" if countermeasure is not None else str(kaizen)


@dataclass(frozen=True)
class LinkA3(Operation):
    """Name a countermeasure or a kaizen among the A3's countermeasures."""

    code: str
    countermeasure: int | None = None
    kaizen: str | None = None

    @property
    def label(self) -> str:
        return f"Link {_link_words(self.countermeasure, self.kaizen)} to the A3 of {self.code}"

    def apply(self, tx: Tx) -> int:
        node, a3 = a3_of(tx, self.code)
        target = _link_target(tx, self.countermeasure, self.kaizen)
        link = e.A3Link
        key = next(k for k, v in target.items() if v is not None)
        if tx.session.execute(
            select(link.id).where(link.a3_id == a3["id"], getattr(link, key) == target[key])
        ).first():
            raise ValidationError(
                f"The A3 of {node['code']} links "
                f"{_link_words(self.countermeasure, self.kaizen)} already."
            )
        return tx.rec.insert_one(e.A3Link, {"a3_id": a3["id"], "node_id": node["id"], **target})


@dataclass(frozen=True)
class UnlinkA3(Operation):
    """Take a countermeasure or kaizen off the A3 (it stays in the plan)."""

    code: str
    countermeasure: int | None = None
    kaizen: str | None = None

    @property
    def label(self) -> str:
        return f"Unlink {_link_words(self.countermeasure, self.kaizen)} from the A3 of {self.code}"

    def apply(self, tx: Tx) -> None:
        node, a3 = a3_of(tx, self.code)
        target = _link_target(tx, self.countermeasure, self.kaizen)
        link = e.A3Link
        key = next(k for k, v in target.items() if v is not None)
        gone = tx.rec.delete_where(
            e.A3Link, link.a3_id == a3["id"], getattr(link, key) == target[key]
        )
        if not gone:
            raise NotFoundError(
                f"The A3 of {node['code']} does not link "
                f"{_link_words(self.countermeasure, self.kaizen)}."
            )


@dataclass(frozen=True)
class DeleteA3(Operation):
    """Delete a node's A3 with its rows and links (the countermeasures and kaizens stay)."""

    code: str

    @property
    def label(self) -> str:
        return f"Delete the A3 of {self.code}"

    def apply(self, tx: Tx) -> None:
        _node, a3 = a3_of(tx, self.code)
        delete_a3_rows(tx, e.A3.id == a3["id"])


def delete_a3_rows(tx: Tx, which: object) -> None:
    """Delete A3s chosen by ``which`` (a condition on ``e.A3``), their rows first, so
    that undo restores them (the database's cascade would leave no record)."""
    chosen = select(e.A3.id).where(which).scalar_subquery()  # type: ignore[arg-type]
    tx.rec.delete_where(e.A3Link, e.A3Link.a3_id.in_(chosen))
    tx.rec.delete_where(e.A3Item, e.A3Item.a3_id.in_(chosen))
    tx.rec.delete_where(e.A3, e.A3.id.in_(chosen))


def forget_links_to(tx: Tx, *, countermeasure: int | None = None, node: int | None = None) -> None:
    """Before a countermeasure or a node goes, take it off every A3 that links it
    (recorded, so undo puts the links back)."""
    link = e.A3Link
    if countermeasure is not None:
        tx.rec.delete_where(e.A3Link, link.countermeasure_id == countermeasure)
    if node is not None:
        cms = select(e.Countermeasure.id).where(e.Countermeasure.node_id == node)
        tx.rec.delete_where(e.A3Link, or_(link.kaizen_id == node, link.countermeasure_id.in_(cms)))
