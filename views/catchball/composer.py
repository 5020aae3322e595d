"""The composer under a conversation: what the current person may send now, and Send.

Only the kinds the rules allow this person now are enabled; a disabled kind says why in
its tooltip (the core's own sentence, from :func:`hoshin.catchball.rules.check`), so the
user never has to send to find out. Send runs one ``Reply`` through the document: it is
undoable, and a refusal is shown here, under the message, not in a box.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hoshin.catchball.operations import Lock, Reply
from hoshin.catchball.queries import ThreadSummary
from hoshin.catchball.rules import Kind, Said, Side, State, check, waiting_side
from hoshin.model.errors import TransitionError
from hoshin.operations import Operation
from hoshin.reads.catchball import Me
from views.catchball import text
from views.date_field import DateField
from views.document import PlanDocument


@dataclass(frozen=True)
class ThreadFacts:
    """What the composer needs of the selected thread."""

    summary: ThreadSummary
    history: list[Said]
    upper_name: str
    lower_name: str
    is_target: bool  # a target's thread negotiates a value; a priority's does not
    people: Sequence[tuple[str, str]]  # (key, name) of the unit below: possible owners


def side_of(me: Me | None, summary: ThreadSummary) -> Side | None:
    if me is None:
        return None
    if me.unit_code == summary.upper:
        return Side.UPPER
    if me.unit_code == summary.lower:
        return Side.LOWER
    return Side.OUTSIDE


class Composer(QWidget):
    """Write a reply in the selected thread as the current person.

    Signals:
        settingsRequested(): the user asked to choose who they are.
        sent(int): a message was sent or the thread locked (thread id).
    """

    settingsRequested = Signal()
    sent = Signal(int)

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.facts: ThreadFacts | None = None
        self.me: Me | None = None
        self.reasons: dict[Kind, str] = {}  # why a kind is disabled now
        self._build()
        self.set_thread(None, None)

    def _build(self) -> None:
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.RichText)
        self.hint.linkActivated.connect(lambda _link: self.settingsRequested.emit())
        self.kinds = QStandardItemModel(self)
        for kind in text.COMPOSER_KINDS:
            item = QStandardItem(text.KIND_VERB[kind])
            item.setData(kind.value, Qt.ItemDataRole.UserRole)
            self.kinds.appendRow(item)
        self.kind = QComboBox(self)
        self.kind.setModel(self.kinds)
        self.kind.currentIndexChanged.connect(lambda _i: self._enable_fields())
        self.value = QLineEdit(self)
        self.value.setPlaceholderText("e.g. −18")
        self.due = DateField(self)
        self.due.set_value(None)
        self.owner = QComboBox(self)
        self.resources = QLineEdit(self)
        self.resources.setPlaceholderText("e.g. capital approval, one engineer")
        self.message = QPlainTextEdit(self)
        self.message.setPlaceholderText("Message")
        self.message.setTabChangesFocus(True)
        self.message.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.error = QLabel(self)
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.send = QPushButton("Send", self)
        self.send.setDefault(True)
        self.send.clicked.connect(self.submit)
        self.lock = QPushButton("Lock agreement", self)
        self.lock.clicked.connect(self.lock_agreement)

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        grid.addWidget(QLabel("Kind", self), 0, 0)
        grid.addWidget(self.kind, 0, 1, 1, 3)
        self.value_label = QLabel("Value", self)
        grid.addWidget(self.value_label, 1, 0)
        grid.addWidget(self.value, 1, 1)
        grid.addWidget(QLabel("By", self), 1, 2)
        grid.addWidget(self.due, 1, 3)
        grid.addWidget(QLabel("Owner", self), 2, 0)
        grid.addWidget(self.owner, 2, 1)
        grid.addWidget(QLabel("Asks", self), 2, 2)
        grid.addWidget(self.resources, 2, 3)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(3, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.lock)
        buttons.addStretch(1)
        buttons.addWidget(self.send)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 4, 0, 0)
        box.setSpacing(4)
        box.addWidget(self.hint)
        box.addLayout(grid)
        box.addWidget(self.message)
        box.addWidget(self.error)
        box.addLayout(buttons)

    # -- the thread ----------------------------------------------------------------------

    def set_thread(self, facts: ThreadFacts | None, me: Me | None) -> None:
        """Follow the selected thread and the current person; keeps what was typed."""
        same_thread = (
            facts is not None
            and self.facts is not None
            and facts.summary.id == self.facts.summary.id
        )
        self.facts, self.me = facts, me
        if not same_thread:
            self.error.hide()
        self.owner.clear()
        self.owner.addItem("no owner proposed", "")
        for key, name in facts.people if facts else ():
            self.owner.addItem(name, key)
        self._enable_kinds()
        self._enable_fields()
        self._show_hint()

    def _side(self) -> Side | None:
        return None if self.facts is None else side_of(self.me, self.facts.summary)

    def _enable_kinds(self) -> None:
        self.reasons = {}
        facts, side = self.facts, self._side()
        for row, kind in enumerate(text.COMPOSER_KINDS):
            reason = self._why_not(kind, side)
            item = self.kinds.item(row)
            item.setEnabled(reason is None)
            item.setToolTip(reason or "")
            if reason is not None:
                self.reasons[kind] = reason
        current = self.current_kind()
        if current is None or current in self.reasons:
            fallback = next((k for k in text.COMPOSER_KINDS if k not in self.reasons), None)
            self.set_kind(fallback or Kind.COMMENT)
        lock_reason = self._why_not(Kind.LOCK, side)
        self.lock.setVisible(facts is not None and side is Side.UPPER)
        self.lock.setEnabled(lock_reason is None)
        self.lock.setToolTip(
            lock_reason or "Freeze the agreed goal as the committed baseline of the unit below."
        )
        usable = facts is not None and bool(set(text.COMPOSER_KINDS) - set(self.reasons))
        for widget in (self.kind, self.message, self.send):
            widget.setEnabled(usable)

    def _why_not(self, kind: Kind, side: Side | None) -> str | None:
        facts = self.facts
        if facts is None:
            return "Choose a thread first."
        if side is None:
            return "Choose who you are in this plan first (Edit ▸ Settings…)."
        try:
            check(State(facts.summary.state), kind, side, facts.history, facts.upper_name,
                  facts.lower_name)  # fmt: skip
        except TransitionError as exc:
            return str(exc)
        return None

    def _enable_fields(self) -> None:
        kind = self.current_kind()
        offer = kind in text.OFFER_KINDS and self.kind.isEnabled()
        target = self.facts is not None and self.facts.is_target
        self.value.setEnabled(offer and target)
        self.value.setToolTip(
            "" if target else "A priority has no goal: propose a date, an owner or resources."
        )
        for widget in (self.due, self.owner, self.resources):
            widget.setEnabled(offer)

    def _show_hint(self) -> None:
        facts, me, side = self.facts, self.me, self._side()
        if facts is None:
            self.hint.setText("")
            return
        if me is None:
            self.hint.setText(
                "You have not said who you are in this plan: "
                "<a href='settings'>choose yourself in Settings…</a>"
            )
            return
        names = {Side.UPPER: facts.upper_name, Side.LOWER: facts.lower_name}
        you = f"You are {me.name} ({me.unit_code})"
        if side is Side.OUTSIDE:
            self.hint.setText(f"{you}, outside this thread: you may comment or ask a question.")
            return
        assert side is not None
        waiting = waiting_side(State(facts.summary.state), facts.history)
        where = "above" if side is Side.UPPER else "below"
        if waiting is side:
            turn = "<b>your side's turn to answer</b>"
        elif waiting is None:
            turn = "nobody has to answer"
        else:
            turn = f"waiting for {names[waiting]}"
        self.hint.setText(f"{you}, the unit {where}: {turn}.")

    # -- kinds ---------------------------------------------------------------------------

    def current_kind(self) -> Kind | None:
        data = self.kind.currentData(Qt.ItemDataRole.UserRole)
        return Kind(data) if data else None

    def set_kind(self, kind: Kind) -> None:
        self.kind.setCurrentIndex(text.COMPOSER_KINDS.index(kind))

    def kind_item(self, kind: Kind) -> QStandardItem:
        """The kind's entry in the list: disabled, with the reason as tooltip, when refused."""
        return self.kinds.item(text.COMPOSER_KINDS.index(kind))

    def is_allowed(self, kind: Kind) -> bool:
        return self.facts is not None and kind not in self.reasons

    # -- sending -------------------------------------------------------------------------

    def submit(self) -> bool:
        """Send what is written as the chosen kind; True when the plan took it."""
        facts, me, kind = self.facts, self.me, self.current_kind()
        if facts is None or kind is None:
            return False
        if me is None or kind in self.reasons:
            self._show_error(self.reasons.get(kind) or "Choose who you are first.")
            return False
        offer = kind in text.OFFER_KINDS
        op = Reply(
            facts.summary.id,
            kind,
            me.key,
            value=self.value.text() if offer and facts.is_target else None,
            text=self.message.toPlainText(),
            due=self.due.value() if offer else None,
            owner=(self.owner.currentData() or None) if offer else None,
            resources=self.resources.text() if offer else "",
        )
        if not self._run(op):
            return False
        self.value.clear()
        self.resources.clear()
        self.message.clear()
        self.due.set_value(None)
        self.owner.setCurrentIndex(0)
        return True

    def lock_agreement(self) -> bool:
        facts, me = self.facts, self.me
        if facts is None or me is None:
            return False
        return self._run(Lock(facts.summary.id, me.key))

    def _run(self, op: Operation) -> bool:
        assert self.facts is not None
        thread_id = self.facts.summary.id
        refused: list[str] = []  # shown under the composer
        applied = self.document.execute(op, on_error=refused.append)
        if applied is None:
            self._show_error(refused[0] if refused else "The message was refused.")
            return False
        self.error.hide()
        self.sent.emit(thread_id)
        return True

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
