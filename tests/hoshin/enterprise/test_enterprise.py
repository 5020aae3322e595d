"""The generated enterprise plan, on a tiny shape: counts, determinism, a sound graph, and
catchball threads whose rows are what the real operations would have written."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import shutil
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from sqlalchemy import select

from hoshin.catchball import queries, rules
from hoshin.catchball.rules import Kind, Said, Side, State
from hoshin.enterprise import ENTERPRISE, Matrix, Shape, generate_enterprise
from hoshin.enterprise.generator import Generator
from hoshin.model import entities as e
from hoshin.model.errors import PlanError
from hoshin.model.kinds import (
    ALLOWED_LINKS,
    FINISHED_STATUSES,
    Direction,
    EdgeKind,
    KaizenStatus,
    NodeKind,
    Origin,
    OwnerRole,
)
from hoshin.plan import Plan
from tests.conftest import AS_OF
from tests.conftest import TINY_ENTERPRISE as TINY


def _generate(path: Path, seed: int = 1, **kwargs: Any) -> Plan:
    return generate_enterprise(path, seed=seed, shape=TINY, as_of=AS_OF, **kwargs)


def _dump(plan: Plan) -> dict[str, list[tuple[Any, ...]]]:
    """Every table but the audit log, whose entries carry the time they were written."""
    with plan.session() as session:
        return {
            name: sorted((tuple(r) for r in session.execute(select(table))), key=repr)
            for name, table in e.Base.metadata.tables.items()
            if name != "audit_log"
        }


def _rows(plan: Plan, table: str) -> list[dict[str, Any]]:
    with plan.session() as session:
        result = session.execute(select(e.Base.metadata.tables[table]))
        return [dict(r) for r in result.mappings()]


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory, enterprise_template: Path) -> Iterator[Plan]:
    """The session's tiny enterprise plan (seed 1): these tests only read it."""
    path = tmp_path_factory.mktemp("enterprise") / "globex.hoshin"
    shutil.copy2(enterprise_template, path)
    opened = Plan.open(path)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def nodes(plan: Plan) -> dict[int, dict[str, Any]]:
    return {row["id"]: row for row in _rows(plan, "nodes")}


@pytest.fixture(scope="module")
def units(plan: Plan) -> dict[int, dict[str, Any]]:
    return {row["id"]: row for row in _rows(plan, "units")}


def test_enterprise_shape_is_the_scale_of_the_design() -> None:
    assert (ENTERPRISE.units, ENTERPRISE.teams, ENTERPRISE.kaizens) == (1111, 1000, 50_000)
    assert ENTERPRISE.targets == 2000


def test_counts_match_the_shape(plan: Plan, nodes: dict[int, Any], units: dict[int, Any]) -> None:
    levels = Counter(u["level"] for u in units.values())
    assert levels == {"Company": 1, "Division": 2, "Department": 4, "Team": 8}
    teams = {uid for uid, u in units.items() if u["level"] == "Team"}
    kinds = Counter(n["kind"] for n in nodes.values())
    assert kinds[NodeKind.KAIZEN] == TINY.kaizens == 200
    assert kinds[NodeKind.TARGET] == TINY.targets == 20 + 2 * 18 + 4 * 18
    matrix_nodes = [n for n in nodes.values() if n["unit_id"] not in teams]
    assert Counter(n["kind"] for n in matrix_nodes)[NodeKind.BREAKTHROUGH] == 4 + 6 * 3
    matrices = TINY.company.nodes + 2 * TINY.division.nodes + 4 * TINY.department.nodes
    assert len(matrix_nodes) == matrices
    # Teams hold kaizens, and the breakthroughs and annual objectives of their catchball.
    team_kinds = {n["kind"] for n in nodes.values() if n["unit_id"] in teams}
    assert team_kinds == {NodeKind.KAIZEN, NodeKind.BREAKTHROUGH, NodeKind.ANNUAL}
    per_team = Counter(n["unit_id"] for n in nodes.values() if n["kind"] == NodeKind.KAIZEN)
    assert set(per_team) == teams
    assert set(per_team.values()) == {TINY.kaizens_per_team}
    assert len(_rows(plan, "measurements")) == 12 * TINY.targets
    assert len(_rows(plan, "people")) == TINY.people
    assert plan.name == "Globex Corporation"


def test_codes_are_readable_and_numbered_per_kind(
    nodes: dict[int, Any], units: dict[int, Any]
) -> None:
    for kind in NodeKind:
        seqs = sorted(n["seq"] for n in nodes.values() if n["kind"] == kind)
        assert seqs == list(range(1, len(seqs) + 1)), kind
    assert all(n["code"] == f"{NodeKind(n['kind']).prefix}-{n['seq']}" for n in nodes.values())
    codes = {u["code"] for u in units.values()}
    assert {"CO", "D01", "D02", "D01-02", "D02-01-02"} <= codes
    assert {u["function_id"] for u in units.values() if u["level"] != "Company"} >= {1, 2, 3}


def test_same_seed_gives_the_same_plan_and_another_seed_another(plan: Plan, tmp_path: Path) -> None:
    first = _dump(plan)
    with _generate(tmp_path / "again.hoshin") as again:
        assert _dump(again) == first
    with _generate(tmp_path / "other.hoshin", seed=2) as other:
        differs = [name for name, rows in _dump(other).items() if rows != first[name]]
    assert {"units", "people", "nodes", "edges", "measurements"} <= set(differs)
    assert {"catchball_threads", "catchball_messages"} <= set(differs)


def test_the_sqlite_fast_insert_stores_what_sqlalchemy_stores(
    tmp_path: Path, enterprise_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Byte for byte: read raw, as SQLAlchemy would read a date stored two ways alike."""

    def raw(path: Path) -> dict[str, list[tuple[Any, ...]]]:
        with contextlib.closing(sqlite3.connect(path)) as conn:
            return {
                name: conn.execute(f"SELECT * FROM {name} ORDER BY rowid").fetchall()
                for name in e.Base.metadata.tables
                if name != "audit_log"  # stamped with the time of writing
            }

    monkeypatch.setattr(Generator, "_fast", lambda self: False)
    _generate(tmp_path / "plain.hoshin").close()
    fast, plain = raw(enterprise_path), raw(tmp_path / "plain.hoshin")  # the template: fast
    assert fast["catchball_messages"] and fast == plain


def test_every_linked_kaizen_sees_a_company_breakthrough(
    plan: Plan, nodes: dict[int, Any], units: dict[int, Any]
) -> None:
    graph = plan.graph
    company = next(uid for uid, u in units.items() if u["code"] == "CO")
    kaizens = [n for n in nodes.values() if n["kind"] == NodeKind.KAIZEN]
    orphans = 0
    for kaizen in kaizens:
        path = graph.line_of_sight(kaizen["id"])
        if not graph.serves(kaizen["id"]):
            orphans += 1
            assert path == [kaizen["id"]]
            continue
        top = graph.node(path[-1])
        assert (top.kind, top.unit_id) == (NodeKind.BREAKTHROUGH, company)
        # It serves a priority of its own department, then climbs through every level.
        department = units[kaizen["unit_id"]]["parent_id"]
        assert graph.node(path[1]).unit_id == department
        assert {graph.node(n).unit_id for n in path} >= {department, company}
    assert 0 < orphans < 0.1 * len(kaizens)


def test_every_link_is_allowed_unique_and_points_the_right_way(
    plan: Plan, nodes: dict[int, Any]
) -> None:
    graph = plan.graph
    edges = _rows(plan, "edges")
    assert len({(x["source_id"], x["target_id"], x["kind"]) for x in edges}) == len(edges)
    upward = nx.DiGraph()
    for edge in edges:
        source, target = nodes[edge["source_id"]], nodes[edge["target_id"]]
        kind = EdgeKind(edge["kind"])
        assert (NodeKind(source["kind"]), NodeKind(target["kind"])) in ALLOWED_LINKS[kind]
        if kind is EdgeKind.DEPLOYS:
            assert source["unit_id"] in graph.unit_ancestors(target["unit_id"])
            upward.add_edge(target["id"], source["id"])
        else:
            if source["kind"] != NodeKind.KAIZEN:  # X-matrix links stay in their unit
                assert source["unit_id"] == target["unit_id"]
            upward.add_edge(source["id"], target["id"])
    assert nx.is_directed_acyclic_graph(upward)
    kinds = Counter(x["kind"] for x in edges)
    assert min(kinds[k] for k in EdgeKind) > 0
    strengths = Counter(x["strength"] for x in edges if x["kind"] != EdgeKind.DEPLOYS)
    assert {"strong", "medium", "weak"} <= set(strengths)


def test_child_breakthroughs_are_all_deployed(plan: Plan, nodes: dict[int, Any]) -> None:
    deployed = {x["target_id"] for x in _rows(plan, "edges") if x["kind"] == EdgeKind.DEPLOYS}
    company = plan.graph.id_of("BT-1")
    for node in nodes.values():
        if node["kind"] == NodeKind.BREAKTHROUGH:
            is_company = node["unit_id"] == nodes[company]["unit_id"]
            assert (node["id"] in deployed) != is_company, node["code"]
    deployed_targets = [nodes[i] for i in deployed if nodes[i]["kind"] == NodeKind.TARGET]
    assert len(deployed_targets) == 6 * (2 + 4)


def test_owners_one_primary_of_the_unit_with_a_few_gaps_on_purpose(
    plan: Plan, nodes: dict[int, Any]
) -> None:
    people = {p["id"]: p for p in _rows(plan, "people")}
    primaries: dict[int, list[int]] = defaultdict(list)
    for r in _rows(plan, "responsibilities"):
        assert people[r["person_id"]]["unit_id"] == nodes[r["node_id"]]["unit_id"]
        if r["role"] == OwnerRole.PRIMARY:
            primaries[r["node_id"]].append(r["person_id"])
    owned = [n for n in nodes.values() if n["kind"] in (NodeKind.PRIORITY, NodeKind.TARGET)]
    assert all(len(primaries[n["id"]]) <= 1 for n in owned)
    assert all(primaries[n["id"]] for n in owned if n["kind"] == NodeKind.PRIORITY)
    unowned = [n["code"] for n in owned if not primaries[n["id"]]]
    assert unowned and len(unowned) < 0.1 * len(owned)
    assert "KPI-20" in unowned  # the company's last target, so the check always has one


def test_targets_and_monthly_figures_are_consistent(plan: Plan, nodes: dict[int, Any]) -> None:
    targets = {i: n for i, n in nodes.items() if n["kind"] == NodeKind.TARGET}
    for t in targets.values():
        assert t["unit_of_measure"]
        better = Direction(t["direction"]) is Direction.UP
        assert (t["goal"] > t["baseline"]) if better else (t["goal"] < t["baseline"])
    months: dict[int, dict[str, dict[str, Any]]] = defaultdict(dict)
    for m in _rows(plan, "measurements"):
        months[m["node_id"]][m["month"]] = m
    assert set(months) == set(targets)
    for node_id, by_month in months.items():
        assert sorted(by_month) == [f"2026-{i:02d}" for i in range(1, 13)]
        assert all(m["plan"] is not None for m in by_month.values())
        assert all(by_month[f"2026-{i:02d}"]["actual"] is None for i in range(6, 13))
        assert by_month["2026-12"]["plan"] == pytest.approx(targets[node_id]["goal"], rel=0.01)
    with_actuals = sum(by_month["2026-01"]["actual"] is not None for by_month in months.values())
    assert with_actuals == len(targets)


def test_kaizens_mix_origins_statuses_and_dates(
    plan: Plan, nodes: dict[int, Any], units: dict[int, Any]
) -> None:
    kaizens = [n for n in nodes.values() if n["kind"] == NodeKind.KAIZEN]
    assert {Origin(k["origin"]) for k in kaizens} == set(Origin)
    assert {KaizenStatus(k["status"]) for k in kaizens} == set(KaizenStatus)
    for k in kaizens:
        assert AS_OF - dt.timedelta(days=365) <= k["start_date"] <= AS_OF
        finished = KaizenStatus(k["status"]) in FINISHED_STATUSES
        assert (k["end_date"] is not None) == finished
        if finished:
            assert k["start_date"] <= k["end_date"] <= AS_OF
    # Demand differs between teams: not every team pulls the same share of its kaizens.
    pulled: dict[int, int] = Counter(
        k["unit_id"] for k in kaizens if k["origin"] != Origin.TOP_DOWN
    )
    assert len(set(pulled.values())) > 1
    # Most kaizens are of their team's function, yet not all.
    same = sum(k["function_id"] == units[k["unit_id"]]["function_id"] for k in kaizens)
    assert 0.7 * len(kaizens) < same <= len(kaizens)


def test_sustainment_belongs_to_finished_kaizens(plan: Plan, nodes: dict[int, Any]) -> None:
    checks = _rows(plan, "sustainment_checks")
    items = _rows(plan, "action_items")
    for row in [*checks, *items]:
        assert KaizenStatus(nodes[row["kaizen_id"]]["status"]) in FINISHED_STATUSES
    results = Counter(c["result"] for c in checks)
    assert results["held"] and results["slipped"] and results[None]
    for c in checks:
        if c["result"] is not None:
            assert c["due"] <= AS_OF and c["checked_on"] is not None
    for k in nodes.values():
        if k["status"] == KaizenStatus.REGRESSED:
            last = max((c for c in checks if c["kaizen_id"] == k["id"] and c["result"]),
                       key=lambda c: c["due"])  # fmt: skip
            assert last["result"] == "slipped"
    assert {i["done"] for i in items} == {True, False}
    assert all(i["owner_id"] is not None for i in items)


def test_progress_reports_each_stage_to_its_total(tmp_path: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    _generate(tmp_path / "progress.hoshin", progress=lambda *args: calls.append(args)).close()
    stages = list(dict.fromkeys(stage for stage, _done, _total in calls))
    assert stages[:2] == ["Units", "People"]
    assert {"Objectives and targets", "Links", "Measurements", "Kaizens", "Catchball"} <= set(
        stages
    )
    for stage in stages:
        seen = [(done, total) for s, done, total in calls if s == stage]
        assert [d for d, _t in seen] == sorted(d for d, _t in seen)
        assert seen[0][0] == 0 and seen[-1][0] == seen[-1][1]
    assert ("Kaizens", TINY.kaizens, TINY.kaizens) in calls


def test_an_existing_location_is_refused_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "taken.hoshin"
    path.write_bytes(b"mine")
    with pytest.raises(PlanError, match="already exists"):
        _generate(path)
    assert path.read_bytes() == b"mine"


def test_a_failure_half_way_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.hoshin"

    def fail_at_kaizens(stage: str, done: int, total: int) -> None:
        if stage == "Kaizens" and done:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        _generate(path, progress=fail_at_kaizens)
    assert list(tmp_path.iterdir()) == []


def test_a_shape_that_cannot_deploy_is_refused() -> None:
    with pytest.raises(ValueError, match="deploys"):
        Shape(division=Matrix(breakthroughs=11, annual=4, priorities=5, targets=10))
    with pytest.raises(ValueError, match="more targets"):
        Shape(department=Matrix(3, 4, 5, 10, deployed_targets=19))


# -- catchball -------------------------------------------------------------------------------

OFFER_KINDS = {"throw", "proposal", "counter"}
TALK = {"comment", "question"}


@pytest.fixture(scope="module")
def threads(plan: Plan) -> list[dict[str, Any]]:
    return sorted(_rows(plan, "catchball_threads"), key=lambda t: t["id"])


@pytest.fixture(scope="module")
def messages(plan: Plan) -> dict[int, list[dict[str, Any]]]:
    by_thread: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for m in sorted(_rows(plan, "catchball_messages"), key=lambda m: m["id"]):
        by_thread[m["thread_id"]].append(m)
    return by_thread


@pytest.fixture(scope="module")
def person_unit(plan: Plan) -> dict[int, int]:
    return {p["id"]: p["unit_id"] for p in _rows(plan, "people")}


def _side(thread: dict[str, Any], author: int | None, person_unit: dict[int, int]) -> Side | None:
    if author is None:
        return None  # Hoshin's own message
    unit = person_unit[author]
    if unit == thread["upper_unit_id"]:
        return Side.UPPER
    return Side.LOWER if unit == thread["lower_unit_id"] else Side.OUTSIDE


def _history(
    thread: dict[str, Any], msgs: list[dict[str, Any]], person_unit: dict[int, int]
) -> list[Said]:
    return [Said(Kind(m["kind"]), _side(thread, m["author_id"], person_unit)) for m in msgs]


def test_every_deployment_and_team_priority_has_one_thread(
    plan: Plan,
    threads: list[dict[str, Any]],
    nodes: dict[int, Any],
    units: dict[int, Any],
) -> None:
    edges = _rows(plan, "edges")
    deploys = {(x["source_id"], x["target_id"]) for x in edges if x["kind"] == EdgeKind.DEPLOYS}
    pairs = [(t["node_id"], t["child_node_id"]) for t in threads]
    assert len(pairs) == len(set(pairs)) and set(pairs) == deploys
    team_threads = [t for t in threads if units[t["lower_unit_id"]]["level"] == "Team"]
    assert len(threads) - len(team_threads) == TINY.deployments == 2 * 9 + 4 * 9
    # A team negotiates each department priority its kaizens serve, up to team_priorities.
    serves: dict[int, set[int]] = defaultdict(set)
    for x in edges:
        if x["kind"] == EdgeKind.SUPPORTS and nodes[x["source_id"]]["kind"] == NodeKind.KAIZEN:
            serves[nodes[x["source_id"]]["unit_id"]].add(x["target_id"])
    per_team = Counter(t["lower_unit_id"] for t in team_threads)
    teams = [uid for uid, u in units.items() if u["level"] == "Team"]
    assert per_team == {team: min(TINY.team_priorities, len(serves[team])) for team in teams}
    assert {t["node_id"] for t in team_threads} <= set().union(*serves.values())
    assert len(threads) <= TINY.catchball_threads
    # Teams take priorities (as their breakthroughs), never targets: 2,000 stay 2,000.
    for t in team_threads:
        child, priority = nodes[t["child_node_id"]], nodes[t["node_id"]]
        assert (priority["kind"], child["kind"]) == (NodeKind.PRIORITY, NodeKind.BREAKTHROUGH)
        assert child["title"] == priority["title"]
        assert priority["unit_id"] == units[t["lower_unit_id"]]["parent_id"]


def test_threads_go_between_adjacent_levels(
    threads: list[dict[str, Any]], nodes: dict[int, Any], units: dict[int, Any]
) -> None:
    for t in threads:
        assert nodes[t["node_id"]]["unit_id"] == t["upper_unit_id"]
        assert nodes[t["child_node_id"]]["unit_id"] == t["lower_unit_id"]
        assert units[t["lower_unit_id"]]["parent_id"] == t["upper_unit_id"]


def test_state_round_and_waiting_are_what_the_rules_give_for_the_messages(
    threads: list[dict[str, Any]],
    messages: dict[int, list[dict[str, Any]]],
    person_unit: dict[int, int],
) -> None:
    """Replays every thread through hoshin.catchball.rules, as Throw, Reply, Lock and a
    reopen would have run: each message's state, round and direction, and the thread's."""
    for t in threads:
        msgs = messages[t["id"]]
        assert msgs and msgs[0]["kind"] == Kind.THROW
        history: list[Said] = []
        state, round_ = State.PROPOSED, 1
        for m in msgs:
            kind, side = Kind(m["kind"]), _side(t, m["author_id"], person_unit)
            if kind is Kind.THROW:
                assert not history, "one throw, first"
                assert side is Side.UPPER
            elif kind is Kind.REOPEN:
                assert side is None and state in (State.LOCKED, State.AGREED)
                state = State.IN_DISCUSSION
            else:
                assert side is not None
                rules.check(state, kind, side, history, "upper", "lower")  # raises if refused
                round_ = rules.next_round(round_, kind, side, history)
                state = rules.next_state(state, kind, side)
            history.append(Said(kind, side))
            assert (m["state"], m["round"]) == (state.value, round_), (t["id"], m["id"])
            assert m["direction"] == (side.direction if side else None)
        waiting = rules.waiting_side(state, history)
        assert (t["state"], t["round"]) == (state.value, round_), t["id"]
        assert t["waiting"] == (waiting.value if waiting else None), t["id"]


def test_threads_end_in_a_spread_of_states_over_one_to_four_rounds(
    threads: list[dict[str, Any]], messages: dict[int, list[dict[str, Any]]]
) -> None:
    states = Counter(t["state"] for t in threads)
    assert set(states) == {s.value for s in State} - {State.DRAFT.value}
    assert states.most_common(1)[0][0] == State.LOCKED
    assert states[State.WITHDRAWN] < 0.1 * len(threads)
    assert {t["round"] for t in threads} == {1, 2, 3, 4}
    kinds = Counter(m["kind"] for msgs in messages.values() for m in msgs)
    assert set(kinds) >= {k.value for k in Kind} - {Kind.REOPEN.value}
    assert kinds[Kind.THROW] == len(threads)
    assert kinds[Kind.LOCK] == states[State.LOCKED] + sum(
        any(m["kind"] == Kind.REOPEN for m in msgs) for msgs in messages.values()
    )


def test_an_agreement_sets_the_child_and_a_lock_freezes_it(
    plan: Plan,
    threads: list[dict[str, Any]],
    messages: dict[int, list[dict[str, Any]]],
    nodes: dict[int, Any],
    person_unit: dict[int, int],
) -> None:
    primaries = {
        (r["node_id"], r["person_id"])
        for r in _rows(plan, "responsibilities")
        if r["role"] == OwnerRole.PRIMARY
    }
    committed = set()
    for t in threads:
        msgs = messages[t["id"]]
        child, parent = nodes[t["child_node_id"]], nodes[t["node_id"]]
        agrees = [i for i, m in enumerate(msgs) if m["kind"] == Kind.AGREE]
        if t["state"] in (State.AGREED, State.LOCKED):
            assert agrees, t["id"]
        if not agrees:
            assert (t["agreed_at"], t["agreed_value"], t["locked_parent_goal"]) == (None,) * 3
            continue
        assert len(agrees) == 1
        history = _history(t, msgs[: agrees[0]], person_unit)
        offer_at = rules.standing_offer(history)
        assert offer_at is not None
        offer = msgs[offer_at]
        assert t["agreed_at"] == msgs[agrees[0]]["created_at"]
        assert t["agreed_value"] == offer["value"]
        if child["kind"] == NodeKind.TARGET:
            assert t["agreed_value"] is not None and child["goal"] == t["agreed_value"]
            if offer["owner_id"] is not None:
                assert (child["id"], offer["owner_id"]) in primaries
        else:
            assert t["agreed_value"] is None  # a priority agrees on a date, an owner, words
        if offer["due"] is not None:
            assert child["due_date"] == offer["due"]
        if not any(m["kind"] == Kind.LOCK for m in msgs):
            assert t["locked_parent_goal"] is None
            continue
        assert t["locked_parent_goal"] == parent["goal"] or any(
            m["kind"] == Kind.REOPEN for m in msgs
        )
        if child["kind"] == NodeKind.TARGET:
            assert child["committed_goal"] == child["goal"]
            committed.add(child["id"])
    assert committed
    assert {i for i, n in nodes.items() if n["committed_goal"] is not None} == committed


def test_a_reopened_agreement_says_which_goal_change_reopened_it(tmp_path: Path) -> None:
    # Few target threads reopen (3 %); a plan with more deployments shows some.
    shape = Shape(divisions=3, departments_per_division=3, teams_per_department=1,
                  kaizens_per_team=5, team_priorities=0, talk_per_offer=0.5)  # fmt: skip
    with generate_enterprise(tmp_path / "reopen.hoshin", seed=3, shape=shape, as_of=AS_OF) as p:
        nodes = {n["id"]: n for n in _rows(p, "nodes")}
        units = {u["id"]: u for u in _rows(p, "units")}
        msgs = _rows(p, "catchball_messages")
        threads = {t["id"]: t for t in _rows(p, "catchball_threads")}
    reopens = [m for m in msgs if m["kind"] == Kind.REOPEN]
    assert reopens
    for m in reopens:
        t = threads[m["thread_id"]]
        parent, child = nodes[t["node_id"]], nodes[t["child_node_id"]]
        assert (m["author_id"], m["direction"]) == (None, None)
        assert t["state"] == State.IN_DISCUSSION and t["waiting"] == Side.UPPER
        assert t["locked_parent_goal"] != parent["goal"]  # the goal changed since the lock
        assert child["committed_goal"] == child["goal"] == t["agreed_value"]
        assert m["text"].startswith(
            f"{units[t['upper_unit_id']]['name']} changed the goal of {parent['code']} from "
        )
        assert m["text"].endswith("is open for discussion again.")


def test_people_speak_for_their_side_and_outsiders_only_talk(
    threads: list[dict[str, Any]],
    messages: dict[int, list[dict[str, Any]]],
    person_unit: dict[int, int],
) -> None:
    spoke: Counter[Side | None] = Counter()
    for t in threads:
        for m in messages[t["id"]]:
            side = _side(t, m["author_id"], person_unit)
            spoke[side] += 1
            if m["kind"] in (Kind.THROW, Kind.LOCK, Kind.WITHDRAW):
                assert side is Side.UPPER
            if side is Side.OUTSIDE:
                assert m["kind"] in TALK
            assert (side is None) == (m["kind"] == Kind.REOPEN)
    assert spoke[Side.UPPER] and spoke[Side.LOWER]
    assert 0 < spoke[Side.OUTSIDE] < 0.15 * sum(spoke.values())


def test_messages_follow_each_other_within_the_year_before_as_of(
    threads: list[dict[str, Any]], messages: dict[int, list[dict[str, Any]]]
) -> None:
    start = dt.datetime.combine(AS_OF, dt.time(0))
    for t in threads:
        times = [m["created_at"] for m in messages[t["id"]]]
        assert all(a < b for a, b in itertools.pairwise(times)), t["id"]
        assert t["opened_at"] == times[0]
        assert start - dt.timedelta(days=365) <= times[0] and times[-1] < start


def test_a_team_writes_annual_objectives_once_it_caught_the_ball(
    plan: Plan, threads: list[dict[str, Any]], nodes: dict[int, Any], units: dict[int, Any]
) -> None:
    """The review flags a breakthrough nothing supports: at team level, exactly those
    whose thread has not been caught yet or was withdrawn."""
    edges = _rows(plan, "edges")
    supported = {x["target_id"] for x in edges if x["kind"] == EdgeKind.SUPPORTS}
    unsupported = {
        i for i, n in nodes.items() if n["kind"] == NodeKind.BREAKTHROUGH and i not in supported
    }
    not_caught = {
        t["child_node_id"]
        for t in threads
        if t["state"] in (State.PROPOSED, State.WITHDRAWN)
        and units[t["lower_unit_id"]]["level"] == "Team"
    }
    assert unsupported == not_caught
    for x in edges:
        if (
            x["kind"] == EdgeKind.SUPPORTS
            and nodes[x["target_id"]]["kind"] == NodeKind.BREAKTHROUGH
        ):
            source = nodes[x["source_id"]]
            assert source["unit_id"] == nodes[x["target_id"]]["unit_id"] and x["strength"]


def test_catchball_counts_scale_with_the_shape(
    tmp_path: Path, threads: list[dict[str, Any]], messages: dict[int, list[dict[str, Any]]]
) -> None:
    quiet = Shape(divisions=1, departments_per_division=2, teams_per_department=3,
                  kaizens_per_team=20, team_priorities=2, talk_per_offer=0.5)  # fmt: skip
    with generate_enterprise(tmp_path / "quiet.hoshin", shape=quiet, as_of=AS_OF) as p:
        quiet_threads = len(_rows(p, "catchball_threads"))
        quiet_messages = len(_rows(p, "catchball_messages"))
    assert quiet_threads == quiet.deployments + quiet.teams * 2 == 9 + 18 + 6 * 2
    assert quiet_threads == quiet.catchball_threads
    tiny_messages = sum(len(m) for m in messages.values())
    assert quiet_messages / quiet_threads < 0.6 * tiny_messages / len(threads)
    assert ENTERPRISE.catchball_threads == 990 + 1000 * 5


def test_catchball_lists_and_health_run_on_the_plan(
    plan: Plan,
    nodes: dict[int, Any],
    threads: list[dict[str, Any]],
    messages: dict[int, list[dict[str, Any]]],
    person_unit: dict[int, int],
) -> None:
    now = dt.datetime.combine(AS_OF, dt.time(23, 59))
    with plan.session() as session:
        listed = queries.list_threads(session)
        assert [s.id for s in listed] == [t["id"] for t in threads]
        assert [s.messages for s in listed] == [len(messages[t["id"]]) for t in threads]
        team = threads[-1]["lower_unit_id"]
        mine = {s.id for s in queries.list_threads(session, unit_id=team)}
        assert mine == {
            t["id"] for t in threads if team in (t["upper_unit_id"], t["lower_unit_id"])
        }
        waiting = next(t for t in threads if t["waiting"] == Side.LOWER)
        person = next(p for p, u in person_unit.items() if u == waiting["lower_unit_id"])
        assert waiting["id"] in {s.id for s in queries.list_threads(session, waiting_for=person)}
        summary, conversation = queries.thread(session, threads[0]["id"])
        assert summary.child_code == nodes[threads[0]["child_node_id"]]["code"]
        assert [m["id"] for m in conversation] == [m["id"] for m in messages[threads[0]["id"]]]
        health = queries.health(session, now)
    open_states = {s.value for s in rules.OPEN_STATES}
    assert health["threads"] == len(threads)
    assert health["open"] == sum(t["state"] in open_states for t in threads) > 0
    assert 1 <= health["median_rounds_to_agreement"] <= 4
    assert health["median_days_to_agreement"] > 0
    assert health["units_not_agreed"] and health["waiting_per_person"]
