"""One column of the board: its title and count over a list of painted cards.

While a card is dragged over a column, the column says whether the lifecycle allows the
move (DESIGN §5) before the drop; a drop it does not allow is still made, so the document
refuses it and the board shows the reason in words.

A column folds to a narrow strip that still shows its title and count (a click on the
title folds it, a click on the strip opens it again), so that seven columns fit beside
the docks; cards can be dropped on a folded strip as on the open column.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QMimeData, QModelIndex, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListView, QVBoxLayout, QWidget

from hoshin.model.kinds import KAIZEN_MOVES
from hoshin.text.wording import count as kaizens_count
from views.kaizen_board.delegate import CardDelegate
from views.kaizen_board.model import KaizenColumnModel, decode_cards
from views.kaizen_board.pictures import CardPictures
from views.kaizen_board.style import (
    COLUMN_BG,
    MUTED_TEXT,
    SCROLLBAR_STYLE,
    STATUS_COLOUR,
    STATUS_TITLE,
    blend,
)

ALLOWED_COLOUR, REFUSED_COLOUR = QColor("#3f9b58"), QColor("#c8483b")
QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's largest widget size


def kaizens(n: int) -> str:
    return kaizens_count(n, "kaizen")


class CardList(QListView):
    """A column's list of cards: says "No kaizens" when empty, and judges a drag."""

    def __init__(
        self,
        model: KaizenColumnModel,
        parent: QWidget | None = None,
        pictures: CardPictures | None = None,
    ) -> None:
        super().__init__(parent)
        self.column_model = model
        self._drag_verdict: tuple[bool, str] | None = None  # None: no drag over us
        self.setObjectName(f"column-{model.status.value}")
        self.setModel(model)
        self.setItemDelegate(CardDelegate(self, pictures))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(False)  # the whole column is the target, not a gap
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)  # cards follow the width
        self.setUniformItemSizes(True)  # no size asked per card: long columns stay fast
        self.setMouseTracking(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        palette = self.palette()
        palette.setColor(palette.ColorRole.Base, COLUMN_BG)
        self.setPalette(palette)
        self.verticalScrollBar().setStyleSheet(SCROLLBAR_STYLE)

    def drag_verdict(self, mime: QMimeData) -> tuple[bool, str] | None:
        """Whether the lifecycle allows the dragged cards here, and a line saying so."""
        target = self.column_model.status
        moved = [s for _code, s in decode_cards(mime) if s is not target]
        if not moved:
            return None
        title = STATUS_TITLE[target].lower()
        refused = [s for s in moved if target not in KAIZEN_MOVES[s]]
        if refused:
            return False, f"Not allowed: {STATUS_TITLE[refused[0]].lower()} cannot go to {title}"
        return True, f"Drop to move to {title}"

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        super().dragEnterEvent(event)
        self._set_verdict(self.drag_verdict(event.mimeData()))

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        super().dragMoveEvent(event)
        self._set_verdict(self.drag_verdict(event.mimeData()))

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        super().dragLeaveEvent(event)
        self._set_verdict(None)

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_verdict(None)
        super().dropEvent(event)

    def _set_verdict(self, verdict: tuple[bool, str] | None) -> None:
        if verdict != self._drag_verdict:
            self._drag_verdict = verdict
            self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        verdict = self._drag_verdict
        if verdict is None and self.column_model.rowCount() > 0:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.viewport().rect()).adjusted(4, 4, -4, -4)
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        if verdict is None:
            painter.setPen(MUTED_TEXT)
            painter.drawText(
                area.adjusted(8, 16, -8, 0), Qt.AlignmentFlag.AlignHCenter, "No kaizens"
            )
            painter.end()
            return
        allowed, text = verdict
        colour = ALLOWED_COLOUR if allowed else REFUSED_COLOUR
        line = Qt.PenStyle.SolidLine if allowed else Qt.PenStyle.DashLine
        painter.setPen(QPen(colour, 2, line))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(area, 6, 6)
        # The verdict sits in an opaque banner at the bottom, readable over the cards.
        inner = area.adjusted(8, 0, -8, -8)
        bounds = painter.boundingRect(inner.adjusted(10, 0, -10, 0), flags, text)
        banner = QRectF(inner.left(), inner.bottom() - bounds.height() - 14, inner.width(),
                        bounds.height() + 14)  # fmt: skip
        fill = QColor(colour)
        fill.setAlpha(36)
        painter.setPen(QPen(colour, 1))
        painter.setBrush(blend(COLUMN_BG, fill))
        painter.drawRoundedRect(banner, 6, 6)
        painter.setPen(colour.darker(130))
        painter.drawText(banner.adjusted(10, 0, -10, 0), flags, text)
        painter.end()


class ColumnHeader(QWidget):
    """A column's title in bold and its count, muted, as a rich-text label showed them;
    a click folds the column (``clicked``).

    Painted rather than a label, and as wide whatever the count: a label's new count lays
    the whole row of columns out again (2 ms a unit switch), where a count here only
    repaints its header.

    Signals:
        clicked(): the title was clicked.
    """

    MARGINS = (10, 6, 10, 2)
    WIDEST_COUNT = "888,888"
    clicked = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self._count = ""
        self.setContentsMargins(*self.MARGINS)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(f"{title}: click to fold the column to a narrow strip")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def set_count(self, count: int) -> None:
        self._count = f"{count:,}"
        self.setAccessibleName(f"{self._title}: {kaizens(count)}")
        self.update()

    def text(self) -> str:
        return f"{self._title}\u00a0\u00a0{self._count}"

    def _bold(self) -> QFont:
        bold = QFont(self.font())
        bold.setBold(True)
        return bold

    def sizeHint(self) -> QSize:
        left, top, right, bottom = self.MARGINS
        width = QFontMetricsF(self._bold()).horizontalAdvance(self._title)
        width += QFontMetricsF(self.font()).horizontalAdvance(f"\u00a0\u00a0{self.WIDEST_COUNT}")
        height = QFontMetrics(self.font()).height()
        return QSize(math.ceil(width) + left + right, height + top + bottom)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        bold = self._bold()
        baseline = rect.top() + QFontMetrics(self.font()).ascent()
        painter.setFont(bold)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        painter.drawText(QPointF(rect.left(), baseline), self._title)
        painter.setFont(self.font())
        painter.setPen(MUTED_TEXT)
        x = rect.left() + QFontMetricsF(bold).horizontalAdvance(self._title)
        painter.drawText(QPointF(x, baseline), f"\u00a0\u00a0{self._count}")
        painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, "‹")
        painter.end()


class FoldedStrip(QWidget):
    """A folded column: its title and count written upwards; a click opens the column, and
    cards dropped on it move to its status.

    Signals:
        clicked(): the strip was clicked.
    """

    WIDTH = 30
    clicked = Signal()

    def __init__(self, title: str, list_view: CardList, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self._count = 0
        self._list = list_view
        self._verdict: tuple[bool, str] | None = None
        self.setFixedWidth(self.WIDTH)
        self.setAcceptDrops(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(f"{title}: click to open the column")

    def set_count(self, count: int) -> None:
        self._count = count
        self.setAccessibleName(f"{self._title} (folded): {kaizens(count)}")
        self.update()

    def text(self) -> str:
        return f"{self._title}\u00a0\u00a0{self._count:,}"

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._judge(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self._judge(event)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._verdict = None
        self.update()

    def _judge(self, event: QDragEnterEvent | QDragMoveEvent) -> None:
        self._verdict = self._list.drag_verdict(event.mimeData())
        if self._verdict is None:
            event.ignore()
        else:
            event.acceptProposedAction()
            self.setToolTip(self._verdict[1])
        self.update()

    def dropEvent(self, event: QDropEvent) -> None:
        self._verdict = None
        model = self._list.column_model
        move = Qt.DropAction.MoveAction
        if model.dropMimeData(event.mimeData(), move, -1, -1, QModelIndex()):
            event.setDropAction(move)
            event.accept()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        bold = QFont(self.font())
        bold.setBold(True)
        if self._verdict is not None:
            colour = ALLOWED_COLOUR if self._verdict[0] else REFUSED_COLOUR
            painter.setPen(QPen(colour, 2))
            painter.drawRect(self.rect().adjusted(1, 1, -2, -2))
        painter.setPen(MUTED_TEXT)
        painter.drawText(self.rect().adjusted(0, 6, 0, 0), Qt.AlignmentFlag.AlignHCenter, "›")
        # Written downwards, as a book's spine, under the "open me" mark.
        painter.translate(self.width() / 2 + QFontMetrics(bold).ascent() / 2 - 1, 30)
        painter.rotate(90)
        painter.setFont(bold)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        painter.drawText(QPointF(0, 0), self._title)
        x = QFontMetricsF(bold).horizontalAdvance(self._title)
        painter.setFont(self.font())
        painter.setPen(MUTED_TEXT)
        painter.drawText(QPointF(x, 0), f"\u00a0\u00a0{self._count:,}")
        painter.end()


class BoardColumn(QFrame):
    """A status title with its count, over a list of cards."""

    def __init__(
        self,
        model: KaizenColumnModel,
        parent: QWidget | None = None,
        pictures: CardPictures | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.setObjectName("boardColumn")
        colour = STATUS_COLOUR[model.status].name()
        self.setStyleSheet(
            f"#boardColumn {{ background: {COLUMN_BG.name()}; border-radius: 6px;"
            f" border-top: 4px solid {colour}; }}"
        )
        self.header = ColumnHeader(STATUS_TITLE[model.status], self)
        self.view = CardList(model, self, pictures)
        self.strip = FoldedStrip(STATUS_TITLE[model.status], self.view, self)
        self.strip.hide()
        self.folded = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.strip, 1)
        self.set_count(0)

    def set_count(self, count: int) -> None:
        self.header.set_count(count)
        self.strip.set_count(count)

    def set_folded(self, folded: bool, open_width: int) -> None:
        """Fold to a strip, or open at least ``open_width`` pixels wide."""
        if folded == self.folded:
            return
        self.folded = folded
        self.header.setVisible(not folded)
        self.view.setVisible(not folded)
        self.strip.setVisible(folded)
        if folded:
            self.setFixedWidth(FoldedStrip.WIDTH)
        else:
            self.setMinimumWidth(open_width)
            self.setMaximumWidth(QWIDGETSIZE_MAX)
