"""The open plan as every view sees it: edits, undo, change notifications, selection.

Views never write to the plan directly: they call :meth:`PlanDocument.execute` with a
``hoshin`` operation, which applies it in one transaction and pushes an undo command. After
every edit, undo and redo the document emits ``changed`` with what the edit touched, so each
view refreshes only that (Anki's OpChanges), never by polling.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from hoshin.changes import Changes
from hoshin.model.errors import HoshinError, StaleEditError
from hoshin.operations import Applied, Operation
from hoshin.plan import Plan
from hoshin.reads.units import root_unit

log = logging.getLogger(__name__)


class OperationCommand(QUndoCommand):
    """One user action on the undo stack; the operation has run before the push."""

    def __init__(self, document: PlanDocument, applied: Applied) -> None:
        super().__init__(applied.label)
        self._document = document
        self._undo_op: Operation = applied.inverse
        self._redo_op: Operation | None = None
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:  # QUndoStack.push calls redo; the edit is already applied
            self._pushed = True
            return
        assert self._redo_op is not None
        applied = self._document.run_replay(self._redo_op)
        if applied is not None:
            self._undo_op = applied.inverse

    def undo(self) -> None:
        applied = self._document.run_replay(self._undo_op)
        if applied is not None:
            self._redo_op = applied.inverse


class PlanDocument(QObject):
    """Holds the open plan, its undo stack, and what is selected.

    Signals:
        changed(Changes): after each edit, undo or redo, with what it touched.
        planReset(): another plan was opened, or the plan was reloaded from disk.
        errorRaised(str): an edit was refused or failed and no widget that asked shows why:
            the text says why, for the window to show.
        errorShown(str): an edit was refused and the widget that asked shows why (its
            ``on_error``); the window only notes it.
        personChanged(): the current person changed (what they may edit may differ).
        staleEdit(str): an edit was refused because someone else changed the same thing
            first (after ``errorRaised`` or ``errorShown``); reloading shows their change.
        unitSelected(int): the unit shown in the centre tabs changed (unit id).
        nodeSelected(int): the selected node changed (node id; 0 for none).
    """

    changed = Signal(object)
    planReset = Signal()
    errorRaised = Signal(str)
    errorShown = Signal(str)
    staleEdit = Signal(str)
    personChanged = Signal()
    unitSelected = Signal(int)
    nodeSelected = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.plan: Plan | None = None
        self.undo_stack = QUndoStack(self)
        self._person: str | None = None
        self.unit_id: int = 0
        self.node_id: int = 0

    @property
    def current_person(self) -> str | None:
        """The person key of whoever uses the app: the author of edits and messages."""
        return self._person

    @current_person.setter
    def current_person(self, key: str | None) -> None:
        changed = (key or None) != self._person
        self._person = key or None
        if self.plan is not None:
            self.plan.actor = self._person  # the audit log's "who"
        if changed:
            self.personChanged.emit()

    # -- the plan ------------------------------------------------------------------------

    def set_plan(self, plan: Plan | None) -> None:
        old, person = self.plan, self._person
        self.plan = plan
        if plan is not None:
            if plan.actor:  # a shared plan knows who logged in: that is who edits
                self._person = plan.actor
            plan.actor = self._person
        self.undo_stack.clear()
        self.node_id = 0
        self.unit_id = self._root_unit() if plan is not None else 0
        if old is not None and old is not plan:
            old.close()
        self.planReset.emit()
        if self._person != person:  # the login of a shared plan
            self.personChanged.emit()
        self.unitSelected.emit(self.unit_id)
        self.nodeSelected.emit(0)

    def reload(self) -> None:
        """Re-read the plan after another process changed it, keeping the selection."""
        if self.plan is None:
            return
        self.plan.reload()
        self.undo_stack.clear()  # the history no longer matches what is on disk
        if self.node_id and not self._node_exists(self.node_id):
            self.node_id = 0
        self.planReset.emit()
        self.unitSelected.emit(self.unit_id)
        self.nodeSelected.emit(self.node_id)

    def _root_unit(self) -> int:
        assert self.plan is not None
        return root_unit(self.plan)

    def _node_exists(self, node_id: int) -> bool:
        assert self.plan is not None
        try:
            self.plan.graph.node(node_id)
        except KeyError:
            return False
        return True

    # -- selection -----------------------------------------------------------------------

    def select_unit(self, unit_id: int) -> None:
        if unit_id != self.unit_id:
            self.unit_id = unit_id
            self.unitSelected.emit(unit_id)

    def select_node(self, node_id: int) -> None:
        if node_id != self.node_id:
            self.node_id = node_id
            self.nodeSelected.emit(node_id)

    # -- editing -------------------------------------------------------------------------

    def execute(
        self, op: Operation, *, on_error: Callable[[str], object] | None = None
    ) -> Applied | None:
        """Apply a user's edit and put it on the undo stack.

        Args:
            op: the edit.
            on_error: how the widget that asked shows a refusal (under the field edited, in
                its dialog): it is called with the reason (Anki's ``CollectionOp.failure``).
                Without it, ``errorRaised`` carries the reason to the window.

        Returns:
            What the edit did, or None when it was refused: nothing was written.
        """
        if self.plan is None:
            return None
        try:
            applied = self.plan.execute(op)
        except HoshinError as exc:
            message = str(exc)
            if on_error is None:
                self.errorRaised.emit(message)
            else:
                on_error(message)
                self.errorShown.emit(message)
            if isinstance(exc, StaleEditError):
                self.staleEdit.emit(message)
            return None
        self.undo_stack.push(OperationCommand(self, applied))
        self._announce(applied.changes)
        return applied

    def run_replay(self, op: Operation) -> Applied | None:
        """Run an undo or redo step; if the plan changed under it, drop the history."""
        assert self.plan is not None
        try:
            applied = self.plan.execute(op)
        except HoshinError as exc:
            log.warning("undo/redo failed: %s", exc)
            self.errorRaised.emit(
                f"{op.label} cannot be undone or redone any more: {exc} "
                "The undo history was cleared."
            )
            # Not from inside the command QUndoStack is running: clear it afterwards.
            QTimer.singleShot(0, self.reload)
            return None
        self._announce(applied.changes)
        return applied

    def apply_remote(self, changes: Changes, upto: int = 0) -> None:
        """Show what someone else changed on a shared plan (a live note, up to audit id
        ``upto``): the plan re-reads just that, and each view refreshes what it shows."""
        if self.plan is None or not changes:
            return
        self.plan.catch_up(changes, upto)
        self._announce(changes)

    def show_year(self, year: int | None) -> None:
        """Show and edit the plan's ``year`` (None: its current year); every view reads
        again, as after opening a plan."""
        if self.plan is None:
            return
        self.plan.use_year(year)
        self.node_id = 0
        self.planReset.emit()
        self.unitSelected.emit(self.unit_id)
        self.nodeSelected.emit(0)

    def _announce(self, changes: Changes) -> None:
        if changes.years:  # a year made, closed or reopened: the year shown may be another
            self.node_id = 0
            self.planReset.emit()
            self.unitSelected.emit(self.unit_id)
            self.nodeSelected.emit(0)
            return
        # Views refresh first, with the deleted node already deselected, and only then hear
        # of the new (empty) selection: no view is asked to show a node that is gone.
        gone = bool(self.node_id) and self.node_id in changes.nodes
        gone = gone and not self._node_exists(self.node_id)
        if gone:
            self.node_id = 0
        self.changed.emit(changes)
        if gone:
            self.nodeSelected.emit(0)
