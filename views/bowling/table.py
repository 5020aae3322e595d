"""The bowling chart's table: its columns, and editing by the block (paste, copy, clear).

A paste is one ``Batch`` of ``SetMeasurement`` through the document, so one undo takes it
all back; every pasted cell is read before anything is written, so one bad number refuses
the whole block and the refusal names the cell.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from hoshin.operations import Batch, Operation, SetMeasurement
from hoshin.text.wording import count
from views.bowling.delegate import BowlingDelegate
from views.bowling.model import COL_TARGET, COL_YTD, FIRST_MONTH, BowlingModel
from views.bowling.paste import PasteError, measurement_op, parse_block, paste_operations

#: Column widths (pixels): "✖ 16.9" (39 pixels at 9 pt) fits a month; twelve of them, the
#: year to date and a readable target column fit beside the docks of a 1600-pixel window.
MONTH_WIDTH = 50  # "✖ 25.9†": a mark, a figure and the derived mark
WIDTHS = {COL_YTD: 50}
ROW_HEIGHT = 24
#: A target's first row holds its title on two lines (the second elided): beside the
#: docks the title column is ~150 pixels, too few for most titles on one line.
TITLE_LINES = 2


class BowlingTable(QTableView):
    """Targets × months; Ctrl+V pastes a block, Ctrl+C copies one, Delete clears it.

    Args:
        model: the chart's model (which knows the document edits go through).
        parent: the owning widget.

    Signals:
        edited(object): figures were pasted or cleared (the list of ``SetMeasurement``).
        nothingChanged(): a paste or clear that would change no figure.
    """

    edited = Signal(object)
    nothingChanged = Signal()

    def __init__(self, model: BowlingModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bowling = model
        self.document = model.document
        self.setModel(model)
        self.setItemDelegate(BowlingDelegate(self))
        self.setShowGrid(False)  # the delegate draws rules that group a target's two rows
        self.setWordWrap(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.horizontalHeader()
        header.setMinimumSectionSize(24)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(COL_TARGET, QHeaderView.ResizeMode.Stretch)
        for column, width in WIDTHS.items():
            self.setColumnWidth(column, width)
        for column in range(FIRST_MONTH, COL_YTD):
            self.setColumnWidth(column, MONTH_WIDTH)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        model.modelReset.connect(self._size_title_rows)
        self._size_title_rows()

    def title_row_height(self) -> int:
        """The height of a target's first row: its title on :data:`TITLE_LINES` lines."""
        return max(ROW_HEIGHT, TITLE_LINES * self.fontMetrics().lineSpacing() + 8)

    def _size_title_rows(self) -> None:
        # One call per target (12 ms for 2,000 targets), after a reset only.
        height = self.title_row_height()
        for row in range(0, self.bowling.rowCount(), 2):
            self.setRowHeight(row, height)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() != QAbstractItemView.State.EditingState:
            for key, action in (
                (QKeySequence.StandardKey.Paste, self.paste),
                (QKeySequence.StandardKey.Copy, self.copy),
                (QKeySequence.StandardKey.Delete, self.clear_selected),
            ):
                if event.matches(key):
                    action()
                    event.accept()
                    return
        super().keyPressEvent(event)

    def select_cell(self, code: str, month: str, kind: str = "actual") -> QModelIndex:
        """Make one month of a target the current cell."""
        model = self.bowling
        index = model.index(model.row_of(code, kind), model.month_column(month))
        self.setCurrentIndex(index)
        return index

    def _anchor(self) -> tuple[int, int]:
        """The top-left selected cell (or the current one): where a paste starts."""
        chosen = self.selectionModel().selectedIndexes()
        if chosen:
            return min(i.row() for i in chosen), min(i.column() for i in chosen)
        current = self.currentIndex()
        return current.row(), current.column()

    def paste(self, text: str | None = None) -> bool:
        """Paste tab-separated figures at the selection as one undoable edit."""
        if text is None:
            text = QGuiApplication.clipboard().text()
        block = parse_block(text)
        chosen = self.selectionModel().selectedIndexes()
        cell = self.bowling.cell
        try:
            if len(block) == 1 and len(block[0]) == 1 and len(chosen) > 1:
                # One value onto a selection fills it, as a spreadsheet does.
                ops: list[Operation] = []
                for index in chosen:
                    ops += paste_operations(block, index.row(), index.column(), cell)
            else:
                ops = paste_operations(block, *self._anchor(), cell)
        except PasteError as exc:
            self.document.errorRaised.emit(str(exc))
            return False
        return self._apply(ops, f"Paste {count(len(ops), 'monthly figure')}")

    def copy(self) -> str:
        """Copy the selected cells as tab-separated text (figures without their marks)."""
        chosen = self.selectionModel().selectedIndexes()
        if not chosen:
            return ""
        picked = {(i.row(), i.column()) for i in chosen}
        rows = range(min(r for r, _c in picked), max(r for r, _c in picked) + 1)
        cols = range(min(c for _r, c in picked), max(c for _r, c in picked) + 1)
        model = self.bowling
        lines = []
        for r in rows:
            cells = []
            for c in cols:
                if (r, c) not in picked:
                    cells.append("")
                    continue
                role = Qt.ItemDataRole.EditRole if model.cell(r, c) else Qt.ItemDataRole.DisplayRole
                cells.append(str(model.index(r, c).data(role) or ""))
            lines.append("\t".join(cells))
        text = "\n".join(lines)
        QGuiApplication.clipboard().setText(text)
        return text

    def clear_selected(self) -> bool:
        """Clear the selected plans and actuals, as one undoable edit."""
        ops: list[Operation] = []
        for index in self.selectionModel().selectedIndexes():
            cell = self.bowling.cell(index.row(), index.column())
            if cell is not None and cell.current is not None:
                ops.append(measurement_op(cell, None))
        return self._apply(ops, f"Clear {count(len(ops), 'monthly figure')}")

    def _apply(self, ops: list[Operation], label: str) -> bool:
        if not ops:
            self.nothingChanged.emit()
            return False
        op = ops[0] if len(ops) == 1 else Batch(label, ops)
        if self.document.execute(op) is None:
            return False
        self.edited.emit([o for o in ops if isinstance(o, SetMeasurement)])
        return True
