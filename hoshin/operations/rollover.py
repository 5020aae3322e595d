"""Next year's plan from this year's, in the same plan: one reversible edit.

What is carried (docs/years.md): the objectives, priorities and targets whose decision is
carry or modify, or that have none; the open kaizens (not done, sustained or dropped)
unless dropped or completed by a decision; their links between carried nodes, their
owners, and a carried kaizen's sustainment checks and open action items. A carried node
keeps its code in the new year. A target's baseline becomes its last actual. Nothing of
the catchball is carried (next year's starts afresh), nor figures or countermeasures.
Dropped and completed items stay in the old year only. The old year is closed last.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.model.errors import ValidationError
from hoshin.model.kinds import NodeKind
from hoshin.operations.base import Operation, Tx
from hoshin.operations.years import AddYear, SetYearState
from hoshin.rules import validate
from hoshin.rules.finer_months import with_derived
from hoshin.rules.rollover import choose
from hoshin.rules.years import CLOSED
from hoshin.store.chunks import chunks
from hoshin.text.wording import count


@dataclass(frozen=True)
class RolledOver:
    """What a rollover did, for its one-line confirmations."""

    old_year: int
    new_year: int
    carried: dict[str, int] = field(default_factory=dict)  # kind → nodes carried
    modified: int = 0
    stayed: int = 0  # dropped, completed or finished: left in the old year
    undecided: int = 0  # carried without a decision
    links: int = 0
    baselines: int = 0  # targets whose baseline became their last actual

    @property
    def total(self) -> int:
        return sum(self.carried.values())

    def lines(self) -> list[str]:
        kinds = ", ".join(
            count(n, NodeKind(kind).label.lower()) for kind, n in self.carried.items() if n
        )
        starts = "starts from its" if self.baselines == 1 else "start from their"
        out = [
            f"{self.new_year} made from {self.old_year}: {count(self.total, 'node')} carried"
            + (f" ({kinds})" if kinds else "")
            + f", {count(self.links, 'link')}; {self.modified} modified, {self.stayed} left in "
            f"{self.old_year}; {count(self.baselines, 'target')} {starts} last actual.",
        ]
        if self.undecided:
            out.append(
                f"{count(self.undecided, 'node')} had no decision "
                f"and {'were' if self.undecided != 1 else 'was'} carried."
            )
        out.append(
            f"{self.old_year} is closed: reopen it with `hoshin year reopen {self.old_year}` "
            "(an executive)."
        )
        return out


@dataclass(frozen=True)
class Rollover(Operation):
    """Make ``year`` from the plan's current year and close that one."""

    year: int

    @property
    def label(self) -> str:
        return f"Roll over to {self.year}"

    def apply(self, tx: Tx) -> RolledOver:
        old, new = tx.year, validate.year(self.year)
        if new <= old:
            raise ValidationError(f"Next year's plan comes after {old}, not in {new}.")
        if tx.session.get(e.Year, old) is None:
            raise ValidationError(f"The plan has no year {old} to roll over from.")
        tx.run(AddYear(new))
        choice = choose(tx.session, old)
        carried, decisions = choice.carried, choice.decisions
        stayed, undecided, modified = choice.stayed, choice.undecided, choice.modified
        new_ids = tx.rec.new_ids(e.Node, len(carried))
        mapping = {row["id"]: new_id for row, new_id in zip(carried, new_ids, strict=True)}
        last = _last_actuals(tx, [r["id"] for r in carried if r["kind"] == NodeKind.TARGET.value])
        rows: list[dict[str, Any]] = []
        baselines = 0
        for row in carried:
            made = {
                **row,
                "id": mapping[row["id"]],
                "year": new,
                "previous_id": row["id"],
                "version": 1,
                "committed_goal": None,  # next year's catchball agrees it afresh
                "effect_target_id": mapping.get(row["effect_target_id"]),
            }
            reflection = decisions.get(row["id"])
            if reflection is not None and reflection["decision"] == "modify":
                if reflection["new_title"]:
                    made["title"] = reflection["new_title"]
                if reflection["new_goal"] is not None:
                    made["goal"] = reflection["new_goal"]
            if row["id"] in last:
                made["baseline"] = last[row["id"]]
                baselines += 1
            rows.append(made)
        for part in chunks(rows):
            tx.rec.insert(e.Node, part)
        links = _copy_links(tx, mapping)
        _copy_rows(tx, e.Responsibility, "node_id", mapping)
        _copy_rows(tx, e.SustainmentCheck, "kaizen_id", mapping)
        _copy_rows(tx, e.ActionItem, "kaizen_id", mapping, open_only=True)
        tx.run(SetYearState(old, CLOSED))
        counts = Counter(r["kind"] for r in carried)
        return RolledOver(
            old,
            new,
            {k.value: counts.get(k.value, 0) for k in NodeKind},
            modified,
            stayed,
            undecided,
            links,
            baselines,
        )


def _last_actuals(tx: Tx, ids: list[int]) -> dict[int, float]:
    """Each target's actual of its latest month with one."""
    m = e.Measurement.__table__.c
    out: dict[int, tuple[str, float]] = {}
    for part in chunks(ids):
        typed: dict[int, dict[str, tuple[float | None, float | None]]] = {}
        rows = tx.session.execute(
            select(m.node_id, m.month, m.actual).where(m.node_id.in_(part), m.actual.is_not(None))
        )
        for node_id, month, actual in rows:
            typed.setdefault(int(node_id), {})[str(month)] = (None, actual)
        for node_id in part:
            typed.setdefault(int(node_id), {})
        # A month made of daily or weekly values counts by its derived actual.
        for node_id, months in with_derived(tx.session, typed).items():
            for month, (_plan, actual) in months.items():
                if actual is not None and (node_id not in out or month > out[node_id][0]):
                    out[node_id] = (month, float(actual))
    return {k: v for k, (_, v) in out.items()}


def _copy_links(tx: Tx, mapping: dict[int, int]) -> int:
    t = e.Edge.__table__
    found: list[dict[str, Any]] = []
    for part in chunks(sorted(mapping)):
        found.extend(
            dict(r) for r in tx.session.execute(select(t).where(t.c.source_id.in_(part))).mappings()
        )
    kept = [r for r in found if r["target_id"] in mapping]
    new_ids = tx.rec.new_ids(e.Edge, len(kept))
    rows = [
        {
            **r,
            "id": new_id,
            "source_id": mapping[r["source_id"]],
            "target_id": mapping[r["target_id"]],
            "version": 1,
        }
        for r, new_id in zip(kept, new_ids, strict=True)
    ]
    for some in chunks(rows):
        tx.rec.insert(e.Edge, some)
    return len(rows)


def _copy_rows(
    tx: Tx, entity: type[e.Base], column: str, mapping: dict[int, int], *, open_only: bool = False
) -> None:
    t = entity.__table__
    found: list[dict[str, Any]] = []
    for part in chunks(sorted(mapping)):
        query = select(t).where(t.c[column].in_(part)).order_by(t.c.id)
        if open_only:
            query = query.where(t.c.done.is_(False))
        found.extend(dict(r) for r in tx.session.execute(query).mappings())
    new_ids = tx.rec.new_ids(entity, len(found))
    rows = [
        {**r, "id": new_id, column: mapping[r[column]], "version": 1}
        for r, new_id in zip(found, new_ids, strict=True)
    ]
    for some in chunks(rows):
        tx.rec.insert(entity, some)
