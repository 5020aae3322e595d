"""Figure of the reminders: ``hoshin remind --dry-run`` for every person of the enterprise
plan (each given an e-mail address on a copy), digests read, built and written as .eml."""

from __future__ import annotations

import contextlib
import io
import shutil
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, update

from bench.figures import Figure
from hoshin.cli.main import main as hoshin
from hoshin.model import entities as e
from hoshin.plan import Plan


def figures(path: Path) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="hoshin-bench-remind-") as folder:
        copy, out = Path(folder) / "remind.hoshin", Path(folder) / "eml"
        shutil.copy2(path, copy)
        out.mkdir()
        with Plan.open(copy) as plan, plan.session() as s:
            p = e.Person
            s.execute(update(p).values(email=func.lower(p.key) + "@globex.example"))
            s.commit()
            people = s.query(p).count()
        said = io.StringIO()
        started = time.perf_counter()
        with contextlib.redirect_stdout(said):
            hoshin(["remind", str(copy), "--dry-run", "--out", str(out)])
        took = time.perf_counter() - started
        written = len(list(out.iterdir()))
    return [
        Figure(
            "remind --dry-run for every person",
            took,
            "s",
            target=30.0,
            note=f"{written:,} digests for {people:,} people",
        )
    ]
