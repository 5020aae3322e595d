"""The X-matrix tab: one unit's matrix in a zoomable view, edited through the document.

Every edit is a ``hoshin`` operation run by :meth:`PlanDocument.execute` (so it can be
undone); the matrix is rebuilt from the plan when the document says something it shows
has changed, never patched by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QIcon,
    QPagedPaintDevice,
    QPageLayout,
    QPainter,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QFileDialog,
    QGraphicsScene,
    QLabel,
    QMessageBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from hoshin.changes import Changes
from hoshin.model.errors import NotFoundError
from hoshin.model.kinds import NodeKind, Strength
from hoshin.reads.xmatrix.changes import affects
from hoshin.reads.xmatrix.model import XMatrix
from hoshin.reads.xmatrix.reader import build_xmatrix
from views.catchball.context import CatchballContext
from views.document import PlanDocument
from views.following import FollowsDocument
from views.xmatrix import export
from views.xmatrix.canvas import XMatrixItem
from views.xmatrix.editing import MatrixEditor
from views.xmatrix.graphics import ZOOM_MAX, ZOOM_MIN, ZOOM_STEP, MatrixGraphicsView
from views.xmatrix.layout import MatrixLayout
from views.xmatrix.painter import PaintState

AUTO_MIN = 0.6  # the smallest zoom the matrix opens at: its 12 px text stays readable


class XMatrixView(FollowsDocument, QWidget):
    """The X-matrix of the document's current unit (DESIGN §3).

    Clicking a corner cell cycles its strength, an owner cell its role; a label selects its
    node, a double-click or F2 renames it; "+" adds an item; right-click offers the
    rationale and more. The actions (``zoom_in_action``… also in :meth:`actions`) can be
    put in the main window's menus; they carry no shortcuts (the window's own would clash),
    but Ctrl++, Ctrl+-, Ctrl+0 (fit) and F2 work in the matrix when nothing claims them.

    Signals:
        matrixChanged(): the matrix was rebuilt (another unit, or an edit it shows).
    """

    matrixChanged = Signal()

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.scene = QGraphicsScene(self)
        self.item = XMatrixItem()
        self.scene.addItem(self.item)
        self.graphics = MatrixGraphicsView(self.scene, self)
        self.graphics.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
        )
        self.graphics.setBackgroundBrush(Qt.GlobalColor.white)
        self.graphics.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.graphics.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.graphics.zoomRequested.connect(self._zoom_at)
        self.graphics.keyCommand.connect(self._key_command)
        # A resized view places the matrix again: Qt would keep the old centre, which
        # cuts off the left edge when the view gets narrower.
        self.graphics.resized.connect(lambda: self._follow_size(place=True))
        self._zoom = 1.0
        self._fit_mode = "auto"  # "auto" until the user zooms; "fit" after Fit to Window
        self._shown_unit = 0
        self.editor = MatrixEditor(self)
        self._make_actions()
        self._zoom_label = QLabel("100 %")
        self._zoom_label.setMinimumWidth(48)
        self._zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self._toolbar())
        box.addWidget(self.graphics, 1)

        self.item.cellClicked.connect(self.editor.cycle_cell)
        self.item.ownerClicked.connect(self.editor.cycle_owner)
        self.item.labelClicked.connect(self._select)
        self.item.labelActivated.connect(self.editor.edit_title)
        self.item.addClicked.connect(lambda kind: self.editor.add_item(NodeKind(kind)))
        self.item.contextRequested.connect(self.editor.show_context_menu)
        # Behind another tab the matrix is rebuilt when it comes to the front (or when
        # something asks for it): a unit switch on the board or an edit elsewhere would
        # otherwise pay for a matrix nobody sees. In front, at once: rebuilt on the next
        # turn of the event loop, the old matrix would be painted first, then the new.
        self.follow(document, unit=True, node=True, when_seen=True)
        self.catchball = CatchballContext.of(document)
        self.catchball.countsChanged.connect(self._show_badges)

    # -- the matrix --------------------------------------------------------------------------

    @property
    def matrix(self) -> XMatrix | None:
        assert self.lazy is not None
        self.lazy.now()
        return self.item.matrix

    @property
    def matrix_layout(self) -> MatrixLayout | None:
        assert self.lazy is not None
        self.lazy.now()
        return self.item.layout

    def refresh(self) -> None:
        """Rebuild the matrix of the document's current unit from the plan."""
        plan = self.document.plan
        xm: XMatrix | None = None
        if plan is not None and self.document.unit_id:
            try:
                xm = build_xmatrix(plan, self.document.unit_id)
            except NotFoundError:
                xm = None
        if xm is None or plan is None:
            self.item.set_matrix(None, {}, "")
            self.scene.setSceneRect(QRectF())
        else:
            symbols = {s: plan.settings.symbol(s) for s in Strength}
            layout = MatrixLayout(xm)
            self.item.set_matrix(layout, symbols, plan.name)
            self.scene.setSceneRect(layout.scene_rect)
            self._follow_size()
            if xm.unit_id != self._shown_unit:
                self._place()
        self._shown_unit = 0 if xm is None else xm.unit_id
        self._show_badges()
        self._show_selection()
        self._enable_actions()
        self.matrixChanged.emit()

    def _show_badges(self) -> None:
        """Open catchball threads on the labels: the plan's counts, read once and shared."""
        self.item.set_badges(self.catchball.counts() if self.item.matrix is not None else {})

    def plan_reset(self) -> None:
        # A new or reloaded plan is always followed by unitSelected: build once, then.
        assert self.lazy is not None
        self.lazy.forget()

    def set_unit(self, unit_id: int) -> None:
        self.unit_id = unit_id
        # Opening a plan shows this view (and builds it) before it says which unit.
        if self.stale or unit_id != self._shown_unit:
            self.mark_stale()

    def set_node(self, node_id: int) -> None:
        self.node_id = node_id
        self._show_selection()

    def on_changes(self, changes: Changes) -> None:
        if self.stale:
            return  # rebuilt from the plan as it is when seen
        plan, xm = self.document.plan, self.item.matrix
        if plan is not None and xm is not None and affects(plan, xm, changes):
            self.mark_stale()

    def _select(self, code: str) -> None:
        xm = self.matrix
        item = None if xm is None else xm.item(code)
        if item is not None:
            self.document.select_node(item.id)
            self._show_selection()

    def _show_selection(self) -> None:
        xm = self.item.matrix  # as shown: a stale matrix shows the selection once rebuilt
        node_id = self.document.node_id
        code = next((i.code for i in xm.items if i.id == node_id), None) if xm else None
        self.item.set_selected_code(code)
        self.rename_action.setEnabled(code is not None)

    def selected_code(self) -> str | None:
        return self.item.selected

    # -- positions, for tests and tools ------------------------------------------------------

    def cell_point(self, row: str, col: str) -> QPoint:
        """Viewport position of corner cell (row, col), scrolled into view."""
        return self._point(
            None if self.matrix_layout is None else self.matrix_layout.cell_rect(row, col)
        )

    def label_point(self, code: str) -> QPoint:
        return self._point(
            None if self.matrix_layout is None else self.matrix_layout.label_rect(code)
        )

    def owner_point(self, code: str, person_key: str) -> QPoint:
        lay = self.matrix_layout
        return self._point(None if lay is None else lay.owner_rect(code, person_key))

    def add_point(self, kind: NodeKind) -> QPoint:
        return self._point(
            None if self.matrix_layout is None else self.matrix_layout.add_rect(kind)
        )

    def _point(self, rect: QRectF | None) -> QPoint:
        if rect is None:
            raise KeyError("not on this X-matrix")
        self.graphics.ensureVisible(rect, 4, 4)
        return self.graphics.mapFromScene(rect.center())

    # -- zoom --------------------------------------------------------------------------------

    @property
    def zoom(self) -> float:
        return self._zoom

    def set_zoom(self, zoom: float) -> None:
        """Zoom to ``zoom`` (1.0: one scene pixel per screen pixel) and keep it."""
        self._fit_mode = "manual"
        self._apply_zoom(zoom)

    def _apply_zoom(self, zoom: float) -> None:
        self._zoom = max(ZOOM_MIN, min(ZOOM_MAX, zoom))
        self.graphics.resetTransform()
        self.graphics.scale(self._zoom, self._zoom)
        self._zoom_label.setText(f"{round(self._zoom * 100)} %")

    def zoom_in(self) -> None:
        self.set_zoom(self._zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self._zoom / ZOOM_STEP)

    def zoom_reset(self) -> None:
        self.set_zoom(1.0)

    def fit_to_window(self) -> None:
        """Show the whole matrix, and keep it whole when the window is resized."""
        self._fit_mode = "fit"
        self._follow_size()

    def _fit_zoom(self) -> float | None:
        rect = self.scene.sceneRect()
        if rect.isEmpty():
            return None
        # The room without scroll bars: once the matrix fits, they go away.
        room = self.graphics.maximumViewportSize()
        margin = 8
        return min((room.width() - margin) / rect.width(), (room.height() - margin) / rect.height())

    def _follow_size(self, place: bool = False) -> None:
        """Re-fit after a resize or a rebuild, unless the user chose a zoom of their own.

        Until then ("auto") the matrix opens at 100 % when it fits and shrinks to fit when
        it does not, but not below AUTO_MIN, where the text would be too small to read.
        """
        fit = self._fit_zoom()
        if fit is None or self._fit_mode == "manual":
            return
        old = self._zoom
        self._apply_zoom(fit if self._fit_mode == "fit" else max(AUTO_MIN, min(1.0, fit)))
        if place or abs(self._zoom - old) > 1e-9:  # a rebuild after an edit must not scroll
            self._place()

    def _place(self) -> None:
        """Centred when it fits; when it is too wide or tall even at the smallest readable
        zoom, start where reading starts (the title, the West labels), not with both edges
        cut off."""
        rect = self.scene.sceneRect()
        room = self.graphics.viewport().size()
        seen_w, seen_h = room.width() / self._zoom, room.height() / self._zoom
        self.graphics.centerOn(
            rect.left() + min(rect.width(), seen_w) / 2,
            rect.top() + min(rect.height(), seen_h) / 2,
        )

    def _zoom_at(self, factor: float, viewport_pos: QPointF) -> None:
        anchor = self.graphics.mapToScene(viewport_pos.toPoint())
        self.set_zoom(self._zoom * factor)
        # Keep the scene point that was under the mouse under it.
        moved = self.graphics.mapFromScene(anchor) - viewport_pos.toPoint()
        h, v = self.graphics.horizontalScrollBar(), self.graphics.verticalScrollBar()
        h.setValue(h.value() + moved.x())
        v.setValue(v.value() + moved.y())

    # -- output ------------------------------------------------------------------------------

    def _export_state(self) -> PaintState:
        return self.item.state(interactive=False)

    def export_pdf(self, path: str | Path) -> None:
        """Write the matrix as a one-page A3 PDF; raises OSError when it cannot."""
        if self.matrix_layout is None:
            raise OSError("There is no X-matrix to export.")
        export.export_pdf(path, self.matrix_layout, self._export_state())

    def export_png(self, path: str | Path, scale: float = 2.0) -> None:
        """Write the matrix as a PNG; raises OSError when it cannot."""
        if self.matrix_layout is None:
            raise OSError("There is no X-matrix to export.")
        export.export_png(path, self.matrix_layout, self._export_state(), scale=scale)

    def page_layout(self) -> QPageLayout:
        """A3 in the matrix's orientation: set it on a printer before its dialog opens."""
        if self.matrix_layout is None:
            return QPageLayout()
        return export.page_layout_for(self.matrix_layout)

    def print_to(self, printer: QPagedPaintDevice) -> None:
        """Print the matrix on one page of a printer the caller has set up (its dialog done).

        Raises OSError when there is nothing to print or the printer cannot start.
        """
        if self.matrix_layout is None:
            raise OSError("There is no X-matrix to print.")
        export.print_to(printer, self.matrix_layout, self._export_state())

    def print_matrix(self) -> None:
        """Ask for a printer and print the matrix on one page."""
        if self.matrix_layout is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(self.page_layout())
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self._report(lambda: self.print_to(printer))

    def _ask_export(self, what: str, suffix: str) -> None:
        xm = self.matrix
        if xm is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self,
            f"Export X-matrix as {what}",
            f"xmatrix-{xm.unit_code}-{xm.year}.{suffix}",
            f"{what} (*.{suffix})",
        )
        if path:
            if not path.lower().endswith(f".{suffix}"):
                path += f".{suffix}"
            writer = self.export_pdf if suffix == "pdf" else self.export_png
            self._report(lambda: writer(path))

    def _report(self, action: Callable[[], object]) -> None:
        try:
            action()
        except OSError as exc:
            QMessageBox.warning(self, "X-matrix", str(exc))

    # -- actions -----------------------------------------------------------------------------

    def _make_actions(self) -> None:
        # No shortcuts on these: the main window binds Ctrl++, Ctrl+-, Ctrl+0, Ctrl+P and F2
        # to its own actions, and a second action on the same keys would make both dead
        # ("ambiguous shortcut"). The keys reach MatrixGraphicsView when nothing else
        # claims them (see KEYS).
        self.zoom_in_action = self._action("Zoom &In", self.zoom_in, "zoom-in", "Ctrl++")
        self.zoom_out_action = self._action("Zoom &Out", self.zoom_out, "zoom-out", "Ctrl+-")
        self.zoom_reset_action = self._action("&Actual Size", self.zoom_reset, "zoom-original")
        self.fit_action = self._action(
            "&Fit to Window", self.fit_to_window, "zoom-fit-best", "Ctrl+0"
        )
        self.print_action = self._action("&Print X-matrix…", self.print_matrix, "document-print")
        self.export_pdf_action = self._action(
            "Export X-matrix as P&DF…", lambda: self._ask_export("PDF", "pdf")
        )
        self.export_png_action = self._action(
            "Export X-matrix as P&NG…", lambda: self._ask_export("PNG", "png")
        )
        self.rename_action = self._action("&Rename…", self._rename_selected, "", "F2")

    def _action(
        self, text: str, slot: Callable[[], object], icon: str = "", keys: str = ""
    ) -> QAction:
        action = QAction(text, self)
        if icon:
            action.setIcon(QIcon.fromTheme(icon))
        plain = text.replace("&", "")
        action.setToolTip(f"{plain} ({keys})" if keys else plain)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _key_command(self, command: str) -> None:
        {
            "zoom_in": self.zoom_in,
            "zoom_out": self.zoom_out,
            "fit_to_window": self.fit_to_window,
            "rename": self._rename_selected,
        }[command]()

    def _rename_selected(self) -> None:
        code = self.selected_code()
        if code is not None:
            self.editor.edit_title(code)

    def _toolbar(self) -> QToolBar:
        for action, short in (
            (self.zoom_out_action, "−"),
            (self.zoom_in_action, "+"),
            (self.zoom_reset_action, "1:1"),
            (self.fit_action, "Fit"),
            (self.print_action, "Print…"),
            (self.export_pdf_action, "PDF…"),
            (self.export_png_action, "PNG…"),
        ):
            action.setIconText(short)
        bar = QToolBar("X-matrix", self)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.addAction(self.zoom_out_action)
        bar.addWidget(self._zoom_label)
        bar.addAction(self.zoom_in_action)
        bar.addAction(self.zoom_reset_action)
        bar.addAction(self.fit_action)
        bar.addSeparator()
        bar.addAction(self.print_action)
        bar.addAction(self.export_pdf_action)
        bar.addAction(self.export_png_action)
        return bar

    def _enable_actions(self) -> None:
        has = self.item.matrix is not None
        for action in (
            self.print_action,
            self.export_pdf_action,
            self.export_png_action,
            self.fit_action,
        ):
            action.setEnabled(has)
