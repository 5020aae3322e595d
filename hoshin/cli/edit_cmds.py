"""Commands that change a plan's nodes and links: add, set, link, unlink, node delete."""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy import select

from hoshin.cli.common import add_quiet, open_plan, say
from hoshin.model import entities as e
from hoshin.model.errors import ValidationError
from hoshin.model.kinds import EdgeKind, NodeKind, OwnerRole, Strength
from hoshin.operations import (
    AddNode,
    Assign,
    Batch,
    DeleteNode,
    Operation,
    SetLink,
    Unlink,
    UpdateNode,
)
from hoshin.operations.links import LinkSet
from hoshin.plan import Plan
from hoshin.reads.removal import removal
from hoshin.rules.validate import choice
from hoshin.text import formats

# option name -> node field, for the options `add` and `set` share
NODE_OPTIONS: dict[str, str] = {
    "description": "description",
    "function": "function",
    "start": "start_date",
    "due": "due_date",
    "unit_of_measure": "unit_of_measure",
    "direction": "direction",
    "baseline": "baseline",
    "goal": "goal",
    "aggregation": "aggregation",
    "status": "status",
    "origin": "origin",
    "type": "kaizen_type",
    "end": "end_date",
    "effect_on": "effect_target",
    "expected_effect": "expected_effect",
}

#: How a field reads in a confirmation ("KZ-4: status in progress, due 2026-09-30").
FIELD_WORDS = {
    "start_date": "start",
    "due_date": "due",
    "end_date": "end",
    "unit_of_measure": "unit of measure",
    "kaizen_type": "type",
    "effect_target": "target it moves",
    "expected_effect": "expected effect",
}

DASH_NOTE = "A value may start with '-': --goal -1e3, --title -2+3 (--title=… works too)."


def _node_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--description", metavar="TEXT")
    p.add_argument("--function", metavar="NAME", help="business function (kaizens)")
    p.add_argument("--start", metavar="DATE", help="start date, YYYY-MM-DD")
    p.add_argument("--due", metavar="DATE", help="due date, YYYY-MM-DD")
    p.add_argument("--unit-of-measure", metavar="TEXT", help="target: unit, e.g. %% or days")
    p.add_argument("--direction", metavar="up|down", help="target: higher or lower is better")
    p.add_argument("--baseline", metavar="N", help="target: where it stands")
    p.add_argument("--goal", metavar="N", help="target: where it must get to")
    p.add_argument(
        "--aggregation",
        metavar="HOW",
        help="target: how months add up to the year to date: sum, average, last, min or max",
    )
    p.add_argument(
        "--status",
        metavar="STATUS",
        help="kaizen: idea, approved, in progress (or in-progress), done, sustained, …",
    )
    p.add_argument("--origin", metavar="ORIGIN", help="kaizen: top-down, bottom-up or joint")
    p.add_argument("--type", metavar="TYPE", help="kaizen: event, project or daily")
    p.add_argument("--end", metavar="DATE", help="kaizen: end date, YYYY-MM-DD")
    p.add_argument("--effect-on", metavar="CODE", help="kaizen: the target it should move")
    p.add_argument("--expected-effect", metavar="TEXT", help="kaizen: e.g. '-2 days'")


def _given(args: argparse.Namespace) -> dict[str, Any]:
    return {
        field: getattr(args, option)
        for option, field in NODE_OPTIONS.items()
        if getattr(args, option) is not None
    }


def register(sub: Any) -> None:
    p = sub.add_parser(
        "add",
        help="add a node; prints what it added (-q: only its code)",
        epilog=f"{DASH_NOTE} Scripts: CODE=$(hoshin add … -q).",
    )
    p.add_argument("path", metavar="PATH")
    p.add_argument("kind", metavar="KIND", help="breakthrough, annual, priority, target, kaizen")
    p.add_argument("--unit", required=True, metavar="CODE")
    p.add_argument("--title", required=True, metavar="TEXT")
    p.add_argument("--supports", action="append", default=[], metavar="CODE")
    p.add_argument("--measures", action="append", default=[], metavar="CODE")
    p.add_argument(
        "--strength", metavar="HOW", help="of the --supports/--measures links: strong, medium, weak"
    )
    p.add_argument("--rationale", metavar="TEXT", help="of the --supports/--measures links")
    _node_options(p)
    add_quiet(p)
    p.set_defaults(run=_add)

    p = sub.add_parser("set", help="change fields of a node", epilog=DASH_NOTE)
    p.add_argument("path", metavar="PATH")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--title", metavar="TEXT")
    p.add_argument("--unit", metavar="CODE", help="move the node to another unit")
    p.add_argument("--owner", metavar="PERSON", help="primary owner (key or name)")
    p.add_argument("--secondary-owner", metavar="PERSON")
    _node_options(p)
    add_quiet(p)
    p.set_defaults(run=_set)

    p = sub.add_parser(
        "link",
        help="link two nodes, or change the strength or rationale of their link",
        epilog="A link already there keeps its kind; --strength and --rationale change it.",
    )
    p.add_argument("path", metavar="PATH")
    p.add_argument("source", metavar="FROM")
    p.add_argument("target", metavar="TO")
    p.add_argument("--kind", metavar="KIND", help="supports, measures or deploys (default: "
                   "the one the two kinds of node allow)")  # fmt: skip
    p.add_argument("--strength", metavar="HOW", help="strong, medium or weak")
    p.add_argument("--rationale", metavar="TEXT", help="why the link holds")
    add_quiet(p)
    p.set_defaults(run=_link)

    p = sub.add_parser("unlink", help="remove the link between two nodes")
    p.add_argument("path", metavar="PATH")
    p.add_argument("source", metavar="FROM")
    p.add_argument("target", metavar="TO")
    add_quiet(p)
    p.set_defaults(run=_unlink)

    node = sub.add_parser("node", help="nodes: delete")
    node_sub = node.add_subparsers(dest="node_command", metavar="ACTION", required=True)
    p = node_sub.add_parser(
        "delete",
        help="delete a node with its links, owners, figures and threads",
        epilog="A node with nothing attached goes at once. When links, owners, monthly "
        "figures, countermeasures, sustainment records or catchball threads would go with "
        "it, the command names them and deletes only with --yes. The audit log keeps every "
        "row deleted; in the app, Edit ▸ Undo brings them back.",
    )
    p.add_argument("path", metavar="PATH")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--yes", action="store_true", help="also when more than the node goes")
    add_quiet(p)
    p.set_defaults(run=_delete)


def _execute(plan: Plan, op: Operation) -> Any:
    return plan.execute(op).result


def _links_text(plan: Plan, node_id: int) -> str:
    """ "supports AO-1 (strong), measures BT-2": what a node serves, as a sentence part."""
    g = plan.graph
    parts = []
    for other in sorted(g.serves(node_id), key=g.code):
        edge = g.edge_between(node_id, other) or g.edge_between(other, node_id)
        assert edge is not None
        verb = "deployed from" if edge.kind is EdgeKind.DEPLOYS else edge.kind.value
        strength = f" ({edge.strength.value})" if edge.strength else ""
        parts.append(f"{verb} {g.code(other)}{strength}")
    return ", ".join(parts)


def _add(args: argparse.Namespace) -> int:
    kind = choice(NodeKind, args.kind, "kind")
    strength = None if args.strength is None else choice(Strength, args.strength, "strength")
    links = [*args.supports, *args.measures]
    if (strength is not None or args.rationale) and not links:
        raise ValidationError("--strength and --rationale are for --supports or --measures links.")
    op = AddNode(
        kind,
        args.unit,
        args.title,
        _given(args),
        links=links,
        strength=strength,
        rationale=args.rationale or "",
    )
    with open_plan(args.path) as plan:
        code = _execute(plan, op)
        node_id = plan.graph.id_of(code)
        unit = _unit_code(plan, node_id)
        serves = _links_text(plan, node_id)
    sentence = f"{code} added: {kind.value} “{args.title.strip()}” in {unit}"
    say(args, sentence + (f"; {serves}" if serves else ""), bare=code)
    return 0


def _unit_code(plan: Plan, node_id: int) -> str:
    with plan.session() as s:
        return str(
            s.execute(
                select(e.Unit.code)
                .join(e.Node, e.Node.unit_id == e.Unit.id)
                .where(e.Node.id == node_id)
            ).scalar_one()
        )


def _set(args: argparse.Namespace) -> int:
    fields = _given(args)
    if args.title is not None:
        fields["title"] = args.title
    if args.unit is not None:
        fields["unit"] = args.unit
    ops: list[Operation] = []
    if fields:
        ops.append(UpdateNode(args.code, fields))
    if args.owner:
        ops.append(Assign(args.code, args.owner, OwnerRole.PRIMARY))
    if args.secondary_owner:
        ops.append(Assign(args.code, args.secondary_owner, OwnerRole.SECONDARY))
    if not ops:
        raise ValidationError("Nothing to change: give at least one option, e.g. --title.")
    with open_plan(args.path) as plan:
        _execute(plan, Batch(f"Change {args.code}", ops))
        code = plan.graph.code(plan.graph.id_of(args.code))
        said = _fields_text(plan, code, list(fields))
    if args.owner:
        said.append(f"primary owner {args.owner.strip()}")
    if args.secondary_owner:
        said.append(f"secondary owner {args.secondary_owner.strip()}")
    say(args, f"{code}: " + ", ".join(said))
    return 0


def _fields_text(plan: Plan, code: str, fields: list[str]) -> list[str]:
    """Each changed field with the value now stored ("status in progress", "goal 22")."""
    with plan.session() as s:
        row = (
            s.execute(select(e.Node.__table__).where(e.Node.id == plan.graph.id_of(code)))
            .mappings()
            .one()
        )
        out = []
        for field in fields:
            name = FIELD_WORDS.get(field, field)
            if field == "unit":
                value: object = s.execute(
                    select(e.Unit.code).where(e.Unit.id == row["unit_id"])
                ).scalar()
            elif field == "function":
                value = s.execute(
                    select(e.Function.name).where(e.Function.id == row["function_id"])
                ).scalar()
            elif field == "effect_target":
                target = row["effect_target_id"]
                value = plan.graph.code(target) if target is not None else None
            elif field == "title":
                value = f"“{row['title']}”"
            else:
                value = row[field]
            if isinstance(value, float):
                value = formats.number(value)
            out.append(f"{name} {'–' if value in (None, '') else value}")
    return out


def _link(args: argparse.Namespace) -> int:
    op = SetLink(args.source, args.target, args.kind, args.strength, args.rationale)
    with open_plan(args.path) as plan:
        done: LinkSet = _execute(plan, op)
        g = plan.graph
        source, target = g.code(g.id_of(args.source)), g.code(g.id_of(args.target))
    verb = "deploys to" if done.kind is EdgeKind.DEPLOYS else done.kind.value
    strength = f" ({done.strength.value})" if done.strength else ""
    why = f", rationale “{done.rationale}”" if done.rationale else ""
    if done.created:
        say(args, f"{source} now {verb} {target}{strength}{why}")
        return 0
    changed = []
    if args.strength is not None and done.strength is not None:
        changed.append(f"strength {done.strength.value}")
    if args.rationale is not None:
        changed.append(f"rationale “{done.rationale}”" if done.rationale else "rationale cleared")
    say(args, f"{source} {verb} {target}: {', '.join(changed)}")
    return 0


def _unlink(args: argparse.Namespace) -> int:
    with open_plan(args.path) as plan:
        g = plan.graph
        source, target = g.id_of(args.source), g.id_of(args.target)
        edge = g.edge_between(source, target)
        _execute(plan, Unlink(args.source, args.target))
    assert edge is not None  # Unlink refused otherwise
    verb = "deploys to" if edge.kind is EdgeKind.DEPLOYS else edge.kind.value
    say(args, f"{g.code(source)} no longer {verb} {g.code(target)}")
    return 0


def _delete(args: argparse.Namespace) -> int:
    with open_plan(args.path) as plan:
        node_id = plan.graph.id_of(args.code)
        with plan.session() as s:
            going = removal(s, plan.graph, node_id)
        parts = going.parts()
        if not going.alone and not args.yes:
            raise ValidationError(
                f"Deleting {going.code} also removes {'; '.join(parts)}. Add --yes to delete "
                "it with them."
            )
        _execute(plan, DeleteNode(going.code))
    with_ = f", with {'; '.join(parts)}" if parts else ""
    say(args, f"Deleted {going.code} “{going.title}”{with_}")
    return 0
