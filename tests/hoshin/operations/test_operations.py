"""Every edit applies in one transaction, reports what it changed, and undoes exactly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hoshin.model import entities as e
from hoshin.model.errors import HoshinError, LinkError, TransitionError, ValidationError
from hoshin.model.kinds import KaizenStatus, NodeKind, Strength
from hoshin.operations import (
    AddActionItem,
    AddCheck,
    AddCountermeasure,
    AddNode,
    AddPerson,
    AddUnit,
    Assign,
    Batch,
    DeleteNode,
    Link,
    MoveKaizen,
    Operation,
    RecordCheck,
    RemovePerson,
    SetActionItemDone,
    SetMeasurement,
    SetRationale,
    SetSetting,
    SetStrength,
    Unassign,
    Unlink,
    UpdateNode,
    UpdateUnit,
)
from hoshin.operations.meetings import NewMeeting, RecordDecision, RemoveMeeting, SetMeetingHeld
from hoshin.operations.nodes import PARSERS, fields_for
from hoshin.plan import Plan
from tests.hoshin.dump import dump


def _undo(plan: Plan, op: Operation) -> None:
    before = dump(plan)
    applied = plan.execute(op)
    assert dump(plan) != before, f"{op.label} changed nothing"
    redo = plan.execute(applied.inverse)
    assert dump(plan) == before, f"undo of {op.label} did not restore the plan"
    plan.execute(redo.inverse)
    after_redo = dump(plan)
    plan.execute(applied.inverse.__class__(applied.label, []))  # an empty replay is harmless
    assert dump(plan) == after_redo


@pytest.mark.parametrize(
    "op",
    [
        AddNode(NodeKind.KAIZEN, "T-AS", "Poka-yoke on the torque tool", links=["IP-9"]),
        UpdateNode("KPI-2", {"goal": 22, "title": "Lead time, order to delivery"}),
        DeleteNode("IP-1"),
        DeleteNode("KPI-1"),
        Link("IP-6", "AO-5", strength="weak"),
        Unlink("AO-1", "BT-3"),
        SetStrength("AO-1", "BT-3", "weak"),
        SetStrength("AO-1", "BT-3", None),
        SetStrength("IP-6", "AO-4", "strong"),
        SetRationale("AO-1", "BT-3", "Conversion drives service contracts"),
        Assign("KPI-7", "Helen Ward"),
        Assign("KPI-1", "Maria Lopez", "primary"),
        Unassign("IP-1", "Helen Ward"),
        MoveKaizen("KZ-103", KaizenStatus.DONE),
        SetMeasurement("KPI-2", "2026-05", actual=27.5),
        SetMeasurement("KPI-2", "2027-01", plan=23),
        AddCheck("KZ-101", "2026-09-01"),
        AddCheck("KZ-104", "2026-06-01", "slipped"),
        AddActionItem("KZ-101", "Post the checklist at the desk", "Jonas Berg", "2026-07-01"),
        AddCountermeasure("KPI-3", "2026-05", "Call every detractor", "Kenji Watanabe"),
        AddUnit("Team Leeds Paint", "PLT", function="Operations"),
        UpdateUnit("PLT", name="Plant Leeds and Wakefield"),
        AddPerson("Zoe Adams", "T-AS"),
        RemovePerson("Helen Ward"),
        SetSetting("max_annual", 4),
        Batch("Two at once", [MoveKaizen("KZ-106", "approved"), Assign("IP-6", "Maria Lopez")]),
    ],
    ids=lambda op: op.label,
)
def test_each_operation_undoes_exactly(demo_plan: Plan, op: Operation) -> None:
    _undo(demo_plan, op)


def test_the_undo_history_names_what_an_add_made(demo_plan: Plan) -> None:
    applied = demo_plan.execute(AddNode(NodeKind.KAIZEN, "T-AS", "Poka-yoke", links=["IP-9"]))
    assert applied.result == "KZ-141"  # the sample's kaizens run to KZ-140
    assert applied.label == "Add kaizen KZ-141"
    assert demo_plan.execute(UpdateNode("KZ-141", {"title": "x"})).label == "Change title of KZ-141"


def test_deleting_a_node_removes_its_links_and_owners_and_undo_restores_them(
    demo_plan: Plan,
) -> None:
    g = demo_plan.graph
    ip1 = g.id_of("IP-1")
    links_before = {g.code(n) for n in g.serves(ip1) + g.served_by(ip1)}
    assert {"AO-1", "KPI-1", "BT-4"} <= links_before
    applied = demo_plan.execute(DeleteNode("IP-1"))
    assert "IP-1" not in demo_plan.graph
    assert applied.changes.owners == {ip1}
    demo_plan.execute(applied.inverse)
    g = demo_plan.graph
    assert {g.code(n) for n in g.serves(ip1) + g.served_by(ip1)} == links_before


def test_changes_name_what_an_edit_touched(demo_plan: Plan) -> None:
    g = demo_plan.graph
    changes = demo_plan.execute(Link("IP-6", "AO-5", strength="weak")).changes
    assert changes.nodes == {g.id_of("IP-6"), g.id_of("AO-5")}
    assert len(changes.edges) == 1
    assert not changes.measurements and not changes.units


def test_every_field_a_node_may_have_is_read_by_one_parser() -> None:
    every = set().union(*(fields_for(kind) for kind in NodeKind))
    assert set(PARSERS) == every


def test_a_node_field_given_badly_is_refused_in_words(demo_plan: Plan) -> None:
    with pytest.raises(ValidationError, match=r"^Kaizen type must be one of event, project, daily"):
        demo_plan.execute(UpdateNode("KZ-101", {"kaizen_type": "marathon"}))
    with pytest.raises(ValidationError, match=r"^IP-1 is not a target"):
        demo_plan.execute(UpdateNode("KZ-101", {"effect_target": "IP-1"}))
    demo_plan.execute(UpdateNode("KPI-1", {"aggregation": "", "direction": None}))
    with demo_plan.session() as session:
        node = session.get(e.Node, demo_plan.graph.id_of("KPI-1"))
        assert node is not None and (node.aggregation, node.direction) == ("average", None)


def test_a_refused_edit_writes_nothing(demo_plan: Plan) -> None:
    before = dump(demo_plan)
    with pytest.raises(LinkError):
        # The node is added, then the link is refused: the whole edit rolls back.
        demo_plan.execute(AddNode(NodeKind.ANNUAL, "CO", "Orphan", links=["KZ-101"]))
    assert dump(demo_plan) == before
    assert "AO-10" not in demo_plan.graph


def test_new_codes_follow_the_highest_of_their_kind(demo_plan: Plan) -> None:
    code = demo_plan.execute(AddNode(NodeKind.KAIZEN, "T-AS", "Shadow board")).result
    assert code == "KZ-141"


@pytest.mark.parametrize(
    ("op", "error", "words"),
    [
        (AddNode(NodeKind.KAIZEN, "T-AS", "   "), ValidationError, "title cannot be empty"),
        (UpdateNode("KPI-1", {"goal": "lots"}), ValidationError, "goal must be a number"),
        (UpdateNode("IP-1", {"goal": 3}), ValidationError, "priority has no goal"),
        (
            UpdateNode("KZ-101", {"start_date": "2026-05-01", "end_date": "2026-04-01"}),
            ValidationError,
            "before the start",
        ),
        (MoveKaizen("KZ-139", "done"), TransitionError, "may go to approved, dropped"),
        (UpdateNode("KZ-999", {"title": "x"}), HoshinError, "No node KZ-999"),
        (AddNode(NodeKind.KAIZEN, "NOPE", "x"), HoshinError, "No unit NOPE"),
        (Assign("KZ-101", "Helen Ward"), ValidationError, "Owners are for priorities"),
        (SetMeasurement("KPI-1", "2026-13", actual=1), ValidationError, "YYYY-MM"),
    ],
)
def test_bad_input_is_refused_with_a_reason(
    demo_plan: Plan, op: Operation, error: type[Exception], words: str
) -> None:
    before = dump(demo_plan)
    with pytest.raises(error, match=words):
        demo_plan.execute(op)
    assert dump(demo_plan) == before


def test_a_slipped_check_regresses_a_done_kaizen(demo_plan: Plan) -> None:
    check_id = demo_plan.execute(AddCheck("KZ-104", "2026-07-01")).result
    demo_plan.execute(RecordCheck(check_id, "slipped", "2026-07-02"))
    with demo_plan.session() as s:
        from hoshin.model import entities as e

        status = s.get(e.Node, demo_plan.graph.id_of("KZ-104")).status  # type: ignore[union-attr]
    assert status == KaizenStatus.REGRESSED


def test_closing_an_action_item_undoes(demo_plan: Plan) -> None:
    item = demo_plan.execute(AddActionItem("KZ-101", "Laminate the checklist")).result
    _undo(demo_plan, SetActionItemDone(item, True, "2026-06-20"))


# -- property: any sequence of edits, undone in reverse, restores the plan exactly ----------

BTS, AOS = ["BT-1", "BT-2", "BT-4"], ["AO-1", "AO-3", "AO-6"]
IPS, KPIS = ["IP-1", "IP-6", "IP-7", "IP-9"], ["KPI-1", "KPI-2", "KPI-7", "KPI-8"]
KZS = ["KZ-101", "KZ-103", "KZ-109", "KZ-114", "KZ-139"]
CODES = BTS + AOS + IPS + KPIS + KZS
PEOPLE = ["Helen Ward", "David Kim", "Maria Lopez", "P-5"]
UNITS = ["CO", "COM", "PLT", "T-AS", "T-SN"]
#: Pairs whose kinds may be linked; some linked already, some not.
PAIRS = (
    [(a, b) for a in AOS for b in BTS]
    + [(p, a) for p in IPS for a in AOS]
    + [(k, p) for k in KZS for p in IPS]
    + [(t, x) for t in KPIS for x in IPS + BTS]
    + [("IP-1", "BT-4"), ("KPI-1", "KPI-8")]
)


def _op_strategy() -> st.SearchStrategy[Operation]:
    code = st.sampled_from(CODES)
    pair = st.sampled_from(PAIRS)
    owned = st.sampled_from(IPS + KPIS)
    strength = st.sampled_from([None, *Strength])
    titles = st.text(min_size=1, max_size=30).filter(str.strip)
    return st.one_of(
        st.builds(AddNode, st.sampled_from(list(NodeKind)), st.sampled_from(UNITS), titles),
        st.builds(lambda c, t: UpdateNode(c, {"title": t}), code, titles),
        st.builds(
            lambda c, g: UpdateNode(c, {"goal": g}), st.sampled_from(KPIS), st.integers(-50, 50)
        ),
        st.builds(DeleteNode, code),
        st.builds(lambda p, s: Link(*p, strength=s), pair, strength),
        st.builds(lambda p: Unlink(*p), pair),
        st.builds(lambda p, s: SetStrength(*p, s), pair, strength),
        st.builds(
            Assign, owned, st.sampled_from(PEOPLE), st.sampled_from(["primary", "secondary"])
        ),
        st.builds(Unassign, owned, st.sampled_from(PEOPLE)),
        st.builds(MoveKaizen, st.sampled_from(KZS), st.sampled_from(list(KaizenStatus))),
        st.builds(
            lambda c, m, v: SetMeasurement(c, f"2026-{m:02d}", actual=v),
            st.sampled_from(KPIS),
            st.integers(1, 12),
            st.floats(-1e6, 1e6, allow_nan=False),
        ),
        st.builds(
            AddCheck,
            st.sampled_from(KZS),
            st.just("2026-08-01"),
            st.sampled_from([None, "held", "slipped"]),
        ),
        st.builds(RemovePerson, st.sampled_from(PEOPLE)),
        st.builds(
            AddCountermeasure,
            st.sampled_from(KPIS),
            st.just("2026-05"),
            titles,
            st.sampled_from([None, *PEOPLE]),
        ),
        # Review meetings: made with their agenda, decided on (with owners a removal of a
        # person must let go of, recorded), held, removed.
        st.builds(
            NewMeeting,
            st.sampled_from(UNITS),
            st.just("2026-06-15"),
            st.none(),
            st.sampled_from([None, *PEOPLE]),
        ),
        st.builds(
            RecordDecision,
            st.integers(1, 2),
            titles,
            st.sampled_from([None, 1, 2]),
            st.sampled_from(PEOPLE),
            st.just("2026-06-30"),
        ),
        st.builds(SetMeetingHeld, st.integers(1, 2)),
        st.builds(RemoveMeeting, st.integers(1, 2)),
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(_op_strategy(), min_size=1, max_size=12))
def test_random_edits_undone_in_reverse_restore_the_plan(
    demo_template: Path, tmp_path: Path, ops: list[Operation]
) -> None:
    path = tmp_path / f"prop-{abs(hash(tuple(o.label for o in ops)))}.hoshin"
    shutil.copy2(demo_template, path)
    with Plan.open(path) as plan:
        start = dump(plan)
        inverses = []
        for op in ops:
            try:
                inverses.append(plan.execute(op).inverse)
            except HoshinError:
                continue  # refused edits write nothing; the property still holds
        end = dump(plan)
        redos = [plan.execute(inv).inverse for inv in reversed(inverses)]
        assert dump(plan) == start
        for redo in reversed(redos):
            plan.execute(redo)
        assert dump(plan) == end
    path.unlink()
