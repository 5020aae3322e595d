"""``hoshin new`` and ``demo``: creating plans (``open`` is the desktop shell's, app/cli.py)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from hoshin.plan import Plan
from hoshin.store import new_file
from hoshin.store.masking import is_url, without_password


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


def _new(args: argparse.Namespace) -> int:
    with Plan.create(args.path, args.org) as plan:
        print(f"Created {without_password(args.path)} for {plan.name}.")
    return 0


def _demo(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if is_url(args.path):
        nodes = _write_demo(args, args.path)
    else:
        # Built under a hidden name and renamed into place when complete, as an import is:
        # an enterprise plan takes minutes, and a killed run must not leave a plan that
        # opens as a valid, nearly empty company.
        with new_file.building(Path(args.path)) as tmp:
            nodes = _write_demo(args, str(tmp))
    took = time.perf_counter() - started
    print(f"Wrote {without_password(args.path)}: {nodes:,} nodes in {took:.1f} s.")
    return 0


def _write_demo(args: argparse.Namespace, location: str) -> int:
    """Write the sample plan at ``location``; its node count (the plan is closed after)."""
    if args.size == "enterprise":
        from hoshin.enterprise import generate_enterprise

        def progress(stage: str, done: int, total: int) -> None:
            print(f"\r{stage}: {done:,}/{total:,}    ", end="", file=sys.stderr, flush=True)

        plan = generate_enterprise(location, seed=args.seed, progress=progress)
        print(file=sys.stderr)
    else:
        from hoshin.demo import write_demo

        plan = write_demo(location, seed=args.seed)
    with plan:
        return len(plan.graph)
