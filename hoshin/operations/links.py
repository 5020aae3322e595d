"""Linking nodes: supports, measures, deploys, with strength and rationale."""

from __future__ import annotations

from dataclasses import dataclass

from hoshin import entities as e
from hoshin import validate
from hoshin.errors import LinkError
from hoshin.kinds import EdgeKind, Strength, edge_kind_for
from hoshin.operations.base import Operation, Tx


def resolve_kind(tx: Tx, source_id: int, target_id: int, kind: EdgeKind | str | None) -> EdgeKind:
    """The edge kind a person meant: the one named, or the only one the two kinds allow."""
    if kind is not None:
        return validate.choice(EdgeKind, kind, "link kind")
    s, t = tx.graph.node(source_id), tx.graph.node(target_id)
    found = edge_kind_for(s.kind, t.kind, across_units=s.unit_id != t.unit_id)
    if found is None:
        raise LinkError(
            f"{s.code} ({s.kind.value}) cannot be linked to {t.code} ({t.kind.value}) "
            "by any kind of link."
        )
    return found


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
            "edges",
            {
                "kind": kind.value,
                "source_id": source_id,
                "target_id": target_id,
                "strength": strength.value if strength else None,
                "rationale": self.rationale.strip(),
            },
        )


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
        tx.rec.delete_where("edges", e.Edge.id == edge.id)


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
                tx.rec.delete_where("edges", e.Edge.id == edge.id)
            return
        strength = validate.choice(Strength, self.strength, "strength")
        if edge is None:
            tx.run(Link(self.source, self.target, strength=strength))
        else:
            tx.rec.update_where("edges", {"strength": strength.value}, e.Edge.id == edge.id)


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
        tx.rec.update_where("edges", {"rationale": self.rationale.strip()}, e.Edge.id == edge.id)
