"""Catchball at scale: a negotiated thread for every deployment, with its messages.

Which threads: one per ``deploys`` edge of the X-matrices (a division's or department's
target or breakthrough deployed from the level above), and one per department priority a
team works on (its kaizens support it, at most ``Shape.team_priorities``), deployed to the
team as Throw deploys a priority: as a team breakthrough with the priority's title and a
``deploys`` edge. Teams get no targets, so the plan keeps the 2,000 targets of DESIGN §8.
A team that caught the ball writes one to three annual objectives that support its
breakthroughs, so only the breakthroughs of threads not yet caught or withdrawn are what
the review flags as supported by nothing.

What the rows say is what Throw, Reply, Lock and a reopen would have written for the same
messages (:mod:`hoshin.enterprise.negotiation` replays them through the rules): an
agreement lands on the child's goal (the agreement is drawn from the goal the X-matrix
stage gave the child, so those rows do not change), a lock freezes it as the committed
goal and records the parent's goal, and a reopened thread says which change reopened it.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from hoshin.catchball.rules import Side, State
from hoshin.enterprise import vocabulary as words
from hoshin.enterprise.negotiation import Cast, Outcome, Script, Topic, draw_outcome, replay
from hoshin.enterprise.records import (
    TABLES,
    Kaizen,
    Row,
    Unit,
    annual_title,
    better_goal,
    chunked,
    digits_for,
    draw_baseline,
)
from hoshin.enterprise.vocabulary import FIRST_LINK, GENERAL_KPIS, Kpi, vocab
from hoshin.model.kinds import Direction, EdgeKind, NodeKind, OwnerRole

if TYPE_CHECKING:
    from hoshin.enterprise.generator import Generator

#: Threads whose rows are built and inserted together: bounds memory, not the speed.
BATCH = 500
#: When threads were opened, in days before as_of, by the depth of the unit below: the
#: company throws first, the teams catch last.
_OPENED = {1: (300, 365), 2: (240, 330), 3: (120, 300)}
_NOT_CAUGHT = frozenset({State.PROPOSED, State.WITHDRAWN})
_DIRECTION = {Side.UPPER: "down", Side.LOWER: "up"}  # as Side.direction, without its dict
DAY = 86_400
_MESSAGE_COLUMNS = (
    "id", "thread_id", "kind", "author_id", "direction", "round", "state", "value", "due",
    "owner_id", "resources", "text", "created_at",
)  # fmt: skip
#: How much more people talk in a thread, by the depth of the unit below: a division's
#: or department's commitment draws more people, and more questions, than a team's.
_TALK_BY_DEPTH = {1: 1.6, 2: 1.3, 3: 1.0}


@dataclass
class _Thread:
    node: int
    child: int | None  # a team's breakthrough gets its id when it is written
    upper: Unit
    lower: Unit
    outcome: Outcome
    topic: Topic
    locked_parent_goal: float | None = None


def write_catchball(gen: Generator, units: list[Unit], kaizens: list[Kaizen]) -> None:
    """Team deployments, then every thread with its messages; commitments of locked ones."""
    by_id = {unit.id: unit for unit in units}
    primaries = _primaries(gen.session)
    threads = _deployment_threads(gen, by_id, primaries)
    team_threads = _team_threads(gen, units, kaizens)
    _write_team_nodes(gen, team_threads)
    threads += team_threads
    # Lock wrote the child's goal as its commitment; the goals were the X-matrix stage's.
    commitments = [
        {"b_id": t.child, "b_goal": t.topic.goal}
        for t in threads
        if t.locked_parent_goal is not None and t.topic.goal is not None
    ]
    if commitments:
        nodes = TABLES["nodes"]
        gen.session.execute(
            update(nodes)
            .where(nodes.c.id == bindparam("b_id"))
            .values(committed_goal=bindparam("b_goal")),
            commitments,
        )
    _write_threads(gen, threads, _outsiders(units), primaries)


# -- which threads -------------------------------------------------------------------------


def _primaries(session: Session) -> dict[int, int]:
    r = TABLES["responsibilities"].c
    rows = session.execute(select(r.node_id, r.person_id).where(r.role == OwnerRole.PRIMARY.value))
    return {node: person for node, person in rows}


def _deployment_threads(
    gen: Generator, units: dict[int, Unit], primaries: dict[int, int]
) -> list[_Thread]:
    """A thread per ``deploys`` edge written so far (the X-matrices'), in edge order."""
    edges, nodes = TABLES["edges"], TABLES["nodes"]
    p, c = nodes.alias("parent"), nodes.alias("child")
    rows = gen.session.execute(
        select(
            p.c.id, p.c.code, p.c.unit_id, p.c.goal, p.c.baseline, c.c.id, c.c.unit_id,
            c.c.goal, c.c.baseline, c.c.direction, c.c.unit_of_measure, c.c.due_date,
        )
        .select_from(edges)
        .join(p, p.c.id == edges.c.source_id)
        .join(c, c.c.id == edges.c.target_id)
        .where(edges.c.kind == EdgeKind.DEPLOYS.value)
        .order_by(edges.c.id)
    ).all()  # fmt: skip
    rng, year = gen.rng, gen.as_of.year
    threads = []
    for node, code, upper_id, p_goal, p_base, child, lower_id, goal, base, way, uom, due in rows:
        upper, lower = units[upper_id], units[lower_id]
        is_target = goal is not None
        outcome = draw_outcome(rng, words.UPPER_OUTCOMES, can_reopen=is_target)
        topic = Topic(code, upper.name, lower.name, year, due=due)
        thread = _Thread(node, child, upper, lower, outcome, topic)
        if is_target:
            thrown = p_goal
            if outcome.reopened:  # the unit above has raised its ambition since the lock
                sign = 1 if way == Direction.UP.value else -1
                shift = max(
                    abs(p_goal - p_base) * rng.uniform(0.1, 0.3), 10.0 ** -digits_for(p_base)
                )
                thrown = round(p_goal - sign * shift, digits_for(p_base))
            thread.topic = Topic(
                code, upper.name, lower.name, year, goal=goal, baseline=base,
                parent_goal=thrown, parent_goal_now=p_goal, uom=uom or "",
                up_is_better=way == Direction.UP.value, lower_owner=primaries.get(child),
            )  # fmt: skip
            if outcome.state is State.LOCKED or outcome.reopened:
                thread.locked_parent_goal = thrown
        threads.append(thread)
    return threads


def _team_threads(gen: Generator, units: list[Unit], kaizens: list[Kaizen]) -> list[_Thread]:
    """A thread per department priority a team works on, those its kaizens serve most."""
    served: dict[int, Counter[int]] = defaultdict(Counter)
    for kaizen in kaizens:
        if kaizen.priority is not None:
            served[kaizen.team.id][kaizen.priority] += 1
    rng, year = gen.rng, gen.as_of.year
    # A team commits to a date within the plan's horizon: this year or early next.
    dues = (dt.date(year, 9, 30), dt.date(year, 12, 31), dt.date(year + 1, 3, 31))
    threads = []
    for team in units:
        if team.depth != 3 or team.parent is None:
            continue
        department = team.parent
        counts = served[team.id]
        chosen = set(sorted(counts, key=lambda p: (-counts[p], p))[: gen.shape.team_priorities])
        for priority in gen.matrices[department.id].priorities:
            if priority not in chosen:
                continue
            outcome = draw_outcome(rng, words.TEAM_OUTCOMES, can_reopen=False)
            due = rng.choice(dues) if outcome.agreed and not outcome.takes_throw else None
            code = gen.codes[priority]
            topic = Topic(code, department.name, team.name, year, due=due)
            threads.append(_Thread(priority, None, department, team, outcome, topic))
    return threads


def _write_team_nodes(gen: Generator, threads: list[_Thread]) -> None:
    """Each team's deployed breakthroughs, as Throw creates them, and the annual objectives
    a team writes once it has caught the ball."""
    rng, year = gen.rng, gen.as_of.year
    nodes: list[Row] = []
    edges: list[Row] = []
    for team, group in itertools.groupby(threads, key=lambda t: t.lower):
        caught: list[int] = []
        for thread in group:
            row = gen.node(
                NodeKind.BREAKTHROUGH, team, gen.titles[thread.node], due_date=thread.topic.due
            )
            thread.child = row["id"]
            nodes.append(row)
            edges.append(gen.edge(EdgeKind.DEPLOYS, thread.node, row["id"], None))
            if thread.outcome.state not in _NOT_CAUGHT:
                caught.append(row["id"])
        if not caught:
            continue
        kpis: tuple[Kpi, ...] = vocab(team.function).kpis + GENERAL_KPIS
        annual = []
        for _ in range(min(len(caught), rng.choice((1, 2, 2, 3)))):
            kpi = rng.choice(kpis)
            base = draw_baseline(rng, kpi)
            goal = better_goal(kpi, base, rng.uniform(0.1, 0.3))
            row = gen.node(
                NodeKind.ANNUAL, team, annual_title(kpi, base, goal),
                start_date=dt.date(year, 1, 1), due_date=dt.date(year, 12, 31),
            )  # fmt: skip
            nodes.append(row)
            annual.append(row["id"])
        for i, breakthrough in enumerate(rng.sample(caught, len(caught))):
            strength = rng.choices(*FIRST_LINK)[0]
            edges.append(
                gen.edge(EdgeKind.SUPPORTS, annual[i % len(annual)], breakthrough, strength)
            )
    gen.write("Team breakthroughs", "nodes", nodes, len(nodes))
    gen.write("Team links", "edges", edges, len(edges))


def _outsiders(units: list[Unit]) -> dict[int, list[int]]:
    """People who may join a thread with a unit, outside both sides: the people of the
    level above the thrower and of the unit's sister units. Keyed by the lower unit."""
    siblings: dict[int | None, list[Unit]] = defaultdict(list)
    for unit in units:
        siblings[unit.parent.id if unit.parent else None].append(unit)
    out: dict[int, list[int]] = {}
    for unit in units:
        upper = unit.parent
        if upper is None:
            continue
        people = list(upper.parent.people) if upper.parent else []
        for sister in siblings[upper.id]:
            if sister is not unit:
                people.extend(sister.people)
        out[unit.id] = people
    return out


# -- the rows ------------------------------------------------------------------------------


def _write_threads(
    gen: Generator,
    threads: list[_Thread],
    outsiders: dict[int, list[int]],
    primaries: dict[int, int],
) -> None:
    """Threads and their messages, a batch at a time (threads first: messages refer to
    them); progress counts threads."""
    # Messages go in as tuples; a change of the table must show here, not as shifted values.
    assert gen.columns("catchball_messages") == _MESSAGE_COLUMNS
    gen.report("Catchball", 0, len(threads))
    done = 0
    for batch in chunked(threads, BATCH):
        thread_rows: list[Row] = []
        message_rows: list[tuple[Any, ...]] = []
        for thread in batch:
            cast = _cast(thread, outsiders[thread.lower.id], primaries)
            _rows(gen, thread, cast, thread_rows, message_rows)
        gen.insert("catchball_threads", thread_rows)
        gen.insert_values("catchball_messages", message_rows)
        done += len(batch)
        gen.report("Catchball", done, len(threads))


def _cast(thread: _Thread, outsiders: list[int], primaries: dict[int, int]) -> Cast:
    upper, lower = thread.upper.people, thread.lower.people
    owner = primaries.get(thread.node)
    lower_lead = thread.topic.lower_owner or lower[0]
    return Cast(
        upper_lead=owner if owner in upper else upper[0],
        lower_lead=lower_lead,
        upper=upper,
        lower=lower,
        outsiders=outsiders,
        locker=upper[0],
    )


def _rows(
    gen: Generator,
    thread: _Thread,
    cast: Cast,
    threads: list[Row],
    messages: list[tuple[Any, ...]],
) -> None:
    """The thread's row and its messages' (as tuples in :data:`_MESSAGE_COLUMNS` order:
    200,000 of them)."""
    rng = gen.rng
    talk = gen.shape.talk_per_offer * _TALK_BY_DEPTH[thread.lower.depth]
    drafts = Script(rng, thread.topic, thread.outcome, cast, talk).build()
    played = replay(drafts, thread.upper.code, thread.lower.code)
    times = _times(gen, thread, [d.gap for d in drafts])
    thread_id = next(gen.ids["catchball_threads"])
    agreed_at = None if played.agreed_at is None else times[played.agreed_at]
    threads.append(
        {
            "id": thread_id,
            "node_id": thread.node,
            "child_node_id": thread.child,
            "upper_unit_id": thread.upper.id,
            "lower_unit_id": thread.lower.id,
            "state": played.states[-1].value,
            "waiting": played.waiting.value if played.waiting else None,
            "round": played.rounds[-1],
            "opened_at": times[0],
            "agreed_at": agreed_at,
            "agreed_value": thread.topic.goal if agreed_at else None,
            "locked_parent_goal": thread.locked_parent_goal,
        }
    )
    ids = gen.ids["catchball_messages"]
    for draft, state, round_, at in zip(drafts, played.states, played.rounds, times, strict=True):
        messages.append(
            (
                next(ids), thread_id, draft.kind.value, draft.author,
                _DIRECTION.get(draft.side) if draft.side else None, round_, state.value,
                draft.value, draft.due, draft.owner, draft.resources, draft.text, at,
            )
        )  # fmt: skip


def _times(gen: Generator, thread: _Thread, gaps: Sequence[float]) -> list[dt.datetime]:
    """When each message was sent: the thread opens within the year before as_of (the
    company's first, the teams' last, a ball not yet caught recently), one message after
    the other, all before as_of, in working hours; gaps shrink in proportion where they
    would not fit."""
    rng = gen.rng
    low, high = (2, 30) if thread.outcome.state is State.PROPOSED else _OPENED[thread.lower.depth]
    # Seconds from the first midnight of the window; as_of's midnight is the end.
    days = _OPENED[1][1] + 1
    end = days * DAY
    seconds = end - rng.uniform(low, high) * DAY
    scale = min(1.0, (end - seconds - 60) / max(sum(gaps), 1.0))
    out: list[dt.datetime] = []
    last = -1
    start = dt.datetime.combine(gen.as_of - dt.timedelta(days=days), dt.time(0))
    for gap in gaps:
        seconds += gap * scale
        # The moment of its day squeezed into 08:00–19:00: keeps the order and the day,
        # so messages stay in sequence and before as_of.
        day, into_day = divmod(seconds, DAY)
        at = max(int(day * DAY + 8 * 3600 + into_day * 11 / 24), last + 1)
        out.append(start + dt.timedelta(seconds=at))
        last = at
    return out
