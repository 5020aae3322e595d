"""``hoshin new``, ``demo`` and ``open``: creating plans and starting the app."""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from typing import Any

from hoshin.model.errors import HoshinError, ValidationError
from hoshin.plan import Plan
from hoshin.store.masking import without_password


def register(sub: Any) -> None:
    p = sub.add_parser("new", help="create an empty plan")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--org", required=True, metavar="NAME", help="name of the organisation")
    p.set_defaults(run=_new)

    p = sub.add_parser("demo", help="write a sample plan")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--size", choices=("small", "enterprise"), default="small")
    p.add_argument("--seed", type=int, default=1, metavar="N")
    p.set_defaults(run=_demo)

    p = sub.add_parser("open", help="open a plan in the desktop app")
    p.add_argument("path", metavar="PATH", nargs="?")
    p.set_defaults(run=lambda a: start_app(a.path))


def _new(args: argparse.Namespace) -> int:
    with Plan.create(args.path, args.org) as plan:
        print(f"Created {without_password(args.path)} for {plan.name}.")
    return 0


def _demo(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if args.size == "enterprise":
        from hoshin.enterprise import generate_enterprise

        def progress(stage: str, done: int, total: int) -> None:
            print(f"\r{stage}: {done:,}/{total:,}    ", end="", file=sys.stderr, flush=True)

        plan = generate_enterprise(args.path, seed=args.seed, progress=progress)
        print(file=sys.stderr)
    else:
        from hoshin.demo import write_demo

        plan = write_demo(args.path, seed=args.seed)
    with plan:
        nodes = len(plan.graph)
        took = time.perf_counter() - started
        print(f"Wrote {without_password(args.path)}: {nodes:,} nodes in {took:.1f} s.")
    return 0


def start_app(path: str | None) -> int:
    """Start the desktop app. Imported by name so the core never depends on Qt."""
    try:
        gui = importlib.import_module("app.main")
    except ImportError as exc:
        raise HoshinError(f"The desktop app cannot start: {exc}.") from exc
    if path is not None and not path.strip():
        raise ValidationError("Give the path of a plan to open.")
    return int(gui.main([path] if path else []))
