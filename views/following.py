"""One way to follow the open plan: the document's notices wired in one place.

Every view that shows part of the plan answers the same notices of
:class:`~views.document.PlanDocument`: another plan (``planReset``), another unit
(``unitSelected``), another node (``nodeSelected``), another person (``personChanged``),
and an edit, undo or redo (``changed``, with the :class:`~hoshin.changes.Changes`).
:class:`FollowsDocument` connects them once and calls one hook per notice; a view overrides
the hooks it needs, and says with :func:`change_filter` which kinds of change its
:meth:`~FollowsDocument.on_changes` is for (qutebrowser's ``@config.change_filter``).

A widget that reads only while it is seen (a tab or dock tab behind another) follows with
``when_seen=True`` and gets a :class:`~views.lazy.Lazy`: every hook's default is "out of
date" (:meth:`~FollowsDocument.mark_stale`), which reads now when the view is seen and
otherwise when it next comes to the front. A view without it reads at once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import fields
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from hoshin.changes import Changes
from views.lazy import Lazy

if TYPE_CHECKING:
    from views.document import PlanDocument

#: The kinds of change a filter may name: the fields of :class:`~hoshin.changes.Changes`.
CHANGE_KINDS = frozenset(f.name for f in fields(Changes))

V = TypeVar("V")
OnChanges = Callable[[V, Changes], None]


def change_filter(
    *kinds: str, settings: Iterable[str] = ()
) -> Callable[[OnChanges[V]], OnChanges[V]]:
    """Run the decorated ``on_changes`` only for an edit that touched one of ``kinds`` (field
    names of :class:`~hoshin.changes.Changes`, such as ``"nodes"`` or ``"threads"``) or one of
    the plan ``settings`` named.

    The ``Changes`` reaches the method as the document announced it, so the view can
    refresh only what it shows. A kind that does not exist is an error at import time, not
    a filter that silently never lets anything through.
    """
    unknown = set(kinds) - CHANGE_KINDS
    if unknown:
        raise ValueError(f"not a kind of change: {', '.join(sorted(unknown))}")
    names = frozenset(settings)

    def decorate(method: OnChanges[V]) -> OnChanges[V]:
        @functools.wraps(method)
        def filtered(view: V, changes: Changes) -> None:
            if any(getattr(changes, kind) for kind in kinds) or any(
                name in changes.settings for name in names
            ):
                method(view, changes)

        filtered.change_kinds = frozenset(kinds)  # type: ignore[attr-defined]
        filtered.change_settings = names  # type: ignore[attr-defined]
        return filtered

    return decorate


class FollowsDocument:
    """Mixin for whatever shows part of the open plan: a view, a model, a shell part.

    Put it first among the bases (``class NodeHistory(FollowsDocument, QWidget)``) so that
    its ``showEvent`` runs, and call :meth:`follow` once from ``__init__``, where the parts
    its hooks use exist: the view starts as after a plan reset.

    Hooks (each defaults to :meth:`mark_stale`):
        plan_reset(): another plan, or the plan read again; forget what was cached. The
            unit and node followed are the document's already.
        set_unit(unit_id): the document's unit changed (only with ``unit=True``).
        set_node(node_id): the document's node changed (only with ``node=True``).
        person_changed(): someone else uses the app (only with ``person=True``).
        on_changes(changes): an edit, undo or redo (unless ``changes=False``); decorate
            with :func:`change_filter`.
        refresh(): read what the view shows again: what :meth:`mark_stale` ends in.

    Attributes:
        document: the open plan.
        unit_id: the unit shown (a view that follows the unit).
        node_id: the node shown (a view that follows the node).
        lazy: the :class:`Lazy` of a view that reads only when seen, else None.
    """

    document: PlanDocument
    lazy: Lazy | None = None
    unit_id: int = 0
    node_id: int = 0
    _follows_unit: bool = False
    _follows_node: bool = False

    def follow(
        self,
        document: PlanDocument,
        *,
        unit: bool = False,
        node: bool = False,
        person: bool = False,
        changes: bool = True,
        when_seen: bool = False,
        deferred: bool = False,
    ) -> None:
        """Follow ``document``: connect its notices to the hooks, then start as after a reset.

        Args:
            unit: follow the selected unit (:meth:`set_unit`).
            node: follow the selected node (:meth:`set_node`).
            person: follow the current person (:meth:`person_changed`).
            changes: follow edits, undos and redos (:meth:`on_changes`).
            when_seen: read only while the view is seen (a widget): see :class:`Lazy`.
            deferred: with ``when_seen``, read on the next turn of the event loop, so that
                a burst of edits (an undo of a batch) reads once.
        """
        self.document = document
        self._follows_unit, self._follows_node = unit, node
        if when_seen:
            assert isinstance(self, QWidget), "only a widget is seen"
            self.lazy = Lazy(self, self.refresh, deferred=deferred)
        document.planReset.connect(self._plan_was_reset)
        if unit:
            document.unitSelected.connect(self.set_unit)
        if node:
            document.nodeSelected.connect(self.set_node)
        if person:
            document.personChanged.connect(self.person_changed)
        if changes:
            document.changed.connect(self.on_changes)
        self._plan_was_reset()

    def _plan_was_reset(self) -> None:
        if self._follows_unit:
            self.unit_id = self.document.unit_id
        if self._follows_node:
            self.node_id = self.document.node_id
        self.plan_reset()

    # -- hooks -----------------------------------------------------------------------------

    def plan_reset(self) -> None:
        self.mark_stale()

    def set_unit(self, unit_id: int) -> None:
        """Show ``unit_id`` (the document's selection, or a caller's)."""
        if unit_id != self.unit_id:
            self.unit_id = unit_id
            self.mark_stale()

    def set_node(self, node_id: int) -> None:
        """Show ``node_id`` (the document's selection, or a caller's)."""
        if node_id != self.node_id:
            self.node_id = node_id
            self.mark_stale()

    def person_changed(self) -> None:
        self.mark_stale()

    def on_changes(self, changes: Changes) -> None:
        self.mark_stale()

    def refresh(self) -> None:
        raise NotImplementedError(f"{type(self).__name__} follows the document: it reads how?")

    # -- reading -----------------------------------------------------------------------------

    @property
    def stale(self) -> bool:
        """Whether what the view shows waits for a read (never, for one that reads at once)."""
        return self.lazy is not None and self.lazy.stale

    def mark_stale(self) -> None:
        """What the view shows may be out of date: read now if it is seen, else when it is."""
        if self.lazy is not None:
            self.lazy.mark()
        else:
            self.refresh()

    def set_active(self, active: bool) -> None:
        """Whether the view's dock tab is the one in front (see :mod:`views.lazy`)."""
        if self.lazy is not None:
            self.lazy.set_active(active)

    def showEvent(self, event: QShowEvent) -> None:
        base: Any = super()
        base.showEvent(event)
        if self.lazy is not None:
            self.lazy.shown()
