"""What the views' item models share: one role per meaning, and paging written once."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QObject, Qt

from hoshin.model.kinds import NodeKind
from views import models
from views.document import PlanDocument
from views.find import KindFilter, PlanNodesModel
from views.models import ROOT, Index, PagedRows


class Numbers(PagedRows[int], QAbstractListModel):
    """1…``total``, ``page_size`` at a time; counts the pages it read."""

    page_size = 10

    def __init__(self, total: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.total = total
        self.pages_read = 0
        self.set_rows(self._page_after(0))

    def _page_after(self, last: int) -> list[int]:
        self.pages_read += 1
        return list(range(last + 1, min(last + self.page_size, self.total) + 1))

    def next_page(self) -> list[int]:
        return self._page_after(self.rows[-1] if self.rows else 0)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return str(self.rows[index.row()])
        return None


def test_every_role_has_its_own_number() -> None:
    roles = {name: value for name, value in vars(models).items() if name.endswith("_ROLE")}
    assert len(set(roles.values())) == len(roles)
    # The node of a row is UserRole + 1 everywhere (the link lists of the editor store it so).
    assert Qt.ItemDataRole.UserRole + 1 == models.NODE_ID_ROLE


def test_a_paged_model_passes_the_model_tester_and_reads_each_page_once(
    qtmodeltester: Any,
) -> None:
    model = Numbers(25)
    assert model.rowCount() == 10 and model.canFetchMore(ROOT)
    asked_again: list[bool] = []

    def ask_again(*_args: object) -> None:  # as a view does while a page goes in
        asked_again.append(model.canFetchMore(ROOT))
        model.fetchMore(ROOT)

    model.rowsAboutToBeInserted.connect(ask_again)
    model.fetchMore(ROOT)
    assert asked_again == [False] and model.rowCount() == 20 and model.pages_read == 2
    model.rowsAboutToBeInserted.disconnect(ask_again)
    qtmodeltester.check(model)  # fetches the rest through fetchMore
    assert model.rows == list(range(1, 26)) and not model.canFetchMore(ROOT)
    assert not model.canFetchMore(model.index(0, 0))  # a row has no rows of its own


def test_the_kind_filter_passes_the_model_tester(
    qtmodeltester: Any, document: PlanDocument
) -> None:
    targets = KindFilter(PlanNodesModel(document))
    targets.set_kinds([NodeKind.TARGET, NodeKind.PRIORITY])
    assert targets.rowCount() > 0
    qtmodeltester.check(targets)
