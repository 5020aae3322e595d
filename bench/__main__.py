"""Run the benchmark: ``python -m bench [--size small|enterprise] [--json FILE]``.

The enterprise plan is generated once into out/ and reused by later runs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from bench import core
from bench.figures import Figure, machine_reading, render
from hoshin.plan import Plan

OUT = Path("out")


def plan_path(size: str, seed: int) -> Path:
    path = OUT / f"bench-{size}-{seed}.hoshin"
    if path.exists():
        return path
    OUT.mkdir(exist_ok=True)
    started = time.perf_counter()
    print(f"Generating the {size} plan into {path} …", file=sys.stderr)
    if size == "enterprise":
        from hoshin.enterprise import generate_enterprise

        generate_enterprise(path, seed=seed).close()
    else:
        from hoshin.demo import write_demo

        write_demo(path, seed=seed).close()
    print(f"  done in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--size", choices=("small", "enterprise"), default="enterprise")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5, help="repetitions per figure")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated groups: core,export,app,years,lsw,tracking,reminders,huddle,rhythm",
    )
    args = parser.parse_args(argv)
    every = {"core", "export", "app", "years", "lsw", "tracking", "reminders", "huddle", "rhythm"}
    groups = set(filter(None, args.only.split(","))) or every

    path = plan_path(args.size, args.seed)
    reading = machine_reading()
    figures: list[Figure] = []
    if "core" in groups:
        figures.append(core.open_plan(path, args.repeat))
        with Plan.open(path) as plan:
            figures.append(core.line_of_sight(plan))
            figures.append(core.full_check(plan, args.repeat))
    if "export" in groups:
        from bench import export

        figures.extend(export.figures(path, max(1, args.repeat // 2)))
    if "app" in groups:
        from bench import app

        figures.extend(app.figures(path, args.repeat))
    if "years" in groups:
        from bench import years

        figures.extend(years.figures(path, max(1, args.repeat // 2)))
    if "tracking" in groups:
        from bench import tracking

        figures.extend(tracking.figures(path, args.repeat))

    if "lsw" in groups:
        from bench import standard_work

        figures.extend(standard_work.figures(path, args.repeat))

    if "reminders" in groups:
        from bench import reminders

        figures.extend(reminders.figures(path))

    if "huddle" in groups:
        from bench import huddle

        figures.extend(huddle.figures(path, args.repeat))

    if "rhythm" in groups:
        from bench import rhythm

        figures.extend(rhythm.figures(path, args.repeat))

    print(render(figures))
    print(
        f"\nmachine: 5 M steps of a Python loop took {reading:,.0f} ms at the start and "
        f"{machine_reading():,.0f} ms at the end of this run (compare runs at like readings)"
    )
    if args.json:
        args.json.write_text(json.dumps([f.as_dict() for f in figures], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
