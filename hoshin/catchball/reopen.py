"""The catchball rule that follows a goal change: an agreement made under the old goal
opens again, saying why (DESIGN §4).

Handed to each edit by the plan (:data:`hoshin.plan.FOLLOW_UPS`), so that changing a
node needs no import of catchball; depends on the operation base only.
"""

from __future__ import annotations

from sqlalchemy import select

from hoshin.catchball.rules import Kind, Side, State
from hoshin.catchball.threads import append_message, unit_names
from hoshin.model import entities as e
from hoshin.operations.base import Tx
from hoshin.text.formats import number


def reopen_after_goal_change(tx: Tx, node_id: int, old: float | None, new: float | None) -> None:
    """A locked or agreed agreement under a node whose goal changed opens again, saying why."""
    t = e.CatchballThread
    threads = (
        tx.session.execute(
            select(t.__table__).where(
                t.node_id == node_id, t.state.in_([State.LOCKED.value, State.AGREED.value])
            )
        )
        .mappings()
        .all()
    )
    if not threads:
        return
    node = tx.session.execute(
        select(e.Node.code, e.Node.unit_of_measure).where(e.Node.id == node_id)
    ).one()
    unit = f" {node.unit_of_measure}" if node.unit_of_measure else ""
    for thread in threads:
        upper, _lower = unit_names(tx, thread)
        text = (
            f"{upper} changed the goal of {node.code} from {number(old)} to {number(new)}{unit}; "
            f"the agreement of {number(thread['agreed_value'])}{unit} is open for discussion again."
        )
        tx.rec.update_where(
            e.CatchballThread,
            {"state": State.IN_DISCUSSION.value, "waiting": Side.UPPER.value},
            t.id == thread["id"],
        )
        append_message(
            tx,
            thread["id"],
            kind=Kind.REOPEN.value,
            author_id=None,
            direction=None,
            round=thread["round"],
            state=State.IN_DISCUSSION.value,
            text=text,
        )
