"""Finer tracking of targets: how often a target is tracked and its daily or weekly values
(the rule that makes monthly actuals of them is :mod:`hoshin.rules.target_values`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.model.errors import HoshinError, ValidationError
from hoshin.model.kinds import NodeKind, Tracking
from hoshin.operations.base import Operation, Tx
from hoshin.rules import target_values as rule
from hoshin.rules import validate
from hoshin.store.chunks import chunks


def _target(tx: Tx, code: str) -> Any:
    node = tx.node(code)
    if node["kind"] != NodeKind.TARGET:
        raise ValidationError(f"Only targets are tracked; {node['code']} is not one.")
    return node


def _day_of(node: Any, raw: object) -> dt.date:
    """The date a value is stored on, checked: a weekly value moves to its week's Monday
    (so "this week's value" can be given on any day of it), in the target's year."""
    day = validate.date(raw, "date")
    if day is None:
        raise ValidationError("Give the date of the value (YYYY-MM-DD).")
    tracking = node["tracking"]
    if tracking not in rule.FINER:
        raise ValidationError(
            f"{node['code']} is tracked monthly: track it daily or weekly first "
            f"(`hoshin track set PATH {node['code']} --tracking daily`)."
        )
    stored = rule.value_day(tracking, day)
    if stored.year != node["year"]:
        raise ValidationError(
            f"{node['code']} is a target of {node['year']}: its values are dated in "
            f"{node['year']}, not {stored.isoformat()}."
        )
    return stored


@dataclass(frozen=True)
class SetTracking(Operation):
    """How often a target is tracked (monthly, weekly, daily) and, if given, how its values
    add up (the aggregation makes both a derived month and the year to date)."""

    code: str
    tracking: Tracking | str
    aggregation: str | None = None

    @property
    def label(self) -> str:
        return f"Track {self.code} {rule.parse_tracking(str(self.tracking)).value}"

    def apply(self, tx: Tx) -> None:
        node = _target(tx, self.code)
        tracking = rule.parse_tracking(str(self.tracking))
        values: dict[str, Any] = {
            "tracking": None if tracking is Tracking.MONTHLY else tracking.value
        }
        if self.aggregation is not None:
            values["aggregation"] = rule.parse_aggregation(self.aggregation).value
        changed = {k: v for k, v in values.items() if node[k] != v}
        if changed:
            tx.rec.update_where(e.Node, changed, e.Node.id == node["id"])


@dataclass(frozen=True)
class SetTargetValue(Operation):
    """Record, change or (``value`` None) clear a target's value of one day or week.

    Returns the date stored (a weekly value's Monday)."""

    code: str
    day: dt.date | str
    value: object = None

    @property
    def label(self) -> str:
        verb = "Clear" if self.value is None else "Record"
        return f"{verb} {self.code} of {self.day}"

    def apply(self, tx: Tx) -> dt.date:
        node = _target(tx, self.code)
        day = _day_of(node, self.day)
        value = validate.number(self.value, "value") if self.value is not None else None
        if self.value is not None and value is None:
            raise ValidationError("Give a value, or clear it.")
        t = e.TargetValue
        where = (t.node_id == node["id"], t.day == day)
        stored = tx.session.execute(select(t.value).where(*where)).first()
        if value is None:
            if stored is None:
                raise ValidationError(f"{node['code']} has no value on {day.isoformat()}.")
            tx.rec.delete_where(t, *where)
        elif stored is None:
            tx.rec.insert_one(t, {"node_id": node["id"], "day": day, "value": value})
        elif stored[0] != value:
            tx.rec.update_where(t, {"value": value}, *where)
        return day


@dataclass(frozen=True)
class SetTargetValues(Operation):
    """Many values in one edit, all or nothing (the workbook's "Target values" sheet).

    ``rows`` are (line, code, date, value); a refusal names the line. Existing values are
    read in one query per chunk of targets, so 180,000 values are one edit, not lookups."""

    rows: Sequence[tuple[int, str, object, object]]
    source: str = "a file"

    @property
    def label(self) -> str:
        return f"Record {len(self.rows)} target values from {self.source}"

    def apply(self, tx: Tx) -> int:
        n = e.Node
        codes = sorted({str(code).strip().upper() for _l, code, _d, _v in self.rows})
        nodes: dict[str, Any] = {}
        for batch in chunks(codes):
            for row in tx.session.execute(
                select(n.id, n.code, n.kind, n.tracking, n.year).where(
                    n.code.in_(batch), n.year == tx.year
                )
            ).mappings():
                nodes[row["code"]] = row
        wanted: dict[tuple[int, dt.date], tuple[int, float]] = {}
        for line, code, raw_day, raw_value in self.rows:
            try:
                node = nodes.get(str(code).strip().upper())
                if node is None:
                    raise ValidationError(f"No target {str(code).strip()!r} in {tx.year}.")
                if node["kind"] != NodeKind.TARGET:
                    raise ValidationError(f"Only targets are tracked; {node['code']} is not one.")
                day = _day_of(node, raw_day)
                value = validate.number(raw_value, "value")
                if value is None:
                    raise ValidationError("Give a value.")
            except HoshinError as exc:
                raise ValidationError(f"Line {line}: {exc}") from None
            key = (int(node["id"]), day)
            if key in wanted:
                raise ValidationError(
                    f"Line {line}: {node['code']} {day.isoformat()} was given on line "
                    f"{wanted[key][0]} too."
                )
            wanted[key] = (line, value)
        t = e.TargetValue
        existing: dict[tuple[int, dt.date], float] = {}
        for ids in chunks(sorted({node_id for node_id, _d in wanted})):
            for node_id, day, value in tx.session.execute(
                select(t.node_id, t.day, t.value).where(t.node_id.in_(ids))
            ):
                existing[(int(node_id), day)] = value
        fresh = [
            {"node_id": node_id, "day": day, "value": value}
            for (node_id, day), (_l, value) in wanted.items()
            if (node_id, day) not in existing
        ]
        if fresh:
            tx.rec.insert_new(t, fresh)
        for (node_id, day), (_l, value) in wanted.items():
            if (node_id, day) in existing and existing[(node_id, day)] != value:
                tx.rec.update_where(t, {"value": value}, t.node_id == node_id, t.day == day)
        return len(wanted)
