"""Linking nodes: supports, measures, deploys, with strength and rationale."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.model.errors import LinkError
from hoshin.model.kinds import LINK_RULES, EdgeKind, Strength, edge_kind_for
from hoshin.operations.base import Operation, Tx
from hoshin.rules import validate


def resolve_kind(tx: Tx, source_id: int, target_id: int, kind: EdgeKind | str | None) -> EdgeKind:
    """The edge kind a person meant: the one named, or the only one the two kinds allow.

    A refusal says what the source may link to (kinds.LINK_RULES), and when the two were
    given the wrong way round, the way that works.
    """
    if kind is not None:
        return validate.choice(EdgeKind, kind, "link kind")
    s, t = tx.graph.node(source_id), tx.graph.node(target_id)
    across = s.unit_id != t.unit_id
    found = edge_kind_for(s.kind, t.kind, across_units=across)
    if found is EdgeKind.DEPLOYS and not across:
        # A priority and a breakthrough of one unit: the only link the pair allows is a
        # deployment, which goes to a unit below (the old message guessed a deployment).
        raise LinkError(
            f"{s.code} ({s.kind.value}) cannot be linked to {t.code} ({t.kind.value}) of its "
            f"own unit: {LINK_RULES[s.kind]}."
        )
    if found is None:
        hint = ""
        if edge_kind_for(t.kind, s.kind, across_units=across) is not None:
            hint = f" The other way round works: link {t.code} to {s.code}."
        raise LinkError(
            f"{s.code} ({s.kind.value}) cannot be linked to {t.code} ({t.kind.value}) "
            f"by any kind of link: {LINK_RULES[s.kind]}.{hint}"
        )
    return found


class LinkSet(NamedTuple):
    """What :class:`SetLink` did: the link as it now stands, and whether it is new."""

    kind: EdgeKind
    strength: Strength | None
    rationale: str
    created: bool


@dataclass(frozen=True)
class Link(Operation):
    source: str
    target: str
    kind: EdgeKind | str | None = None
    strength: Strength | str | None = None
    rationale: str = ""

    @property
    def label(self) -> str:
        return f"Link {self.source} to {self.target}"

    def apply(self, tx: Tx) -> int:
        source_id, target_id = tx.graph.id_of(self.source), tx.graph.id_of(self.target)
        kind = resolve_kind(tx, source_id, target_id, self.kind)
        strength = (
            None if self.strength is None else validate.choice(Strength, self.strength, "strength")
        )
        tx.graph.check_link(source_id, target_id, kind)
        return tx.rec.insert_one(
            e.Edge,
            {
                "kind": kind.value,
                "source_id": source_id,
                "target_id": target_id,
                "strength": strength.value if strength else None,
                "rationale": self.rationale.strip(),
            },
        )


@dataclass(frozen=True)
class SetLink(Operation):
    """Link two nodes, or give their link of that kind a new strength or rationale.

    What ``hoshin link A B --strength strong`` means whether or not A and B are linked
    already; ``None`` leaves the strength or rationale of an existing link as it is.
    """

    source: str
    target: str
    kind: EdgeKind | str | None = None
    strength: Strength | str | None = None
    rationale: str | None = None

    @property
    def label(self) -> str:
        return f"Link {self.source} to {self.target}"

    def apply(self, tx: Tx) -> LinkSet:
        source_id, target_id = tx.graph.id_of(self.source), tx.graph.id_of(self.target)
        strength = (
            None if self.strength is None else validate.choice(Strength, self.strength, "strength")
        )
        named = None if self.kind is None else validate.choice(EdgeKind, self.kind, "link kind")
        edge = tx.graph.edge_between(source_id, target_id)
        if edge is not None and named in (None, edge.kind):
            changes: dict[str, object] = {}
            if strength is not None and strength is not edge.strength:
                changes["strength"] = strength.value
            row = tx.session.execute(
                select(e.Edge.rationale).where(e.Edge.id == edge.id)
            ).scalar_one()
            rationale = row or ""
            if self.rationale is not None and self.rationale.strip() != rationale:
                changes["rationale"] = rationale = self.rationale.strip()
            if not changes:
                s, t = tx.graph.node(source_id), tx.graph.node(target_id)
                held = f" ({edge.strength.value})" if edge.strength else ""
                raise LinkError(
                    f"{s.code} already {edge.kind.value[:-1]}s {t.code}{held}; give another "
                    "strength or rationale to change the link."
                )
            tx.rec.update_where(e.Edge, changes, e.Edge.id == edge.id)
            return LinkSet(edge.kind, strength or edge.strength, rationale, created=False)
        tx.run(Link(self.source, self.target, named, strength, self.rationale or ""))
        made = tx.graph.edge_between(source_id, target_id)
        assert made is not None
        return LinkSet(made.kind, strength, (self.rationale or "").strip(), created=True)


@dataclass(frozen=True)
class Unlink(Operation):
    source: str
    target: str

    @property
    def label(self) -> str:
        return f"Unlink {self.source} from {self.target}"

    def apply(self, tx: Tx) -> None:
        source_id, target_id = tx.graph.id_of(self.source), tx.graph.id_of(self.target)
        edge = tx.graph.edge_between(source_id, target_id)
        if edge is None:
            raise LinkError(f"{self.source.upper()} is not linked to {self.target.upper()}.")
        tx.rec.delete_where(e.Edge, e.Edge.id == edge.id)


@dataclass(frozen=True)
class SetStrength(Operation):
    """Set the strength of the link between two nodes; ``None`` removes the link.

    This is the X-matrix corner cell: none → weak → medium → strong → none. Setting a
    strength where there is no link yet creates one (of the kind the two nodes allow).
    """

    source: str
    target: str
    strength: Strength | str | None

    @property
    def label(self) -> str:
        what = "none" if self.strength is None else str(self.strength)
        return f"Set {self.source} × {self.target} to {what}"

    def apply(self, tx: Tx) -> None:
        source_id, target_id = tx.graph.id_of(self.source), tx.graph.id_of(self.target)
        edge = tx.graph.edge_between(source_id, target_id)
        if self.strength is None:
            if edge is not None:
                tx.rec.delete_where(e.Edge, e.Edge.id == edge.id)
            return
        strength = validate.choice(Strength, self.strength, "strength")
        if edge is None:
            tx.run(Link(self.source, self.target, strength=strength))
        else:
            tx.rec.update_where(e.Edge, {"strength": strength.value}, e.Edge.id == edge.id)


@dataclass(frozen=True)
class SetRationale(Operation):
    source: str
    target: str
    rationale: str

    @property
    def label(self) -> str:
        return f"Set rationale of {self.source} × {self.target}"

    def apply(self, tx: Tx) -> None:
        source_id, target_id = tx.graph.id_of(self.source), tx.graph.id_of(self.target)
        edge = tx.graph.edge_between(source_id, target_id)
        if edge is None:
            raise LinkError(f"{self.source.upper()} is not linked to {self.target.upper()}.")
        tx.rec.update_where(e.Edge, {"rationale": self.rationale.strip()}, e.Edge.id == edge.id)
