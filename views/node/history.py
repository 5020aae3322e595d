"""The history of the selected node: who changed it, when, and from what to what.

It reads the plan's audit log (:mod:`hoshin.reads.history`), newest first, a page at a
time as the table scrolls (``fetchMore``). Undoing an edit does not take its entry away:
the undo is an edit too, and shows as one more row. Export CSV… writes the node's whole
history with the columns of ``hoshin audit --csv``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hoshin.changes import Changes
from hoshin.reads import audit_text, nodes
from hoshin.reads.history import history_page, write_history_csv
from hoshin.store.steps import Row
from hoshin.text import formats
from views.document import PlanDocument
from views.following import FollowsDocument
from views.models import ITEM_ROLE, ROOT, Index, PagedRows

log = logging.getLogger(__name__)

PAGE = 200
NOBODY = "(nobody named)"
#: The table's columns. The change comes before the edit's name, which mostly repeats
#: the node's code: in a narrow dock what changed stays in view.
WHEN, WHO, FIELD, CHANGE, EDIT = range(5)
EMPTY = "Select a node to see who changed it, when, and from what to what."

#: What a row of each table is, in words.
_THING = {
    "nodes": "node",
    "edges": "link",
    "responsibilities": "owner",
    "measurements": "figure",
    "countermeasures": "countermeasure",
    "sustainment_checks": "check",
    "action_items": "action item",
    "catchball_threads": "catchball thread",
}
#: Columns of a row that name it for a person, in the order they are worth reading.
_NAMING = ("kind", "month", "title", "text", "due", "state", "role", "strength", "plan", "actual")

Loader = Callable[[int | None], list[Row]]
Codes = Callable[[int], str]


def value_text(raw: str | None) -> str:
    """A logged value (JSON text) as it reads: text without quotes, nothing as –."""
    if raw is None:
        return formats.MISSING
    try:
        value = json.loads(raw)
    except ValueError:
        return raw
    if value is None or value == "":
        return formats.MISSING
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return audit_text.value_words(value)  # one line in a table cell; 22, not 22.0


def when_text(at: dt.datetime | None, *, short: bool = False) -> str:
    """A logged time (UTC, without a zone) in the user's own time.

    ``short`` (the table, in a narrow dock): day and time this year, day and year before.
    """
    if at is None:
        return ""
    local = at.replace(tzinfo=dt.UTC).astimezone()
    if not short:
        return local.strftime("%Y-%m-%d %H:%M")
    this_year = local.year == dt.datetime.now().astimezone().year
    return local.strftime("%d %b %H:%M" if this_year else "%d %b %Y")


def field_text(entry: Row) -> str:
    thing = _THING.get(str(entry["table_name"]), str(entry["table_name"]))
    action = entry["action"]
    if action == "insert":
        return f"{thing} added"
    if action == "delete":
        return f"{thing} removed"
    raw = str(entry["field"] or "")
    field = audit_text.FIELD_WORDS.get(raw, raw.replace("_", " "))
    if entry.get("month"):  # a month's figure: which month
        return f"{field} {entry['month']}"
    return field if entry["table_name"] == "nodes" else f"{thing} {field}"


def _row_summary(entry: Row, codes: Codes) -> str:
    """An added or removed row, named by what a person would recognise it by."""
    try:
        row = json.loads(entry["new"] if entry["action"] == "insert" else entry["old"] or "{}")
    except (TypeError, ValueError):
        return ""
    if not isinstance(row, dict):
        return str(row)
    if entry["table_name"] == "edges":
        strength = f" ({row['strength']})" if row.get("strength") else ""
        source, target = codes(int(row["source_id"])), codes(int(row["target_id"]))
        kind = str(row.get("kind", ""))
        return f"{source} {'deploys to' if kind == 'deploys' else kind} {target}{strength}"
    if entry["table_name"] == "nodes":
        return " ".join(str(row[k]) for k in ("code", "title") if row.get(k))
    if entry.get("subject"):  # the person a responsibility names
        return f"{entry['subject']}, {row.get('role', '')}".rstrip(", ")
    named = [k for k in _NAMING if row.get(k) is not None]
    parts = [
        f"{k} {audit_text.value_words(row[k])}" if k in ("plan", "actual") else str(row[k])
        for k in named
    ]
    return ", ".join(" ".join(p.split()) for p in parts)


def change_text(entry: Row, codes: Codes) -> str:
    """``old → new`` of an updated field; what was added or removed otherwise."""
    if entry["action"] == "update":
        if entry.get("change"):  # named by the core: a unit's code, not its id
            return str(entry["change"])
        return f"{value_text(entry['old'])} → {value_text(entry['new'])}"
    return _row_summary(entry, codes)


class HistoryModel(PagedRows[Row], QAbstractTableModel):
    """Audit entries in rows, newest first; read-only.

    The rows come from a loader (``before`` id → the next page, newest first); a page
    shorter than :data:`PAGE` is the last.

    Signals:
        none of its own; rows change through the usual model signals.
    """

    HEADERS = ("When", "Who", "Field", "Old → new", "Edit")
    page_size = PAGE

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []
        self._loader: Loader | None = None
        self.codes: Codes = lambda node_id: f"#{node_id}"

    def load(self, loader: Loader | None, codes: Codes | None = None) -> None:
        """Show the first page from ``loader`` (None: show nothing)."""
        self.beginResetModel()
        self._loader = loader
        if codes is not None:
            self.codes = codes
        self.set_rows(loader(None) if loader is not None else [])
        self.endResetModel()

    def next_page(self) -> list[Row]:
        if self._loader is None or not self.rows:
            return []
        return self._loader(int(self.rows[-1]["id"]))

    def entry(self, row: int) -> Row | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    # -- Qt ------------------------------------------------------------------------------

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        return self.HEADERS[section] if role == Qt.ItemDataRole.DisplayRole else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entry(index.row())
        if entry is None or not 0 <= index.column() < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell(entry, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry)
        if role == ITEM_ROLE:  # the audit entry, as hoshin.store.audit.history gives it
            return entry
        return None

    def _cell(self, entry: Row, column: int) -> str:
        if column == WHEN:
            return when_text(entry["at"], short=True)
        if column == WHO:
            return str(entry["person"] or "–")
        if column == FIELD:
            return field_text(entry)
        if column == CHANGE:
            return change_text(entry, self.codes)
        return str(entry["edit"])

    def _tooltip(self, entry: Row) -> str:
        lines = [f"{entry['edit']} — {entry['person'] or NOBODY}, {when_text(entry['at'])}"]
        if entry.get("sentence"):  # what it did, in the user's words (as hoshin audit says)
            lines.append(str(entry["sentence"]))
        elif entry["action"] == "update":
            lines += [f"{field_text(entry)} was: {value_text(entry['old'])}"]
            lines += [f"{field_text(entry)} became: {value_text(entry['new'])}"]
        else:
            lines.append(f"{field_text(entry)}: {change_text(entry, self.codes)}")
        return "\n".join(lines)


class NodeHistory(FollowsDocument, QWidget):
    """The selected node's history, with Export CSV….

    It reads again after an edit, an undo or a redo, and when another node is selected;
    hidden behind another dock tab, it waits until it is seen (:class:`~views.lazy.Lazy`).

    Signals:
        exported(str): a CSV file was written (its path).
    """

    exported = Signal(str)

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nodeHistory")
        self.model = HistoryModel(self)
        self.title = QLabel(EMPTY, self)
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.export_button = QPushButton("Export CSV…", self)
        self.export_button.setToolTip("Write this node's whole history to a CSV file.")
        self.export_button.clicked.connect(lambda _c=False: self.export_dialog())
        self.table = QTableView(self)
        self.table.setObjectName("historyTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self._fit_columns()
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 6, 6, 6)
        column.addLayout(top)
        column.addWidget(self.table, 1)

        self.follow(document, node=True, when_seen=True, deferred=True)

    # -- following the document ----------------------------------------------------------

    def on_changes(self, changes: Changes) -> None:
        # Every edit writes to the log; which entries concern this node (a link to it, a
        # month figure of it) only the log knows, so any edit makes the list stale.
        if self.node_id:
            self.mark_stale()

    # -- reading -------------------------------------------------------------------------

    def _node(self) -> tuple[str, str] | None:
        """The code and title of the node shown, or None when there is none."""
        plan, node_id = self.document.plan, self.node_id
        if plan is None or not node_id or not plan.graph.has_node(node_id):
            return None
        return plan.graph.code(node_id), nodes.title(plan, node_id)

    def _code(self, node_id: int) -> str:
        plan = self.document.plan
        if plan is not None and plan.graph.has_node(node_id):
            return plan.graph.code(node_id)
        return f"#{node_id} (deleted)"

    def _page(self, before: int | None) -> list[Row]:
        plan = self.document.plan
        if plan is None or not self.node_id:
            return []
        return history_page(plan, self.node_id, before=before, limit=PAGE)

    def refresh(self) -> None:
        """Read the shown node's history again, from the newest entry."""
        self.lazy.stale = False
        node = self._node()
        if node is None:
            self.model.load(None)
            self.title.setText(EMPTY)
            self.export_button.setEnabled(False)
            return
        code, title = node
        self.model.load(self._page, self._code)
        self.title.setText(f"History of {code}  {title}" if title else f"History of {code}")
        self.export_button.setEnabled(self.model.rowCount() > 0)

    def _fit_columns(self) -> None:
        metrics = self.table.fontMetrics()
        for column, sample in (
            (WHEN, "30 Sep 23:59"),
            (WHO, "Helen Ward"),
            (FIELD, "actual 2026-12"),
            (CHANGE, "Order-to-delivery → Lead time"),
        ):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 14)

    # -- export --------------------------------------------------------------------------

    def export_csv(self, path: str) -> int:
        """Write the node's whole history to ``path``; returns how many entries.

        Raises:
            OSError: the file could not be written.
        """
        plan = self.document.plan
        if plan is None or not self.node_id:
            return 0
        with open(path, "w", encoding="utf-8-sig", newline="") as out:
            # utf-8 with a byte-order mark: Excel reads accents right only then.
            return write_history_csv(plan, self.node_id, out)

    def export_dialog(self) -> str | None:
        node = self._node()
        if node is None:
            return None
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Export the history as CSV",
            str(Path.home() / f"{node[0]} history.csv"),
            "CSV files (*.csv)",
        )
        if not path:
            return None
        if not path.lower().endswith(".csv"):
            path += ".csv"
        try:
            count = self.export_csv(path)
        except OSError as exc:
            log.warning("cannot write %s: %s", path, exc)
            QMessageBox.warning(self, "Cannot export the history", f"{path}: {exc.strerror}.")
            return None
        log.info("wrote %d history entries to %s", count, path)
        self.exported.emit(path)
        return path
