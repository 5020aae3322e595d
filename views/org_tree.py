"""The organisation tree: units with their kaizen counts and a health mark.

Counts come from one ``COUNT … GROUP BY unit`` query (:mod:`hoshin.reads.org_tree`),
rolled up the tree in Python, and the mark from the plan-wide review and health measures
(one pass each): nothing is read per unit, so a tree of a thousand teams costs the same
few queries as the sample plan.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPointF,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from hoshin.changes import Changes
from hoshin.reads import org_tree as reads
from hoshin.text.wording import count
from views.document import PlanDocument
from views.following import FollowsDocument, change_filter
from views.models import HEALTH_ROLE, KAIZEN_COUNT_ROLE, ROOT, UNIT_ID_ROLE, Index

#: When a plan's figures are computed if no view has painted its units before.
FIGURES_AFTER_MS = 300


class Health(IntEnum):
    """How much a unit needs attention; the mark's colour *and* shape say it."""

    OK = 0  # nothing found
    WATCH = 1  # review findings, or open action items of finished kaizens
    ACT = 2  # sustainment checks overdue or slipped: gains are being lost


#: What each mark means, in the legend under the tree (the tooltips give the details).
MEANING = {
    Health.OK: "nothing needs attention",
    Health.WATCH: "to watch: review findings or open action items",
    Health.ACT: "act: sustainment checks overdue or slipped",
}


@dataclass
class UnitRow:
    id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    children: list[int] = field(default_factory=list)
    row: int = 0
    own_kaizens: int = 0
    kaizens: int = 0  # this unit and every unit below
    health: Health = Health.OK
    notes: list[str] = field(default_factory=list)
    below: Counter[Health] = field(default_factory=Counter)  # units below, by their mark

    def shown(self) -> tuple[object, ...]:
        """Every figure the tree shows of this unit (its count, mark and tooltip)."""
        return (self.kaizens, self.own_kaizens, self.health, self.notes, sorted(self.below.items()))


class OrgTreeModel(FollowsDocument, QAbstractItemModel):
    """Units as a tree; column 0 the unit (with its health mark), column 1 its kaizens."""

    HEADERS = ("Unit", "Kaizens")

    #: The kaizen counts and health marks were (re)computed.
    figuresReady = Signal()

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._units: dict[int, UnitRow] = {}
        self._roots: list[int] = []
        self._icons = {h: _health_icon(h) for h in Health}
        # Several edits in a row (a macro, a paste) refresh the figures once.
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(400)
        self._pending.timeout.connect(self.refresh_figures)
        # A plan opens with its units at once and their figures just after the tree first
        # paints them (see count_soon): the roll-ups read the whole plan (0.1–0.3 s at a
        # thousand teams), which the window's first paint need not wait for.
        self.figures_pending = False
        self._figures_due = QTimer(self)
        self._figures_due.setSingleShot(True)
        self._figures_due.timeout.connect(self.refresh_figures)
        self.follow(document)

    # -- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the units again (another plan, or units added, moved or removed)."""
        self.beginResetModel()
        self._units, self._roots = {}, []
        plan = self.document.plan
        if plan is not None:
            for u in reads.units(plan):
                self._units[u.id] = UnitRow(u.id, u.code, u.name, u.level, u.parent_id)
            for unit in self._units.values():
                siblings = (
                    self._units[unit.parent_id].children
                    if unit.parent_id in self._units
                    else self._roots
                )
                unit.row = len(siblings)
                siblings.append(unit.id)
            self.figures_pending = True
            self._figures_due.start(FIGURES_AFTER_MS)  # unless a view asks sooner
        self.endResetModel()

    def count_soon(self) -> None:
        """Compute pending figures on the next turn of the event loop (after a paint)."""
        if self.figures_pending:
            self._figures_due.start(0)

    def plan_reset(self) -> None:
        self.reload()

    @change_filter("units", "nodes", "edges", "owners", "sustainment", "settings", "people")
    def on_changes(self, changes: Changes) -> None:
        if changes.units:
            self.reload()
        elif changes.nodes or changes.edges or changes.owners or changes.sustainment:
            self._pending.start()
        elif changes.settings or changes.people:
            self._pending.start()  # thresholds and owners decide review findings

    def refresh_figures(self) -> None:
        """Recount kaizens and re-judge health; tell the views which cells changed."""
        self._figures_due.stop()
        if not self._units or self.document.plan is None:
            return
        before = {} if self.figures_pending else {u.id: u.shown() for u in self._units.values()}
        self._compute_figures()
        self.figures_pending = False
        # Each notice costs the views a walk: after an edit only the few sibling groups on
        # the edited unit's chain have changed, not the thousand units of the plan.
        for parent_ids in (self._roots, *(u.children for u in self._units.values())):
            if any(before.get(i) != self._units[i].shown() for i in parent_ids):
                first, last = self._units[parent_ids[0]], self._units[parent_ids[-1]]
                self.dataChanged.emit(
                    self.createIndex(first.row, 0, first.id),
                    self.createIndex(last.row, len(self.HEADERS) - 1, last.id),
                )
        self.figuresReady.emit()

    def _compute_figures(self) -> None:
        plan = self.document.plan
        assert plan is not None
        found = reads.figures(plan, dt.date.today())
        for unit in self._units.values():
            unit.own_kaizens = found.kaizens.get(unit.id, 0)
            unit.kaizens = 0
        for unit in self._units.values():
            for above in self._chain(unit.id):
                self._units[above].kaizens += unit.own_kaizens
        for unit in self._units.values():  # the counts roll up; the mark is the unit's own
            own = Counter(found.debt.get(unit.id, {}))
            unit.health, unit.notes = _judge(found.findings.get(unit.code, []), own)
        # A folded department must not hide the team that needs help: say so in its tip.
        for unit in self._units.values():
            unit.below = Counter()
        for unit in self._units.values():
            if unit.health is not Health.OK:
                for above in self._chain(unit.id)[1:]:
                    self._units[above].below[unit.health] += 1

    def _chain(self, unit_id: int) -> list[int]:
        chain, current = [], self._units.get(unit_id)
        while current is not None and current.id not in chain:
            chain.append(current.id)
            current = self._units.get(current.parent_id) if current.parent_id is not None else None
        return chain

    # -- lookups -------------------------------------------------------------------------

    def icon_of(self, level: Health) -> QIcon:
        """The mark the tree draws for ``level`` (the legend shows the same)."""
        return self._icons[level]

    def unit(self, index: Index) -> UnitRow | None:
        """The unit shown at ``index`` (napari's ``get_item``)."""
        return self._units.get(index.internalId()) if index.isValid() else None

    def units(self) -> Iterable[UnitRow]:
        return self._units.values()

    def index_of(self, unit_id: int, column: int = 0) -> QModelIndex:
        unit = self._units.get(unit_id)
        if unit is None:
            return QModelIndex()
        return self.createIndex(unit.row, column, unit.id)

    # -- QAbstractItemModel --------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = ROOT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        owner = self.unit(parent)
        ids = owner.children if owner is not None else self._roots
        return self.createIndex(row, column, ids[row])

    def parent(self, index: Index = ROOT) -> QModelIndex:  # type: ignore[override]
        unit = self.unit(index)
        if unit is None or unit.parent_id not in self._units:
            return QModelIndex()
        above = self._units[unit.parent_id]  # type: ignore[index]
        return self.createIndex(above.row, 0, above.id)

    def rowCount(self, parent: Index = ROOT) -> int:
        if parent.column() > 0:
            return 0
        owner = self.unit(parent)
        return len(owner.children) if owner is not None else len(self._roots)

    def columnCount(self, parent: Index = ROOT) -> int:
        return len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        unit = self.unit(index)
        if unit is None:
            return None
        col = index.column()
        if self.figures_pending and (role in _FIGURE_ROLES or (col == 1 and role == _DISPLAY)):
            return None  # not counted yet: blank, not a zero that would mislead
        if role == Qt.ItemDataRole.DisplayRole:
            return unit.name if col == 0 else unit.kaizens
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return self._icons[unit.health]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(unit)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == UNIT_ID_ROLE:
            return unit.id
        if role == HEALTH_ROLE:
            return int(unit.health)
        if role == KAIZEN_COUNT_ROLE:
            return unit.kaizens
        return None

    def _tooltip(self, unit: UnitRow) -> str:
        below = unit.kaizens - unit.own_kaizens
        lines = [
            f"{unit.name} — {unit.code}, {unit.level}",
            count(unit.kaizens, "kaizen") + (f" ({below} in units below)" if below else ""),
        ]
        lines += [f"• {note}" for note in unit.notes] or ["Nothing needs attention here."]
        act, watch = unit.below[Health.ACT], unit.below[Health.WATCH]
        if act or watch:
            lines.append(
                f"Below: {count(act, 'unit')} losing gains (checks overdue or slipped), "
                f"{watch} to watch."
            )
        return "\n".join(lines)


#: What the figures decide, besides column 1's text; the unit's name is known at once.
_DISPLAY = Qt.ItemDataRole.DisplayRole
_FIGURE_ROLES = frozenset(
    {HEALTH_ROLE, KAIZEN_COUNT_ROLE, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole}
)


def _judge(findings: list[str], debt: Counter[str]) -> tuple[Health, list[str]]:
    notes = list(findings)
    items, overdue, slipped = (
        debt["open_action_items"],
        debt["overdue_checks"],
        debt["slipped_checks"],
    )
    if items:
        notes.append(f"{count(items, 'open action item')} of finished kaizens")
    if overdue:
        notes.append(f"{count(overdue, 'sustainment check')} overdue")
    if slipped:
        notes.append(f"{count(slipped, 'slipped check')} not held again")
    if overdue > 0 or slipped > 0:
        return Health.ACT, notes
    return (Health.WATCH if notes else Health.OK), notes


def _health_icon(level: Health) -> QIcon:
    """A mark that differs in shape as well as colour: dot, triangle, square."""
    colour = {Health.OK: "#2e9d4f", Health.WATCH: "#e0a100", Health.ACT: "#d23c3c"}[level]
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor(colour).darker(130))
    painter.setBrush(QColor(colour))
    if level is Health.OK:
        painter.drawEllipse(3, 3, 10, 10)
    elif level is Health.WATCH:
        painter.drawPolygon(QPolygonF([QPointF(8, 2), QPointF(14, 13), QPointF(2, 13)]))
    else:
        painter.drawRect(3, 3, 10, 10)
    painter.end()
    return QIcon(pixmap)


class OrgTree(FollowsDocument, QWidget):
    """The left dock: a filter box over the unit tree; choosing a unit selects it."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = OrgTreeModel(document, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)  # keep the path to a matching team
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter units…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._on_filter)
        self.view = QTreeView(self)
        self.view.setModel(self.proxy)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Sized for the largest count when the figures change, not ResizeToContents: that
        # measures every row at each change (2 s after an edit at a thousand teams).
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.filter)
        layout.addWidget(self.view)
        self.legend = health_legend(self)
        layout.addWidget(self.legend)
        self.view.selectionModel().currentChanged.connect(self._on_current)
        self.model.modelReset.connect(self._after_reset)
        self.model.figuresReady.connect(self._fit_counts)
        self.view.viewport().installEventFilter(self)
        self.follow(document, unit=True, changes=False)  # the model follows the edits
        self._after_reset()

    def plan_reset(self) -> None:
        pass  # the model's reset shows the unit (_after_reset)

    def set_unit(self, unit_id: int) -> None:
        self.unit_id = unit_id
        self.show_unit(unit_id)

    def add_context_action(self, action: QAction) -> None:
        """Offer ``action`` on a right click in the tree (the unit clicked is current)."""
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.view.addAction(action)

    def _after_reset(self) -> None:
        # Companies and divisions open; a thousand teams stay folded until asked for.
        self.view.expandToDepth(1)
        self.show_unit(self.document.unit_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.model.figures_pending:
            self.model.count_soon()  # the units are on screen: now the figures
        return super().eventFilter(watched, event)

    def _fit_counts(self) -> None:
        """Make the Kaizens column as wide as its header or its largest count (the top's)."""
        largest = max((u.kaizens for u in self.model.units()), default=0)
        text = self.view.itemDelegate().displayText(largest, self.view.locale())
        padding = 2 * self.view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 8
        header = self.view.header()
        width = max(self.view.fontMetrics().horizontalAdvance(text) + padding,
                    header.sectionSizeFromContents(1).width())  # fmt: skip
        header.resizeSection(1, width)

    def _on_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        if text.strip():
            self.view.expandAll()
        else:
            self._after_reset()

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        unit = self.model.unit(self.proxy.mapToSource(current))
        if unit is not None:
            self.document.select_unit(unit.id)

    def show_unit(self, unit_id: int) -> None:
        """Make ``unit_id`` the current row (when another view selected it)."""
        index = self.proxy.mapFromSource(self.model.index_of(unit_id))
        if not index.isValid() or index == self.view.currentIndex():
            return
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)


def health_legend(parent: QWidget) -> QWidget:
    """Each health mark beside what it means: the marks are read without hovering."""
    legend = QWidget(parent)
    legend.setObjectName("healthLegend")
    grid = QGridLayout(legend)
    grid.setContentsMargins(4, 2, 4, 4)
    grid.setHorizontalSpacing(6)
    grid.setVerticalSpacing(1)
    for row, level in enumerate(Health):
        mark = QLabel(legend)
        mark.setPixmap(_health_icon(level).pixmap(16, 16))
        words = QLabel(MEANING[level], legend)
        words.setWordWrap(True)
        words.setStyleSheet("color: #4a5563;")
        mark.setAccessibleName(MEANING[level])
        grid.addWidget(mark, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(words, row, 1)
    grid.setColumnStretch(1, 1)
    return legend
