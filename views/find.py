"""Finding a node by code or title, and the completion list other fields share.

The list is one model filled by one query, not a widget per node: with 50,000 kaizens the
completer filters rows of a plain Python list as the user types.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QEvent,
    QObject,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hoshin.changes import Changes
from hoshin.model.kinds import NodeKind
from hoshin.reads.find import NodeRow, node_list
from views.document import PlanDocument
from views.following import FollowsDocument, change_filter
from views.models import CODE_ROLE, KIND_ROLE, NODE_ID_ROLE, ROOT, UNIT_ID_ROLE, Index

SEPARATOR = " — "


def code_of(text: str) -> str:
    """The code in a completion ("KZ-104 — Reduce setup time") or in what a user typed."""
    return text.split(SEPARATOR, 1)[0].strip().upper()


Row = NodeRow  # id, code, title, kind, unit id


def _row_data(row: Row, role: int) -> object:
    node_id, code, title, kind, unit_id = row
    if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
        return f"{code}{SEPARATOR}{title}"
    if role == Qt.ItemDataRole.ToolTipRole:
        return f"{NodeKind(kind).label} {code}: {title}"
    if role == CODE_ROLE:
        return code
    if role == KIND_ROLE:
        return kind
    if role == NODE_ID_ROLE:
        return node_id
    if role == UNIT_ID_ROLE:
        return unit_id
    return None


class PlanNodesModel(FollowsDocument, QAbstractListModel):
    """Every node of the plan as "CODE — title", read with one query when first needed.

    The rows serve completers: nothing asks for them until someone types a code. Read at
    every plan reset and edit instead, they cost a fifth of a second each at 60,000 nodes.
    """

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._rows: list[Row] | None = None  # None: to be read on first use
        # Titles change often while someone edits; reread once things settle.
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(300)
        self._pending.timeout.connect(self.reload)
        self.follow(document)

    def plan_reset(self) -> None:
        self.reload()

    @change_filter("nodes")
    def on_changes(self, changes: Changes) -> None:
        self._pending.start()

    @property
    def rows(self) -> list[Row]:
        """(id, code, title, kind, unit id) of every node, by kind and number."""
        if self._rows is None:
            self._rows = self._read()
        return self._rows

    def reload(self) -> None:
        """Forget the rows (another plan, or nodes changed); they are read again when asked."""
        self.beginResetModel()
        self._rows = None
        self.endResetModel()

    def _read(self) -> list[Row]:
        plan = self.document.plan
        if plan is None:
            return []
        return node_list(plan)

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        return _row_data(self.rows[index.row()], role)

    def matches(self, text: str) -> list[tuple[int, str, int]]:
        """(node id, code, unit id) of the nodes whose code or title contains ``text``."""
        needle = text.strip().lower()
        return [
            (i, c, u) for i, c, t, _k, u in self.rows if needle in c.lower() or needle in t.lower()
        ]


class KindFilter(QAbstractListModel):
    """Only the nodes of some kinds: a kaizen serves priorities, so offer only those.

    The subset is one list comprehension over the shared rows, not a proxy that asks the
    source model row by row (a second per change of kinds at 50,000 nodes).
    """

    def __init__(self, source: PlanNodesModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self._kinds: frozenset[str] = frozenset(k.value for k in NodeKind)
        self._subset: list[Row] | None = None  # None: to be taken from the source on first use
        source.modelReset.connect(self._refilter)

    def set_kinds(self, kinds: Iterable[NodeKind]) -> None:
        wanted = frozenset(k.value for k in kinds)
        if wanted != self._kinds:
            self._kinds = wanted
            self._refilter()

    @property
    def _rows(self) -> list[Row]:
        if self._subset is None:
            self._subset = [row for row in self.source.rows if row[3] in self._kinds]
        return self._subset

    def _refilter(self) -> None:
        self.beginResetModel()
        self._subset = None
        self.endResetModel()

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        return _row_data(self._rows[index.row()], role)


class _ModelOnFocus(QObject):
    """Gives a completer its model when its field first takes the focus.

    A completer counts its model's rows as soon as it has one, and again at every reset:
    for the node list that is a read of every node of the plan. Nobody completes in a field
    they have not entered, so the fields of the always-visible editor wait until then.
    """

    def __init__(self, field: QWidget, completer: QCompleter, model: QAbstractItemModel) -> None:
        super().__init__(completer)
        self._completer = completer
        self._model = model
        field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            watched.removeEventFilter(self)
            self._completer.setModel(self._model)
        return False


def code_completer(
    model: QAbstractListModel, parent: QWidget, *, on_focus: bool = False
) -> QCompleter:
    """A completer that matches anywhere in "CODE — title", ignoring case.

    With ``on_focus`` the completer is given ``model`` only when ``parent`` (the field it
    completes) first takes the focus.
    """
    completer = QCompleter(parent)
    if on_focus:
        _ModelOnFocus(parent, completer, model)
    else:
        completer.setModel(model)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setMaxVisibleItems(12)
    return completer


class FindDialog(QDialog):
    """Ctrl+F: type a code or words of a title; choosing one selects the node and its unit."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Find")
        self.setMinimumWidth(460)
        self.document = document
        self.model = PlanNodesModel(document, self)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("A code such as KZ-104, or words of a title")
        self.edit.setClearButtonEnabled(True)
        completer = code_completer(self.model, self.edit)
        completer.activated[str].connect(self.find)  # type: ignore[index]
        self.edit.setCompleter(completer)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setObjectName("findMessage")
        buttons = QDialogButtonBox(self)
        go = buttons.addButton("Go to", QDialogButtonBox.ButtonRole.AcceptRole)
        go.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(lambda: self.find(self.edit.text()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Find a node by code or title:"))
        layout.addWidget(self.edit)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def open_for_search(self) -> None:
        self.message.clear()
        self.show()
        self.raise_()
        self.activateWindow()
        self.edit.setFocus()
        self.edit.selectAll()

    def find(self, text: str) -> bool:
        """Select the node ``text`` names; say why not when it names none or several."""
        plan = self.document.plan
        if plan is None or not text.strip():
            return False
        code = code_of(text)
        graph = plan.graph
        if code in graph:
            node = graph.node(graph.id_of(code))
            found: tuple[int, str, int] | None = (node.id, node.code, node.unit_id)
        else:
            hits = self.model.matches(text)
            found = hits[0] if len(hits) == 1 else None
            if found is None:
                self.message.setText(
                    f"No node matches “{text.strip()}”."
                    if not hits
                    else f"{len(hits)} nodes match “{text.strip()}”; pick one from the list."
                )
                return False
        node_id, code, unit_id = found
        self.document.select_unit(unit_id)
        self.document.select_node(node_id)
        self.message.setText(f"Selected {code}.")
        self.accept()
        return True
