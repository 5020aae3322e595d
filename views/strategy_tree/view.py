"""The Strategy tab: the selected unit's "served by" tree and what it deployed below.

Selecting a row selects its node in the document and marks its whole line of sight (what it
serves, up to the company's breakthrough) and what it affects below (what serves it). A node
selected in another view is revealed here when this unit's tree reaches it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMenu,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from hoshin.changes import Changes
from hoshin.model.kinds import NodeKind
from views.a3.editor import A3Editor
from views.catchball.context import CatchballContext
from views.catchball.throw_dialog import THROWABLE, add_send_action
from views.document import PlanDocument
from views.following import FollowsDocument, change_filter
from views.strategy_tree.delegate import PILL_BG, PILL_FG, StrategyDelegate, TipDelegate
from views.strategy_tree.model import (
    AFFECTED,
    COLUMNS,
    HIGHLIGHT_BRUSH,
    SERVES,
    UNIT_COLUMN,
    StrategyModel,
)

#: Expanded paths (node ids from a root) are restored after a rebuild up to this many.
RESTORE_MOST = 500


class StrategyView(FollowsDocument, QWidget):
    """The Strategy tab; follows the document's unit, node and change signals.

    Args:
        document: the open plan and its selection.
        parent: the owning widget.

    Signals:
        none of its own; the selection goes to ``document.select_node``.
    """

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = StrategyModel(self)
        self._syncing = False

        self.title = QLabel(self)
        self.legend = QLabel(self)
        serves = HIGHLIGHT_BRUSH[SERVES].color().name()
        affected = HIGHLIGHT_BRUSH[AFFECTED].color().name()
        self.legend.setText(
            "Selecting a row marks in bold "
            f"<span style='background:{serves}'>&nbsp;<b>its line of sight</b>&nbsp;</span>"
            " (what it serves, up to the company) and "
            f"<span style='background:{affected}'>&nbsp;<b>what it affects below</b>&nbsp;</span>"
            " (what serves it). "
            f"<span style='background:{PILL_BG.name()}; color:{PILL_FG.name()}'>"
            "&nbsp;⤵&nbsp;unit&nbsp;</span>: deployed to that unit from the row above."
        )
        self.legend.setWordWrap(True)
        self.tree = QTreeView(self)
        self.tree.setObjectName("strategyTree")
        self.tree.setModel(self.model)
        # The title's badges and the Unit column's pill are painted here; the Kind and Owner
        # columns paint as Qt does, and all four give a cut text whole in their tooltip.
        drawn, plain = StrategyDelegate(self.tree), TipDelegate(self.tree)
        for column in range(len(COLUMNS)):
            self.tree.setItemDelegateForColumn(
                column, drawn if column in (0, UNIT_COLUMN) else plain
            )
        self.tree.setIndentation(14)  # six levels deep, the titles keep 36 more pixels
        self.tree.setUniformRowHeights(True)  # thousands of rows lay out without measuring
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setAlternatingRowColors(False)  # the tint carries the line of sight
        # A scroll bar coming and going narrows the stretched first column after the rows
        # were painted, and Qt paints them all again: expanding or collapsing a whole tree
        # cost two paints instead of one.
        self.tree.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate(self._column_widths(), start=1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        top = QVBoxLayout()
        top.setSpacing(2)
        top.addWidget(self.title)
        top.addWidget(self.legend)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)

        # Selection, not the current index: focusing the tree moves the current row to the
        # first one, and that must not select a node in the document.
        self.tree.selectionModel().selectionChanged.connect(self._on_selection_changed)
        # QTreeView fetches a screenful when a row expands; later pages come as they scroll in.
        self._fetch_timer = QTimer(self, singleShot=True, interval=0)
        self._fetch_timer.timeout.connect(self._fetch_visible_tails)
        self.tree.verticalScrollBar().valueChanged.connect(lambda _v: self._fetch_timer.start())
        self.tree.expanded.connect(lambda _i: self._fetch_timer.start())
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._show_context_menu)
        self.catchball = CatchballContext.of(document)
        self.catchball.countsChanged.connect(self._show_badges)
        self.follow(document, unit=True, node=True)

    def _column_widths(self) -> tuple[int, int, int]:
        """Kind as wide as its longest name; Unit and Owner for a usual name: the rest of
        the width goes to the titles (a longer unit or owner is cut, whole in its tooltip)."""
        metrics = self.tree.fontMetrics()
        pad = 24
        kind = max(metrics.horizontalAdvance(k.label) for k in NodeKind) + pad
        return (
            kind,
            metrics.horizontalAdvance("Customer service desk") + pad,
            (metrics.horizontalAdvance("Kenji Watanabe") + pad),
        )

    # -- what is shown -------------------------------------------------------------------

    def plan_reset(self) -> None:
        self._show_badges()
        self.set_unit(self.document.unit_id)

    def _show_badges(self) -> None:
        self.model.set_badges(self.catchball.counts())

    def context_menu(self, index: QModelIndex) -> QMenu | None:
        """The menu of a row: "Send to catchball…" for a priority or a target; "A3…" for
        every node (its A3 editor)."""
        node_id = self.model.get_item(index)
        plan = self.document.plan
        if not node_id or plan is None or not plan.graph.has_node(node_id):
            return None
        menu = QMenu(self)
        if plan.graph.node(node_id).kind in THROWABLE:
            add_send_action(menu, self.document, node_id, self)
        a3 = menu.addAction("A3…")
        a3.triggered.connect(lambda _checked=False: self.open_a3(node_id))
        return menu

    def open_a3(self, node_id: int) -> A3Editor:
        """The A3 editor of ``node_id``, modeless."""
        dialog = A3Editor(self.document, node_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _show_context_menu(self, pos: QPoint) -> None:
        menu = self.context_menu(self.tree.indexAt(pos))
        if menu is not None:
            menu.exec(self.tree.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def set_unit(self, unit_id: int) -> None:
        """Show ``unit_id``'s tree; keep the document's selected node marked and revealed."""
        plan = self.document.plan
        self.model.set_unit(plan, unit_id if plan is not None else 0, self.document.node_id)
        name = self.model.unit_name
        text = f"<b>{name}</b>: the objectives it owns, what serves them, and what it deployed"
        if self.model.has_context:
            text += "; <i>italic grey</i> rows belong to the units above it"
        self.title.setText(text if name else "")
        if self.document.node_id:
            self.reveal(self.document.node_id)

    # -- selection -----------------------------------------------------------------------

    @contextmanager
    def _sync(self) -> Iterator[None]:
        self._syncing = True
        try:
            yield
        finally:
            self._syncing = False

    def _on_selection_changed(self) -> None:
        if self._syncing:
            return
        rows = self.tree.selectionModel().selectedRows()
        node_id = self.model.get_item(rows[0]) if rows else 0
        if not node_id:
            return
        self.model.set_highlight(node_id)
        with self._sync():
            self.document.select_node(node_id)

    def set_node(self, node_id: int) -> None:
        self.node_id = node_id
        if self._syncing:
            return
        self.model.set_highlight(node_id)
        if node_id:
            self.reveal(node_id)
        else:
            with self._sync():
                self.tree.selectionModel().clearSelection()

    def reveal(self, node_id: int) -> QModelIndex:
        """Expand down to a row of ``node_id`` and select it; invalid if not in this tree."""
        current = self.tree.currentIndex()
        if current.isValid() and self.model.get_item(current) == node_id:
            return current
        index = self._index_for(node_id)
        if index.isValid():
            with self._sync():
                parent = index.parent()
                while parent.isValid():
                    self.tree.expand(parent)
                    parent = parent.parent()
                self.tree.selectionModel().setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.tree.scrollTo(index)
        return index

    def _index_for(self, node_id: int) -> QModelIndex:
        """A row of ``node_id``: an already fetched one, else the shortest path from a root."""
        shown = self.model.indexes_of(node_id)
        if shown:
            return shown[0]
        path = self._path_from_root(node_id)
        index = QModelIndex()
        for step in path:
            index = self.model.fetch_until(index, step)
            if not index.isValid():
                return QModelIndex()
        return index

    def _path_from_root(self, node_id: int) -> list[int]:
        """Node ids from a root row down to ``node_id``: a walk up the graph, nearest first."""
        roots = {self.model.get_item(self.model.index(r, 0)) for r in range(self.model.rowCount())}
        if not roots or self.document.plan is None:
            return []
        graph = self.document.plan.graph
        came_from: dict[int, int | None] = {node_id: None}
        queue = deque([node_id])
        while queue:
            current = queue.popleft()
            if current in roots:
                path = [current]
                while (below := came_from[path[-1]]) is not None:
                    path.append(below)
                return path
            for above in sorted(graph.serves(current)):
                if above not in came_from:
                    came_from[above] = current
                    queue.append(above)
        return []

    def _fetch_visible_tails(self) -> None:
        """Fetch the next page of a parent whose last fetched row has come into view."""
        bottom = self.tree.viewport().height()
        index = self.tree.indexAt(QPoint(1, 1))
        while index.isValid() and self.tree.visualRect(index).top() < bottom:
            parent = index.parent()
            last = self.model.rowCount(parent) - 1
            if parent.isValid() and index.row() == last and self.model.canFetchMore(parent):
                self.model.fetchMore(parent)
                return
            index = self.tree.indexBelow(index)

    # -- following edits -----------------------------------------------------------------

    @change_filter("nodes", "owners", "edges", "units")
    def on_changes(self, changes: Changes) -> None:
        if self.document.plan is None or not self.model.unit_id:
            return
        nodes = changes.nodes | changes.owners
        if not self.model.needs_rebuild(changes):
            self.model.refresh_rows(nodes)
            if self.document.node_id in changes.nodes:
                self.model.set_highlight(self.document.node_id)
            return
        expanded = self._expanded_paths()
        self.model.rebuild(self.document.node_id)
        self._restore(expanded)
        if self.document.node_id:
            self.reveal(self.document.node_id)

    def _expanded_paths(self) -> list[tuple[int, ...]]:
        paths: list[tuple[int, ...]] = []
        stack: list[tuple[QModelIndex, tuple[int, ...]]] = [(QModelIndex(), ())]
        while stack and len(paths) < RESTORE_MOST:
            parent, path = stack.pop()
            for row in range(self.model.rowCount(parent)):
                index = self.model.index(row, 0, parent)
                if self.tree.isExpanded(index):
                    here = (*path, self.model.get_item(index))
                    paths.append(here)
                    stack.append((index, here))
        return paths

    def _restore(self, paths: list[tuple[int, ...]]) -> None:
        for path in sorted(paths, key=len):
            index = QModelIndex()
            for node_id in path:
                index = self.model.fetch_until(index, node_id)
                if not index.isValid():
                    break
            else:
                self.tree.expand(index)
