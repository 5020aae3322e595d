"""What a problem points at — the node it concerns, the kaizen or countermeasure it became,
its owner and who raised it — let go of before that row goes (recorded, so undo puts the
references back: the database's ON DELETE SET NULL is a write undo cannot see)."""

from __future__ import annotations

from hoshin.model import entities as e
from hoshin.operations.base import Tx


def forget_node(tx: Tx, node_id: int) -> None:
    p = e.Problem
    tx.rec.update_where(e.Problem, {"node_id": None}, p.node_id == node_id)
    tx.rec.update_where(e.Problem, {"kaizen_id": None}, p.kaizen_id == node_id)


def forget_countermeasure(tx: Tx, countermeasure_id: int) -> None:
    p = e.Problem
    which = p.countermeasure_id == countermeasure_id
    tx.rec.update_where(e.Problem, {"countermeasure_id": None}, which)


def forget_person(tx: Tx, person_id: int) -> None:
    """The problems a person raised, owns, and the steps they took, without them: the
    history keeps each step, with nobody named (a shared plan keeps anyone who edited)."""
    p, s = e.Problem, e.ProblemStep
    tx.rec.update_where(e.Problem, {"owner_id": None}, p.owner_id == person_id)
    tx.rec.update_where(e.Problem, {"raised_by_id": None}, p.raised_by_id == person_id)
    tx.rec.update_where(e.ProblemStep, {"by_id": None}, s.by_id == person_id)
