"""Company, division and department X-matrices, deployed downward, with owners and twelve
months of plan and actual per target."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from hoshin.enterprise.records import (
    Cycle,
    Row,
    Target,
    Unit,
    XMatrix,
    annual_title,
    better_goal,
    digits_for,
    draw_baseline,
    month_key,
    pick,
)
from hoshin.enterprise.shape import Matrix
from hoshin.enterprise.vocabulary import (
    COMPANY_BREAKTHROUGHS,
    EXTRA_LINK,
    FIRST_LINK,
    GENERAL_KPIS,
    VOCAB,
    Kpi,
    vocab,
)
from hoshin.model.kinds import Direction, EdgeKind, NodeKind, OwnerRole, Strength

if TYPE_CHECKING:
    from hoshin.enterprise.generator import Generator


def write_matrices(gen: Generator, units: list[Unit]) -> None:
    """Company, division and department X-matrices, deployed downward, with owners."""
    nodes: list[Row] = []
    edges: list[Row] = []
    owners: list[Row] = []
    specs = (gen.shape.company, gen.shape.division, gen.shape.department)
    for unit in units:
        if unit.depth < 3:
            _matrix(gen, unit, specs[unit.depth], nodes, edges, owners)
    gen.write("Objectives and targets", "nodes", nodes, len(nodes))
    gen.write("Links", "edges", edges, len(edges))
    gen.write("Responsibilities", "responsibilities", owners, len(owners))
    targets = [t for m in gen.matrices.values() for t in m.targets]
    gen.write("Measurements", "measurements", _measurements(gen, targets), 12 * len(targets))


def _matrix(
    gen: Generator, unit: Unit, spec: Matrix, nodes: list[Row], edges: list[Row], owners: list[Row]
) -> None:
    rng, year = gen.rng, gen.as_of.year
    parent = gen.matrices[unit.parent.id] if unit.parent else None
    words = vocab(unit.function)
    year_start, year_end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    bt_due = dt.date(year + 3, 12, 31)  # breakthroughs look three to five years out

    if parent is None:
        bt_titles = pick(rng, COMPANY_BREAKTHROUGHS, spec.breakthroughs)
        deployed_from: list[int] = []
    else:
        deployed_from = parent.priority_cycle.draw(spec.breakthroughs)
        bt_titles = [gen.titles[p] for p in deployed_from]
    bt_rows = [gen.node(NodeKind.BREAKTHROUGH, unit, t, due_date=bt_due) for t in bt_titles]
    for source, row in zip(deployed_from, bt_rows, strict=False):
        edges.append(gen.edge(EdgeKind.DEPLOYS, source, row["id"], None))

    ao_rows = []
    for _ in range(spec.annual):
        kpi = rng.choice(_kpis(gen, unit))
        base = draw_baseline(gen.rng, kpi)
        goal = better_goal(kpi, base, rng.uniform(0.1, 0.3))
        title = annual_title(kpi, base, goal)
        ao_rows.append(
            gen.node(NodeKind.ANNUAL, unit, title, start_date=year_start, due_date=year_end)
        )

    if parent is None:
        # One per function first, so every function has a company priority to deploy.
        ip_titles = []
        for i in range(spec.priorities):
            choices = vocab(gen.function(i)).priorities
            ip_titles.append(choices[i // len(gen.function_names) % len(choices)])
    else:
        ip_titles = pick(rng, words.priorities, spec.priorities)
    ip_rows = [gen.node(NodeKind.PRIORITY, unit, t, due_date=year_end) for t in ip_titles]

    targets, kpi_rows = _targets(gen, unit, spec, parent, edges)
    nodes.extend([*bt_rows, *ao_rows, *ip_rows, *kpi_rows])

    bts = [r["id"] for r in bt_rows]
    aos = [r["id"] for r in ao_rows]
    ips = [r["id"] for r in ip_rows]
    edges.extend(_cover(gen, EdgeKind.SUPPORTS, aos, bts, extra=0.4))
    edges.extend(_cover(gen, EdgeKind.SUPPORTS, ips, aos, extra=0.3))
    kpis = [t.id for t in targets]
    measures = _cover(gen, EdgeKind.MEASURES, kpis, ips, extra=0.2)
    edges.extend(measures)
    for i, target in enumerate(targets):
        if i < len(bts) or rng.random() < 0.35:
            strength = rng.choices(*FIRST_LINK)[0]
            edges.append(gen.edge(EdgeKind.MEASURES, target.id, bts[i % len(bts)], strength))
    by_id = {t.id: t for t in targets}
    measured_by: dict[int, list[Target]] = {}
    for edge in measures:
        measured_by.setdefault(edge["target_id"], []).append(by_id[edge["source_id"]])

    owners.extend(_owners(gen, unit, ips, kpis, last_is_unowned=parent is None))
    gen.matrices[unit.id] = XMatrix(
        unit, bts, aos, ips, targets, Cycle(rng, ips), Cycle(rng, targets), measured_by
    )


def _kpis(gen: Generator, unit: Unit) -> tuple[Kpi, ...]:
    if unit.function is None:  # the company tracks a bit of everything
        return tuple(k for v in VOCAB.values() for k in v.kpis)
    return vocab(unit.function).kpis + GENERAL_KPIS


def _targets(
    gen: Generator, unit: Unit, spec: Matrix, parent: XMatrix | None, edges: list[Row]
) -> tuple[list[Target], list[Row]]:
    """The unit's targets: some deployed from the parent's, the rest its own."""
    rng = gen.rng
    chosen: list[tuple[Kpi, Target | None]] = []
    if parent is not None and spec.deployed_targets:
        chosen += [(t.kpi, t) for t in parent.target_cycle.draw(spec.deployed_targets)]
    if parent is None:
        # Interleave the functions so the company's few targets span all of them.
        rounds = itertools.zip_longest(*(v.kpis for v in VOCAB.values()))
        spread = [k for kpis in rounds for k in kpis if k is not None]
        chosen += [(k, None) for k in itertools.islice(itertools.cycle(spread), spec.targets)]
    else:
        chosen += [(k, None) for k in pick(rng, _kpis(gen, unit), spec.targets - len(chosen))]
    targets: list[Target] = []
    rows: list[Row] = []
    seen: Counter[str] = Counter()
    for kpi, source in chosen:
        title = kpi.name if parent is None else f"{kpi.name}, {unit.name}"
        seen[title] += 1
        if seen[title] > 1:
            title = f"{title} ({seen[title]})"
        baseline = draw_baseline(gen.rng, kpi, source.baseline if source else None)
        goal = better_goal(kpi, baseline, rng.uniform(0.08, 0.3))
        row = gen.node(
            NodeKind.TARGET,
            unit,
            title,
            due_date=dt.date(gen.as_of.year, 12, 31),
            unit_of_measure=kpi.uom,
            direction=kpi.direction.value,
            baseline=baseline,
            goal=goal,
        )
        targets.append(Target(row["id"], kpi, baseline, goal))
        rows.append(row)
        if source is not None:
            edges.append(gen.edge(EdgeKind.DEPLOYS, source.id, row["id"], None))
    return targets, rows


def _cover(
    gen: Generator, kind: EdgeKind, sources: list[int], targets: list[int], extra: float
) -> list[Row]:
    """Links so every source serves some target and every target is served; then a few
    weaker extra links, as in a real X-matrix where a row has one or two marks."""
    if not sources or not targets:
        return []
    rng = gen.rng
    pairs: dict[tuple[int, int], Strength] = {}
    order = rng.sample(targets, len(targets))
    for i in range(max(len(sources), len(targets))):
        pair = (sources[i % len(sources)], order[i % len(order)])
        pairs.setdefault(pair, rng.choices(*FIRST_LINK)[0])
    for source in sources:
        if len(targets) > 1 and rng.random() < extra:
            pairs.setdefault((source, rng.choice(targets)), rng.choices(*EXTRA_LINK)[0])
    return [gen.edge(kind, s, t, strength) for (s, t), strength in pairs.items()]


def _owners(
    gen: Generator, unit: Unit, priorities: list[int], targets: list[int], last_is_unowned: bool
) -> Iterator[Row]:
    """One primary per priority and target, spread over the unit's people; now and then
    the manager takes one too many, a secondary helps, or a target has no primary."""
    rng, people = gen.rng, unit.people
    rotation = itertools.cycle(rng.sample(people, len(people)))
    for node in [*priorities, *targets]:
        primary: int | None = people[0] if rng.random() < 0.1 else next(rotation)
        # The company's last target has no primary on purpose, so there always is one.
        unowned = node in targets and (
            rng.random() < 0.015 or (last_is_unowned and node == targets[-1])
        )
        if unowned:
            primary = None
        else:
            yield _role(gen, node, primary, OwnerRole.PRIMARY)
        if len(people) > 1 and (unowned or rng.random() < 0.25):
            yield _role(
                gen, node, rng.choice([p for p in people if p != primary]), OwnerRole.SECONDARY
            )


def _role(gen: Generator, node: int, person: int | None, role: OwnerRole) -> Row:
    return {
        "id": next(gen.ids["responsibilities"]),
        "node_id": node,
        "person_id": person,
        "role": role.value,
    }


def _measurements(gen: Generator, targets: list[Target]) -> Iterator[Row]:
    """Twelve months of plan per target, from baseline to goal, and actuals for the
    months closed before as_of's month (none in January); a target's bias makes some
    run green and some red, and a few miss last month's actual."""
    rng, year, closed = gen.rng, gen.as_of.year, gen.as_of.month - 1
    for target in targets:
        base, goal = target.baseline, target.goal
        spread = abs(goal - base)
        sign = 1 if target.kpi.direction is Direction.UP else -1
        bias = rng.gauss(0, 0.2)
        digits = digits_for(base)
        missing_last = rng.random() < 0.03  # a review-rhythm finding
        for month in range(1, 13):
            plan = round(base + (goal - base) * month / 12, digits)
            actual: float | None = None
            if month <= closed and not (missing_last and month == closed):
                value = max(0.0, plan + sign * (bias + rng.uniform(-0.3, 0.25)) * spread)
                actual = round(min(value, 100.0) if target.kpi.uom == "%" else value, digits)
            yield {
                "id": next(gen.ids["measurements"]),
                "node_id": target.id,
                "month": month_key(year, month),
                "plan": plan,
                "actual": actual,
            }


# -- kaizens and their sustainment -------------------------------------------------------
