"""The Kaizen board tab: the kaizens of the selected unit and all units below it.

Seven columns, one per lifecycle status (DESIGN §5). Each is a ``QListView`` over a
:class:`KaizenColumnModel` that reads its cards a page at a time, so a company board of
50,000 kaizens opens as fast as a team's. Filters are part of the query, not hidden rows.

Seven readable columns need ~1,150 pixels; beside the docks of a 1,600-pixel window the
board has ~800. Columns the user did not choose to open fold to strips with their count,
the end of the lifecycle first (dropped, sustained, regressed), until the rest fit; a
user's fold or unfold of a column is remembered (``foldingChanged``). Whatever still does
not fit is named above the columns, with its count.
A drag to another column is a ``MoveKaizen`` through the document; a refused move leaves
the card where it was and the board says why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QItemSelection, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hoshin.changes import Changes
from hoshin.model.kinds import KaizenStatus, NodeKind, Origin
from hoshin.operations import Batch, MoveKaizen, Operation
from hoshin.reads import board as q
from hoshin.reads.board import BoardReads, Card
from hoshin.reads.units import UnitTree
from hoshin.text.wording import count
from views.catchball.badge import card_threads
from views.catchball.context import CatchballContext
from views.document import PlanDocument
from views.following import FollowsDocument, change_filter
from views.kaizen_board.column import BoardColumn, CardList, FoldedStrip
from views.kaizen_board.model import KaizenColumnModel
from views.kaizen_board.new_kaizen import add_kaizen
from views.kaizen_board.pictures import CardPictures
from views.kaizen_board.style import MESSAGE_STYLE, STATUS_TITLE
from views.kaizen_board.teams import TeamListModel

#: Above this many changed ids a full reload is cheaper than following them one by one.
RELOAD_ABOVE = 2000
#: Narrower, a card's title wraps too often (its origin badge is a symbol alone below 190).
COLUMN_MIN_WIDTH = 156
#: Which columns fold first when the board is too narrow for all of them open.
FOLD_ORDER = (
    KaizenStatus.DROPPED,
    KaizenStatus.SUSTAINED,
    KaizenStatus.REGRESSED,
    KaizenStatus.APPROVED,
    KaizenStatus.IDEA,
    KaizenStatus.DONE,
    KaizenStatus.IN_PROGRESS,
)
COLUMN_SPACING = 8


class KaizenBoard(FollowsDocument, QWidget):
    """The kaizen board tab; follows the document's unit, node and change signals.

    Args:
        document: the open plan; edits go through ``document.execute``.
        parent: the owning widget.

    Signals:
        messageChanged(str): the board's transient message (why a move was refused);
            an empty string when it is hidden again.
        foldingChanged(dict): the user folded or opened a column; the choices so far,
            status value → folded (what :meth:`set_folding` takes back).
    """

    messageChanged = Signal(str)
    foldingChanged = Signal(dict)
    MESSAGE_MS = 8000
    TEXT_DELAY_MS = 250

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        #: The day sustainment checks are overdue against; None is today.
        self.as_of: dt.date | None = None
        self.unit_id = 0
        self.filter = q.BoardFilter()
        self.counts: dict[KaizenStatus, int] = dict.fromkeys(KaizenStatus, 0)
        self._units = UnitTree([])
        self._message = ""
        self._syncing = False

        self.title = QLabel(self)
        self.team_combo = QComboBox(self)
        self._teams = TeamListModel(self.team_combo)
        self.team_combo.setModel(self._teams)
        self.function_combo = QComboBox(self)
        self.origin_combo = QComboBox(self)
        self.text_filter = QLineEdit(self)
        self.text_filter.setPlaceholderText("Filter by code or title")
        self.text_filter.setClearButtonEnabled(True)
        self.origin_combo.addItem("All origins", None)
        for origin in Origin:
            self.origin_combo.addItem(origin.value.capitalize(), origin.value)
        self.message_label = QLabel(self)
        self.message_label.setStyleSheet(MESSAGE_STYLE)
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self._message_timer = QTimer(self, singleShot=True, interval=self.MESSAGE_MS)
        self._message_timer.timeout.connect(self.clear_message)
        self._text_timer = QTimer(self, singleShot=True, interval=self.TEXT_DELAY_MS)
        self._text_timer.timeout.connect(self.apply_filters)

        self.out_of_view = QLabel(self)
        self.out_of_view.setObjectName("boardOutOfView")
        self.out_of_view.setStyleSheet("color: #7a4d00;")
        self.out_of_view.hide()
        #: The user's choices: folded (True) or open (False); other columns fold to fit.
        self.folding: dict[KaizenStatus, bool] = {}
        self._columns_page = QWidget(self)
        self.columns: dict[KaizenStatus, BoardColumn] = {}
        pictures = CardPictures()  # one budget for the board's pictures
        for status in KaizenStatus:
            model = KaizenColumnModel(status, self.fetch_page, self.move_kaizens, parent=self)
            column = BoardColumn(model, self._columns_page, pictures)
            column.view.selectionModel().selectionChanged.connect(
                lambda _new, _old, s=status: self._on_card_selected(s)
            )
            self.columns[status] = column
            column.header.clicked.connect(lambda s=status: self.fold(s, True))
            column.strip.clicked.connect(lambda s=status: self.fold(s, False))
            model.catchball = self._threads_of
        self._column_set: set[QObject] = set(self.columns.values())
        self._catchball = CatchballContext.of(document)
        self._catchball.countsChanged.connect(self._show_badges)
        self._build_layout()

        for combo in (self.team_combo, self.function_combo, self.origin_combo):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.text_filter.textChanged.connect(lambda _text: self._text_timer.start())
        self.follow(document, unit=True, node=True)
        self.set_unit(document.unit_id)  # as the unit notice after a reset does

    def _build_layout(self) -> None:
        bar = QHBoxLayout()
        bar.setSpacing(6)
        for label, combo in (
            ("Team", self.team_combo),
            ("Function", self.function_combo),
            ("Origin", self.origin_combo),
        ):
            # Compact however long the names: a team list of a thousand must not widen the bar.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(10)
            caption = QLabel(label, self)
            caption.setBuddy(combo)
            bar.addWidget(caption)
            bar.addWidget(combo, 1)
        self.text_filter.setMinimumWidth(140)
        bar.addWidget(self.text_filter, 2)
        row = QHBoxLayout(self._columns_page)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(COLUMN_SPACING)
        for column in self.columns.values():
            column.setMinimumWidth(COLUMN_MIN_WIDTH)
            row.addWidget(column, 1)
        # Still too narrow once folded (columns opened by hand, a small laptop): the columns
        # scroll sideways under the filters, as on a wall board, and the board names what
        # is out of view.
        area = self.area = QScrollArea(self)
        area.setWidget(self._columns_page)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.viewport().installEventFilter(self)
        # What is out of view is told once the columns have their new places.
        self._out_of_view_timer = QTimer(self, singleShot=True, interval=0)
        self._out_of_view_timer.timeout.connect(self._show_out_of_view)
        scroll = area.horizontalScrollBar()
        scroll.valueChanged.connect(lambda _v: self._out_of_view_timer.start())
        scroll.rangeChanged.connect(lambda _a, _b: self._out_of_view_timer.start())
        for column in self.columns.values():
            column.installEventFilter(self)
        self.new_button = QPushButton("New kaizen…", self)
        self.new_button.clicked.connect(self.new_kaizen)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.out_of_view)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addLayout(bar)
        layout.addWidget(area, 1)

    # -- folding columns -----------------------------------------------------------------

    def fold(self, status: KaizenStatus, folded: bool) -> None:
        """The user folds (or opens) a column; remembered, and the others fit around it."""
        self.folding[status] = folded
        self.fit_columns()
        self.foldingChanged.emit({s.value: f for s, f in self.folding.items()})

    def set_folding(self, choices: Mapping[str, bool]) -> None:
        """Take back the choices :attr:`foldingChanged` gave (unknown statuses ignored)."""
        known = {s.value: s for s in KaizenStatus}
        self.folding = {known[k]: bool(v) for k, v in choices.items() if k in known}
        self.fit_columns()

    def folded(self) -> set[KaizenStatus]:
        """The columns shown as strips now."""
        return {s for s, column in self.columns.items() if column.folded}

    def fit_columns(self) -> None:
        """Fold the columns nobody chose, end of the lifecycle first, until the rest fit."""
        room = self.area.viewport().width()
        folded = {s for s, f in self.folding.items() if f}

        def needed() -> int:
            widths = (FoldedStrip.WIDTH if s in folded else COLUMN_MIN_WIDTH for s in KaizenStatus)
            return sum(widths) + COLUMN_SPACING * (len(KaizenStatus) - 1)

        for status in FOLD_ORDER:
            if needed() <= room:
                break
            if status not in self.folding:
                folded.add(status)
        for status, column in self.columns.items():
            column.set_folded(status in folded, COLUMN_MIN_WIDTH)
        self._out_of_view_timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.area.viewport() and kind == QEvent.Type.Resize:
            self.fit_columns()
        elif kind in (QEvent.Type.Resize, QEvent.Type.Move) and watched in self._column_set:
            self._out_of_view_timer.start()
        return super().eventFilter(watched, event)

    def out_of_view_statuses(self) -> list[KaizenStatus]:
        """The columns (open or folded) not wholly in view: scrolled off to a side."""
        left = self.area.horizontalScrollBar().value()
        right = left + self.area.viewport().width()
        return [
            s
            for s, column in self.columns.items()
            if column.geometry().left() < left or column.geometry().right() >= right + 1
        ]

    def _show_out_of_view(self) -> None:
        hidden = self.out_of_view_statuses()
        text = " · ".join(f"{STATUS_TITLE[s]} {self.counts[s]:,}" for s in hidden)
        self.out_of_view.setText(f"Out of view, scroll sideways: {text}" if hidden else "")
        self.out_of_view.setVisible(bool(hidden))

    # -- what is shown -------------------------------------------------------------------

    def model(self, status: KaizenStatus) -> KaizenColumnModel:
        return self.columns[status].model

    def view(self, status: KaizenStatus) -> CardList:
        return self.columns[status].view

    def _reads(self) -> BoardReads:
        assert self.document.plan is not None
        return BoardReads(self.document.plan)

    def _as_of(self) -> dt.date:
        return self.as_of or dt.date.today()

    def fetch_page(
        self, status: KaizenStatus, after: tuple[int, int] | None, limit: int
    ) -> list[q.Card]:
        """The next ``limit`` cards of a column under the board's filter (for its model)."""
        if self.document.plan is None or not self.unit_id:
            return []
        return self._reads().page(
            self.filter, status, after=after, limit=limit, as_of=self._as_of()
        )

    def _threads_of(self, card: Card) -> tuple[int, str]:
        plan = self.document.plan
        if plan is None:
            return 0, ""
        return card_threads(self._catchball.counts(), plan.graph, card.id, card.priorities)

    def _show_badges(self) -> None:
        for column in self.columns.values():
            column.view.column_model.badges_changed()

    def plan_reset(self) -> None:
        """Read the unit tree and the functions; the unit signal that follows reloads."""
        self.clear_message()
        functions: list[tuple[int, str]] = []
        if self.document.plan is None:
            self._units = UnitTree([])
        else:
            reads = self._reads()
            self._units = reads.units()
            functions = reads.functions()
        with self._quiet_combos():
            current = self.function_combo.currentData()
            self.function_combo.clear()
            self.function_combo.addItem("All functions", None)
            for function_id, name in functions:
                self.function_combo.addItem(name, function_id)
            self.function_combo.setCurrentIndex(max(0, self.function_combo.findData(current)))
        for column in self.columns.values():
            column.model.clear()

    def set_unit(self, unit_id: int) -> None:
        """Show the kaizens of ``unit_id`` and every unit below it."""
        self.unit_id = unit_id if unit_id in self._units.units else 0
        self._fill_combos()
        self.apply_filters()

    def _fill_combos(self) -> None:
        """The team filter offers the teams (leaf units) below the current unit."""
        teams = self._units.leaves(self.unit_id) if self.unit_id else []
        with self._quiet_combos():
            self._teams.set_teams([(self._units.name(team), team) for team in teams])
        self.team_combo.setEnabled(len(teams) > 1)

    @contextmanager
    def _quiet_combos(self) -> Iterator[None]:
        combos = (self.team_combo, self.function_combo, self.origin_combo)
        blocked = [c.blockSignals(True) for c in combos]
        try:
            yield
        finally:
            for combo, was in zip(combos, blocked, strict=True):
                combo.blockSignals(was)

    def new_kaizen(self) -> str:
        """Add an idea of the team chosen (or the board's unit); its code, or ""."""
        unit = self.team_combo.currentData() or self.unit_id
        info = self._units.units.get(unit)
        if info is None:
            return ""
        return add_kaizen(self.document, info.code, info.name, self)

    def _update_new_button(self) -> None:
        unit = self.team_combo.currentData() or self.unit_id
        info = self._units.units.get(unit)
        self.new_button.setEnabled(info is not None)
        self.new_button.setToolTip(
            f"Write down an idea of {info.name} ({info.code}): a bottom-up kaizen"
            if info is not None
            else "Choose a unit first"
        )

    def apply_filters(self) -> None:
        """Read the filter controls into a query filter and reload the columns."""
        self._text_timer.stop()
        team = self.team_combo.currentData()
        scope_unit = team or self.unit_id
        units = None
        if scope_unit and not self._units.is_root(scope_unit):
            units = tuple(self._units.subtree(scope_unit))
        origin = self.origin_combo.currentData()
        self.filter = q.BoardFilter(
            units=units,
            function_id=self.function_combo.currentData(),
            origin=Origin(origin) if origin else None,
            text=self.text_filter.text(),
        )
        self._update_new_button()
        self.reload()

    def reload(self) -> None:
        """Read the counts and the first page of every column again."""
        read = q.BoardRead(dict.fromkeys(KaizenStatus, 0), {})
        if self.document.plan is not None and self.unit_id:
            size = min(column.model.page_size for column in self.columns.values())
            read = self._reads().first_pages(self.filter, limit=size, as_of=self._as_of())
        for status, column in self.columns.items():
            column.model.reload(read.pages.get(status, []))
        self._show_counts(read.counts)

    def _refresh_counts(self) -> None:
        counts = dict.fromkeys(KaizenStatus, 0)
        if self.document.plan is not None and self.unit_id:
            counts = self._reads().counts(self.filter)
        self._show_counts(counts)

    def _show_counts(self, counts: dict[KaizenStatus, int]) -> None:
        self.counts = counts
        for status, column in self.columns.items():
            column.set_count(counts[status])
        if self.out_of_view.isVisible():
            self._out_of_view_timer.start()
        total = sum(counts.values())
        name = self._units.name(self.unit_id)
        below = " and the units below" if self._units.children.get(self.unit_id) else ""
        self.title.setText(f"<b>{name}</b>{below} · {count(total, 'kaizen')}" if name else "")

    # -- following edits -----------------------------------------------------------------

    @change_filter("units", "functions", "nodes", "sustainment")
    def on_changes(self, changes: Changes) -> None:
        if self.document.plan is None or not self.unit_id:
            return
        if changes.units or changes.functions:
            self.plan_reset()  # names, the unit tree or the function list moved
            self.set_unit(self.document.unit_id)
            return
        # A removed kaizen leaves the board with nothing to read; a changed one is read
        # again; priorities and objectives (a link's other end, say) are not cards.
        graph = self.document.plan.graph
        gone: set[int] = set()
        ids: set[int] = set()
        for node_id in changes.nodes | changes.sustainment:
            if node_id in changes.nodes.removed or not graph.has_node(node_id):
                gone.add(node_id)
            elif graph.node(node_id).kind is NodeKind.KAIZEN:
                ids.add(node_id)
        if not ids and not gone:
            return
        if len(ids) + len(gone) > RELOAD_ABOVE:
            self.reload()
            return
        cards: dict[int, q.Card] = {}
        if ids:
            cards = self._reads().cards(ids, self.filter, as_of=self._as_of())
        shown = any(
            column.model.row_of(i) >= 0 for column in self.columns.values() for i in ids | gone
        )
        if not cards and not shown:
            return  # nothing of this board: a priority, another unit's kaizen…
        selected = self.document.node_id
        fresh: dict[int, q.Card | None] = {i: cards.get(i) for i in ids} | dict.fromkeys(gone)
        for column in self.columns.values():
            column.model.apply(fresh)
        self._refresh_counts()
        if selected in cards:
            self._select_card(selected)

    # -- moving cards --------------------------------------------------------------------

    def move_kaizens(self, codes: list[str], status: KaizenStatus) -> bool:
        """Move kaizens to ``status`` through the document; what a drop does.

        Returns whether the move was made; when refused, the reason is shown on the board.
        """
        if not codes:
            return False
        ops: list[Operation] = [MoveKaizen(code, status) for code in codes]
        op = (
            ops[0] if len(ops) == 1 else Batch(f"Move {count(len(ops), 'kaizen')} to {status}", ops)
        )
        applied = self.document.execute(op, on_error=self.show_message)
        if applied is None:
            return False
        self.clear_message()
        return True

    def show_message(self, text: str) -> None:
        """Show ``text`` over the bottom of the columns for a few seconds (or until a move)."""
        self._message = text
        self.message_label.setText(text)
        self._place_message()
        self.message_label.show()
        self.message_label.raise_()
        self._message_timer.start()
        self.messageChanged.emit(text)

    def _place_message(self) -> None:
        # A toast over the columns rather than a row in the layout: the cards do not jump.
        label = self.message_label
        label.setFixedWidth(min(720, max(240, self.width() - 80)))
        label.adjustSize()
        label.move((self.width() - label.width()) // 2, self.height() - label.height() - 24)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._message:
            self._place_message()

    def clear_message(self) -> None:
        self._message_timer.stop()
        if self._message:
            self._message = ""
            self.message_label.hide()
            self.messageChanged.emit("")

    def message(self) -> str:
        """The message shown now; empty when none."""
        return self._message

    # -- selection -----------------------------------------------------------------------

    def _on_card_selected(self, status: KaizenStatus) -> None:
        if self._syncing:
            return
        view = self.view(status)
        indexes = view.selectionModel().selectedIndexes()
        card = self.model(status).get_item(indexes[0]) if indexes else None
        if card is None:
            return
        with self._sync():
            for other, column in self.columns.items():
                if other is not status:
                    column.view.selectionModel().clearSelection()
        self.document.select_node(card.id)

    @contextmanager
    def _sync(self) -> Iterator[None]:
        self._syncing = True
        try:
            yield
        finally:
            self._syncing = False

    def set_node(self, node_id: int) -> None:
        self.node_id = node_id
        if not self._syncing:
            self._select_card(node_id)

    def _select_card(self, node_id: int) -> None:
        """Select a kaizen's card if it is fetched; clear the board's selection otherwise."""
        with self._sync():
            for column in self.columns.values():
                row = column.model.row_of(node_id) if node_id else -1
                selection = column.view.selectionModel()
                if row < 0:
                    selection.clearSelection()
                    continue
                index = column.model.index(row, 0)
                selection.select(
                    QItemSelection(index, index),
                    selection.SelectionFlag.ClearAndSelect,
                )
                selection.setCurrentIndex(index, selection.SelectionFlag.NoUpdate)
                column.view.scrollTo(index)
