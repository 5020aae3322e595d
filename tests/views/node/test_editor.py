"""The node editor: each field of the kind, validated by the core, undoable."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.model.kinds import KAIZEN_MOVES, KaizenStatus, NodeKind, OwnerRole
from hoshin.operations import SetAccess
from views.document import PlanDocument
from views.node.editor import NodeEditor
from views.node.line_of_sight import link_for


@pytest.fixture
def editor(qtbot: QtBot, document: PlanDocument) -> NodeEditor:
    widget = NodeEditor(document)
    qtbot.add_widget(widget)
    return widget


def _select(document: PlanDocument, code: str) -> int:
    plan = document.plan
    assert plan is not None
    node_id = plan.graph.id_of(code)
    document.select_node(node_id)
    return node_id


def _stored(document: PlanDocument, code: str, column: str) -> object:
    plan = document.plan
    assert plan is not None
    with plan.session() as s:
        return s.execute(select(getattr(e.Node, column)).where(e.Node.code == code)).scalar_one()


def _visible_rows(editor: NodeEditor) -> set[str]:
    return {name for name, holder in editor.widgets.items() if editor.form.isRowVisible(holder)}


def _labels(editor: NodeEditor, visible: bool = False) -> list[str]:
    """The form's row labels (only those on screen when ``visible``)."""
    form, role = editor.form, editor.form.ItemRole.FieldRole
    found = []
    for row in range(form.rowCount()):
        item = form.itemAt(row, role)
        label = form.labelForField(item.widget()) if item is not None else None
        if isinstance(label, QLabel) and (not visible or form.isRowVisible(label)):
            found.append(label.text())
    return found


def test_the_fields_shown_are_those_of_the_kind(editor: NodeEditor, document: PlanDocument) -> None:
    from hoshin.operations.nodes import fields_for

    for code, kind in (
        ("KPI-1", NodeKind.TARGET),
        ("KZ-101", NodeKind.KAIZEN),
        ("BT-1", NodeKind.BREAKTHROUGH),
    ):
        _select(document, code)
        assert _visible_rows(editor) == set(fields_for(kind))
        assert editor.heading.text().startswith(f"<b>{code}</b>")


def test_a_goal_that_is_not_a_number_is_refused_and_nothing_is_written(
    editor: NodeEditor, document: PlanDocument
) -> None:
    _select(document, "KPI-1")
    before = _stored(document, "KPI-1", "goal")
    depth = document.undo_stack.count()
    editor.goal.setText("about thirty")
    editor.goal.editingFinished.emit()
    assert _stored(document, "KPI-1", "goal") == before
    assert document.undo_stack.count() == depth
    assert not editor.errors["goal"].isHidden()
    assert "must be a number" in editor.errors["goal"].text()
    assert editor.goal.text() == "24"  # back to what the plan holds


def test_an_empty_title_is_refused_and_the_field_restored(
    editor: NodeEditor, document: PlanDocument
) -> None:
    _select(document, "BT-1")
    title = _stored(document, "BT-1", "title")
    editor.title.setText("   ")
    editor.title.editingFinished.emit()
    assert _stored(document, "BT-1", "title") == title
    assert "cannot be empty" in editor.errors["title"].text()
    assert editor.title.text() == title


def test_a_valid_edit_is_written_and_undoable(editor: NodeEditor, document: PlanDocument) -> None:
    _select(document, "KPI-1")
    editor.goal.setText("26,5")
    editor.goal.editingFinished.emit()
    assert _stored(document, "KPI-1", "goal") == 26.5
    assert editor.errors["goal"].isHidden()
    assert editor.goal.text() == "26.5"
    document.undo_stack.undo()
    assert _stored(document, "KPI-1", "goal") == 24
    assert editor.goal.text() == "24"
    document.undo_stack.redo()
    assert _stored(document, "KPI-1", "goal") == 26.5


def test_an_unchanged_field_writes_nothing(editor: NodeEditor, document: PlanDocument) -> None:
    _select(document, "KPI-1")
    depth = document.undo_stack.count()
    editor.goal.setText(" 24 ")
    editor.goal.editingFinished.emit()
    editor.title.editingFinished.emit()
    assert document.undo_stack.count() == depth


def test_a_due_date_before_the_start_is_refused(editor: NodeEditor, document: PlanDocument) -> None:
    _select(document, "KZ-101")
    start = _stored(document, "KZ-101", "start_date")
    assert isinstance(start, dt.date)
    editor.due_date.set_value(start - dt.timedelta(days=3))
    editor.due_date.edited.emit()
    assert _stored(document, "KZ-101", "due_date") is None
    assert "before the start" in editor.errors["due_date"].text()
    assert editor.due_date.value() is None


def test_a_date_can_be_set_and_cleared(editor: NodeEditor, document: PlanDocument) -> None:
    _select(document, "KZ-101")
    editor.due_date.check.click()  # ticking proposes today
    assert _stored(document, "KZ-101", "due_date") == dt.date.today()
    editor.due_date.check.click()
    assert _stored(document, "KZ-101", "due_date") is None


def test_the_status_offers_only_the_moves_the_lifecycle_allows(
    editor: NodeEditor, document: PlanDocument
) -> None:
    _select(document, "KZ-101")
    status = KaizenStatus(str(_stored(document, "KZ-101", "status")))
    offered = {editor.status.itemData(i) for i in range(editor.status.count())}
    assert offered == {status.value, *(s.value for s in KAIZEN_MOVES[status])}
    target = sorted(KAIZEN_MOVES[status])[0]
    editor.status.setCurrentIndex(editor.status.findData(target.value))
    editor.status.activated.emit(editor.status.currentIndex())
    assert _stored(document, "KZ-101", "status") == target.value


def test_the_unit_and_function_are_chosen_from_the_plans_own(
    editor: NodeEditor, document: PlanDocument
) -> None:
    _select(document, "KZ-101")
    editor.function.setCurrentIndex(editor.function.findData("Quality"))
    editor.function.activated.emit(editor.function.currentIndex())
    plan = document.plan
    assert plan is not None
    with plan.session() as s:
        name = s.execute(
            select(e.Function.name)
            .join(e.Node, e.Node.function_id == e.Function.id)
            .where(e.Node.code == "KZ-101")
        ).scalar_one()
    assert name == "Quality"


def test_the_target_affected_takes_a_completion_or_a_code(
    editor: NodeEditor, document: PlanDocument
) -> None:
    _select(document, "KZ-101")
    editor.effect_target.setText("kpi-1")
    editor.effect_target.editingFinished.emit()
    plan = document.plan
    assert plan is not None
    assert _stored(document, "KZ-101", "effect_target_id") == plan.graph.id_of("KPI-1")
    assert editor.effect_target.text().startswith("KPI-1 — ")
    editor.effect_target.setText("BT-1")  # not a target
    editor.effect_target.editingFinished.emit()
    assert "is not a target" in editor.errors["effect_target"].text()


def test_owners_can_be_added_made_primary_and_removed(
    editor: NodeEditor, document: PlanDocument
) -> None:
    _select(document, "KPI-7")  # the sample's target without a primary owner
    owners = editor.owners
    assert owners.isVisibleTo(editor)
    before = owners.list.count()
    owners.people.setCurrentIndex(0)
    key = owners.people.currentData()
    owners.role.setCurrentIndex(owners.role.findData(OwnerRole.SECONDARY.value))
    owners.add.click()
    rows = [owners.list.item(i) for i in range(owners.list.count())]
    picked = next(i for i in rows if i.data(0x0100) and i.data(0x0100)[0] == key)
    assert picked.data(0x0100)[1] == OwnerRole.SECONDARY.value
    owners.list.setCurrentItem(picked)
    assert owners.toggle.text() == "Make primary"
    owners.toggle.click()
    rows = [owners.list.item(i) for i in range(owners.list.count())]
    picked = next(i for i in rows if i.data(0x0100) and i.data(0x0100)[0] == key)
    assert picked.data(0x0100)[1] == OwnerRole.PRIMARY.value
    owners.list.setCurrentItem(picked)
    owners.remove.click()
    assert owners.list.count() == before


def test_owners_are_not_offered_for_a_kaizen(editor: NodeEditor, document: PlanDocument) -> None:
    _select(document, "KZ-101")
    assert not editor.owners.isVisibleTo(editor)


def test_links_can_be_added_and_removed_by_code(editor: NodeEditor, document: PlanDocument) -> None:
    node_id = _select(document, "IP-6")  # serves nothing in the sample
    plan = document.plan
    assert plan is not None
    links = editor.links

    def listed() -> list[object]:
        rows = [links.serves.list.item(i) for i in range(links.serves.list.count())]
        return [row.data(0x0101) for row in rows if row.data(0x0101)]

    assert listed() == []
    assert links.link("AO-4", serving=True)
    assert plan.graph.id_of("AO-4") in plan.graph.serves(node_id)
    assert listed() == [plan.graph.id_of("AO-4")]
    links.serves.list.setCurrentRow(0)
    links.serves.remove.click()
    assert plan.graph.serves(node_id) == []
    document.undo_stack.undo()
    assert plan.graph.id_of("AO-4") in plan.graph.serves(node_id)


def test_a_link_that_would_make_a_cycle_is_refused(
    editor: NodeEditor, document: PlanDocument, qtbot: QtBot
) -> None:
    # AO-6 supports BT-4, which was deployed from IP-1: IP-1 serving AO-6 closes a loop.
    _select(document, "IP-1")
    depth = document.undo_stack.count()
    with qtbot.wait_signal(document.errorRaised) as blocker:
        assert not editor.links.link("AO-6", serving=True)
    assert "serve itself" in blocker.args[0]
    assert "AO-6" in blocker.args[0] and "BT-4" in blocker.args[0]
    assert document.undo_stack.count() == depth


def test_a_link_between_kinds_that_never_link_is_refused_before_asking_the_plan(
    editor: NodeEditor, document: PlanDocument, qtbot: QtBot
) -> None:
    _select(document, "BT-1")
    with qtbot.wait_signal(document.errorRaised) as blocker:
        assert not editor.links.link("KZ-101", serving=False)
    assert "cannot be served by" in blocker.args[0]


def test_link_directions_follow_the_design() -> None:
    # A kaizen supports a priority; a child breakthrough is deployed from a parent priority.
    assert link_for(NodeKind.KAIZEN, NodeKind.PRIORITY, serving=True) == (True, "supports")
    assert link_for(NodeKind.BREAKTHROUGH, NodeKind.PRIORITY, serving=True) == (False, "deploys")
    assert link_for(NodeKind.PRIORITY, NodeKind.KAIZEN, serving=False) == (False, "supports")
    assert link_for(NodeKind.KAIZEN, NodeKind.BREAKTHROUGH, serving=True) is None


def test_nothing_selected_shows_a_hint(editor: NodeEditor, document: PlanDocument) -> None:
    document.select_node(0)
    assert not editor.placeholder.isHidden()
    assert _visible_rows(editor) == set()


def test_the_description_is_written_when_the_box_loses_focus(
    editor: NodeEditor, document: PlanDocument
) -> None:
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QFocusEvent
    from PySide6.QtWidgets import QApplication

    _select(document, "BT-2")
    editor.description.setPlainText("Customers wait too long for their instruments.")
    QApplication.sendEvent(
        editor.description, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason)
    )
    assert _stored(document, "BT-2", "description") == (
        "Customers wait too long for their instruments."
    )
    document.undo_stack.undo()
    assert _stored(document, "BT-2", "description") == ""
    assert editor.description.toPlainText() == ""


def test_an_edit_made_elsewhere_shows_in_the_fields(
    editor: NodeEditor, document: PlanDocument
) -> None:
    from hoshin.operations import UpdateNode

    _select(document, "KPI-2")
    document.execute(UpdateNode("KPI-2", {"goal": 21, "unit_of_measure": "work days"}))
    assert editor.goal.text() == "21"
    assert editor.unit_of_measure.text() == "work days"


def test_each_refusal_stays_next_to_its_field_until_another_node_is_chosen(
    editor: NodeEditor, document: PlanDocument
) -> None:
    _select(document, "KPI-7")
    editor.goal.setText("about seventy")
    editor.goal.editingFinished.emit()
    editor.title.setText("")
    editor.title.editingFinished.emit()
    assert not editor.errors["goal"].isHidden()
    assert not editor.errors["title"].isHidden()
    _select(document, "KPI-1")
    assert editor.errors["goal"].isHidden()
    assert editor.errors["title"].isHidden()


def test_a_link_field_completes_the_kinds_it_may_link_once_entered(
    editor: NodeEditor, document: PlanDocument
) -> None:
    _select(document, "IP-6")  # an improvement priority serves annual objectives
    field = editor.links.serves.add
    QApplication.sendEvent(field, QFocusEvent(QEvent.Type.FocusIn))
    completer = field.completer()
    completer.setCompletionPrefix("AO-")
    offered = [
        completer.completionModel().index(r, 0).data() for r in range(completer.completionCount())
    ]
    assert offered and all(text.startswith("AO-") for text in offered)


def test_a_node_the_person_may_not_change_is_shown_read_only_with_the_reason(
    editor: NodeEditor, document: PlanDocument
) -> None:
    document.current_person = "P-1"
    assert document.execute(SetAccess("Helen Ward", "CO", "executive"))
    assert document.execute(SetAccess("Aisha Bello", "T-AS", "member"))
    assert document.plan is not None
    kaizen, target = document.plan.graph.id_of("KZ-117"), document.plan.graph.id_of("KPI-9")
    document.current_person = "P-25"  # Aisha, a member of Assembly
    document.select_node(target)
    assert editor.read_only.isVisibleTo(editor)
    assert editor.read_only.text() == (
        "Read only: Aisha Bello may not change target KPI-9: that needs the manager role on "
        "OPS or a unit above it (Aisha Bello has no role there)."
    )
    assert not editor.title.isEnabled() and not editor.owners.isEnabled()
    document.select_node(kaizen)  # her team's kaizen: hers to change
    assert not editor.read_only.isVisibleTo(editor) and editor.title.isEnabled()
    document.select_node(target)
    document.current_person = "P-1"  # the executive sees the same target editable
    assert not editor.read_only.isVisibleTo(editor) and editor.title.isEnabled()


def test_a_role_given_while_a_node_is_shown_changes_whether_it_is_read_only(
    editor: NodeEditor, document: PlanDocument
) -> None:
    document.current_person = "P-25"  # Aisha Bello, in a plan without roles yet
    assert document.plan is not None
    document.select_node(document.plan.graph.id_of("KPI-9"))
    assert not editor.read_only.isVisibleTo(editor) and editor.title.isEnabled()
    # The plan's first role puts it under roles, and Aisha has none over KPI-9.
    assert document.execute(SetAccess("Helen Ward", "CO", "executive"))
    assert editor.read_only.isVisibleTo(editor) and not editor.title.isEnabled()


def test_a_target_chooses_how_its_year_to_date_adds_up(
    editor: NodeEditor, document: PlanDocument
) -> None:
    _select(document, "KPI-1")
    assert "aggregation" in _visible_rows(editor)
    assert editor.aggregation.currentData() == "average"  # the demo's targets, as before
    assert editor.aggregation.currentText() == "Average: the average of the months with an actual"
    editor.aggregation.setCurrentIndex(editor.aggregation.findData("sum"))
    editor.aggregation.activated.emit(editor.aggregation.currentIndex())
    assert _stored(document, "KPI-1", "aggregation") == "sum"
    document.undo_stack.undo()
    assert _stored(document, "KPI-1", "aggregation") == "average"
    assert editor.aggregation.currentData() == "average"
    _select(document, "IP-1")
    assert "aggregation" not in _visible_rows(editor)  # a priority has no figures
    # One row says it (two merged branches once each added theirs: the second stayed on
    # every kind's form, a priority's and a kaizen's too).
    assert "Year to date" not in _labels(editor, visible=True)
    assert _labels(editor).count("Year to date") == 1


def test_every_kind_of_form_fits_the_default_node_dock(
    editor: NodeEditor, document: PlanDocument
) -> None:
    """The dock opens 410 px wide (app/window/docks.py) and the form does not scroll sideways: a
    wider form is cut at the right (a target's "Year to date" choices once made it 456)."""
    from PySide6.QtWidgets import QScrollArea

    body = editor.findChild(QScrollArea).widget()
    for code in ("KPI-1", "KZ-101", "IP-1", "BT-1"):
        _select(document, code)
        assert body.minimumSizeHint().width() <= 390, code


def test_routines_serving_a_node_show_under_served_by(
    editor: NodeEditor, document: PlanDocument
) -> None:
    _select(document, "IP-2")  # the sample's walks at Plant Leeds and Assembly serve it
    served = editor.links.served_by
    texts = [served.list.item(i).text() for i in range(served.list.count())]
    routines = [t for t in texts if t.startswith("⟳ ")]
    assert routines == [
        "⟳ Gemba walk at Assembly  (weekly on Tuesday, Kenji Watanabe, T-AS)",
        "⟳ Gemba walk at Plant Leeds  (weekly on Wednesday, every 2 weeks, Helen Ward, PLT)",
    ]
    assert served.label.text().endswith(", 2 routines)")
