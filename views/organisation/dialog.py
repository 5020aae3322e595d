"""Organisation…: build and correct the organisation of a plan in the app.

The unit tree on the left, with the plan's functions under it; on the right, for the
chosen unit, its name, level and function, its people and the roles held on it. Every
change is one undoable edit through the document (Undo here or in the main window takes it
back), and a refused one is said in the dialog's message line: nothing modal, the app
stays usable beside it. What the person using the app may not do is disabled, its tooltip
saying why in the words the refusal would use (:class:`~hoshin.rules.permissions.Rights`).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from hoshin.changes import Changes
from hoshin.operations import (
    AddFunction,
    AddPerson,
    AddUnit,
    Applied,
    Operation,
    RemovePerson,
    RemoveUnit,
    SetAccess,
    UpdatePerson,
    UpdateUnit,
)
from hoshin.reads import organisation as org
from hoshin.reads.organisation import PersonRow, UnitRow
from hoshin.rules.permissions import YES, Answer, Rights
from views.document import PlanDocument
from views.organisation.models import PeopleModel
from views.organisation.panels import (
    FunctionsPanel,
    PeoplePanel,
    RolesPanel,
    UnitForm,
    UnitsPanel,
    button,
)

NO_UNIT = Answer(False, "Choose a unit first.")


class OrganisationDialog(QDialog):
    """Units, people, roles and functions of the open plan, edited in place.

    Signals:
        none of its own: every edit goes through ``document.execute``, and the dialog
        follows ``document.changed`` like any view (only while it is shown).
    """

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("organisationDialog")
        self.setModal(False)
        self.document = document
        self.rights: Rights | None = None
        self.unit_id = 0
        self._levels: list[str] = []
        self._executing = False  # an edit of this dialog's own is being made

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.units = UnitsPanel(self)
        self.form = UnitForm(self)
        self.people = PeoplePanel(
            PeopleModel(
                self._rename,
                self._may_rename,
                set_email=self._set_email,
                may_change=self._may_change_person,
            ),
            self,
        )
        self.people.model.setParent(self.people)
        self.roles = RolesPanel(self)
        self.functions = FunctionsPanel(self)
        self.message = QLabel(self)
        self.message.setObjectName("organisationMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The main window's Undo does not reach a dialog that has the focus: its own does.
        self.undo = document.undo_stack.createUndoAction(self, "&Undo")
        self.undo.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo = document.undo_stack.createRedoAction(self, "&Redo")
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.addActions([self.undo, self.redo])
        self._lay_out()
        self._connect()
        self.resize(1180, 740)  # read when first shown (showEvent), not before

    def _lay_out(self) -> None:
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.units, 5)
        column.addWidget(self.functions, 2)
        right = QWidget(self)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.form)
        column.addWidget(self.people, 1)
        column.addWidget(self.roles, 1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setChildrenCollapsible(False)
        split.setSizes([620, 560])
        close = QPushButton("Close", self)
        close.setAutoDefault(False)
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        for shown in (button(self.undo, self), button(self.redo, self)):
            shown.setMaximumWidth(260)  # "Undo Add unit Sales North" fits; longer elides
            bottom.addWidget(shown)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)

    def _connect(self) -> None:
        def on(act: QAction, slot: object) -> None:
            act.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]

        on(self.units.add, self.add_unit_below)
        on(self.units.rename, self.focus_unit_name)
        on(self.units.remove, self.remove_current_unit)
        on(self.form.save, self.save_current_unit)
        on(self.people.add, self.add_person_here)
        on(self.people.rename, self.edit_person_name)
        on(self.people.remove, self.remove_current_person)
        on(self.roles.give, self.give_chosen_role)
        on(self.roles.take, self.take_current_role)
        on(self.functions.add, self.add_new_function)
        self.units.tree.selectionModel().currentChanged.connect(self._on_current_unit)
        self.people.table.selectionModel().currentChanged.connect(lambda *_: self._update_enabled())
        self.roles.table.selectionModel().currentChanged.connect(lambda *_: self._on_current_role())
        self.form.name.textEdited.connect(lambda _text: self._update_enabled())
        self.form.level.currentTextChanged.connect(lambda _text: self._update_enabled())
        self.form.function.currentIndexChanged.connect(lambda _row: self._update_enabled())
        self.document.changed.connect(self._on_changed)
        self.document.planReset.connect(self._on_plan_reset)
        self.document.personChanged.connect(self.reload)

    # -- reading -------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the organisation again, keeping the chosen unit (and person)."""
        plan = self.document.plan
        if plan is None:
            return
        self.setWindowTitle(f"Organisation — {plan.name}")
        whole = org.OrganisationReads(plan).whole()
        units, functions, everyone = whole.units, whole.functions, whole.people
        self._levels = whole.level_names
        rights, held = whole.rights, whole.held
        self.rights = rights
        self.summary.setText(self._summary(held))
        chosen = self.unit_id or self.document.unit_id
        self.units.set_units(units, chosen)
        self.units.tree.scrollToTop()  # then down only as far as the chosen unit needs
        self.functions.model.set_functions(functions)
        self.form.set_functions(self.functions.model.names())
        self.roles.set_people([(f"{p.name} ({p.key}, {p.unit_code})", p.key) for p in everyone])
        self.unit_id = 0  # fill the right side again, even for the same unit
        self.show_unit(chosen or (units[0].id if units else 0))

    def _summary(self, held: str) -> str:
        rights = self.rights
        if rights is None or not rights.roles.enforced:
            return (
                "This plan has no roles yet: anyone may change it. Start them by giving "
                "someone the executive role on the top unit."
            )
        if rights.free:
            return "You administer this plan: roles do not bind you."
        if rights.person_id is None:
            return rights.missing
        return f"You: {rights.person_name} — {held}. What your roles do not allow is greyed."

    def show_unit(self, unit_id: int) -> None:
        """Choose ``unit_id`` in the tree (the top unit if there is no such unit)."""
        model, tree = self.units.model, self.units.tree
        index = model.index_of(unit_id)
        if not index.isValid():
            index = model.index(0, 0)
        if self.unit_id and self.unit_id == index.internalId():
            return
        tree.setCurrentIndex(index)
        if self.unit_id != index.internalId():  # the tree's current already: no signal
            self._on_current_unit(index, QModelIndex())
        tree.scrollTo(index)

    def current_unit(self) -> UnitRow | None:
        return self.units.model.unit_by_id(self.unit_id)

    def current_person(self) -> PersonRow | None:
        return self.people.model.person(self.people.table.currentIndex())

    def _on_current_unit(self, current: QModelIndex, _previous: QModelIndex) -> None:
        unit = self.units.model.unit(current)
        plan = self.document.plan
        self.unit_id = unit.id if unit is not None else 0
        if unit is None or plan is None:
            self._update_enabled()
            return
        self.form.code.setText(unit.code)
        self.form.show_values(unit.name, unit.level, self._levels, unit.function)
        self.form.setTitle(f"Unit {unit.code} — {unit.name}")
        self.people.setTitle(f"People of {unit.code}")
        self.roles.setTitle(f"Roles on {unit.code}")
        kept = self.current_person()
        people, roles = org.OrganisationReads(plan).of_unit(unit.id)
        self.people.model.set_people(people)
        self.roles.model.set_roles(roles)
        row = self.people.model.row_of(kept.key) if kept is not None else -1
        if row >= 0:
            self.people.table.setCurrentIndex(self.people.model.index(row, 0))
        first = self.people.model.person(self.people.model.index(0, 0))
        if first is not None:  # the role most likely given next: to someone of this unit
            self.roles.choose(first.key)
        self._update_enabled()

    def _on_current_role(self) -> None:
        role = self.roles.model.role_row(self.roles.table.currentIndex())
        if role is not None:
            self.roles.choose(role.person_key, role.role.value)
        self._update_enabled()

    def _on_changed(self, changes: Changes) -> None:
        if not self.isVisible():
            return  # read again when shown
        ours = changes.units or changes.people or changes.roles or changes.functions
        if ours or changes.settings:  # level names are settings
            if not self._executing:  # an undo, a redo, a colleague: the line is stale
                self.message.clear()
            self.reload()
        elif changes.nodes:  # a kaizen added or moved: its function's count
            plan = self.document.plan
            assert plan is not None
            self.functions.model.set_functions(org.OrganisationReads(plan).functions())

    def _on_plan_reset(self) -> None:
        if self.document.plan is None:
            self.close()
            return
        self.unit_id = 0
        self.reload()
        self.show_unit(self.document.unit_id)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.message.clear()

    # -- what may be done ----------------------------------------------------------------

    def _may_rename(self, person: PersonRow) -> Answer:
        if self.rights is None:
            return YES
        return self.rights.can_rename_person(person.unit_id, person.name)

    def _update_enabled(self) -> None:
        rights, unit, person = self.rights, self.current_unit(), self.current_person()
        role = self.roles.model.role_row(self.roles.table.currentIndex())

        def gate(act: QAction, answer: Answer, tip: str) -> None:
            act.setEnabled(bool(answer))
            act.setToolTip(tip if answer else answer.reason)

        if rights is None or unit is None:
            for act in (
                self.units.add, self.units.rename, self.units.remove, self.form.save,
                self.people.add, self.people.rename, self.people.remove, self.roles.give,
                self.roles.take,
            ):  # fmt: skip
                gate(act, NO_UNIT, "")
            return
        gate(self.units.add, rights.can_add_unit_below(unit.id), f"Add a unit below {unit.code}")
        change = rights.can_change_unit(unit.id)
        gate(self.units.rename, change, f"Rename {unit.code}")
        gate(self.units.remove, rights.can_remove_unit(unit.id), f"Remove {unit.code}")
        for field in self.form.fields():
            field.setEnabled(bool(change))
            field.setToolTip("" if change else change.reason)
        if change and not self._unit_edits(unit):
            change = Answer(False, "Change the name, level or function first.")
        gate(self.form.save, change, f"Save the changes to {unit.code}")
        gate(self.people.add, rights.can_change_people(unit.id, "add"), f"Add to {unit.code}")
        if person is None:
            gate(self.people.rename, Answer(False, "Choose a person first."), "")
            gate(self.people.remove, Answer(False, "Choose a person first."), "")
        else:
            gate(self.people.rename, self._may_rename(person), f"Rename {person.name}")
            gate(
                self.people.remove,
                rights.can_change_people(person.unit_id, "remove"),
                f"Remove {person.name} from the plan",
            )
        give = rights.can_give_roles(unit.id, "add")
        gate(self.roles.give, give, f"Give the chosen person this role on {unit.code}")
        if role is None:
            gate(self.roles.take, Answer(False, "Choose a role in the list first."), "")
        else:
            take = rights.can_give_roles(unit.id, "remove")
            gate(self.roles.take, take, f"Take {role.person_name}'s role on {unit.code} away")
        gate(self.functions.add, rights.can_change_functions(), "Add a function to the plan")

    def _unit_edits(self, unit: UnitRow) -> dict[str, str]:
        """What the form changes of ``unit``: field → new value ("" function: none)."""
        edits: dict[str, str] = {}
        if self.form.name.text().strip() != unit.name:
            edits["name"] = self.form.name.text()
        if self.form.level.currentText().strip() != unit.level:
            edits["level"] = self.form.level.currentText()
        function = str(self.form.function.currentData() or "")
        if function != (unit.function or ""):
            edits["function"] = function
        return edits

    # -- editing -------------------------------------------------------------------------

    def execute(self, op: Operation) -> Applied | None:
        """Make one undoable edit; its refusal, or what it did, in the message line."""
        refused: list[str] = []
        self.document.errorRaised.connect(refused.append)
        self._executing = True
        try:
            applied = self.document.execute(op)
        finally:
            self._executing = False
            self.document.errorRaised.disconnect(refused.append)
        if applied is None:
            self.show_message(refused[0] if refused else f"{op.label} was refused.", error=True)
        else:
            self.show_message(f"Done: {applied.label}. Undo (Ctrl+Z) takes it back.")
        return applied

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(f"⚠ {text}" if error else text)
        self.message.setStyleSheet("color: #b42318;" if error else "color: #2f6b3a;")

    def add_unit_below(self) -> None:
        unit = self.current_unit()
        if unit is None:
            return
        # A team of the Sales department does sales: a new unit starts in its parent's
        # function (changed in the form).
        applied = self.execute(
            AddUnit(self.units.new_name.text(), unit.code, function=unit.function)
        )
        if applied is not None:
            self.units.new_name.clear()
            added = next((u for u in self.units.model.units() if u.code == applied.result), None)
            if added is not None:
                self.show_unit(added.id)

    def focus_unit_name(self) -> None:
        self.form.name.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.form.name.selectAll()

    def save_current_unit(self) -> None:
        unit = self.current_unit()
        edits = self._unit_edits(unit) if unit is not None else {}
        if unit is not None and edits:
            self.execute(UpdateUnit(unit.code, **edits))

    def remove_current_unit(self) -> bool:
        unit, plan = self.current_unit(), self.document.plan
        if unit is None or plan is None:
            return False
        going = org.OrganisationReads(plan).unit_removal(unit.code)
        if not going.blocked:  # a unit the plan keeps: its refusal says why
            parts = going.parts()
            with_it = f"Also gone: {'; '.join(parts)}." if parts else "Nothing else goes with it."
            if not self._confirm("Remove unit", f"Remove {unit.code} “{unit.name}”?\n\n{with_it}"):
                return False
        if self.execute(RemoveUnit(unit.code)) is None:
            return False
        self.show_unit(unit.parent_id or 0)
        return True

    def _confirm(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(
            self,
            title,
            f"{question}\nUndo (Ctrl+Z) brings it all back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def add_person_here(self) -> None:
        unit = self.current_unit()
        if unit is None:
            return
        applied = self.execute(AddPerson(self.people.new_name.text(), unit.code))
        if applied is not None:
            self.people.new_name.clear()
            row = self.people.model.row_of(str(applied.result))
            self.people.table.setCurrentIndex(self.people.model.index(row, 0))

    def edit_person_name(self) -> None:
        index = self.people.table.currentIndex()
        if index.isValid():
            self.people.table.setFocus()
            self.people.table.edit(self.people.model.index(index.row(), 0))

    def _rename(self, person: PersonRow, name: str) -> bool:
        return self.execute(UpdatePerson(person.key, name=name)) is not None

    def _set_email(self, person: PersonRow, address: str) -> bool:
        return self.execute(UpdatePerson(person.key, email=address)) is not None

    def _may_change_person(self, person: PersonRow) -> Answer:
        if self.rights is None:
            return YES
        return self.rights.can_change_people(person.unit_id)

    def remove_current_person(self) -> bool:
        person, plan = self.current_person(), self.document.plan
        if person is None or plan is None:
            return False
        going = org.OrganisationReads(plan).person_removal(person.key)
        if not going.blocked:  # a person the record keeps: the refusal says why
            parts = going.parts()
            with_it = f"Also gone: {'; '.join(parts)}." if parts else "Nothing else goes."
            if not self._confirm(
                "Remove person", f"Remove {person.name} ({person.key}) from the plan?\n\n{with_it}"
            ):
                return False
        return self.execute(RemovePerson(person.key)) is not None

    def give_chosen_role(self) -> None:
        unit, key = self.current_unit(), self.roles.person.currentData()
        if unit is None:
            return
        if not key:
            self.show_message("Choose a person first.", error=True)
            return
        self.execute(SetAccess(str(key), unit.code, str(self.roles.role.currentData())))

    def take_current_role(self) -> None:
        unit, role = self.current_unit(), self.roles.model.role_row(self.roles.table.currentIndex())
        if unit is not None and role is not None:
            self.execute(SetAccess(role.person_key, unit.code, None))

    def add_new_function(self) -> None:
        if self.execute(AddFunction(self.functions.new_name.text())) is not None:
            self.functions.new_name.clear()
