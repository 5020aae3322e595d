"""The company's X-matrix of the sample plan, read once per test."""

from __future__ import annotations

import pytest

from hoshin.plan import Plan
from hoshin.reads.xmatrix.model import XMatrix
from hoshin.reads.xmatrix.reader import build_xmatrix
from tests.hoshin.reads.xmatrix.units import unit_id


@pytest.fixture
def company(demo_plan: Plan) -> XMatrix:
    return build_xmatrix(demo_plan, unit_id(demo_plan, "CO"))
