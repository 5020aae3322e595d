"""The kaizen board on the sample plan: columns, moves by drop, filters, selection."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPointF, QSize, Qt
from PySide6.QtGui import QDropEvent, QImage
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from hoshin.model.kinds import KaizenStatus, Origin
from hoshin.operations import AddCheck, DeleteNode, MoveKaizen, SetStrength, UpdateNode
from hoshin.reads.board import Card
from hoshin.reads.checkup import check_report
from tests.conftest import AS_OF, unit_id
from tests.statements import counting_queries, selects
from views.document import PlanDocument
from views.kaizen_board import KaizenBoard, KaizenColumnModel
from views.kaizen_board.column import ColumnHeader
from views.kaizen_board.pictures import Pictures, new_pixmap

IN_PROGRESS, DONE, IDEA = KaizenStatus.IN_PROGRESS, KaizenStatus.DONE, KaizenStatus.IDEA


@pytest.fixture
def board(qtbot: QtBot, document: PlanDocument) -> Iterator[KaizenBoard]:
    widget = KaizenBoard(document)
    widget.as_of = AS_OF
    widget.reload()
    qtbot.add_widget(widget)
    yield widget


@pytest.fixture
def shown_board(board: KaizenBoard, qtbot: QtBot) -> KaizenBoard:
    """The board on screen, wide enough for every column: its cards are really painted."""
    board.resize(1400, 900)
    board.show()
    qtbot.wait_exposed(board)
    return board


def cards(board: KaizenBoard, status: KaizenStatus) -> list[Card]:
    model = board.model(status)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    return [c for c in (model.get_item(model.index(r, 0)) for r in range(len(model))) if c]


def codes(board: KaizenBoard, status: KaizenStatus | None = None) -> set[str]:
    statuses = [status] if status else list(KaizenStatus)
    return {c.code for s in statuses for c in cards(board, s)}


def drag(board: KaizenBoard, code: str, source: KaizenStatus, target: KaizenStatus) -> bool:
    """What a drag and drop does: the source's mime data, dropped on the target column."""
    model = board.model(source)
    row = next(r for r, c in enumerate(cards(board, source)) if c.code == code)
    mime = model.mimeData([model.index(row, 0)])
    drop = board.model(target)
    move = Qt.DropAction.MoveAction
    assert drop.canDropMimeData(mime, move, -1, -1, QModelIndex())
    return drop.dropMimeData(mime, move, -1, -1, QModelIndex())


def test_every_column_model_passes_the_model_tester(board: KaizenBoard, qtmodeltester) -> None:
    for status in KaizenStatus:
        qtmodeltester.check(board.model(status))


def test_a_paged_column_passes_the_model_tester_and_fetches_in_code_order(
    board: KaizenBoard, qtmodeltester
) -> None:
    model = KaizenColumnModel(DONE, board.fetch_page, board.move_kaizens, page_size=3)
    model.reload()
    assert len(model) == 3 and model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)  # fetches the rest through fetchMore
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    fetched = [model.get_item(model.index(r, 0)) for r in range(len(model))]
    assert [c.code for c in fetched if c] == [c.code for c in cards(board, DONE)]
    numbers = [int(c.code.split("-")[1]) for c in fetched if c]
    assert numbers == sorted(numbers) and len(numbers) == board.counts[DONE]


def test_board_shows_the_unit_and_everything_below_it(
    board: KaizenBoard, document: PlanDocument
) -> None:
    assert sum(board.counts.values()) == 40  # the whole sample plan
    document.select_unit(unit_id(document.plan, "COM"))
    commercial = codes(board)
    assert {"KZ-101", "KZ-104", "KZ-107", "KZ-113"} <= commercial
    assert "KZ-114" not in commercial  # Assembly is in Operations
    document.select_unit(unit_id(document.plan, "T-SN"))
    assert codes(board) == {"KZ-101", "KZ-102", "KZ-103", "KZ-139"}
    assert board.counts[IN_PROGRESS] == 1
    assert "1" in board.columns[IN_PROGRESS].header.text()


def test_cards_carry_origin_priority_orphan_team_and_sustainment(board: KaizenBoard) -> None:
    by_code = {c.code: c for s in KaizenStatus for c in cards(board, s)}
    assert by_code["KZ-101"].priorities == ("IP-7",)
    assert by_code["KZ-101"].team == "Sales North"
    assert by_code["KZ-101"].origin is Origin.TOP_DOWN
    assert by_code["KZ-139"].priorities == ()  # an orphan
    assert by_code["KZ-110"].origin is Origin.BOTTOM_UP
    # The board's debt agrees with the health measure of DESIGN §6, kaizen by kaizen,
    # also for an overdue check of a dropped kaizen (owes nothing) and of a sustained one.
    for code in ("KZ-127", "KZ-110"):
        board.document.execute(AddCheck(code, AS_OF - dt.timedelta(days=10)))
    by_code = {c.code: c for s in KaizenStatus for c in cards(board, s)}
    assert by_code["KZ-127"].debt == 0 and by_code["KZ-110"].debt == 1
    assert board.document.plan is not None
    debt = check_report(board.document.plan, as_of=AS_OF)["health"]["sustainment_debt"]
    assert {code for code, c in by_code.items() if c.debt} == set(debt["kaizens"])
    assert sum(c.debt for c in by_code.values()) == debt["plan"]["total"]


def test_drop_moves_a_kaizen_to_done_and_undo_brings_it_back(
    board: KaizenBoard, document: PlanDocument, qtbot: QtBot
) -> None:
    assert "KZ-103" in codes(board, IN_PROGRESS)
    before = dict(board.counts)
    with qtbot.wait_signal(document.changed):
        assert drag(board, "KZ-103", IN_PROGRESS, DONE)
    assert "KZ-103" in codes(board, DONE)
    assert "KZ-103" not in codes(board, IN_PROGRESS)
    assert board.counts[DONE] == before[DONE] + 1
    assert board.counts[IN_PROGRESS] == before[IN_PROGRESS] - 1
    assert board.message() == ""
    document.undo_stack.undo()
    assert "KZ-103" in codes(board, IN_PROGRESS)
    assert "KZ-103" not in codes(board, DONE)
    assert board.counts == before


def test_a_drop_event_on_a_column_view_moves_the_card(
    board: KaizenBoard, document: PlanDocument
) -> None:
    """The view's own drop path (QAbstractItemView.dropEvent), not only the model's."""
    source = board.model(IN_PROGRESS)
    row = next(r for r, c in enumerate(cards(board, IN_PROGRESS)) if c.code == "KZ-103")
    mime = source.mimeData([source.index(row, 0)])
    board.resize(1400, 900)
    target = board.view(DONE)
    event = QDropEvent(
        QPointF(20, target.viewport().height() - 5),  # below the last card
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    target.dropEvent(event)
    assert event.isAccepted()
    assert "KZ-103" in codes(board, DONE)
    assert document.undo_stack.count() == 1


def test_an_illegal_move_is_refused_and_the_reason_shown(
    board: KaizenBoard, document: PlanDocument, qtbot: QtBot
) -> None:
    assert "KZ-106" in codes(board, IDEA)
    with (
        qtbot.assert_not_emitted(document.changed),
        qtbot.wait_signal(board.messageChanged) as shown,
    ):
        assert not drag(board, "KZ-106", IDEA, DONE)
    assert "KZ-106" in codes(board, IDEA)
    assert "KZ-106" not in codes(board, DONE)
    assert "cannot move from idea to done" in shown.args[0]
    assert board.message() == shown.args[0]
    assert not board.message_label.isHidden()
    assert document.undo_stack.count() == 0


def test_a_column_says_during_a_drag_whether_the_lifecycle_allows_the_move(
    board: KaizenBoard,
) -> None:
    source = board.model(IDEA)
    mime = source.mimeData([source.index(0, 0)])  # an idea

    def verdict(status: KaizenStatus) -> tuple[bool, str] | None:
        return board.view(status).drag_verdict(mime)

    assert verdict(KaizenStatus.APPROVED) == (True, "Drop to move to approved")
    assert verdict(DONE) == (False, "Not allowed: idea cannot go to done")
    assert verdict(IDEA) is None  # its own column


def test_a_deleted_kaizen_leaves_the_board_and_undo_brings_it_back(
    board: KaizenBoard, document: PlanDocument
) -> None:
    assert "KZ-101" in codes(board, DONE)
    document.execute(DeleteNode("KZ-101"))
    assert "KZ-101" not in codes(board)
    document.undo_stack.undo()
    assert "KZ-101" in codes(board, DONE)


def test_other_views_errors_are_not_shown_on_the_board(
    board: KaizenBoard, document: PlanDocument
) -> None:
    document.execute(MoveKaizen("KZ-106", "sustained"))  # refused, but not the board's
    assert board.message() == ""


def test_origin_team_function_and_text_filters_narrow_the_cards(
    board: KaizenBoard, document: PlanDocument
) -> None:
    total = sum(board.counts.values())
    board.origin_combo.setCurrentIndex(board.origin_combo.findData(Origin.BOTTOM_UP.value))
    shown = [c for s in KaizenStatus for c in cards(board, s)]
    assert shown and all(c.origin is Origin.BOTTOM_UP for c in shown)
    assert len(shown) == sum(board.counts.values()) < total
    board.origin_combo.setCurrentIndex(0)
    team = unit_id(document.plan, "T-SN")
    board.team_combo.setCurrentIndex(board.team_combo.findData(team))
    assert codes(board) == {"KZ-101", "KZ-102", "KZ-103", "KZ-139"}
    board.team_combo.setCurrentIndex(0)
    board.function_combo.setCurrentIndex(board.function_combo.findText("Sales"))
    assert {c.team for s in KaizenStatus for c in cards(board, s)} == {"Sales North", "Sales South"}
    board.function_combo.setCurrentIndex(0)
    board.text_filter.setText("kanban")
    board.apply_filters()  # what the debounce timer calls
    assert codes(board) == {"KZ-114", "KZ-121"}
    board.text_filter.setText("")
    board.apply_filters()
    assert sum(board.counts.values()) == total


def test_selecting_a_card_selects_its_node(
    board: KaizenBoard, document: PlanDocument, qtbot: QtBot
) -> None:
    model, view = board.model(IN_PROGRESS), board.view(IN_PROGRESS)
    card = model.get_item(model.index(0, 0))
    assert card is not None
    with qtbot.wait_signal(document.nodeSelected) as selected:
        view.selectionModel().select(
            model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
    assert selected.args == [card.id] and document.node_id == card.id
    # Selecting elsewhere on the board clears this column; a node from elsewhere is followed.
    other = board.model(DONE).get_item(board.model(DONE).index(0, 0))
    assert other is not None
    document.select_node(other.id)
    assert board.view(DONE).selectionModel().isRowSelected(0, QModelIndex())
    assert not view.selectionModel().hasSelection()


def test_the_board_follows_edits_made_elsewhere(board: KaizenBoard, document: PlanDocument) -> None:
    approved = KaizenStatus.APPROVED
    assert "KZ-105" in codes(board, approved)
    document.execute(MoveKaizen("KZ-105", "in progress"))
    assert "KZ-105" in codes(board, IN_PROGRESS) and "KZ-105" not in codes(board, approved)
    document.execute(UpdateNode("KZ-105", {"title": "Hand-off in one click"}))
    renamed = next(c for c in cards(board, IN_PROGRESS) if c.code == "KZ-105")
    assert renamed.title == "Hand-off in one click"


def test_the_board_paints_its_cards(board: KaizenBoard, qtbot: QtBot) -> None:
    board.resize(1400, 900)
    image = board.grab().toImage()
    assert not image.isNull() and image.width() == 1400
    # Cards are painted white on the grey column: a white pixel inside the first card.
    view = board.view(IN_PROGRESS)
    rect = view.visualRect(board.model(IN_PROGRESS).index(0, 0))
    point = view.viewport().mapTo(board, rect.center())
    assert (
        image.pixelColor(point).name()
        != image.pixelColor(view.mapTo(board, view.rect().bottomLeft())).name()
    )


def test_the_team_filter_offers_the_teams_below_the_unit(
    board: KaizenBoard, document: PlanDocument, qtmodeltester
) -> None:
    combo = board.team_combo
    qtmodeltester.check(combo.model())
    teams = [combo.itemText(i) for i in range(combo.count())]
    assert teams[0] == "All teams" and {"Sales North", "Assembly"} <= set(teams[1:])
    combo.setCurrentIndex(combo.findText("Sales North"))
    document.select_unit(unit_id(document.plan, "COM"))
    below = [combo.itemText(i) for i in range(combo.count())]
    assert combo.currentIndex() == 0 and combo.currentData() is None
    assert "Sales North" in below and "Assembly" not in below and len(below) < len(teams)
    qtmodeltester.check(combo.model())
    document.select_unit(unit_id(document.plan, "T-SN"))
    assert combo.count() == 2 and not combo.isEnabled()


def card_picture(board: KaizenBoard, code: str) -> QImage:
    model = next(board.model(s) for s in KaizenStatus if code in codes(board, s))
    view = board.view(model.status)
    row = next(r for r, c in enumerate(cards(board, model.status)) if c.code == code)
    return view.viewport().grab(view.visualRect(model.index(row, 0))).toImage()


def test_a_card_is_painted_anew_when_its_kaizen_changes(
    shown_board: KaizenBoard, document: PlanDocument
) -> None:
    board = shown_board
    before = card_picture(board, "KZ-103")
    assert card_picture(board, "KZ-103") == before  # painted the same again
    document.execute(UpdateNode("KZ-103", {"title": "A wholly different title"}))
    assert card_picture(board, "KZ-103") != before
    document.undo_stack.undo()
    assert card_picture(board, "KZ-103") == before


def test_cards_follow_the_view_s_font(board: KaizenBoard) -> None:
    view = board.view(IN_PROGRESS)
    index = board.model(IN_PROGRESS).index(0, 0)
    height = view.sizeHintForIndex(index).height()
    font = view.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    view.setFont(font)
    assert view.sizeHintForIndex(index).height() > height


def test_a_column_header_shows_its_title_and_count(
    board: KaizenBoard, document: PlanDocument, qtbot: QtBot
) -> None:
    document.select_unit(unit_id(document.plan, "T-SN"))
    assert board.columns[IN_PROGRESS].header.accessibleName() == "In progress: 1 kaizen"
    # It looks as the rich-text label it stands for.
    header = ColumnHeader("In progress")
    label = QLabel("<b>In progress</b>&nbsp;&nbsp;<span style='color:#5f6873'>1,234</span>")
    label.setContentsMargins(*header.MARGINS)
    for widget in (header, label):
        qtbot.add_widget(widget)
    header.set_count(1234)
    assert header.sizeHint().height() == label.sizeHint().height()
    assert header.sizeHint().width() >= label.sizeHint().width()
    header.setFixedSize(header.sizeHint())
    label.setFixedSize(header.sizeHint())

    def text_part(widget: QWidget) -> QImage:
        """All but the right margin, where the header has its "‹" (click to fold)."""
        image = widget.grab().toImage()
        return image.copy(0, 0, image.width() - header.MARGINS[2] - 8, image.height())

    assert text_part(header) == text_part(label)
    hint = header.sizeHint()
    header.set_count(1235)
    assert text_part(header) != text_part(label)
    assert header.sizeHint() == hint  # no new layout for a new count


def test_a_selected_card_is_painted_as_selected(
    shown_board: KaizenBoard, document: PlanDocument
) -> None:
    board = shown_board
    plain = card_picture(board, "KZ-103")
    document.select_node(next(c.id for c in cards(board, IN_PROGRESS) if c.code == "KZ-103"))
    selected = card_picture(board, "KZ-103")
    assert selected != plain
    document.select_node(next(c.id for c in cards(board, DONE)))
    assert card_picture(board, "KZ-103") == plain


def test_pictures_keep_the_most_recently_used_within_their_budget(qapp: object) -> None:
    one = new_pixmap(QSize(10, 10), 1.0)  # 400 bytes
    pictures = Pictures(budget=1000)
    for key in "abc":
        pictures.keep(key, new_pixmap(QSize(10, 10), 1.0))
    assert pictures.get("a") is None and pictures.get("b") is not None  # 1,200 > 1,000
    pictures.keep("d", one)  # "c" is now the least recently used
    assert pictures.get("c") is None and pictures.get("b") is not None
    assert pictures.get("d") is one


def test_a_picture_kept_again_is_counted_once(qapp: object) -> None:
    pictures = Pictures(budget=1000)
    for _ in range(3):
        pictures.keep("a", new_pixmap(QSize(10, 10), 1.0))  # 400 bytes, in place of the last
    pictures.keep("b", new_pixmap(QSize(10, 10), 1.0))
    assert pictures.get("a") is not None and pictures.get("b") is not None  # 800 bytes


def test_the_board_s_columns_keep_their_pictures_within_one_budget(board: KaizenBoard) -> None:
    delegates = [board.view(status).itemDelegate() for status in KaizenStatus]
    assert len({id(d._cards) for d in delegates}) == 1  # type: ignore[attr-defined]
    assert len({id(d._parts) for d in delegates}) == 1  # type: ignore[attr-defined]


def test_new_kaizen_writes_down_a_bottom_up_idea_of_the_team_and_undo_takes_it_back(
    board: KaizenBoard, document: PlanDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    asked: list[str] = []

    def get_text(_parent: object, _title: str, label: str, *_a: object) -> tuple[str, bool]:
        asked.append(label)
        return "Label the racks", True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    document.select_unit(unit_id(document.plan, "OPS"))
    before = dict(board.counts)
    assert board.new_button.isEnabled()
    board.new_button.click()
    (label,) = asked
    assert label.endswith("(OPS), as an idea:")
    assert board.counts[IDEA] == before[IDEA] + 1
    assert document.plan is not None
    code = document.plan.graph.code(document.node_id)
    (card,) = [c for c in cards(board, IDEA) if c.code == code]
    assert card.title == "Label the racks" and card.origin is Origin.BOTTOM_UP
    document.undo_stack.undo()
    assert board.counts == before and code not in codes(board)


def test_a_changed_kaizen_is_repainted_in_place_not_reloaded(
    board: KaizenBoard, document: PlanDocument, qtbot: QtBot
) -> None:
    model = board.model(IN_PROGRESS)
    row = next(r for r, c in enumerate(cards(board, IN_PROGRESS)) if c.code == "KZ-103")
    with (
        qtbot.assert_not_emitted(model.modelReset),
        qtbot.assert_not_emitted(model.rowsRemoved),
        qtbot.wait_signal(model.dataChanged) as repainted,
    ):
        document.execute(UpdateNode("KZ-103", {"title": "Checklist in one page"}))
    assert repainted.args is not None and repainted.args[0].row() == row
    card = model.get_item(model.index(row, 0))
    assert card is not None and card.title == "Checklist in one page"


def test_a_deleted_kaizen_leaves_its_column_without_a_card_being_read(
    board: KaizenBoard, document: PlanDocument, qtbot: QtBot
) -> None:
    assert document.plan is not None
    applied = document.plan.execute(DeleteNode("KZ-101"))  # heard by the board below
    with (
        qtbot.assert_not_emitted(board.model(DONE).modelReset),
        qtbot.wait_signal(board.model(DONE).rowsRemoved),
        counting_queries(document.plan) as statements,
    ):
        document.changed.emit(applied.changes)
    assert "KZ-101" not in codes(board)
    # The card is dropped as the edit says, and the columns recounted: no card is read.
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert reads and all("count(" in s for s in reads)


def test_a_link_between_objectives_reads_nothing_for_the_board(
    board: KaizenBoard, document: PlanDocument, qtbot: QtBot
) -> None:
    assert document.plan is not None
    applied = document.plan.execute(SetStrength("IP-1", "AO-1", "weak"))
    with counting_queries(document.plan) as statements:
        document.changed.emit(applied.changes)
    assert selects(statements) == 0
