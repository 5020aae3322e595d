"""Commands that read a plan: show, trace, check."""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import select

from hoshin import entities as e
from hoshin import validate
from hoshin.checkup import check_report, render_text
from hoshin.errors import NotFoundError, ValidationError
from hoshin.plan import Plan


def register(sub: Any) -> None:
    p = sub.add_parser("show", help="the units of a plan, or one node with its links")
    p.add_argument("path", metavar="PATH")
    p.add_argument("code", metavar="CODE", nargs="?", help="a node or unit code")
    p.set_defaults(run=_show)

    p = sub.add_parser("trace", help="line of sight: from a node up to a breakthrough")
    p.add_argument("path", metavar="PATH")
    p.add_argument("code", metavar="CODE")
    p.set_defaults(run=_trace)

    p = sub.add_parser("check", help="review checks and health measures")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--as-of", metavar="DATE", help="measure as of this date (default today)")
    p.add_argument("--window", type=int, metavar="DAYS", help="health window in days")
    p.set_defaults(run=_check)


def _show(args: argparse.Namespace) -> int:
    with Plan.open(args.path) as plan:
        if args.code is None:
            print(_units_text(plan))
        elif args.code.strip().upper() in plan.graph:
            print(_node_text(plan, args.code))
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
    with plan.session() as s:
        units = s.execute(
            select(e.Unit.id, e.Unit.code, e.Unit.name, e.Unit.parent_id, e.Unit.level)
        ).all()
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for node in plan.graph.nodes():
        counts[node.unit_id][node.kind.value] += 1
    children: dict[int | None, list[tuple]] = defaultdict(list)
    for row in units:
        children[row[3]].append(row)
    lines = [plan.name]

    def walk(parent: int | None, depth: int) -> None:
        for uid, code, name, _p, level in sorted(children[parent], key=lambda r: r[1]):
            c = counts[uid]
            summary = ", ".join(f"{n} {k}" for k, n in sorted(c.items()))
            lines.append(f"{'  ' * depth}{code:<10} {name} ({level}){': ' + summary if c else ''}")
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
    skip = {"id", "code", "seq", "kind", "unit_id", "title", "function_id", "effect_target_id"}
    for key, value in row.items():
        if key not in skip and value not in (None, ""):
            lines.append(f"  {key.replace('_', ' ')}: {_fmt(value)}")
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
        g = plan.graph
        node_id = g.id_of(args.code)
        path = g.line_of_sight(node_id)
        if len(path) == 1 and not g.is_top(node_id):
            raise ValidationError(
                f"{g.code(node_id)} has no line of sight: nothing it serves leads up to a "
                "breakthrough objective."
            )
        for step in path:
            print(g.code(step))
    return 0


def _check(args: argparse.Namespace) -> int:
    as_of = validate.date(args.as_of, "as-of date")
    if args.window is not None and args.window <= 0:
        raise ValidationError("The window must be a positive number of days.")
    with Plan.open(args.path) as plan:
        report = check_report(plan, as_of=as_of, window=args.window)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(render_text(report))
    return 0
