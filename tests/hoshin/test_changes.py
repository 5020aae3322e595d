""" "What changed" says how: each row an edit touched is added, updated or removed."""

from __future__ import annotations

from pathlib import Path

from hoshin.catchball.operations import Reply, Throw
from hoshin.changes import Changes, Rows
from hoshin.model.kinds import NodeKind
from hoshin.operations import (
    AddCheck,
    AddNode,
    Assign,
    DeleteNode,
    SetStrength,
    Unassign,
    UpdateNode,
)
from hoshin.plan import Plan
from hoshin.shared import live


def test_rows_read_as_the_set_of_every_touched_id() -> None:
    rows: Rows[int] = Rows()
    rows.note([1], "added")
    rows.note([2], "updated")
    rows.note([3], "removed")
    assert rows == {1, 2, 3} and 2 in rows and len(rows) == 3
    assert rows & {2, 3, 4} == {2, 3} and {3, 4} - rows == {4} and sorted(rows) == [1, 2, 3]
    assert (rows.added, rows.updated, rows.removed) == ({1}, {2}, {3})
    assert rows.reshaped
    assert not Rows([5]).reshaped  # ids given without saying how: updated


def test_later_steps_of_one_edit_fold_into_how_the_row_ended() -> None:
    rows: Rows[int] = Rows()
    rows.note([1, 2, 3], "added")
    rows.note([1], "updated")  # added, then filled in: still new
    rows.note([2], "removed")  # added and taken away again: nothing to show
    rows.note([4], "removed")
    rows.note([4], "added")  # the same row made again: changed
    assert rows.how(1) == "added" and rows.how(2) == "removed" and rows.how(3) == "added"
    assert rows.how(4) == "updated" and rows.how(5) is None
    later: Rows[int] = Rows()
    later.note([3], "removed")
    rows.merge(later)
    assert rows.how(3) == "removed"


def test_changes_given_plain_sets_keep_working() -> None:
    changes = Changes(threads={1}, nodes={2, 3})
    assert changes.threads == {1} and changes.nodes.updated == {2, 3}
    assert changes and changes.structure and not Changes()
    changes.merge(Changes(nodes={4}))
    assert changes.nodes == {2, 3, 4}


def test_an_added_node_says_added_and_its_undo_says_removed(demo_plan: Plan) -> None:
    applied = demo_plan.execute(AddNode(NodeKind.KAIZEN, "T-AS", "Poka-yoke", links=["IP-9"]))
    new = demo_plan.graph.id_of(str(applied.result))
    ip9 = demo_plan.graph.id_of("IP-9")
    changes = applied.changes
    assert changes.nodes.added == {new}  # its link does not make it merely updated
    assert changes.nodes.updated == {ip9}  # the priority it serves got a link
    assert len(changes.edges.added) == 1 and not changes.edges.updated
    undone = demo_plan.execute(applied.inverse)
    assert undone.changes.nodes.removed == {new}
    assert undone.changes.edges.removed == changes.edges.added
    assert undone.changes.nodes.updated == {ip9}
    redone = demo_plan.execute(undone.inverse)
    assert redone.changes.nodes.added == {new}


def test_a_strength_change_updates_the_link_and_its_two_nodes(demo_plan: Plan) -> None:
    g = demo_plan.graph
    ip1, ao1 = g.id_of("IP-1"), g.id_of("AO-1")
    edge = g.edge_between(ip1, ao1)
    assert edge is not None and edge.strength is not None
    other = "weak" if edge.strength.value != "weak" else "strong"
    changes = demo_plan.execute(SetStrength("IP-1", "AO-1", other)).changes
    assert changes.edges.updated == {edge.id} and not changes.edges.reshaped
    assert changes.nodes.updated == {ip1, ao1} and not changes.nodes.reshaped
    # ...while taking the strength away removes the link.
    changes = demo_plan.execute(SetStrength("IP-1", "AO-1", None)).changes
    assert changes.edges.removed == {edge.id}


def test_deleting_a_node_says_what_went_and_what_stays_changed(demo_plan: Plan) -> None:
    g = demo_plan.graph
    ip1, ao1 = g.id_of("IP-1"), g.id_of("AO-1")
    edges = {edge.id for edge in g.edges() if ip1 in (edge.source, edge.target)}
    changes = demo_plan.execute(DeleteNode("IP-1")).changes
    assert changes.nodes.removed == {ip1}
    assert ao1 in changes.nodes.updated  # a node it served stays, one link fewer
    assert changes.edges.removed == edges
    assert changes.owners.updated == {ip1}  # owners are the node's: never added or removed


def test_owners_checks_and_threads_say_how(demo_plan: Plan) -> None:
    g = demo_plan.graph
    kpi1 = g.id_of("KPI-1")
    assigned = demo_plan.execute(Assign("KPI-1", "Ana Costa", "secondary"))
    assert assigned.changes.owners.updated == {kpi1}
    assert demo_plan.execute(Unassign("KPI-1", "Ana Costa")).changes.owners.updated == {kpi1}
    kz = g.id_of("KZ-103")
    assert demo_plan.execute(AddCheck("KZ-103", "2026-09-01")).changes.sustainment.updated == {kz}
    thrown = demo_plan.execute(Throw("KPI-2", "OPS", "Helen Ward", value=22))
    thread = int(thrown.result)
    assert thrown.changes.threads.added == {thread}
    replied = demo_plan.execute(Reply(thread, "question", "P-4", text="Which lines?"))
    assert replied.changes.threads.updated == {thread}


def test_another_sessions_edit_says_how_as_the_edit_itself_does(demo_path: Path) -> None:
    with Plan.open(demo_path) as mine, Plan.open(demo_path) as theirs:
        assert mine.graph  # read: everything up to now is seen
        added = theirs.execute(AddNode(NodeKind.KAIZEN, "T-AS", "Poka-yoke", links=["IP-9"]))
        theirs.execute(UpdateNode("IP-9", {"title": "Error-proof the line"}))
        followed = mine.outside_changes()
        assert followed is not None
        changes, _upto = followed
        assert changes.nodes.added == added.changes.nodes.added
        assert changes.edges.added == added.changes.edges.added
        assert theirs.graph.id_of("IP-9") in changes.nodes.updated
        removed = theirs.execute(added.inverse)
        mine.catch_up(changes, _upto)
        followed = mine.outside_changes()
        assert followed is not None
        assert followed[0].nodes.removed == removed.changes.nodes.removed


def test_a_live_note_carries_how_each_row_changed() -> None:
    changes = Changes()
    changes.nodes.note([1], "added")
    changes.nodes.note([2], "updated")
    changes.edges.note([7], "removed")
    changes.settings.note(["org_name"], "updated")
    found = live.decode(live.encode(changes, "me", 12))
    assert found is not None
    sender, note = found
    assert sender == "me" and note.upto == 12 and note.changes is not None
    got = note.changes
    assert (got.nodes.added, got.nodes.updated, got.edges.removed) == ({1}, {2}, {7})
    assert got.settings.updated == {"org_name"}
    # A note of an older sender (ids only) reads as updates.
    older = live.decode('{"by": "x", "upto": 1, "c": {"nodes": [1, 2]}}')
    assert older is not None and older[1].changes is not None
    assert older[1].changes.nodes.updated == {1, 2}
    assert live.decode('{"by": "x", "c": {"nodes": [1]}, "+": {"nodes": ["DROP"]}}') is None
