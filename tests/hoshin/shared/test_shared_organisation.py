"""The organisation's edits on a shared plan: the core refuses what the database would, in
words, before the database is asked (renaming a person), and allows what it allows
(moving one within one's units)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import make_url

from hoshin.cli.main import main
from hoshin.model.errors import PermissionDeniedError
from hoshin.operations import SetAccess, UpdatePerson
from hoshin.plan import Plan
from hoshin.reads import organisation as org
from hoshin.rules import permissions
from hoshin.store.dbcopy import copy_plan
from tests import pg


@pytest.fixture
def shared(demo_plan: Plan, pg_server: str) -> Iterator[str]:
    """The sample plan on PostgreSQL; Kenji Watanabe, manager of Operations, logs in."""
    url = pg.new_database(pg_server)
    copy_plan(demo_plan.location, url)
    assert main(["db", "login", url, "Kenji Watanabe", "kenji_org"]) == 0
    with Plan.open(url) as owner:
        owner.actor = "Helen Ward"
        owner.execute(SetAccess("Helen Ward", "CO", "executive"))
        owner.execute(SetAccess("Kenji Watanabe", "OPS", "manager"))
    yield make_url(url).set(username="kenji_org").render_as_string(hide_password=False)
    pg.drop_roles(url, ["kenji_org"])


def test_a_manager_moves_his_people_but_renames_nobody_on_a_shared_plan(shared: str) -> None:
    with Plan.open(shared) as kenji:
        assert kenji.actor == "P-4"  # the login says who he is
        kenji.execute(UpdatePerson("Pete Walsh", unit="PLT"))  # the database agrees
        with kenji.session() as s:
            rights = permissions.rights(s, kenji.graph, kenji.roles, kenji.actor)
            plant = next(u.id for u in org.units(s) if u.code == "PLT")
        said = rights.can_rename_person(plant, "Pete Walsh")
        assert not said and rights.can_change_people(plant)
        with pytest.raises(PermissionDeniedError) as refused:
            kenji.execute(UpdatePerson("Pete Walsh", name="Peter Walsh"))
        assert (
            str(refused.value)
            == said.reason
            == (
                "Pete Walsh cannot be renamed on a shared plan: a name is how the history shows "
                "its author, so the database keeps every person's name as it was added."
            )
        )
        with kenji.session() as s:
            pete = next(p for p in org.people(s) if p.key == "P-26")
        assert (pete.name, pete.unit_code) == ("Pete Walsh", "PLT")


def test_a_manager_sets_the_email_of_his_people_on_a_shared_plan(shared: str) -> None:
    with Plan.open(shared) as kenji:
        kenji.execute(UpdatePerson("Pete Walsh", email="pete@example.com"))  # database agrees
        with pytest.raises(PermissionDeniedError, match=r"may not change people"):
            kenji.execute(UpdatePerson("Helen Ward", email="helen@example.com"))
        with kenji.session() as s:
            pete = next(p for p in org.people(s) if p.key == "P-26")
        assert pete.email == "pete@example.com"
