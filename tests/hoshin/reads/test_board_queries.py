"""The kaizen board's queries on the sample plan: every way of reading a column agrees with
a plain reading of all the kaizens, whatever the filter."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hoshin.model import entities as e
from hoshin.model.kinds import FINISHED_STATUSES, KaizenStatus, NodeKind, Origin
from hoshin.plan import Plan
from hoshin.reads import board as q
from hoshin.reads.units import UnitTree
from hoshin.store.dbcopy import copy_plan
from tests import pg
from tests.conftest import AS_OF, unit_id

PAGE = 3  # small pages, so that columns of the sample plan take several


def filters(plan: Plan, session: Session) -> Iterator[q.BoardFilter]:
    units = UnitTree.load(session)
    commercial = tuple(units.subtree(unit_id(plan, "COM")))
    team = (unit_id(plan, "T-SN"),)
    function_id = q.functions(session)[0][0]
    yield q.BoardFilter()
    yield q.BoardFilter(units=commercial)
    yield q.BoardFilter(units=team)
    yield q.BoardFilter(units=())
    yield q.BoardFilter(function_id=function_id)
    yield q.BoardFilter(units=commercial, function_id=function_id)
    yield q.BoardFilter(origin=Origin.BOTTOM_UP)
    yield q.BoardFilter(units=commercial, origin=Origin.JOINT)
    yield q.BoardFilter(text="kanban")
    yield q.BoardFilter(units=commercial, text="kz-1")
    yield q.BoardFilter(text="100%_")  # wildcards are matched as themselves


def every_kaizen(session: Session, flt: q.BoardFilter) -> dict[KaizenStatus, list[int]]:
    """The ids the board should show, by status in code order, filtered in Python."""
    n = e.Node
    rows = session.execute(
        select(n.id, n.seq, n.status, n.unit_id, n.function_id, n.origin, n.code, n.title)
        .where(n.kind == NodeKind.KAIZEN.value)
        .order_by(n.seq, n.id)
    ).all()
    text = flt.text.strip().lower()
    out: dict[KaizenStatus, list[int]] = {status: [] for status in KaizenStatus}
    for node_id, _seq, status, unit, function_id, origin, code, title in rows:
        if (
            (flt.units is None or unit in flt.units)
            and flt.function_id in (None, function_id)
            and (flt.origin is None or origin == flt.origin.value)
            and (text in code.lower() or text in title.lower())
        ):
            out[KaizenStatus(status)].append(node_id)
    return out


def test_first_pages_later_pages_and_counts_show_every_kaizen_once(demo_plan: Plan) -> None:
    with demo_plan.session() as s:
        for flt in filters(demo_plan, s):
            expected = every_kaizen(s, flt)
            read = q.read_board(s, flt, limit=PAGE, as_of=AS_OF)
            assert read.counts == {status: len(ids) for status, ids in expected.items()}, flt
            assert q.column_counts(s, flt) == read.counts, flt
            for status, ids in expected.items():
                cards = list(read.pages[status])
                assert [c.id for c in cards] == ids[:PAGE], (flt, status)
                while len(cards) < len(ids):
                    page = q.card_page(s, flt, status, after=cards[-1].key, limit=PAGE, as_of=AS_OF)
                    assert page, (flt, status)
                    cards += page
                assert [c.id for c in cards] == ids, (flt, status)
                first = q.card_page(s, flt, status, limit=PAGE, as_of=AS_OF)
                assert first == read.pages[status], (flt, status)


def test_cards_read_by_id_are_the_cards_of_the_columns(demo_plan: Plan) -> None:
    with demo_plan.session() as s:
        for flt in filters(demo_plan, s):
            read = q.read_board(s, flt, limit=100, as_of=AS_OF)
            shown = {c.id: c for page in read.pages.values() for c in page}
            every = s.execute(select(e.Node.id)).scalars().all()
            assert q.cards_by_id(s, every, flt, as_of=AS_OF) == shown, flt


def priorities_and_debt(session: Session) -> dict[int, tuple[tuple[str, ...], int]]:
    """Every kaizen's supported priorities (in code order) and sustainment debt, counted
    in Python from all the rows (DESIGN §6)."""
    n, edge, target = e.Node, e.Edge, e.Node.__table__.alias()
    kaizens = dict(session.execute(select(n.id, n.status).where(n.kind == "kaizen")).all())
    supports: dict[int, list[str]] = {i: [] for i in kaizens}
    for source, code in session.execute(
        select(edge.source_id, target.c.code)
        .join(target, target.c.id == edge.target_id)
        .where(edge.kind == "supports")
        .order_by(target.c.seq)
    ):
        supports.setdefault(source, []).append(code)
    debt = dict.fromkeys(kaizens, 0)
    finished = {s.value for s in FINISHED_STATUSES}
    for item in session.scalars(select(e.ActionItem).where(e.ActionItem.done.is_(False))):
        if kaizens.get(item.kaizen_id) in finished:
            debt[item.kaizen_id] += 1
    checks = session.scalars(select(e.SustainmentCheck).order_by(e.SustainmentCheck.due))
    slipped: dict[int, bool] = {}
    for check in checks:
        if check.result is None and check.due < AS_OF:
            debt[check.kaizen_id] += 1
        elif check.result in ("slipped", "held"):
            slipped[check.kaizen_id] = check.result == "slipped"
    for kaizen_id, owed in slipped.items():
        debt[kaizen_id] += owed
    return {
        i: (tuple(supports[i]), 0 if status == "dropped" else debt[i])
        for i, status in kaizens.items()
    }


def test_the_cards_carry_the_priorities_they_support_and_their_debt(demo_plan: Plan) -> None:
    with demo_plan.session() as s:
        expected = priorities_and_debt(s)
        read = q.read_board(s, q.BoardFilter(), limit=100, as_of=AS_OF)
    cards = [c for page in read.pages.values() for c in page]
    assert {c.id: (c.priorities, c.debt) for c in cards} == expected
    assert any(c.debt for c in cards) and any(not c.priorities for c in cards)


def test_a_status_on_a_node_that_is_not_a_kaizen_is_not_counted(demo_plan: Plan) -> None:
    with demo_plan.session() as s:
        commercial = q.BoardFilter(units=tuple(UnitTree.load(s).subtree(unit_id(demo_plan, "COM"))))
        before = {
            flt: q.read_board(s, flt, limit=100, as_of=AS_OF)
            for flt in (q.BoardFilter(), commercial)
        }
        # Not something an edit can do; an older or hand-made file might.
        s.execute(
            update(e.Node).where(e.Node.kind == NodeKind.PRIORITY.value).values(status="done")
        )
        s.commit()
        for flt, read in before.items():
            assert q.read_board(s, flt, limit=100, as_of=AS_OF) == read, flt
            assert q.column_counts(s, flt) == read.counts, flt


def test_postgresql_reads_the_same_board(demo_plan: Plan, pg_server: str) -> None:
    url = pg.new_database(pg_server)
    copy_plan(demo_plan.location, url)

    def read(plan: Plan) -> list[object]:
        out: list[object] = []
        with plan.session() as s:
            for flt in filters(plan, s):
                board = q.read_board(s, flt, limit=PAGE, as_of=AS_OF)
                out.append(board)
                for status, page in board.pages.items():
                    after = page[0].key if page else None
                    out.append(q.card_page(s, flt, status, after=after, limit=PAGE, as_of=AS_OF))
                out.append(q.cards_by_id(s, range(1, 500), flt, as_of=AS_OF))
        return out

    with Plan.open(url) as shared:
        assert read(shared) == read(demo_plan)
