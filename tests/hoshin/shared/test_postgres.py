"""The same code on PostgreSQL: a shared plan, and copies file ↔ database that lose nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from hoshin.catchball.operations import Reply, Throw
from hoshin.cli.main import main
from hoshin.model import entities as e
from hoshin.model.errors import LinkError
from hoshin.model.kinds import NodeKind
from hoshin.operations import AddNode, DeleteNode, Link, UpdateNode
from hoshin.plan import Plan
from hoshin.reads.checkup import check_report
from hoshin.store.dbcopy import copy_plan
from tests import pg
from tests.hoshin.dump import dump


@pytest.fixture
def pg_url(pg_server: str) -> str:
    return pg.new_database(pg_server)


def test_a_plan_copied_to_postgresql_and_back_compares_equal(
    demo_plan: Plan, pg_url: str, tmp_path: Path
) -> None:
    thread = demo_plan.execute(Throw("KPI-2", "OPS", "Helen Ward", 22, "Lead time 22 days")).result
    demo_plan.execute(Reply(thread, "counter", "Kenji Watanabe", 23, "With the old press"))
    copied = copy_plan(demo_plan.location, pg_url)
    with demo_plan.session() as s:
        history = s.query(e.AuditEntry).count()
    assert history > 0
    # Every row but the figures the database derives (made again by its own triggers).
    rows = sum(len(r) for name, r in dump(demo_plan).items() if name not in e.DERIVED_TABLES)
    assert copied == rows + history
    with Plan.open(pg_url) as shared:
        assert dump(shared) == dump(demo_plan)
        back = tmp_path / "back.hoshin"
        copy_plan(pg_url, str(back))
    with Plan.open(back) as plan, plan.session() as s:
        assert dump(plan) == dump(demo_plan)
        assert s.query(e.AuditEntry).count() == history  # the history travels too


def test_the_same_edits_work_on_postgresql(demo_plan: Plan, pg_url: str) -> None:
    copy_plan(demo_plan.location, pg_url)
    with Plan.open(pg_url) as shared:
        code = shared.execute(
            AddNode(
                NodeKind.KAIZEN, "T-AS", "Shadow board", {"origin": "bottom-up"}, links=["IP-9"]
            )
        ).result
        assert code == "KZ-141"
        g = shared.graph
        assert [g.code(i) for i in g.line_of_sight(g.id_of(code))][-1] == "BT-2"
        with pytest.raises(LinkError, match="cannot be linked"):
            shared.execute(Link("BT-1", "KZ-101"))
        before = dump(shared)
        applied = shared.execute(DeleteNode("IP-1"))
        shared.execute(applied.inverse)
        assert dump(shared) == before
        shared.execute(UpdateNode("KPI-2", {"goal": 21}))
        report = check_report(shared)
        assert report["review"]["counts"]["priority-supports-nothing"] == 1
        assert report["health"]["alignment"]["orphan_kaizens"] == ["KZ-109", "KZ-119", "KZ-139"]


def test_db_commands(pg_server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = pg.new_database(pg_server)
    assert main(["db", "init", url, "--org", "Acme"]) == 0
    assert "Created a plan for Acme" in capsys.readouterr().out
    assert main(["db", "upgrade", url]) == 0
    assert main(["add", url, "breakthrough", "--unit", "CO", "--title", "Win", "-q"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "BT-1"  # after db upgrade's lines
    out = tmp_path / "copy.hoshin"
    assert main(["db", "copy", url, str(out)]) == 0
    assert "BT-1" in Plan.open(out).graph
    assert main(["db", "init", url, "--org", "Again"]) == 1
    assert "already holds tables" in capsys.readouterr().err
