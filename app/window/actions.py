"""The main window's actions and menus: File, Edit, View, Help.

Actions that need a plan, a selected node or an X-matrix feature are enabled only when
they can work, so a menu never offers what would do nothing. X-matrix features (export,
zoom, print) are asked for with ``hasattr``: the tab may not offer them yet.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from app.crash import log_path
from app.plans import locations, workbook_export
from app.plans.connect_dialog import connect_to_shared_plan
from app.window.settings_dialog import SettingsDialog
from hoshin.operations import DeleteNode
from hoshin.reads import nodes
from views.find import FindDialog
from views.following import FollowsDocument
from views.organisation import OrganisationDialog

if TYPE_CHECKING:
    from app.window.main_window import MainWindow


def _print_picture(view: QWidget, printer: QPrinter) -> None:
    """A view that cannot print itself yet: its picture, scaled to fit the page."""
    picture = view.grab()
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("The printer could not start.")
    page = painter.viewport()
    size = picture.size().scaled(page.size(), Qt.AspectRatioMode.KeepAspectRatio)
    painter.setViewport(page.x(), page.y(), size.width(), size.height())
    painter.setWindow(picture.rect())
    painter.drawPixmap(0, 0, picture)
    painter.end()


class WindowActions(FollowsDocument):
    """Builds the menus of ``window`` and keeps the actions' enabled state current."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.document = window.document
        self.files = window.files
        self.find_dialog: FindDialog | None = None
        self.organisation_dialog: OrganisationDialog | None = None
        self._build_file()
        self._build_edit()
        window.docks.org_tree.add_context_action(self.organisation)
        self._build_view()
        self._build_help()
        self.follow(self.document, node=True, changes=False)

    def _action(
        self, text: str, slot: object, shortcut: QKeySequence | str | None = None
    ) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return action

    # -- File ----------------------------------------------------------------------------

    def _build_file(self) -> None:
        w, files = self.window, self.files
        menu = w.menuBar().addMenu("&File")
        self.new = self._action("&New plan…", files.new_plan, QKeySequence.StandardKey.New)
        self.open = self._action("&Open…", files.open_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = QMenu("Open &Recent", w)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.connect = self._action("Connect to &shared plan…", partial(connect_to_shared_plan, w))
        self.save_copy = self._action("Save a &copy as…", files.save_copy)
        self.export_menu = QMenu("&Export", w)
        self.export_pdf = self._action("X-matrix as &PDF…", partial(files.export_xmatrix, "pdf"))
        self.export_png = self._action("X-matrix as P&NG…", partial(files.export_xmatrix, "png"))
        self.export_workbook = self._action(
            "Deployment &workbook (Excel)…", partial(workbook_export.export_dialog, w), "Ctrl+E"
        )
        self.export_menu.addActions([self.export_workbook, self.export_pdf, self.export_png])
        self.print = self._action("&Print X-matrix…", self.print_xmatrix, "Ctrl+P")
        self.quit = self._action("&Quit", w.close, "Ctrl+Q")
        menu.addActions([self.new, self.open])
        menu.addMenu(self.recent_menu)
        menu.addAction(self.connect)
        menu.addSeparator()
        menu.addAction(self.save_copy)
        menu.addMenu(self.export_menu)
        menu.addAction(self.print)
        menu.addSeparator()
        menu.addAction(self.quit)

    def _fill_recent(self) -> None:
        menu = self.recent_menu
        menu.clear()
        recent = self.window.settings.recent_plans()
        for number, location in enumerate(recent, start=1):
            action = menu.addAction(f"&{number % 10}  {locations.recent_label(location)}")
            action.setToolTip(location)
            action.triggered.connect(partial(self.files.open_path, location))
        if not recent:
            menu.addAction("No recent plans").setEnabled(False)
        menu.addSeparator()
        menu.addAction("Clear the list", self.files.clear_recent).setEnabled(bool(recent))

    def print_xmatrix(self) -> bool:
        """Print the X-matrix: with the view's own printing when it has it, else as drawn."""
        view = self.window.xmatrix
        if self.document.plan is None:
            return False
        self.window.show_view(view)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        page_layout = getattr(view, "page_layout", None)
        if page_layout is not None:
            printer.setPageLayout(page_layout())
        dialog = QPrintDialog(printer, self.window)
        dialog.setWindowTitle("Print the X-matrix")
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
        print_to = getattr(view, "print_to", None)
        try:
            if print_to is not None:
                print_to(printer)
            else:
                _print_picture(view, printer)
        except OSError as exc:
            QMessageBox.warning(self.window, "Cannot print the X-matrix", str(exc))
            return False
        self.window.statusBar().showMessage("Sent the X-matrix to the printer.", 8000)
        return True

    # -- Edit ----------------------------------------------------------------------------

    def _build_edit(self) -> None:
        w, stack = self.window, self.document.undo_stack
        menu = w.menuBar().addMenu("&Edit")
        self.undo = stack.createUndoAction(w, "&Undo")
        self.undo.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo = stack.createRedoAction(w, "&Redo")
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.delete = self._action("&Delete", self.delete_node, QKeySequence.StandardKey.Delete)
        self.rename = self._action("Re&name", self.rename_node, "F2")
        self.find = self._action("&Find…", self.show_find, QKeySequence.StandardKey.Find)
        self.organisation = self._action("&Organisation…", self.show_organisation, "Ctrl+Shift+O")
        self.organisation.setToolTip("Units, people, roles and functions of the plan")
        self.settings = self._action("&Settings…", self.show_settings, "Ctrl+,")
        menu.addActions([self.undo, self.redo])
        menu.addSeparator()
        menu.addActions([self.delete, self.rename])
        menu.addSeparator()
        menu.addAction(self.find)
        menu.addSeparator()
        menu.addActions([self.organisation, self.settings])

    def delete_node(self, *, confirm: bool = True) -> bool:
        """Delete the selected node after saying what goes with it."""
        plan, node_id = self.document.plan, self.document.node_id
        if plan is None or not node_id:
            return False
        graph = plan.graph
        code = graph.code(node_id)
        links = len(graph.serves(node_id)) + len(graph.served_by(node_id))
        title = nodes.title(plan, node_id)
        if confirm:
            rest = "owners, monthly figures and sustainment records"
            if links == 0:
                with_it = f"It has no links; its {rest} go with it."
            else:
                what = "its one link goes" if links == 1 else f"its {links} links go"
                with_it = f"{what.capitalize()} with it, and so do its {rest}."
            answer = QMessageBox.question(
                self.window,
                "Delete",
                f"Delete {code} “{title}”?\n\n{with_it}\nEdit ▸ Undo brings it all back.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        return self.document.execute(DeleteNode(code)) is not None

    def rename_node(self) -> None:
        docks = self.window.docks
        docks.node.show()
        docks.node.raise_()
        docks.editor.focus_title()

    def show_find(self) -> FindDialog:
        if self.find_dialog is None:
            self.find_dialog = FindDialog(self.document, self.window)
        self.find_dialog.open_for_search()
        return self.find_dialog

    def show_organisation(self) -> OrganisationDialog | None:
        """The Organisation dialog, on the unit chosen in the window; non-modal."""
        if self.document.plan is None:
            return None
        if self.organisation_dialog is None:
            self.organisation_dialog = OrganisationDialog(self.document, self.window)
        dialog = self.organisation_dialog
        dialog.show()
        dialog.show_unit(self.document.unit_id)
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def show_settings(self) -> bool:
        if self.document.plan is None:
            return False
        dialog = SettingsDialog(self.document, self.window.settings, self.window)
        accepted = dialog.exec() == SettingsDialog.DialogCode.Accepted
        self.window.update_person()
        return accepted

    # -- View ----------------------------------------------------------------------------

    def _build_view(self) -> None:
        w = self.window
        menu = w.menuBar().addMenu("&View")
        for number, (label, _view) in enumerate(w.tab_views(), start=1):
            menu.addAction(
                self._action(label, partial(w.tabs.setCurrentIndex, number - 1), f"Ctrl+{number}")
            )
        menu.addSeparator()
        for dock in w.docks.all():
            menu.addAction(dock.toggleViewAction())
        menu.addAction(self._action("Reset layout", w.reset_layout))
        menu.addSeparator()
        self.zoom_in = self._action("Zoom &in", partial(self._zoom, "zoom_in"), "Ctrl++")
        self.zoom_in.setShortcuts([QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
        self.zoom_out = self._action("Zoom &out", partial(self._zoom, "zoom_out"), "Ctrl+-")
        self.fit = self._action("&Fit to window", partial(self._zoom, "fit_to_window"), "Ctrl+0")
        self.actual = self._action("&Actual size", partial(self._zoom, "zoom_reset"))
        menu.addActions([self.zoom_in, self.zoom_out, self.fit, self.actual])

    def _zoom(self, name: str) -> None:
        view = self.window.xmatrix
        method = getattr(view, name, None)
        if method is not None:
            self.window.show_view(view)
            method()

    def _build_help(self) -> None:
        menu = self.window.menuBar().addMenu("&Help")
        menu.addAction(self._action("&About Hoshin", self._about))

    def _about(self) -> None:
        QMessageBox.about(
            self.window,
            "About Hoshin",
            "<b>Hoshin</b> — Hoshin Kanri strategy deployment.<br>"
            "One plan, one graph: the X-matrix, the strategy tree and the kaizen board "
            f"are views of it.<br><br>Log file: {log_path()}",
        )

    # -- state ---------------------------------------------------------------------------

    def refresh(self) -> None:
        self.update_enabled()

    def update_enabled(self) -> None:
        has_plan = self.document.plan is not None
        has_node = has_plan and bool(self.document.node_id)
        view = self.window.xmatrix
        for action in (self.save_copy, self.find, self.settings, self.print, self.organisation):
            action.setEnabled(has_plan)
        self.save_copy.setEnabled(bool(self.document.plan and self.document.plan.is_file))
        self.delete.setEnabled(has_node)
        self.rename.setEnabled(has_node)
        self.export_workbook.setEnabled(has_plan)
        self.export_pdf.setEnabled(has_plan and hasattr(view, "export_pdf"))
        self.export_png.setEnabled(has_plan and hasattr(view, "export_png"))
        for action, name in (
            (self.zoom_in, "zoom_in"),
            (self.zoom_out, "zoom_out"),
            (self.fit, "fit_to_window"),
            (self.actual, "zoom_reset"),
        ):
            action.setEnabled(has_plan and hasattr(view, name))
