"""Child process of the app benchmark: ``python -m bench.app_probe PLAN|--empty T0``.

Prints one JSON line of figures. Run in its own process so that start-up and peak memory
are the app's alone. ``T0`` is the parent's wall clock just before it started us.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _settle(app: object, widget: object) -> None:
    """Run pending events and paint now: what a person waits for after an action."""
    app.processEvents()  # type: ignore[attr-defined]
    widget.repaint()  # type: ignore[attr-defined]
    app.processEvents()  # type: ignore[attr-defined]


def _first_paint(app: object, window: object) -> None:
    """Run the event loop until the window has painted: the moment a person sees it.

    Painting happens inside ``processEvents``; what a paint schedules for later (the
    organisation tree's figures, counted once its units are on screen) runs in the next
    pass, after this returns. Stops after a bounded number of passes and paints by hand,
    so a platform that never paints unasked cannot hang the benchmark.
    """
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QWidget

    class Painted(QObject):
        seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
                self.seen = self.seen or watched.window() is window
            return False

    painted = Painted()
    app.installEventFilter(painted)  # type: ignore[attr-defined]
    for _ in range(100):
        app.processEvents()  # type: ignore[attr-defined]
        if painted.seen:
            break
    else:
        window.repaint()  # type: ignore[attr-defined]
    app.removeEventFilter(painted)  # type: ignore[attr-defined]


def _peak_rss_mb() -> float:
    """This process's own peak resident memory.

    Linux carries ``ru_maxrss`` across fork and exec, so a probe started by a bench that
    has just exported a workbook would report the bench's peak. ``VmHWM`` belongs to the
    address space this process was given at exec, so it is the app's alone.
    """
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(app: object, window: object, action: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        _settle(app, window)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    target, t0 = sys.argv[1], float(sys.argv[2])
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QMainWindow

    if target == "--empty":
        app = QApplication([])
        window = QMainWindow()
        window.resize(1600, 1000)
        window.show()
        _first_paint(app, window)
        print(json.dumps({"first_paint_ms": (time.time() - t0) * 1000}))
        return 0

    from app.main import make_application
    from app.settings import AppSettings
    from app.window.main_window import MainWindow
    from hoshin.model import entities as e
    from hoshin.operations import UpdateNode

    app = make_application([])
    with tempfile.TemporaryDirectory() as tmp:
        settings = AppSettings(QSettings(str(Path(tmp) / "b.ini"), QSettings.Format.IniFormat))
        window = MainWindow(settings=settings)
        window.resize(1600, 1000)
        window.show()
        window.files.open_path(target)
        _first_paint(app, window)
        out: dict[str, float] = {"first_paint_ms": (time.time() - t0) * 1000}
        _settle(app, window)  # and what the paint left for later, before the next figure
        out["settled_ms"] = (time.time() - t0) * 1000

        doc = window.document
        plan = doc.plan
        assert plan is not None
        with plan.session() as s:
            divisions = [
                u for (u,) in s.query(e.Unit.id).filter(e.Unit.parent_id == doc.unit_id).all()
            ]
        root = doc.unit_id
        flip = iter(divisions * 20)

        # X-matrix tab: switch between divisions.
        window.show_view(window.xmatrix)
        out["switch_unit_xmatrix_ms"] = _timed(app, window, lambda: doc.select_unit(next(flip)))
        # Board: switch to the company (50,000 kaizens), then page down a column.
        window.show_view(window.board)
        out["switch_unit_board_ms"] = _timed(
            app, window, lambda: doc.select_unit(root if doc.unit_id != root else divisions[0])
        )
        doc.select_unit(root)
        _settle(app, window)
        from hoshin.model.kinds import KaizenStatus

        # The longest column on screen (a folded one shows a strip, not its cards).
        column = max(
            (v for v in (window.board.view(s) for s in KaizenStatus) if v.isVisible()),
            key=lambda v: v.model().rowCount(),
        )
        bar = column.verticalScrollBar()
        out["scroll_board_page_ms"] = _timed(
            app, window, lambda: bar.setValue(bar.value() + bar.pageStep()), repeat=9
        )
        # Strategy tab: expand the largest unit's tree entirely.
        window.show_view(window.strategy)
        tree = window.strategy.tree

        def expand() -> None:
            tree.collapseAll()
            _settle(app, window)
            tree.expandToDepth(2)

        out["expand_largest_unit_ms"] = _timed(app, window, expand, repeat=3)
        # One edit: operation, commit, graph update and every view's refresh.
        code = plan.graph.code(next(n.id for n in plan.graph.nodes()))
        titles = iter(f"Renamed {i}" for i in range(100))
        window.show_view(window.xmatrix)
        out["one_edit_ms"] = _timed(
            app, window, lambda: doc.execute(UpdateNode(code, {"title": next(titles)}))
        )
        out["peak_rss_mb"] = _peak_rss_mb()
        window.close()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
