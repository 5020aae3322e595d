"""The open plan's unit tree, kept by a view between two edits of the units."""

from __future__ import annotations

from typing import Protocol

from hoshin.plan import Plan
from hoshin.reads.units import UnitTree


class _HasPlan(Protocol):
    @property
    def plan(self) -> Plan | None: ...


class UnitTreeCache:
    """The document's :class:`~hoshin.reads.units.UnitTree`, read on first use and again
    after :meth:`forget` (when units changed or another plan was opened)."""

    def __init__(self, document: _HasPlan) -> None:
        self._document = document
        self._units: UnitTree | None = None

    def get(self) -> UnitTree:
        if self._units is None:
            plan = self._document.plan
            assert plan is not None
            self._units = UnitTree.of(plan)
        return self._units

    def forget(self) -> None:
        self._units = None
