"""What an X-matrix sheet says, as read: labels, links, people and owner marks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hoshin.excel import names
from hoshin.excel.read.reading import as_text
from hoshin.model.kinds import NodeKind, OwnerRole, Strength

CODE_RE = re.compile(r"^([A-Z][A-Z0-9]{0,7}-\d+)(?:\s+(.*))?$", re.DOTALL)
KEY_RE = re.compile(r"^[A-Z][A-Z0-9]{0,7}-\d+$")
MEASURE_RE = re.compile(r"^\S+\s*→\s*\S+")
STRENGTH_WORDS: dict[str, Strength | None] = {
    "●": Strength.STRONG,
    "◎": Strength.STRONG,
    "○": Strength.MEDIUM,
    "△": Strength.WEAK,
    "strong": Strength.STRONG,
    "medium": Strength.MEDIUM,
    "weak": Strength.WEAK,
    "x": None,
    names.UNRATED: None,
}
ROLE_WORDS = {
    names.PRIMARY: OwnerRole.PRIMARY,
    "primary": OwnerRole.PRIMARY,
    "p": OwnerRole.PRIMARY,
    "x": OwnerRole.PRIMARY,
    names.SECONDARY: OwnerRole.SECONDARY,
    "secondary": OwnerRole.SECONDARY,
    "s": OwnerRole.SECONDARY,
}


@dataclass
class Label:
    """One item of a band as the sheet names it."""

    kind: NodeKind
    index: int  # from the centre outward
    cell: str
    code: str | None
    title: str
    parent: str | None = None
    deployed_in: str | None = None  # a unit above's item, shown for context: not read in


@dataclass
class Person:
    name: str
    key: str | None
    cell: str


@dataclass
class MatrixLink:
    row: Label
    col: Label
    strength: Strength | None
    rationale: str
    cell: str


#: Per corner (row kind, column kind): True when the column's item serves the row's.
_COLUMN_SERVES = {
    (NodeKind.PRIORITY, NodeKind.ANNUAL): False,  # the priority supports the annual objective
    (NodeKind.BREAKTHROUGH, NodeKind.ANNUAL): True,  # the annual supports the breakthrough
    (NodeKind.PRIORITY, NodeKind.TARGET): True,  # the target measures the priority
    (NodeKind.BREAKTHROUGH, NodeKind.TARGET): True,  # the target measures the breakthrough
}


def link_ends(link: MatrixLink) -> tuple[str, str]:
    """(source, target) codes of the edge a corner cell stands for."""
    row, col = link.row.code or "", link.col.code or ""
    return (col, row) if _COLUMN_SERVES[(link.row.kind, link.col.kind)] else (row, col)


@dataclass
class OwnerMark:
    item: Label
    person: Person
    role: OwnerRole
    cell: str


@dataclass
class MatrixRead:
    sheet: str
    centre_text: list[str] = field(default_factory=list)
    bands: dict[NodeKind, list[Label]] = field(default_factory=dict)
    links: list[MatrixLink] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    owners: list[OwnerMark] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def band(self, kind: NodeKind) -> list[Label]:
        return self.bands.get(kind, [])


def strength_of(value: object, symbols: dict[str, Strength]) -> tuple[bool, Strength | None]:
    """Whether a corner cell marks a link, and its strength (None: a link with none)."""
    text = as_text(value)
    if text is None:
        return False, None
    if text in symbols:
        return True, symbols[text]
    key = text.lower()
    if key in STRENGTH_WORDS:
        return True, STRENGTH_WORDS[key]
    return False, None


def is_symbol(value: object, symbols: dict[str, Strength]) -> bool:
    return strength_of(value, symbols)[0]
