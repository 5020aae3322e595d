"""The Review tab: the monthly review of the selected unit, and its PDF."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from hoshin.operations import AddCountermeasure
from hoshin.reports.review_pack import build_pack
from hoshin.reports.review_pack_html import pack_html
from hoshin.rules.bowling import Status
from tests.conftest import AS_OF, unit_id
from views.document import PlanDocument
from views.review import ReviewView
from views.review.view import IMAGE, recent_months


@pytest.fixture
def view(qtbot: QtBot, document: PlanDocument) -> Iterator[ReviewView]:
    widget = ReviewView(document, today=lambda: AS_OF)
    qtbot.add_widget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.wait_until(lambda: widget.review is not None)
    yield widget


def test_the_default_month_is_the_last_complete_one() -> None:
    assert recent_months("2026-02", 3) == ["2026-02", "2026-01", "2025-12"]


def test_the_review_names_the_unit_and_the_month(view: ReviewView, document: PlanDocument) -> None:
    assert view.month == "2026-05"
    text = view.browser.toPlainText()
    assert "Northwind Instruments (CO)" in text and "May 2026" in text
    assert "Red targets and their countermeasures" in text
    assert document.plan is not None
    pack = build_pack(document.plan, "CO", "2026-05", today=AS_OF)
    assert view.html == pack_html(pack, lambda code: f"chart://{code}", paper=False)


def test_another_unit_and_month(qtbot: QtBot, view: ReviewView, document: PlanDocument) -> None:
    document.select_unit(unit_id(document.plan, "OPS"))
    view.set_month("2026-03")
    qtbot.wait_until(lambda: "March 2026" in view.browser.toPlainText())
    assert "Operations (OPS)" in view.browser.toPlainText()
    assert view.review is not None and {t.code for t in view.review.targets} == {"KPI-9"}


def test_a_countermeasure_shows_in_the_review(
    qtbot: QtBot, view: ReviewView, document: PlanDocument
) -> None:
    assert view.review is not None
    target = view.review.by_status(Status.RED)[0]
    document.execute(AddCountermeasure(target.code, "2026-05", "Daily huddle on lost leads"))
    qtbot.wait_until(lambda: "Daily huddle on lost leads" in view.browser.toPlainText())


def test_export_writes_a_pdf(view: ReviewView, tmp_path: Path, qtbot: QtBot) -> None:
    path = tmp_path / "review.pdf"
    with qtbot.wait_signal(view.exported) as exported:
        assert view.export_pdf(path) == path
    assert exported.args == [str(path)]
    assert path.read_bytes().startswith(b"%PDF")
    assert path.stat().st_size > 2000


def test_the_tab_shows_the_trend_charts(view: ReviewView) -> None:
    assert view.review is not None
    image = view.browser.document().resource(IMAGE, QUrl("chart://KPI-1"))
    assert isinstance(image, QImage) and not image.isNull()
    assert "Every target over the year" in view.browser.toPlainText()
