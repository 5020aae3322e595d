"""File ▸ New year… and the year selector: next year's plan made from the app, both years
viewable, the old one read-only."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from app.window.main_window import MainWindow
from app.window.years_ui import new_year
from hoshin.operations import UpdateNode
from tests.app.conftest import Boxes


def test_new_year_asks_with_the_counts_then_shows_the_new_year(
    window: MainWindow, boxes: Boxes
) -> None:
    plan = window.document.plan
    assert plan is not None
    year = plan.year
    selector = window.year_selector
    assert [selector.itemText(i) for i in range(selector.count())] == [str(year)]
    assert not selector.isEnabled()  # one year: nothing to choose
    boxes.answer = QMessageBox.StandardButton.Cancel
    assert not new_year(window)
    assert plan.year == year
    boxes.answer = QMessageBox.StandardButton.Ok
    assert new_year(window)
    asked = boxes.texts()[-1]
    assert asked.startswith(f"Make {year + 1} from {year}: ")
    assert "nodes are carried" in asked and "without a decision" in asked
    assert plan.year == year + 1
    labels = [selector.itemText(i) for i in range(selector.count())]
    assert labels == [f"{year} (closed)", str(year + 1)]
    assert selector.currentText() == str(year + 1) and selector.isEnabled()
    # The old year is shown on choosing it, and refuses edits.
    selector.setCurrentIndex(0)
    assert plan.year == year
    refusals: list[str] = []
    window.document.errorRaised.connect(refusals.append)
    assert window.document.execute(UpdateNode("AO-1", {"title": "Rewritten"})) is None
    assert refusals == [
        f"{year} is closed: reopen it with `hoshin year reopen {year}` (an executive)."
    ]
    # Undo takes the new year back.
    selector.setCurrentIndex(1)
    window.document.undo_stack.undo()
    assert plan.year == year
    assert [selector.itemText(i) for i in range(selector.count())] == [str(year)]
