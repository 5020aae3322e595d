"""``python -m app.screenshots PLAN OUTDIR``: pictures of the main window, drawn offscreen.

Writes ``xmatrix.png`` (the X-matrix of the top unit), ``strategy.png`` (the strategy tab
with a kaizen selected), ``board.png`` (the kaizen board of a department) and
``editor.png`` (the node dock showing a target). The user's own settings are left alone:
the window runs on a throwaway settings file, and the plan is only read.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QWidget
from sqlalchemy import func, select

from hoshin import entities as e
from hoshin.kinds import NodeKind

SIZE = (1600, 1000)


def _settle(ms: int = 400) -> None:
    """Let timers fire and layouts settle (debounced refreshes, deferred layouts)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _save(widget: QWidget, path: Path) -> Path:
    _settle()
    if not widget.grab().save(str(path)):
        raise OSError(f"cannot write {path}")
    return path


def render(plan_path: str, outdir: str) -> list[Path]:
    """Draw the four pictures of ``plan_path`` into ``outdir``; returns their paths."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.main import make_application
    from app.main_window import MainWindow
    from app.settings import AppSettings

    app = make_application([])
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        qs = QSettings(str(Path(tmp) / "hoshin.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings=AppSettings(qs))
        window.resize(*SIZE)
        window.show()
        if not window.files.open_path(plan_path, quiet=True):
            raise SystemExit(f"cannot open {plan_path}")
        doc = window.document
        plan = doc.plan
        assert plan is not None
        graph = plan.graph
        with plan.session() as s:
            root, department = _units(s)
        shots: list[Path] = []

        doc.select_unit(root)
        doc.select_node(0)
        window.show_view(window.xmatrix)
        shots.append(_save(window, out / "xmatrix.png"))

        kaizens = [n for n in graph.nodes() if n.kind is NodeKind.KAIZEN]
        kaizen = max(kaizens, key=lambda n: (len(graph.line_of_sight(n.id)), -n.id))
        window.show_view(window.strategy)
        doc.select_unit(kaizen.unit_id)
        doc.select_node(kaizen.id)
        shots.append(_save(window, out / "strategy.png"))

        doc.select_node(0)
        doc.select_unit(department)
        window.show_view(window.board)
        shots.append(_save(window, out / "board.png"))

        targets = [n for n in graph.nodes() if n.kind is NodeKind.TARGET]
        target = min(targets, key=lambda n: n.id)
        window.show_view(window.xmatrix)
        doc.select_unit(target.unit_id)
        doc.select_node(target.id)
        shots.append(_save(window.docks.node, out / "editor.png"))

        window.close()
        if doc.plan is not None:
            doc.plan.close()
    app.processEvents()
    return shots


def _units(session: object) -> tuple[int, int]:
    """The top unit, and the department (third level) with the most kaizens below it."""
    u, n = e.Unit, e.Node
    rows = session.execute(select(u.id, u.parent_id)).all()  # type: ignore[attr-defined]
    parent = dict(rows)
    root = next(uid for uid, p in rows if p is None)
    counts = dict(
        session.execute(  # type: ignore[attr-defined]
            select(n.unit_id, func.count())
            .where(n.kind == NodeKind.KAIZEN.value)
            .group_by(n.unit_id)
        ).all()
    )

    def depth(uid: int) -> int:
        d = 0
        while parent.get(uid) is not None:
            uid, d = parent[uid], d + 1
        return d

    below: dict[int, int] = {}
    for uid, count in counts.items():
        cursor: int | None = uid
        while cursor is not None:
            below[cursor] = below.get(cursor, 0) + count
            cursor = parent.get(cursor)
    departments = [uid for uid in parent if depth(uid) == 2] or [root]
    return root, max(departments, key=lambda uid: (below.get(uid, 0), -uid))


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m app.screenshots PLAN OUTDIR", file=sys.stderr)
        return 2
    for path in render(argv[0], argv[1]):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
