""" "My work" in the main window: the start page once a person is chosen, what a row's
"do it" opens, and File ▸ Export ▸ Calendar….

The view says which obligation the person wants to do; this module knows where each kind
is done: a monthly actual in its bowling-chart cell, a countermeasure in its dialog, a
catchball answer in the thread, a check or an action item in the kaizen's node editor.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from hoshin.model.errors import HoshinError
from hoshin.reads.meetings import meeting, meeting_of_decision
from hoshin.reads.obligations import Obligation
from hoshin.reads.sustainment import ACTION, CHECK
from views.catchball.context import CatchballContext
from views.following import FollowsDocument

if TYPE_CHECKING:
    from app.window.main_window import MainWindow

LABEL = "My work"


class MyWorkUi(FollowsDocument, QObject):
    """The window's side of "My work"."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.document = window.document
        self.calendar_action = QAction("&Calendar of my work (iCalendar)…", window)
        self.calendar_action.triggered.connect(lambda _checked=False: self.export_calendar())
        window.commands.export_menu.addAction(self.calendar_action)
        self._person: str | None = self.document.current_person
        self.follow(self.document, person=True, changes=False)

    def build(self) -> QWidget:
        """The tab's view, with the catchball inbox (the former "Waiting for me") under it."""
        from views.my_work import MyWorkView

        view = MyWorkView(self.document, inbox=self.window.catchball.inbox)
        view.doRequested.connect(self.do)
        view.settingsRequested.connect(self.window.commands.show_settings)
        return view

    @property
    def view(self) -> QWidget:
        return self.window.tab_view(LABEL)

    def show(self) -> QWidget:
        view = self.view
        self.window.show_view(view)
        return view

    # -- following the document ----------------------------------------------------------

    def plan_reset(self) -> None:
        # A plan opened by someone already chosen starts on their work.
        self._person = self.document.current_person
        self.update_enabled()
        if self.document.plan is not None and self._person:
            self.show()

    def person_changed(self) -> None:
        chosen = self.document.current_person
        if chosen and chosen != self._person and self.document.plan is not None:
            self.show()
        self._person = chosen
        self.update_enabled()

    def refresh(self) -> None:
        self.update_enabled()

    def update_enabled(self) -> None:
        self.calendar_action.setEnabled(
            self.document.plan is not None and bool(self.document.current_person)
        )

    # -- doing the work ------------------------------------------------------------------

    def do(self, ob: Obligation) -> None:
        """Open the place where ``ob`` is done."""
        plan = self.document.plan
        if plan is None:
            return
        if ob.node_id is not None and plan.graph.has_node(ob.node_id):
            self.document.select_unit(plan.graph.node(ob.node_id).unit_id)
            self.document.select_node(ob.node_id)
        else:
            self.document.select_unit(ob.unit_id)
        month = ob.key.rsplit(":", 1)[-1]
        if ob.kind in ("actual", "countermeasure"):
            bowling = self.window.health.show("Bowling chart")
            lazy = getattr(bowling, "lazy", None)
            if lazy is not None:
                lazy.now()  # the unit just chosen, read before its cell is looked for
            try:
                if ob.kind == "actual":
                    bowling.select_cell(ob.node_code, month)  # type: ignore[attr-defined]
                    bowling.table.setFocus()  # type: ignore[attr-defined]
                else:
                    bowling.ask_countermeasure(ob.node_code, month)  # type: ignore[attr-defined]
            except (KeyError, AttributeError):
                self.window.statusBar().showMessage(
                    f"{ob.node_code} is not in the bowling chart of this year.", 8000
                )
            return
        if ob.kind == "decision":
            self._open_decision(int(ob.key.split(":")[1]))
            return
        if ob.kind == "routine" and self._open_routine(ob):
            return
        if ob.kind == "problem":
            # The unit's board, where the card is started, escalated or solved.
            self.window.show_view(self.window.tab_view("Huddle"))
            return
        if ob.kind == "catchball":
            CatchballContext.of(self.document).show_thread(int(ob.key.split(":")[1]))
            self.window.catchball.show_panel()
            return
        # Checks, action items, countermeasures to carry out, routines, problems: the
        # node editor of what they serve (a kaizen's shows its checks and action items,
        # the one owed selected: recording it is one click on Held… or Close item).
        dock = self.window.docks.node
        dock.show()
        dock.raise_()
        record = {"check": CHECK, "action": ACTION}.get(ob.kind)
        if record is not None:
            self.window.docks.editor.sustainment.select_record(record, int(ob.key.split(":")[1]))

    def _open_routine(self, ob: Obligation) -> bool:
        """One's own occurrence in My standard work, chosen: Done there records it (False:
        not shown there, as another person's routine is not)."""
        _, routine_id, day = ob.key.split(":")
        view = self.window.tab_view("My standard work")
        lazy = getattr(view, "lazy", None)
        if lazy is not None:
            lazy.now()  # the person's weeks read before the occurrence is looked for
        view.select(int(routine_id), dt.date.fromisoformat(day))  # type: ignore[attr-defined]
        chosen = view.selected()  # type: ignore[attr-defined]
        if chosen is None or chosen.routine.id != int(routine_id):
            return False
        self.window.show_view(view)
        return True

    def _open_decision(self, decision_id: int) -> None:
        """The meeting that decided it, from the Review tab, the decision chosen: its Done
        button closes it (its owner may, as a manager of the unit may)."""
        plan = self.document.plan
        if plan is None:
            return
        try:
            with plan.session() as s:
                meeting_id = meeting_of_decision(s, decision_id)
                unit_id = meeting(s, meeting_id).unit_id
        except HoshinError as exc:  # removed meanwhile
            self.window.statusBar().showMessage(str(exc), 8000)
            return
        self.document.select_unit(unit_id)
        review = self.window.health.show("Review")
        dialog = review.open_meeting()  # type: ignore[attr-defined]
        if dialog is not None:
            dialog.show_unit(unit_id, meeting_id)
            dialog.decisions_table.selectRow(dialog.decisions.row_of(decision_id))

    def export_calendar(self, path: str | None = None) -> bool:
        """File ▸ Export ▸ Calendar…: the current person's .ics (``path``: no dialog)."""
        plan, key = self.document.plan, self.document.current_person
        if plan is None or not key:
            return False
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self.window,
                "Export my work as a calendar",
                str(Path.home() / "hoshin.ics"),
                "iCalendar files (*.ics)",
            )
            if not path:
                return False
        from hoshin.reports.calendar_ics import build_calendar, write_atomically  # when asked

        if not path.lower().endswith(".ics"):
            path += ".ics"
        try:
            with plan.session() as s:
                data, written = build_calendar(s, key, plan.clock().date() or dt.date.today())
            write_atomically(Path(path), data)
        except (HoshinError, OSError) as exc:
            QMessageBox.warning(self.window, "Cannot export the calendar", str(exc))
            return False
        self.window.statusBar().showMessage(f"Exported {written.sentence()} to {path}.", 8000)
        return True


def install(window: MainWindow) -> MyWorkUi:
    return MyWorkUi(window)
