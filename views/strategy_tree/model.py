"""The "served by" tree of one unit: its objectives, what serves them, what is deployed below.

Roots are the unit's top nodes (its breakthroughs, for a unit with an X-matrix), see
:mod:`views.strategy_tree.rows`. Under each node come the nodes that serve it, read from
the strategy graph: annual objectives under a breakthrough, priorities under those, targets
and kaizens under a priority, and a child unit's breakthrough under the parent priority it
was deployed from. A node serving two others appears under both: a row is a path, not a
node. Children are read a page at a time, because a company priority may be served by
thousands of kaizens through its deployments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from hoshin.changes import Changes
from hoshin.graph import StrategyGraph
from hoshin.model.kinds import EdgeKind, NodeKind
from hoshin.plan import Plan
from hoshin.reads.tree import NodeSummary, summaries, tree_scope
from views.catchball.badge import tooltip as catchball_tooltip
from views.models import (
    CATCHBALL_ROLE,
    DEPLOYED_TO_ROLE,
    HIGHLIGHT_ROLE,
    NODE_ID_ROLE,
    ROOT,
    Index,
    one_page_at_a_time,
)
from views.strategy_tree.rows import Row, cell_texts, find_roots, order_key
from views.strategy_tree.sight import AFFECTED, SELECTED, SERVES, LineOfSight, known_node

HIGHLIGHT_BRUSH = {
    SELECTED: QBrush(QColor("#ffe08a")),
    SERVES: QBrush(QColor("#fff3cc")),  # the line of sight, up to the company
    AFFECTED: QBrush(QColor("#e2eefb")),  # what it affects below
}
#: Rows of a unit above, shown to say what the unit's own top nodes serve.
CONTEXT_BRUSH = QBrush(QColor("#5f6873"))
COLUMNS = ("Objective", "Kind", "Unit", "Owner / status")
#: The column that names a row's unit, and carries the "⤵ unit" pill of a deployed row.
UNIT_COLUMN = 2
PAGE = 200
N_COLUMNS = len(COLUMNS)

#: How a row's answer to one role is worked out, from the row and the column.
Answer = Callable[[Row, int], Any]


class StrategyModel(QAbstractItemModel):
    """The tree of one unit of a plan, fetched lazily from its strategy graph.

    Signals:
        none of its own; rows change through the usual model signals.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._plan: Plan | None = None
        self.unit_id = 0
        self.unit_name = ""
        self._root = Row(0, None, 0, None)
        self._by_node: dict[int, list[Row]] = {}
        self._summaries: dict[int, NodeSummary] = {}
        # Fetched rows' nodes whose summary is not read yet: read together when a row is
        # first painted, so that expanding many rows at once costs one query, not one each.
        self._unread: set[int] = set()
        # The unit each fetched node was in when fetched: an edit moving it rebuilds.
        self._units: dict[int, int] = {}
        self._sight = LineOfSight()
        self._context: dict[int, frozenset[int]] = {}
        self._scope_units: set[int] = set()  # units whose nodes this tree starts from
        self._badges: Mapping[int, int] = {}  # open catchball threads per node id
        self.fetching = False  # a page is going in (see one_page_at_a_time)
        self._bold, self._italic, self._bold_italic = QFont(), QFont(), QFont()
        self._bold.setBold(True)
        self._italic.setItalic(True)
        self._bold_italic.setBold(True)
        self._bold_italic.setItalic(True)
        # Each role's answer; a role the tree does not use costs one lookup (a view asks
        # each cell for seven roles at every paint).
        self._answers: dict[int, Answer] = {
            Qt.ItemDataRole.DisplayRole: lambda item, column: self._texts(item)[column],
            NODE_ID_ROLE: lambda item, _column: item.node_id,
            HIGHLIGHT_ROLE: lambda item, _column: self._sight.mark(item.node_id),
            Qt.ItemDataRole.BackgroundRole: self._background,
            Qt.ItemDataRole.FontRole: self._font,
            Qt.ItemDataRole.ForegroundRole: self._foreground,
            DEPLOYED_TO_ROLE: self._deployed_role,  # the child unit's name, any column
            CATCHBALL_ROLE: self._catchball_role,  # column 0; int, 0 for none
            Qt.ItemDataRole.ToolTipRole: lambda item, _column: self._tooltip(item),
        }

    # -- what is shown -------------------------------------------------------------------

    @property
    def graph(self) -> StrategyGraph:
        assert self._plan is not None
        return self._plan.graph

    def set_unit(self, plan: Plan | None, unit_id: int, selected: int = 0) -> None:
        """Show ``unit_id`` of ``plan``, marking ``selected``'s line of sight.

        The root rows are read now, the rest on demand.
        """
        self.beginResetModel()
        self._plan, self.unit_id = plan, unit_id
        self.unit_name = ""
        self._root = Row(0, None, 0, None)
        self._by_node, self._summaries = {}, {}
        self._unread, self._units = set(), {}
        self._context = {}
        self._scope_units = set()
        if plan is not None and unit_id:
            self._root.pending = self._roots()
            self._fetch(self._root, len(self._root.pending))
        self._set_highlight(selected)
        self.endResetModel()

    def rebuild(self, selected: int = 0) -> None:
        """Read the unit again after the plan's structure changed."""
        self.set_unit(self._plan, self.unit_id, selected)

    @property
    def has_context(self) -> bool:
        """Whether some root rows belong to a unit above (see :mod:`roots`)."""
        return bool(self._context)

    def _known(self, node_id: int) -> bool:
        return known_node(self.graph, node_id)

    def _served_by(self, node_id: int) -> list[int]:
        # A deleted node leaves the graph before the document's ``changed`` reaches this
        # model (the selection is cleared first), and views repaint in between.
        return self.graph.served_by(node_id) if self._known(node_id) else []

    def _roots(self) -> list[int]:
        """The unit's top rows; a unit without nodes of its own shows its subtree's."""
        assert self._plan is not None
        scope = tree_scope(self._plan, self.unit_id)
        self.unit_name = scope.unit_name
        self._scope_units = set(scope.units)
        roots = find_roots(self.graph, (i for i in scope.node_ids if self._known(i)), self._sorted)
        self._context = roots.context
        return roots.ids

    def _sorted(self, ids: Iterable[int]) -> list[int]:
        graph = self.graph
        return sorted(ids, key=lambda node_id: order_key(graph.node(node_id)))

    # -- lazy children -------------------------------------------------------------------

    def _children_of(self, item: Row) -> list[int]:
        if item.pending is None:
            below = self._served_by(item.node_id)
            if item.only is not None:
                below = [i for i in below if i in item.only]
            item.pending = self._sorted(below)
        return item.pending

    @one_page_at_a_time
    def _fetch(self, item: Row, count: int) -> None:
        """Move up to ``count`` pending children of ``item`` into rows (one bulk query)."""
        self._fetch_page(item, count)

    def _fetch_page(self, item: Row, count: int) -> None:
        pending = self._children_of(item)
        batch, item.pending = pending[:count], pending[count:]
        if not batch:
            return
        self._unread.update(i for i in batch if i not in self._summaries)
        first = len(item.children)
        is_root = item is self._root
        if not is_root:
            self.beginInsertRows(self._index_of(item), first, first + len(batch) - 1)
        for offset, node_id in enumerate(batch):
            child = Row(
                node_id, item, first + offset, None if is_root else self._via(item, node_id)
            )
            self._note_node(child)
            if is_root:
                child.only = self._context.get(node_id)
            item.children.append(child)
            self._by_node.setdefault(node_id, []).append(child)
        if not is_root:
            self.endInsertRows()

    def _note_node(self, row: Row) -> None:
        """Whether a new row is a leaf, and the unit its node is in as it is fetched."""
        if self._known(row.node_id):
            node = self.graph.node(row.node_id)
            row.leaf = node.kind is NodeKind.KAIZEN
            self._units[row.node_id] = node.unit_id

    def _via(self, parent: Row, node_id: int) -> EdgeKind | None:
        """The kind of link by which ``node_id`` serves its parent row."""
        graph = self.graph
        edge = graph.edge_between(parent.node_id, node_id) or graph.edge_between(
            node_id, parent.node_id
        )
        return edge.kind if edge is not None else None

    def canFetchMore(self, parent: Index) -> bool:
        if self.fetching:
            return False
        item = self._item(parent)
        if item is self._root:
            return bool(item.pending)
        return bool(self._children_of(item))

    def fetchMore(self, parent: Index) -> None:
        item = self._item(parent)
        if item is self._root:
            # Root rows are all read by set_unit; a unit holds tens of its own nodes.
            return
        self._fetch(item, PAGE)

    def fetch_until(self, parent: Index, node_id: int) -> QModelIndex:
        """The row of ``node_id`` under ``parent``, fetching as far as needed; or invalid."""
        item = self._item(parent)
        pending = self._children_of(item)
        if node_id in pending:
            self._fetch(item, pending.index(node_id) + 1)
        for child in item.children:
            if child.node_id == node_id:
                return self.createIndex(child.row, 0, child)
        return QModelIndex()

    # flags() stays Qt's (enabled, selectable): marking kaizens ItemNeverHasChildren spared
    # the view a hasChildren call per kaizen row but cost a flags call per cell painted.
    def hasChildren(self, parent: Index = ROOT) -> bool:
        item = self._item(parent)
        if item.children:
            return True
        if item is self._root:
            return bool(item.pending)
        if parent.column() > 0:
            return False
        if item.only is not None:
            return bool(item.only)
        if item.leaf:
            return False
        if item.pending is not None:
            return bool(item.pending)
        return self._known(item.node_id) and self.graph.count_served_by(item.node_id) > 0

    # -- the tree structure --------------------------------------------------------------

    def _item(self, index: Index) -> Row:
        # Called a few times per row whenever the view lays out: kept to the bare minimum
        # (Qt hands the model only its own indexes; ``get_item`` checks for callers).
        item = index.internalPointer() if index.isValid() else None
        return item if isinstance(item, Row) else self._root

    def _index_of(self, item: Row, column: int = 0) -> QModelIndex:
        if item is self._root:
            return QModelIndex()
        return self.createIndex(item.row, column, item)

    def get_item(self, index: Index) -> int:
        """The node id of a row (0 for none)."""
        if not index.isValid() or index.model() is not self:
            return 0
        return self._item(index).node_id

    def indexes_of(self, node_id: int) -> list[QModelIndex]:
        """Every fetched row showing ``node_id``."""
        return [self._index_of(item) for item in self._by_node.get(node_id, [])]

    def index(self, row: int, column: int, parent: Index = ROOT) -> QModelIndex:
        if parent.isValid():
            if parent.column() != 0:
                return QModelIndex()
            item = parent.internalPointer()
        else:
            item = self._root
        children = item.children
        if 0 <= row < len(children) and 0 <= column < N_COLUMNS:
            return self.createIndex(row, column, children[row])
        return QModelIndex()

    def parent(self, index: Index = ROOT) -> QModelIndex:  # type: ignore[override]
        above = self._item(index).parent
        if above is None or above is self._root:
            return QModelIndex()
        return self.createIndex(above.row, 0, above)

    def rowCount(self, parent: Index = ROOT) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._item(parent).children)

    def columnCount(self, parent: Index = ROOT) -> int:
        return len(COLUMNS)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    # -- data ----------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        answer = self._answers.get(role)
        if answer is None:
            return None
        item = self._item(index)
        if item is self._root:
            return None
        return answer(item, index.column())

    def _background(self, item: Row, _column: int) -> QBrush | None:
        mark = self._sight.mark(item.node_id)
        return HIGHLIGHT_BRUSH[mark] if mark else None

    def _font(self, item: Row, _column: int) -> QFont | None:
        mark = self._sight.mark(item.node_id)
        if item.only is not None:
            return self._bold_italic if mark else self._italic
        return self._bold if mark else None

    def _foreground(self, item: Row, _column: int) -> QBrush | None:
        if item.only is None or self._sight.mark(item.node_id):
            return None
        return CONTEXT_BRUSH

    def _deployed_role(self, item: Row, _column: int) -> str | None:
        return self._deployed_to(item)

    def _catchball_role(self, item: Row, column: int) -> int | None:
        return self._badges.get(item.node_id, 0) if column == 0 else None

    def _texts(self, item: Row) -> tuple[str, str, str, str]:
        if item.texts is None:
            graph = self.graph if self._plan is not None else None
            item.texts = cell_texts(graph, self._summary(item.node_id), item.node_id)
        return item.texts

    def _deployed_to(self, item: Row) -> str | None:
        if item.via is not EdgeKind.DEPLOYS:
            return None
        summary = self._summary(item.node_id)
        return summary.unit_name if summary else None

    def _summary(self, node_id: int) -> NodeSummary | None:
        if node_id in self._unread:
            self._read_unread()
        return self._summaries.get(node_id)

    def _read_unread(self) -> None:
        """Read the summaries of every row fetched since the last read: one query."""
        unread, self._unread = self._unread, set()
        if self._plan is not None:
            self._summaries.update(summaries(self._plan, unread))

    def _tooltip(self, item: Row) -> str:
        lines = [self._texts(item)[0]]
        if item.only is not None:
            lines.append(f"Above {self.unit_name}: what its own objectives and kaizens serve")
        deployed = self._deployed_to(item)
        if deployed and item.parent is not None and self._known(item.parent.node_id):
            parent_code = self.graph.node(item.parent.node_id).code
            lines.append(f"Deployed to {deployed} from {parent_code}")
        threads = self._badges.get(item.node_id, 0)
        if threads:
            lines.append(catchball_tooltip(threads))
        mark = self._sight.mark(item.node_id)
        if mark == SERVES:
            lines.append("On the line of sight of the selected node")
        elif mark == AFFECTED:
            lines.append("Serves the selected node: affected when it changes")
        return "\n".join(lines)

    # -- highlight -----------------------------------------------------------------------

    def set_highlight(self, node_id: int) -> None:
        """Mark ``node_id``, everything it serves (up to the company) and all that serves it."""
        self._set_highlight(node_id)
        self._emit_all_changed(self._root)

    def _set_highlight(self, node_id: int) -> None:
        self._sight = LineOfSight(self.graph if self._plan is not None else None, node_id)

    def _emit_all_changed(self, item: Row) -> None:
        """One dataChanged per fetched parent: the view repaints what it shows."""
        stack = [item]
        last = len(COLUMNS) - 1
        while stack:
            current = stack.pop()
            if current.children:
                parent = self._index_of(current)
                top = self.index(0, 0, parent)
                bottom = self.index(len(current.children) - 1, last, parent)
                self.dataChanged.emit(top, bottom)
                stack.extend(c for c in current.children if c.children)

    # -- catchball badges ----------------------------------------------------------------

    def set_badges(self, badges: Mapping[int, int]) -> None:
        """New open-thread counts; repaint only the fetched rows whose count changed."""
        old, self._badges = self._badges, badges
        changed = {i for i in (*old, *badges) if old.get(i, 0) != badges.get(i, 0)}
        for node_id in changed & self._by_node.keys():
            for item in self._by_node[node_id]:
                index = self._index_of(item)
                self.dataChanged.emit(index, index, [CATCHBALL_ROLE])

    # -- following edits -----------------------------------------------------------------

    def needs_rebuild(self, changes: Changes) -> bool:
        """Whether an edit changed what rows exist (else only what they show changed).

        A link added or removed moves rows; a link whose strength or rationale changed
        (updated) only repaints the rows of its two nodes, which ``changes.nodes`` holds.
        """
        if changes.units or changes.edges.reshaped:
            return True
        for node_id in changes.nodes:
            if not self._known(node_id):
                if node_id in self._by_node:
                    return True
                continue
            unit_id = self.graph.node(node_id).unit_id
            if node_id not in self._by_node and unit_id in self._scope_units:
                return True  # a new node of the unit, serving nothing yet: a new root
            shown = self._units.get(node_id)
            if shown is not None and shown != unit_id:
                return True  # moved to another unit: it may start or leave the tree
        return False

    def refresh_rows(self, node_ids: set[int]) -> None:
        """Read again the text of rows showing ``node_ids``; repaint them."""
        shown = [i for i in node_ids if i in self._by_node]
        if not shown or self._plan is None:
            return
        self._unread.update(shown)  # read again when repainted
        last = len(COLUMNS) - 1
        for node_id in shown:
            for item in self._by_node[node_id]:
                item.texts = None
                self.dataChanged.emit(self._index_of(item), self._index_of(item, last))
