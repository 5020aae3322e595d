"""The X-matrix of one unit (DESIGN §3) as plain data: its bands, corners and owner block.

What the Qt view draws and the Excel sheet writes; :mod:`hoshin.reads.xmatrix.reader` fills it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from hoshin.model.kinds import EdgeKind, NodeKind, OwnerRole, Strength
from hoshin.reads import xmatrix_checks as rv
from hoshin.text.formats import number

#: Kinds of the four label bands, in the order the view lists them.
MATRIX_KINDS = (NodeKind.BREAKTHROUGH, NodeKind.ANNUAL, NodeKind.PRIORITY, NodeKind.TARGET)

#: Checks that break a line of sight: shown red; the other findings are shown amber.
LINE_OF_SIGHT_CHECKS = frozenset({rv.PRIORITY_SUPPORTS_NOTHING, rv.BREAKTHROUGH_UNSUPPORTED})


class Corner(StrEnum):
    """A corner grid: rows from the North or South band, columns from the West or East."""

    NW = "nw"  # priority × annual: priority supports annual
    SW = "sw"  # breakthrough × annual: annual supports breakthrough
    NE = "ne"  # priority × target: target measures priority
    SE = "se"  # breakthrough × target: target measures breakthrough

    @property
    def row_kind(self) -> NodeKind:
        return NodeKind.PRIORITY if self in (Corner.NW, Corner.NE) else NodeKind.BREAKTHROUGH

    @property
    def col_kind(self) -> NodeKind:
        return NodeKind.ANNUAL if self in (Corner.NW, Corner.SW) else NodeKind.TARGET

    @property
    def edge_kind(self) -> EdgeKind:
        return EdgeKind.SUPPORTS if self.col_kind is NodeKind.ANNUAL else EdgeKind.MEASURES

    def link_ends(self, row: str, col: str) -> tuple[str, str]:
        """(source, target) of the stored edge behind cell (row, col), as DESIGN §2 says."""
        return (row, col) if self is Corner.NW else (col, row)


#: The corner that shows a stored edge, by (source kind, target kind).
EDGE_CORNER: dict[tuple[NodeKind, NodeKind], Corner] = {
    (NodeKind.PRIORITY, NodeKind.ANNUAL): Corner.NW,
    (NodeKind.ANNUAL, NodeKind.BREAKTHROUGH): Corner.SW,
    (NodeKind.TARGET, NodeKind.PRIORITY): Corner.NE,
    (NodeKind.TARGET, NodeKind.BREAKTHROUGH): Corner.SE,
}


def corner_of(row_kind: NodeKind, col_kind: NodeKind) -> Corner:
    for corner in Corner:
        if corner.row_kind is row_kind and corner.col_kind is col_kind:
            return corner
    raise ValueError(f"No X-matrix corner joins {row_kind.value} rows and {col_kind.value} columns")


#: Corner cells: (row code, column code) -> strength.
Cells = dict[tuple[str, str], Strength]


@dataclass(frozen=True, slots=True)
class Item:
    """One label of a band: a breakthrough, annual objective, priority or target."""

    id: int
    code: str
    kind: NodeKind
    title: str
    parent_code: str | None = None  # the node it was deployed from, if any
    unit_of_measure: str | None = None
    direction: str | None = None
    baseline: float | None = None
    goal: float | None = None
    # The unit code of a unit above whose priority (or its target) this unit's kaizens serve:
    # a "deployed-in" row, shown for context and read only here; None for the unit's own.
    deployed_in: str | None = None

    @property
    def measure(self) -> str:
        """``18 → 24 %`` for a target (baseline → goal, unit); empty for other kinds."""
        if self.kind is not NodeKind.TARGET:
            return ""
        unit = self.unit_of_measure or ""
        if self.baseline is None and self.goal is None:
            return unit
        return f"{number(self.baseline)} → {number(self.goal)} {unit}".rstrip()


@dataclass(frozen=True, slots=True)
class Owner:
    """A person with a column in the owner block."""

    id: int
    key: str
    name: str
    unit_id: int
    unit_code: str = ""  # the person's own unit: where an overload finding is filed


@dataclass(frozen=True)
class XMatrix:
    """One unit's X-matrix. Codes key everything, as in the CLI and the Excel sheets.

    Bands list their items in code order; the view draws the first one next to the centre.
    Corner dicts are keyed ``(row_code, col_code)``; ``rationale`` holds the non-empty
    rationales of all four corners under the same keys, ``unrated`` the links with no
    strength. ``findings`` maps a node code, a person key or the unit code to the review
    messages about it, ``checks`` to the names of those checks.
    """

    unit_id: int
    unit_code: str
    unit_name: str
    unit_level: str
    year: int
    south: tuple[Item, ...]
    west: tuple[Item, ...]
    north: tuple[Item, ...]
    east: tuple[Item, ...]
    owners: tuple[Owner, ...]
    nw: Cells = field(default_factory=dict)
    sw: Cells = field(default_factory=dict)
    ne: Cells = field(default_factory=dict)
    se: Cells = field(default_factory=dict)
    rationale: dict[tuple[str, str], str] = field(default_factory=dict)
    unrated: frozenset[tuple[str, str]] = frozenset()  # linked, but with no strength yet
    owner_cells: dict[tuple[str, str], OwnerRole] = field(default_factory=dict)
    findings: dict[str, list[str]] = field(default_factory=dict)
    checks: dict[str, list[str]] = field(default_factory=dict)
    # What the matrix was built from, so a change can be tested against it cheaply.
    edge_ids: frozenset[int] = frozenset()
    owner_load: Mapping[int, int] = field(default_factory=dict)

    def severity(self, code: str) -> str | None:
        """How bad the findings on ``code`` are: "error" (no line of sight), "warning", None."""
        checks = self.checks.get(code)
        if not checks:
            return None
        return "error" if any(c in LINE_OF_SIGHT_CHECKS for c in checks) else "warning"

    def corner(self, corner: Corner) -> Cells:
        return {Corner.NW: self.nw, Corner.SW: self.sw, Corner.NE: self.ne, Corner.SE: self.se}[
            corner
        ]

    def band(self, kind: NodeKind) -> tuple[Item, ...]:
        return {
            NodeKind.BREAKTHROUGH: self.south,
            NodeKind.ANNUAL: self.west,
            NodeKind.PRIORITY: self.north,
            NodeKind.TARGET: self.east,
        }[kind]

    @property
    def items(self) -> tuple[Item, ...]:
        return self.south + self.west + self.north + self.east

    @property
    def node_ids(self) -> frozenset[int]:
        return frozenset(item.id for item in self.items)

    @property
    def own_north(self) -> tuple[Item, ...]:
        """The unit's own priorities (without the deployed-in rows)."""
        return tuple(i for i in self.north if i.deployed_in is None)

    @property
    def own_east(self) -> tuple[Item, ...]:
        """The unit's own targets (without the deployed-in columns)."""
        return tuple(i for i in self.east if i.deployed_in is None)

    def read_only(self, code: str) -> bool:
        """Whether ``code`` is a deployed-in item: another unit's, not edited here."""
        item = self.item(code)
        return item is not None and item.deployed_in is not None

    def item(self, code: str) -> Item | None:
        return next((i for i in self.items if i.code == code), None)

    def owner(self, key: str) -> Owner | None:
        return next((o for o in self.owners if o.key == key), None)
