"""The non-chart parts of the health tab: headline tiles and lists of nodes to go to."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QListView, QVBoxLayout, QWidget

from hoshin.reads.health_tab import NodeRef
from views.models import ITEM_ROLE, NODE_ID_ROLE, ROOT, Index

#: Rows a node list shows before it scrolls.
VISIBLE_ROWS = 8

TILE_STYLE = (
    "QFrame#healthTile { background: palette(base); border: 1px solid #d5dbe3;"
    " border-radius: 4px; }"
    "QFrame#healthTile[alert='true'] { border-color: #d9a19b; background: #fdf1ef; }"
)


class NodeRefsModel(QAbstractListModel):
    """Nodes named by a health measure (orphan kaizens, priorities nothing serves…)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.refs: list[NodeRef] = []

    def set_refs(self, refs: list[NodeRef]) -> None:
        self.beginResetModel()
        self.refs = list(refs)
        self.endResetModel()

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.refs)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.refs):
            return None
        ref = self.refs[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{ref.code}  {ref.title}  ({ref.unit_code})"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{ref.code} {ref.title}\nUnit {ref.unit_code}. Click to select it."
        if role == ITEM_ROLE:  # the NodeRef
            return ref
        if role == NODE_ID_ROLE:
            return ref.id
        return None


class NodeList(QWidget):
    """A heading and a clickable list of nodes.

    Signals:
        nodeClicked(int): the id of the node the user clicked.
    """

    nodeClicked = Signal(int)

    def __init__(self, heading: str, empty: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading_text = heading
        self.empty_text = empty
        self.heading = QLabel(self)
        self.model = NodeRefsModel(self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setUniformItemSizes(True)
        self.view.clicked.connect(self._clicked)
        self.view.activated.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)

    def set_refs(self, refs: list[NodeRef]) -> None:
        self.model.set_refs(refs)
        mark = "⚠ " if refs else "✔ "
        count = f" ({len(refs)})" if refs else f": {self.empty_text}"
        self.heading.setText(f"<b>{mark}{self.heading_text}</b>{count}")
        self.view.setVisible(bool(refs))
        # As tall as its rows (up to eight, then it scrolls): no empty box under three names.
        rows = min(len(refs), VISIBLE_ROWS)
        row_height = self.view.sizeHintForRow(0) if refs else 0
        self.view.setFixedHeight(rows * max(row_height, 1) + 2 * self.view.frameWidth() + 2)

    def _clicked(self, index: QModelIndex) -> None:
        node_id = index.data(NODE_ID_ROLE)
        if node_id:
            self.nodeClicked.emit(int(node_id))


class Tile(QFrame):
    """A headline figure: a big value, a caption and a line of detail."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("healthTile")
        self.setStyleSheet(TILE_STYLE)
        self.caption = QLabel(caption, self)
        self.value = QLabel(self)
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setBold(True)
        self.value.setFont(font)
        self.caption.setStyleSheet("color: #4a5563;")
        self.detail.setStyleSheet("color: #4a5563;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(0)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        layout.addStretch(1)  # tiles of a row line up at the top, whatever their detail

    def set(self, value: str, detail: str, alert: bool = False) -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        if self.property("alert") != alert:
            self.setProperty("alert", alert)
            self.style().unpolish(self)
            self.style().polish(self)
