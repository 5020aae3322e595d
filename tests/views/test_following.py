"""The one base of a view that follows the document, and the refusal that returns to the asker."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from hoshin.changes import Changes
from hoshin.operations import SetSetting, UpdateNode
from views.document import PlanDocument
from views.following import FollowsDocument, change_filter


class Probe(FollowsDocument, QWidget):
    """A view that writes down what reached it."""

    def __init__(self, document: PlanDocument, *, when_seen: bool = False) -> None:
        super().__init__()
        self.reads: list[tuple[int, int]] = []
        self.heard: list[Changes] = []
        self.resets = 0
        self.follow(document, unit=True, node=True, when_seen=when_seen)

    def plan_reset(self) -> None:
        self.resets += 1
        self.mark_stale()

    @change_filter("nodes", settings=["org_name"])
    def on_changes(self, changes: Changes) -> None:
        self.heard.append(changes)
        self.mark_stale()

    def refresh(self) -> None:
        if self.lazy is not None:
            self.lazy.stale = False
        self.reads.append((self.unit_id, self.node_id))


def _other_unit(document: PlanDocument) -> int:
    assert document.plan is not None
    return document.plan.graph.node(document.plan.graph.id_of("KZ-101")).unit_id


def test_a_kind_of_change_that_does_not_exist_is_refused_at_once() -> None:
    with pytest.raises(ValueError, match="not a kind of change: nodez"):
        change_filter("nodez")


def test_a_view_starts_as_after_a_plan_reset_and_follows_unit_and_node(
    qtbot: QtBot, document: PlanDocument
) -> None:
    probe = Probe(document)
    qtbot.add_widget(probe)
    assert probe.resets == 1 and probe.reads == [(document.unit_id, 0)]
    unit = _other_unit(document)
    document.select_unit(unit)
    assert probe.reads[-1] == (unit, 0)
    probe.set_unit(unit)  # the same unit again reads nothing
    assert len(probe.reads) == 2
    assert document.plan is not None
    node = document.plan.graph.id_of("KZ-101")
    document.select_node(node)
    assert probe.reads[-1] == (unit, node)
    document.reload()  # the plan read again: one reset, the selection kept
    assert probe.resets == 2 and probe.reads[-1] == (unit, node)


def test_only_the_changes_a_view_cares_about_reach_it_as_they_came(
    qtbot: QtBot, document: PlanDocument
) -> None:
    probe = Probe(document)
    qtbot.add_widget(probe)
    assert document.execute(SetSetting("check_after_days", 14))
    assert probe.heard == []  # a setting it did not name
    assert document.execute(UpdateNode("KZ-101", {"title": "Faster changeovers"}))
    assert document.plan is not None
    assert [c.nodes for c in probe.heard] == [{document.plan.graph.id_of("KZ-101")}]
    assert document.execute(SetSetting("org_name", "Northwind"))
    assert probe.heard[-1].settings == {"org_name"}
    document.undo_stack.undo()  # an undo is a change like any other
    assert len(probe.heard) == 3


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's remark on show()
def test_a_view_that_reads_when_seen_waits_until_it_is_shown(
    qtbot: QtBot, document: PlanDocument
) -> None:
    probe = Probe(document, when_seen=True)
    qtbot.add_widget(probe)
    document.select_unit(_other_unit(document))
    assert probe.reads == [] and probe.stale
    probe.show()
    qtbot.wait_exposed(probe)
    assert probe.reads == [(_other_unit(document), 0)] and not probe.stale
    probe.set_active(False)  # its dock tab went behind another
    assert document.execute(UpdateNode("KZ-101", {"title": "Faster changeovers"}))
    assert len(probe.reads) == 1 and probe.stale
    probe.set_active(True)
    assert len(probe.reads) == 2


def test_a_refusal_goes_to_the_widget_that_asked_not_to_the_window(
    qtbot: QtBot, document: PlanDocument
) -> None:
    refused: list[str] = []
    with (
        qtbot.assert_not_emitted(document.errorRaised),
        qtbot.wait_signal(document.errorShown) as shown,
    ):
        assert (
            document.execute(UpdateNode("KPI-1", {"goal": "lots"}), on_error=refused.append) is None
        )
    assert len(refused) == 1 and "must be a number" in refused[0]
    assert shown.args == refused
    with qtbot.wait_signal(document.errorRaised) as raised:  # nobody asked to show it
        assert document.execute(UpdateNode("KPI-1", {"goal": "lots"})) is None
    assert raised.args == refused
    assert document.undo_stack.count() == 0
