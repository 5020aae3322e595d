"""Figures of the desktop app, measured in a child process (bench.app_probe)."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.figures import Figure

#: Where the probes keep their bytecode (see :func:`_child_env`).
PYCACHE = Path("out") / "pycache"


def _child_env() -> dict[str, str]:
    """The probes' environment: with bytecode kept between runs, as an installed app has it.

    Where ``PYTHONDONTWRITEBYTECODE`` is set (CI, sandboxes) every start would compile the
    app's modules from source again: a third of a second no user waits for, since an
    install compiles them once. The bytecode goes to ``out/pycache``, not the source tree.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE.resolve())
    return env


def _probe(target: str) -> dict[str, float]:
    t0 = time.time()
    result = subprocess.run(
        [sys.executable, "-m", "bench.app_probe", target, repr(t0)],
        capture_output=True,
        text=True,
        check=False,
        env=_child_env(),
    )
    if result.returncode != 0:
        raise RuntimeError(f"app probe failed: {result.stderr.strip()[-2000:]}")
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def figures(path: Path, repeat: int) -> list[Figure]:
    _probe("--empty")  # not timed: compiles what the runs import, once
    _probe(str(path))
    runs = [_probe(str(path)) for _ in range(max(1, repeat // 2))]
    empty = [_probe("--empty")["first_paint_ms"] for _ in range(max(1, repeat // 2))]

    def med(key: str) -> float:
        return statistics.median(r[key] for r in runs)

    return [
        Figure(
            "app start to first paint on the plan (offscreen)",
            med("first_paint_ms"),
            "ms",
            target=2000,
            note=f"an empty QMainWindow paints in {statistics.median(empty):.0f} ms; the "
            f"organisation tree's figures, counted after that paint, are in by "
            f"{med('settled_ms'):.0f} ms; bytecode compiled by an untimed first run",
        ),
        Figure("switch unit in the X-matrix", med("switch_unit_xmatrix_ms"), "ms", target=100),
        Figure("switch unit on the kaizen board", med("switch_unit_board_ms"), "ms", target=100),
        Figure(
            "expand the largest unit (strategy tree)",
            med("expand_largest_unit_ms"),
            "ms",
            target=100,
        ),
        Figure("scroll the board by a page", med("scroll_board_page_ms"), "ms", target=100),
        Figure("one edit: operation + commit + graph + views", med("one_edit_ms"), "ms", target=50),
        Figure("peak memory of the app with the plan open", med("peak_rss_mb"), "MB", target=500),
    ]
