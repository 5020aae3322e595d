"""Shared fixtures. Qt runs offscreen; a Qt warning fails the test (pyproject)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")

from hoshin.demo import write_demo
from hoshin.enterprise import Shape, generate_enterprise
from hoshin.model import entities as e
from hoshin.plan import Plan
from tests import pg

#: The sample plan is dated relative to this day in tests, so results are reproducible.
AS_OF = dt.date(2026, 6, 15)

#: The tiny enterprise-shaped plan: 2 divisions × 2 departments × 2 teams, with enough
#: kaizens (25 a team) that the generator's 3 % share of orphans shows.
TINY_ENTERPRISE = Shape(
    divisions=2, departments_per_division=2, teams_per_department=2, kaizens_per_team=25
)


def unit_id(plan: Plan | None, code: str) -> int:
    """The id of the unit ``code`` (CO, OPS, T-SN …) of an open plan."""
    assert plan is not None, "no plan is open"
    with plan.session() as session:
        return int(session.execute(select(e.Unit.id).where(e.Unit.code == code)).scalar_one())


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample plan, written once per test session; copy it, never edit it."""
    path = tmp_path_factory.mktemp("template") / "sample.hoshin"
    write_demo(path, as_of=AS_OF).close()
    return path


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the sample plan."""
    path = tmp_path / "sample.hoshin"
    shutil.copy2(demo_template, path)
    return path


@pytest.fixture
def demo_plan(demo_path: Path) -> Iterator[Plan]:
    plan = Plan.open(demo_path)
    yield plan
    plan.close()


@pytest.fixture(scope="session")
def enterprise_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny enterprise plan (seed 1, dated AS_OF), generated once per test session;
    copy it, never edit it."""
    path = tmp_path_factory.mktemp("template") / "globex.hoshin"
    generate_enterprise(path, seed=1, shape=TINY_ENTERPRISE, as_of=AS_OF).close()
    return path


@pytest.fixture
def enterprise_path(enterprise_template: Path, tmp_path: Path) -> Path:
    """A private copy of the tiny enterprise plan."""
    path = tmp_path / "globex.hoshin"
    shutil.copy2(enterprise_template, path)
    return path


@pytest.fixture
def enterprise_plan(enterprise_path: Path) -> Iterator[Plan]:
    plan = Plan.open(enterprise_path)
    yield plan
    plan.close()


@pytest.fixture
def empty_plan(tmp_path: Path) -> Iterator[Plan]:
    plan = Plan.create(tmp_path / "empty.hoshin", "Acme")
    yield plan
    plan.close()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A throw-away PostgreSQL server on loopback for the whole run (tests/pg.py); each
    test makes its own database on it with ``pg.new_database``."""
    if pg.pg_bin() is None:
        pytest.skip("PostgreSQL is not installed here (make test installs it when run as root)")
    with pg.server() as url:
        yield url
