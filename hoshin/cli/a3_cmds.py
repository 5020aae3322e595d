"""``hoshin a3 new|show|set|pdf``: the A3 of a node from the command line.

``pdf`` draws the A3 page with Qt, so the desktop shell (app/cli.py) lends the writer with
:func:`add_pdf_writer`, as it does for the review; ``python -m hoshin`` says it cannot.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hoshin.cli.common import add_quiet, open_plan, say
from hoshin.model.a3_sections import SIX_M_WORDS
from hoshin.model.errors import HoshinError, ValidationError
from hoshin.operations import (
    AddA3Row,
    DeleteA3,
    LinkA3,
    NewA3,
    Operation,
    RemoveA3Row,
    SetA3Section,
    UnlinkA3,
)
from hoshin.reads.a3 import A3Doc, list_a3s, read_a3
from hoshin.rules.years import shown_year
from hoshin.store import outputs
from hoshin.store.storage import is_url
from hoshin.text.formats import figure
from hoshin.text.wording import count

if TYPE_CHECKING:
    from hoshin.cli.main import Commands

#: Writes an A3 to a PDF file (the shell's, drawn by Qt).
PdfWriter = Callable[[A3Doc, Path], None]


def register(sub: Any) -> None:
    top = sub.add_parser("a3", help="the A3 of a node: a one-page problem or strategy document")
    a3 = top.add_subparsers(dest="action", metavar="ACTION", required=True)

    p = a3.add_parser("new", help="start the A3 of a node")
    p.add_argument("path", metavar="PATH")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--kind", choices=("problem", "strategy"), help="default: by the node's kind")
    p.add_argument("--title", metavar="TEXT", help="default: the node's title")
    add_quiet(p)
    p.set_defaults(run=_new)

    p = a3.add_parser("show", help="an A3 (or, without CODE, every A3 of the plan)")
    p.add_argument("path", metavar="PATH")
    p.add_argument("code", nargs="?", metavar="CODE")
    p.add_argument(
        "--year", type=int, metavar="YYYY", help="year of the figures (default: the plan's)"
    )
    p.add_argument("--json", action="store_true", help="as JSON")
    p.set_defaults(run=_show)

    p = a3.add_parser(
        "set",
        help="write a section, or add, remove or link one row (one change per call)",
        description="Sections: title; problem A3s: background, current, goal, analysis, "
        "follow-up; strategy A3s: why, current, goal, plan, owners, risks. Causes are filed "
        "under one of the 6 Ms: " + ", ".join(SIX_M_WORDS) + ".",
    )
    p.add_argument("path", metavar="PATH")
    p.add_argument("code", metavar="CODE")
    p.add_argument("section", nargs="?", metavar="SECTION")
    p.add_argument("text", nargs="?", metavar="TEXT", help="the section's text ('' clears)")
    p.add_argument("--why", metavar="TEXT", help="add the next of the 5 whys")
    p.add_argument("--cause", nargs=2, metavar=("M", "TEXT"), help="add a fishbone cause")
    p.add_argument("--step", metavar="WHAT", help="add a step of the implementation plan")
    p.add_argument("--who", metavar="PERSON", help="of --step: key or name")
    p.add_argument("--when", metavar="YYYY-MM-DD", help="of --step")
    p.add_argument("--remove-row", type=int, metavar="ID", help="a row, by its id (a3 show)")
    p.add_argument("--link", metavar="ID|KAIZEN", help="a countermeasure id or a kaizen code")
    p.add_argument("--unlink", metavar="ID|KAIZEN")
    p.add_argument("--delete", action="store_true", help="delete the whole A3")
    add_quiet(p)
    p.set_defaults(run=_set)

    p = a3.add_parser("pdf", help="the A3 as one A3 landscape page (PDF)")
    p.add_argument("path", metavar="PATH")
    p.add_argument("code", metavar="CODE")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="a3.pdf")
    p.add_argument(
        "--year", type=int, metavar="YYYY", help="year of the figures (default: the plan's)"
    )
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.set_defaults(run=_pdf)
    top.set_defaults(write_a3_pdf=None)


def add_pdf_writer(commands: Commands, write: PdfWriter) -> None:
    """Let ``a3 pdf`` write with ``write`` (the shell's, drawn by Qt)."""
    commands.choices["a3"].set_defaults(write_a3_pdf=write)


def _new(args: argparse.Namespace) -> int:
    with open_plan(args.path) as plan:
        plan.execute(NewA3(args.code, args.kind, args.title))
        doc = read_a3_of(plan, args.code, None)
    say(args, f"A3 started on {doc.code}: {doc.kind} A3 “{doc.title}”", bare=doc.code)
    return 0


def read_a3_of(plan: Any, code: str, year: int | None) -> A3Doc:
    with plan.session() as session:
        return read_a3(session, plan.graph, code, year or shown_year(session))


def _link_args(value: str) -> dict[str, Any]:
    text = value.strip()
    if text.isdigit():
        return {"countermeasure": int(text)}
    return {"kaizen": text}


def _set_op(args: argparse.Namespace) -> tuple[Operation, str]:
    code = args.code
    wanted: list[tuple[Operation, str]] = []
    if args.section is not None:
        if args.text is None:
            raise ValidationError(f"Give the text of {args.section} ('' clears it).")
        op = SetA3Section(code, args.section, args.text)
        wanted.append((op, f"{args.section.strip().lower()} written"))
    if args.why is not None:
        wanted.append((AddA3Row(code, "why", args.why), "why added"))
    if args.cause is not None:
        m, text = args.cause
        wanted.append((AddA3Row(code, "cause", text, category=m), f"cause ({m}) added"))
    if args.step is not None:
        wanted.append(
            (AddA3Row(code, "step", args.step, owner=args.who, due=args.when), "step added")
        )
    elif args.who is not None or args.when is not None:
        raise ValidationError("--who and --when go with --step.")
    if args.remove_row is not None:
        wanted.append((RemoveA3Row(code, args.remove_row), f"row {args.remove_row} removed"))
    if args.link is not None:
        wanted.append((LinkA3(code, **_link_args(args.link)), f"now links {args.link}"))
    if args.unlink is not None:
        wanted.append((UnlinkA3(code, **_link_args(args.unlink)), f"no longer links {args.unlink}"))
    if args.delete:
        wanted.append((DeleteA3(code), "deleted"))
    if len(wanted) != 1:
        raise ValidationError(
            "Give one change: SECTION TEXT, --why, --cause, --step, --remove-row, --link, "
            "--unlink or --delete."
        )
    return wanted[0]


def _set(args: argparse.Namespace) -> int:
    op, done = _set_op(args)
    with open_plan(args.path) as plan:
        result = plan.execute(op).result
        code = plan.graph.code(plan.graph.id_of(args.code))
    say(args, f"A3 of {code}: {done}", bare=result)
    return 0


def _show(args: argparse.Namespace) -> int:
    with open_plan(args.path) as plan:
        if args.code is None:
            with plan.session() as session:
                lines = list_a3s(session, plan.graph)
            if args.json:
                print(json.dumps([line.__dict__ for line in lines], ensure_ascii=False, indent=2))
            elif not lines:
                print("No A3 in this plan.")
            for a in [] if args.json else lines:
                print(
                    f"{a.code} ({a.unit}) {a.kind}: {a.title} — {count(a.whys, 'why', 'whys')}, "
                    f"{count(a.causes, 'cause')}, {count(a.steps, 'step')}, {a.links} linked"
                )
            return 0
        doc = read_a3_of(plan, args.code, args.year)
    print(json.dumps(as_dict(doc), ensure_ascii=False, indent=2) if args.json else as_text(doc))
    return 0


def as_dict(doc: A3Doc) -> dict[str, Any]:
    return {
        "code": doc.code,
        "unit": doc.unit,
        "kind": doc.kind,
        "title": doc.title,
        "sections": {s.key: s.text for s in doc.sections},
        "whys": [{"id": r.id, "text": r.text} for r in doc.whys],
        "causes": [{"id": r.id, "m": r.category, "text": r.text} for r in doc.causes],
        "steps": [
            {
                "id": r.id,
                "what": r.text,
                "who": r.who,
                "when": r.when.isoformat() if r.when else None,
            }
            for r in doc.steps
        ],
        "links": [
            {
                "countermeasure": link.countermeasure_id,
                "kaizen": link.kaizen,
                "text": link.text,
                "state": link.state,
            }
            for link in doc.links
        ],
        "follow_up": {
            "target": doc.figures.code if doc.figures else None,
            "months": [
                {"month": m, "plan": p, "actual": a, "status": s.value if s else None}
                for m, p, a, s in doc.follow_up()
            ],
        },
    }


def as_text(doc: A3Doc) -> str:
    """The A3 for a terminal: its sections, lists (with row ids) and figures."""
    out = [f"A3 of {doc.code} ({doc.unit}) — {doc.kind} — {doc.title}"]
    for s in doc.sections:
        out.append(f"\n{s.heading}:")
        out += [f"  {line}" for line in (s.text.splitlines() or ["–"])]
    if doc.kind == "problem" or doc.whys or doc.causes:
        out.append("\n5 whys:")
        out += [f"  [{r.id}] {i}. {r.text}" for i, r in enumerate(doc.whys, 1)] or ["  –"]
        out.append("Causes (6 Ms):")
        out += [f"  [{r.id}] {r.category}: {r.text}" for r in doc.causes] or ["  –"]
    out.append("Implementation plan:")
    out += [
        f"  [{r.id}] {r.text} — {r.who or 'nobody yet'}, "
        + (r.when.isoformat() if r.when else "no date")
        for r in doc.steps
    ] or ["  –"]
    out.append("Countermeasures:")
    out += [
        f"  countermeasure {link.countermeasure_id} ({link.month}, {link.state}): {link.text}"
        if link.countermeasure_id is not None
        else f"  {link.kaizen} ({link.state}): {link.text}"
        for link in doc.links
    ] or ["  –"]
    if doc.figures is not None:
        out.append(f"Follow-up: {doc.figures.code}, plan / actual per month:")
        out += [
            f"  {m}  {figure(p)} / {figure(a)}{f'  {s.mark}' if s else ''}"
            for m, p, a, s in doc.follow_up()
        ]
    return "\n".join(out)


def _pdf(args: argparse.Namespace) -> int:
    out = Path(args.output)
    if out.suffix.lower() != ".pdf":
        raise ValidationError("The A3 is written as a .pdf; give a file name ending in .pdf.")
    outputs.guard(out, reading=[] if is_url(args.path) else [args.path], force=args.force)
    if not out.parent.exists():
        raise ValidationError(f"The folder {out.parent} does not exist.")
    with open_plan(args.path) as plan:
        doc = read_a3_of(plan, args.code, args.year)
    write: PdfWriter | None = args.write_a3_pdf
    if write is None:
        raise HoshinError(
            "The A3 as a PDF needs the desktop app: run the installed 'hoshin' command."
        )
    write(doc, out)
    print(f"Wrote {out}: the A3 of {doc.code}")
    return 0
