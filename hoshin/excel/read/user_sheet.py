"""Reading a person's own X-matrix sheet (DESIGN §3 layout) into a one-unit plan's content."""

from __future__ import annotations

from hoshin.excel.errors import UnknownLayoutError
from hoshin.excel.read.content import Content, LinkRec, NodeRec, OwnerRec, PersonRec, UnitRec
from hoshin.excel.read.matrix_model import MatrixRead, link_ends
from hoshin.excel.read.matrix_reader import read_matrix
from hoshin.excel.read.reading import Book, read_cells
from hoshin.model.kinds import DEFAULT_SYMBOLS, NodeKind
from hoshin.rules.validate import MAX_TITLE

UNIT = "CO"


def read_user_sheet(book: Book) -> Content:
    """The first sheet that holds an X-matrix, as a plan of one unit.

    Raises:
        UnknownLayoutError: no sheet holds anything that reads as an X-matrix.
    """
    symbols = {sym: strength for strength, sym in DEFAULT_SYMBOLS.items()}
    found: Content | None = None
    skipped: list[str] = []
    for sheet in book.sheet_names:
        cells = read_cells(book.sheet(sheet))
        if not cells:
            continue
        if found is not None:
            skipped.append(f"{sheet}: only the first X-matrix is read; this sheet was not")
            continue
        read = read_matrix(sheet, cells, book.comments(sheet), symbols)
        if read is None or not any(read.bands.values()):
            skipped.append(f"{sheet}: no X-matrix found on this sheet; it was not read")
            continue
        found = _content(read)
    if found is not None:
        found.problems.extend(skipped)
        return found
    raise UnknownLayoutError(
        f"{book.path.name} is neither a workbook Hoshin exported nor an X-matrix Hoshin can "
        "read: no sheet has labels around a centre with strengths (●, ○, △, ◎, X or the words "
        "strong, medium, weak) in its corners."
    )


def _content(read: MatrixRead) -> Content:
    name = next((t for t in read.centre_text if not t.isdigit()), None) or read.sheet
    content = Content(plan_name=name[:200], source="X-matrix sheet")
    content.units.append(UnitRec(UNIT, name[:200], None, None, None, read.sheet))
    content.problems.extend(read.problems)
    kinds = (NodeKind.BREAKTHROUGH, NodeKind.ANNUAL, NodeKind.PRIORITY, NodeKind.TARGET)
    seen: set[str] = set()
    for label in (x for kind in kinds for x in read.band(kind)):
        if label.code is not None and label.code in seen:
            content.problems.append(
                f"{read.sheet}!{label.cell}: the code {label.code} is used "
                "twice; this one got a new code"
            )
            label.code = None
        elif label.code is not None:
            seen.add(label.code)
    taken = set(seen)
    for kind in kinds:
        for label in read.band(kind):
            where = f"{read.sheet}!{label.cell}"
            if label.code is None:
                label.code = _next_code(kind, taken)
                taken.add(label.code)
            title = label.title or label.code
            if not label.title:
                content.problems.append(f"{where}: {label.code} has no title; its code is used")
            if len(title) > MAX_TITLE:
                content.problems.append(f"{where}: the title was cut to {MAX_TITLE} characters")
                title = title[: MAX_TITLE - 1] + "…"
            node = NodeRec(label.code, kind, UNIT, title, where)
            if kind is NodeKind.TARGET:
                node.fields["direction"] = "up"
            content.nodes[label.code] = node
            if label.parent:
                content.problems.append(
                    f"{where}: deployed from {label.parent}, which is not in "
                    "this sheet; the link was left out"
                )
    for link in read.links:
        source, target = link_ends(link)
        content.links.append(LinkRec(source, target, link.strength, link.rationale, link.cell))
    keys: dict[int, str] = {}
    for n, person in enumerate(read.people, start=1):
        key = f"P-{n}"
        keys[id(person)] = key
        content.people.append(PersonRec(key, person.name, UNIT, person.cell))
    for mark in read.owners:
        content.owners.append(
            OwnerRec(mark.item.code or "", keys[id(mark.person)], mark.role, mark.cell)
        )
    return content


def _next_code(kind: NodeKind, taken: set[str]) -> str:
    n = 1
    while f"{kind.prefix}-{n}" in taken:
        n += 1
    return f"{kind.prefix}-{n}"
