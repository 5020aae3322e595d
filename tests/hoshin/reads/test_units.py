"""The one unit-tree reader (hoshin.reads.units), on the sample plan."""

from __future__ import annotations

from hoshin.plan import Plan
from hoshin.reads.units import UnitTree, root_unit, unit_info
from tests.statements import counting_queries, selects


def _tree(plan: Plan) -> UnitTree:
    return UnitTree.of(plan)


def _codes(tree: UnitTree, ids: list[int]) -> list[str]:
    return [tree.code(i) for i in ids]


def test_the_whole_tree_is_one_query(demo_plan: Plan) -> None:
    with counting_queries(demo_plan) as statements:
        tree = _tree(demo_plan)
    assert selects(statements) == 1
    assert len(tree.units) == 28  # the sample: a company, 4 divisions, 10 departments, 13 teams


def test_a_subtree_lists_siblings_by_name_and_its_teams_are_its_leaves(demo_plan: Plan) -> None:
    tree = _tree(demo_plan)
    commercial = tree.by_code("COM")
    assert commercial is not None
    # Customer service, Marketing, Sales: by name, not by code or id.
    assert _codes(tree, tree.subtree(commercial.id)) == [
        "COM", "SVC", "T-SD", "MKT", "T-DM", "SAL", "T-SN", "T-SS",
    ]  # fmt: skip
    assert _codes(tree, tree.leaves(commercial.id)) == ["T-SD", "T-DM", "T-SN", "T-SS"]
    assert tree.subtree(10**9) == []


def test_a_unit_rolls_up_to_the_company(demo_plan: Plan) -> None:
    tree = _tree(demo_plan)
    team = tree.by_code("T-SN")
    assert team is not None
    assert _codes(tree, tree.chain(team.id)) == ["T-SN", "SAL", "COM", "CO"]
    assert _codes(tree, tree.ancestors(team.id)) == ["SAL", "COM", "CO"]
    assert (tree.depth(team.id), tree.levels()) == (3, 4)
    assert tree.code(tree.root()) == "CO" and tree.is_root(tree.root())
    assert root_unit(demo_plan) == tree.root()


def test_tree_order_puts_each_unit_before_the_units_below_it(demo_plan: Plan) -> None:
    tree = _tree(demo_plan)
    order = tree.tree_order()
    assert len(order) == len(tree.units) and order[0] == (tree.root(), 0)
    seen: set[int] = set()
    for unit_id, depth in order:
        parent = tree.units[unit_id].parent_id
        assert parent is None or parent in seen
        assert depth == tree.depth(unit_id)
        seen.add(unit_id)


def test_one_unit_is_read_without_the_tree(demo_plan: Plan) -> None:
    tree = _tree(demo_plan)
    team = tree.by_code("T-SN")
    assert team is not None
    assert unit_info(demo_plan, team.id) == team
    assert unit_info(demo_plan, 10**9) is None
    assert UnitTree([]).root() == 0 and UnitTree([]).levels() == 0
