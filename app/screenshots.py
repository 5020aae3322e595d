"""``python -m app.screenshots PLAN OUTDIR``: pictures of the main window, drawn offscreen.

Writes ``xmatrix.png`` (the X-matrix of the top unit), ``strategy.png`` (the strategy tab
with a kaizen selected), ``board.png`` (the kaizen board of a department) and
``editor.png`` (the node dock showing a target), and for the top unit ``health.png``,
``bowling.png`` and ``review.png``; ``reflection.png`` the Reflection tab. The user's own
settings are left alone: the window runs on a throwaway settings file, and the plan is only
read.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QWidget

from hoshin.model.kinds import NodeKind
from hoshin.operations.years import Reflect
from hoshin.plan import Plan
from hoshin.reads import screenshots as staging

if TYPE_CHECKING:
    from app.window.main_window import MainWindow

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


@contextmanager
def _workspace(outdir: str) -> Iterator[tuple[Path, str]]:
    """An offscreen application, the output folder, and a throwaway folder for copies and
    settings (the user's own are left alone)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.main import make_application

    app = make_application([])
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        yield out, tmp
    app.processEvents()


@contextmanager
def _window(location: str, tmp: str) -> Iterator[MainWindow]:
    """The main window on ``location``, with settings in ``tmp``; closed with its plan."""
    from app.settings import AppSettings
    from app.window.main_window import MainWindow

    qs = QSettings(str(Path(tmp) / "hoshin.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=AppSettings(qs))
    window.resize(*SIZE)
    window.show()
    if not window.files.open_path(location, quiet=True):
        raise SystemExit(f"cannot open {location}")
    try:
        yield window
    finally:
        window.close()
        if window.document.plan is not None:
            window.document.plan.close()


def render(plan_path: str, outdir: str) -> list[Path]:
    """Draw the pictures of ``plan_path`` into ``outdir``; returns their paths."""
    with _workspace(outdir) as (out, tmp), _window(plan_path, tmp) as window:
        doc = window.document
        plan = doc.plan
        assert plan is not None
        graph = plan.graph
        root, department = staging.showcase_units(plan)
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

        # The review rhythm of the whole company: health, bowling chart, last month's review.
        doc.select_node(0)
        doc.select_unit(root)
        for name, label in (
            ("health.png", "Health"),
            ("bowling.png", "Bowling chart"),
            ("review.png", "Review"),
        ):
            window.show_view(window.health.view(label))
            shots.append(_save(window, out / name))

    return shots


# -- catchball ------------------------------------------------------------------------


def render_catchball(plan_path: str, outdir: str) -> Path:
    """Draw ``catchball.png``: the top unit's X-matrix with its catchball badges, and the
    catchball panel on the liveliest thread, as a person of the side whose turn it is.

    A plan without catchball yet (the sample) is copied to a throwaway file and a short
    negotiation is played on the copy, so that the picture shows a conversation; the plan
    itself is only read.
    """
    from app.plans.backup import save_copy
    from views.catchball.context import CatchballContext

    with _workspace(outdir) as (out, tmp):
        location = plan_path
        with Plan.open(plan_path) as plan:
            if not staging.has_catchball(plan) and plan.is_file:
                location = str(save_copy(plan, Path(tmp) / "catchball.hoshin"))
        if location != plan_path:
            with Plan.open(location) as copy:
                _negotiate(copy)
        with _window(location, tmp) as window:
            doc = window.document
            assert doc.plan is not None
            root, _department = staging.showcase_units(doc.plan)
            thread, node_id, person = staging.liveliest_thread(doc.plan)
            CatchballContext.of(doc).set_person(person)
            graph = doc.plan.graph
            doc.select_unit(graph.node(node_id).unit_id if graph.has_node(node_id) else root)
            doc.select_node(node_id)
            window.show_view(window.xmatrix)
            window.catchball.show_panel()
            if thread:
                CatchballContext.of(doc).show_thread(thread)
            shot = _save(window, out / "catchball.png")
    return shot


def _negotiate(plan: Plan) -> None:
    """A few moves on the top unit's first target with the first unit below that has
    people: a throw, a counter-proposal, a question, a proposal; the top is to answer."""
    from hoshin.catchball.operations import Reply, Throw

    staged = staging.negotiation(plan)
    if staged is None:
        return
    below, upper = staged.below_person, staged.upper_person
    start, end = staged.baseline or 0.0, staged.goal or 0.0
    unit = f" {staged.unit_of_measure}" if staged.unit_of_measure else ""
    says = f"{staged.title}: {end:g}{unit} is what we need."
    thread = plan.execute(Throw(staged.code, staged.below_code, upper, end, says)).result
    for op in (
        Reply(thread, "counter", below, round(start + 0.6 * (end - start), 1),
              "Without new investment we see this much; the rest needs help."),
        Reply(thread, "question", upper, text="What would it take to reach the goal?"),
        Reply(thread, "proposal", below, round(start + 0.85 * (end - start), 1),
              "With one more person on it for six months.", resources="one analyst"),
    ):  # fmt: skip
        plan.execute(op)


# -- organisation -----------------------------------------------------------------------

#: The roles the picture shows (given on a throwaway copy when the plan has none yet).
PICTURE_ROLES = (
    ("Helen Ward", "CO", "executive"),
    ("Kenji Watanabe", "OPS", "manager"),
    ("Gareth Evans", "PLT", "manager"),
    ("Aisha Bello", "T-AS", "member"),
)


def render_organisation(plan_path: str, outdir: str) -> Path:
    """Draw ``organisation.png``: Edit ▸ Organisation… on the top unit's first department,
    as the company's executive. A plan without roles (the sample) gets a few on a throwaway
    copy, so that the picture shows them; the plan itself is only read."""
    from app.plans.backup import save_copy
    from hoshin.model.errors import HoshinError
    from hoshin.operations import SetAccess
    from hoshin.reads import organisation as org

    with _workspace(outdir) as (out, tmp):
        location = plan_path
        with Plan.open(plan_path) as plan:
            bare = not org.OrganisationReads(plan).roles()
            if bare and plan.is_file:
                location = str(save_copy(plan, Path(tmp) / "organisation.hoshin"))
        if location != plan_path:
            with Plan.open(location) as copy:
                copy.actor = PICTURE_ROLES[0][0]
                for who, unit, role in PICTURE_ROLES:
                    try:
                        copy.execute(SetAccess(who, unit, role))
                    except HoshinError:
                        continue  # another plan than the sample: fewer roles
        with _window(location, tmp) as window:
            doc = window.document
            assert doc.plan is not None
            reads = org.OrganisationReads(doc.plan)
            units, roles = reads.units(), reads.roles()
            executive = next((r for r in roles if r.role == "executive"), None)
            doc.current_person = executive.person_key if executive else None
            # The department of the second level with the most roles and people: PLT in the sample.
            shown = max(
                (u for u in units if u.depth == 2),
                key=lambda u: (sum(r.unit_id == u.id for r in roles), u.people, -u.id),
                default=units[0],
            )
            doc.select_unit(shown.id)
            dialog = window.commands.show_organisation()
            assert dialog is not None
            shot = _save(dialog, out / "organisation.png")
            dialog.close()
    return shot


def render_years(plan_path: str, outdir: str) -> Path:
    """Draw ``years.png``: the window on a plan holding two years, the closed one shown
    (the year selector in the status bar says so). The next year is made on a throwaway
    copy; the plan itself is only read."""
    from app.plans.backup import save_copy
    from hoshin.operations.rollover import Rollover

    with _workspace(outdir) as (out, tmp):
        with Plan.open(plan_path) as plan:
            location = str(save_copy(plan, Path(tmp) / "years.hoshin"))
        with Plan.open(location) as copy:
            year = copy.year
            copy.execute(Rollover(year + 1))
        with _window(location, tmp) as window:
            doc = window.document
            assert doc.plan is not None
            doc.show_year(year)
            window.show_view(window.strategy)
            shot = _save(window, out / "years.png")
    return shot


def render_reflection(plan_path: str, outdir: str) -> Path:
    """Draw ``reflection.png``: the Reflection tab of the top unit, with a few reflections
    recorded on a throwaway copy (the plan itself is only read)."""
    from app.plans.backup import save_copy

    with _workspace(outdir) as (out, tmp):
        with Plan.open(plan_path) as plan:
            location = str(save_copy(plan, Path(tmp) / "reflection.hoshin"))
        with Plan.open(location) as copy:
            for op in _reflections():
                copy.execute(op)
        with _window(location, tmp) as window:
            doc = window.document
            assert doc.plan is not None
            view = window.health.show("Reflection")
            # KPI-1 selected once the tab has read: its words in the panel under the table.
            _settle()
            table = view.table  # type: ignore[attr-defined]
            table.setCurrentIndex(table.model().index(14, 0))
            shot = _save(window, out / "reflection.png")
    return shot


def _reflections() -> list[Reflect]:
    return [
        Reflect(
            "KPI-1",
            result="partly",
            decision="modify",
            new_goal=22,
            helped="New distributor in the Nordics",
            hindered="Launch of the X2 slipped to May",
            lesson="Plan launches a quarter earlier",
        ),
        Reflect(
            "KPI-2",
            result="partly",
            decision="carry",
            helped="Supplier scorecards",
            lesson="Review lead times monthly",
        ),
        Reflect("IP-1", result="achieved", decision="complete", lesson="Done; keep the routine"),
        Reflect("AO-1", decision="carry", hindered="Hiring took longer than planned"),
    ]


# -- my work -------------------------------------------------------------------------


def render_my_work(plan_path: str, outdir: str, as_of: dt.date | None = None) -> list[Path]:
    """Draw ``my-work-executive.png``, ``my-work-manager.png`` and
    ``my-work-team-leader.png``: "My work" of the top unit's first person, of the first
    person of the showcase department, and of the first person of a team below it, read
    as of ``as_of`` (default: the plan's clock). The plan is only read."""
    with _workspace(outdir) as (out, tmp), _window(plan_path, tmp) as window:
        doc = window.document
        plan = doc.plan
        assert plan is not None
        if as_of is not None:
            day = as_of
            plan.clock = lambda: dt.datetime.combine(day, dt.time(9, 0))
        shots = []
        for name, key, unit in staging.my_work_people(plan):
            doc.current_person = key
            doc.select_unit(unit)
            window.my_work.show()
            shots.append(_save(window, out / name))
    return shots


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m app.screenshots PLAN OUTDIR", file=sys.stderr)
        return 2
    for path in [
        *render(argv[0], argv[1]),
        render_catchball(argv[0], argv[1]),
        render_organisation(argv[0], argv[1]),
        render_years(argv[0], argv[1]),
        render_reflection(argv[0], argv[1]),
        *render_my_work(argv[0], argv[1]),
    ]:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
