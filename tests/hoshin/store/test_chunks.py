"""The one chunking rule (hoshin.store.chunks): every IN list stays under SQLite's limit."""

from __future__ import annotations

import pytest

from hoshin.plan import Plan
from hoshin.reads import nodes
from hoshin.store import chunks as chunking
from hoshin.store.chunks import CHUNK, chunks
from tests.statements import counting_queries, selects


def test_ids_come_in_order_in_slices_of_at_most_one_chunk() -> None:
    ids = list(range(2 * CHUNK + 1))
    slices = list(chunks(iter(ids)))
    assert [len(s) for s in slices] == [CHUNK, CHUNK, 1]
    assert [i for s in slices for i in s] == ids
    assert list(chunks([])) == []
    assert CHUNK < 999  # SQLite's oldest bound-parameter limit


def test_a_long_list_of_ids_is_read_a_chunk_per_query(
    demo_plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chunking, "CHUNK", 7)
    ids = [node.id for node in demo_plan.graph.nodes()]
    with counting_queries(demo_plan) as statements:
        titles = nodes.titles(demo_plan, [*ids, 10**9])
    assert set(titles) == set(ids)
    assert selects(statements) == -(-(len(ids) + 1) // 7)
