"""Placeholder of the X-matrix tab; replaced by its real implementation."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from views.document import PlanDocument


class XMatrixView(QWidget):
    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        QVBoxLayout(self).addWidget(QLabel("X-matrix"))
