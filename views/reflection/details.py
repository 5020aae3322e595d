"""Under the reflection table: what helped, what hindered and the lesson of the objective
selected, written at length and recorded as one edit."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QWidget,
)

from views.reflection.model import PROSE, ReflectionModel

HEADINGS = {"helped": "What helped", "hindered": "What hindered", "lesson": "The lesson"}


class ReflectionDetails(QWidget):
    """The prose of one row of a :class:`ReflectionModel`; read-only when the row is."""

    def __init__(self, model: ReflectionModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.row = -1
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.edits: dict[str, QPlainTextEdit] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 4, 0, 0)
        grid.addWidget(self.title, 0, 0, 1, len(PROSE))
        for column, field in enumerate(PROSE):
            edit = QPlainTextEdit(self)
            edit.setObjectName(f"reflection_{field}")
            edit.setPlaceholderText(HEADINGS[field] + "…")
            edit.setTabChangesFocus(True)
            edit.setMaximumHeight(90)
            grid.addWidget(QLabel(HEADINGS[field], self), 1, column)
            grid.addWidget(edit, 2, column)
            self.edits[field] = edit
        self.record_button = QPushButton("Record", self)
        self.record_button.setToolTip("Record what helped, what hindered and the lesson (one undo)")
        self.record_button.clicked.connect(self.record)
        grid.addWidget(self.record_button, 3, len(PROSE) - 1)
        # The comments of the unit above (and the unit's own), catchball-style.
        self.comments = QTextBrowser(self)
        self.comments.setObjectName("reflection_comments")
        self.comments.setMaximumHeight(90)
        self.new_comment = QLineEdit(self)
        self.new_comment.setObjectName("reflection_new_comment")
        self.new_comment.setPlaceholderText("Add a comment…")
        self.new_comment.returnPressed.connect(self.comment)
        self.comment_button = QPushButton("Comment", self)
        self.comment_button.setToolTip("Add your comment to this reflection (one undo)")
        self.comment_button.clicked.connect(self.comment)
        say = QHBoxLayout()
        say.addWidget(self.new_comment, 1)
        say.addWidget(self.comment_button)
        column = len(PROSE)
        grid.addWidget(QLabel("Comments", self), 1, column)
        grid.addWidget(self.comments, 2, column)
        grid.addLayout(say, 3, column)
        for c in range(column + 1):
            grid.setColumnStretch(c, 1)
        self.show_row(-1)

    def show_row(self, row: int) -> None:
        """Show the words of ``row`` (-1: none selected)."""
        self.row = row if 0 <= row < self.model.rowCount() else -1
        line = self.model.line(self.row) if self.row >= 0 else None
        if line is None:
            self.title.setText("Select an objective to write what helped, hindered and the lesson.")
        else:
            self.title.setText(f"{line.code}  {line.title}")
        editable = line is not None and line.refusal is None
        for field, edit in self.edits.items():
            edit.setPlainText(getattr(line, field) if line is not None else "")
            edit.setReadOnly(not editable)
            edit.setToolTip(line.refusal or "" if line is not None else "")
        self.record_button.setEnabled(editable)
        said = line.comments if line is not None else []
        self.comments.setHtml(
            "".join(
                f"<p><b>{escape(c.author or 'someone')}</b>, {c.at:%-d %b}: {escape(c.text)}</p>"
                for c in said
            )
            or ("<i>No comment yet.</i>" if line is not None else "")
        )
        may = line is not None and line.comment_refusal is None
        for widget in (self.new_comment, self.comment_button):
            widget.setEnabled(may)
            widget.setToolTip(line.comment_refusal or "" if line is not None else "")

    def current_code(self) -> str | None:
        return self.model.line(self.row).code if self.row >= 0 else None

    def record(self) -> bool:
        if self.row < 0:
            return False
        words = {field: edit.toPlainText() for field, edit in self.edits.items()}
        return self.model.record(self.row, **words)

    def comment(self) -> bool:
        if self.row < 0:
            return False
        done = self.model.comment(self.row, self.new_comment.text())
        if done:
            self.new_comment.clear()
        return done
