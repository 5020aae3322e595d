"""Adding, changing and deleting nodes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select

from hoshin import entities as e
from hoshin import lifecycle, validate
from hoshin.errors import ValidationError
from hoshin.kinds import (
    Aggregation,
    Direction,
    KaizenStatus,
    KaizenType,
    NodeKind,
    Origin,
    Strength,
)
from hoshin.operations.base import Operation, Tx
from hoshin.wording import a

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


def _values(tx: Tx, kind: NodeKind, given: Mapping[str, Any], current: Mapping[str, Any]) -> dict:
    """Validate the fields a person gave for a node of ``kind``; return column values."""
    unknown = set(given) - fields_for(kind)
    if unknown:
        names = ", ".join(sorted(FIELD_LABEL.get(f, f) for f in unknown))
        raise ValidationError(f"{a(kind.value).capitalize()} has no {names}.")
    out: dict[str, Any] = {}
    for name, raw in given.items():
        if name == "title":
            out["title"] = validate.title(raw)
        elif name == "description":
            out["description"] = (raw or "").strip()
        elif name == "unit":
            out["unit_id"] = tx.unit(raw)["id"]
        elif name == "function":
            out["function_id"] = tx.function_id(raw)
        elif name in ("start_date", "due_date", "end_date"):
            out[name] = validate.date(raw, FIELD_LABEL[name])
        elif name in ("baseline", "goal"):
            out[name] = validate.number(raw, name)
        elif name == "unit_of_measure":
            out[name] = (raw or "").strip() or None
        elif name == "direction":
            out[name] = None if raw is None else validate.choice(Direction, raw, "direction").value
        elif name == "aggregation":
            out[name] = validate.choice(Aggregation, raw or "average", "aggregation").value
        elif name == "status":
            out[name] = validate.choice(KaizenStatus, raw, "status").value
        elif name == "origin":
            out[name] = validate.choice(Origin, raw, "origin").value
        elif name == "kaizen_type":
            out[name] = validate.choice(KaizenType, raw, "kaizen type").value
        elif name == "expected_effect":
            out[name] = (raw or "").strip()
        elif name == "effect_target":
            if raw is None or not str(raw).strip():
                out["effect_target_id"] = None
            else:
                target = tx.node(str(raw))
                if target["kind"] != NodeKind.TARGET:
                    raise ValidationError(f"{target['code']} is not a target.")
                out["effect_target_id"] = target["id"]
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
            "nodes", {**values, "kind": self.kind.value, "seq": seq, "code": code}
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
        tx.rec.update_where("nodes", values, e.Node.id == row["id"])
        if move is not None:
            lifecycle.after(tx, row["code"], row["id"], *move)
        if "goal" in values and values["goal"] != row["goal"]:
            # An agreement made under the old goal is no longer an agreement.
            from hoshin.catchball.operations import reopen_after_goal_change

            reopen_after_goal_change(tx, row["id"], row["goal"], values["goal"])


check_move = lifecycle.check_move  # where callers found it before the rule had a module


def MoveKaizen(code: str, status: KaizenStatus | str) -> UpdateNode:
    """The board's drag: a status change checked against the lifecycle."""
    return UpdateNode(code, {"status": status})


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
        rec.update_where("nodes", {"effect_target_id": None}, e.Node.effect_target_id == node_id)
        rec.delete_where("edges", or_(e.Edge.source_id == node_id, e.Edge.target_id == node_id))
        rec.delete_where("responsibilities", e.Responsibility.node_id == node_id)
        rec.delete_where("measurements", e.Measurement.node_id == node_id)
        rec.delete_where("countermeasures", e.Countermeasure.node_id == node_id)
        rec.delete_where("sustainment_checks", e.SustainmentCheck.kaizen_id == node_id)
        rec.delete_where("action_items", e.ActionItem.kaizen_id == node_id)
        t = e.CatchballThread
        threads = select(t.id).where(t.node_id == node_id).scalar_subquery()
        rec.delete_where("catchball_messages", e.CatchballMessage.thread_id.in_(threads))
        rec.delete_where("catchball_threads", t.node_id == node_id)
        rec.update_where("catchball_threads", {"child_node_id": None}, t.child_node_id == node_id)
        rec.delete_where("nodes", e.Node.id == node_id)
