"""The X-matrix as one graphics item: it paints the layout and turns mouse use into signals.

One item for the whole matrix, not one per cell: hit-testing is arithmetic on the layout,
and a matrix of any size costs one paint call.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QGraphicsObject,
    QGraphicsSceneContextMenuEvent,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from hoshin.model.kinds import Strength
from hoshin.reads.xmatrix.model import XMatrix
from views.xmatrix.layout import Hit, HitKind, MatrixLayout
from views.xmatrix.painter import PaintState, paint_matrix
from views.xmatrix.tooltips import tooltip


class XMatrixItem(QGraphicsObject):
    """Paints one X-matrix and reports clicks on its parts.

    Signals:
        cellClicked(object): a corner cell was clicked (a :class:`Hit` of kind CELL).
        ownerClicked(object): an owner cell was clicked (kind OWNER).
        labelClicked(str): a label was clicked (node code).
        labelActivated(str): a label was double-clicked (node code).
        addClicked(str): a "+" or an empty band's placeholder was clicked (node kind).
        contextRequested(object, QPoint): right-click on a hit, at a screen position.
    """

    cellClicked = Signal(object)
    ownerClicked = Signal(object)
    labelClicked = Signal(str)
    labelActivated = Signal(str)
    addClicked = Signal(str)
    contextRequested = Signal(object, QPoint)

    def __init__(self) -> None:
        super().__init__()
        self.layout: MatrixLayout | None = None
        self.symbols: Mapping[Strength, str] = {}
        self.org_name = ""
        self.selected: str | None = None
        self.badges: Mapping[int, int] = {}  # open catchball threads per node id
        self._hover: Hit | None = None
        self._pressed: Hit | None = None
        self.setAcceptHoverEvents(True)
        self.setAcceptedMouseButtons(Qt.MouseButton.LeftButton | Qt.MouseButton.RightButton)

    def set_matrix(
        self, layout: MatrixLayout | None, symbols: Mapping[Strength, str], org_name: str
    ) -> None:
        self.prepareGeometryChange()
        self.layout = layout
        self.symbols = symbols
        self.org_name = org_name
        self._hover = self._pressed = None
        self.setToolTip("")
        self.update()

    @property
    def matrix(self) -> XMatrix | None:
        return None if self.layout is None else self.layout.xm

    def set_selected_code(self, code: str | None) -> None:
        if code != self.selected:
            self.selected = code
            self.update()

    def set_badges(self, badges: Mapping[int, int]) -> None:
        self.badges = badges
        self._set_tooltip()
        self.update()

    def state(self, *, interactive: bool = True) -> PaintState:
        return PaintState(
            symbols=self.symbols,
            org_name=self.org_name,
            interactive=interactive,
            hover=self._hover if interactive else None,
            selected=self.selected if interactive else None,
            badges=self.badges if interactive else {},
        )

    # -- QGraphicsItem -----------------------------------------------------------------------

    def boundingRect(self) -> QRectF:
        return QRectF() if self.layout is None else self.layout.scene_rect

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        if self.layout is not None:
            paint_matrix(painter, self.layout, self.state())

    def hoverMoveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._set_hover(self._hit(event.pos()))

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._set_hover(None)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        hit = self._hit(event.pos())
        if event.button() is Qt.MouseButton.LeftButton and hit is not None:
            self._pressed = hit
            event.accept()
        else:
            self._pressed = None
            event.ignore()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        pressed, self._pressed = self._pressed, None
        if pressed is None or self._hit(event.pos()) != pressed:
            return  # dragged off what was pressed: no click
        if pressed.kind is HitKind.CELL:
            self.cellClicked.emit(pressed)
        elif pressed.kind is HitKind.OWNER:
            self.ownerClicked.emit(pressed)
        elif pressed.kind is HitKind.LABEL:
            self.labelClicked.emit(pressed.code)
        elif pressed.kind is HitKind.ADD and pressed.node_kind is not None:
            self.addClicked.emit(pressed.node_kind.value)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        hit = self._hit(event.pos())
        if hit is not None and hit.kind is HitKind.LABEL:
            self._pressed = None
            self.labelActivated.emit(hit.code)
            event.accept()
            return
        # Quick clicks on a cell each count: the second press of a double-click is a press.
        self.mousePressEvent(event)

    def contextMenuEvent(self, event: QGraphicsSceneContextMenuEvent) -> None:
        hit = self._hit(event.pos())
        if hit is None:
            event.ignore()
            return
        event.accept()
        self.contextRequested.emit(hit, event.screenPos())

    # -- helpers -----------------------------------------------------------------------------

    def _hit(self, pos: QPointF) -> Hit | None:
        return None if self.layout is None else self.layout.hit(pos)

    def _set_hover(self, hit: Hit | None) -> None:
        if hit == self._hover:
            return
        self._hover = hit
        self._set_tooltip()
        clickable = hit is not None and hit.kind is not HitKind.CENTRE
        self.setCursor(
            Qt.CursorShape.PointingHandCursor if clickable else Qt.CursorShape.ArrowCursor
        )
        self.update()

    def _set_tooltip(self) -> None:
        xm = self.matrix
        self.setToolTip("" if xm is None else tooltip(xm, self._hover, self.symbols, self.badges))
