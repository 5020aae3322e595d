"""``python -m app.screenshots PLAN OUTDIR``: pictures of the main window, drawn offscreen.

Writes ``xmatrix.png`` (the X-matrix of the top unit), ``strategy.png`` (the strategy tab
with a kaizen selected), ``board.png`` (the kaizen board of a department) and
``editor.png`` (the node dock showing a target), and for the top unit ``health.png``,
``bowling.png`` and ``review.png``; ``reflection.png`` the Reflection tab; ``huddle.png``,
``huddle-wall.png`` and ``problem-path.png`` daily management. The user's own
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
from PySide6.QtWidgets import QScrollArea, QWidget

from hoshin.model.kinds import NodeKind
from hoshin.operations import AddNode, Batch, Operation, SetMeasurement
from hoshin.operations.target_values import SetTargetValues, SetTracking
from hoshin.operations.years import CommentReflection, Reflect
from hoshin.plan import Plan
from hoshin.reads import screenshots as staging
from hoshin.reads.problems import problem_list, unit_id_of

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
            # KPI-1 selected once the tab has read: its words and comments in the panel
            # under the table.
            _settle()
            table = view.table  # type: ignore[attr-defined]
            table.setCurrentIndex(table.model().index(14, 0))
            shot = _save(window, out / "reflection.png")
    return shot


def render_a3_editor(plan_path: str, outdir: str) -> Path:
    """Draw ``a3-editor.png``: the A3 editor dialog on KPI-3 with its parts written, on a
    throwaway copy (the plan itself is only read)."""
    from app.plans.backup import save_copy
    from views.a3.editor import A3Editor

    with _workspace(outdir) as (out, tmp):
        with Plan.open(plan_path) as plan:
            location = str(save_copy(plan, Path(tmp) / "a3.hoshin"))
        with Plan.open(location) as copy:
            for op in _a3_parts():
                copy.execute(op)
        with _window(location, tmp) as window:
            doc = window.document
            assert doc.plan is not None
            dialog = A3Editor(doc, doc.plan.graph.id_of("KPI-3"), window)
            dialog.resize(1100, 900)
            dialog.show()
            shot = _save(dialog, out / "a3-editor.png")
            dialog.close()
    return shot


def _a3_parts() -> list[Operation]:
    from hoshin.operations import AddA3Row, LinkA3, NewA3, SetA3Section

    return [
        NewA3("KPI-3", title="Detractors in customer service"),
        SetA3Section("KPI-3", "background", "NPS fell from 38 to 31 between January and May."),
        SetA3Section("KPI-3", "current", "A third of the calls on Monday mornings wait 8 min."),
        SetA3Section("KPI-3", "goal", "NPS 45 by June; no wait over 2 minutes"),
        AddA3Row("KPI-3", "why", "Customers wait on Monday mornings"),
        AddA3Row("KPI-3", "why", "Too few agents on Monday mornings"),
        AddA3Row("KPI-3", "why", "The rota follows weekly averages"),
        AddA3Row("KPI-3", "cause", "Rota from weekly averages", category="method"),
        AddA3Row("KPI-3", "cause", "No call-volume forecast by hour", category="measurement"),
        AddA3Row("KPI-3", "step", "Hourly rota", owner="Kenji Watanabe", due="2026-07-01"),
        AddA3Row("KPI-3", "step", "Callback option", owner="Kenji Watanabe", due="2026-08-01"),
        LinkA3("KPI-3", kaizen="KZ-114"),
    ]


def _reflections() -> list[Operation]:
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
        CommentReflection(
            "KPI-1", "Agreed: bring the launch plan to the January review", author="Helen Ward"
        ),
    ]


def render_standard_work(plan_path: str, outdir: str, person: str = "Gareth Evans") -> Path:
    """Draw ``my-standard-work.png``: the tab of a plant manager (huddles, walks), with a
    done walk and its findings selected. The plan is only read."""
    import datetime as dt

    from hoshin.reads.standard_work import person_work

    with _workspace(outdir) as (out, tmp), _window(plan_path, tmp) as window:
        doc = window.document
        assert doc.plan is not None
        shown = person_work(doc.plan, person, dt.date.today())
        doc.current_person = shown.key
        view = window.lazy_tabs.view("My standard work")
        window.show_view(view)
        _settle()
        walked = [o for o in shown.work.answered if o.answer_id in shown.findings]
        if walked:
            view.select(walked[0].routine.id, walked[0].day)  # type: ignore[attr-defined]
        shot = _save(window, out / "my-standard-work.png")
    return shot


def render_tracking(plan_path: str, outdir: str) -> list[Path]:
    """Draw ``tracking-editor.png`` (the node editor of the sample's daily-tracked target,
    its values in a table) and ``tracking-bowling.png`` (the bowling chart of its unit, the
    months derived from daily values marked †, the tooltip of one open)."""
    with _workspace(outdir) as (out, tmp), _window(plan_path, tmp) as window:
        doc = window.document
        assert doc.plan is not None
        graph = doc.plan.graph
        target = graph.node(graph.id_of("KPI-9"))
        doc.select_unit(target.unit_id)
        window.show_view(window.health.view("Bowling chart"))
        doc.select_node(target.id)
        # The editor scrolled to its Tracking section, below the target's fields.
        editor = window.docks.node.widget()
        _settle()
        for scroll in editor.findChildren(QScrollArea):
            scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
        shots = [_save(window.docks.node, out / "tracking-editor.png")]
        shots.append(_save(window, out / "tracking-bowling.png"))
    return shots


# -- daily management --------------------------------------------------------------------

WALL_SIZE = (1600, 900)
TEAM = "T-AS"


def _stage_huddle(plan: Plan, day: dt.date) -> None:
    """Two tracked targets of T-AS with six weeks of values up to ``day``."""
    fields = {"direction": "up", "unit_of_measure": "%", "baseline": 92, "goal": 97}
    add = AddNode(NodeKind.TARGET, TEAM, "First-pass yield", fields)
    yield_code = plan.execute(add).result
    fields = {"direction": "down", "unit_of_measure": "min", "baseline": 6, "goal": 3}
    andon = plan.execute(AddNode(NodeKind.TARGET, TEAM, "Andon response", fields)).result
    ops = [SetTracking(yield_code, "daily", "average"), SetTracking(andon, "weekly", "average")]
    months = sorted({(day - dt.timedelta(days=d)).strftime("%Y-%m") for d in range(0, 50)})
    for month in months:
        ops += [SetMeasurement(yield_code, month, plan=95)]
        ops += [SetMeasurement(andon, month, plan=4)]
    rows: list[tuple[int, str, object, object]] = []
    for d in range(42):
        when = day - dt.timedelta(days=41 - d)
        if when.weekday() < 5:
            value = 96.0 if (d * 7) % 10 > 2 else 89.5  # red below the plan of 95
            rows.append((len(rows) + 1, yield_code, when.isoformat(), value))
        if when.weekday() == 0:
            late = when.isocalendar().week % 3 == 0  # every third week behind
            rows.append((len(rows) + 1, andon, when.isoformat(), 5.5 if late else 3.5))
    ops.append(SetTargetValues(rows, "the screenshot"))
    plan.execute(Batch("Track the Assembly team's targets", ops))


def unit_id_of_code(plan: Plan, code: str) -> int:
    with plan.session() as s:
        return unit_id_of(s, code)


def render_huddle(plan_path: str, outdir: str) -> list[Path]:
    """Draw ``huddle.png`` (the Huddle tab of the Assembly team), ``huddle-wall.png``
    (the same board in wall mode) and ``problem-path.png`` (the path of the problem that
    climbed highest). The sample's teams track no target daily yet: on a throwaway copy the
    Assembly team gets a first-pass-yield target tracked daily and an andon-response target
    tracked weekly, with six weeks of values, so that the strip shows red and green."""
    from app.plans.backup import save_copy
    from views.huddle import HuddleView

    shots: list[Path] = []
    with _workspace(outdir) as (out, tmp):
        with Plan.open(plan_path) as plan:
            location = str(save_copy(plan, Path(tmp) / "huddle.hoshin"))
            with plan.session() as s:
                raised = [c.raised_on for c in problem_list(s)]
        day = max(raised) + dt.timedelta(days=2) if raised else dt.date.today()
        with Plan.open(location) as copy:
            _stage_huddle(copy, day)
        with _window(location, tmp) as window:
            doc = window.document
            assert doc.plan is not None
            team = unit_id_of_code(doc.plan, TEAM)
            huddle = window.huddle
            assert isinstance(huddle, HuddleView)
            doc.select_node(0)
            doc.select_unit(team)
            window.show_view(huddle)
            huddle.set_day(day)
            shots.append(_save(window, out / "huddle.png"))

            wall = HuddleView(doc, today=lambda: day, wall=True)
            wall.set_unit(team)
            wall.resize(*WALL_SIZE)
            wall.show()
            shots.append(_save(wall, out / "huddle-wall.png"))
            wall.close()

            with doc.plan.session() as s:
                twice = max(problem_list(s), key=lambda c: (c.tier, c.raised_unit == "T-AS", -c.id))
            dialog = huddle.show_path(twice.id)
            assert dialog is not None
            dialog.resize(760, 460)
            _settle()
            shots.append(_save(dialog, out / "problem-path.png"))
            dialog.close()
    return shots


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
        render_standard_work(argv[0], argv[1]),
        *render_tracking(argv[0], argv[1]),
        render_a3_editor(argv[0], argv[1]),
        *render_huddle(argv[0], argv[1]),
        *render_my_work(argv[0], argv[1]),
    ]:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
