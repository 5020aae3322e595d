"""``export_workbook``: the whole deployment workbook (DESIGN §7), written all or not at all.

The workbook is written to a temporary file next to the target and moved into place only
when it is complete, so a cancelled or failed export leaves no half file behind (and an
existing file of that name stays as it was).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from hoshin.excel import names
from hoshin.excel.errors import ExportFailed
from hoshin.excel.sheets.a3s import write_a3s
from hoshin.excel.sheets.about import SheetEntry, write_about
from hoshin.excel.sheets.bowling import write_bowling
from hoshin.excel.sheets.catchball_log import write_catchball
from hoshin.excel.sheets.countermeasures import write_countermeasures
from hoshin.excel.sheets.deployment import write_deployment
from hoshin.excel.sheets.health_sheet import write_health
from hoshin.excel.sheets.huddle_log import write_huddle_log
from hoshin.excel.sheets.lsw_adherence import write_lsw_adherence
from hoshin.excel.sheets.minutes import MINUTES, write_minutes
from hoshin.excel.sheets.objectives import load_matrix_nodes, write_objectives
from hoshin.excel.sheets.organisation import write_organisation
from hoshin.excel.sheets.reflection import write_reflection
from hoshin.excel.sheets.register import write_register
from hoshin.excel.sheets.review_sheet import NAME as REVIEW
from hoshin.excel.sheets.review_sheet import write_review
from hoshin.excel.sheets.sustainment import write_sustainment
from hoshin.excel.sheets.target_values import write_target_values
from hoshin.excel.sheets.xmatrix_sheet import write_xmatrix
from hoshin.excel.sheets.years_sheet import holds_years, write_years
from hoshin.excel.write import printing
from hoshin.excel.write import styles as st
from hoshin.excel.write.cells import SheetWriter, cells_written, discard
from hoshin.excel.write.data import Context, Org, UnitRow, matrix_unit_ids, plan_year
from hoshin.excel.write.progress import CancelledFn, ProgressFn, Ticker
from hoshin.model import entities as e
from hoshin.model.errors import HoshinError, NotFoundError
from hoshin.model.kinds import NodeKind, Strength
from hoshin.plan import Plan
from hoshin.reads.xmatrix.reader import XMatrixBatch
from hoshin.store import outputs

#: Progress weight of one X-matrix sheet, in table rows (a matrix is ~1,500 cells).
MATRIX_WEIGHT = 60


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    sheets: list[str]
    cells: int


def export_workbook(
    plan: Plan,
    out_path: str | Path,
    *,
    unit_id: int | None = None,
    as_of: dt.date | None = None,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
    replace: bool = True,
) -> ExportSummary:
    """Write the deployment workbook of ``plan`` (or of one unit and the units below it).

    Args:
        plan: the open plan.
        out_path: where the ``.xlsx`` goes; an existing file is replaced only on success.
        unit_id: export this unit and the units below it; None for the whole plan.
        as_of: the day the workbook is read as of (health, overdue checks, year to date);
            today when None.
        progress: called as ``progress(done, total, text)`` while the export runs.
        cancelled: asked now and then; when it returns True the export stops with
            :class:`~hoshin.excel.errors.ExportCancelled` and writes nothing.
        replace: an existing file at ``out_path`` may be replaced (the app has asked);
            a plan, or the plan being exported, never is.

    Raises:
        NotFoundError: ``unit_id`` names no unit.
        ExportCancelled: ``cancelled()`` said so.
        ExportFailed: the file could not be written, or must not be: ``out_path`` is a
            plan, the plan itself, or an existing file (without ``replace``).
    """
    out = Path(out_path)
    reading = [plan.location] if plan.is_file else []
    _guard(out, reading, replace)
    day = as_of or dt.date.today()
    try:
        handle, tmp_name = tempfile.mkstemp(
            prefix=f".{out.stem}.", suffix=".xlsx.part", dir=out.parent
        )
    except OSError as exc:
        raise ExportFailed(f"Cannot write in {out.parent}: {exc.strerror}.") from exc
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        sheets, cells = _write(plan, tmp, unit_id, day, progress, cancelled)
        os.chmod(tmp, outputs.umask_mode())  # a temporary file is private; the workbook not
        _guard(out, reading, replace)  # nothing took its place meanwhile
        os.replace(tmp, out)
    except HoshinError:
        tmp.unlink(missing_ok=True)
        raise
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportFailed(f"Cannot write {out}: {exc.strerror or exc}.") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return ExportSummary(out, sheets, cells)


def _guard(out: Path, reading: list[str], replace: bool) -> None:
    try:
        outputs.guard(out, reading=reading, force=replace)
    except outputs.OutputRefused as exc:
        raise ExportFailed(str(exc)) from exc


def _write(
    plan: Plan,
    tmp: Path,
    unit_id: int | None,
    as_of: dt.date,
    progress: ProgressFn | None,
    cancelled: CancelledFn | None,
) -> tuple[list[str], int]:
    with plan.session() as session:
        org = Org.load(session)
        if unit_id is not None and unit_id not in org.by_id:
            raise NotFoundError(f"No unit with id {unit_id} in this plan.")
        root = unit_id if unit_id is not None else org.units[0].id
        scope = org.subtree(root)
        ctx = Context(
            plan=plan,
            as_of=as_of,
            year=plan_year(session, as_of),
            org=org,
            scope=scope,
            root_id=root,
            ticker=Ticker(0, progress, cancelled),
            symbols={s: plan.settings.symbol(s) for s in Strength},
        )
        # What every unit's matrix needs, read once: a few queries, not six per unit.
        matrices = XMatrixBatch(plan, session)
        # A team with no items of its own still has a matrix when its kaizens serve a unit
        # above (DESIGN §7: a sheet per unit; the deployed-in rows say what it serves).
        with_matrix = matrix_unit_ids(session) | matrices.serving_units()
        matrix_units = [u for u in ctx.units if u.id in with_matrix]
        ctx.ticker.total = _total(session, ctx, len(matrix_units))
        ctx.ticker.stage("Reading the plan")
        entries = _entries(ctx, [u.code for u in matrix_units])

        wb = Workbook(write_only=True)
        wb.properties.creator = "Hoshin"
        wb.properties.created = dt.datetime.combine(as_of, dt.time())
        st.register_styles(wb)
        try:
            _sheets(wb, ctx, session, matrices, matrix_units, entries)
            printing.label_pages(wb.worksheets, ctx.plan.name, as_of)
            ctx.ticker.stage("Saving the workbook")
            wb.save(tmp)
        except BaseException:
            discard(wb)
            raise
    ctx.ticker.finish()
    sheet_names = [ws.title for ws in wb.worksheets]
    return sheet_names, cells_written(wb)


def _sheets(
    wb: Workbook,
    ctx: Context,
    session: Session,
    matrices: XMatrixBatch,
    matrix_units: list[UnitRow],
    entries: list[SheetEntry],
) -> None:
    """Every sheet, in order; each stage reports progress and may be cancelled."""
    ctx.ticker.stage("About")
    write_about(wb, ctx, entries)
    for unit, entry in zip(matrix_units, entries[1 : 1 + len(matrix_units)], strict=True):
        ctx.ticker.stage(f"X-matrix of {unit.name}")
        writer = SheetWriter(wb, entry.name)
        write_xmatrix(writer, ctx, matrices.build(unit.id))
        ctx.ticker.tick(MATRIX_WEIGHT)
    nodes = load_matrix_nodes(session, ctx)
    ctx.ticker.stage("Deployment")
    write_deployment(wb, ctx, session, nodes)
    ctx.ticker.stage("Bowling chart")
    write_bowling(wb, ctx, session, nodes)
    ctx.ticker.stage("Countermeasures")
    write_countermeasures(wb, ctx, session, nodes)
    ctx.ticker.stage("Target values")
    write_target_values(wb, ctx, session, nodes)
    ctx.ticker.stage("A3s")
    write_a3s(wb, ctx, session)
    ctx.ticker.stage("Kaizen register")
    write_register(wb, ctx, session, _titles(session))
    ctx.ticker.stage("Sustainment")
    write_sustainment(wb, ctx, session)
    ctx.ticker.stage("Catchball log")
    write_catchball(wb, ctx, session)
    ctx.ticker.stage("Huddle log")
    write_huddle_log(wb, ctx, session)
    ctx.ticker.stage("Health")
    write_health(wb, ctx)
    ctx.ticker.stage("LSW adherence")
    write_lsw_adherence(wb, ctx, session)
    ctx.ticker.stage("Review")
    write_review(wb, ctx)
    ctx.ticker.stage("Reflection")
    write_reflection(wb, ctx, session)
    if any(entry.name == names.YEARS for entry in entries):
        ctx.ticker.stage("Years")
        write_years(wb, ctx)
    ctx.ticker.stage("Minutes")
    write_minutes(wb, ctx, session)
    ctx.ticker.stage("Objectives")
    write_objectives(wb, ctx, session, nodes)
    ctx.ticker.stage("Organisation")
    write_organisation(wb, ctx)


def _entries(ctx: Context, matrix_codes: list[str]) -> list[SheetEntry]:
    """Every sheet, in workbook order, with what it shows (for the About sheet)."""
    entries = [SheetEntry(names.ABOUT, "this page: the plan, the sheets, the legend, settings")]
    taken = {names.ABOUT}
    for code in matrix_codes:
        name = names.xmatrix_sheet_name(code, taken)
        taken.add(name)
        unit = next(u for u in ctx.units if u.code == code)
        entries.append(SheetEntry(name, f"the X-matrix of {unit.name}", code))
    entries += [
        SheetEntry(
            names.DEPLOYMENT,
            "per unit: its priorities and targets against the units "
            "below it, what each committed to and the state of its catchball",
        ),
        SheetEntry(
            names.BOWLING,
            f"per target: plan and actual for each month of {ctx.year} "
            "and the year to date, judged by the target's direction",
        ),
        SheetEntry(
            names.COUNTERMEASURES,
            "what each target's owner does about a red month: what, who, by when, done",
        ),
        SheetEntry(
            names.TARGET_VALUES,
            "the daily or weekly values of the targets tracked finer than monthly; "
            "the bowling chart's actuals with a note are derived from them",
        ),
        SheetEntry(
            names.A3S,
            "every A3, part by part: its sections, 5 whys, causes by the 6 Ms, "
            "implementation plan (who, what, when) and the countermeasures it links",
        ),
        SheetEntry(
            names.KAIZENS,
            "the kaizen register: one row per kaizen with its line of "
            "sight, origin, function, status and sustainment debt",
        ),
        SheetEntry(names.SUSTAINMENT, "every sustainment check and action item of the kaizens"),
        SheetEntry(names.CATCHBALL, "the catchball log: every message of every thread"),
        SheetEntry(
            names.HUDDLE_LOG,
            "every problem of the huddles with its path up the tiers and the days at each "
            "(shown only: import does not read it back)",
        ),
        SheetEntry(
            names.HEALTH,
            "the health of the deployment: demand, the 30-day test, "
            "sustainment debt, function coverage, alignment, catchball, review",
        ),
        SheetEntry(
            names.LSW_ADHERENCE,
            "Leader Standard Work: each person's routines done ÷ due, week by week "
            "(a report: an import passes over it)",
        ),
        SheetEntry(
            REVIEW,
            "the monthly review of the last complete month: red targets with their "
            "countermeasures, kaizens done, new bottom-up kaizens, sustainment debt",
        ),
        SheetEntry(
            names.REFLECTION,
            f"the year-end reflection on {ctx.plan.year}: per objective and target, its "
            "figures, the result they suggest, what helped and hindered, the lesson and "
            "the decision for next year",
        ),
        *(
            [
                SheetEntry(
                    names.YEARS,
                    "every node of every year of the plan: its year and what it was carried "
                    "from; the other years' nodes whole (fields, links, owners, figures, "
                    "reflection), so that an import keeps the years",
                )
            ]
            if holds_years(ctx)
            else []
        ),
        SheetEntry(
            MINUTES,
            "the review meetings: each agenda item with the decisions and action items taken on it",
        ),
        SheetEntry(
            names.OBJECTIVES,
            "every breakthrough, annual objective, priority and target with all its fields",
        ),
        SheetEntry(names.ORGANISATION, "units, people and functions"),
    ]
    return entries


def _titles(session: Session) -> dict[int, tuple[str, str]]:
    n = e.Node
    rows = session.connection().execute(select(n.id, n.code, n.title))
    return {i: (code, title) for i, code, title in rows}


def _total(session: Session, ctx: Context, matrices: int) -> int:
    """Rows the export will write, roughly: what the progress bar counts."""
    n = e.Node

    def count(stmt: Select[Any]) -> int:
        return int(session.execute(stmt).scalar() or 0)

    kaizens = count(select(func.count()).select_from(n).where(n.kind == NodeKind.KAIZEN.value))
    others = count(select(func.count()).select_from(n).where(n.kind != NodeKind.KAIZEN.value))
    targets = count(select(func.count()).select_from(n).where(n.kind == NodeKind.TARGET.value))
    messages = count(select(func.count()).select_from(e.CatchballMessage))
    checks = count(select(func.count()).select_from(e.SustainmentCheck))
    items = count(select(func.count()).select_from(e.ActionItem))
    a3s = count(select(func.count()).select_from(e.A3))
    values = count(select(func.count()).select_from(e.TargetValue))
    problems = count(select(func.count()).select_from(e.Problem))
    org_rows = max(len(ctx.org.units), len(ctx.org.people))
    return (
        matrices * MATRIX_WEIGHT
        + others * 2
        + targets * 2
        + kaizens
        + checks
        + items
        + messages
        + a3s
        + values
        + problems
        + org_rows
        + len(ctx.scope)  # the Reflection sheet ticks once per unit
        + 20
    )
