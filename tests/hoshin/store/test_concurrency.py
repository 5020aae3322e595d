"""Two people on one plan: a stale edit is refused naming who changed the row and when;
nothing is silently overwritten; edits of different rows never get in each other's way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from hoshin.catchball.operations import Reply, Throw
from hoshin.model import entities as e
from hoshin.model.errors import StaleEditError
from hoshin.model.kinds import NodeKind, Strength
from hoshin.operations import AddNode, DeleteNode, SetMeasurement, SetStrength, UpdateNode
from hoshin.plan import Plan


@pytest.fixture
def two(demo_plan: Plan) -> Iterator[tuple[Plan, Plan]]:
    """Aisha and Mark, each with the plan open (two connections, two graphs)."""
    demo_plan.actor = "Aisha Bello"
    other = Plan.open(demo_plan.location)
    other.actor = "Mark Hughes"
    other.clock = lambda: dt.datetime(2026, 11, 21, 10, 2)
    for plan in (demo_plan, other):
        assert len(plan.graph) > 0  # both have read the plan before either edits
    yield demo_plan, other
    other.close()


def _title(plan: Plan, code: str) -> str:
    with plan.session() as s:
        return str(s.execute(select(e.Node.title).where(e.Node.code == code)).scalar())


def test_a_stale_edit_is_refused_with_who_and_when_and_nothing_is_lost(
    two: tuple[Plan, Plan],
) -> None:
    aisha, mark = two
    mark.execute(UpdateNode("KZ-117", {"title": "Mark's title"}))
    with pytest.raises(StaleEditError) as refused:
        aisha.execute(UpdateNode("KZ-117", {"title": "Aisha's title"}))
    assert str(refused.value).startswith("KZ-117 was changed by Mark Hughes at 2026-11-21 10:02")
    assert refused.value.who == "Mark Hughes"
    assert _title(aisha, "KZ-117") == "Mark's title"  # Mark's edit stands
    aisha.reload()  # what the app offers: read again, then the edit goes through
    aisha.execute(UpdateNode("KZ-117", {"title": "Aisha's title"}))
    assert _title(mark, "KZ-117") == "Aisha's title"


def test_editing_different_nodes_never_conflicts(two: tuple[Plan, Plan]) -> None:
    aisha, mark = two
    mark.execute(UpdateNode("KZ-117", {"title": "Mark's title"}))
    aisha.execute(UpdateNode("KZ-118", {"title": "Aisha's title"}))
    # Both add kaizens: each gets its own code.
    one = mark.execute(AddNode(NodeKind.KAIZEN, "T-AS", "Kanban for screws")).result
    two_ = aisha.execute(AddNode(NodeKind.KAIZEN, "T-AS", "Shadow board")).result
    assert one != two_
    assert {_title(mark, one), _title(mark, two_)} == {"Kanban for screws", "Shadow board"}


def test_undo_over_someone_elses_change_is_refused(two: tuple[Plan, Plan]) -> None:
    aisha, mark = two
    applied = aisha.execute(UpdateNode("KZ-117", {"title": "Aisha's title"}))
    mark.reload()
    mark.execute(UpdateNode("KZ-117", {"title": "Mark's title"}))
    with pytest.raises(StaleEditError, match="changed by Mark Hughes"):
        aisha.execute(applied.inverse)
    assert _title(aisha, "KZ-117") == "Mark's title"


def test_own_edits_undo_and_redo_in_any_depth(demo_plan: Plan) -> None:
    first = demo_plan.execute(UpdateNode("KZ-117", {"title": "One"}))
    second = demo_plan.execute(UpdateNode("KZ-117", {"title": "Two"}))
    redo_second = demo_plan.execute(second.inverse).inverse
    redo_first = demo_plan.execute(first.inverse).inverse
    assert _title(demo_plan, "KZ-117") != "One"
    demo_plan.execute(redo_first)
    demo_plan.execute(redo_second)
    assert _title(demo_plan, "KZ-117") == "Two"


def test_deleting_a_node_someone_just_changed_is_refused(two: tuple[Plan, Plan]) -> None:
    aisha, mark = two
    mark.execute(UpdateNode("KZ-117", {"title": "Still needed"}))
    with pytest.raises(StaleEditError, match="KZ-117 was changed by Mark Hughes"):
        aisha.execute(DeleteNode("KZ-117"))
    assert _title(mark, "KZ-117") == "Still needed"


def test_a_link_strength_changed_by_someone_else_is_not_overwritten(
    two: tuple[Plan, Plan],
) -> None:
    aisha, mark = two
    edge = next(
        x for x in aisha.graph.edges() if x.kind.value == "supports" and x.strength is not None
    )
    source, target = aisha.graph.code(edge.source), aisha.graph.code(edge.target)
    new = Strength.WEAK if edge.strength is not Strength.WEAK else Strength.STRONG
    mark.execute(SetStrength(source, target, new))
    with pytest.raises(StaleEditError, match=f"A link of {source} was changed by Mark Hughes"):
        aisha.execute(SetStrength(source, target, None))


def test_a_monthly_figure_someone_else_entered_is_not_overwritten(
    two: tuple[Plan, Plan],
) -> None:
    aisha, mark = two
    mark.execute(SetMeasurement("KPI-9", "2026-05", actual=5))
    with pytest.raises(StaleEditError, match="A monthly figure of KPI-9 was changed by Mark"):
        aisha.execute(SetMeasurement("KPI-9", "2026-05", actual=7))
    aisha.reload()
    aisha.execute(SetMeasurement("KPI-9", "2026-05", actual=7))


def test_withdrawing_a_thread_that_moved_on_unseen_is_stale(demo_plan: Plan) -> None:
    helen = demo_plan
    helen.actor = "Helen Ward"
    thread = helen.execute(Throw("KPI-2", "OPS", "Helen Ward", 22, "Lead time 22 days")).result
    with Plan.open(helen.location) as kenji:
        kenji.actor = "Kenji Watanabe"
        kenji.execute(Reply(thread, "counter", "Kenji Watanabe", 24, "24 with the old press"))
    # Helen has not seen Kenji's counter: she must not withdraw over it unknowingly.
    with pytest.raises(StaleEditError, match="The catchball on KPI-2 was changed by Kenji"):
        helen.execute(Reply(thread, "withdraw", "Helen Ward", text="Dropping this"))
