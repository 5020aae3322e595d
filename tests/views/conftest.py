"""Fixtures for widget tests: a document holding a private copy of the sample plan."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hoshin.plan import Plan
from views.document import PlanDocument


@pytest.fixture
def document(qapp: object, demo_plan: Plan) -> Iterator[PlanDocument]:
    doc = PlanDocument()
    doc.set_plan(demo_plan)
    yield doc
    doc.undo_stack.clear()
    doc.plan = None  # the demo_plan fixture closes it
