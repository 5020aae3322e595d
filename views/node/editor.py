"""The node editor: every field of the selected node's kind, its owners and its links.

Each field is written on "editing finished" as one ``UpdateNode`` through the document, so
it is undoable and every view hears of it. The core validates: a refused value shows the
core's reason next to the field and the field goes back to what the plan holds — nothing
is written. The widgets for all kinds are built once and rows are shown per kind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hoshin.changes import Changes
from hoshin.model.kinds import (
    KAIZEN_MOVES,
    Aggregation,
    Direction,
    KaizenStatus,
    KaizenType,
    NodeKind,
    Origin,
)
from hoshin.operations import UpdateNode
from hoshin.operations.nodes import fields_for
from hoshin.reads.node_editor import editor_choices, node_fields
from hoshin.rules.bowling import AGGREGATION_WORDS
from hoshin.text import formats
from views.a3.editor import A3Editor
from views.date_field import DateField
from views.document import PlanDocument
from views.find import SEPARATOR, KindFilter, PlanNodesModel, code_completer, code_of
from views.following import FollowsDocument, change_filter
from views.health.sustainment import SustainmentPanel
from views.node.line_of_sight import LinksSection
from views.node.owners_section import OwnersSection
from views.node.tracking_section import TrackingSection


class _FocusOut(QObject):
    """Calls back when a watched widget loses focus (a text box has no editingFinished)."""

    def __init__(self, callback: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self._callback()
        return False


class NodeEditor(FollowsDocument, QWidget):
    """The right dock: edit the node the document has selected."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.node: dict[str, Any] | None = None
        self._loading = False
        self.nodes = PlanNodesModel(document, self)
        self._build()
        self.follow(document, node=True, person=True)

    # -- building ------------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel(self)
        self.heading.setObjectName("editorHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # On a plan with roles: why this person may only read the node.
        self.read_only = QLabel(self)
        self.read_only.setObjectName("editorReadOnly")
        self.read_only.setWordWrap(True)
        self.read_only.hide()
        # The node's A3: a dialog of its own (read only for who may not change the node).
        self.a3_button = QPushButton("A3…", self)
        self.a3_button.setToolTip("The node's A3: a one-page problem-solving or strategy document")
        self.a3_button.clicked.connect(self.open_a3)
        self.a3_button.hide()
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.errors: dict[str, QLabel] = {}
        self.widgets: dict[str, QWidget] = {}

        self.title = self._line("title", "Title")
        self.description = QPlainTextEdit(self)
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(58)
        self.description.installEventFilter(
            _FocusOut(lambda: self.apply("description", self.description.toPlainText()), self)
        )
        self._add("description", "Description", self.description)
        self.unit = self._combo("unit", "Unit")
        self.function = self._combo("function", "Function")
        self.start_date = self._date("start_date", "Start")
        self.due_date = self._date("due_date", "Due")
        self.unit_of_measure = self._line("unit_of_measure", "Unit of measure")
        self.direction = self._combo("direction", "Direction")
        self.direction.addItem("Higher is better", Direction.UP.value)
        self.direction.addItem("Lower is better", Direction.DOWN.value)
        self.aggregation = self._combo("aggregation", "Year to date")
        for how in Aggregation:
            self.aggregation.addItem(
                f"{how.value.capitalize()}: {AGGREGATION_WORDS[how]}", how.value
            )
        self.baseline = self._line("baseline", "Baseline")
        self.goal = self._line("goal", "Goal")
        self.status = self._combo("status", "Status")
        self.origin = self._combo("origin", "Origin")
        for origin in Origin:
            self.origin.addItem(origin.value.capitalize(), origin.value)
        self.kaizen_type = self._combo("kaizen_type", "Type")
        for kind in KaizenType:
            self.kaizen_type.addItem(kind.value.capitalize(), kind.value)
        self.end_date = self._date("end_date", "End")
        targets = KindFilter(self.nodes, self)
        targets.set_kinds([NodeKind.TARGET])
        self.effect_target = self._line("effect_target", "Target affected")
        self.effect_target.setPlaceholderText("Code of the target it should move")
        self.effect_target.setCompleter(code_completer(targets, self.effect_target, on_focus=True))
        self.expected_effect = self._line("expected_effect", "Expected effect")
        self.expected_effect.setPlaceholderText("e.g. −2 days")

        self.owners = OwnersSection(self.document, self)
        # A target's daily or weekly values (finer tracking).
        self.tracking = TrackingSection(self.document, self)
        self.links = LinksSection(self.document, self.nodes, self)
        # A kaizen's checks and action items, edited here as in the Sustainment dock.
        self.sustainment = SustainmentPanel(self.document, self)
        self.sustainment.view.setMinimumHeight(120)
        self.sustainment.view.setMaximumHeight(180)
        self.placeholder = QLabel("Select a node in a view, or find one with Ctrl+F.", self)
        self.placeholder.setWordWrap(True)
        self.placeholder.setObjectName("editorPlaceholder")

        body = QWidget(self)
        column = QVBoxLayout(body)
        column.addWidget(self.heading)
        column.addWidget(self.read_only)
        column.addWidget(self.a3_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.placeholder)
        column.addLayout(self.form)
        column.addWidget(self.owners)
        column.addWidget(self.tracking)
        column.addWidget(self.links)
        column.addWidget(self.sustainment)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _add(self, name: str, label: str, widget: QWidget) -> None:
        error = QLabel(self)
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.hide()
        holder = QWidget(self)
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        box.addWidget(widget)
        box.addWidget(error)
        self.form.addRow(label, holder)
        self.errors[name] = error
        self.widgets[name] = holder

    def _line(self, name: str, label: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.editingFinished.connect(lambda: self.apply(name, edit.text()))
        self._add(name, label, edit)
        return edit

    def _combo(self, name: str, label: str) -> QComboBox:
        combo = QComboBox(self)
        # As wide as the dock gives, not as its longest choice: the year-to-date words made
        # a target's form wider than the default dock, cutting every row at the right.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        combo.activated.connect(lambda _i: self.apply(name, combo.currentData()))
        self._add(name, label, combo)
        return combo

    def _date(self, name: str, label: str) -> DateField:
        field = DateField(self)
        field.edited.connect(lambda: self.apply(name, field.value()))
        self._add(name, label, field)
        return field

    # -- following the document ----------------------------------------------------------

    def plan_reset(self) -> None:
        self._fill_choices()
        self.show_node(self.node_id)

    def set_node(self, node_id: int) -> None:
        self.node_id = node_id
        self.show_node(node_id)

    def person_changed(self) -> None:
        self._show_access(self.node)  # what this person may change

    def _fill_choices(self) -> None:
        plan = self.document.plan
        self.unit.clear()
        self.function.clear()
        self.function.addItem("(none)", "")
        if plan is None:
            return
        choices = editor_choices(plan)
        for code, name in choices.units:
            self.unit.addItem(f"{name} ({code})", code)
        for name in choices.functions:
            self.function.addItem(name, name)

    @change_filter("units", "functions", "nodes", "owners", "people", "edges", "roles")
    def on_changes(self, changes: Changes) -> None:
        if changes.units or changes.functions:
            self._fill_choices()
        node_id = self.document.node_id
        if self.node is None or node_id != self.node["id"]:
            return
        if node_id in changes.nodes or changes.units or changes.functions:
            self.show_node(node_id)
        else:
            if node_id in changes.owners or changes.people:
                self.owners.show_node(self.node)
            if changes.edges or changes.nodes:
                self.links.show_node(self.node)
            if changes.roles or changes.people:  # who may change it (a role given, a login)
                self._show_access(self.node)

    def show_node(self, node_id: int) -> None:
        """Fill the fields from the plan; hide the rows the node's kind does not have."""
        plan = self.document.plan
        row = node_fields(plan, node_id) if plan is not None and node_id else None
        if row is None or self.node is None or row["id"] != self.node["id"]:
            for error in self.errors.values():  # a refusal stays shown while on its node
                error.hide()
        self.node = row
        self._loading = True
        try:
            self._show_fields()
        finally:
            self._loading = False

    def _show_fields(self) -> None:
        node = self.node
        is_kaizen = node is not None and node["kind"] == NodeKind.KAIZEN.value
        self.sustainment.setVisible(is_kaizen)
        if node is not None and is_kaizen:
            if self.sustainment.kaizen_id() != node["id"]:
                self.sustainment.show_kaizen(node["id"])
        else:
            self.sustainment.clear()
        self.placeholder.setVisible(node is None)
        self.heading.setVisible(node is not None)
        self.a3_button.setVisible(node is not None)
        self.owners.show_node(node)
        self.tracking.show_node(node)
        self.links.show_node(node)
        kind = NodeKind(node["kind"]) if node else None
        present = fields_for(kind) if kind else frozenset()
        for name, holder in self.widgets.items():
            self.form.setRowVisible(holder, name in present)
        self._show_access(node)
        if node is None or kind is None:
            return
        self.heading.setText(f"<b>{node['code']}</b> · {kind.label} · {node['unit_name']}")
        _set_text(self.title, node["title"])
        if self.description.toPlainText() != (node["description"] or ""):
            self.description.setPlainText(node["description"] or "")
        _select(self.unit, node["unit_code"])
        _select(self.function, node["function_name"] or "")
        self.start_date.set_value(node["start_date"])
        self.due_date.set_value(node["due_date"])
        _set_text(self.unit_of_measure, node["unit_of_measure"] or "")
        _select(self.direction, node["direction"] or Direction.UP.value)
        _select(self.aggregation, node["aggregation"] or Aggregation.AVERAGE.value)
        _set_text(self.baseline, formats.editable(node["baseline"]))
        _set_text(self.goal, formats.editable(node["goal"]))
        if kind is NodeKind.KAIZEN:
            status = KaizenStatus(node["status"] or KaizenStatus.IDEA.value)
            self.status.clear()
            # Only the moves the lifecycle allows from here (DESIGN §5).
            for choice in [status, *sorted(KAIZEN_MOVES[status], key=list(KaizenStatus).index)]:
                self.status.addItem(choice.value.capitalize(), choice.value)
            self.status.setCurrentIndex(0)
            _select(self.origin, node["origin"])
            _select(self.kaizen_type, node["kaizen_type"])
            self.end_date.set_value(node["end_date"])
            effect = node["effect_code"]
            _set_text(
                self.effect_target, f"{effect}{SEPARATOR}{node['effect_title']}" if effect else ""
            )
            _set_text(self.expected_effect, node["expected_effect"] or "")

    def _show_access(self, node: dict[str, Any] | None) -> None:
        """Fields a person may not change are shown, greyed, with the reason above them."""
        plan = self.document.plan
        reason = plan.refusal(node["id"]) if plan is not None and node is not None else None
        self.read_only.setText(f"Read only: {reason}" if reason else "")
        self.read_only.setVisible(reason is not None)
        for part in (*self.widgets.values(), self.owners, self.links):
            part.setEnabled(reason is None)
        # A member records a target's values (as its monthly figures); how often it is
        # tracked is the node's own (its manager's): the core refuses what one may not do.
        self.tracking.tracking.setEnabled(reason is None)

    # -- writing -------------------------------------------------------------------------

    def _stored(self, name: str) -> Any:
        node = self.node
        assert node is not None
        return {
            "unit": node["unit_code"],
            "function": node["function_name"] or "",
            "effect_target": node["effect_code"] or "",
        }.get(name, node.get(name))

    def apply(self, name: str, value: Any) -> bool:
        """Write one field; on refusal show why next to it and restore the stored value.

        Returns:
            True when the plan now holds the value (written, or unchanged).
        """
        if self._loading or self.node is None:
            return True
        if name == "effect_target":
            value = code_of(value) if str(value).strip() else ""
        if _same(self._stored(name), value):
            self.errors[name].hide()
            return True
        refused: list[str] = []  # shown here, next to the field, not in the window's notice
        applied = self.document.execute(
            UpdateNode(self.node["code"], {name: value}), on_error=refused.append
        )
        if applied is None:
            message = refused[0] if refused else "The change was refused."
            self.show_node(self.node["id"])  # back to what the plan holds
            self.errors[name].setText(message)
            self.errors[name].show()
            return False
        self.errors[name].hide()
        return True

    def open_a3(self) -> A3Editor | None:
        """Open the A3 editor on the node shown (modeless: the plan stays in reach)."""
        if self.node is None:
            return None
        dialog = A3Editor(self.document, int(self.node["id"]), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def focus_title(self) -> None:
        """F2: rename the selected node."""
        if self.node is None:
            return
        self.title.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.title.selectAll()


def _set_text(edit: QLineEdit, text: str) -> None:
    if edit.text() != text:  # keep the cursor of a field the user is typing in
        edit.setText(text)
        edit.setCursorPosition(0)


def _select(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    combo.setCurrentIndex(max(index, 0))


def _same(stored: Any, value: Any) -> bool:
    """Whether writing ``value`` would change nothing (so no undo entry for a no-op)."""
    if isinstance(stored, float) or (stored is None and isinstance(value, str)):
        text = str(value).strip() if value is not None else ""
        if stored is None:
            return text == ""
        try:
            return float(text.replace(",", ".")) == stored
        except ValueError:
            return False
    if isinstance(value, str) and (stored is None or isinstance(stored, str)):
        return (stored or "").strip() == value.strip()
    return bool(stored == value)
