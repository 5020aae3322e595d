"""Catchball lists and marks: the item models, the inbox, the health strip, the badges on
the X-matrix, the strategy tree and the kaizen board, and the throw dialog's refusals."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hoshin.catchball.operations import Reply, Throw
from hoshin.catchball.rules import Kind
from hoshin.model import entities as e
from hoshin.model.kinds import NodeKind
from hoshin.operations import AddNode
from tests.conftest import unit_id
from tests.views.catchball.test_catchball_panel import (
    COMPANY,
    OPERATIONS,
    STRANGER,
    act_as,
    add_target,
    say,
    throw,
)
from views.catchball import badge
from views.catchball.context import CatchballContext
from views.catchball.health import CatchballHealth
from views.catchball.inbox import CatchballInbox
from views.catchball.panel import CatchballPanel
from views.catchball.throw_dialog import ThrowDialog, why_cannot_throw
from views.document import PlanDocument
from views.kaizen_board import KaizenBoard
from views.models import CATCHBALL_ROLE
from views.strategy_tree import StrategyView
from views.xmatrix import XMatrixView
from views.xmatrix.export import render_image
from views.xmatrix.layout import Hit, HitKind
from views.xmatrix.tooltips import tooltip


def test_the_models_pass_the_model_tester(
    qtmodeltester: Any, qtbot: QtBot, document: PlanDocument
) -> None:
    target = add_target(document)
    throw(document, target)
    panel = CatchballPanel(document)
    qtbot.add_widget(panel)
    panel.show()
    document.select_node(target)
    assert say(panel, OPERATIONS, Kind.COUNTER, "-15", "without capital spend")
    qtmodeltester.check(panel.threads)
    qtmodeltester.check(panel.conversation)
    inbox = CatchballInbox(document)
    qtbot.add_widget(inbox)
    act_as(document, COMPANY)
    inbox.refresh()
    assert inbox.model.rowCount() == 1
    qtmodeltester.check(inbox.model)


def test_a_long_inbox_is_handed_to_the_view_a_page_at_a_time(
    qtmodeltester: Any, qtbot: QtBot, document: PlanDocument
) -> None:
    assert document.plan is not None
    for n in range(205):
        fields = {"unit_of_measure": "%", "direction": "up", "baseline": 0, "goal": n}
        code = document.plan.execute(AddNode(NodeKind.TARGET, "CO", f"T{n}", fields)).result
        document.plan.execute(Throw(str(code), "OPS", COMPANY, n))
    document.set_plan(document.plan)  # as if reopened: one plan reset, not 410 changes
    act_as(document, OPERATIONS)
    inbox = CatchballInbox(document)
    qtbot.add_widget(inbox)
    inbox.refresh()
    assert len(inbox.model.thread_ids()) == 205
    assert inbox.model.rowCount() == 200 and inbox.model.canFetchMore(inbox.model.index(-1, -1))
    inbox.model.fetchMore(inbox.model.index(-1, -1))
    assert inbox.model.rowCount() == 205
    assert "205 threads wait" in inbox.title.text()
    inbox.refresh()  # from the first page again: the tester fetches the rest
    qtmodeltester.check(inbox.model)
    assert inbox.model.rowCount() == 205


def test_the_inbox_asks_who_you_are_and_opens_a_thread(
    qtbot: QtBot, document: PlanDocument
) -> None:
    inbox = CatchballInbox(document)
    qtbot.add_widget(inbox)
    inbox.show()
    assert inbox.settings_button.isVisible() and not inbox.view.isVisible()
    with qtbot.wait_signal(inbox.settingsRequested):
        qtbot.mouseClick(inbox.settings_button, Qt.MouseButton.LeftButton)
    target = add_target(document)
    thread = throw(document, target)
    act_as(document, OPERATIONS)
    assert not inbox.settings_button.isVisible()
    assert inbox.model.thread_ids() == [thread]
    index = inbox.model.index(0, 1)
    assert index.data() == "↑ CO"
    context = CatchballContext.of(document)
    with qtbot.wait_signals([inbox.threadOpened, context.threadRequested]):
        inbox.view.doubleClicked.emit(index)
    assert document.plan is not None
    child = document.plan.graph.deployed_to(target)[0]
    assert document.node_id == child  # Operations' own target, in Operations
    assert document.unit_id == unit_id(document.plan, "OPS")


def test_the_health_strip_counts_and_names_who_waits(qtbot: QtBot, document: PlanDocument) -> None:
    strip = CatchballHealth(document)
    qtbot.add_widget(strip)
    strip.refresh()
    assert strip.figures["threads"] == 0 and "no thread yet" in strip.summary.text()
    assert "agreed" not in strip.summary.text()  # nobody agreed to anything yet
    target = add_target(document)
    thread = throw(document, target)
    document.select_unit(unit_id(document.plan, "OPS"))
    strip.refresh()
    assert strip.figures["open"] == 1
    assert "Kenji Watanabe <b>1</b>" in strip.waiting.text()
    assert "<b>1 unit</b> not yet agreed" in strip.summary.text()
    assert document.execute(Reply(thread, "agree", OPERATIONS)) is not None
    strip.refresh()
    assert "agreed in a median 1 round" in strip.summary.text()
    assert "every unit has agreed" in strip.summary.text()


def test_a_strip_whose_dock_went_behind_a_tab_reads_only_when_it_is_in_front(
    qtbot: QtBot, document: PlanDocument
) -> None:
    strip = CatchballHealth(document)
    qtbot.add_widget(strip)
    strip.show()  # a read is scheduled for the next turn of the event loop...
    strip.lazy.set_active(False)  # ...but the dock goes behind the Node tab first
    QApplication.processEvents()
    assert strip.lazy.stale and strip.figures == {}
    strip.lazy.set_active(True)
    qtbot.wait_until(lambda: not strip.lazy.stale)
    assert "threads" in strip.figures


def _has_ball(image: QImage, rect: QRectF) -> bool:
    """Whether the badge's orange ball is painted inside ``rect`` (scene pixels, scale 1)."""
    r = rect.toAlignedRect()
    for y in range(max(0, r.top()), min(image.height(), r.bottom())):
        for x in range(max(0, r.left()), min(image.width(), r.right())):
            c = QColor(image.pixel(x, y))
            ball = badge.BALL
            distance = abs(c.red() - ball.red()) + abs(c.green() - ball.green())
            if distance + abs(c.blue() - ball.blue()) < 40:
                return True
    return False


def test_badges_appear_and_disappear_on_the_xmatrix_tree_and_board(
    qtbot: QtBot, document: PlanDocument
) -> None:
    assert document.plan is not None
    graph = document.plan.graph
    xmatrix, tree = XMatrixView(document), StrategyView(document)
    board = KaizenBoard(document)
    for widget in (xmatrix, tree, board):
        qtbot.add_widget(widget)
    target = add_target(document)
    code = graph.code(target)
    layout = xmatrix.matrix_layout
    assert layout is not None
    label = layout.label_rect(code)
    assert label is not None
    image = render_image(layout, xmatrix.item.state(), scale=1)
    assert not _has_ball(image, label)

    thread = throw(document, target)
    layout = xmatrix.matrix_layout
    assert layout is not None and xmatrix.item.badges.get(target) == 1
    image = render_image(layout, xmatrix.item.state(), scale=1)
    assert _has_ball(image, layout.label_rect(code))  # type: ignore[arg-type]
    words = tooltip(layout.xm, Hit(HitKind.LABEL, row=code), {}, xmatrix.item.badges)
    assert "In catchball: 1 open thread" in words
    (row,) = tree.model.indexes_of(target)
    assert row.data(CATCHBALL_ROLE) == 1
    assert "In catchball: 1 open thread" in row.data(Qt.ItemDataRole.ToolTipRole)
    # Kenji's division priority IP-9 thrown to Plant Leeds: its kaizens' cards say so.
    act_as(document, OPERATIONS)
    ip9 = graph.id_of("IP-9")
    assert document.execute(Throw("IP-9", "PLT", OPERATIONS)) is not None
    document.select_unit(unit_id(document.plan, "OPS"))
    marked = [
        column.view.column_model.index(r, 0).data(CATCHBALL_ROLE)
        for column in board.columns.values()
        for r in range(column.view.column_model.rowCount())
    ]
    assert (1, "IP-9") in marked and (0, "") in marked
    assert CatchballContext.of(document).count(ip9) == 1

    document.select_unit(unit_id(document.plan, "CO"))
    assert document.execute(Reply(thread, "withdraw", COMPANY)) is not None
    layout = xmatrix.matrix_layout
    assert layout is not None and not xmatrix.item.badges.get(target)
    image = render_image(layout, xmatrix.item.state(), scale=1)
    assert not _has_ball(image, layout.label_rect(code))  # type: ignore[arg-type]
    (row,) = tree.model.indexes_of(target)
    assert row.data(CATCHBALL_ROLE) == 0


def test_throwing_is_refused_before_the_dialog_with_a_reason(document: PlanDocument) -> None:
    assert document.plan is not None
    graph = document.plan.graph
    target = add_target(document)
    assert "Choose who you are" in (why_cannot_throw(document, target) or "")
    act_as(document, STRANGER)
    refusal = why_cannot_throw(document, target) or ""
    assert refusal.startswith("Only people of Northwind Instruments throw")
    act_as(document, COMPANY)
    assert why_cannot_throw(document, target) is None
    assert "is a breakthrough" in (why_cannot_throw(document, graph.id_of("BT-1")) or "")
    fields = {"unit_of_measure": "min", "direction": "down", "baseline": 30, "goal": 20}
    applied = document.execute(AddNode(NodeKind.TARGET, "T-AS", "Changeover time", fields))
    assert applied is not None
    with document.plan.session() as s:
        mark = s.execute(select(e.Person.key).where(e.Person.name == "Mark Hughes")).scalar_one()
    act_as(document, mark)
    team_target = graph.id_of(str(applied.result))
    assert why_cannot_throw(document, team_target) == (
        f"Assembly has no unit below it to throw {applied.result} to."
    )


def test_the_dialog_offers_only_units_not_negotiating_already(
    qtbot: QtBot, document: PlanDocument
) -> None:
    target = add_target(document)
    throw(document, target, unit="OPS")
    dialog = ThrowDialog(document, target)
    qtbot.add_widget(dialog)
    names = {dialog.units.item(r).data(Qt.ItemDataRole.UserRole): dialog.units.item(r)
             for r in range(dialog.units.rowCount())}  # fmt: skip
    assert set(names) == {"COM", "OPS", "PD", "CS"}  # the units directly below the company
    assert not names["OPS"].isEnabled() and "proposed" in names["OPS"].toolTip()
    assert dialog.chosen_unit() != "OPS"
    assert dialog.value.text() == "-20"  # the target's goal, to start from


@pytest.mark.parametrize("count", [1, 12, 150])
def test_the_badge_grows_with_its_number(qapp: object, count: int) -> None:
    font = QFont()
    font.setPixelSize(11)
    assert badge.badge_size(font, count).width() >= badge.badge_size(font, 1).width()
    assert badge.text_of(count) == (str(count) if count < 100 else "99+")


def test_a_question_from_below_reaches_the_inbox_above(
    qtbot: QtBot, document: PlanDocument
) -> None:
    """The executive's inbox was empty ("Nothing waits for you") while Operations' question
    waited for an answer from the company: it now shows there, and leaves once answered."""
    target = add_target(document)
    thread = throw(document, target)
    act_as(document, COMPANY)
    inbox = CatchballInbox(document)
    qtbot.add_widget(inbox)
    inbox.show()
    inbox.refresh()
    assert inbox.model.thread_ids() == [] and inbox.empty.isVisible()
    assert document.execute(Reply(thread, "question", OPERATIONS, text="Which lines?"))
    inbox.refresh()
    assert inbox.model.thread_ids() == [thread] and not inbox.empty.isVisible()
    assert "1 thread waits for your unit's answer" in inbox.title.text()
    assert document.execute(Reply(thread, "comment", COMPANY, text="Lines 2 and 3"))
    inbox.refresh()
    assert inbox.model.thread_ids() == []
    act_as(document, OPERATIONS)
    inbox.refresh()
    assert inbox.model.thread_ids() == [thread]  # the throw still waits for Operations
