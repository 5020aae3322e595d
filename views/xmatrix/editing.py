"""What a click, a double-click or a context menu on the X-matrix does to the plan.

Each user action is one ``hoshin`` operation handed to :meth:`PlanDocument.execute`, which
applies it, puts it on the undo stack and announces the change; the view then rebuilds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMenu

from hoshin.model.kinds import NodeKind, OwnerRole, Strength
from hoshin.operations import (
    AddNode,
    Assign,
    DeleteNode,
    SetRationale,
    SetStrength,
    Unassign,
    UpdateNode,
)
from hoshin.reads.xmatrix.model import XMatrix
from views.catchball.throw_dialog import THROWABLE, add_send_action
from views.xmatrix.layout import Hit, HitKind

if TYPE_CHECKING:
    from views.xmatrix.view import XMatrixView

#: A corner cell's click cycle: none → weak → medium → strong → none.
NEXT_STRENGTH: dict[Strength | None, Strength | None] = {
    None: Strength.WEAK,
    Strength.WEAK: Strength.MEDIUM,
    Strength.MEDIUM: Strength.STRONG,
    Strength.STRONG: None,
}
#: An owner cell's click cycle: none → secondary → primary → none.
NEXT_ROLE: dict[OwnerRole | None, OwnerRole | None] = {
    None: OwnerRole.SECONDARY,
    OwnerRole.SECONDARY: OwnerRole.PRIMARY,
    OwnerRole.PRIMARY: None,
}


class MatrixEditor(QObject):
    """Turns the matrix's clicks into operations on the view's document."""

    def __init__(self, view: XMatrixView) -> None:
        super().__init__(view)
        self.view = view

    @property
    def matrix(self) -> XMatrix | None:
        return self.view.matrix

    # -- cells -------------------------------------------------------------------------------

    def _read_only(self, *codes: str) -> bool:
        """Whether one of ``codes`` is a deployed-in item: shown here, edited on its unit's
        own matrix; says so in the status bar."""
        xm = self.matrix
        for code in codes:
            item = xm.item(code) if xm is not None else None
            if item is not None and item.deployed_in is not None:
                self.view.document.errorRaised.emit(
                    f"{code} belongs to {item.deployed_in} and is deployed in here: "
                    f"change it on the X-matrix of {item.deployed_in}."
                )
                return True
        return False

    def cycle_cell(self, hit: Hit) -> None:
        xm = self.matrix
        if xm is None or hit.corner is None or self._read_only(hit.row, hit.col):
            return
        current = xm.corner(hit.corner).get((hit.row, hit.col))
        self.set_strength(hit, NEXT_STRENGTH[current])

    def set_strength(self, hit: Hit, strength: Strength | None) -> None:
        assert hit.corner is not None
        source, target = hit.corner.link_ends(hit.row, hit.col)
        self.view.document.execute(SetStrength(source, target, strength))

    def edit_rationale(self, hit: Hit) -> None:
        xm = self.matrix
        if xm is None or hit.corner is None:
            return
        source, target = hit.corner.link_ends(hit.row, hit.col)
        old = xm.rationale.get((hit.row, hit.col), "")
        text, ok = QInputDialog.getText(
            self.view,
            "Rationale",
            f"Why does {source} {hit.corner.edge_kind.value[:-1]} {target}?",
            QLineEdit.EchoMode.Normal,
            old,
        )
        if ok and text.strip() != old:
            self.view.document.execute(SetRationale(source, target, text))

    def cycle_owner(self, hit: Hit) -> None:
        xm = self.matrix
        if xm is None or self._read_only(hit.row):
            return
        role = NEXT_ROLE[xm.owner_cells.get((hit.row, hit.col))]
        if role is None:
            self.view.document.execute(Unassign(hit.row, hit.col))
        else:
            self.view.document.execute(Assign(hit.row, hit.col, role))

    # -- items -------------------------------------------------------------------------------

    def edit_title(self, code: str) -> None:
        xm = self.matrix
        item = None if xm is None else xm.item(code)
        if item is None or self._read_only(code):
            return
        text, ok = QInputDialog.getText(
            self.view,
            f"Rename {code}",
            f"Title of {item.kind.label.lower()} {code}:",
            QLineEdit.EchoMode.Normal,
            item.title,
        )
        if ok and text.strip() and text.strip() != item.title:
            self.view.document.execute(UpdateNode(code, {"title": text}))

    def add_item(self, kind: NodeKind) -> None:
        xm = self.matrix
        if xm is None:
            return
        title, ok = QInputDialog.getText(
            self.view, f"Add {kind.label.lower()}", f"Title of the new {kind.label.lower()}:"
        )
        if not ok or not title.strip():
            return
        applied = self.view.document.execute(AddNode(kind, xm.unit_code, title))
        plan = self.view.document.plan
        if applied is not None and plan is not None:
            self.view.document.select_node(plan.graph.id_of(str(applied.result)))

    def delete_item(self, code: str) -> None:
        self.view.document.execute(DeleteNode(code))

    # -- context menu ------------------------------------------------------------------------

    def show_context_menu(self, hit: Hit, screen_pos: QPoint) -> None:
        menu = self.context_menu(hit)
        if menu is not None:
            menu.exec(screen_pos)
            menu.deleteLater()

    def context_menu(self, hit: Hit) -> QMenu | None:
        """The menu for what was right-clicked, or None when there is nothing to offer."""
        xm = self.matrix
        if xm is None:
            return None
        menu = QMenu(self.view)
        codes = [c for c in (hit.row, hit.col, hit.code) if c]
        inherited = next((xm.item(c) for c in codes if xm.read_only(c)), None)
        if inherited is not None and hit.kind in (HitKind.CELL, HitKind.LABEL, HitKind.OWNER):
            note = menu.addAction(
                f"{inherited.code} is deployed in from {inherited.deployed_in}: read only here"
            )
            note.setEnabled(False)
            return menu
        if hit.kind is HitKind.CELL and hit.corner is not None:
            current = xm.corner(hit.corner).get((hit.row, hit.col))
            linked = current is not None or (hit.row, hit.col) in xm.unrated
            group = QActionGroup(menu)
            for strength in (Strength.STRONG, Strength.MEDIUM, Strength.WEAK, None):
                text = "None" if strength is None else strength.value.capitalize()
                symbol = "" if strength is None else self.view.item.symbols.get(strength, "")
                action = QAction(f"{symbol}  {text}".strip(), menu)
                action.setCheckable(True)
                action.setChecked(strength == current and (linked or strength is None))
                action.triggered.connect(lambda _c=False, s=strength: self.set_strength(hit, s))
                group.addAction(action)
                menu.addAction(action)
            menu.addSeparator()
            rationale = menu.addAction("Rationale…", lambda: self.edit_rationale(hit))
            rationale.setEnabled(linked)
            if not linked:
                rationale.setToolTip("Set a strength first: a rationale belongs to a link.")
        elif hit.kind is HitKind.LABEL:
            menu.addAction(f"Rename {hit.code}…", lambda: self.edit_title(hit.code))
            menu.addAction(f"Delete {hit.code}", lambda: self.delete_item(hit.code))
            item = xm.item(hit.code)
            if item is not None and item.kind in THROWABLE:
                menu.addSeparator()
                add_send_action(menu, self.view.document, item.id, self.view)
        elif hit.kind is HitKind.ADD and hit.node_kind is not None:
            kind = hit.node_kind
            menu.addAction(f"Add {kind.label.lower()}…", lambda: self.add_item(kind))
        else:
            menu.deleteLater()
            return None
        return menu
