"""Settings…: who I am in this plan, and the plan-wide symbols, thresholds and level names.

The plan-wide values are written as one undoable edit (a ``Batch`` of ``SetSetting``), so
every user of a shared plan sees them; the current person is this user's own and goes to
QSettings.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.settings import AppSettings
from hoshin.model.errors import ValidationError
from hoshin.model.kinds import Strength
from hoshin.model.plan_settings import OPTIONS
from hoshin.operations import Batch, SetSetting
from hoshin.reads.people import people
from hoshin.reads.units import UnitTree
from hoshin.rules.due_dates import parse_holidays
from views.document import PlanDocument

THRESHOLDS = ("max_breakthroughs", "max_annual", "owner_overload", "window_days")
#: The due-date and escalation rules (hoshin.rules.due_dates), in working days.
DUE_RULES = (
    "actual_due_day",
    "countermeasure_days",
    "catchball_days",
    "escalate_after",
    "escalate_again",
)
STRENGTHS = (Strength.STRONG, Strength.MEDIUM, Strength.WEAK)


class SettingsDialog(QDialog):
    """Edits the current person and the plan's settings; OK writes them, Cancel nothing."""

    def __init__(
        self, document: PlanDocument, settings: AppSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setMinimumWidth(440)
        self.document = document
        self.settings = settings
        plan = document.plan
        assert plan is not None
        values = plan.settings.values

        self.person = QComboBox(self)
        self.person.addItem("(nobody chosen)", "")
        for person in people(plan):
            self.person.addItem(f"{person.name} — {person.unit_name} ({person.key})", person.key)
        depth = UnitTree.of(plan).levels()
        self.person.setCurrentIndex(max(self.person.findData(document.current_person or ""), 0))
        me = QGroupBox("You", self)
        QFormLayout(me).addRow("Current person:", self.person)

        self.symbols: dict[Strength, QLineEdit] = {}
        symbols_row = QHBoxLayout()
        for strength in STRENGTHS:
            edit = QLineEdit(plan.settings.symbol(strength), self)
            edit.setMaxLength(3)
            edit.setFixedWidth(48)
            self.symbols[strength] = edit
            symbols_row.addWidget(QLabel(strength.value.capitalize() + ":", self))
            symbols_row.addWidget(edit)
        symbols_row.addStretch(1)

        self.thresholds: dict[str, QSpinBox] = {}
        shared = QGroupBox("This plan (shared with everyone who opens it)", self)
        form = QFormLayout(shared)
        form.addRow("Correlation symbols:", symbols_row)
        for key in THRESHOLDS:
            spin = QSpinBox(self)
            spin.setRange(1, 3650 if key == "window_days" else 999)
            spin.setValue(int(values[key]))
            self.thresholds[key] = spin
            form.addRow(OPTIONS[key].label + ":", spin)
        names: list[str] = list(values["level_names"])
        self.levels: list[QLineEdit] = []
        for depth_index in range(max(depth, len(names))):
            edit = QLineEdit(names[depth_index] if depth_index < len(names) else "", self)
            edit.setPlaceholderText(f"Level {depth_index + 1}")
            self.levels.append(edit)
            form.addRow(f"Level {depth_index + 1} name:", edit)

        rhythm = QGroupBox("Due dates and escalation (working days; shared)", self)
        rhythm_form = QFormLayout(rhythm)
        for key in DUE_RULES:
            spin = QSpinBox(self)
            spin.setRange(1, 60)
            spin.setValue(int(values[key]))
            self.thresholds[key] = spin
            rhythm_form.addRow(OPTIONS[key].label + ":", spin)
        self._holidays: list[str] = list(values["holidays"])
        self.holidays = QLineEdit(", ".join(values["holidays"]), self)
        self.holidays.setPlaceholderText("2026-12-24, 2026-12-25")
        self.holidays.setToolTip("Days that are not working days, besides weekends (YYYY-MM-DD)")
        rhythm_form.addRow("Holidays:", self.holidays)

        self.error = QLabel(self)
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(me)
        layout.addWidget(shared)
        layout.addWidget(rhythm)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def plan_values(self) -> dict[str, Any]:
        """The plan-wide values as the dialog shows them."""
        values: dict[str, Any] = {key: spin.value() for key, spin in self.thresholds.items()}
        values["symbols"] = {s.value: edit.text().strip() for s, edit in self.symbols.items()}
        values["level_names"] = [edit.text().strip() for edit in self.levels]
        values["holidays"] = [p.strip() for p in self.holidays.text().split(",") if p.strip()]
        return values

    def problem(self) -> str | None:
        """Why the values cannot be saved, in a sentence; None when they can."""
        symbols = list(self.plan_values()["symbols"].values())
        if any(not s for s in symbols):
            return "Give each correlation strength a symbol."
        if len(set(symbols)) != len(symbols):
            return "Each correlation strength needs its own symbol, or the matrix cannot be read."
        if any(not name for name in self.plan_values()["level_names"]):
            return "Give every level a name."
        try:
            days = parse_holidays(self.plan_values()["holidays"])
        except ValidationError as exc:
            return f"Holidays: {exc}"
        self._holidays = [d.isoformat() for d in sorted(days)]
        return None

    def accept(self) -> None:
        problem = self.problem()
        if problem is not None:
            self.error.setText(problem)
            self.error.show()
            return
        plan = self.document.plan
        assert plan is not None
        current = plan.settings.values
        wanted = self.plan_values()
        wanted["holidays"] = self._holidays  # as stored: sorted ISO dates
        changed = [
            SetSetting(key, value) for key, value in wanted.items() if current.get(key) != value
        ]
        if changed and self.document.execute(Batch("Change plan settings", changed)) is None:
            return  # the document said why; keep the dialog open
        key = self.person.currentData() or None
        self.document.current_person = key
        self.settings.set_person_for(plan.location, key)
        super().accept()
