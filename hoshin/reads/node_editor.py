"""What the node editor shows: one node's every field, and the choices its combos offer.

The editor keeps the node as a plain dict (column name → value, with the names of its
unit, function and expected-effect target beside the ids), read with one query each time
another node is selected or the node changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.plan import Plan


@dataclass(frozen=True, slots=True)
class EditorChoices:
    """What the unit and function combos offer: units (code, name) by id, functions in
    the plan's order."""

    units: list[tuple[str, str]]
    functions: list[str]


def editor_choices(plan: Plan) -> EditorChoices:
    with plan.session() as s:
        units = s.execute(select(e.Unit.code, e.Unit.name).order_by(e.Unit.id))
        functions = s.execute(
            select(e.Function.name).order_by(e.Function.position, e.Function.name)
        ).scalars()
        return EditorChoices([(c, n) for c, n in units], list(functions))


def node_fields(plan: Plan, node_id: int) -> dict[str, Any] | None:
    """Every column of the node, with ``unit_code``, ``unit_name``, ``function_name``,
    ``effect_code`` and ``effect_title``; None when there is no such node."""
    n, u, f = e.Node, e.Unit, e.Function
    t = e.Node.__table__.alias("effect")
    with plan.session() as s:
        row = (
            s.execute(
                select(
                    n.__table__,
                    u.code.label("unit_code"),
                    u.name.label("unit_name"),
                    f.name.label("function_name"),
                    t.c.code.label("effect_code"),
                    t.c.title.label("effect_title"),
                )
                .join(u, u.id == n.unit_id)
                .outerjoin(f, f.id == n.function_id)
                .outerjoin(t, t.c.id == n.effect_target_id)
                .where(n.id == node_id)
            )
            .mappings()
            .first()
        )
    return dict(row) if row is not None else None
