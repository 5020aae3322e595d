"""Issue 14's three journeys in the app, on a plan made from scratch (File ▸ New), through
the widgets a user has: the X-matrix's "+" and corner cells, the node editor, the catchball
panel and its composer, the inbox, the Health tab, the kaizen board, the Sustainment
section and the bowling chart's countermeasure dialog.

The organisation is set up through ``window.document.execute`` (named where it is done):
building it in Edit ▸ Organisation… is its own journey (test_journey_organisation).
Choosing who one is sets ``document.current_person``, as the Settings dialog does (tested
elsewhere). A kaizen comes from the board's "New kaizen…". The main window is grabbed at
the key moments into ``/tmp/journey-shots``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog
from pytestqt.qtbot import QtBot

from app.plans.files import NewPlanDialog
from app.settings import AppSettings
from app.window.main_window import MainWindow
from hoshin.catchball.rules import Kind
from hoshin.model.kinds import KaizenStatus, NodeKind, Strength
from hoshin.operations import AddPerson, AddUnit
from tests.app.conftest import Boxes
from tests.conftest import unit_id
from views.bowling.model import COL_YTD
from views.catchball.throw_dialog import ThrowDialog
from views.models import NEEDS_COUNTERMEASURE_ROLE

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")

SHOTS = Path(os.environ.get("HOSHIN_JOURNEY_SHOTS", "/tmp/journey-shots"))
HELEN, GARETH, TARA = "P-1", "P-2", "P-3"


@pytest.fixture
def window(
    qtbot: QtBot,
    settings: AppSettings,
    tmp_path: Path,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[MainWindow]:
    """A window on a new plan, made through File ▸ New as a user fills its dialog."""
    win = MainWindow(settings=settings)
    qtbot.add_widget(win)
    win.resize(1600, 1000)
    win.show()
    qtbot.wait_exposed(win)

    def fill(dialog: NewPlanDialog) -> QDialog.DialogCode:
        dialog.org.setText("Acme")
        dialog.path.setText(str(tmp_path / "acme.hoshin"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewPlanDialog, "exec", fill)
    win.commands.new.trigger()
    assert win.document.plan is not None and win.document.plan.name == "Acme"
    yield win
    win.watcher.stop()
    win.document.undo_stack.clear()
    if win.document.plan is not None:
        win.document.plan.close()


def shot(window: MainWindow, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for _ in range(2):  # a deferred read, then the layout it asks for: what a user sees
        QApplication.processEvents()
    window.grab().save(str(SHOTS / f"{name}.png"))


def node_id(window: MainWindow, code: str) -> int:
    assert window.document.plan is not None
    return window.document.plan.graph.id_of(code)


def click(qtbot: QtBot, window: MainWindow, point: QPoint) -> None:
    view = window.xmatrix
    qtbot.mouseClick(view.graphics.viewport(), Qt.MouseButton.LeftButton, pos=point)  # type: ignore[attr-defined]


def add_on_xmatrix(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, kind: NodeKind, title: str
) -> str:
    """The X-matrix's "+" of a band: the title asked, the new row selected."""
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_a, **_k: (title, True)))
    view = window.xmatrix
    click(qtbot, window, view.add_point(kind))  # type: ignore[attr-defined]
    code = view.selected_code()  # type: ignore[attr-defined]
    assert code is not None
    return str(code)


def set_field(window: MainWindow, name: str, value: str) -> None:
    """Type into a field of the node editor and leave it (the editor applies on finish)."""
    editor = window.docks.editor
    widget = getattr(editor, name)
    if hasattr(widget, "findData"):
        index = widget.findData(value)
        assert index >= 0, (name, value)
        widget.setCurrentIndex(index)
        widget.activated.emit(index)
    else:
        widget.setText(value)
        widget.editingFinished.emit()


def throw(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, code: str, unit: str, value: str, text: str
) -> None:
    def fill(dialog: ThrowDialog) -> int:
        dialog.set_unit(unit)
        if value:
            dialog.value.setText(value)
        dialog.message.setPlainText(text)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(ThrowDialog, "exec", fill)
    window.document.select_node(node_id(window, code))
    assert window.catchball.send_action.isEnabled(), window.catchball.send_action.toolTip()
    window.catchball.send_action.trigger()


def inbox_rows(window: MainWindow, person: str) -> list[str]:
    """The codes the "Waiting for me" list shows to ``person``."""
    window.document.current_person = person
    ui = window.catchball
    ui.show_inbox()
    inbox = ui.inbox
    inbox.refresh()
    model = inbox.model
    return [s.code for s in (model.summary(r) for r in range(model.rowCount())) if s]


def executive_builds_and_deploys(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = window.document
    # The organisation in short, with the core's operations (its dialog: its own journey).
    assert doc.execute(AddPerson("Helen Ward", "CO")) is not None
    doc.current_person = HELEN  # Settings ▸ "I am" (its dialog is tested elsewhere)
    assert doc.execute(AddUnit("Operations", "CO", code="OPS", function="Operations"))
    assert doc.execute(AddUnit("Line 1", "OPS", code="L1", function="Operations"))
    assert doc.execute(AddPerson("Gareth Lee", "OPS")) is not None
    assert doc.execute(AddPerson("Tara Singh", "L1")) is not None

    window.tabs.setCurrentIndex(0)  # the X-matrix of the company
    bt = add_on_xmatrix(qtbot, window, monkeypatch, NodeKind.BREAKTHROUGH, "Halve lead time")
    ao = add_on_xmatrix(qtbot, window, monkeypatch, NodeKind.ANNUAL, "Lead time -25 %")
    ip = add_on_xmatrix(qtbot, window, monkeypatch, NodeKind.PRIORITY, "Flow in every plant")
    lead = add_on_xmatrix(qtbot, window, monkeypatch, NodeKind.TARGET, "Lead time")
    set_field(window, "unit_of_measure", "days")
    set_field(window, "direction", "down")
    set_field(window, "baseline", "30")
    set_field(window, "goal", "22")
    revenue = add_on_xmatrix(qtbot, window, monkeypatch, NodeKind.TARGET, "Revenue")
    set_field(window, "unit_of_measure", "kEUR")
    set_field(window, "direction", "up")
    set_field(window, "baseline", "0")
    set_field(window, "goal", "1200")
    set_field(window, "aggregation", "sum")
    assert (bt, ao, ip, lead, revenue) == ("BT-1", "AO-1", "IP-1", "KPI-1", "KPI-2")

    # The corner cells: a click is a weak link, three clicks a strong one.
    view = window.xmatrix
    for row, col, clicks in (("BT-1", "AO-1", 3), ("IP-1", "AO-1", 3), ("IP-1", "KPI-1", 3)):
        for _ in range(clicks):
            click(qtbot, window, view.cell_point(row, col))  # type: ignore[attr-defined]
    click(qtbot, window, view.cell_point("IP-1", "KPI-2"))  # type: ignore[attr-defined]
    xm = view.matrix  # type: ignore[attr-defined]
    assert xm.sw == {("BT-1", "AO-1"): Strength.STRONG}
    assert xm.ne == {("IP-1", "KPI-1"): Strength.STRONG, ("IP-1", "KPI-2"): Strength.WEAK}
    shot(window, "1-executive-xmatrix")
    assert xm.nw == {("IP-1", "AO-1"): Strength.STRONG}

    # Edit ▸ Send to catchball… on each, the throw dialog filled as a user does.
    throw(window, monkeypatch, "IP-1", "OPS", "", "Flow is how we get there")
    throw(window, monkeypatch, "KPI-1", "OPS", "22", "Your plants carry the lead time")
    assert sorted(inbox_rows(window, GARETH)) == ["IP-1", "KPI-1"]
    assert inbox_rows(window, HELEN) == []
    assert window.catchball.inbox.empty.text() == "Nothing waits for you. ✓"
    strip = window.catchball.inbox.health.summary  # its second line once laid out
    qtbot.wait_until(lambda: strip.height() >= strip.heightForWidth(strip.width()))
    shot(window, "2-executive-threw")


def open_from_inbox(window: MainWindow, person: str, code: str) -> None:
    """Double-click the thread of ``code`` in ``person``'s "Waiting for me" list."""
    codes = inbox_rows(window, person)
    inbox = window.catchball.inbox
    inbox.view.doubleClicked.emit(inbox.model.index(codes.index(code), 0))


def reply(window: MainWindow, kind: Kind, text: str = "", value: str = "") -> None:
    """The composer under the conversation: a kind, a value, a message, Send."""
    composer = window.catchball.panel.composer
    assert composer.is_allowed(kind), composer.reasons.get(kind)
    composer.set_kind(kind)
    if value:
        composer.value.setText(value)
    composer.message.setPlainText(text)
    composer.send.click()
    assert composer.error.isHidden(), composer.error.text()


def manager_negotiates_and_deploys(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = window.catchball.panel
    open_from_inbox(window, GARETH, "KPI-1")
    reply(window, Kind.QUESTION, "Does 22 include transport?")
    # The question waits for the company: Helen's list shows it, Gareth's no longer.
    assert inbox_rows(window, GARETH) == ["IP-1"]
    assert inbox_rows(window, HELEN) == ["KPI-1"]
    inbox = window.catchball.inbox
    assert "1 thread waits" in inbox.title.text()
    qtbot.wait_until(lambda: inbox.health.summary.text() != "")  # the strip reads when shown
    assert "<b>2</b> open of 2 threads" in inbox.health.summary.text()
    shot(window, "3-executive-inbox-question")
    open_from_inbox(window, HELEN, "KPI-1")
    reply(window, Kind.COMMENT, "Door to door, yes")
    open_from_inbox(window, GARETH, "KPI-1")
    reply(window, Kind.COUNTER, "23 without a second shift", "23")
    open_from_inbox(window, HELEN, "KPI-1")
    reply(window, Kind.AGREE)
    panel.composer.lock.click()
    assert panel.composer.error.isHidden(), panel.composer.error.text()
    open_from_inbox(window, GARETH, "IP-1")
    reply(window, Kind.AGREE)
    window.document.current_person = HELEN
    panel.composer.lock.click()
    assert inbox_rows(window, HELEN) == [] and inbox_rows(window, GARETH) == []
    assert window.catchball.panel.conversation.rowCount() == 3  # threw, agreed, locked

    # Locked at 23 days where the company asks 22: the X-matrix marks KPI-1 with the gap.
    window.document.select_unit(unit_id(window.document.plan, "CO"))
    window.tabs.setCurrentIndex(0)
    xm = window.xmatrix.matrix  # type: ignore[attr-defined]
    assert (
        "KPI-1 is deployed to OPS as KPI-3, locked at 23 days: 1 day short of the goal of "
        "22 days (lower is better)." in xm.findings["KPI-1"]
    )
    window.document.select_node(node_id(window, "KPI-1"))
    window.docks.node.raise_()
    shot(window, "4-deployment-gap")

    # The division's own X-matrix under its breakthrough BT-2, thrown on to the team.
    window.document.current_person = GARETH
    window.document.select_unit(unit_id(window.document.plan, "OPS"))  # a click in the org tree
    ao = add_on_xmatrix(qtbot, window, monkeypatch, NodeKind.ANNUAL, "Pull scheduling")
    ip = add_on_xmatrix(qtbot, window, monkeypatch, NodeKind.PRIORITY, "Kanban for bar stock")
    assert (ao, ip) == ("AO-2", "IP-2")
    view = window.xmatrix
    for row, col in (("BT-2", "AO-2"), ("IP-2", "AO-2"), ("IP-2", "KPI-3")):
        for _ in range(3):
            click(qtbot, window, view.cell_point(row, col))  # type: ignore[attr-defined]
    xm = view.matrix  # type: ignore[attr-defined]
    assert (xm.sw, xm.nw, xm.ne) == (
        {("BT-2", "AO-2"): Strength.STRONG},
        {("IP-2", "AO-2"): Strength.STRONG},
        {("IP-2", "KPI-3"): Strength.STRONG},
    )
    throw(window, monkeypatch, "IP-2", "L1", "", "Kanban on line 1")
    open_from_inbox(window, TARA, "IP-2")
    reply(window, Kind.AGREE)
    window.document.current_person = GARETH
    panel.composer.lock.click()
    assert panel.composer.error.isHidden(), panel.composer.error.text()
    shot(window, "5-manager-xmatrix")


def add_kaizen(
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    title: str,
    origin: str,
    status: KaizenStatus,
) -> str:
    """The board's "New kaizen…" (an idea, bottom-up); the origin and the link in the node
    editor; the card dragged along the lifecycle to ``status``."""
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_a, **_k: (title, True)))
    window.tabs.setCurrentIndex(2)
    window.board.new_button.click()  # type: ignore[attr-defined]
    assert window.document.plan is not None
    code = window.document.plan.graph.code(window.document.node_id)
    if origin != "bottom-up":
        set_field(window, "origin", origin)
    serves = window.docks.editor.links.serves.add  # "Add a link: type a code or title"
    serves.setText("IP-2")
    serves.returnPressed.emit()
    path = [KaizenStatus.IDEA, KaizenStatus.APPROVED, KaizenStatus.IN_PROGRESS]
    for source, target in itertools.pairwise(path[: path.index(status) + 1]):
        assert drag(window, code, source, target)
    return code


def board_counts(window: MainWindow) -> dict[str, int]:
    board = window.board
    return {s.value: n for s, n in board.counts.items() if n}  # type: ignore[attr-defined]


def drag(window: MainWindow, code: str, source: KaizenStatus, target: KaizenStatus) -> bool:
    """What a drag and drop of a card does: its mime data dropped on the other column."""
    board = window.board
    model = board.model(source)  # type: ignore[attr-defined]
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    row = next(r for r in range(model.rowCount()) if model.get_item(model.index(r, 0)).code == code)
    mime = model.mimeData([model.index(row, 0)])
    drop = board.model(target)  # type: ignore[attr-defined]
    move = Qt.DropAction.MoveAction
    assert drop.canDropMimeData(mime, move, -1, -1, QModelIndex())
    return bool(drop.dropMimeData(mime, move, -1, -1, QModelIndex()))


def team_leader_runs_kaizens(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = window.document
    today = dt.date.today()
    doc.current_person = GARETH
    doc.select_unit(unit_id(doc.plan, "L1"))  # a click on Line 1 in the organisation tree
    top_down = add_kaizen(
        window, monkeypatch, "Kanban loop for bar stock", "top-down", KaizenStatus.APPROVED
    )
    assert top_down == "KZ-1"
    doc.current_person = TARA
    in_progress = KaizenStatus.IN_PROGRESS
    kz2 = add_kaizen(window, monkeypatch, "Kanban cards at the saw", "bottom-up", in_progress)
    kz3 = add_kaizen(window, monkeypatch, "Shadow board", "bottom-up", in_progress)
    kz4 = add_kaizen(window, monkeypatch, "Paperless log", "bottom-up", KaizenStatus.IDEA)
    assert (kz2, kz3, kz4) == ("KZ-2", "KZ-3", "KZ-4")
    editor = window.docks.editor
    doc.select_node(node_id(window, "KZ-2"))
    assert editor.start_date.value() == today  # started the day it went in progress
    serves = editor.links.serves.list
    assert [serves.item(r).text() for r in range(serves.count())] == [
        "IP-2  (supports)  Kanban for bar stock"
    ]

    # The board: a card dragged from Idea to Dropped; the columns count what they hold.
    window.tabs.setCurrentIndex(2)
    assert drag(window, "KZ-4", KaizenStatus.IDEA, KaizenStatus.DROPPED)
    assert board_counts(window) == {"approved": 1, "in progress": 2, "dropped": 1}

    # Health: KZ-2, KZ-3 bottom-up and KZ-1 top-down started today; KZ-4 dropped → 2 of 3.
    health = window.health.show("Health")
    qtbot.wait_until(lambda: health.figures is not None)
    health.set_unit(unit_id(doc.plan, "L1"))
    demand = health.tiles["demand"]
    qtbot.wait_until(lambda: demand.value.text() == "67 %")
    assert demand.detail.text() == "2 of 3 started in 90 days were pulled (2 bottom-up, 0 joint)"
    # The line-of-sight tile is red for BT-3 (thrown to the team, no annual objective of the
    # team supports it: its kaizens serve IP-2 directly) and says why.
    sight = health.tiles["sight"]
    assert (sight.value.text(), sight.detail.text()) == (
        "100 %",
        "0 orphan kaizens · 0 priorities no kaizen serves · 1 breakthrough nothing supports",
    )
    # The charts are drawn after the tiles: the picture waits for them.
    qtbot.wait_until(lambda: health.demand_chart.chart().title().startswith("Demand ratio"))
    shot(window, "6-team-health-demand")

    # Done on the board: a first check is proposed, due in the plan's 30 days.
    window.tabs.setCurrentIndex(2)
    assert drag(window, "KZ-2", KaizenStatus.IN_PROGRESS, KaizenStatus.DONE)
    doc.select_node(node_id(window, "KZ-2"))
    checks = editor.sustainment
    assert [(i.due, i.state) for i in checks.model.items] == [
        (today + dt.timedelta(days=30), "planned")
    ]
    # Sustained is refused until the check held: the board says why, the card stays.
    assert not drag(window, "KZ-2", KaizenStatus.DONE, KaizenStatus.SUSTAINED)
    assert board_counts(window)["done"] == 1
    assert "held" in window.board.message()  # type: ignore[attr-defined]

    def answer(note: str) -> Callable[[QDialog], int]:
        """The record dialog as a user fills it: a note, OK."""

        def fill(dialog: QDialog) -> int:
            dialog.note.setText(note)  # type: ignore[attr-defined]
            dialog.accept()
            return int(dialog.result())

        return fill

    checks.run_dialog = answer("cards still at the saw")
    checks.view.selectRow(0)
    checks.held_button.click()
    assert [(i.text, i.state) for i in checks.model.items] == [("cards still at the saw", "held")]
    assert drag(window, "KZ-2", KaizenStatus.DONE, KaizenStatus.SUSTAINED)
    assert board_counts(window) == {"approved": 1, "in progress": 1, "sustained": 1, "dropped": 1}
    doc.select_node(node_id(window, "KZ-2"))
    window.docks.node.raise_()  # the node editor and its check list, in front
    shot(window, "7-team-sustained")

    # KZ-3 through the editor's status: done, then its check slipped → regressed, debt 1.
    doc.select_node(node_id(window, "KZ-3"))
    set_field(window, "status", KaizenStatus.DONE.value)
    checks.view.selectRow(0)
    checks.run_dialog = answer("board empty again")
    checks.slipped_button.click()
    assert [(i.text, i.state) for i in checks.model.items] == [("board empty again", "slipped")]
    assert editor.status.currentData() == KaizenStatus.REGRESSED.value
    health = window.health.show("Health")
    qtbot.wait_until(lambda: health.tiles["debt"].value.text() == "1")
    assert health.figures.debt["L1"]["slipped_checks"] == 1
    doc.select_node(node_id(window, "KZ-3"))
    window.docks.node.raise_()
    shot(window, "8-team-regressed-debt")
    doc.undo_stack.undo()  # the slip is taken back: done again, no debt
    qtbot.wait_until(lambda: health.tiles["debt"].value.text() == "0")
    doc.select_node(node_id(window, "KZ-3"))
    assert editor.status.currentData() == KaizenStatus.DONE.value
    doc.undo_stack.redo()
    qtbot.wait_until(lambda: health.tiles["debt"].value.text() == "1")

    # Revenue month by month on the bowling chart of 2025 (any day gives the same answer):
    # plan 100 a month, actuals 110, 104, 90 → year to date (sum) plan 300, actual 304.
    doc.current_person = HELEN
    doc.select_unit(unit_id(doc.plan, "CO"))
    bowling = window.health.show("Bowling chart")
    bowling.year_spin.setValue(2025)
    qtbot.wait_until(lambda: bowling.model.rowCount() > 0 and bowling.model.year == 2025)
    model = bowling.model

    def cell(kind: str, month: str) -> QModelIndex:
        column = COL_YTD if month == "YTD" else model.month_column(month)
        return model.index(model.row_of("KPI-2", kind), column)

    for month, actual in (("2025-01", "110"), ("2025-02", "104")):
        assert model.setData(cell("plan", month), "100")
        assert model.setData(cell("actual", month), actual)
    assert bowling.dialog is None or not bowling.dialog.isVisible()  # green: nothing asked
    assert model.setData(cell("plan", "2025-03"), "100")
    with qtbot.wait_signal(bowling.countermeasureAsked):
        assert model.setData(cell("actual", "2025-03"), "90")  # red: the dialog opens
    assert cell("actual", "2025-03").data(NEEDS_COUNTERMEASURE_ROLE)
    # KPI-1, KPI-2 and KPI-3 (the division's, below): the message counts the new red month.
    assert bowling.message.text() == "3 targets; 1 red month has no countermeasure yet (◥)."
    ytd = (cell("plan", "YTD").data(), cell("actual", "YTD").data())
    assert ytd == ("300", "✔\u2009304")  # mark, thin space, sum
    dialog = bowling.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.what.setText("Second sales call a week")
    shot(window, "9-countermeasure-asked")
    dialog.grab().save(str(SHOTS / "9b-countermeasure-dialog.png"))
    dialog.accept()
    assert not cell("actual", "2025-03").data(NEEDS_COUNTERMEASURE_ROLE)
    assert bowling.message.text() == "3 targets; every red month has a countermeasure."
    dialog = bowling.ask_countermeasure("KPI-2", "2025-03")
    assert dialog is not None and dialog.written.count() == 1
    dialog.written.setCurrentRow(0)
    dialog.toggle_done()
    assert dialog.written.item(0).text().startswith("✔ Second sales call a week")
    shot(window, "10-countermeasure-done")
    dialog.close()
    # Undo takes back the last step: the countermeasure is open again.
    assert window.commands.undo.text().replace("&", "").startswith("Undo ")
    window.commands.undo.trigger()
    dialog = bowling.ask_countermeasure("KPI-2", "2025-03")
    assert dialog is not None and dialog.written.item(0).text().startswith("○ ")
    dialog.close()


def test_the_three_journeys_in_the_app(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    executive_builds_and_deploys(qtbot, window, monkeypatch)
    manager_negotiates_and_deploys(qtbot, window, monkeypatch)
    team_leader_runs_kaizens(qtbot, window, monkeypatch)
