"""What an edit changed, so each view refreshes only what it shows (Anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass
class Changes:
    """Ids touched by an edit, per kind of thing. An id may be added, updated or removed.

    ``owners``, ``measurements`` and ``sustainment`` hold the ids of the *nodes* whose
    responsibilities, monthly figures or checks/action items changed; ``threads`` the ids
    of catchball threads that changed or got a message.
    """

    settings: set[str] = field(default_factory=set)
    functions: set[int] = field(default_factory=set)
    units: set[int] = field(default_factory=set)
    people: set[int] = field(default_factory=set)
    nodes: set[int] = field(default_factory=set)
    edges: set[int] = field(default_factory=set)
    owners: set[int] = field(default_factory=set)
    measurements: set[int] = field(default_factory=set)
    sustainment: set[int] = field(default_factory=set)
    threads: set[int] = field(default_factory=set)
    roles: set[int] = field(default_factory=set)  # people whose unit roles changed

    def merge(self, other: Changes) -> Changes:
        for f in fields(self):
            getattr(self, f.name).update(getattr(other, f.name))
        return self

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    @property
    def structure(self) -> bool:
        """True when units, nodes or links changed: the graph and trees must follow."""
        return bool(self.units or self.nodes or self.edges)
