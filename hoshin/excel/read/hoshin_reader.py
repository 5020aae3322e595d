"""Reading a workbook Hoshin exported: About, Organisation, Objectives and the X-matrices.

Where two sheets show the same thing, the one a person reads it on wins: a title on an
X-matrix over the Objectives sheet, a target's goal on the Bowling chart over Objectives.
The records of the other sheets are read by :mod:`hoshin.excel.read.records_reader`.
"""

from __future__ import annotations

import re
from typing import Any

from hoshin.excel import names
from hoshin.excel.errors import ImportFailed
from hoshin.excel.read.content import Content, LinkRec, NodeRec, OwnerRec, PersonRec, UnitRec
from hoshin.excel.read.matrix_model import MatrixRead, link_ends
from hoshin.excel.read.matrix_reader import read_matrix
from hoshin.excel.read.reading import Book, as_date, as_text, read_cells, ref
from hoshin.excel.read.table_reader import Row, read_table
from hoshin.excel.sheets.about import SETTINGS, SHEETS, STRATEGY_YEAR
from hoshin.excel.sheets.organisation import OLD_FUNCTIONS_AT, PEOPLE_AT
from hoshin.model.errors import ValidationError
from hoshin.model.kinds import DEFAULT_SYMBOLS, NodeKind, Strength, parse_enum
from hoshin.model.plan_settings import OPTIONS
from hoshin.rules import validate

_CODE_AND_STRENGTH = re.compile(r"^\s*([^\s(]+)\s*(?:\((\w+)\))?\s*$")
_INT_SETTINGS = (
    "max_breakthroughs",
    "max_annual",
    "owner_overload",
    "window_days",
    "check_after_days",
    "a3_after_red_months",
    "actual_due_day",
    "countermeasure_days",
    "catchball_days",
    "escalate_after",
    "escalate_again",
    "reminders_a_week",
    "remind_days_ahead",
)


def is_hoshin_workbook(book: Book) -> bool:
    if names.ABOUT not in book.sheet_names or names.ORGANISATION not in book.sheet_names:
        return False
    cells = read_cells(book.sheet(names.ABOUT))
    return any(v == names.MARKER for (r, _c), v in cells.items() if r <= 3)


def parse_setting(key: str, value: Any) -> Any:
    """A setting as the About sheet shows it, back to its stored form."""
    text = as_text(value) or ""
    if key == "symbols":
        out: dict[str, str] = {}
        for part in text.split(","):
            word, _, symbol = part.strip().partition(" ")
            if word and symbol.strip():
                out[parse_enum(Strength, word, "strength").value] = symbol.strip()
        return out
    if key in ("level_names", "holidays"):
        return [p.strip() for p in text.split(",") if p.strip()]
    if key in _INT_SETTINGS:
        return int(float(text))
    return text


def read_about(book: Book, content: Content) -> dict[str, str]:
    """Plan name and settings into ``content``; returns the sheet index (sheet -> unit)."""
    cells = read_cells(book.sheet(names.ABOUT))
    col_a = {r: as_text(v) for (r, c), v in cells.items() if c == 1}
    plan_row = next((r for r, v in col_a.items() if v == "Plan"), None)
    if plan_row is not None and as_text(cells.get((plan_row, 2))):
        content.plan_name = as_text(cells[(plan_row, 2)]) or content.plan_name
    year_row = next((r for r, v in col_a.items() if v == STRATEGY_YEAR), None)
    if year_row is not None:
        try:
            content.year = validate.year(cells.get((year_row, 2)))
        except ValidationError:
            content.problems.append(f"{names.ABOUT}!{ref(year_row, 2)}: not a year")

    def section(title: str) -> list[int]:
        start = next((r for r, v in sorted(col_a.items()) if v == title), None)
        if start is None:
            return []
        rows, r = [], start + 2  # after the section's heading row
        while any((r, c) in cells for c in (1, 2, 3)):
            rows.append(r)
            r += 1
        return rows

    for r in section(SETTINGS):
        key = as_text(cells.get((r, 3)))
        if key in OPTIONS and key != "org_name":
            try:
                value = parse_setting(key, cells.get((r, 2)))
            except ValueError:
                content.problems.append(f"{names.ABOUT}!{ref(r, 2)}: not a value for {key}")
                continue
            if value != OPTIONS[key].default:
                content.settings[key] = value
    index: dict[str, str] = {}
    for r in section(SHEETS):
        sheet, unit = as_text(cells.get((r, 1))), as_text(cells.get((r, 3)))
        if sheet and unit:
            index[sheet] = unit
    return index


def read_organisation(book: Book, content: Content) -> None:
    sheet = names.ORGANISATION
    headings = [h for h, _w in names.UNIT_COLUMNS]
    for row in read_table(book, sheet, headings, required=("Unit", "Name")):
        code, name = as_text(row["Unit"]), as_text(row["Name"])
        if not code or not name:
            continue
        content.units.append(
            UnitRec(
                code.upper(),
                name,
                as_text(row["Parent"]),
                as_text(row["Level"]),
                as_text(row["Function"]),
                row.at("Unit"),
            )
        )
    people = [h for h, _w in names.PEOPLE_COLUMNS]
    # A workbook of an older Hoshin has no E-mail column: its people have no address.
    for row in read_table(book, sheet, people, required=names.PEOPLE_REQUIRED, start=PEOPLE_AT):
        key, name, unit = (as_text(row[h]) for h in names.PEOPLE_REQUIRED)
        if key and name and unit:
            email = _email(row)
            content.people.append(PersonRec(key.upper(), name, unit.upper(), row.at("Key"), email))
        elif key or name:
            content.problems.append(f"{row.at('Key')}: a person needs a key, a name and a unit")
    heading = names.FUNCTION_COLUMNS[0][0]
    # From where an older workbook has them: read_table looks a few columns further, so it
    # finds them one column on too, where the E-mail column moved them.
    for row in read_table(book, sheet, [heading], required=[heading], start=OLD_FUNCTIONS_AT):
        name = as_text(row[heading])
        if name:
            content.functions.append(name)


def _email(row: Row) -> str | None:
    """A person's e-mail address, checked as ``hoshin person set --email`` checks it: a bad
    one refuses the import (reminders would go nowhere), naming its cell."""
    value = row["E-mail"]
    try:
        return validate.email(None if value is None else str(value))
    except ValidationError as exc:
        raise ImportFailed(f"{row.at('E-mail')}: {exc}") from None


def read_objectives(book: Book, content: Content) -> None:
    headings = [h for h, _w in names.OBJECTIVE_COLUMNS]
    for row in read_table(book, names.OBJECTIVES, headings, required=("Code", "Kind", "Unit")):
        code, unit = as_text(row["Code"]), as_text(row["Unit"])
        try:
            kind = parse_enum(NodeKind, as_text(row["Kind"]) or "", "kind")
        except ValueError as exc:
            content.problems.append(f"{row.at('Kind')}: {exc}")
            continue
        if not code or not unit or kind is NodeKind.KAIZEN:
            continue
        fields: dict[str, Any] = {
            "description": as_text(row["Description"]),
            "function": as_text(row["Function"]),
            "start_date": as_date(row["Start"]),
            "due_date": as_date(row["Due"]),
        }
        if kind is NodeKind.TARGET:
            fields |= {
                "unit_of_measure": as_text(row["Unit of measure"]),
                "direction": direction(row["Direction"]),
                "baseline": row["Baseline"],
                "goal": row["Goal"],
            }
        parents = [p.strip() for p in (as_text(row["Deployed from"]) or "").split(",") if p.strip()]
        where = row.at("Serves in other units")
        for target, strength in parse_codes(as_text(row["Serves in other units"]), where, content):
            content.links.append(LinkRec(code.upper(), target, strength, "", where))
        committed = row["Committed goal"]
        content.nodes[code.upper()] = NodeRec(
            code.upper(),
            kind,
            unit.upper(),
            as_text(row["Title"]) or "",
            row.at("Title"),
            fields,
            parents,
            committed if isinstance(committed, int | float) else None,
        )


def parse_codes(
    text: str | None, where: str, content: Content
) -> list[tuple[str, Strength | None]]:
    out: list[tuple[str, Strength | None]] = []
    for part in (text or "").split(","):
        if not part.strip():
            continue
        found = _CODE_AND_STRENGTH.match(part)
        strength: Strength | None = None
        if found and found.group(2):
            try:
                strength = Strength(found.group(2).lower())
            except ValueError:
                content.problems.append(f"{where}: {found.group(2)!r} is not a strength")
        if found:
            out.append((found.group(1).upper(), strength))
        else:
            content.problems.append(f"{where}: {part.strip()!r} is not a code")
    return out


def direction(value: Any) -> str | None:
    """``higher is better`` / ``up`` -> ``up``; the same for down."""
    text = (as_text(value) or "").lower()
    for stored, words in names.DIRECTION_WORDS.items():
        if text in (stored, words):
            return stored
    return text or None


def symbol_map(settings: dict[str, Any]) -> dict[str, Strength]:
    """The plan's own symbols (the defaults and the words are always understood too)."""
    symbols = settings.get("symbols") or {s.value: sym for s, sym in DEFAULT_SYMBOLS.items()}
    return {sym: Strength(word) for word, sym in symbols.items() if sym}


def read_matrices(
    book: Book, content: Content, index: dict[str, str], from_objectives: bool
) -> None:
    """Nodes, links, rationale and owners from each X-matrix sheet."""
    symbols = symbol_map(content.settings)
    sheets = [s for s in book.sheet_names if s in index or s.startswith(names.XMATRIX_PREFIX)]
    for sheet in sheets:
        unit = index.get(sheet) or sheet[len(names.XMATRIX_PREFIX) :].strip()
        cells = read_cells(book.sheet(sheet))
        read = read_matrix(sheet, cells, book.comments(sheet), symbols, report_outside=False)
        if read is None:
            content.problems.append(f"{sheet}: no X-matrix found on this sheet")
            continue
        content.problems.extend(read.problems)
        add_matrix(content, read, unit.upper(), from_objectives)


def add_matrix(content: Content, read: MatrixRead, unit: str, from_objectives: bool) -> None:
    """Merge one read X-matrix into ``content`` (nodes of ``unit``, links, owners)."""
    codes = _CodeMaker(content)
    for kind, labels in read.bands.items():
        for label in labels:
            if label.deployed_in:
                continue  # a unit above's item, read from that unit's sheet
            if label.code is None:
                label.code = codes.next(kind)
            node = content.nodes.get(label.code)
            if node is None:
                node = NodeRec(label.code, kind, unit, label.title, f"{read.sheet}!{label.cell}")
                if kind is NodeKind.TARGET:
                    node.fields["direction"] = None
                content.nodes[label.code] = node
            elif node.kind is not kind:
                content.problems.append(
                    f"{read.sheet}!{label.cell}: {label.code} is a {node.kind.value} on the "
                    f"Objectives sheet but stands with the {kind.value} items here; kept as "
                    f"{node.kind.value}"
                )
                continue
            node.title, node.unit = label.title or node.title, unit
            if label.parent and not from_objectives and label.parent not in node.parents:
                node.parents.append(label.parent)
    for link in read.links:
        if link.row.deployed_in or link.col.deployed_in:
            continue
        source, target = link_ends(link)
        content.links.append(LinkRec(source, target, link.strength, link.rationale, link.cell))
    keys = {p.key for p in content.people}
    by_name: dict[str, list[str]] = {}
    for p in content.people:
        by_name.setdefault(p.name.lower(), []).append(p.key)
    for mark in read.owners:
        if mark.item.deployed_in:
            continue
        key = mark.person.key
        if key is None or key not in keys:
            found = by_name.get(mark.person.name.lower(), [])
            if len(found) != 1:
                content.problems.append(f"{mark.cell}: no one person is called {mark.person.name}")
                continue
            key = found[0]
        content.owners.append(OwnerRec(mark.item.code or "", key, mark.role, mark.cell))


class _CodeMaker:
    """New codes for labels that have none: the next free number of the kind's prefix."""

    def __init__(self, content: Content) -> None:
        self.content = content

    def next(self, kind: NodeKind) -> str:
        pattern = re.compile(rf"^{kind.prefix}-(\d+)$")
        taken = [int(m.group(1)) for c in self.content.nodes if (m := pattern.match(c))]
        return f"{kind.prefix}-{max(taken, default=0) + 1}"


def require(book: Book, sheet: str) -> None:
    if sheet not in book.sheet_names:
        raise ImportFailed(f"The workbook has no {sheet!r} sheet, which a Hoshin workbook needs.")
