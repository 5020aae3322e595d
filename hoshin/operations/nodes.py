"""Adding, changing and deleting nodes."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import func, or_, select

from hoshin.model import entities as e
from hoshin.model.errors import ValidationError
from hoshin.model.kinds import (
    Aggregation,
    Direction,
    KaizenStatus,
    KaizenType,
    NodeKind,
    Origin,
    Strength,
)
from hoshin.operations import problem_refs
from hoshin.operations.a3 import delete_a3_rows, forget_links_to
from hoshin.operations.base import Operation, Tx
from hoshin.rules import lifecycle, validate
from hoshin.text.wording import a

COMMON_FIELDS = frozenset({"title", "description", "unit", "function", "start_date", "due_date"})
KIND_FIELDS: dict[NodeKind, frozenset[str]] = {
    NodeKind.BREAKTHROUGH: frozenset(),
    NodeKind.ANNUAL: frozenset(),
    NodeKind.PRIORITY: frozenset(),
    NodeKind.TARGET: frozenset({"unit_of_measure", "direction", "baseline", "goal", "aggregation"}),
    NodeKind.KAIZEN: frozenset(
        {"status", "origin", "kaizen_type", "end_date", "effect_target", "expected_effect"}
    ),
}
FIELD_LABEL = {
    "unit_of_measure": "unit of measure",
    "kaizen_type": "kaizen type",
    "end_date": "end date",
    "start_date": "start date",
    "due_date": "due date",
    "effect_target": "target affected",
    "expected_effect": "expected effect",
}


def fields_for(kind: NodeKind) -> frozenset[str]:
    return COMMON_FIELDS | KIND_FIELDS[kind]


#: Reads what a person gave for one field into (column, value); may look things up.
Parse = Callable[[Tx, Any], tuple[str, Any]]


def _text(column: str) -> Parse:
    """Free text, trimmed; None reads as empty."""
    return lambda _tx, raw: (column, (raw or "").strip())


def _text_or_none(column: str) -> Parse:
    """Trimmed text; empty reads as none."""
    return lambda _tx, raw: (column, (raw or "").strip() or None)


def _date(column: str) -> Parse:
    return lambda _tx, raw: (column, validate.date(raw, FIELD_LABEL[column]))


def _number(column: str) -> Parse:
    return lambda _tx, raw: (column, validate.number(raw, column))


def _choice(
    column: str, enum: type[StrEnum], *, default: str | None = None, optional: bool = False
) -> Parse:
    """One of ``enum``'s values. An empty answer is ``default`` when there is one; None
    clears an ``optional`` field; else :func:`validate.choice` refuses what is not one."""
    label = FIELD_LABEL.get(column, column)

    def parse(_tx: Tx, raw: Any) -> tuple[str, Any]:
        if optional and raw is None:
            return column, None
        return column, validate.choice(enum, (raw or default) if default else raw, label).value

    return parse


def _effect_target(tx: Tx, raw: Any) -> tuple[str, Any]:
    if raw is None or not str(raw).strip():
        return "effect_target_id", None
    target = tx.node(str(raw))
    if target["kind"] != NodeKind.TARGET:
        raise ValidationError(f"{target['code']} is not a target.")
    return "effect_target_id", target["id"]


#: How each field a person may give is read into a column of ``nodes``.
PARSERS: Mapping[str, Parse] = {
    "title": lambda _tx, raw: ("title", validate.title(raw)),
    "description": _text("description"),
    "unit": lambda tx, raw: ("unit_id", tx.unit(raw)["id"]),
    "function": lambda tx, raw: ("function_id", tx.function_id(raw)),
    "start_date": _date("start_date"),
    "due_date": _date("due_date"),
    "end_date": _date("end_date"),
    "baseline": _number("baseline"),
    "goal": _number("goal"),
    "unit_of_measure": _text_or_none("unit_of_measure"),
    "direction": _choice("direction", Direction, optional=True),
    "aggregation": _choice("aggregation", Aggregation, default=Aggregation.AVERAGE.value),
    "status": _choice("status", KaizenStatus),
    "origin": _choice("origin", Origin),
    "kaizen_type": _choice("kaizen_type", KaizenType),
    "expected_effect": _text("expected_effect"),
    "effect_target": _effect_target,
}


def _values(tx: Tx, kind: NodeKind, given: Mapping[str, Any], current: Mapping[str, Any]) -> dict:
    """Validate the fields a person gave for a node of ``kind``; return column values."""
    unknown = set(given) - fields_for(kind)
    if unknown:
        names = ", ".join(sorted(FIELD_LABEL.get(f, f) for f in unknown))
        raise ValidationError(f"{a(kind.value).capitalize()} has no {names}.")
    out = dict(PARSERS[name](tx, raw) for name, raw in given.items())
    merged = {**current, **out}
    validate.date_order(merged.get("start_date"), merged.get("due_date"), "due date")
    validate.date_order(merged.get("start_date"), merged.get("end_date"), "end date")
    return out


@dataclass(frozen=True)
class AddNode(Operation):
    kind: NodeKind
    unit: str
    title: str
    fields: Mapping[str, Any] = field(default_factory=dict)
    code: str | None = None  # a code of one's own (an import); else the next of the kind
    links: Sequence[str] = ()  # codes the new node supports or measures, in the same edit
    strength: Strength | str | None = None  # of those links
    rationale: str = ""

    @property
    def label(self) -> str:
        return f"Add {self.kind.label.lower()}"

    def done_label(self, result: Any) -> str:
        return f"Add {self.kind.label.lower()} {result}"  # "Add kaizen KZ-12" in the undo list

    def apply(self, tx: Tx) -> str:
        values = _values(tx, self.kind, {"title": self.title, "unit": self.unit, **self.fields}, {})
        unit_id = values["unit_id"]
        seq, code = self._code(tx)
        status: KaizenStatus | None = None
        if self.kind is NodeKind.KAIZEN:
            values.setdefault("status", KaizenStatus.IDEA.value)
            status = KaizenStatus(values["status"])
            values.update(lifecycle.before(tx, code, None, status, values))
            values.setdefault("origin", Origin.BOTTOM_UP.value)
            values.setdefault("kaizen_type", KaizenType.EVENT.value)
            if "function_id" not in values:
                values["function_id"] = tx.session.execute(
                    select(e.Unit.function_id).where(e.Unit.id == unit_id)
                ).scalar()
        if self.kind is NodeKind.TARGET:
            values.setdefault("direction", Direction.UP.value)
            values.setdefault("aggregation", Aggregation.AVERAGE.value)
        node_id = tx.rec.insert_one(
            e.Node, {**values, "kind": self.kind.value, "seq": seq, "code": code, "year": tx.year}
        )
        if status is not None:
            lifecycle.after(tx, code, node_id, None, status)
        if self.links:
            from hoshin.operations.links import Link  # links build on nodes, not the reverse

            tx.graph.refresh(tx.session, tx.rec.take_pending())
            for target in self.links:
                tx.run(Link(code, target, strength=self.strength, rationale=self.rationale))
        return code

    def _code(self, tx: Tx) -> tuple[int, str]:
        if self.code:
            code = self.code.strip().upper()
            if code in tx.graph:
                raise ValidationError(f"The code {code} is taken already.")
            if tx.session.execute(select(e.Unit.id).where(e.Unit.code == code)).first():
                raise ValidationError(f"The code {code} is a unit's; choose another code.")
            prefix, _, digits = code.rpartition("-")
            return (int(digits) if digits.isdigit() and prefix == self.kind.prefix else 0), code

        def highest() -> int:
            n = e.Node
            found = tx.session.execute(select(func.max(n.seq)).where(n.kind == self.kind.value))
            return int(found.scalar() or 0)

        # Two people adding kaizens at once never both get KZ-N.
        seq = tx.rec.claim(f"code:{self.kind.prefix}", highest)
        return seq, f"{self.kind.prefix}-{seq}"


@dataclass(frozen=True)
class UpdateNode(Operation):
    """Change fields of a node; a kaizen's status moves only along its lifecycle."""

    code: str
    fields: Mapping[str, Any]

    @property
    def label(self) -> str:
        if set(self.fields) == {"status"}:
            return f"Move {self.code} to {self.fields['status']}"
        names = ", ".join(FIELD_LABEL.get(f, f) for f in self.fields)
        return f"Change {names} of {self.code}"

    def apply(self, tx: Tx) -> None:
        row = tx.node(self.code)
        kind = NodeKind(row["kind"])
        values = _values(tx, kind, self.fields, dict(row))
        move: tuple[KaizenStatus, KaizenStatus] | None = None
        if "status" in values and values["status"] != row["status"]:
            move = KaizenStatus(row["status"]), KaizenStatus(values["status"])
            lifecycle.check_move(row["code"], *move)
            values.update(lifecycle.before(tx, row["code"], row["id"], move[1], {**row, **values}))
        tx.rec.update_where(e.Node, values, e.Node.id == row["id"])
        if move is not None:
            lifecycle.after(tx, row["code"], row["id"], *move)
        if "goal" in values and values["goal"] != row["goal"]:
            # An agreement made under the old goal is no longer one (catchball's rule).
            for rule in tx.follow_ups.goal_changed:
                rule(tx, row["id"], row["goal"], values["goal"])


@dataclass(frozen=True)
class MoveKaizen(Operation):
    """The board's drag: a kaizen's status change, checked against the lifecycle."""

    code: str
    status: KaizenStatus | str

    @property
    def label(self) -> str:
        return self._update.label

    def apply(self, tx: Tx) -> None:
        self._update.apply(tx)

    @property
    def _update(self) -> UpdateNode:
        return UpdateNode(self.code, {"status": self.status})


@dataclass(frozen=True)
class DeleteNode(Operation):
    """Delete a node with its links, owners, figures and sustainment records."""

    code: str

    @property
    def label(self) -> str:
        return f"Delete {self.code}"

    def apply(self, tx: Tx) -> None:
        node_id = tx.node(self.code)["id"]
        rec = tx.rec
        rec.update_where(e.Node, {"effect_target_id": None}, e.Node.effect_target_id == node_id)
        rec.delete_where(e.Edge, or_(e.Edge.source_id == node_id, e.Edge.target_id == node_id))
        # Its A3 and every A3's link to it or its countermeasures: recorded, for undo.
        forget_links_to(tx, node=node_id)
        problem_refs.forget_node(tx, node_id)
        cms = select(e.Countermeasure.id).where(e.Countermeasure.node_id == node_id)
        for cm in tx.session.execute(cms).scalars().all():
            problem_refs.forget_countermeasure(tx, cm)
        delete_a3_rows(tx, e.A3.node_id == node_id)
        rec.delete_where(e.Responsibility, e.Responsibility.node_id == node_id)
        rec.delete_where(e.Measurement, e.Measurement.node_id == node_id)
        rec.delete_where(e.TargetValue, e.TargetValue.node_id == node_id)
        rec.delete_where(e.Countermeasure, e.Countermeasure.node_id == node_id)
        rec.delete_where(e.SustainmentCheck, e.SustainmentCheck.kaizen_id == node_id)
        rec.delete_where(e.ActionItem, e.ActionItem.kaizen_id == node_id)
        t = e.CatchballThread
        threads = select(t.id).where(t.node_id == node_id).scalar_subquery()
        rec.delete_where(e.CatchballMessage, e.CatchballMessage.thread_id.in_(threads))
        rec.delete_where(e.CatchballThread, t.node_id == node_id)
        rec.update_where(e.CatchballThread, {"child_node_id": None}, t.child_node_id == node_id)
        from hoshin.operations.routines import forget_node  # routines build on nodes

        forget_node(tx, node_id)
        rec.delete_where(e.Node, e.Node.id == node_id)
