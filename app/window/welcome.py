"""What the centre shows while no plan is open: the ways to get one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.plans import locations
from app.plans.connect_dialog import connect_to_shared_plan
from app.plans.files import PLAN_FILTER
from hoshin.demo import write_demo
from hoshin.model.errors import HoshinError

if TYPE_CHECKING:
    from app.window.main_window import MainWindow


class WelcomePage(QWidget):
    """New plan, open a plan, reopen a recent one, or try the sample plan."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.setObjectName("welcomePage")
        title = QLabel("<h1>Hoshin</h1>", self)
        intro = QLabel(
            "Strategy deployment on one page: breakthrough and annual objectives, "
            "improvement priorities, targets and kaizens, in one plan.",
            self,
        )
        intro.setWordWrap(True)
        buttons = QHBoxLayout()
        for text, slot in (
            ("New plan…", window.files.new_plan),
            ("Open…", window.files.open_dialog),
            ("Connect to shared plan…", lambda: connect_to_shared_plan(window)),
            ("Try the sample plan…", self.make_sample),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(lambda _c=False, s=slot: s())
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.recent = QListWidget(self)
        self.recent.setObjectName("recentPlans")
        self.recent.itemActivated.connect(self._open_recent)
        self.recent.itemDoubleClicked.connect(self._open_recent)
        self.recent_label = QLabel("<b>Recent plans</b>", self)
        self.recent.setMaximumHeight(260)
        self.recent.setSpacing(2)
        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(title)
        column.addWidget(intro)
        column.addSpacing(12)
        column.addLayout(buttons)
        column.addSpacing(18)
        column.addWidget(self.recent_label)
        column.addWidget(self.recent)
        column.addStretch(2)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 3)
        outer.addStretch(1)
        window.files.recentChanged.connect(self.fill)
        self.fill()

    def fill(self) -> None:
        self.recent.clear()
        plans = self.window.settings.recent_plans()
        for location in plans:
            item = QListWidgetItem(locations.recent_label(location).replace(" — ", "   —   ", 1))
            item.setData(Qt.ItemDataRole.UserRole, location)
            item.setToolTip(location)
            self.recent.addItem(item)
        self.recent.setVisible(bool(plans))
        self.recent_label.setVisible(bool(plans))

    def _open_recent(self, item: QListWidgetItem) -> None:
        self.window.files.open_path(str(item.data(Qt.ItemDataRole.UserRole)))

    def make_sample(self) -> bool:
        """Write the sample plan where the user says, and open it."""
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Save the sample plan as", str(Path.home() / "sample.hoshin"), PLAN_FILTER
        )
        if not path:
            return False
        try:
            write_demo(path).close()
        except HoshinError as exc:
            QMessageBox.warning(self.window, "Cannot write the sample plan", str(exc))
            return False
        return self.window.files.open_path(path)
