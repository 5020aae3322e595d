"""The A3 editor: a dialog on the A3 of one node, opened from the node editor ("A3…").

Every change is one operation through ``document.execute`` (undoable with the rest of the
plan; a refusal is shown in the dialog, under its heading). A person whose role does not
let them change the node reads the A3 with every field greyed and the reason above. The
follow-up figures are the plan's, shown, never typed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from hoshin.changes import Changes
from hoshin.model.a3_sections import KINDS_FOR, SIX_M_WORDS
from hoshin.model.kinds import NodeKind
from hoshin.operations import (
    AddA3Row,
    LinkA3,
    NewA3,
    Operation,
    RemoveA3Row,
    SetA3Section,
    UnlinkA3,
)
from hoshin.reads.a3 import A3Doc, a3_of_node
from hoshin.text.formats import figure
from views.document import PlanDocument
from views.following import FollowsDocument, change_filter

ROW_ID = Qt.ItemDataRole.UserRole


class _FocusOut(QObject):
    """Calls back when a text box loses focus: a section is written when one leaves it."""

    def __init__(self, callback: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self.callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.callback()
        return False


class A3Editor(FollowsDocument, QDialog):
    """Edit the A3 of ``node_id``; start one when the node has none."""

    def __init__(self, document: PlanDocument, node_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.node_id = node_id
        self.doc: A3Doc | None = None
        self.sections: dict[str, QPlainTextEdit] = {}
        self.year: int | None = None  # the plan's year (the one the app shows)
        self.resize(820, 760)
        self._build()
        self.follow(document, person=True)

    # -- building ------------------------------------------------------------------------

    def _build(self) -> None:
        plan = self.document.plan
        assert plan is not None
        code = plan.graph.code(self.node_id)
        self.code = code
        self.setWindowTitle(f"A3 of {code}")
        self.read_only = QLabel(self)
        self.read_only.setObjectName("a3ReadOnly")
        self.read_only.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("a3Error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #9c2a1f")
        self.error.hide()
        # No A3 yet: what kind to start, and the button.
        self.start = QWidget(self)
        row = QHBoxLayout(self.start)
        self.kind = QComboBox(self.start)
        for kind in KINDS_FOR[plan.graph.node(self.node_id).kind]:
            self.kind.addItem(f"{kind.capitalize()} A3", kind)
        self.start_button = QPushButton("Start the A3", self.start)
        self.start_button.clicked.connect(self._start)
        row.addWidget(QLabel(f"{code} has no A3 yet.", self.start))
        row.addWidget(self.kind)
        row.addWidget(self.start_button)
        row.addStretch(1)
        # The A3 itself.
        self.body = QWidget(self)
        self.form = QFormLayout()
        self.title = QLineEdit(self.body)
        self.title.editingFinished.connect(lambda: self._section("title", self.title.text()))
        self.form.addRow("Title", self.title)
        self.whys = self._list("5 whys")
        self.why_text = QLineEdit(self.body)
        self.why_text.setPlaceholderText("Why? (the next of the 5 whys)")
        self.why_text.returnPressed.connect(self._add_why)
        self.causes = self._list("Causes by the 6 Ms")
        self.cause_m = QComboBox(self.body)
        for m, words in SIX_M_WORDS.items():
            self.cause_m.addItem(words, m)
        self.cause_m.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.cause_text = QLineEdit(self.body)
        self.cause_text.setPlaceholderText("A cause")
        self.cause_text.returnPressed.connect(self._add_cause)
        self.steps = self._list("Implementation plan")
        self.step_what = QLineEdit(self.body)
        self.step_what.setPlaceholderText("What")
        self.step_who = QLineEdit(self.body)
        self.step_who.setPlaceholderText("Who (key or name)")
        self.step_when = QLineEdit(self.body)
        self.step_when.setPlaceholderText("When (YYYY-MM-DD)")
        self.step_what.returnPressed.connect(self._add_step)
        self.links = self._list("Countermeasures (linked)")
        self.link_text = QLineEdit(self.body)
        self.link_text.setPlaceholderText("A countermeasure's number or a kaizen's code")
        self.link_text.returnPressed.connect(self._link)
        self.figures = QLabel(self.body)
        self.figures.setObjectName("a3Figures")
        self.figures.setWordWrap(True)
        self.figures.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The sections two by two, as on the A3 itself: the whole A3 in view at once.
        self.sections_box = QGridLayout()

        lists = QGridLayout()
        self.add_buttons: list[QPushButton] = []
        self.remove_buttons: list[QPushButton] = []
        rows: list[tuple[QListWidget, list[QWidget], Callable[[], None], Callable[[], None]]] = [
            (self.whys, [self.why_text], self._add_why, lambda: self._remove(self.whys)),
            (
                self.causes,
                [self.cause_m, self.cause_text],
                self._add_cause,
                lambda: self._remove(self.causes),
            ),
            (
                self.steps,
                [self.step_what, self.step_who, self.step_when],
                self._add_step,
                lambda: self._remove(self.steps),
            ),
            (self.links, [self.link_text], self._link, self._unlink),
        ]
        for n, (view, inputs, add, remove) in enumerate(rows):
            box = QGroupBox(view.objectName(), self.body)
            inner = QVBoxLayout(box)
            inner.addWidget(view)
            line = QHBoxLayout()
            for widget in inputs:  # the words widest, a choice of M as wide as its words
                wide = 3 if widget in (self.step_what, self.cause_text) else 2
                line.addWidget(widget, wide if isinstance(widget, QLineEdit) else 0)
            plus = QPushButton("Add" if view is not self.links else "Link", box)
            plus.clicked.connect(add)
            minus = QPushButton("Remove" if view is not self.links else "Unlink", box)
            minus.clicked.connect(remove)
            self.add_buttons.append(plus)
            self.remove_buttons.append(minus)
            line.addWidget(plus)
            line.addWidget(minus)
            inner.addLayout(line)
            lists.addWidget(box, n // 2, n % 2)
        column = QVBoxLayout(self.body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self.form)
        column.addLayout(self.sections_box)
        column.addLayout(lists)
        follow = QGroupBox("Follow-up: the target's figures, from the plan", self.body)
        QVBoxLayout(follow).addWidget(self.figures)
        column.addWidget(follow)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addWidget(self.read_only)
        outer.addWidget(self.error)
        outer.addWidget(self.start)
        outer.addWidget(scroll, 1)
        outer.addWidget(buttons)
        self.page = scroll

    def _list(self, name: str) -> QListWidget:
        view = QListWidget(self.body if hasattr(self, "body") else self)
        view.setObjectName(name)
        view.setMinimumHeight(90)
        view.setMaximumHeight(130)  # a few rows in view; the A3 is a page, not a list
        return view

    # -- showing -------------------------------------------------------------------------

    def plan_reset(self) -> None:
        plan = self.document.plan
        if plan is None or not plan.graph.has_node(self.node_id):
            self.reject()
            return
        self.show_a3()

    def person_changed(self) -> None:
        self._show_access()

    @change_filter("a3s", "measurements", "nodes")
    def on_changes(self, changes: Changes) -> None:
        self.plan_reset()

    def show_a3(self) -> None:
        plan = self.document.plan
        assert plan is not None
        self.doc = doc = a3_of_node(plan, self.node_id, self.year)
        self.start.setVisible(doc is None)
        self.page.setVisible(doc is not None)
        self._show_access()
        if doc is None:
            return
        self.setWindowTitle(f"A3 of {doc.code}: {doc.title}")
        if not self.title.hasFocus():
            self.title.setText(doc.title)
        self._show_sections(doc)
        self._fill(self.whys, [(r.id, f"Why {i}? {r.text}") for i, r in enumerate(doc.whys, 1)])
        self._fill(
            self.causes,
            [(r.id, f"{SIX_M_WORDS[r.category or 'man']}: {r.text}") for r in doc.causes],
        )
        self._fill(
            self.steps,
            [
                (r.id, f"{r.text} — {r.who or 'nobody yet'}, {r.when or 'no date'}")
                for r in doc.steps
            ],
        )
        self._fill(
            self.links,
            [
                (
                    f"cm:{link.countermeasure_id}"
                    if link.countermeasure_id
                    else f"kz:{link.kaizen}",
                    f"Countermeasure {link.countermeasure_id} ({link.month}, {link.state}): "
                    f"{link.text}"
                    if link.countermeasure_id
                    else f"{link.kaizen} ({link.state}): {link.text}",
                )
                for link in doc.links
            ],
        )
        self.figures.setText(_figures_text(doc))

    def _show_sections(self, doc: A3Doc) -> None:
        keys = [s.key for s in doc.sections]
        if list(self.sections) != keys:  # another kind: build its boxes again
            while self.sections_box.count():
                item = self.sections_box.takeAt(0)
                gone = item.widget() if item is not None else None
                if gone is not None:
                    gone.deleteLater()
            self.sections = {}
            for n, s in enumerate(doc.sections):
                box = QGroupBox(s.heading, self.body)
                edit = QPlainTextEdit(box)
                edit.setObjectName(s.key)
                edit.setTabChangesFocus(True)
                edit.setFixedHeight(70)
                edit.installEventFilter(_FocusOut(self._writer(s.key, edit), edit))
                QVBoxLayout(box).addWidget(edit)
                self.sections_box.addWidget(box, n // 2, n % 2)
                self.sections[s.key] = edit
        for s in doc.sections:
            edit = self.sections[s.key]
            if not edit.hasFocus() and edit.toPlainText() != s.text:
                edit.setPlainText(s.text)

    def _writer(self, key: str, edit: QPlainTextEdit) -> Callable[[], None]:
        return lambda: self._section(key, edit.toPlainText())

    @staticmethod
    def _fill(view: QListWidget, rows: list[tuple[object, str]]) -> None:
        view.clear()
        for row_id, text in rows:
            item = QListWidgetItem(text)
            item.setData(ROW_ID, row_id)
            view.addItem(item)

    def _show_access(self) -> None:
        plan = self.document.plan
        reason = plan.refusal(self.node_id) if plan is not None else None
        self.read_only.setText(f"Read only: {reason}" if reason else "")
        self.read_only.setVisible(reason is not None)
        may = reason is None
        self.start_button.setEnabled(may)
        self.kind.setEnabled(may)
        self.title.setReadOnly(not may)
        for edit in self.sections.values():
            edit.setReadOnly(not may)
        for widget in (
            *self.add_buttons,
            *self.remove_buttons,
            self.why_text,
            self.cause_m,
            self.cause_text,
            self.step_what,
            self.step_who,
            self.step_when,
            self.link_text,
        ):
            widget.setEnabled(may)

    # -- writing -------------------------------------------------------------------------

    def _run(self, op: Operation) -> bool:
        """One edit through the document; a refusal is shown in the dialog."""
        refused: list[str] = []
        applied = self.document.execute(op, on_error=refused.append)
        if applied is None:
            self.error.setText(refused[0] if refused else "The change was refused.")
            self.error.show()
            return False
        self.error.hide()
        return True

    def _start(self) -> None:
        self._run(NewA3(self.code, self.kind.currentData()))

    def _section(self, key: str, text: str) -> None:
        doc = self.doc
        if doc is None or self.title.isReadOnly():
            return
        stored = doc.title if key == "title" else doc.section(key)
        if text.strip() == stored.strip():
            return
        if not self._run(SetA3Section(self.code, key, text)):
            self.show_a3()  # back to what the plan holds

    def _add_why(self) -> None:
        if self._run(AddA3Row(self.code, "why", self.why_text.text())):
            self.why_text.clear()

    def _add_cause(self) -> None:
        op = AddA3Row(self.code, "cause", self.cause_text.text(), self.cause_m.currentData())
        if self._run(op):
            self.cause_text.clear()

    def _add_step(self) -> None:
        who = self.step_who.text().strip() or None
        when = self.step_when.text().strip() or None
        if self._run(AddA3Row(self.code, "step", self.step_what.text(), None, who, when)):
            for edit in (self.step_what, self.step_who, self.step_when):
                edit.clear()

    def _remove(self, view: QListWidget) -> None:
        item = view.currentItem()
        if item is None:
            self.error.setText("Select a row to remove first.")
            self.error.show()
            return
        self._run(RemoveA3Row(self.code, int(item.data(ROW_ID))))

    def _link(self) -> None:
        text = self.link_text.text().strip()
        op = (
            LinkA3(self.code, countermeasure=int(text))
            if text.isdigit()
            else LinkA3(self.code, kaizen=text)
        )
        if self._run(op):
            self.link_text.clear()

    def _unlink(self) -> None:
        item = self.links.currentItem()
        if item is None:
            self.error.setText("Select a countermeasure or kaizen to unlink first.")
            self.error.show()
            return
        kind, _, key = str(item.data(ROW_ID)).partition(":")
        op = (
            UnlinkA3(self.code, countermeasure=int(key))
            if kind == "cm"
            else UnlinkA3(self.code, kaizen=key)
        )
        self._run(op)


def _figures_text(doc: A3Doc) -> str:
    row = doc.figures
    if row is None:
        if doc.node_kind is NodeKind.KAIZEN:
            return "This kaizen names no target it moves: set one to follow its figures."
        return "No target's figures to follow on this A3."
    months = [
        f"{m[5:]}: {figure(p)} / {figure(a)}{f' {s.mark}' if s else ''}"
        for m, p, a, s in doc.follow_up()
    ]
    return f"{row.code} {row.title}, plan / actual by month in {doc.year}: " + (
        "; ".join(months) or "no figures yet"
    )
