"""Monthly figures of targets (the sustainment of kaizens is in :mod:`.sustainment`)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from hoshin import entities as e
from hoshin import validate
from hoshin.errors import ValidationError
from hoshin.kinds import NodeKind
from hoshin.operations.base import Operation, Tx

_UNSET = object()


@dataclass(frozen=True)
class SetMeasurement(Operation):
    """Record the plan and/or actual of a target for a month (``None`` clears it)."""

    code: str
    month: str
    plan: object = _UNSET
    actual: object = _UNSET

    @property
    def label(self) -> str:
        return f"Record {self.month} of {self.code}"

    def apply(self, tx: Tx) -> None:
        node = tx.node(self.code)
        if node["kind"] != NodeKind.TARGET:
            raise ValidationError(f"Monthly figures are for targets; {node['code']} is not one.")
        month = validate.month(self.month)
        values = {}
        if self.plan is not _UNSET:
            values["plan"] = validate.number(self.plan, "plan")
        if self.actual is not _UNSET:
            values["actual"] = validate.number(self.actual, "actual")
        if not values:
            raise ValidationError("Give a plan or an actual value.")
        m = e.Measurement
        where = (m.node_id == node["id"], m.month == month)
        if tx.session.execute(select(m.id).where(*where)).first():
            tx.rec.update_where("measurements", values, *where)
        else:
            tx.rec.insert_one("measurements", {"node_id": node["id"], "month": month, **values})
