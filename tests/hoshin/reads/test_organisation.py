"""The organisation's reads: the unit tree in order, people and roles of a unit, functions
with what uses them, and what a removal would take — each in a few queries, however large
the plan."""

from __future__ import annotations

from hoshin.model.kinds import Access
from hoshin.operations import Assign, SetAccess
from hoshin.plan import Plan
from hoshin.reads import organisation as org
from tests.statements import counting_queries, selects


def test_units_come_as_a_tree_each_after_its_parent(demo_plan: Plan) -> None:
    with demo_plan.session() as s:
        units = org.units(s)
    assert [(u.code, u.depth, u.level, u.function, u.people) for u in units[:5]] == [
        ("CO", 0, "Company", None, 2),
        ("COM", 1, "Division", "Sales", 1),
        ("SAL", 2, "Department", "Sales", 1),
        ("T-SN", 3, "Team", "Sales", 2),
        ("T-SS", 3, "Team", "Sales", 2),
    ]
    seen: set[int] = set()
    for unit in units:
        assert unit.parent_id is None or unit.parent_id in seen
        seen.add(unit.id)
    assert len(units) == len(seen) == 28


def test_people_and_roles_of_one_unit(demo_plan: Plan) -> None:
    demo_plan.actor = "Helen Ward"
    demo_plan.execute(SetAccess("Helen Ward", "CO", "executive"))
    demo_plan.execute(SetAccess("Aisha Bello", "T-AS", "member"))
    demo_plan.execute(Assign("KPI-9", "Mark Hughes", "secondary"))
    with demo_plan.session() as s:
        assembly = next(u.id for u in org.units(s) if u.code == "T-AS")
        people = org.people(s, assembly)
        roles = org.roles(s, assembly)
        everyone = org.people(s)
    assert [(p.key, p.name, p.unit_code, p.function, p.owns) for p in people] == [
        ("P-25", "Aisha Bello", "T-AS", "Operations", 0),
        ("P-24", "Mark Hughes", "T-AS", "Operations", 1),
    ]
    assert [(r.unit_code, r.person_name, r.role) for r in roles] == [
        ("T-AS", "Aisha Bello", Access.MEMBER)
    ]
    assert len(everyone) == 34 and everyone[0].name == "Aisha Bello"


def test_functions_count_their_units_and_kaizens(demo_plan: Plan) -> None:
    with demo_plan.session() as s:
        functions = org.functions(s)
    assert [(f.name, f.units, f.kaizens) for f in functions[:3]] == [
        ("Sales", 4, 7),
        ("Marketing", 2, 3),
        ("Customer service", 2, 4),
    ]


def test_what_a_removal_takes_or_what_keeps_it(demo_plan: Plan) -> None:
    with demo_plan.session() as s:
        team = org.unit_removal(s, "t-as")
        helen = org.person_removal(s, "Helen Ward")
    assert (team.blocked, team.kept_by) == (True, ["2 people", "4 objectives, targets or kaizens"])
    assert not helen.blocked
    assert helen.parts() == ["ownership of IP-1, IP-3, IP-5, KPI-2, KPI-4, KPI-6"]


def test_the_reads_cost_a_few_queries_whatever_the_plan(demo_plan: Plan) -> None:
    with counting_queries(demo_plan) as statements, demo_plan.session() as s:
        org.units(s)
        org.people(s)
        org.roles(s)
        org.functions(s)
    assert selects(statements) == 2 + 2 + 1 + 3
