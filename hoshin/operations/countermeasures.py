"""Countermeasures: what a target's owner does about a red month."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from hoshin import entities as e
from hoshin import validate
from hoshin.errors import NotFoundError, ValidationError
from hoshin.kinds import NodeKind
from hoshin.operations.base import Operation, Tx


@dataclass(frozen=True)
class AddCountermeasure(Operation):
    code: str
    month: str
    what: str
    owner: str | None = None
    due: dt.date | str | None = None

    @property
    def label(self) -> str:
        return f"Add a countermeasure to {self.code} for {self.month}"

    def apply(self, tx: Tx) -> int:
        node = tx.node(self.code)
        if node["kind"] != NodeKind.TARGET:
            raise ValidationError(f"Countermeasures are for targets; {node['code']} is not one.")
        owner = tx.person(self.owner)["id"] if self.owner else None
        return tx.rec.insert_one(
            "countermeasures",
            {
                "node_id": node["id"],
                "month": validate.month(self.month),
                "what": validate.title(self.what, "countermeasure"),
                "owner_id": owner,
                "due": validate.date(self.due, "due date"),
                "done": False,
            },
        )


@dataclass(frozen=True)
class SetCountermeasureDone(Operation):
    countermeasure_id: int
    done: bool = True

    @property
    def label(self) -> str:
        return f"{'Close' if self.done else 'Reopen'} countermeasure {self.countermeasure_id}"

    def apply(self, tx: Tx) -> None:
        c = e.Countermeasure
        if tx.session.execute(select(c.id).where(c.id == self.countermeasure_id)).first() is None:
            raise NotFoundError(f"No countermeasure {self.countermeasure_id} in this plan.")
        tx.rec.update_where("countermeasures", {"done": self.done}, c.id == self.countermeasure_id)
