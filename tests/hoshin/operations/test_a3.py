"""A3 edits: each undoes exactly, refuses in words, needs the node's role, and reads in
the history as a person would say it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hoshin.model import entities as e
from hoshin.model.errors import NotFoundError, PermissionDeniedError, ValidationError
from hoshin.operations import (
    AddA3Row,
    AddCountermeasure,
    DeleteA3,
    DeleteNode,
    LinkA3,
    NewA3,
    Operation,
    RemoveA3Row,
    RemoveCountermeasure,
    SetA3Section,
    SetAccess,
    UnlinkA3,
)
from hoshin.plan import Plan
from hoshin.reads.audit_text import sentences
from tests.hoshin.dump import dump


def _undo(plan: Plan, op: Operation) -> None:
    before = dump(plan)
    applied = plan.execute(op)
    assert dump(plan) != before, f"{op.label} changed nothing"
    redo = plan.execute(applied.inverse)
    assert dump(plan) == before, f"undo of {op.label} did not restore the plan"
    plan.execute(redo.inverse)
    assert dump(plan) != before


@pytest.fixture
def with_a3(demo_plan: Plan) -> Plan:
    """KPI-3 has a problem A3 with a why, a cause, a step, a countermeasure and a kaizen."""
    demo_plan.execute(NewA3("KPI-3"))
    demo_plan.execute(SetA3Section("KPI-3", "background", "Detractors doubled since May."))
    demo_plan.execute(AddA3Row("KPI-3", "why", "Calls wait more than 5 minutes"))
    demo_plan.execute(AddA3Row("KPI-3", "cause", "Rota ignores Monday peaks", category="method"))
    demo_plan.execute(
        AddA3Row("KPI-3", "step", "New rota", owner="Kenji Watanabe", due="2026-12-01")
    )
    cm = demo_plan.execute(
        AddCountermeasure("KPI-3", "2026-05", "Call every detractor", recorded=True)
    )
    demo_plan.execute(LinkA3("KPI-3", countermeasure=cm.result))
    demo_plan.execute(LinkA3("KPI-3", kaizen="KZ-114"))
    return demo_plan


def _cm(plan: Plan) -> int:
    with plan.session() as s:
        return int(s.execute(select(e.Countermeasure.id)).scalars().one())


@pytest.mark.parametrize(
    "make",
    [
        lambda p: NewA3("BT-1"),
        lambda p: NewA3("IP-1", "problem", "Why leads stall"),
        lambda p: SetA3Section("KPI-3", "goal", "NPS 45 by March\nthen 50"),
        lambda p: SetA3Section("KPI-3", "title", "Detractors in customer service"),
        lambda p: AddA3Row("KPI-3", "why", "Too few agents on Mondays"),
        lambda p: RemoveA3Row("KPI-3", 1),
        lambda p: LinkA3("KPI-3", kaizen="KZ-115"),
        lambda p: UnlinkA3("KPI-3", countermeasure=_cm(p)),
        lambda p: UnlinkA3("KPI-3", kaizen="KZ-114"),
        lambda p: DeleteA3("KPI-3"),
        lambda p: DeleteNode("KPI-3"),
        lambda p: DeleteNode("KZ-114"),
        lambda p: RemoveCountermeasure(_cm(p)),
    ],
    ids=[
        "new strategy",
        "new problem on a priority",
        "set section",
        "set title",
        "add why",
        "remove row",
        "link kaizen",
        "unlink countermeasure",
        "unlink kaizen",
        "delete",
        "delete its node",
        "delete a linked kaizen",
        "remove a linked countermeasure",
    ],
)
def test_each_a3_edit_undoes_exactly(with_a3: Plan, make: object) -> None:
    _undo(with_a3, make(with_a3))  # type: ignore[operator]


def test_an_a3_is_stored_as_written(with_a3: Plan) -> None:
    with with_a3.session() as s:
        a3 = s.execute(select(e.A3)).scalars().one()
        assert (a3.kind, a3.title, a3.background) == (
            "problem",
            "Net promoter score",
            "Detractors doubled since May.",
        )
        rows = s.execute(select(e.A3Item.kind, e.A3Item.category, e.A3Item.position)).all()
        assert sorted(rows) == [("cause", "method", 1), ("step", None, 1), ("why", None, 1)]
        assert len(s.execute(select(e.A3Link)).all()) == 2


def test_a3_edits_are_refused_in_words(with_a3: Plan) -> None:
    with pytest.raises(ValidationError, match=r"^KPI-3 has an A3 already; one per node\."):
        with_a3.execute(NewA3("KPI-3"))
    with pytest.raises(ValidationError, match="A strategy A3 does not fit KPI-1, a target"):
        with_a3.execute(NewA3("KPI-1", "strategy"))
    with pytest.raises(NotFoundError, match=r"^KPI-1 has no A3; start one with `hoshin a3 new`"):
        with_a3.execute(SetA3Section("KPI-1", "goal", "x"))
    with pytest.raises(ValidationError, match=r"has no section 'risks'; it has title, background"):
        with_a3.execute(SetA3Section("KPI-3", "risks", "x"))
    with pytest.raises(ValidationError, match=r"^A cause is filed under one of the 6 Ms: man,"):
        with_a3.execute(AddA3Row("KPI-3", "cause", "Heat", category="weather"))
    with pytest.raises(ValidationError, match=r"^IP-1 is not a kaizen"):
        with_a3.execute(LinkA3("KPI-3", kaizen="IP-1"))
    with pytest.raises(ValidationError, match="links KZ-114 already"):
        with_a3.execute(LinkA3("KPI-3", kaizen="KZ-114"))
    with pytest.raises(ValidationError, match="at most 4000"):
        with_a3.execute(SetA3Section("KPI-3", "goal", "x" * 4001))


def test_an_a3_needs_the_role_of_its_node(with_a3: Plan) -> None:
    with_a3.actor = "Helen Ward"
    with_a3.execute(SetAccess("Helen Ward", "CO", "executive"))
    with_a3.execute(SetAccess("Kenji Watanabe", "OPS", "manager"))
    with_a3.execute(SetAccess("Aisha Bello", "T-AS", "member"))
    with_a3.actor = "Aisha Bello"  # a member: kaizens of her team, not targets
    with_a3.execute(NewA3("KZ-114"))
    with pytest.raises(
        PermissionDeniedError,
        match=r"^Aisha Bello may not add rows of the A3 of KPI-3: that needs the manager role",
    ):
        with_a3.execute(AddA3Row("KPI-3", "why", "Not hers"))
    with_a3.actor = "Kenji Watanabe"  # a manager of OPS: its targets, not company ones
    with_a3.execute(NewA3("KPI-9"))
    with pytest.raises(
        PermissionDeniedError, match="may not add the A3 of BT-1: that needs the executive role"
    ):
        with_a3.execute(NewA3("BT-1"))


def test_the_history_tells_a3_edits_in_words(with_a3: Plan) -> None:
    with with_a3.session() as s:
        entries = [
            dict(r)
            for r in s.execute(
                select(e.AuditEntry.__table__).where(e.AuditEntry.table_name.like("a3%"))
            ).mappings()
        ]
        said = sentences(s, with_a3.graph, entries)
    assert said == [
        "KPI-3: A3 started (problem) “Net promoter score”",
        "KPI-3: A3 background set to Detractors doubled since May.",
        "KPI-3: A3 why added: “Calls wait more than 5 minutes”",
        "KPI-3: A3 cause (method) added: “Rota ignores Monday peaks”",
        "KPI-3: A3 step added: “New rota”, who Kenji Watanabe, when 2026-12-01",
        f"KPI-3: A3 now links countermeasure {_cm(with_a3)}",
        "KPI-3: A3 now links KZ-114",
    ]


def test_an_a3_of_a_closed_year_is_read_only(demo_plan: Plan) -> None:
    from hoshin.operations.years import SetYearState
    from hoshin.rules.years import closed_line, current_year

    demo_plan.execute(NewA3("KPI-3"))
    demo_plan.execute(SetA3Section("KPI-3", "background", "Detractors rose since January."))
    with demo_plan.session() as s:
        year = current_year(s)
    demo_plan.execute(SetYearState(year, "closed"))
    for op in (
        SetA3Section("KPI-3", "background", "Rewritten after the year closed"),
        NewA3("KPI-4"),
    ):
        with pytest.raises(ValidationError, match=closed_line(year).split(":")[0]):
            demo_plan.execute(op)
    demo_plan.execute(SetYearState(year, "open"))  # an executive reopens it: editable again
    demo_plan.execute(SetA3Section("KPI-3", "background", "Rewritten after it reopened"))
