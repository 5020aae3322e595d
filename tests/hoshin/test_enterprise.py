"""The generated enterprise plan, on a tiny shape: counts, determinism, a sound graph."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from sqlalchemy import select

from hoshin import entities as e
from hoshin.enterprise import ENTERPRISE, Matrix, Shape, generate_enterprise
from hoshin.errors import PlanError
from hoshin.kinds import (
    ALLOWED_LINKS,
    FINISHED_STATUSES,
    Direction,
    EdgeKind,
    KaizenStatus,
    NodeKind,
    Origin,
    Role,
)
from hoshin.plan import Plan

AS_OF = dt.date(2026, 6, 15)
#: 2 divisions × 2 departments × 2 teams; enough kaizens that a 3 % orphan share shows.
TINY = Shape(divisions=2, departments_per_division=2, teams_per_department=2, kaizens_per_team=25)


def _generate(path: Path, seed: int = 1, **kwargs: Any) -> Plan:
    return generate_enterprise(path, seed=seed, shape=TINY, as_of=AS_OF, **kwargs)


def _dump(plan: Plan) -> dict[str, list[tuple[Any, ...]]]:
    with plan.session() as session:
        return {
            name: sorted((tuple(r) for r in session.execute(select(table))), key=repr)
            for name, table in e.Base.metadata.tables.items()
        }


def _rows(plan: Plan, table: str) -> list[dict[str, Any]]:
    with plan.session() as session:
        result = session.execute(select(e.Base.metadata.tables[table]))
        return [dict(r) for r in result.mappings()]


@pytest.fixture(scope="module")
def calls() -> list[tuple[str, int, int]]:
    return []


@pytest.fixture(scope="module")
def plan(
    tmp_path_factory: pytest.TempPathFactory, calls: list[tuple[str, int, int]]
) -> Iterator[Plan]:
    path = tmp_path_factory.mktemp("enterprise") / "globex.hoshin"
    generated = _generate(path, progress=lambda *args: calls.append(args))
    yield generated
    generated.close()


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
    kinds = Counter(n["kind"] for n in nodes.values())
    assert kinds[NodeKind.KAIZEN] == TINY.kaizens == 200
    assert kinds[NodeKind.TARGET] == TINY.targets == 20 + 2 * 18 + 4 * 18
    assert kinds[NodeKind.BREAKTHROUGH] == 4 + 6 * 3
    matrices = TINY.company.nodes + 2 * TINY.division.nodes + 4 * TINY.department.nodes
    assert len(nodes) - kinds[NodeKind.KAIZEN] == matrices
    per_team = Counter(n["unit_id"] for n in nodes.values() if n["kind"] == NodeKind.KAIZEN)
    teams = {uid for uid, u in units.items() if u["level"] == "Team"}
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
        if r["role"] == Role.PRIMARY:
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


def test_progress_reports_each_stage_to_its_total(calls: list[tuple[str, int, int]]) -> None:
    stages = list(dict.fromkeys(stage for stage, _done, _total in calls))
    assert stages[:2] == ["Units", "People"]
    assert {"Objectives and targets", "Links", "Measurements", "Kaizens"} <= set(stages)
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
