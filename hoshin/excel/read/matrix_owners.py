"""The owner block of an X-matrix sheet: people across, ● primary / ○ secondary below."""

from __future__ import annotations

from hoshin.excel.read.matrix_model import KEY_RE, ROLE_WORDS, Label, MatrixRead, OwnerMark, Person
from hoshin.excel.read.reading import Cells, as_text, ref


def read_owners(
    cells: Cells,
    sheet: str,
    out: MatrixRead,
    owner_cols: list[int],
    centre_rows: range,
    north_at: dict[int, Label | None],
    south_at: dict[int, Label | None],
    targets: list[Label | None],
    used: set[tuple[int, int]],
) -> None:
    """People across the centre rows; ● primary / ○ secondary in priority and target rows."""
    code_col = None
    people: dict[int, Person] = {}
    for c in owner_cols:
        texts = [as_text(cells.get((r, c))) for r in centre_rows]
        name = "\n".join(t for t in texts if t)
        if name:
            lines = name.split("\n")
            key = lines[-1].strip() if len(lines) > 1 and KEY_RE.match(lines[-1].strip()) else None
            person_name = " ".join(x.strip() for x in (lines[:-1] if key else lines))
            people[c] = Person(person_name, key, f"{sheet}!{ref(centre_rows[0], c)}")
            used.update((r, c) for r in centre_rows if (r, c) in cells)
        elif any(KEY_RE.match(as_text(cells.get((r, c))) or "") for r in [*north_at, *south_at]):
            code_col = c
    out.people = list(people.values())
    by_code = {x.code: x for x in targets if x is not None and x.code}
    for rows_at, is_north in ((north_at, True), (south_at, False)):
        for i, (r, row_label) in enumerate(rows_at.items()):
            item: Label | None = row_label if is_north else None
            if code_col is not None and (r, code_col) in cells:
                used.add((r, code_col))
                code = as_text(cells[(r, code_col)])
                if not is_north:
                    item = by_code.get(code or "")
            elif not is_north:
                item = targets[i] if i < len(targets) else None
            for c, person in people.items():
                if (r, c) not in cells:
                    continue
                used.add((r, c))
                at = f"{sheet}!{ref(r, c)}"
                text = (as_text(cells[(r, c)]) or "").lower()
                role = ROLE_WORDS.get(text)
                if role is None:
                    out.problems.append(f"{at}: {as_text(cells[(r, c)])!r} is not an owner mark")
                elif item is None:
                    what = "priority" if is_north else "target"
                    out.problems.append(f"{at}: an owner mark in a row with no {what}")
                else:
                    out.owners.append(OwnerMark(item, person, role, at))
