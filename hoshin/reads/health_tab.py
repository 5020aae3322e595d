"""What the Health tab shows: the figures of one unit, cut from plan-wide measures read once.

Each measure of :mod:`hoshin.reads.health` is read for the whole plan (one GROUP BY, rolled up
the unit tree) and kept until an edit touches it: switching unit is then only lookups, and
an edit re-reads only the measures it can change (closing an action item re-reads the
debt, not the line of sight of 50,000 kaizens). The tab (``views.health``) holds one
:class:`HealthData` and asks it for a unit's :class:`UnitFigures`; it never reads the plan.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from hoshin.catchball import queries as catchball
from hoshin.changes import Changes
from hoshin.model import entities as e
from hoshin.plan import Plan
from hoshin.reads import health
from hoshin.reads.daily_management import daily_management
from hoshin.reads.units import UnitInfo, UnitTree
from hoshin.rules import standard_work
from hoshin.store.steps import chunks

#: How many months the "started per month" chart covers, ending with the as-of month.
MONTHS_SHOWN = 12


@dataclass(frozen=True)
class NodeRef:
    """A node named in a list (orphans, unserved priorities…): enough to show and select."""

    id: int
    code: str
    title: str
    unit_code: str


@dataclass
class UnitFigures:
    """What the health tab shows of one unit (rolled up over the units below it).

    ``rows`` are the units the per-unit charts compare: the unit's children, or the unit
    itself when it has none. Dicts keyed by unit code hold the shapes of
    ``hoshin.reads.health.measure`` (see docs/check-json.md).
    """

    unit: UnitInfo
    rows: list[UnitInfo]
    as_of: dt.date
    window_days: int
    demand: dict[str, dict[str, Any]]
    months: dict[str, dict[str, int]]
    thirty_day: dict[str, int]
    debt: dict[str, dict[str, int]]
    functions: list[tuple[str, int]]
    live_kaizens: int
    orphans: list[NodeRef]
    unserved_priorities: list[NodeRef]
    unsupported_breakthroughs: list[NodeRef]
    catchball: dict[str, Any] = field(default_factory=dict)
    #: Leader Standard Work over its own window (30 days): ``adherence`` (the unit's
    #: rolled-up tally), ``people`` (person key → tally with name and unit, the subtree's
    #: people, least adherent first), ``presence`` (the subtree's units visited from above),
    #: ``not_visited`` (unit codes), ``findings`` (plan-wide). See hoshin.rules.standard_work.
    lsw: dict[str, Any] = field(default_factory=dict)
    #: Daily management (hoshin.reads.daily_management) of the unit and of ``rows``.
    daily: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def uncovered(self) -> list[str]:
        return [name for name, n in self.functions if n == 0]

    @property
    def line_of_sight_share(self) -> float | None:
        if not self.live_kaizens:
            return None
        return (self.live_kaizens - len(self.orphans)) / self.live_kaizens


#: The alignment lists that name nodes.
_NAMED = ("orphan_kaizens", "priorities_without_kaizen", "breakthroughs_unsupported")

#: Which measures an edit of each kind can change.
_DEPENDS: dict[str, tuple[str, ...]] = {
    "units": ("units", "demand", "thirty", "debt", "coverage", "alignment", "catchball", "daily"),
    "problems": ("daily",),
    "nodes": ("demand", "thirty", "debt", "coverage", "alignment"),
    "edges": ("alignment",),
    "sustainment": ("debt",),
    "functions": ("coverage",),
    "threads": ("catchball",),
    "people": ("catchball", "lsw"),
    "routines": ("lsw",),
    "findings": ("lsw",),
}
_DEPENDS["units"] = (*_DEPENDS["units"], "lsw")


class HealthData:
    """Plan-wide health measures as of a date, read lazily and dropped by what edits touch.

    Args:
        plan: the open plan.
        as_of: the day the measures are taken.
        window_days: the demand window.
    """

    def __init__(self, plan: Plan, as_of: dt.date, window_days: int) -> None:
        self.plan = plan
        self.as_of = as_of
        self.window_days = window_days
        self._cache: dict[str, Any] = {}
        self._months: dict[int, dict[str, dict[str, int]]] = {}
        self._debt_raw: dict[int, dict[str, int]] = {}  # each unit's own debt, by unit id
        self._stale_debt: set[int] = set()  # units whose own debt must be read again

    # -- keeping current -----------------------------------------------------------------

    def invalidate(self, changes: Changes | None = None) -> set[str]:
        """Forget what ``changes`` can have changed (everything when None); returns it.

        An edit of sustainment alone (an item closed, a check recorded) keeps the debt and
        marks its kaizens' units for a re-read of those units only.
        """
        if changes is None:
            dropped = set(self._cache)
            self._cache.clear()
        else:
            dropped = {
                m for kind, measures in _DEPENDS.items() if getattr(changes, kind) for m in measures
            }
            if self._debt_only_of(changes):
                dropped.discard("debt")
            for m in dropped:
                self._cache.pop(m, None)
        if dropped & {"demand", "units"}:
            self._months.clear()
        return dropped

    def _debt_only_of(self, changes: Changes) -> bool:
        """Whether ``changes`` touch the debt of known units only; marks them to re-read."""
        if "debt" not in self._cache or changes.units or not changes.sustainment:
            return False
        # A slipped check regresses its kaizen: a node change, of the same kaizen.
        if not changes.nodes <= changes.sustainment:
            return False
        graph = self.plan.graph
        if not all(graph.has_node(k) for k in changes.sustainment):
            return False
        self._stale_debt |= {graph.node(k).unit_id for k in changes.sustainment}
        return True

    def set_period(self, as_of: dt.date, window_days: int) -> None:
        if (as_of, window_days) != (self.as_of, self.window_days):
            self.as_of, self.window_days = as_of, window_days
            self.invalidate()

    def _get(self, name: str, read: Any) -> Any:
        if name not in self._cache:
            with self.plan.session() as s:
                self._cache[name] = read(s)
        return self._cache[name]

    # -- plan-wide measures ----------------------------------------------------------------

    @property
    def units(self) -> UnitTree:
        """The unit tree (children in name order), read once."""
        units: UnitTree = self._get("units", UnitTree.load)
        return units

    def _demand(self) -> dict[str, dict[str, Any]]:
        return self._get("demand", lambda s: health.demand_by_unit(s, self.as_of, self.window_days))

    def _thirty(self) -> dict[str, int]:
        return self._get("thirty", lambda s: health.thirty_day_by_unit(s, self.as_of))

    def _debt(self) -> dict[str, dict[str, int]]:
        if "debt" not in self._cache:
            with self.plan.session() as s:
                self._debt_raw = health.sustainment_counts(s, self.as_of)
            self._stale_debt.clear()
            self._cache["debt"] = self._roll_debt()
        elif self._stale_debt:
            stale, self._stale_debt = sorted(self._stale_debt), set()
            with self.plan.session() as s:
                fresh = health.sustainment_counts(s, self.as_of, stale)
            for unit_id in stale:
                self._debt_raw.pop(unit_id, None)
            self._debt_raw.update(fresh)
            self._cache["debt"] = self._roll_debt()
        debt: dict[str, dict[str, int]] = self._cache["debt"]
        return debt

    def _roll_debt(self) -> dict[str, dict[str, int]]:
        """Each unit's own debt added to every unit above it, by unit code."""
        return health.rolled_debt(self.units, self._debt_raw)

    def _coverage(self) -> tuple[list[str], dict[int, Counter[str]]]:
        return self._get("coverage", health.coverage_by_unit)

    def _alignment(self) -> dict[str, Any]:
        def read(s: Any) -> dict[str, Any]:
            found = health.alignment(s, self.plan.graph)
            found["live_by_unit"] = health.live_kaizens_by_unit(s)
            # The named nodes with their titles, read once: a company has 1,400 orphans.
            for key in _NAMED:
                found[key] = self._refs(s, found[key])
            return found

        return self._get("alignment", read)

    def _daily(self) -> dict[str, dict[str, Any]]:
        def read(s: Any) -> dict[str, dict[str, Any]]:
            found = daily_management(s, self.units, self.as_of, self.window_days)
            units: dict[str, dict[str, Any]] = found["units"]
            return units

        result: dict[str, dict[str, Any]] = self._get("daily", read)
        return result

    def _catchball(self) -> dict[str, Any]:
        """The thread rows and people, read once; each unit's figures are cut from them."""

        def read(s: Any) -> dict[str, Any]:
            p = e.Person.__table__.c
            people = s.execute(select(p.key, p.name, p.unit_id)).all()
            return {
                "rows": catchball.thread_rows(s),
                "people": {key: (name, unit) for key, name, unit in people},
                "person_units": [(key, unit) for key, _name, unit in people],
            }

        return self._get("catchball", read)

    # -- one unit ------------------------------------------------------------------------

    def months(self, unit_id: int) -> dict[str, dict[str, int]]:
        """Kaizens started per month and origin in the unit's subtree, up to the as-of day."""
        if unit_id not in self._months:
            first = self.as_of.replace(day=1)
            for _ in range(MONTHS_SHOWN - 1):
                first = (first - dt.timedelta(days=1)).replace(day=1)
            root = self.units.is_root(unit_id)
            ids = None if root else self.units.subtree(unit_id)
            with self.plan.session() as s:
                self._months[unit_id] = health.starts_by_month(s, ids, first, self.as_of)
        return self._months[unit_id]

    def for_unit(self, unit_id: int) -> UnitFigures:
        units = self.units
        unit = units.units[unit_id]
        # The charts compare the units below in code order (the tree lists them by name).
        below = sorted((units.units[c] for c in units.children.get(unit_id, [])), key=_code)
        rows = below or [unit]
        codes = [unit.code, *(r.code for r in rows)]
        subtree = set(units.subtree(unit_id))
        demand, thirty, debt = self._demand(), self._thirty(), self._debt()
        names, per_unit = self._coverage()
        functions: Counter[str] = Counter(dict.fromkeys(names, 0))
        for uid in subtree:
            functions.update(per_unit.get(uid, Counter()))
        a = self._alignment()
        live = sum(a["live_by_unit"].get(uid, 0) for uid in subtree)
        return UnitFigures(
            unit=unit,
            rows=rows,
            as_of=self.as_of,
            window_days=self.window_days,
            demand={c: demand[c] for c in codes},
            months=self.months(unit_id),
            thirty_day={c: thirty.get(c, 0) for c in codes},
            debt={c: debt[c] for c in codes},
            functions=[(name, functions[name]) for name in names],
            live_kaizens=live,
            orphans=[r for u, r in a["orphan_kaizens"] if u in subtree],
            unserved_priorities=[r for u, r in a["priorities_without_kaizen"] if u in subtree],
            unsupported_breakthroughs=[
                r for u, r in a["breakthroughs_unsupported"] if u in subtree
            ],
            catchball=self._catchball_of(subtree),
            lsw=self._lsw_of(unit, subtree),
            daily={c: self._daily()[c] for c in codes if c in self._daily()},
        )

    def _lsw(self) -> dict[str, Any]:
        return self._get(
            "lsw", lambda s: standard_work.measure(s, self.units, self.as_of, self.LSW_DAYS)
        )

    #: Leader Standard Work is measured over its own window (DESIGN §6: 30 days).
    LSW_DAYS = standard_work.WINDOW_DAYS

    def _lsw_of(self, unit: UnitInfo, subtree: set[int]) -> dict[str, Any]:
        m = self._lsw()
        codes = {self.units.code(u) for u in subtree}
        people = {k: p for k, p in m["lsw_adherence"]["people"].items() if p["unit"] in codes}
        order = sorted(people, key=lambda k: (people[k]["adherence"] or 0.0, people[k]["name"]))
        presence = m["leadership_presence"]
        return {
            "window_days": self.LSW_DAYS,
            "adherence": m["lsw_adherence"]["units"].get(unit.code),
            "people": {k: people[k] for k in order},
            "presence": presence["per_unit"].get(unit.code),
            "not_visited": [c for c in presence["not_visited"] if c in codes],
            "findings": m["findings"],
        }

    def _refs(self, s: Any, codes: list[str]) -> list[tuple[int, NodeRef]]:
        """(unit id, node) for each code, titles read in bulk."""
        graph = self.plan.graph
        nodes = [graph.node(graph.id_of(code)) for code in codes if code in graph]
        titles: dict[int, str] = {}
        for chunk in chunks([n.id for n in nodes], 900):
            rows = s.execute(select(e.Node.id, e.Node.title).where(e.Node.id.in_(chunk))).all()
            titles.update((node_id, title) for node_id, title in rows)
        units = self.units.units
        return [
            (n.unit_id, NodeRef(n.id, n.code, titles.get(n.id, ""), units[n.unit_id].code))
            for n in nodes
            if n.unit_id in units
        ]

    def _catchball_of(self, subtree: set[int]) -> dict[str, Any]:
        """Catchball of the threads in which the unit or a unit below it is a party (throws
        or catches): the card rolls up like the other measures (docs/measures.md)."""
        read = self._catchball()
        codes = {u.id: u.code for u in self.units.units.values()}
        found = catchball.summarise(read["rows"], codes, read["person_units"], subtree)
        people = read["people"]
        waiting = {
            people[key][0]: n
            for key, n in found["waiting_per_person"].items()
            if key in people and people[key][1] in subtree
        }
        in_tree = {codes[u] for u in subtree if u in codes}
        return {
            "threads": found["threads"],
            "open": found["open"],
            "median_rounds_to_agreement": found["median_rounds_to_agreement"],
            "median_days_to_agreement": found["median_days_to_agreement"],
            "units_not_agreed": [c for c in found["units_not_agreed"] if c in in_tree],
            "waiting_per_person": dict(sorted(waiting.items(), key=lambda kv: (-kv[1], kv[0]))),
        }

    def touches(self, changes: Changes, unit_id: int) -> bool:
        """Whether an edit can change what is shown of ``unit_id`` (its subtree's figures)."""
        if changes.units or changes.threads or changes.functions or changes.people:
            return True
        if changes.routines or changes.findings:
            return True  # Leader Standard Work is read plan-wide and rolled up
        if changes.problems:
            return True
        if changes.edges:
            return True  # a link far above can give (or take) kaizens here a line of sight
        ids = changes.nodes | changes.sustainment
        if not ids:
            return False
        subtree = set(self.units.subtree(unit_id))
        graph = self.plan.graph
        for node_id in ids:
            if not graph.has_node(node_id) or graph.node(node_id).unit_id in subtree:
                return True  # a deleted node: where it was is not known any more
        return False


def _code(unit: UnitInfo) -> str:
    return unit.code
