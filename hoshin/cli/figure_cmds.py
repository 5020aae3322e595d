"""``hoshin measure``: a target's plan or actual for a month, or many from a CSV file."""

from __future__ import annotations

import argparse
import csv
from pathlib import Path
from typing import Any

from sqlalchemy import select

from hoshin.cli.common import add_quiet, open_plan, say
from hoshin.model import entities as e
from hoshin.model.errors import ValidationError
from hoshin.operations import SetMeasurement, SetMeasurements
from hoshin.operations.tracking import FiguresSet
from hoshin.plan import Plan
from hoshin.rules import validate
from hoshin.rules.bowling import month_status
from hoshin.rules.finer_months import derived_months
from hoshin.text import formats

CSV_COLUMNS = ("code", "month", "plan", "actual")
#: A figures file larger than this is not a month of figures: refuse before reading it.
MAX_CSV_BYTES = 20_000_000


def register(sub: Any) -> None:
    p = sub.add_parser(
        "measure",
        help="record a target's plan or actual for a month, or many from a CSV file",
        epilog="CSV: one row per target and month with the columns code,month,plan,actual "
        "(a header row is optional; an empty cell leaves that figure as it is). The whole "
        "file is one edit: one bad row and nothing is recorded, the row named by its line.",
    )
    p.add_argument("path", metavar="PATH")
    p.add_argument("code", metavar="CODE", nargs="?", help="the target (not with --csv)")
    p.add_argument("--month", metavar="YYYY-MM")
    p.add_argument("--actual", metavar="N")
    p.add_argument("--plan", metavar="N")
    p.add_argument("--csv", metavar="FILE", help="many figures: code,month,plan,actual")
    add_quiet(p)
    p.set_defaults(run=_measure)


def _measure(args: argparse.Namespace) -> int:
    if args.csv is not None:
        if args.code or args.month or args.actual is not None or args.plan is not None:
            raise ValidationError(
                "--csv takes every figure from the file: give no CODE or --month."
            )
        return _from_csv(args)
    if not args.code or not args.month:
        raise ValidationError("Give the target's CODE and --month (or --csv FILE).")
    values: dict[str, Any] = {}
    if args.actual is not None:
        values["actual"] = args.actual
    if args.plan is not None:
        values["plan"] = args.plan
    op = SetMeasurement(args.code, args.month, **values)
    with open_plan(args.path) as plan:
        plan.execute(op)
        say(args, month_text(plan, args.code, validate.month(args.month), set(values)))
    return 0


def month_text(plan: Plan, code: str, month: str, given: set[str]) -> str:
    """ "KPI-4 2026-10 actual 25.3 (red)": the month as it now stands, judged by the
    bowling rule when it has both a plan and an actual."""
    node_id = plan.graph.id_of(code)
    m = e.Measurement
    with plan.session() as s:
        direction = s.execute(select(e.Node.direction).where(e.Node.id == node_id)).scalar()
        row = s.execute(
            select(m.plan, m.actual).where(m.node_id == node_id, m.month == month)
        ).first()
        derived = derived_months(s, [node_id], int(month[:4])).get(node_id, {}).get(month)
    planned, actual = row if row is not None else (None, None)
    parts = []
    for name, value in (("plan", planned), ("actual", actual)):
        if name in given:
            said = formats.number(value) if value is not None else "cleared"
            parts.append(f"{name} {said}")
        elif value is not None:
            parts.append(f"{name} {formats.number(value)}")
    status = month_status(direction, planned, actual)
    judged = f" ({status.value})" if status is not None else ""
    text = f"{plan.graph.code(node_id)} {month} {', '.join(parts)}{judged}"
    if derived is not None:  # the typed actual is kept, but the month shows its values'
        text += f"; the month shows {formats.number(derived.value)}, {derived.note}"
    return text


def _from_csv(args: argparse.Namespace) -> int:
    rows = read_figures(Path(args.csv))
    with open_plan(args.path) as plan:
        done: FiguresSet = plan.execute(SetMeasurements(rows, Path(args.csv).name)).result
        targets = len({code.strip().upper() for _line, code, *_rest in rows})
    figures = f"{done.given} monthly figure{'' if done.given == 1 else 's'}"
    of = f"{targets} target{'' if targets == 1 else 's'}"
    same = f" ({done.unchanged} as they were)" if done.unchanged else ""
    say(args, f"Recorded {figures} of {of} from {args.csv}{same}", bare=done.given)
    return 0


def read_figures(path: Path) -> list[tuple[int, str, str, object, object]]:
    """The rows of a figures file with their line numbers; the file's shape is checked
    here, the values by the edit (which names the line of a bad one)."""
    try:
        if path.stat().st_size > MAX_CSV_BYTES:
            raise ValidationError(
                f"{path} is larger than {MAX_CSV_BYTES // 1_000_000} MB: not a file of figures."
            )
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ValidationError(f"{path} does not exist.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(f"Cannot read {path}: {exc}") from None
    rows: list[tuple[int, str, str, object, object]] = []
    reader = csv.reader(text.splitlines())
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if not rows and line == _first_line(text) and cells[0].strip().lower() == "code":
            if [c.strip().lower() for c in cells] != list(CSV_COLUMNS):
                raise ValidationError(
                    f"Line {line}: the columns must be {','.join(CSV_COLUMNS)}, not "
                    f"{','.join(c.strip() for c in cells)}."
                )
            continue
        if len(cells) != len(CSV_COLUMNS):
            raise ValidationError(
                f"Line {line}: {len(cells)} columns; a row is {','.join(CSV_COLUMNS)}."
            )
        code, month, planned, actual = cells
        rows.append(
            (line, code.strip(), month.strip(), planned.strip() or None, actual.strip() or None)
        )
    if not rows:
        raise ValidationError(f"{path} holds no figures (columns {','.join(CSV_COLUMNS)}).")
    return rows


def _first_line(text: str) -> int:
    """The number of the first line that is not blank."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            return number
    return 1
