"""What an edit changed, so each view refreshes only what it shows (Anki's OpChanges).

Each kind of thing (units, nodes, links, owners, threads …) lists the ids an edit touched
and *how*: added, updated or removed. A view updates a row in place for an update and
rebuilds only when rows came or went. Read as a set, a kind is every id it touched.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, fields
from typing import Any, Literal, TypeVar

#: How an edit touched a row.
How = Literal["added", "updated", "removed"]

K = TypeVar("K", int, str)

#: (how a row was touched first, how later in the same edit) → how the edit touched it.
#: A row added and changed is added; changed and removed is removed; removed and made
#: again (same id) is changed. Added then removed within one edit reads as removed: a
#: view that never showed the row has nothing to do, and one that did drops it.
_THEN: dict[tuple[How, How], How] = {
    ("added", "added"): "added",
    ("added", "updated"): "added",
    ("added", "removed"): "removed",
    ("updated", "added"): "updated",
    ("updated", "updated"): "updated",
    ("updated", "removed"): "removed",
    ("removed", "added"): "updated",
    ("removed", "updated"): "updated",
    ("removed", "removed"): "removed",
}


class Rows(AbstractSet[K]):
    """The ids of one kind an edit touched, each with how.

    Reads as the set of every touched id (``node_id in changes.nodes``,
    ``changes.nodes & shown``); :attr:`added`, :attr:`updated` and :attr:`removed` say how.

    Args:
        ids: ids touched; a caller that cannot tell how passes them as ``how``.
        how: how ``ids`` were touched.
    """

    __slots__ = ("_how",)

    def __init__(self, ids: Iterable[K] = (), how: How = "updated") -> None:
        self._how: dict[K, How] = dict.fromkeys(ids, how)

    def note(self, ids: Iterable[K], how: How) -> None:
        """Record that ``ids`` were ``how``, after what was recorded of them before."""
        known = self._how
        for i in ids:
            before = known.get(i)
            known[i] = how if before is None else _THEN[before, how]

    def merge(self, later: Rows[K]) -> None:
        """Fold in what a later part of the same edit did."""
        for row_id, how in later._how.items():
            self.note((row_id,), how)

    def how(self, row_id: K) -> How | None:
        """How ``row_id`` was touched; None when it was not."""
        return self._how.get(row_id)

    @property
    def added(self) -> frozenset[K]:
        return self._of("added")

    @property
    def updated(self) -> frozenset[K]:
        return self._of("updated")

    @property
    def removed(self) -> frozenset[K]:
        return self._of("removed")

    @property
    def reshaped(self) -> bool:
        """Whether rows came or went (not only changed): what makes a list rebuild."""
        return any(h != "updated" for h in self._how.values())

    def _of(self, how: How) -> frozenset[K]:
        return frozenset(i for i, h in self._how.items() if h == how)

    def __contains__(self, row_id: object) -> bool:
        return row_id in self._how

    def __iter__(self) -> Iterator[K]:
        return iter(self._how)

    def __len__(self) -> int:
        return len(self._how)

    def __repr__(self) -> str:
        return f"Rows({self._how!r})"

    @classmethod
    def _from_iterable(cls, it: Iterable[Any]) -> set[Any]:
        # ``rows & shown``, ``rows | other``: plain sets of ids, as before rows said how.
        return set(it)


@dataclass
class Changes:
    """Rows touched by an edit, per kind of thing, each added, updated or removed.

    ``owners``, ``measurements`` and ``sustainment`` hold the ids of the *nodes* whose
    responsibilities, monthly figures or checks/action items changed, ``roles`` the people
    whose unit roles changed: those are always *updated* (the node or person stays).
    ``threads`` holds catchball threads: added when thrown, updated when one got a
    message. A link's two nodes are updated with it (a view shows a node's links).

    A plain set given for a kind (``Changes(nodes={3})``) is taken as updated.
    """

    settings: Rows[str] = field(default_factory=Rows)
    functions: Rows[int] = field(default_factory=Rows)
    units: Rows[int] = field(default_factory=Rows)
    people: Rows[int] = field(default_factory=Rows)
    nodes: Rows[int] = field(default_factory=Rows)
    edges: Rows[int] = field(default_factory=Rows)
    owners: Rows[int] = field(default_factory=Rows)
    measurements: Rows[int] = field(default_factory=Rows)
    sustainment: Rows[int] = field(default_factory=Rows)
    threads: Rows[int] = field(default_factory=Rows)
    roles: Rows[int] = field(default_factory=Rows)  # people whose unit roles changed
    a3s: Rows[int] = field(default_factory=Rows)  # nodes whose A3 (or its rows) changed
    years: Rows[int] = field(default_factory=Rows)  # years opened, closed or added
    problems: Rows[int] = field(default_factory=Rows)  # problems raised, moved or changed
    findings: Rows[int] = field(default_factory=Rows)  # findings of routines

    def __post_init__(self) -> None:
        for name in KINDS:
            given = getattr(self, name)
            if not isinstance(given, Rows):
                setattr(self, name, Rows(given))

    def kind(self, name: str) -> Rows[Any]:
        """The rows of the kind called ``name`` (one of :data:`KINDS`)."""
        if name not in KINDS:
            raise KeyError(name)
        rows: Rows[Any] = getattr(self, name)
        return rows

    def merge(self, other: Changes) -> Changes:
        """Fold in what a later part of the same edit (or a later edit) did."""
        for name in KINDS:
            self.kind(name).merge(other.kind(name))
        return self

    def __bool__(self) -> bool:
        return any(self.kind(name) for name in KINDS)

    @property
    def structure(self) -> bool:
        """True when units, nodes or links changed: the graph and trees must follow."""
        return bool(self.units or self.nodes or self.edges)


#: The kinds of thing a :class:`Changes` lists, by attribute name.
KINDS: tuple[str, ...] = tuple(f.name for f in fields(Changes))
