"""The Deployment sheet: per parent unit, its priorities and targets against the units below.

Each cell names what the unit below committed to (the deployed counterpart's code, title and,
for a target, its goal), where the catchball about it stands, a deployment gap when the
commitment is weaker than the parent's goal (:mod:`hoshin.rules.deployment`), and the kaizens of
that unit (or below it) that serve the row directly: a unit may serve a priority without
a deployed counterpart, and is then not "not deployed" but "served by KZ-12, KZ-14".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from openpyxl.workbook import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from hoshin.catchball.rules import OPEN_STATES, State
from hoshin.excel import names
from hoshin.excel.sheets.objectives import MatrixNode
from hoshin.excel.write import printing
from hoshin.excel.write import styles as st
from hoshin.excel.write.cells import SheetWriter, height_for, lines_for
from hoshin.excel.write.data import Context
from hoshin.model import entities as e
from hoshin.model.kinds import EdgeKind, KaizenStatus, NodeKind
from hoshin.rules.deployment import Gap, deployment_gaps
from hoshin.text.formats import number

CODE_W, TITLE_W, CHILD_W = 9.0, 36.0, 30.0
NOT_DEPLOYED = "not deployed"
NO_CATCHBALL = "no catchball yet"
MOST_SERVING = 8  # kaizens named in a cell before "and N more"
_OPEN = {s.value for s in OPEN_STATES}
_DONE = {State.AGREED.value, State.LOCKED.value}


@dataclass(frozen=True, slots=True)
class Counterpart:
    id: int
    code: str
    title: str
    kind: NodeKind
    unit_id: int
    goal: float | None
    unit_of_measure: str | None


@dataclass(frozen=True, slots=True)
class ThreadState:
    id: int
    state: str
    round: int


def _counterparts(session: Session, parent_ids: list[int]) -> dict[int, list[Counterpart]]:
    ed, n = e.Edge, e.Node
    out: dict[int, list[Counterpart]] = defaultdict(list)
    wanted = set(parent_ids)
    rows = session.connection().execute(
        select(ed.source_id, n.id, n.code, n.title, n.kind, n.unit_id, n.goal, n.unit_of_measure)
        .join(n, n.id == ed.target_id)
        .where(ed.kind == EdgeKind.DEPLOYS.value)
        .order_by(n.seq, n.id)
    )
    for source, node_id, code, title, kind, unit_id, goal, uom in rows:
        if source in wanted:
            out[source].append(
                Counterpart(node_id, code, title, NodeKind(kind), unit_id, goal, uom)
            )
    return out


def _threads(session: Session) -> dict[tuple[int, int], ThreadState]:
    """The latest thread per (thrown node, unit below)."""
    t = e.CatchballThread
    out: dict[tuple[int, int], ThreadState] = {}
    for tid, node_id, lower, state, rnd in session.connection().execute(
        select(t.id, t.node_id, t.lower_unit_id, t.state, t.round).order_by(t.id)
    ):
        out[(node_id, lower)] = ThreadState(tid, state, rnd)
    return out


def _goal(goal: float | None, uom: str | None) -> str:
    text = f"goal {number(goal)}"
    return f"{text} {uom}" if uom else text


def served_by(codes: list[str]) -> str:
    shown = ", ".join(codes[:MOST_SERVING])
    more = len(codes) - MOST_SERVING
    return f"served by {shown}" + (f" and {more} more" if more > 0 else "")


def cell_text(
    found: list[Counterpart],
    thread: ThreadState | None,
    gaps: list[Gap] | None = None,
    serving: list[str] | None = None,
) -> tuple[str, str]:
    """The words and the style of one cell."""
    lines = []
    for c in found:
        lines.append(f"{c.code} {c.title}")
        if c.kind is NodeKind.TARGET:
            lines.append(_goal(c.goal, c.unit_of_measure))
    if thread is not None:
        lines.append(f"catchball: {thread.state} (round {thread.round}, thread {thread.id})")
        style = st.STATE_DONE if thread.state in _DONE else st.STATE_OPEN
        if thread.state not in _DONE | _OPEN:
            style = st.STATE_NONE
    elif found:
        lines.append(NO_CATCHBALL)
        style = st.TEXT
    elif serving:
        return f"{NOT_DEPLOYED}; {served_by(serving)}", st.TEXT
    else:
        return NOT_DEPLOYED, st.STATE_NONE
    for gap in gaps or []:
        lines.append(f"⚠ {gap.short}")
        style = st.STATE_GAP
    if serving:
        lines.append(served_by(serving))
    return "\n".join(lines), style


def _serving(
    session: Session, ctx: Context, rows: dict[int, int]
) -> dict[tuple[int, int], list[str]]:
    """Kaizens (not dropped) serving each row, by (row node, unit directly below the row's
    unit that holds the kaizen or is above it). ``rows`` maps row node ids to their unit.

    A kaizen serves a priority it supports and a target it is expected to move. Two plan-wide
    reads; the kaizens are matched to columns by walking up the unit tree (memoised).
    """
    ed, n = e.Edge, e.Node
    dropped = KaizenStatus.DROPPED.value
    kaizen = (n.kind == NodeKind.KAIZEN.value) & (n.status != dropped)
    conn = session.connection()
    pairs: list[tuple[int | None, str, int, int]] = [
        (row, code, unit_id, seq)
        for row, code, unit_id, seq in conn.execute(
            select(ed.target_id, n.code, n.unit_id, n.seq)
            .join(n, n.id == ed.source_id)
            .where(ed.kind == EdgeKind.SUPPORTS.value, kaizen)
        )
    ]
    pairs += [
        (row, code, unit_id, seq)
        for row, code, unit_id, seq in conn.execute(
            select(n.effect_target_id, n.code, n.unit_id, n.seq).where(
                kaizen, n.effect_target_id.is_not(None)
            )
        )
    ]
    chains: dict[int, list[int]] = {}

    def chain(unit_id: int) -> list[int]:
        if unit_id not in chains:
            parent = ctx.org.by_id[unit_id].parent_id if unit_id in ctx.org.by_id else None
            chains[unit_id] = [unit_id, *(chain(parent) if parent is not None else [])]
        return chains[unit_id]

    found: dict[tuple[int, int], list[tuple[int, str]]] = defaultdict(list)
    for row, code, unit_id, seq in pairs:
        if row is None or unit_id is None or row not in rows:
            continue
        row_unit = rows[row]
        units = chain(unit_id)
        if row_unit in units[1:]:
            column = units[units.index(row_unit) - 1]
            found[(row, column)].append((seq, code))
    return {key: [code for _s, code in sorted(set(codes))] for key, codes in found.items()}


def write_deployment(wb: Workbook, ctx: Context, session: Session, nodes: list[MatrixNode]) -> None:
    org = ctx.org
    parents = [u for u in ctx.units if any(c in ctx.scope for c in org.children[u.id])]
    widest = max((len(org.children[u.id]) for u in parents), default=1)
    w = SheetWriter(wb, names.DEPLOYMENT)
    w.set_widths([CODE_W, TITLE_W, *([CHILD_W] * widest)])
    w.freeze("C1")
    pager = printing.Pager(w.ws, w.widths.values(), w.print_setup())
    by_unit: dict[int, list[MatrixNode]] = defaultdict(list)
    for x in nodes:
        if x.kind in (NodeKind.PRIORITY, NodeKind.TARGET):
            by_unit[x.unit_id].append(x)
    for unit_nodes in by_unit.values():
        unit_nodes.sort(key=lambda x: (x.kind is NodeKind.TARGET, x.seq, x.id))
    deployed = _counterparts(session, [x.id for xs in by_unit.values() for x in xs])
    threads = _threads(session)
    gaps: dict[tuple[int, int], list[Gap]] = defaultdict(list)
    for gap in deployment_gaps(session):
        gaps[(gap.parent_id, gap.child_id)].append(gap)
    serving = _serving(session, ctx, {x.id: x.unit_id for xs in by_unit.values() for x in xs})
    w.row(
        ["Deployment: what each unit below committed to, and its catchball"], st.TITLE, height=22.0
    )
    w.row(
        [
            f"{ctx.plan.name} · as of {ctx.as_of.isoformat()} · rows: the priorities and "
            "targets of a unit; columns: the units directly below it"
        ],
        st.SUBTITLE,
    )
    for unit in parents:
        children = [org.by_id[c] for c in org.children[unit.id] if c in ctx.scope]
        w.blank()
        # The unit's heading with its table (its first rows, when it is longer than a page).
        pager.keep(w.row_index, 60.0 + len(by_unit.get(unit.id, [None])) * height_for(3))
        r = w.row([f"{unit.code} · {unit.name} → the units below"], st.SECTION, height=20.0)
        w.merge(r, 1, r, 2 + len(children))
        heads = ["Code", "Priority or target", *(f"{c.code}\n{c.name}" for c in children)]
        w.row(heads, st.HEADER, height=height_for(max(lines_for(h, CHILD_W) for h in heads)))
        rows = by_unit.get(unit.id, [])
        if not rows:
            w.row([None, "(no priorities or targets)"], [st.LINE, st.NOTE])
        for x in rows:
            title = x.title
            if x.kind is NodeKind.TARGET:
                title += f"\n{_goal(x.goal, x.unit_of_measure)}"
            values: list[object] = [x.code, title]
            styles = [st.CODE, st.TEXT]
            lines = lines_for(title, TITLE_W)
            for child in children:
                found = [c for c in deployed.get(x.id, []) if c.unit_id == child.id]
                text, style = cell_text(
                    found,
                    threads.get((x.id, child.id)),
                    [g for c in found for g in gaps.get((x.id, c.id), [])],
                    serving.get((x.id, child.id)),
                )
                values.append(text)
                styles.append(style)
                lines = max(lines, lines_for(text, CHILD_W))
            w.row(values, styles, height=height_for(lines))
            ctx.ticker.tick()
