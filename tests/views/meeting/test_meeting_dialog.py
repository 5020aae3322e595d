"""The Meeting dialog (Review tab ▸ Meeting…): the unit's meeting made with its agenda,
decisions with owner and due date recorded against the chosen item, done, held, minutes;
each an undoable edit; a refusal said in the dialog."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hoshin.model.agenda import AgendaKind
from hoshin.operations import SetAccess
from tests.conftest import AS_OF, unit_id
from views.document import PlanDocument
from views.meeting.dialog import MeetingDialog
from views.review import ReviewView

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


@pytest.fixture
def dialog(qtbot: QtBot, document: PlanDocument) -> Iterator[MeetingDialog]:
    assert document.plan is not None
    document.select_unit(unit_id(document.plan, "QA"))
    review = ReviewView(document, today=lambda: AS_OF)
    qtbot.add_widget(review)
    shown = review.open_meeting()
    assert shown is not None
    qtbot.wait_exposed(shown)
    yield shown
    shown.close()


def test_a_meeting_is_made_decided_held_and_undone(
    dialog: MeetingDialog, document: PlanDocument, qapp: object, qtmodeltester: object
) -> None:
    assert dialog.heading.text().startswith("No review meeting of this unit yet")
    assert not dialog.decide_button.isEnabled()
    dialog.new_meeting()
    assert dialog.meeting is not None and dialog.meeting.day == AS_OF
    assert [(r.kind, r.item) for r in dialog.meeting.items] == [(AgendaKind.OVERDUE, "action:17")]
    qtmodeltester.check(dialog.agenda)  # type: ignore[attr-defined]
    dialog.agenda_table.selectRow(0)
    dialog.text.setText("Recalibrate the gauges")
    dialog.owner.setCurrentIndex(dialog.owner.findData("P-28"))
    dialog.due.setText("2026-06-30")
    dialog.record_decision()
    assert [(d.item, d.text, d.owner, str(d.due)) for d in dialog.meeting.decisions] == [
        (1, "Recalibrate the gauges", "Yuki Tanaka", "2026-06-30")
    ]
    qtmodeltester.check(dialog.decisions)  # type: ignore[attr-defined]
    assert dialog.agenda.index(0, 3).data() == 1  # one decision on the item
    assert dialog.text.text() == ""
    dialog.decisions_table.selectRow(0)
    dialog.mark_done()
    dialog.mark_held()
    assert dialog.meeting.held and dialog.meeting.decisions[0].done
    assert dialog.heading.text().endswith("— held")
    assert document.undo_stack.undoText() == f"Mark meeting {dialog.meeting.id} held"
    for _ in range(3):
        dialog.undo.trigger()  # held, done, the decision: each taken back
    assert dialog.meeting is not None and dialog.meeting.decisions == []
    assert not dialog.meeting.held


def test_a_bad_due_date_and_a_refusal_are_said_in_the_dialog(
    dialog: MeetingDialog, document: PlanDocument
) -> None:
    dialog.new_meeting()
    dialog.text.setText("Call the supplier")
    dialog.due.setText("2026-06-31")
    dialog.record_decision()
    assert "due date" in dialog.message.text()
    assert dialog.text.text() == "Call the supplier"  # kept to correct
    assert document.plan is not None
    document.plan.actor = "Helen Ward"
    document.execute(SetAccess("Helen Ward", "CO", "executive"))
    document.plan.actor = "Yuki Tanaka"  # no role on QA
    dialog.due.clear()
    dialog.record_decision()
    assert dialog.message.text().startswith("Yuki Tanaka may not record decisions")


def test_the_minutes_pdf_is_written(dialog: MeetingDialog, tmp_path: Path) -> None:
    dialog.new_meeting()
    out = dialog.write_pdf(minutes=True, path=tmp_path / "minutes.pdf")
    assert out is not None and out.read_bytes().startswith(b"%PDF")
    assert dialog.message.text() == f"Wrote {out}"
