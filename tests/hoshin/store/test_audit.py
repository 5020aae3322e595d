"""The audit log: who changed what, when, from what to what; undo appends, never erases."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from hoshin.cli.main import main
from hoshin.model.errors import NotFoundError
from hoshin.model.kinds import EdgeKind
from hoshin.operations import Link, SetRationale, UpdateNode
from hoshin.plan import Plan
from hoshin.store import audit


def test_an_edit_records_who_what_and_the_old_and_new_value(demo_plan: Plan) -> None:
    demo_plan.actor = "Helen Ward"
    demo_plan.clock = lambda: dt.datetime(2026, 6, 1, 10, 42)
    applied = demo_plan.execute(UpdateNode("KPI-2", {"goal": 22}))
    with demo_plan.session() as s:
        entry = audit.history(s, demo_plan.graph.id_of("KPI-2"), limit=1)[0]
    assert entry["person"] == "Helen Ward"
    assert entry["at"] == dt.datetime(2026, 6, 1, 10, 42)
    assert (entry["edit"], entry["field"]) == ("Change goal of KPI-2", "goal")
    assert (json.loads(entry["old"]), json.loads(entry["new"])) == (24.0, 22)
    demo_plan.execute(applied.inverse)  # undo is history too
    with demo_plan.session() as s:
        undone = audit.history(s, demo_plan.graph.id_of("KPI-2"), limit=2)
    assert [json.loads(e["new"]) for e in undone] == [24.0, 22]


def test_a_links_history_shows_on_both_nodes(demo_plan: Plan) -> None:
    demo_plan.execute(Link("IP-6", "AO-5", strength="weak"))
    g = demo_plan.graph
    with demo_plan.session() as s:
        for code in ("IP-6", "AO-5"):
            assert audit.history(s, g.id_of(code), limit=1)[0]["action"] == "insert", code


def test_an_unknown_actor_is_refused(demo_plan: Plan) -> None:
    demo_plan.actor = "Nobody Known"
    with pytest.raises(NotFoundError, match="No person Nobody Known"):
        demo_plan.execute(UpdateNode("KPI-2", {"goal": 22}))


def test_the_command_line_names_the_editor(
    demo_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOSHIN_PERSON", "David Kim")
    assert main(["set", str(demo_path), "KPI-3", "--goal", "55"]) == 0
    assert capsys.readouterr().out == "KPI-3: goal 55\n"
    assert main(["audit", str(demo_path), "KPI-3", "--limit", "1"]) == 0
    heading, said = capsys.readouterr().out.splitlines()
    assert heading.endswith("  David Kim: Change KPI-3")
    assert said == "    KPI-3 goal changed from 50 to 55"
    assert main(["audit", str(demo_path), "--csv", "--limit", "3"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "at,person,edit,action,table_name,row_id,field,old,new"
    assert len(out) == 4


def test_another_sessions_changes_name_both_ends_of_a_changed_link(demo_path: Path) -> None:
    with Plan.open(demo_path) as mine, Plan.open(demo_path) as theirs:
        graph = mine.graph  # read: everything up to now is seen
        link = next(edge for edge in graph.edges() if edge.kind is EdgeKind.SUPPORTS)
        source, target = graph.code(link.source), graph.code(link.target)
        applied = theirs.execute(SetRationale(source, target, "Why it serves"))
        followed = mine.outside_changes()
        assert followed is not None
        changes, _upto = followed
        # As the edit's own notice has them: the rationale shows at both ends.
        assert changes.edges == applied.changes.edges
        assert changes.nodes >= applied.changes.nodes
        assert {link.source, link.target} <= changes.nodes
