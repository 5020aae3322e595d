"""Commands that read a plan: show, trace, check."""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from itertools import pairwise
from typing import Any

from sqlalchemy import func, select

from hoshin.cli.common import YEAR_HELP, given_day, shown_year
from hoshin.model import entities as e
from hoshin.model.errors import NotFoundError, ValidationError
from hoshin.model.kinds import NodeKind
from hoshin.plan import Plan
from hoshin.reads.carried_figures import target_years
from hoshin.reads.checkup import check_report, render_text
from hoshin.reads.line_of_sight import carried_from
from hoshin.reads.trace import Step, Trace, trace
from hoshin.reads.units import UnitTree
from hoshin.rules import validate
from hoshin.rules.bowling import load_targets, month_status, months_of, year_to_date
from hoshin.text import formats


def register(sub: Any) -> None:
    p = sub.add_parser("show", help="the units of a plan, or one node with its links")
    p.add_argument("path", metavar="PATH")
    p.add_argument("code", metavar="CODE", nargs="?", help="a node or unit code")
    p.add_argument(
        "--year",
        type=int,
        metavar="YYYY",
        help="the plan's year to read (default: its current year), and a target's monthly "
        "figures of this year (default: the year of its latest figure)",
    )
    p.set_defaults(run=_show)

    p = sub.add_parser(
        "trace",
        help="line of sight: every path from a node up to a breakthrough objective",
        epilog="Prints the node, then what it serves above it as a tree (link, code, title, "
        "kind, unit, strength), then how many paths reach the top. A node with no line of "
        "sight is an answer too (exit 0).",
    )
    p.add_argument("path", metavar="PATH")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--year", type=validate.year, metavar="YYYY", help=YEAR_HELP)
    p.set_defaults(run=_trace)

    p = sub.add_parser("check", help="review checks and health measures")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--as-of", metavar="DATE", help="measure as of this date (default today)")
    p.add_argument("--window", type=int, metavar="DAYS", help="health window in days")
    p.add_argument("--year", type=validate.year, metavar="YYYY", help=YEAR_HELP)
    p.set_defaults(run=_check)


def _show(args: argparse.Namespace) -> int:
    with Plan.open(args.path) as plan:
        shown_year(plan, args.year, strict=False)
        if args.code is None:
            print(_units_text(plan))
        elif args.code.strip().upper() in plan.graph:
            print(_node_text(plan, args.code))
            node = plan.graph.node(plan.graph.id_of(args.code))
            if node.kind is NodeKind.TARGET:
                print(_figures_text(plan, node.id, args.year))
        else:
            with plan.session() as s:
                unit = s.execute(
                    select(e.Unit.id).where(e.Unit.code == args.code.strip().upper())
                ).scalar()
            if unit is None:
                raise NotFoundError(f"No node or unit {args.code.strip()} in this plan.")
            print(_unit_nodes_text(plan, unit))
    return 0


def _units_text(plan: Plan) -> str:
    tree = UnitTree.of(plan)
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for node in plan.graph.nodes():
        counts[node.unit_id][node.kind.value] += 1
    lines = [plan.name]

    def walk(parent: int | None, depth: int) -> None:
        for uid in sorted(tree.children.get(parent, []), key=tree.code):
            unit, c = tree.units[uid], counts[uid]
            summary = ", ".join(f"{n} {k}" for k, n in sorted(c.items()))
            head = f"{'  ' * depth}{unit.code:<10} {unit.name} ({unit.level})"
            lines.append(f"{head}{': ' + summary if c else ''}")
            walk(uid, depth + 1)

    walk(None, 0)
    return "\n".join(lines)


def _node_text(plan: Plan, code: str) -> str:
    g = plan.graph
    node_id = g.id_of(code)
    with plan.session() as s:
        row = s.execute(select(e.Node.__table__).where(e.Node.id == node_id)).mappings().one()
        unit = s.execute(select(e.Unit.code, e.Unit.name).where(e.Unit.id == row["unit_id"])).one()
        owners = s.execute(
            select(e.Person.key, e.Person.name, e.Responsibility.role)
            .join(e.Responsibility, e.Responsibility.person_id == e.Person.id)
            .where(e.Responsibility.node_id == node_id)
        ).all()
        titles = dict(
            s.execute(
                select(e.Node.id, e.Node.title).where(
                    e.Node.id.in_([*g.serves(node_id), *g.served_by(node_id)])
                )
            ).all()
        )
    lines = [
        f"{row['code']}  {row['title']}",
        f"  kind: {row['kind']}",
        f"  unit: {unit[0]} ({unit[1]})",
    ]
    skip = {"id", "code", "seq", "kind", "unit_id", "title", "function_id", "effect_target_id",
            "version", "previous_id"}  # fmt: skip
    for key, value in row.items():
        if key not in skip and value not in (None, ""):
            lines.append(f"  {key.replace('_', ' ')}: {_fmt(value)}")
    if row.get("previous_id"):  # an id means nothing to a person: the year it came from does
        with plan.session(all_years=True) as s:
            before = s.execute(
                select(e.Node.code, e.Node.year).where(e.Node.id == row["previous_id"])
            ).first()
        if before is not None:
            lines.append(f"  carried from: {before.code} of {before.year}")
    for key, name, role in owners:
        lines.append(f"  owner: {name} ({key}), {role}")
    for label, ids in (("serves", g.serves(node_id)), ("served by", g.served_by(node_id))):
        for other in sorted(ids, key=g.code):
            edge = g.edge_between(node_id, other) or g.edge_between(other, node_id)
            assert edge is not None
            strength = f", {edge.strength.value}" if edge.strength else ""
            lines.append(
                f"  {label}: {g.code(other)} ({edge.kind.value}{strength})  {titles.get(other, '')}"
            )
    return "\n".join(lines)


def _figures_text(plan: Plan, node_id: int, year: int | None) -> str:
    """The bowling chart of one target: twelve months of plan and actual, each judged
    green or red by the target's direction, and the year to date; before them, the same of
    each earlier year the target was carried from (hoshin/reads/carried_figures.py)."""
    m = e.Measurement
    with plan.session() as s:
        if year is None:
            latest = s.execute(select(func.max(m.month)).where(m.node_id == node_id)).scalar()
            # Without figures, the node's own year: a target just carried shows its new year.
            year = int(str(latest)[:4]) if latest else plan.year
        if not 1 <= year <= 9999:
            raise ValidationError(f"A year is written YYYY, not {year}.")
        unit_id = plan.graph.node(node_id).unit_id
        row = next(r for r in load_targets(s, year, [unit_id]) if r.id == node_id)
    chain = target_years(plan, node_id)
    blocks = [
        _months_text(y.year, y.plan, y.actual, y.direction, y.aggregation, y.code, into=after.year)
        for y, after in pairwise(chain)
        if y.year < year
    ]
    notes = {m: row.derived_note(m) for m in row.derived}
    blocks.append(
        _months_text(
            year, row.plan, row.actual, row.direction, row.aggregation, row.code, notes=notes
        )
    )
    return "\n".join(blocks)


def _months_text(
    year: int,
    plans: dict[str, float | None],
    actuals: dict[str, float | None],
    direction: str,
    how: str,
    code: str,
    *,
    into: int | None = None,
    notes: dict[str, str] | None = None,
) -> str:
    """One year's twelve months of plan and actual, each judged, and the year to date;
    ``into``: the year this one's target was carried into; ``notes``: months whose actual
    is derived from daily or weekly values, and how ("derived from 22 daily values")."""
    note = f"  (carried into {into})" if into is not None else ""
    if not plans and not actuals:
        if into is not None:
            return f"  monthly figures {year}: none{note}"
        return (
            f"  monthly figures {year}: none (hoshin measure PATH {code} --month "
            f"{year}-MM --plan N --actual N)"
        )
    months = months_of(year)
    lines = [f"  monthly figures {year}:    plan  actual{note}"]
    for month in months:
        planned, actual = plans.get(month), actuals.get(month)
        status = month_status(direction, planned, actual)
        judged = f"  {status.mark} {status.value}" if status is not None else ""
        figures = f"{formats.number(planned):>10}  {formats.number(actual):>6}"
        derived = (notes or {}).get(month)
        said = f"  ({derived})" if derived else ""
        lines.append(f"    {month}  {figures}{judged}{said}")
    ytd_plan, ytd_actual = year_to_date(how, plans, actuals, months)
    status = month_status(direction, ytd_plan, ytd_actual)
    judged = f"  {status.mark} {status.value}" if status is not None else ""
    lines.append(
        f"  year to date ({how}): plan {formats.number(ytd_plan)}, "
        f"actual {formats.number(ytd_actual)}{judged}"
    )
    return "\n".join(lines)


def _unit_nodes_text(plan: Plan, unit_id: int) -> str:
    with plan.session() as s:
        unit = s.execute(select(e.Unit.code, e.Unit.name).where(e.Unit.id == unit_id)).one()
        rows = s.execute(
            select(e.Node.code, e.Node.kind, e.Node.title)
            .where(e.Node.unit_id == unit_id)
            .order_by(e.Node.kind, e.Node.seq)
        ).all()
    lines = [f"{unit[0]}  {unit[1]}"]
    lines += [f"  {code:<8} {kind:<12} {title}" for code, kind, title in rows]
    return "\n".join(lines)


def _fmt(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _trace(args: argparse.Namespace) -> int:
    with Plan.open(args.path) as plan:
        shown_year(plan, args.year)
        node_id = plan.graph.id_of(args.code)
        with plan.session() as s:
            found = trace(s, plan.graph, node_id)
        carried = carried_from(plan, node_id)
    if args.json:
        print(json.dumps(found.as_dict() | {"carried_from": carried}, indent=2, ensure_ascii=False))
    else:
        lines = trace_lines(found)
        if carried is not None:  # its line of sight of last year: `trace --year`
            lines.append(f"{found.root.code} was carried from {carried}.")
        print("\n".join(lines))
    return 0


def _step_text(step: Step) -> str:
    details = ", ".join(x for x in (step.kind, step.unit, step.strength) if x)
    link = f"{step.link} " if step.link else ""
    return f"{link}{step.code}  {step.title}  ({details})"


def trace_lines(found: Trace) -> list[str]:
    """The node, what it serves as a tree (└─ ├─), and the answer in one sentence."""
    root = found.root
    lines = [_step_text(root)]

    def walk(step: Step, prefix: str) -> None:
        for i, above in enumerate(step.above):
            last = i == len(step.above) - 1
            lines.append(f"{prefix}{'└─' if last else '├─'} {_step_text(above)}")
            walk(above, prefix + ("   " if last else "│  "))

    walk(root, "")
    if root.top:
        lines.append(f"{root.code} is a top breakthrough objective: every line of sight ends here.")
    elif not root.above:
        lines.append(f"{root.code} serves nothing: no line of sight.")
    elif not found.sighted:
        ends = sorted({path[-1].code for path in _dead_ends(root)})
        lines.append(
            f"{root.code} has no line of sight: nothing above it leads to a breakthrough "
            f"objective (it ends at {', '.join(ends)})."
        )
    else:
        tops = sorted({path[-1].code for path in found.paths})
        count = len(found.paths)
        lines.append(
            f"{count} path{'' if count == 1 else 's'} to the top: {', '.join(tops)}."
            + (f" {found.left_out} more branches left out." if found.left_out else "")
        )
    return lines


def _dead_ends(root: Step) -> list[list[Step]]:
    """The paths up from ``root`` that stop below any breakthrough objective."""
    out: list[list[Step]] = []
    stack = [[root]]
    while stack:
        path = stack.pop()
        if not path[-1].above:
            out.append(path)
        stack.extend([*path, above] for above in path[-1].above)
    return out


def _check(args: argparse.Namespace) -> int:
    as_of = given_day(args.as_of)
    if args.window is not None and args.window <= 0:
        raise ValidationError("The window must be a positive number of days.")
    with Plan.open(args.path) as plan:
        shown_year(plan, args.year)
        report = check_report(plan, as_of=as_of, window=args.window)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(render_text(report))
    return 0
