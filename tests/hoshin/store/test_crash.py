"""``kill -9`` of ``import`` and ``db copy`` at random points: a file at the output name is
always a complete plan, and the next run cleans what the killed ones left.

Before, 17 of 100 such kills left a half-written plan that opened as an empty one (or made
``hoshin check`` fail), and every re-run was refused until the user deleted the files.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hoshin.plan import Plan

pytestmark = pytest.mark.crash

KILLS = 4
ROOT = Path(__file__).resolve().parents[3]


def _command(kind: str, source: Path, out: Path) -> list[str]:
    if kind == "import":
        return [sys.executable, "-m", "hoshin", "import", str(source), "-o", str(out)]
    return [sys.executable, "-m", "hoshin", "db", "copy", str(source), str(out)]


def _start(args: list[str]) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _kill_while_writing(proc: subprocess.Popen[bytes], folder: Path, rng: random.Random) -> None:
    """Kill ``proc`` a random moment after it starts writing (or at once, one time in four)."""
    before = {p.name for p in folder.iterdir()}  # what killed runs left
    if rng.random() >= 0.25:
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            if {p.name for p in folder.iterdir()} - before:  # it writes, whatever the name
                break
            time.sleep(0.005)  # a poll, not a wait: another process sends no signal to wait on
    # The wait under test: the kill lands at a random moment of the writing.
    time.sleep(rng.uniform(0, 0.6))
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait()


def _nodes(path: Path) -> int:
    with Plan.open(path) as plan:
        return len(plan.graph)


@pytest.mark.parametrize("kind", ["import", "db copy"])
def test_a_killed_import_or_copy_leaves_a_complete_plan_or_none(
    kind: str, demo_path: Path, tmp_path: Path
) -> None:
    expected = _nodes(demo_path)
    source = demo_path
    if kind == "import":
        from hoshin.excel import export_workbook

        with Plan.open(demo_path) as plan:
            source = tmp_path / "plan.xlsx"
            export_workbook(plan, source)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "plan.hoshin"
    rng = random.Random(15)
    for _ in range(KILLS):
        _kill_while_writing(_start(_command(kind, source, out)), folder, rng)
        if out.exists():  # the run got to the end before the kill: then it is whole
            assert _nodes(out) == expected
            for companion in folder.glob("plan.hoshin*"):
                companion.unlink()
    finished = _start(_command(kind, source, out))
    assert finished.wait(timeout=240) == 0
    assert _nodes(out) == expected
    # What the killed runs left under temporary names is gone.
    assert sorted(p.name for p in folder.iterdir() if ".part" in p.name) == []
