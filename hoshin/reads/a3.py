"""A3s as people read them: one A3 with its follow-up figures drawn from the plan, the
list of A3s, and the targets that need one (red months in a row without an A3).

The follow-up of a problem A3 is the bowling row of its target (the target itself, or the
target a kaizen moves): plan and actual per month, never typed again. ``hoshin a3 show``,
the A3 page (PDF), the workbook's A3s sheet, the app's A3 editor, ``hoshin check`` and the
monthly review all read here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from hoshin.graph import StrategyGraph
from hoshin.model import entities as e
from hoshin.model.a3_sections import CAUSE, HEADINGS, SECTIONS, STEP, WHY
from hoshin.model.errors import NotFoundError
from hoshin.model.kinds import NodeKind
from hoshin.model.plan_settings import PlanSettings
from hoshin.plan import Plan
from hoshin.reads.units import UnitTree
from hoshin.rules.a3 import needs_a3, red_run
from hoshin.rules.bowling import Status, TargetRow, load_targets, months_of
from hoshin.rules.years import shown_year
from hoshin.store.chunks import chunks

#: The setting that says after how many red months in a row a target needs an A3.
AFTER = "a3_after_red_months"


@dataclass(frozen=True)
class A3Row:
    """A row of one of an A3's lists (a why, a cause, a step)."""

    id: int
    kind: str
    position: int
    text: str
    category: str | None = None
    who: str = ""
    when: dt.date | None = None


@dataclass(frozen=True)
class A3Link:
    """A countermeasure of the A3: a countermeasure of the plan or a kaizen."""

    countermeasure_id: int | None
    kaizen: str | None
    text: str  # what it says: the countermeasure's words or the kaizen's title
    state: str  # open / done, or the kaizen's status
    month: str | None = None  # a countermeasure's month


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    text: str


@dataclass
class A3Doc:
    """One A3 with everything its page shows."""

    id: int
    code: str  # its node's
    node_title: str
    node_kind: NodeKind
    unit: str
    kind: str
    title: str
    sections: list[Section]
    whys: list[A3Row] = field(default_factory=list)
    causes: list[A3Row] = field(default_factory=list)
    steps: list[A3Row] = field(default_factory=list)
    links: list[A3Link] = field(default_factory=list)
    figures: TargetRow | None = None  # the follow-up: the target's bowling row
    year: int = 0

    def section(self, key: str) -> str:
        return next((s.text for s in self.sections if s.key == key), "")

    @property
    def months(self) -> list[str]:
        return months_of(self.year)

    def follow_up(self) -> list[tuple[str, float | None, float | None, Status | None]]:
        """Month, plan, actual and status of the target, for each month with a figure."""
        row = self.figures
        if row is None:
            return []
        return [
            (m, row.plan.get(m), row.actual.get(m), row.status(m))
            for m in self.months
            if row.plan.get(m) is not None or row.actual.get(m) is not None
        ]


@dataclass(frozen=True)
class A3Line:
    """An A3 in a list (the workbook's sheet, ``hoshin a3 show`` without a code)."""

    code: str
    unit: str
    kind: str
    title: str
    whys: int
    causes: int
    steps: int
    links: int


@dataclass(frozen=True)
class NeedsA3:
    """A target red for N months in a row or more, with no A3."""

    code: str
    title: str
    unit: str
    red_months: list[str]

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "title": self.title,
            "unit": self.unit,
            "red_months": self.red_months,
        }


def _followed_target(session: Session, graph: StrategyGraph, node_id: int) -> int | None:
    """The target whose figures follow an A3 up: its own node, or the target a kaizen moves."""
    node = graph.node(node_id)
    if node.kind is NodeKind.TARGET:
        return node_id
    if node.kind is NodeKind.KAIZEN:
        moved = session.execute(
            select(e.Node.effect_target_id).where(e.Node.id == node_id)
        ).scalar()
        return int(moved) if moved is not None else None
    return None


def read_a3(session: Session, graph: StrategyGraph, code: str, year: int) -> A3Doc:
    """The A3 of the node ``code``, its follow-up figures those of ``year``."""
    node_id = graph.id_of(code)
    a, n = e.A3, e.Node
    found = session.execute(
        select(a, n.title, n.unit_id).join(n, n.id == a.node_id).where(a.node_id == node_id)
    ).first()
    if found is None:
        raise NotFoundError(f"{graph.code(node_id)} has no A3; start one with `hoshin a3 new`.")
    row, node_title, unit_id = found
    tree = UnitTree.load(session)
    sections = [
        Section(key, HEADINGS[row.kind][key], str(getattr(row, column) or ""))
        for key, column in SECTIONS[row.kind].items()
    ]
    doc = A3Doc(
        row.id,
        graph.code(node_id),
        node_title,
        graph.node(node_id).kind,
        tree.code(unit_id),
        row.kind,
        row.title,
        sections,
        year=year,
    )
    i, p = e.A3Item, e.Person
    items = session.execute(
        select(i.id, i.kind, i.position, i.text, i.category, p.name, i.due)
        .outerjoin(p, p.id == i.owner_id)
        .where(i.a3_id == row.id)
        .order_by(i.kind, i.position, i.id)
    )
    lists = {WHY: doc.whys, CAUSE: doc.causes, STEP: doc.steps}
    for item_id, kind, position, text, category, who, due in items:
        lists[kind].append(A3Row(item_id, kind, position, text, category, who or "", due))
    doc.links = _links(session, row.id)
    target = _followed_target(session, graph, node_id)
    if target is not None:
        found_rows = [t for t in load_targets(session, year) if t.id == target]
        doc.figures = found_rows[0] if found_rows else None
    return doc


def _links(session: Session, a3_id: int) -> list[A3Link]:
    link, c, n = e.A3Link, e.Countermeasure, e.Node
    out: list[A3Link] = []
    for cm_id, month, what, done in session.execute(
        select(c.id, c.month, c.what, c.done)
        .join(link, link.countermeasure_id == c.id)
        .where(link.a3_id == a3_id)
        .order_by(c.month, c.id)
    ):
        out.append(A3Link(cm_id, None, what, "done" if done else "open", month))
    for code, title, status in session.execute(
        select(n.code, n.title, n.status)
        .join(link, link.kaizen_id == n.id)
        .where(link.a3_id == a3_id)
        .order_by(n.seq)
    ):
        out.append(A3Link(None, code, title, status or ""))
    return out


def list_a3s(session: Session, graph: StrategyGraph) -> list[A3Line]:
    """Every A3 of the plan, in the order of their nodes' codes, with its list sizes."""
    a, n = e.A3, e.Node
    tree = UnitTree.load(session)
    counts: dict[tuple[int, str], int] = {}
    for a3_id, kind in session.execute(select(e.A3Item.a3_id, e.A3Item.kind)):
        counts[a3_id, kind] = counts.get((a3_id, kind), 0) + 1
    links: dict[int, int] = {}
    for (a3_id,) in session.execute(select(e.A3Link.a3_id)):
        links[a3_id] = links.get(a3_id, 0) + 1
    rows = session.execute(
        select(a.id, a.node_id, a.kind, a.title, n.unit_id)
        .join(n, n.id == a.node_id)
        .order_by(n.kind, n.seq)
    )
    return [
        A3Line(
            graph.code(node_id),
            tree.code(unit_id),
            kind,
            title,
            counts.get((a3_id, WHY), 0),
            counts.get((a3_id, CAUSE), 0),
            counts.get((a3_id, STEP), 0),
            links.get(a3_id, 0),
        )
        for a3_id, node_id, kind, title, unit_id in rows
    ]


def targets_needing_a3(
    session: Session,
    settings: PlanSettings,
    upto: str,
    unit_ids: list[int] | None = None,
) -> list[NeedsA3]:
    """Targets red for the plan's ``a3_after_red_months`` months in a row (up to the month
    ``upto``, ``YYYY-MM``, within its year) that have no A3."""
    after = int(settings[AFTER])
    year = int(upto[:4])
    months = [m for m in months_of(year) if m <= upto]
    rows = load_targets(session, year, unit_ids)
    red = {t.id: t for t in rows if needs_a3(t, months, after)}
    if not red:
        return []
    with_a3: set[int] = set()
    for batch in chunks(sorted(red)):
        with_a3.update(
            session.execute(select(e.A3.node_id).where(e.A3.node_id.in_(batch))).scalars()
        )
    tree = UnitTree.load(session)
    return [
        NeedsA3(t.code, t.title, tree.code(t.unit_id), red_run(t, months))
        for t in red.values()
        if t.id not in with_a3
    ]


def a3_of_node(plan: Plan, node_id: int, year: int | None = None) -> A3Doc | None:
    """The A3 of a node for a screen (None when it has none), in a session of its own."""
    with plan.session() as session:
        if session.execute(select(e.A3.id).where(e.A3.node_id == node_id)).first() is None:
            return None
        return read_a3(session, plan.graph, plan.graph.code(node_id), year or shown_year(session))
