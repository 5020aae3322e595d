"""Reading the Years sheet back (:mod:`hoshin.excel.sheets.years_sheet`): the nodes of the
plan's other years, what each node was carried from, and each year's state (the About
sheet's "Years" row: "2026 closed, 2027 open").

A workbook without a Years sheet (one year, or from before years) is one year, as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hoshin.excel import names
from hoshin.excel.read.content import Content, ReflectionRec
from hoshin.excel.read.hoshin_reader import direction, parse_codes
from hoshin.excel.read.reading import Book, as_date, as_text, read_cells
from hoshin.excel.read.table_reader import read_table
from hoshin.model.kinds import NodeKind, OwnerRole, Strength, parse_enum
from hoshin.rules.years import CLOSED, OPEN

Tick = Callable[[int], None]

_CARRIED = re.compile(r"^\s*(\S+)\s+of\s+(\d{4})\s*$")
_MONTH = re.compile(r"^\s*(\d{4}-\d{2})\s+([^/\s]*)\s*/\s*([^/\s]*)\s*$")
_STATE = re.compile(rf"(\d{{4}})\s+({OPEN}|{CLOSED})")


@dataclass
class YearNodeRec:
    """A node of a year the workbook's other sheets do not show."""

    year: int
    code: str
    kind: NodeKind
    unit: str
    title: str
    where: str
    fields: dict[str, Any] = field(default_factory=dict)
    serves: list[tuple[str, Strength | None]] = field(default_factory=list)
    owners: list[tuple[str, OwnerRole]] = field(default_factory=list)
    figures: list[tuple[str, float | None, float | None]] = field(default_factory=list)
    reflection: ReflectionRec | None = None


@dataclass(frozen=True)
class CarriedRec:
    """``code`` of ``year`` was carried from ``from_code`` of ``from_year``."""

    year: int
    code: str
    from_code: str
    from_year: int
    where: str


def parse_figures(text: str | None, where: str, content: Content) -> list[tuple[str, Any, Any]]:
    """``2026-01 30/29; 2026-04 27/`` → [("2026-01", 30.0, 29.0), ("2026-04", 27.0, None)]."""
    out: list[tuple[str, Any, Any]] = []
    for part in (text or "").split(";"):
        if not part.strip():
            continue
        found = _MONTH.match(part)
        try:
            if found is None:
                raise ValueError
            plan, actual = (float(v) if v else None for v in found.group(2, 3))
        except ValueError:
            content.problems.append(f"{where}: {part.strip()!r} is not a month's plan/actual")
            continue
        out.append((found.group(1), plan, actual))
    return out


def read_year_states(book: Book, content: Content) -> None:
    """Each year's state from the About sheet's "Years" row (None said: nothing)."""
    cells = read_cells(book.sheet(names.ABOUT))
    for (r, c), value in cells.items():
        if c == 1 and as_text(value) == "Years":
            for year, state in _STATE.findall(as_text(cells.get((r, 2))) or ""):
                content.year_states[int(year)] = state
            return


def read_years(book: Book, content: Content, tick: Tick) -> None:
    """The Years sheet into ``content.year_nodes`` and ``content.carried``."""
    headings = [h for h, _w in names.YEAR_COLUMNS]
    for row in read_table(book, names.YEARS, headings, required=("Year", "Code", "Kind")):
        code, unit = as_text(row["Code"]), as_text(row["Unit"])
        try:
            year = int(float(as_text(row["Year"]) or ""))
            kind = parse_enum(NodeKind, as_text(row["Kind"]) or "", "kind")
        except ValueError as exc:
            content.problems.append(f"{row.at('Year')}: {exc}")
            continue
        if not code or not unit:
            continue
        code = code.upper()
        carried = _CARRIED.match(as_text(row["Carried from"]) or "")
        if carried is not None:
            content.carried.append(
                CarriedRec(
                    year,
                    code,
                    carried.group(1).upper(),
                    int(carried.group(2)),
                    row.at("Carried from"),
                )
            )
        tick(1)
        if year == content.year:
            continue  # the year the other sheets show
        node = YearNodeRec(
            year, code, kind, unit.upper(), as_text(row["Title"]) or "", row.at("Title")
        )
        node.fields = _fields(kind, row)
        node.serves = parse_codes(as_text(row["Serves"]), row.at("Serves"), content)
        for part in (as_text(row["Owners"]) or "").split(","):
            key, _, role = part.strip().partition(" ")
            if key:
                node.owners.append((key.upper(), OwnerRole(role.strip() or "primary")))
        node.figures = parse_figures(as_text(row["Figures"]), row.at("Figures"), content)
        node.reflection = _reflection(row, code, content)
        content.year_nodes.append(node)


def _fields(kind: NodeKind, row: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "description": as_text(row["Description"]),
        "function": as_text(row["Function"]),
        "start_date": as_date(row["Start"]),
        "due_date": as_date(row["Due"]),
    }
    if kind is NodeKind.KAIZEN:
        fields |= {
            "end_date": as_date(row["End"]),
            "status": as_text(row["Status"]) or "idea",
            "origin": as_text(row["Origin"]) or "bottom-up",
            "kaizen_type": as_text(row["Type"]) or "event",
        }
    if kind is NodeKind.TARGET:
        fields |= {
            "unit_of_measure": as_text(row["Unit of measure"]),
            "direction": direction(row["Direction"]),
            "aggregation": as_text(row["Aggregation"]),
            "baseline": row["Baseline"],
            "goal": row["Goal"],
        }
    return {k: v for k, v in fields.items() if v is not None}


def _reflection(row: Any, code: str, content: Content) -> ReflectionRec | None:
    words = {
        h: as_text(row[h])
        for h in ("Result", "Decision", "New title", "What helped", "What hindered", "Lesson")
    }
    goal = row["New goal"]
    new_goal = float(goal) if isinstance(goal, int | float) else None
    if new_goal is None and not any(words.values()):
        return None
    author = None
    if (by := as_text(row["By"])) is not None:
        keys = [p.key for p in content.people if p.name == by]
        author = keys[0] if len(keys) == 1 else None
    return ReflectionRec(
        code,
        (words["Result"] or "").lower() or None,
        (words["Decision"] or "").lower() or None,
        words["New title"],
        new_goal,
        words["What helped"] or "",
        words["What hindered"] or "",
        words["Lesson"] or "",
        author,
        row.at("Result"),
    )
