"""Monthly figures of targets (the sustainment of kaizens is in :mod:`.sustainment`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.model.errors import HoshinError, ValidationError
from hoshin.model.kinds import NodeKind
from hoshin.operations.base import UNSET, Operation, Tx
from hoshin.rules import validate
from hoshin.store.chunks import chunks


@dataclass(frozen=True)
class SetMeasurement(Operation):
    """Record the plan and/or actual of a target for a month (``None`` clears it)."""

    code: str
    month: str
    plan: object = UNSET
    actual: object = UNSET

    @property
    def label(self) -> str:
        return f"Record {self.month} of {self.code}"

    def apply(self, tx: Tx) -> None:
        node = tx.node(self.code)
        if node["kind"] != NodeKind.TARGET:
            raise ValidationError(f"Monthly figures are for targets; {node['code']} is not one.")
        month = validate.month(self.month)
        values = {}
        if self.plan is not UNSET:
            values["plan"] = validate.number(self.plan, "plan")
        if self.actual is not UNSET:
            values["actual"] = validate.number(self.actual, "actual")
        if not values:
            raise ValidationError("Give a plan or an actual value.")
        m = e.Measurement
        where = (m.node_id == node["id"], m.month == month)
        if tx.session.execute(select(m.id).where(*where)).first():
            tx.rec.update_where(e.Measurement, values, *where)
        else:
            tx.rec.insert_one(e.Measurement, {"node_id": node["id"], "month": month, **values})


class FiguresSet(NamedTuple):
    """What :class:`SetMeasurements` did: figures given, and how many were so already."""

    given: int
    unchanged: int


@dataclass(frozen=True)
class SetMeasurements(Operation):
    """Many months of figures in one edit, all or nothing (``hoshin measure --csv``).

    ``rows`` are (line, code, month, plan, actual); a plan or actual of None is left as
    it is. A refusal names the line. Codes resolve in memory and the existing months are
    read in one query per chunk: a year of 2,000 targets is one edit, not 24,000 lookups.
    """

    rows: Sequence[tuple[int, str, str, object, object]]
    source: str = "a file"

    @property
    def label(self) -> str:
        return f"Record {len(self.rows)} monthly figures from {self.source}"

    def apply(self, tx: Tx) -> FiguresSet:
        wanted: dict[tuple[int, str], tuple[int, dict[str, float | None]]] = {}
        for line, code, month, plan, actual in self.rows:
            try:
                node = tx.graph.node(tx.graph.id_of(code))
                if node.kind is not NodeKind.TARGET:
                    raise ValidationError(
                        f"Monthly figures are for targets; {node.code} is not one."
                    )
                values = {
                    k: validate.number(v, k)
                    for k, v in (("plan", plan), ("actual", actual))
                    if v is not None and str(v).strip() != ""
                }
                if not values:
                    raise ValidationError("Give a plan or an actual value.")
                key = (node.id, validate.month(month))
            except HoshinError as exc:
                raise ValidationError(f"Line {line}: {exc}") from None
            if key in wanted:
                first = wanted[key][0]
                raise ValidationError(
                    f"Line {line}: {code.strip().upper()} {key[1]} was given on line {first} too."
                )
            wanted[key] = (line, values)
        m = e.Measurement
        # What is stored already, in one query per chunk of targets: a figure given again with
        # the same value is no write at all (a file recorded twice changes nothing).
        existing: dict[tuple[int, str], tuple[int, dict[str, float | None]]] = {}
        node_ids = sorted({node_id for node_id, _month in wanted})
        for batch in chunks(node_ids):
            for row_id, node_id, month, plan, actual in tx.session.execute(
                select(m.id, m.node_id, m.month, m.plan, m.actual).where(m.node_id.in_(batch))
            ):
                existing[(int(node_id), str(month))] = (
                    int(row_id),
                    {"plan": plan, "actual": actual},
                )
        fresh = [
            {"node_id": node_id, "month": month, **values}
            for (node_id, month), (_line, values) in wanted.items()
            if (node_id, month) not in existing
        ]
        if fresh:
            tx.rec.insert_new(e.Measurement, fresh)
        unchanged = 0
        for key, (_line, values) in wanted.items():
            if key in existing:
                row_id, stored = existing[key]
                if any(stored[k] != v for k, v in values.items()):
                    tx.rec.update_where(e.Measurement, values, m.id == row_id)
                else:
                    unchanged += 1
        return FiguresSet(len(wanted), unchanged)
