"""The catchball panel: the worked example of the issue through the composer, and refusals.

On the sample plan the company (Helen Ward, P-1) throws a new lead-time target to
Operations (Kenji Watanabe, P-4); Ana Costa (P-7, Sales) is a stranger to the thread.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hoshin.catchball.rules import Kind
from hoshin.model import entities as e
from hoshin.model.kinds import NodeKind
from hoshin.operations import AddNode, UpdateNode
from views.catchball.context import CatchballContext
from views.catchball.inbox import CatchballInbox
from views.catchball.panel import CatchballPanel
from views.catchball.text import COMPOSER_KINDS
from views.catchball.throw_dialog import ThrowDialog
from views.document import PlanDocument

COMPANY, OPERATIONS, STRANGER = "P-1", "P-4", "P-7"


def add_target(document: PlanDocument, goal: float = -20) -> int:
    """A company target in %, lower is better; returns its node id."""
    fields = {"unit_of_measure": "%", "direction": "down", "baseline": 0, "goal": goal}
    applied = document.execute(AddNode(NodeKind.TARGET, "CO", "Order lead time", fields))
    assert applied is not None and document.plan is not None
    return document.plan.graph.id_of(str(applied.result))


def act_as(document: PlanDocument, person: str | None) -> None:
    CatchballContext.of(document).set_person(person)


def throw(document: PlanDocument, node_id: int, unit: str = "OPS", message: str = "") -> int:
    """Send to catchball as the company, through the dialog as a user fills it in."""
    act_as(document, COMPANY)
    dialog = ThrowDialog(document, node_id)
    dialog.set_unit(unit)
    dialog.message.setPlainText(message)
    dialog.accept()  # the Throw button
    assert dialog.thread_id is not None, dialog.error.text()
    dialog.deleteLater()
    return dialog.thread_id


def say(
    panel: CatchballPanel,
    person: str,
    kind: Kind,
    value: str = "",
    message: str = "",
    resources: str = "",
) -> bool:
    """Switch to ``person`` and send through the composer; whether the plan took it."""
    act_as(panel.document, person)
    composer = panel.composer
    composer.set_kind(kind)
    composer.value.setText(value)
    composer.message.setPlainText(message)
    composer.resources.setText(resources)
    return composer.submit()


def node(document: PlanDocument, node_id: int) -> e.Node:
    assert document.plan is not None
    with document.plan.session() as s:
        found = s.get(e.Node, node_id)
        assert found is not None
        s.expunge(found)
        return found


def counterpart(document: PlanDocument, node_id: int) -> int:
    assert document.plan is not None
    (child,) = document.plan.graph.deployed_to(node_id)
    return child


@pytest.fixture
def panel(qtbot: QtBot, document: PlanDocument) -> CatchballPanel:
    widget = CatchballPanel(document)
    qtbot.add_widget(widget)
    widget.resize(420, 800)
    widget.show()
    return widget


@pytest.fixture
def target(document: PlanDocument) -> int:
    return add_target(document)


def test_the_worked_example_through_the_panel(
    qtbot: QtBot, document: PlanDocument, panel: CatchballPanel, target: int
) -> None:
    thread = throw(document, target, message="Lead time −20 % across operations")
    document.select_node(target)
    assert panel.thread_id == thread
    child = counterpart(document, target)
    assert node(document, child).goal == -20  # Operations' own target, deployed

    assert say(panel, OPERATIONS, Kind.COUNTER, "-15", "without capital spend")
    assert say(panel, COMPANY, Kind.COUNTER, "-19", "Can you reach −19 %?")
    assert say(panel, OPERATIONS, Kind.COUNTER, "-16", "−16 % at most without capital")
    assert say(panel, COMPANY, Kind.QUESTION, message="What would capital buy you?")
    assert say(panel, COMPANY, Kind.COUNTER, "-18.5")
    assert say(panel, OPERATIONS, Kind.PROPOSAL, "-18", "with capital approval", "capital")
    summary = panel.threads.summary(0)
    assert summary is not None and (summary.round, summary.waiting_unit) == (3, "CO")
    shown = panel.conversation.messages
    assert [m.arrow for m in shown] == ["↓", "↑", "↓", "↑", "↓", "↓", "↑"]
    assert shown[-1].terms() == ["−18 %", "asks for capital"]
    assert "with capital approval" in panel.conversation.index(6).data()

    act_as(document, COMPANY)
    assert not panel.composer.lock.isEnabled()  # nothing agreed yet
    assert say(panel, COMPANY, Kind.AGREE)
    assert node(document, child).goal == -18
    assert panel.composer.lock.isVisible() and panel.composer.lock.isEnabled()
    qtbot.mouseClick(panel.composer.lock, Qt.MouseButton.LeftButton)
    assert node(document, child).committed_goal == -18
    assert panel.threads.summary(0).state == "locked"  # type: ignore[union-attr]

    inbox = CatchballInbox(document)
    qtbot.add_widget(inbox)
    inbox.show()
    assert thread not in inbox.model.thread_ids()  # nothing waits for the company now
    assert document.execute(UpdateNode(node(document, target).code, {"goal": -25}))
    last = panel.conversation.messages[-1]
    assert last.is_system and last.kind == "reopen" and last.arrow == "⟳"
    assert "from -20 to -25 %" in last.text and "agreement of -18 %" in last.text
    assert "In discussion" in panel.thread_heading.text()
    assert inbox.model.thread_ids() == [thread]  # back in the company's inbox


def test_a_stranger_may_comment_but_not_agree_or_propose(
    document: PlanDocument, panel: CatchballPanel, target: int
) -> None:
    thread = throw(document, target)
    document.select_node(target)
    act_as(document, STRANGER)
    composer = panel.composer
    for kind in (Kind.AGREE, Kind.PROPOSAL, Kind.COUNTER, Kind.REJECT, Kind.WITHDRAW):
        item = composer.kind_item(kind)
        assert not item.isEnabled()
        assert item.toolTip().startswith("Only people of Northwind Instruments and Operations")
    assert "outside this thread" in composer.hint.text()
    assert not composer.lock.isVisible()
    before = len(panel.conversation.messages)
    assert not say(panel, STRANGER, Kind.AGREE)
    assert "Only people of" in composer.error.text() and composer.error.isVisibleTo(panel)
    assert not say(panel, STRANGER, Kind.PROPOSAL, "-25", "Sales wants more")
    assert len(panel.conversation.messages) == before
    assert document.plan is not None
    with document.plan.session() as s:
        count = s.execute(
            select(e.CatchballMessage.id).where(e.CatchballMessage.thread_id == thread)
        ).all()
    assert len(count) == before  # nothing was written
    assert say(panel, STRANGER, Kind.COMMENT, message="Sales would love −20 %")
    assert panel.conversation.messages[-1].arrow == "•"
    assert panel.threads.summary(0).state == "proposed"  # type: ignore[union-attr]


def test_a_withdrawal_is_recorded_and_leaves_only_comments(
    document: PlanDocument, panel: CatchballPanel, target: int
) -> None:
    throw(document, target)
    document.select_node(target)
    act_as(document, OPERATIONS)
    assert "Only the unit above" in panel.composer.reasons[Kind.WITHDRAW]
    assert say(panel, COMPANY, Kind.WITHDRAW, message="Superseded by the new plan")
    last = panel.conversation.messages[-1]
    assert (last.kind, last.state, last.text) == (
        "withdraw",
        "withdrawn",
        "Superseded by the new plan",
    )
    assert [k for k in COMPOSER_KINDS if panel.composer.is_allowed(k)] == [Kind.COMMENT]
    assert CatchballContext.of(document).count(target) == 0


def test_a_refused_value_is_shown_in_the_composer(
    document: PlanDocument, panel: CatchballPanel, target: int
) -> None:
    throw(document, target)
    document.select_node(target)
    assert not say(panel, OPERATIONS, Kind.COUNTER, "a lot")
    assert "must be a number" in panel.composer.error.text()
    assert panel.composer.value.text() == "a lot"  # kept for the user to fix
    assert say(panel, OPERATIONS, Kind.COUNTER, "-15")
    assert panel.composer.error.isHidden() and panel.composer.value.text() == ""


def test_undo_takes_a_message_back(
    document: PlanDocument, panel: CatchballPanel, target: int
) -> None:
    throw(document, target)
    document.select_node(target)
    assert say(panel, OPERATIONS, Kind.COUNTER, "-15")
    assert say(panel, COMPANY, Kind.AGREE)
    child = counterpart(document, target)
    assert node(document, child).goal == -15
    document.undo_stack.undo()
    assert node(document, child).goal == -20
    assert [m.kind for m in panel.conversation.messages] == ["throw", "counter"]
    document.undo_stack.redo()
    assert panel.conversation.messages[-1].kind == "agree"


def test_a_node_without_catchball_says_so(document: PlanDocument, panel: CatchballPanel) -> None:
    assert document.plan is not None
    document.select_node(document.plan.graph.id_of("BT-1"))
    assert "Catchball is about priorities and targets" in panel.placeholder.text()
    assert panel.thread_list.isHidden() and panel.throw_button.isHidden()
    document.select_node(document.plan.graph.id_of("KPI-1"))
    assert panel.placeholder.text() == "No catchball about KPI-1 yet."
    assert not panel.throw_button.isEnabled()  # nobody chosen
    assert "Choose who you are" in panel.throw_button.toolTip()
    act_as(document, COMPANY)
    assert panel.throw_button.isEnabled()


def test_a_panel_behind_another_tab_reads_only_when_it_comes_to_the_front(
    document: PlanDocument, panel: CatchballPanel, target: int
) -> None:
    document.select_node(target)
    panel.lazy.set_active(False)  # what the window does when the Node tab is in front
    thread = throw(document, target)
    assert panel.threads.thread_ids() == [] and panel.lazy.stale
    panel.lazy.set_active(True)
    assert panel.threads.thread_ids() == [thread] and not panel.lazy.stale


def test_for_a_kaizen_the_panel_says_why_at_its_top(qtbot: QtBot, document: PlanDocument) -> None:
    """No thread list and no conversation: the heading and the reason stay at the top of a
    tall dock, not in its middle."""
    panel = CatchballPanel(document)
    qtbot.add_widget(panel)
    panel.resize(400, 800)
    panel.show()
    qtbot.wait_exposed(panel)
    target = add_target(document)
    throw(document, target, message="Lead time")
    document.select_node(target)  # a conversation first, then a kaizen
    qtbot.wait_until(panel.split.isVisible)
    assert document.plan is not None
    document.select_node(document.plan.graph.id_of("KZ-101"))
    qtbot.wait_until(lambda: "is a kaizen" in panel.placeholder.text())
    assert panel.heading.text().startswith("<b>KZ-101</b>")
    panel.layout().activate()
    # Before, the two labels shared the dock's height (391 px each), their text centred.
    assert panel.heading.geometry().height() < 60
    assert panel.placeholder.geometry().bottom() < 120
