"""The X-matrix tab: clicks edit the plan through the document, and undo restores it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QColor, QFontMetricsF, QImage, QKeySequence, QWheelEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QInputDialog, QMainWindow
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.model.kinds import NodeKind, OwnerRole, Strength
from hoshin.operations import UpdateNode
from hoshin.reads.xmatrix.model import Corner
from tests.conftest import unit_id
from views.document import PlanDocument
from views.xmatrix import XMatrixView
from views.xmatrix import style as xstyle
from views.xmatrix.export import render_image
from views.xmatrix.layout import Hit, HitKind
from views.xmatrix.text import balanced
from views.xmatrix.tooltips import tooltip
from views.xmatrix.view import AUTO_MIN

# The offscreen platform says this when any top-level window is shown; it is not ours.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


@pytest.fixture
def view(qtbot: QtBot, document: PlanDocument) -> XMatrixView:
    return shown(qtbot, document, 1400, 1000)


def shown(qtbot: QtBot, document: PlanDocument, width: int, height: int) -> XMatrixView:
    widget = XMatrixView(document)
    qtbot.add_widget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.wait_exposed(widget)
    return widget


def click(qtbot: QtBot, view: XMatrixView, point: QPoint) -> None:
    qtbot.mouseClick(view.graphics.viewport(), Qt.MouseButton.LeftButton, pos=point)


def focus(qtbot: QtBot, view: XMatrixView) -> None:
    view.activateWindow()
    view.graphics.setFocus()
    qtbot.wait_until(view.graphics.hasFocus)


def answer_dialog(monkeypatch: pytest.MonkeyPatch, text: str) -> list[tuple]:
    asked: list[tuple] = []

    def get_text(*args: object, **kwargs: object) -> tuple[str, bool]:
        asked.append(args)
        return text, True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    return asked


def title_of(document: PlanDocument, code: str) -> str:
    assert document.plan is not None
    with document.plan.session() as session:
        return str(session.execute(select(e.Node.title).where(e.Node.code == code)).scalar_one())


def test_shows_the_current_unit(view: XMatrixView) -> None:
    xm = view.matrix
    assert xm is not None and xm.unit_code == "CO"
    assert [i.code for i in xm.south] == ["BT-1", "BT-2", "BT-3"]


def test_clicking_a_corner_cell_cycles_its_strength_and_undo_restores_it(
    qtbot: QtBot, view: XMatrixView, document: PlanDocument
) -> None:
    click(qtbot, view, view.cell_point("BT-3", "AO-1"))
    assert view.matrix is not None and ("BT-3", "AO-1") not in view.matrix.sw  # strong → none
    document.undo_stack.undo()
    assert view.matrix.sw[("BT-3", "AO-1")] is Strength.STRONG

    seen = []
    for _ in range(4):  # an empty cell: none → weak → medium → strong → none
        click(qtbot, view, view.cell_point("BT-2", "AO-1"))
        seen.append(view.matrix.sw.get(("BT-2", "AO-1")))
    assert seen == [Strength.WEAK, Strength.MEDIUM, Strength.STRONG, None]
    assert document.plan is not None
    graph = document.plan.graph
    assert graph.edge_between(graph.id_of("AO-1"), graph.id_of("BT-2")) is None


def test_a_click_in_the_ne_corner_links_target_to_priority(
    qtbot: QtBot, view: XMatrixView, document: PlanDocument
) -> None:
    click(qtbot, view, view.cell_point("IP-6", "KPI-7"))
    assert document.plan is not None
    graph = document.plan.graph
    edge = graph.edge_between(graph.id_of("KPI-7"), graph.id_of("IP-6"))
    assert edge is not None and edge.kind.value == "measures"
    assert edge.strength is Strength.WEAK


def test_owner_cells_cycle_none_secondary_primary(
    qtbot: QtBot, view: XMatrixView, document: PlanDocument
) -> None:
    xm = view.matrix
    assert xm is not None and "KPI-7" in xm.findings
    helen = xm.owners[0].key
    roles = []
    for _ in range(3):
        click(qtbot, view, view.owner_point("KPI-7", helen))
        assert view.matrix is not None
        roles.append(view.matrix.owner_cells.get(("KPI-7", helen)))
        if roles[-1] is OwnerRole.PRIMARY:
            assert "KPI-7" not in view.matrix.findings  # exactly one primary now
    assert roles == [OwnerRole.SECONDARY, OwnerRole.PRIMARY, None]
    document.undo_stack.undo()
    assert view.matrix is not None
    assert view.matrix.owner_cells[("KPI-7", helen)] is OwnerRole.PRIMARY


def test_clicking_a_label_selects_its_node(
    qtbot: QtBot, view: XMatrixView, document: PlanDocument
) -> None:
    assert document.plan is not None
    with qtbot.wait_signal(document.nodeSelected) as blocker:
        click(qtbot, view, view.label_point("AO-2"))
    assert blocker.args == [document.plan.graph.id_of("AO-2")]
    assert view.selected_code() == "AO-2"


def test_double_click_on_a_label_renames_it(
    qtbot: QtBot, view: XMatrixView, document: PlanDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = answer_dialog(monkeypatch, "Win on first-contact resolution")
    qtbot.mouseDClick(
        view.graphics.viewport(), Qt.MouseButton.LeftButton, pos=view.label_point("IP-4")
    )
    assert len(asked) == 1
    assert title_of(document, "IP-4") == "Win on first-contact resolution"
    assert view.matrix is not None
    assert view.matrix.item("IP-4").title == "Win on first-contact resolution"  # type: ignore[union-attr]
    document.undo_stack.undo()
    assert title_of(document, "IP-4") == "Knowledge base and tiered support"


def test_f2_renames_the_selected_label(
    qtbot: QtBot, view: XMatrixView, document: PlanDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = answer_dialog(monkeypatch, "Customer-visible lead time")
    qtbot.keyClick(view.graphics, Qt.Key.Key_F2)
    assert asked == []  # nothing selected on the matrix yet
    click(qtbot, view, view.label_point("KPI-2"))
    focus(qtbot, view)
    qtbot.keyClick(view.graphics, Qt.Key.Key_F2)
    assert title_of(document, "KPI-2") == "Customer-visible lead time"


def test_plus_adds_a_row(
    qtbot: QtBot, view: XMatrixView, document: PlanDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer_dialog(monkeypatch, "Open a service hub in Asia")
    click(qtbot, view, view.add_point(NodeKind.BREAKTHROUGH))
    xm = view.matrix
    assert xm is not None and len(xm.south) == 4
    new = xm.south[-1]
    assert new.title == "Open a service hub in Asia"
    assert view.selected_code() == new.code
    assert xm.findings[new.code] == [f"No annual objective supports {new.code}."]
    document.undo_stack.undo()
    assert view.matrix is not None and len(view.matrix.south) == 3


def test_context_menu_sets_the_rationale(
    view: XMatrixView, document: PlanDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer_dialog(monkeypatch, "Conversion is most of recurring revenue")
    menu = view.editor.context_menu(Hit(HitKind.CELL, "BT-3", "AO-1", Corner.SW))
    assert menu is not None
    texts = [a.text() for a in menu.actions()]
    assert "Rationale…" in texts
    checked = [a.text() for a in menu.actions() if a.isChecked()]
    assert checked == ["●  Strong"]
    next(a for a in menu.actions() if a.text() == "Rationale…").trigger()
    assert view.matrix is not None
    assert view.matrix.rationale[("BT-3", "AO-1")] == "Conversion is most of recurring revenue"
    unlinked = view.editor.context_menu(Hit(HitKind.CELL, "BT-2", "AO-1", Corner.SW))
    assert unlinked is not None
    rationale = next(a for a in unlinked.actions() if a.text() == "Rationale…")
    assert not rationale.isEnabled()


def test_findings_are_marked_on_the_matrix(view: XMatrixView) -> None:
    layout = view.matrix_layout
    assert layout is not None
    image = render_image(layout, view.item.state(interactive=False), scale=1.0)

    def colour_at_marker(code: str) -> QColor:
        rect = layout.label_rect(code)
        assert rect is not None
        if code.startswith("KPI"):  # rotated: the bar lies across the column's foot
            return image.pixelColor(int(rect.center().x()), int(rect.bottom() - 2))
        return image.pixelColor(int(rect.left() + 2), int(rect.center().y()))

    assert colour_at_marker("IP-6") == xstyle.RED
    assert colour_at_marker("KPI-7") == xstyle.AMBER
    assert colour_at_marker("IP-1") != xstyle.RED
    tip = view.item.toolTip
    view.item._set_hover(layout.hit(QPointF(layout.label_rect("IP-6").center())))  # type: ignore[union-attr]
    assert "IP-6 supports no annual objective." in tip()
    assert "Digitise expense approvals" in tip()  # the full title, however it was elided


def test_refreshes_only_for_changes_it_shows(
    qtbot: QtBot, view: XMatrixView, document: PlanDocument
) -> None:
    with qtbot.assert_not_emitted(view.matrixChanged):
        document.execute(UpdateNode("KZ-101", {"title": "Inbound lead checklist"}))
    with qtbot.wait_signal(view.matrixChanged):
        document.execute(UpdateNode("BT-2", {"title": "Deliver in half the time"}))
    assert view.matrix is not None and view.matrix.south[1].title == "Deliver in half the time"


def test_follows_the_selected_unit(view: XMatrixView, document: PlanDocument) -> None:
    document.select_unit(unit_id(document.plan, "COM"))
    xm = view.matrix
    assert xm is not None and xm.unit_code == "COM"
    assert (xm.south[0].code, xm.south[0].parent_code) == ("BT-4", "IP-1")


def test_exports_write_png_and_pdf(view: XMatrixView, tmp_path: Path) -> None:
    png, pdf = tmp_path / "co.png", tmp_path / "co.pdf"
    view.export_png(png)
    view.export_pdf(pdf)
    image = QImage(str(png))
    layout = view.matrix_layout
    assert layout is not None
    assert image.width() == round(layout.width * 2)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000
    printed = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    printer.setPageLayout(view.page_layout())
    view.print_to(printer)  # what the main window's Print calls after its dialog
    assert printed.read_bytes().startswith(b"%PDF")
    with pytest.raises(OSError):
        view.export_png(tmp_path / "missing-folder" / "co.png")


def test_zoom_keys_actions_and_ctrl_wheel(qtbot: QtBot, view: XMatrixView) -> None:
    assert view.zoom_in_action in view.actions() and view.fit_action in view.actions()
    focus(qtbot, view)
    qtbot.keyClick(view.graphics, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == pytest.approx(1.2)
    qtbot.keyClick(view.graphics, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == pytest.approx(1.0)
    view.zoom_in_action.trigger()
    view.zoom_reset_action.trigger()
    assert view.zoom == 1.0
    viewport = view.graphics.viewport()
    centre = QPointF(viewport.rect().center())
    wheel = QWheelEvent(
        centre,
        QPointF(viewport.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, wheel)
    assert view.zoom == pytest.approx(1.44)
    view.resize(600, 400)
    qtbot.wait_until(lambda: viewport.width() < 700)
    qtbot.keyClick(view.graphics, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)  # fit
    assert view.zoom < 1.0

    def all_seen() -> bool:
        seen = view.graphics.mapToScene(viewport.rect()).boundingRect()
        return seen.contains(view.scene.sceneRect())

    qtbot.wait_until(all_seen)


def test_nothing_overlaps_and_sample_labels_fit(view: XMatrixView, document: PlanDocument) -> None:
    for unit in ("CO", "COM"):
        document.select_unit(unit_id(document.plan, unit))
        layout = view.matrix_layout
        assert layout is not None
        blocks = [layout.band_rect(k) for k in NodeKind if k is not NodeKind.KAIZEN]
        blocks += [layout.corner_rect(c) for c in Corner]
        blocks.append(layout.person_rect(0).united(layout.person_rect(layout.n_owner - 1)))
        blocks.append(layout.centre)
        for n, a in enumerate(blocks):
            for b in blocks[n + 1 :]:
                overlap = a.intersected(b)
                assert overlap.width() < 0.5 or overlap.height() < 0.5, (unit, a, b)
        assert layout.unit_box.intersected(layout.centre) == layout.unit_box
        for kind in (NodeKind.ANNUAL, NodeKind.BREAKTHROUGH):
            assert not layout.unit_box.intersects(layout.add_rect(kind))
        # The sample's rotated titles fit in two lines: nothing is elided.
        fm = QFontMetricsF(layout.fonts.label)
        code_fm = QFontMetricsF(layout.fonts.code)
        length = layout.centre_h - 2 * xstyle.PAD - xstyle.MARKER_W
        for item in layout.xm.west:
            room = length - code_fm.horizontalAdvance(item.code + " ")
            lines = balanced(item.title, fm, [room, length])
            assert " ".join(lines).replace("\u00a0", " ") == item.title


def test_a_host_window_shortcut_is_not_made_ambiguous(qtbot: QtBot, document: PlanDocument) -> None:
    window = QMainWindow()
    qtbot.add_widget(window)
    view = XMatrixView(document)
    window.setCentralWidget(view)
    host_zoom = QAction("Zoom in", window)
    host_zoom.setShortcut(QKeySequence("Ctrl++"))
    host_zoom.triggered.connect(view.zoom_in)
    window.addAction(host_zoom)
    window.resize(1000, 800)
    window.show()
    qtbot.wait_exposed(window)
    focus(qtbot, view)
    before = view.zoom
    with qtbot.wait_signal(host_zoom.triggered, timeout=1000):
        qtbot.keyClick(view.graphics, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == pytest.approx(before * 1.2)  # once, by the window's action


def test_opens_shrunk_to_fit_and_an_edit_keeps_the_scroll(
    qtbot: QtBot, document: PlanDocument
) -> None:
    view = shown(qtbot, document, 900, 700)
    qtbot.wait_until(lambda: view.zoom < 1.0)
    assert view.zoom >= AUTO_MIN  # shrunk to fit, not below readable
    view.set_zoom(2.0)
    point = view.cell_point("BT-3", "AO-5")
    bars = view.graphics.horizontalScrollBar(), view.graphics.verticalScrollBar()
    before = [bar.value() for bar in bars]
    click(qtbot, view, point)
    assert view.matrix is not None and view.matrix.sw[("BT-3", "AO-5")] is Strength.WEAK
    assert [bar.value() for bar in bars] == before
    assert view.zoom == 2.0


def test_too_narrow_even_at_the_smallest_zoom_it_opens_at_the_left_edge(
    qtbot: QtBot, document: PlanDocument
) -> None:
    view = shown(qtbot, document, 640, 560)
    qtbot.wait_until(lambda: view.zoom == pytest.approx(AUTO_MIN))
    view.resize(420, 320)  # the window gets narrower (docks take their room) at this zoom
    qtbot.wait_until(lambda: view.graphics.viewport().width() < 420)
    assert view.zoom == pytest.approx(AUTO_MIN)  # no smaller: the text would not be readable
    corner = view.graphics.mapFromScene(view.scene.sceneRect().topLeft())
    assert corner.x() >= 0 and corner.y() >= 0  # the title and West labels are in view
    assert view.graphics.horizontalScrollBar().maximum() > 0  # the rest is a scroll away


def test_a_team_sees_what_it_serves_from_above_read_only(
    qtbot: QtBot, view: XMatrixView, document: PlanDocument
) -> None:
    """Sales North has no items of its own; its kaizens serve Commercial's IP-7 (measured by
    KPI-8): the matrix shows both, greyed and marked, and a click changes nothing."""
    document.select_unit(unit_id(document.plan, "T-SN"))
    qtbot.wait_until(lambda: view.matrix is not None and view.matrix.unit_code == "T-SN")
    xm = view.matrix
    assert xm is not None
    assert [(i.code, i.deployed_in) for i in xm.items] == [("IP-7", "COM"), ("KPI-8", "COM")]
    assert xm.ne == {("IP-7", "KPI-8"): Strength.STRONG}
    with qtbot.wait_signal(document.errorRaised) as refused:
        click(qtbot, view, view.cell_point("IP-7", "KPI-8"))
    assert refused.args == [
        "IP-7 belongs to COM and is deployed in here: change it on the X-matrix of COM."
    ]
    assert document.undo_stack.count() == 0
    assert view.matrix is not None and view.matrix.ne[("IP-7", "KPI-8")] is Strength.STRONG
    tip = tooltip(view.matrix, Hit(HitKind.LABEL, "IP-7"), {})
    assert "Deployed in from COM: Sales North's kaizens serve it." in tip
    assert "rename" not in tip
    menu = view.editor.context_menu(Hit(HitKind.LABEL, "IP-7"))
    assert menu is not None
    assert [a.text() for a in menu.actions()] == ["IP-7 is deployed in from COM: read only here"]
    menu.deleteLater()
